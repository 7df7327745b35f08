"""Recall and typing rules of the fourth pass (docs/coder.md, "Measured steps"): tables of sentences we wrote.

Place-dependent rules run the default pipeline with the gazetteer (marked ``slow``); the rest use the coder
fixture (normalize + analyze + code).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.code.coder import assemble


def _places(doc: Document) -> list[str]:
    return [m.value.name for m in doc.mentions if m.kind == "place" and isinstance(m.value, Place)]


# ------------------------------------------------------------------------------------ common words as places

# (text, a place read in the first sentence only through a common word, and named properly in the second)
COMMON_WORDS = [
    # "in a scene reminiscent of ..." is no city; with its place noun the city is still found
    (
        "وأحرق المتظاهرون الإطارات في طهران أمس، في مشهد يذكر بالاحتجاجات السابقة. "
        "وتظاهر المئات في مدينة مشهد شرق البلاد.",
        "Mashhad",
    ),
    # "the city's neighbourhoods" point back at the city told before, whatever cue stands before the noun
    (
        "وتعرضت أحياء المدينة أمس لقصف عنيف. وقصفت الطائرات أمس حي المدينة القديمة في المدينة المنورة.",
        "Madinah",
    ),
    # "the two villages" points back at two villages just named; the town of that name needs its place noun
    (
        "اندلعت اشتباكات أمس في قريتي الفريكة والزيادية قرب جسر الشغور، أسفرت عن سيطرة القوات على القريتين. "
        "وقصفت الطائرات مدينة القريتين في ريف حمص.",
        "Al Qaryatayn",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "still"), COMMON_WORDS)
def test_common_words_need_a_place_noun(geocoded: Callable[..., Document], text: str, still: str) -> None:
    doc = geocoded(text)
    first = doc.sentences[0]
    in_first = [
        m.value.name
        for m in doc.mentions
        if m.kind == "place" and isinstance(m.value, Place) and first.start <= m.span.start < first.end
    ]
    assert still not in in_first, in_first
    assert still in _places(doc), _places(doc)


# ------------------------------------------------------------------------------------ merging tellings


def _event(place: str, precision: int, deaths: int = 0) -> Event:
    return Event(
        event_type="Battles",
        sub_event_type="Government regains territory",
        evidence=Span(0, 1, "x"),
        event_date=date(2015, 8, 1),
        actor1=Actor("Military Forces of Syria", 1, "Syria"),
        place=Place(place, country="Syria", geo_precision=precision, latitude=35.0, longitude=36.0),
        fatalities=deaths,
    )


def test_two_areas_of_the_same_precision_are_two_incidents() -> None:
    # "south of town A" and "the plain B": two different areas, not one told with a coarser place
    assert len(assemble([_event("Area A", 2, 30), _event("Area B", 2)])) == 2


def test_a_definite_retelling_in_another_area_is_another_incident() -> None:
    # "كما طالت الغارات مواقع بمديرية X" after air strikes in district Y: strikes in two districts
    first, again = _event("District A", 2), _event("District B", 2)
    again.tags.append("anaphor")
    again.event_date = date(2015, 8, 2)
    again.tags.append("date_fallback")
    assert len(assemble([first, again])) == 2


def test_a_coarser_telling_of_a_finer_place_is_the_same_incident() -> None:
    # "in the town" then "in the province": one incident
    assert len(assemble([_event("Town", 1, 3), _event("Province", 2)])) == 1
    assert len(assemble([_event("Area", 2, 3), _event("Province", 3)])) == 1


# ------------------------------------------------------------------------------------ places told before


@pytest.mark.slow
def test_a_definite_place_noun_names_the_place_told_before(geocoded: Callable[..., Document]) -> None:
    doc = geocoded(
        "شنت طائرات حربية إسرائيلية أمس غارة جوية على موقع في قطاع غزة. "
        "وكانت دبابات إسرائيلية قد قصفت الثلاثاء عدة مواقع لحماس في القطاع.",
        "2018-05-17",
    )
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0].place is not None, [(e.sub_event_type, e.place) for e in doc.events]
    assert shelling[0].place.country == "Palestine" and shelling[0].place.name_ar == "القطاع"


@pytest.mark.slow
def test_a_place_noun_that_is_no_location_names_no_place(geocoded: Callable[..., Document]) -> None:
    # "القطاع" as the subject (the sector of the economy) is no location
    from rasd.pipeline.code.coder import _anaphoric_place, see

    doc = geocoded("وقال مسؤول في قطاع غزة إن القطاع الصحي يعاني من نقص الأدوية بعد قصف أمس.")
    assert _anaphoric_place(doc, see(doc, 0)) is None


# ------------------------------------------------------------------------------------ several incidents


@pytest.mark.slow
def test_an_after_clause_with_its_own_day_and_place_is_an_incident(geocoded: Callable[..., Document]) -> None:
    doc = geocoded(
        "أعلنت الشرطة اليوم تصفية 5 مسلحين في عملية خاصة في مدينة حلب، بعدما كانت قد تمكنت أول أمس "
        "من تصفية 3 مسلحين آخرين في مدينة حمص.",
        "2015-08-04",
    )
    got = sorted((e.place.name if e.place else None, e.fatalities) for e in doc.events)
    assert len(got) == 2 and {f for _, f in got} == {3, 5}, got


@pytest.mark.slow
def test_an_after_clause_without_a_day_is_the_cause(geocoded: Callable[..., Document]) -> None:
    doc = geocoded("قتل 3 جنود اليوم في هجوم على نقطة عسكرية في مدينة حلب، بعدما فجر انتحاري سيارة مفخخة عند مدخلها.")
    assert len(doc.events) == 1, [(e.sub_event_type, e.place and e.place.name) for e in doc.events]


def test_qad_before_a_past_form_v_verb_is_no_modal(coder: Callable[..., Any]) -> None:
    # "قد تمكنت" is past ("had managed"), "قد تقصف" is a modal ("may shell")
    doc, seen = coder("وأعلن الجيش أن قواته قد تمكنت أمس من تصفية 4 مسلحين.")
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"], [s.decision for s in seen]
    doc, seen = coder("وحذر الجيش من أن المسلحين قد تقصف المدينة بالصواريخ.")
    assert not doc.events


# ------------------------------------------------------------------------------------ typing

# (sentence, sub_event_type)
ASSAULTS = [
    # an attack that kills people, no armed party named: violence against them
    ("سقط قتيلان أمس في هجوم على سيارتهما قرب السوق.", "Attack"),
    # armed victims or an armed attacker: a fight
    ("قتل جنديان أمس في هجوم لمسلحين على حاجز للجيش.", "Armed clash"),
    ("قتل 3 أشخاص أمس في اشتباكات قرب السوق.", "Armed clash"),
]


@pytest.mark.parametrize(("sentence", "sub"), ASSAULTS)
def test_an_attack_without_armed_parties_is_on_people(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence)
    assert [e.sub_event_type for e in doc.events] == [sub], [s.decision for s in seen]


def test_other_dead_are_another_incident(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "قتل 6 أشخاص أمس عندما ألقى مسلحون زجاجات حارقة على منزلهم. "
        "بينما سقط القتيلان الآخران أمس في هجوم أثناء إزالتهما الحواجز."
    )
    assert sorted(e.fatalities for e in doc.events) == [2, 6], [(e.sub_event_type, e.fatalities) for e in doc.events]
    # "and 15 others wounded" is the toll of one incident
    doc, _ = coder(
        "قتل 6 أشخاص أمس عندما ألقى مسلحون زجاجات حارقة على منزلهم. "
        "وأدى الهجوم بالزجاجات الحارقة أمس إلى مقتل 6 أشخاص وأصيب 15 آخرون."
    )
    assert len(doc.events) == 1, [(e.sub_event_type, e.fatalities) for e in doc.events]


@pytest.mark.slow
def test_similar_events_in_other_cities_are_protests_there(geocoded: Callable[..., Document]) -> None:
    doc = geocoded(
        "وتظاهر الآلاف أمس في إسطنبول بمناسبة عيد العمال. وجرت أمس فعاليات مشابهة في مدن أخرى منها أنقرة وفي إزمير.",
        "2018-05-02",
    )
    got = {e.place.name for e in doc.events if e.place and e.sub_event_type == "Peaceful protest"}
    assert {"Ankara", "İzmir"} <= got, [(e.sub_event_type, e.place and e.place.name) for e in doc.events]


@pytest.mark.slow
def test_people_counted_by_nationality_are_victims(geocoded: Callable[..., Document]) -> None:
    doc = geocoded("وتحدثت مصادر محلية عن اختطاف ثلاثة مصريين في مدينة سرت.", "2015-07-23")
    assert [e.sub_event_type for e in doc.events] == ["Abduction/forced disappearance"]
    doc = geocoded("وتحدثت مصادر محلية عن اختطاف في مدينة سرت.", "2015-07-23")
    assert not doc.events


@pytest.mark.slow
def test_the_active_verb_of_killing_with_its_object_is_an_attack(geocoded: Callable[..., Document]) -> None:
    doc = geocoded("وتحدث المسؤول عن زميليه اللذين قتلهما رجل صباح الثلاثاء في أحد شوارع مدينة حلب.", "2018-05-30")
    assert [e.sub_event_type for e in doc.events] == ["Attack"], [(e.sub_event_type, e.notes) for e in doc.events]
    # a death told without its author is no attack by itself
    doc = geocoded("وتحدث المسؤول عن زميليه اللذين قتلا صباح الثلاثاء في أحد شوارع مدينة حلب.", "2018-05-30")
    assert not doc.events


@pytest.mark.slow
def test_a_recent_incident_given_as_background_is_coded(geocoded: Callable[..., Document]) -> None:
    doc = geocoded(
        "أعلنت الحكومة حالة الطوارئ في البلاد، على خلفية الهجمات الدامية التي شهدتها مدينة حلب مساء أمس.", "2015-11-14"
    )
    attacks = [(e.sub_event_type, e.place and e.place.name, e.event_date, e.fatalities) for e in doc.events]
    assert ("Attack", "Aleppo", date(2015, 11, 13), 10) in attacks, attacks
    # told as the background of a week ago, it is the earlier incident's, coded where the article tells it
    doc = geocoded(
        "أعلنت الحكومة حالة الطوارئ في البلاد، على خلفية الهجمات الدامية التي شهدتها مدينة حلب في 3 نوفمبر.",
        "2015-11-14",
    )
    assert not [e for e in doc.events if e.sub_event_type == "Attack"]


# (sentence, the dead are others than those told before)
OTHERS = [
    ("بينما سقط القتيلان الآخران أمس في هجوم قرب السوق.", True),
    ("وعثر على جثث ثلاثة قتلى آخرين في الحي.", True),
    # "the others" beside those who fled, and "15 others wounded": the same incident's toll
    ("وسيطرت القوات على المطار وسط فرار عدد كبير من المسلحين ومصرع عشرات الآخرين.", False),
    ("قتل 5 جنود وأصيب 15 آخرون في الهجوم.", False),
]


@pytest.mark.parametrize(("sentence", "others"), OTHERS)
def test_other_dead(coder: Callable[..., Any], sentence: str, others: bool) -> None:
    from rasd.pipeline.code.coder import _other_victims

    doc, seen = coder(sentence)
    assert _other_victims(seen[0], doc) is others


def test_a_superlative_since_is_no_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وشهدت المدينة أمس اليوم الأكثر دموية منذ 2014 قتل فيه 12 متظاهرا برصاص الشرطة خلال مظاهرة.")
    assert [e.sub_event_type for e in doc.events] == ["Excessive force against protesters"], [s.decision for s in seen]
    assert not any(r.reason == "background_reference" for s in seen for r in s.rejected if r.hit.payload == "kill")


@pytest.mark.slow
def test_the_town_entered_is_the_town_told_before(geocoded: Callable[..., Document]) -> None:
    doc = geocoded(
        "وصل فريق المفتشين أمس إلى مدينة حلب. وكان من المقرر أن يدخلوا المدينة اليوم لكن الزيارة تأجلت بعد تعرض "
        "فريق الأمم المتحدة لإطلاق النار أثناء تفقد المواقع يوم الثلاثاء.",
        "2018-04-21",
    )
    assert [(e.sub_event_type, e.place and e.place.name) for e in doc.events] == [("Attack", "Aleppo")]


# (sentence, sub_event_type)
DESTROYED = [
    # explosives destroyed or dismantled before they went off
    ("وتمكنت القوات أمس من تدمير خمس سيارات مفخخة كان التنظيم ينوي تفجيرها في المدينة.", "Disrupted weapons use"),
    ("وقالت الشرطة إنها تمكنت أمس من تفكيك عبوة ناسفة زرعها مجهولون قرب السوق.", "Disrupted weapons use"),
    # the operation that destroyed them is the incident
    (
        "نفذت القوات أمس عملية أمنية استهدفت تجمعات المسلحين أسفرت عن مقتل 22 منهم وتدمير ست عجلات وسيارة مفخخة.",
        "Armed clash",
    ),
    # a car bomb that went off is an explosion
    ("انفجرت سيارة مفخخة أمس في السوق وقتلت 5 أشخاص.", "Remote explosive/landmine/IED"),
]


@pytest.mark.parametrize(("sentence", "sub"), DESTROYED)
def test_destroyed_explosives_are_disrupted(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence)
    assert [e.sub_event_type for e in doc.events] == [sub], [s.decision for s in seen]


@pytest.mark.slow
def test_the_place_fire_came_from_is_not_the_event_place(geocoded: Callable[..., Document]) -> None:
    doc = geocoded("واعترف الجيش الإسرائيلي اليوم بمقتل أحد جنوده بقصف من لبنان على موقع عسكري.", "2024-08-19")
    assert doc.events and all(e.place is None or e.place.country != "Lebanon" for e in doc.events), [
        (e.sub_event_type, e.place and e.place.name) for e in doc.events
    ]
    # where the shells fell is the place
    doc = geocoded("وسقطت اليوم قذائف من المدفعية على مدينة صيدا في جنوب لبنان.", "2024-08-19")
    assert [e.place.country for e in doc.events if e.place] == ["Lebanon"]


# (sentence, a protest is coded)
CROWDS = [
    ("احتشد الآلاف أمس في ساحة المدينة للمطالبة بالإصلاح.", True),
    ("ونظم ناشطون وقفة تضامنية أمس أمام مقر الأمم المتحدة.", True),
    ("وتجمهر العشرات أمس أمام مبنى البلدية احتجاجا على انقطاع المياه.", True),
    ("وخرج محتجون أمس إلى الشوارع رافعين الأعلام.", True),
    # troops massing are no crowd
    ("واحتشدت القوات أمس على الحدود الشمالية.", False),
]


@pytest.mark.parametrize(("sentence", "protest"), CROWDS)
def test_crowds_gathering_are_protests(coder: Callable[..., Any], sentence: str, protest: bool) -> None:
    doc, seen = coder(sentence)
    got = [e.sub_event_type for e in doc.events if e.event_type == "Protests"]
    assert bool(got) is protest, [s.decision for s in seen]
