"""The analyze stage: body-only sentences, number and date mentions tied to their sentence."""

from __future__ import annotations

from datetime import date

from rasd.model import Document, Segment, Span
from rasd.pipeline.analyze import Analyze
from rasd.pipeline.normalize import Normalize


def _run(doc: Document) -> Document:
    return Analyze()(Normalize()(doc))


def test_sentences_numbers_and_dates() -> None:
    text = "قتل خمسة مدنيين أمس الثلاثاء في 5 أيلول 2023. وأصيب نحو 20 آخرين."
    doc = _run(Document(id="d", text=text, published=date(2023, 9, 6)))
    assert doc.drop is None
    assert [s.text for s in doc.sentences] == ["قتل خمسة مدنيين أمس الثلاثاء في 5 أيلول 2023.", "وأصيب نحو 20 آخرين."]
    nums = [(m.span.text, m.value, m.sentence, m.attrs["approx"]) for m in doc.mentions if m.kind == "number"]
    assert nums == [("خمسة", 5, 0, False), ("نحو 20", 20, 1, True)]
    dates = [(m.span.text, m.value, m.attrs["precision"], m.attrs["kind"]) for m in doc.mentions if m.kind == "date"]
    assert dates == [
        ("أمس الثلاثاء", date(2023, 9, 5), 1, "relative"),
        ("5 أيلول 2023", date(2023, 9, 5), 1, "absolute"),
    ]
    for m in doc.mentions:
        assert doc.text[m.span.start : m.span.end] == m.span.text


def test_furniture_is_skipped() -> None:
    body = "قتل ثلاثة جنود أمس."
    ticker = " آخر الأخبار: قتل 40 شخصا."
    text = body + ticker
    doc = Document(
        id="d",
        text=text,
        published=date(2023, 9, 6),
        segments=[
            Segment(Span.of(text, 0, len(body)), "body"),
            Segment(Span.of(text, len(body), len(text)), "furniture", "ticker"),
        ],
    )
    doc = _run(doc)
    assert [s.text for s in doc.sentences] == [body]
    assert [m.value for m in doc.mentions if m.kind == "number"] == [3]


def test_numbers_inside_dates_are_not_counts() -> None:
    doc = _run(Document(id="d", text="وقع الهجوم قبل 3 أيام في عام 2023", published=date(2023, 9, 6)))
    assert [(m.kind, m.attrs.get("kind")) for m in doc.mentions] == [("date", "relative"), ("number", "year")]
