from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.model import (
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Actor,
    Claim,
    Document,
    Event,
    Place,
    Segment,
    Span,
    content_id,
)


def test_content_id_is_stable_and_content_sensitive() -> None:
    assert content_id("قتل 3") == content_id("قتل 3".encode())
    assert content_id("قتل 3") != content_id("قتل 4")
    assert len(content_id("x")) == 16


@given(st.text())
def test_content_id_accepts_any_text_including_lone_surrogates(s: str) -> None:
    assert len(content_id(s)) == 16


def test_span_rejects_inverted_ranges() -> None:
    with pytest.raises(ValueError):
        Span(5, 3)
    with pytest.raises(ValueError):
        Span(-1, 3)


@given(st.text(min_size=1), st.data())
def test_span_of_quotes_the_text(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    sp = Span.of(text, a, b)
    assert sp.text == text[a:b]


def test_every_sub_event_type_maps_back_to_its_type() -> None:
    assert SUB_EVENT_TYPES["Government regains territory"] == "Battles"
    assert sum(len(v) for v in EVENT_TYPES.values()) == len(SUB_EVENT_TYPES) == 25


def test_reject_keeps_the_first_reason() -> None:
    doc = Document(id="d1", text="نص")
    doc.reject("ingest", "binary", "NUL bytes").reject("code", "other")
    assert doc.dropped and doc.drop is not None
    assert (doc.drop.stage, doc.drop.reason) == ("ingest", "binary")
    assert doc.to_dict()["dropped"] == {"stage": "ingest", "reason": "binary", "detail": "NUL bytes"}


def test_body_spans_exclude_furniture() -> None:
    text = "عنوان\n\nمتن الخبر\n\nاترك رداً"
    doc = Document(id="d", text=text)
    doc.segments = [
        Segment(Span.of(text, 0, 5), "title"),
        Segment(Span.of(text, 7, 16), "body"),
        Segment(Span.of(text, 18, len(text)), "furniture", "comment_form"),
    ]
    assert [s.text for s in doc.body_spans()] == ["عنوان", "متن الخبر"]
    assert doc.to_dict()["furniture"] == [{"reason": "comment_form", "start": 18, "end": len(text)}]


def test_event_to_dict_is_the_output_contract() -> None:
    text = "قتل 7 مدنيين في إقليم قره باغ"
    ev = Event(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        evidence=Span.of(text, 0, len(text)),
        event_date=date(2023, 9, 19),
        time_precision=1,
        actor1=Actor("Military Forces of Azerbaijan", 1, "Azerbaijan", "القوات الأذربيجانية"),
        actor2=Actor("Civilians (Azerbaijan)", 7, "Azerbaijan", "مدنيين"),
        civilian_targeting=True,
        place=Place(
            "Nagorno-Karabakh", "إقليم قره باغ", "Azerbaijan", "AZ", latitude=39.82, longitude=46.75, geo_precision=3
        ),
        fatalities=7,
        claims=[Claim("reported_by", "وكالة الأنباء الأرمينية"), Claim("denied_by", "أذربيجان")],
    )
    d = json.loads(json.dumps(ev.to_dict(), ensure_ascii=False))
    assert d["event_date"] == "2023-09-19"
    assert d["actor1"] == "Military Forces of Azerbaijan" and d["inter1"] == 1
    assert d["inter2"] == 7 and d["civilian_targeting"] is True
    assert (d["location"], d["latitude"], d["longitude"], d["geo_precision"]) == ("Nagorno-Karabakh", 39.82, 46.75, 3)
    assert d["reported_by"] == "وكالة الأنباء الأرمينية" and d["denied_by"] == "أذربيجان"
    assert d["evidence"] == {"text": text, "start": 0, "end": len(text)}
    assert d["disorder_type"] == "Political violence"


def test_event_without_place_still_serialises() -> None:
    ev = Event("Protests", "Peaceful protest", Span(0, 0))
    d = ev.to_dict()
    assert d["location"] is None and d["latitude"] is None and d["country"] is None
