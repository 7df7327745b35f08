"""Invariants of the coder over text assembled from fragments (hypothesis): it never raises, every event's type
pair is ACLED's, every span quotes the document exactly, fatalities are never negative."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.model import SUB_EVENT_TYPES

FRAGMENTS = [
    "قتل 7 مدنيين",
    "في قصف",
    "للقوات الحكومية",
    "على بلدة كفرنبل",
    "أمس الأحد",
    "بينهم 3 أطفال",
    "حسبما نقلت وكالة الأناضول",
    "في حين نفت الحكومة",
    "لم",
    "سوف",
    "دعت الأمم المتحدة إلى وقف",
    "اشتباكات عنيفة بين",
    "الجيش",
    "وتنظيم داعش",
    "سيطرت قوات النظام على",
    "تظاهر مئات المحتجين",
    "فرقت الشرطة",
    "بالغاز المسيل للدموع",
    "انفجرت عبوة ناسفة",
    "انتحاري",
    "ارتفع عدد القتلى إلى 12",
    "غارة جوية",
    "،",
    ".",
    "\n",
    "ﻻ",
    "\N{ARABIC TATWEEL}",
    "123",
    "عشرات",
    "قتيلان",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25), st.sampled_from([None, date(2024, 3, 6)]))
def test_coder_invariants(coder, parts: list[str], published: date | None) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(parts)
    doc, _ = coder(text, published=published)
    for ev in doc.events:
        assert SUB_EVENT_TYPES[ev.sub_event_type] == ev.event_type
        assert ev.fatalities >= 0
        assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
        for spans in ev.spans.values():
            for sp in spans:
                assert doc.text[sp.start : sp.end] == sp.text
        for c in ev.claims:
            assert c.who
    for it in doc.interactions:
        assert doc.text[it.evidence.start : it.evidence.end] == it.evidence.text
