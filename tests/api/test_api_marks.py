"""Marks and runs: the document text cut at span boundaries, for rendering with text nodes only."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.api.marks import event_marks, runs

TEXT = "قصفت القوات بلدة تل رفعت 😀 وقتل سبعة مدنيين."


def _ev(**kw: Any) -> dict[str, Any]:
    return {"id": "e1", "evidence": {"start": 0, "end": len(TEXT)}} | kw


@pytest.mark.parametrize(
    ("events", "kinds"),
    [
        ([_ev()], {"evidence"}),
        ([_ev(spans={"trigger": [{"start": 0, "end": 4}]})], {"evidence", "trigger"}),
        ([_ev(claims=[{"kind": "reported_by", "span": {"start": 5, "end": 11}}])], {"evidence", "reported_by"}),
        ([_ev(evidence={"start": 5, "end": 5000})], set()),  # a span past the text is dropped, not clipped
        ([_ev(evidence={"start": 9, "end": 3})], set()),
        ([_ev(evidence=None)], set()),
        ([_ev(evidence={"start": "0", "end": 4})], set()),
    ],
)
def test_event_marks(events: list[dict[str, Any]], kinds: set[str]) -> None:
    assert {m["kind"] for m in event_marks(events, len(TEXT))} == kinds


def test_marks_name_the_merged_event_and_the_report() -> None:
    (m,) = event_marks([{"event_id": "E", "report_id": "doc-0", "evidence": {"start": 0, "end": 3}}], 10)
    assert (m["event_id"], m["report_id"]) == ("E", "doc-0")


def test_runs_cut_at_boundaries_and_keep_astral_characters() -> None:
    i = TEXT.index("😀")
    marks = event_marks([_ev(evidence={"start": i - 4, "end": i + 2})], len(TEXT))
    out = runs(TEXT, marks)
    assert "".join(r["text"] for r in out) == TEXT
    assert "".join(r["text"] for r in out if "evidence" in r["kinds"]) == TEXT[i - 4 : i + 2]


@given(
    st.text(min_size=0, max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70), st.sampled_from(["evidence", "trigger", "x"]))),
)
def test_runs_partition_the_text(text: str, spans: list[tuple[int, int, str]]) -> None:
    events = [
        {"id": f"e{i}", "evidence": {"start": a, "end": b}}
        if k == "evidence"
        else {"id": f"e{i}", "spans": {k: [{"start": a, "end": b}]}}
        for i, (a, b, k) in enumerate(spans)
    ]
    marks = event_marks(events, len(text))
    out = runs(text, marks)
    assert "".join(r["text"] for r in out) == text
    assert all(r["text"] for r in out)
    # a run carries a kind exactly when a mark of that kind covers it
    pos = 0
    for r in out:
        a, b = pos, pos + len(r["text"])
        want = {m["kind"] for m in marks if m["start"] <= a and m["end"] >= b}
        assert set(r["kinds"]) == want
        pos = b


def test_timeline_counts_from_records_when_the_store_has_no_counts_by_day() -> None:
    from rasd.api.timeline import day_type_counts

    class Bare:
        def iter_events(self, q: Any) -> Any:
            yield {"event_date": "2023-09-19", "event_type": "Battles"}
            yield {"event_date": "2023-09-19", "event_type": "Battles"}
            yield {"event_date": "2023-09-20", "event_type": "Protests"}
            yield {"event_date": None, "event_type": "Riots"}

    assert day_type_counts(Bare()) == {"2023-09-19": {"Battles": 2}, "2023-09-20": {"Protests": 1}}


def test_json_never_carries_nan() -> None:
    import json

    from rasd.api.app import UnicodeJSONResponse

    body = UnicodeJSONResponse({"latitude": float("nan"), "x": [float("inf"), 1.5], "ar": "قصف"}).body
    assert json.loads(body) == {"latitude": None, "x": [None, 1.5], "ar": "قصف"}
    assert "قصف".encode() in body
