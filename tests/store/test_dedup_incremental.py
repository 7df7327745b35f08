"""Incremental merging (dedup.merge_add): folding reports into an event one at a time gives exactly the record a
merge of all its reports gives, whatever the order the reports arrive in."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline import dedup

_PLACES = [
    None,
    ("Kafr Nabl", 35.6139, 36.5611, 1),
    ("Idlib", 35.93, 36.63, 3),
    ("Maarrat an-Numan", 35.648, 36.674, 2),
    ("Kafr Nabl", 35.6139, 36.5611, None),
]
_ACTORS = [None, "Military Forces of Syria", "Hayat Tahrir al-Sham", "Unidentified Armed Group (Syria)"]
_WORDS = ["مرصد", "الوزارة", "الدفاع المدني", "مصدر طبي"]


@st.composite
def _reports(draw: Any) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 9))
    out = []
    for i in range(n):
        place = draw(st.sampled_from(_PLACES))
        actor1 = draw(st.sampled_from(_ACTORS))
        claims = [
            {
                "kind": draw(st.sampled_from(["reported_by", "denied_by", "claimed_by"])),
                "who": draw(st.sampled_from(_WORDS)),
                "span": None,
                "figures": draw(st.sampled_from([{}, {"fatalities": draw(st.integers(1, 9))}])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        day = draw(st.sampled_from([None, "2019-05-10", "2019-05-11"]))
        # Mostly one document per report (the store never merges two reports of one document); sometimes not.
        doc = f"d{draw(st.integers(0, 2))}" if draw(st.integers(0, 9)) == 0 else f"doc{i}"
        out.append(
            {
                "id": None,
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack",
                "disorder_type": "Political violence",
                "event_date": draw(st.sampled_from([None, "2019-05-10"])),
                "time_precision": draw(st.sampled_from([None, 1, 2])),
                "actor1": actor1,
                "actor1_ar": draw(st.sampled_from([None, "الجيش", "الهيئة"])) if actor1 else None,
                "inter1": draw(st.sampled_from([None, 1, 2])) if actor1 else None,
                "assoc_actor_1": None,
                "actor2": draw(st.sampled_from([None, "Civilians (Syria)"])),
                "actor2_ar": None,
                "inter2": draw(st.sampled_from([None, 7])),
                "assoc_actor_2": None,
                "civilian_targeting": None,
                "location": place[0] if place else None,
                "location_ar": None,
                "country": "Syria" if place else None,
                "iso": "SY" if place else None,
                "admin1": "Idlib" if place else None,
                "admin2": None,
                "admin3": None,
                "latitude": place[1] if place else None,
                "longitude": place[2] if place else None,
                "geo_precision": place[3] if place else None,
                "gazetteer_id": None,
                "pcodes": {},
                "fatalities": draw(st.integers(0, 9)),
                "injuries": draw(st.sampled_from([None, 0, 2, 5])),
                "reported_by": draw(st.sampled_from([None, "مرصد", "مرصد; الوزارة"])),
                "denied_by": draw(st.sampled_from([None, None, "الوزارة"])),
                "claimed_by": None,
                "claims": claims,
                "evidence": {"text": f"نص {i}", "start": 0, "end": 5},
                "spans": {},
                "notes": draw(st.sampled_from([None, "تقدير", "تقدير; رواية ثانية", "رواية ثانية"])),
                "optional": draw(st.booleans()),
                "confidence": draw(st.sampled_from([0.5, 0.75, 0.9])),
                "tags": draw(st.sampled_from([[], ["a"], ["b", "a"], ["a; c"]])),
                "report_id": f"{doc}-{i}",
                "doc_id": doc,
                "outlet": draw(st.sampled_from(["outlet A", "outlet B", None])),
                "url": None,
                "title": None,
                "published": day,
                "sentence": 0,
            }
        )
    return out


def _json(x: Any) -> Any:
    """What the store gives back: the record after a JSON round trip."""
    return json.loads(json.dumps(x, ensure_ascii=False))


@settings(max_examples=300, deadline=None)
@given(_reports())
def test_incremental_merge_equals_a_full_merge(reports: list[dict[str, Any]]) -> None:
    rec = _json(dedup.merge_reports(reports[:1], "E1"))
    state = _json(dedup.merge_state(reports[:1]))
    for k in range(2, len(reports) + 1):
        full = dedup.merge_reports(reports[:k], "E1")
        full_state = dedup.merge_state(reports[:k])
        # The store's form: the record without its per-report lists, read back from the reports.
        lean = dedup.merge_add({**rec, "sources": None, "claims": None}, _json(state), reports[k - 1])
        got = dedup.merge_add(rec, state, reports[k - 1])
        if got is not None:
            # Same contents and the same key order: the API returns the record as stored.
            assert json.dumps(got[0], ensure_ascii=False) == json.dumps(full, ensure_ascii=False)
            assert got[1] == _json(full_state)
            assert lean is not None and lean[0] == {**full, "sources": None, "claims": None}
            assert list(lean[0]) == list(full) and lean[1] == got[1]
        else:
            assert lean is None
        assert dedup.sources_of(reversed(reports[:k])) == full["sources"]
        assert dedup.claims_of(reversed(reports[:k])) == full["claims"]
        rec, state = _json(full), _json(full_state)


def test_incremental_merge_handles_the_common_join() -> None:
    """A report from a new document that does not lead the event is merged without the other reports."""
    base = {
        "report_id": "a-0",
        "doc_id": "a",
        "outlet": "A",
        "published": "2019-05-10",
        "location": "Kafr Nabl",
        "geo_precision": 1,
        "fatalities": 5,
        "claims": [],
        **{k: None for k in dedup._FILLABLE if k not in ("event_date",)},
        "event_date": "2019-05-10",
        **{k: None for k in dedup._PLACE_FIELDS if k not in ("location", "geo_precision")},
    }
    later = {**base, "report_id": "b-0", "doc_id": "b", "outlet": "B", "published": "2019-05-11", "fatalities": 7}
    rec = dedup.merge_reports([base], "E")
    got = dedup.merge_add(rec, dedup.merge_state([base]), later)
    assert got is not None
    assert got[0] == dedup.merge_reports([base, later], "E")
    assert got[0]["fatalities"] == 5 and got[0]["sources_count"] == 2
    assert "fatalities reported: 5 (A), 7 (B)" in got[0]["notes"]
    # A second report of a document already in the event, or a new leading report, needs the full merge.
    assert dedup.merge_add(rec, dedup.merge_state([base]), {**later, "doc_id": "a", "report_id": "a-1"}) is None
    early = {**later, "published": "2019-05-01", "report_id": "0-0"}
    assert dedup.merge_add(rec, dedup.merge_state([base]), early) is None
