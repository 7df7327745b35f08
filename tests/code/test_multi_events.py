"""Several incidents in one sentence and in-document merging (issue 6, multi-event pass): sentences we wrote,
each with the events the GUIDELINE asks for, and the assembly rules on built events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.code import coder as coder_module
from rasd.pipeline.code.coder import _aggregate_lead, assemble

# ---------------------------------------------------------------------------------------------------- clauses


def test_a_part_of_the_toll_told_with_its_own_incident_is_an_event_of_its_own(coder: Callable[..., Any]) -> None:
    # GUIDELINE: the stated part goes to its incident, the rest to the other
    doc, _ = coder("وأسفر القصف المدفعي على البلدة أمس عن مقتل 43 مدنيا، بينهم 16 مدنيا جراء غارة استهدفت المستشفى.")
    got = sorted((e.sub_event_type, e.fatalities) for e in doc.events)
    assert got == [("Air/drone strike", 16), ("Shelling/artillery/missile attack", 27)], got


def test_a_breakdown_without_an_incident_of_its_own_stays_a_breakdown(coder: Callable[..., Any]) -> None:
    doc, _ = coder("قتل 12 شخصا في قصف مدفعي على البلدة أمس، بينهم 4 أطفال.")
    assert [(e.sub_event_type, e.fatalities) for e in doc.events] == [("Shelling/artillery/missile attack", 12)]
    # a part told with the same kind of incident at no place of its own is the same incident
    doc, _ = coder("قتل 12 شخصا في قصف مدفعي على البلدة أمس، بينهم 4 جراء قصف على السوق.")
    assert [e.fatalities for e in doc.events] == [12]


SAME_SCENE = [
    "سيطرت القوات الحكومية على ثلاث قرى أمس، بالتزامن مع غارات جوية للتحالف على مواقع المسلحين.",
    "سيطرت القوات الحكومية على ثلاث قرى أمس، تزامنا مع غارات جوية للتحالف على مواقع المسلحين.",
    "سيطرت القوات الحكومية على ثلاث قرى أمس، فضلاً عن غارات جوية للتحالف على مواقع المسلحين.",
]


@pytest.mark.parametrize("sentence", SAME_SCENE)
def test_a_second_incident_at_the_same_scene_is_coded(
    coder: Callable[..., Any], sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, _ = coder(sentence)
    subs = sorted(e.sub_event_type for e in doc.events)
    assert subs == ["Air/drone strike", "Government regains territory"], subs
    # without the rule the sentence is one event
    monkeypatch.setattr(coder_module, "SAME_SCENE_CLAUSES", False)
    doc, _ = coder(sentence)
    assert len(doc.events) == 1, [e.sub_event_type for e in doc.events]


# ---------------------------------------------------------------------------------------------------- assembly

_ARMY = Actor("Military Forces of Yemen", 1, "Yemen")
_ISRAEL = Actor("Military Forces of Israel", 8, "Israel")


def _place(name: str, admin1: str, lat: float, lon: float, precision: int, country: str = "Yemen") -> Place:
    return Place(name, country=country, admin1=admin1, latitude=lat, longitude=lon, geo_precision=precision)


_SAADA = _place("Saada", "Saada", 16.92, 43.76, 3)
_AMRAN = _place("Amran", "Amran", 16.23, 43.91, 3)
_BAYDA = _place("Al Bayda'", "Al Bayda'", 14.2, 45.3, 3)
_MALAJIM = _place("Al Malajim", "Al Bayda", 14.5, 45.2, 2)
_STRIP = _place("Gaza Strip", "Gaza Strip", 31.42, 34.38, 3, "Palestine")
_NORTH = _place("North Gaza", "Gaza Strip", 31.54, 34.51, 2, "Palestine")
_RAFAH = _place("Rafah", "Gaza Strip", 31.29, 34.25, 1, "Palestine")
_JABALIA = _place("Jabalia", "Gaza Strip", 31.53, 34.48, 1, "Palestine")


def _strike(place: Place, actor: Actor, tags: list[str] | None = None, fatalities: int = 0) -> Event:
    return Event(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        evidence=Span(0, 1),
        event_date=date(2024, 3, 5),
        place=place,
        actor1=actor,
        fatalities=fatalities,
        tags=list(tags or []),
    )


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (_SAADA, _AMRAN, False),  # two governorates: two places (GUIDELINE: one event per place)
        (_STRIP, _RAFAH, True),  # "in the Strip" after "in Rafah": the coarser place holds the finer one
        (_BAYDA, _MALAJIM, True),  # a district of the governorate, the division spelled another way
        (_NORTH, _JABALIA, True),  # a part of a region and a town near its centre
        (_NORTH, _RAFAH, False),  # a part of a region and a town of another part, in the same division
    ],
)
def test_two_places_merge_only_when_one_holds_the_other(first: Place, second: Place, merged: bool) -> None:
    actor = _ISRAEL if first.country == "Palestine" else _ARMY
    out = assemble([_strike(first, actor, ["date_fallback"]), _strike(second, actor, ["date_fallback"])])
    assert len(out) == (1 if merged else 2), [e.place.name for e in out if e.place]


_YEMEN = Place("Yemen", country="Yemen", geo_precision=3)


def _clash(place: Place, tags: list[str], fatalities: int, actor: Actor | None = None) -> Event:
    return Event(
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=Span(0, 1),
        place=place,
        actor1=actor,
        fatalities=fatalities,
        tags=list(tags),
    )


def test_a_country_level_lead_summing_up_the_body_is_no_event() -> None:
    lead = _clash(_YEMEN, ["lead"], 11, _ARMY)
    north, east = _clash(_SAADA, [], 6), _clash(_BAYDA, [], 5)
    out = _aggregate_lead([lead, north, east])
    assert out == [north, east]
    assert north.actor1 is _ARMY  # the lead fills what the body leaves open
    # one detailed event is not a breakdown of the lead: both stay (assembly decides whether they are one)
    assert _aggregate_lead([lead, _clash(_SAADA, [], 6)])[0] is lead
    # a lead placed at a town is an incident of its own
    town = _clash(_AMRAN, ["lead"], 11)
    assert town in _aggregate_lead([town, _clash(_SAADA, [], 6), _clash(_BAYDA, [], 5)])


# ---------------------------------------------------------------------------------------------------- places


@pytest.fixture(scope="module")
def geocoded(pipeline_at: Callable[[str], Callable[..., Document]]) -> Callable[..., Document]:
    return pipeline_at("2018-05-14")


@pytest.mark.slow
def test_districts_listed_after_a_dual_place_noun_are_one_event_each(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded("وشنت القوات هجوما واسعا على الحوثيين في مديريتي الجراحي وزبيد الأحد.")
    assert sorted(e.place.name for e in doc.events if e.place) == ["Al Jarrahi", "Zabid"]


def test_sniper_fire_told_beside_a_bombardment_is_an_attack(coder: Callable[..., Any]) -> None:
    # the masdar "استهداف" with gunfire is targeting by gunfire, like the verb: an attack, not a second shelling
    doc, _ = coder("قصفت قوات المتمردين أحياء سكنية في المدينة أمس، فضلاً عن استهداف المدنيين برصاص القناصة.")
    subs = sorted(e.sub_event_type for e in doc.events)
    assert subs == ["Attack", "Shelling/artillery/missile attack"], subs


@pytest.mark.slow
def test_a_toll_over_listed_places_gives_the_stated_part_to_its_place(geocoded: Callable[[str], Document]) -> None:
    # GUIDELINE: the stated part goes to its place, the rest to the others; without a part, an even split
    doc = geocoded("قتل 46 شخصا في غارات جوية على مدينتي إدلب وحماة أمس، بينهم 31 في إدلب.")
    assert sorted(e.fatalities for e in doc.events) == [15, 31]
    doc = geocoded("قتل 46 شخصا في غارات جوية على مدينتي إدلب وحماة أمس.")
    assert [e.fatalities for e in doc.events] == [23, 23]


@pytest.mark.slow
def test_objects_told_one_by_one_place_the_incident_once_per_place(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded(
        "وقال التحالف إنه أسقط طائرتين بلا طيار جنوبي البلاد. وأضاف المتحدث أن إحدى الطائرتين كانت تستهدف مدينة "
        "أبها، والثانية اقتربت من منشأة في محافظة جازان.",
        "2018-04-11",
    )
    got = sorted((e.sub_event_type, e.place.name) for e in doc.events if e.place)
    assert got == [("Disrupted weapons use", "Abha"), ("Disrupted weapons use", "Jizan")], got


@pytest.mark.slow
def test_the_place_a_target_came_from_is_not_where_it_was_hit(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded(
        "وأوضح المسؤول أن الغارة دمرت أمس سيارة للمسلحين قادمة من مدينة المكلا عند وصولها إلى بلدة المحفد.",
        "2015-07-31",
    )
    assert "Al Mukalla" not in [e.place.name for e in doc.events if e.place]


@pytest.mark.slow
def test_districts_named_as_a_direction_are_no_list_of_places(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded("سيطرت القوات على مركز مديرية الدريهمي أمس، مما يسهم في تقدمها باتجاه مديريتي بيت الفقيه وزبيد.")
    assert "Zabid" not in [e.place.name for e in doc.events if e.place]


def test_one_fight_told_from_each_side_is_one_event() -> None:
    sdf = Actor("SDF: Syrian Democratic Forces", 2, "Syria")
    isis = Actor("Islamic State (Syria)", 2, "Syria")
    deir = _place("Deir ez-Zor", "Deir ez-Zor", 35.3, 40.1, 3, "Syria")
    first = _clash(deir, ["explicit_fatalities"], 5, isis)
    retold = _clash(deir, ["explicit_fatalities"], 5, sdf)
    out = assemble([first, retold])
    assert out == [first]
    assert first.actor2 is sdf  # the side the retelling led with is the other side
    # another toll, or a third party, is another fight
    assert (
        len(assemble([_clash(deir, ["explicit_fatalities"], 5, isis), _clash(deir, ["explicit_fatalities"], 3, sdf)]))
        == 2
    )
    third = _clash(deir, ["explicit_fatalities"], 5, sdf)
    third.actor2 = Actor("Military Forces of Syria", 1, "Syria")
    assert len(assemble([_clash(deir, ["explicit_fatalities"], 5, isis), third])) == 2
