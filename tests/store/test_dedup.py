"""Cross-source dedup rules (rasd.pipeline.dedup), without a database."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline import dedup

A_TEXT = "قتل خمسة مدنيين في قصف مدفعي استهدف بلدة كفرنبل بريف إدلب صباح اليوم."
B_TEXT = "أعلن الدفاع المدني مقتل سبعة أشخاص جراء قصف مدفعي طال بلدة كفرنبل جنوبي إدلب."
OTHER = "اعتقلت الأجهزة الأمنية عشرة شبان في حملة مداهمات بالمدينة."


def rep(rid: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "report_id": rid,
        "doc_id": rid.split("-")[0],
        "outlet": f"outlet {rid}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": "2019-05-10",
        "published": "2019-05-10",
        "country": "Syria",
        "location": "Kafr Nabl",
        "admin2": "Maarrat an-Numan",
        "latitude": 35.6139,
        "longitude": 36.5611,
        "geo_precision": 1,
        "actor1": "Military Forces of Syria",
        "actor2": "Civilians (Syria)",
        "fatalities": 5,
        "claims": [],
        "evidence": {"text": A_TEXT, "start": 0, "end": len(A_TEXT)},
    }
    base.update(kw)
    return base


SIG_A, SIG_B, SIG_O = (dedup.signature(t) for t in (A_TEXT, B_TEXT, OTHER))


@pytest.mark.parametrize(
    ("changes", "sig", "ok", "why"),
    [
        ({}, SIG_B, True, "same sub-event type"),
        ({"doc_id": "a"}, SIG_A, False, "same document"),
        ({"event_type": "Strategic developments", "sub_event_type": "Arrests"}, SIG_A, False, "different kind"),
        ({"country": "Turkey"}, SIG_A, False, "different country"),
        ({"event_date": "2019-05-20"}, SIG_A, False, "dates too far apart"),
        ({"actor1": "Hayat Tahrir al-Sham", "actor2": None}, SIG_A, False, "incompatible actors"),
        ({"actor1": None}, SIG_B, True, "same day"),  # an outlet that does not name the shooter
        (
            {"location": "Aleppo", "admin2": "Jebel Saman", "latitude": 36.2, "longitude": 37.13},
            SIG_A,
            False,
            "places too far apart",
        ),
        ({"location": "Maarrat an-Numan", "latitude": 35.648, "longitude": 36.674}, SIG_B, True, "km apart"),
        ({"sub_event_type": "Air/drone strike"}, SIG_O, False, "place: same location"),  # different texts
        ({"sub_event_type": "Air/drone strike"}, SIG_A, True, "same day"),
        ({"fatalities": 9}, SIG_A, True, "wire copy"),
        ({"event_date": "2019-05-11"}, SIG_O, False, "place: same location"),  # next day, unrelated text
        ({"event_date": "2019-05-11"}, SIG_A, True, "same sub-event type"),  # next day, same text
        ({"location": None, "latitude": None, "longitude": None}, SIG_O, False, "place: unknown"),
        ({"event_date": None, "published": None}, SIG_B, False, "place: same location"),  # undated, paraphrase
        ({"event_date": None, "published": None}, SIG_A, True, "wire copy"),  # undated copy of the same text
        ({"geo_precision": 3}, SIG_O, True, "place: same area"),  # a province: same sub-type, same day
        ({"geo_precision": 3, "event_date": "2019-05-11"}, SIG_A, False, "place: same area"),
    ],
)
def test_compare(changes: dict[str, Any], sig: bytes, ok: bool, why: str) -> None:
    a = rep("a-0")
    b = rep("b-0", **changes)
    m = dedup.compare(a, b, SIG_A, sig)
    assert m.ok is ok
    assert any(why in r for r in m.reasons), m.reasons
    assert dedup.compare(b, a, sig, SIG_A).ok is ok  # symmetric


def test_similarity_of_signatures() -> None:
    assert dedup.similarity(SIG_A, SIG_A) == 1.0
    assert dedup.similarity(SIG_A, SIG_O) < 0.2
    assert dedup.similarity(None, SIG_A) == 0.0
    # Folding makes spelling variants (hamza, teh marbuta) the same text.
    assert dedup.similarity(dedup.signature("قتل مدنيين في إدلب"), dedup.signature("قتل مدنيين في ادلب")) == 1.0


def test_merge_reports_conservative_fatalities_and_claims() -> None:
    a = rep("a-0", fatalities=5, reported_by="مرصد", claims=[{"kind": "reported_by", "who": "مرصد", "figures": {}}])
    b = rep(
        "b-0",
        fatalities=7,
        denied_by="الوزارة",
        actor1=None,
        claims=[{"kind": "denied_by", "who": "الوزارة", "figures": {}}],
    )
    c = rep("c-0", fatalities=0)  # silent on the toll: not a conflicting "nobody died"
    m = dedup.merge_reports([b, c, a], "E1")
    assert m["id"] == "E1" and m["fatalities"] == 5 and m["sources_count"] == 3
    assert "fatalities reported: 5 (outlet a-0, citing مرصد), 7 (outlet b-0)" in m["notes"]
    assert m["contested"] and m["denied_by"] == "الوزارة" and m["reported_by"] == "مرصد"
    assert {c["report_id"] for c in m["claims"]} == {"a-0", "b-0"}
    assert m["actor1"] == "Military Forces of Syria"


def test_merge_prefers_the_precise_place() -> None:
    vague = rep("a-0", location="Idlib", geo_precision=3, latitude=35.9, longitude=36.6)
    precise = rep("b-0")
    assert dedup.merge_reports([vague, precise])["location"] == "Kafr Nabl"


def test_undated_report_does_not_chain_distant_dates() -> None:
    early = rep("a-0", event_date="2017-09-25", published="2017-09-25")
    undated = rep("b-0", event_date=None, published=None)
    late = rep("c-0", event_date="2018-06-11", published="2018-06-11")
    sigs = {r["report_id"]: SIG_A for r in (early, undated, late)}
    clusters = dedup.cluster([early, undated, late], sigs)
    assert sorted(len(v) for v in clusters.values()) == [1, 2]


def test_constraints_keep_split_reports_apart() -> None:
    a, b = rep("a-0"), rep("b-0")
    sigs = {"a-0": SIG_A, "b-0": SIG_A}
    assert len(dedup.cluster([a, b], sigs)) == 1
    cons = dedup.Constraints()
    cons.add_split([["a-0"], ["b-0"]])
    assert len(dedup.cluster([a, b], sigs, cons)) == 2
    # A later merge correction wins over the earlier split.
    rows = [
        {"kind": "split", "payload": {"apart": [["a-0"], ["b-0"]]}},
        {"kind": "merge", "payload": {"together": ["a-0", "b-0"]}},
    ]
    assert len(dedup.cluster([a, b], sigs, dedup.Constraints.from_corrections(rows))) == 1


_towns = [("Kafr Nabl", 35.6139, 36.5611), ("Aleppo", 36.2021, 37.1343), ("Douma", 33.5711, 36.4033)]
_report = st.builds(
    lambda town, day, sub, fat: {"town": town, "day": day, "sub": sub, "fat": fat},
    st.sampled_from(range(3)),
    st.integers(1, 9),
    st.sampled_from(["Shelling/artillery/missile attack", "Air/drone strike", "Arrests"]),
    st.integers(0, 30),
)


def _mk(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, s in enumerate(specs):
        name, lat, lon = _towns[s["town"]]
        et = "Strategic developments" if s["sub"] == "Arrests" else "Explosions/Remote violence"
        out.append(
            rep(
                f"d{i}-0",
                location=name,
                admin2=name,
                latitude=lat,
                longitude=lon,
                event_date=f"2019-05-{s['day']:02d}",
                sub_event_type=s["sub"],
                event_type=et,
                fatalities=s["fat"],
            )
        )
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(_report, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_clustering_is_a_partition_independent_of_input_order(specs: list[dict[str, Any]], rnd: Any) -> None:
    reports = _mk(specs)
    sigs = {r["report_id"]: SIG_A for r in reports}
    first = dedup.cluster(reports, sigs)
    members = sorted(m for ms in first.values() for m in ms)
    assert members == sorted(r["report_id"] for r in reports)  # every report exactly once
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    assert dedup.cluster(shuffled, sigs) == first
    by_id = {r["report_id"]: r for r in reports}
    for ms in first.values():
        group = [by_id[m] for m in ms]
        # Never two incidents of different kinds, places far apart or dates outside the window.
        assert not any(dedup.vetoed(x, y) for x in group for y in group if x is not y)
        merged = dedup.merge_reports(group)
        positive = [g["fatalities"] for g in group if g["fatalities"] > 0]
        assert merged["fatalities"] == (min(positive) if positive else 0)
        assert merged["sources_count"] == len(group)
