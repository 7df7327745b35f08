"""A coded document leaves no reference cycle behind: its objects are freed by reference counting as soon as the
run drops it. A cycle (a cache in the document's view that refers back to the view) makes every document wait for
the cyclic collector: more collections, and a long ingest's memory grows between them."""

from __future__ import annotations

import gc
from datetime import date

from rasd.model import Document
from rasd.pipeline import default_pipeline

# written for the test: harakat and tatweel (a view whose key offsets differ from the text's), an incident with a
# place, a date and a toll, a protest, a quoted statement
TEXTS = [
    "قُتل ثلاثة مدنيين وأُصيب خمسة آخرون في غارة جوية على بلدة سرمين بريف إدلب أمس، بحسب الدفاع المدني.",
    "تظاهر مئات المعلمين أمام مقر الحكومة في مدينة الخرطوم اليوم للمطالبة بصرف رواتبهم.",
    "وقال المتحدث باسم الجيـــش إن قواته اعتقلت خمسة مسلحين في مدينة الموصل فجر اليوم.",
]


def _docs(first: int, n: int) -> list[Document]:
    return [
        Document(id=f"d{first + k}", text=TEXTS[k % len(TEXTS)] + f" ({first + k})", published=date(2024, 3, 11))
        for k in range(n)
    ]


def test_coding_documents_leaves_no_cyclic_garbage() -> None:
    pipeline = default_pipeline()
    for _ in pipeline.pipe(_docs(0, 3)):  # the first documents load the lexicons and the gazetteer
        pass
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        coded = 0
        for doc in pipeline.pipe(_docs(3, 6)):
            coded += len(doc.events)
        del doc
        assert coded >= 3  # the documents were really coded
        assert gc.collect() == 0  # nothing unreachable: every document was freed without the collector
    finally:
        if was:
            gc.enable()
