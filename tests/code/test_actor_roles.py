"""Who did it and to whom: actor roles and ACLED actor names (PATTERNS 2, 3, 10), on sentences we wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Document

# (sentence, actor1 prefix, actor2 prefix or None): each row fails without the rule its comment names
ROLES = [
    # a bombing's perpetrator is marked or unidentified: the forces near the blast are its target
    (
        "انفجرت عبوة ناسفة أمس بسيارة عسكرية قرب قاعدة تتمركز فيها قوات التحالف الدولي شمال البلاد.",
        "Unidentified Armed Group",
        "Global Coalition",
    ),
    # "التفجير الإرهابي" is an adjective, not a party; "مسجد قوات الأمن": the forces own the target
    (
        "استهدف التفجير الإرهابي أمس مسجد قوات الأمن في المدينة وقتل خمسة أشخاص.",
        "Unidentified Armed Group",
        "Police Forces",
    ),
    # counted members followed by their own verb are its subject; a noun after "أمام" is not
    (
        "وأعلنت مصادر أمنية أمس أن 12 عنصرا من حركة طالبان باكستان تخلوا عن أسلحتهم أمام قوات الأمن في بلدة هانجو.",
        "Tehreek-e-Taliban Pakistan",
        None,
    ),
    # the first party after "بين", also behind a member noun ("بين عناصر تابعة لحركة فتح")
    (
        "واندلعت اشتباكات عنيفة أمس بين عناصر تابعة لحركة فتح وآخرين من تنظيم داعش في مخيم عين الحلوة.",
        "Fatah",
        "Islamic State",
    ),
    # "من طرف والقوات": a party joined by "و" after the marker is the other side, not the marked agent
    (
        "واندلعت اشتباكات أمس بين مقاتلين من الكتائب المقاتلة من طرف والقوات النظامية من طرف آخر في ريف دمشق.",
        "Opposition Rebels",
        "Military Forces",
    ),
    # fire "from the positions of" X comes from X
    (
        "وقتل ثلاثة مدنيين أمس في قصف تعرض له الحي من مواقع قوات الأسد في مدينة درعا.",
        "Military Forces of Syria",
        "Civilians",
    ),
    # the Palestinian resistance names no group; a soldier belongs to the army the sentence names
    (
        "أعلن جيش الاحتلال الإسرائيلي أمس مقتل جندي بعد تفجير المقاومة الفلسطينية عبوة ناسفة بآلية عسكرية قرب جنين.",
        "Unidentified Armed Group (Palestine)",
        "Military Forces of Israel",
    ),
    # who holds the place hit ("بلدة تسيطر عليها X") is not the attacker; the civilians killed are the target
    (
        "قتل ثلاثة مدنيين أمس في قصف على بلدة تسيطر عليها قوات سوريا الديمقراطية قرب منبج.",
        "Unidentified Armed Group",
        "Civilians",
    ),
    (
        "وقصفت قوات النظام أمس المناطق الخاضعة لسيطرة فصائل المعارضة في ريف إدلب.",
        "Military Forces of Syria",
        "Opposition Rebels",
    ),
    # "انتحاري من تنظيم داعش": the group after "من" names the unidentified member, who is no second party
    ("وفجر انتحاري من تنظيم داعش نفسه أمس في سوق شعبي وسط المدينة.", "Islamic State", "Civilians"),
    # settlers attacked are Israeli civilians
    (
        "وطعن مسلح فلسطيني ثلاثة مستوطنين داخل منزل في مستوطنة قرب رام الله أمس.",
        "Unidentified Armed Group",
        "Civilians (Israel)",
    ),
    # demonstrators who down a drone are its actor1; the owner of the drone ("تابعتين ل") is the target
    (
        "ونجح متظاهرون فلسطينيون أمس في إسقاط طائرتين مسيرتين تابعتين للجيش الإسرائيلي قرب السياج.",
        "Protesters (Palestine)",
        "Military Forces of Israel",
    ),
]


@pytest.mark.parametrize(("sentence", "a1", "a2"), ROLES)
def test_actor_roles_and_names(coder: Callable[..., Any], sentence: str, a1: str, a2: str | None) -> None:
    doc, seen = coder(sentence)
    assert doc.events, [s.decision for s in seen]
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name.startswith(a1), (ev.actor1, ev.actor2)
    if a2 is None:
        assert ev.actor2 is None or not ev.actor2.name.startswith(a1), (ev.actor1, ev.actor2)
    else:
        assert ev.actor2 is not None and ev.actor2.name.startswith(a2), (ev.actor1, ev.actor2)


# the speaker of "أعلن X أن ..." is neither the perpetrator nor the target of the incident told after "أن"
REPORTED = [
    ("أعلن الجيش اللبناني أمس أن طائرات إسرائيلية شنت غارات على بلدة الخيام.", "Military Forces of Israel", None),
    (
        "وأعلنت قوات الأمن العراقية أمس أن مسلحين مجهولين قتلوا خمسة أشخاص في هجوم على قرية قرب كركوك.",
        "Unidentified Armed Group",
        "Civilians",
    ),
    ("وقال الجيش الإسرائيلي أمس إن صاروخا أطلق من قطاع غزة سقط قرب سديروت.", "Unidentified Armed Group", None),
    # one person named after an agent marker is a sole perpetrator (ACLED), not a victim
    ("وأصيب سبعة أشخاص أمس في هجوم شنه رجل بسكين في وسط العاصمة.", "Sole Perpetrator", "Civilians"),
]


@pytest.mark.parametrize(("sentence", "a1", "a2"), REPORTED)
def test_the_speaker_is_not_a_party(
    first_event_has_actors: Callable[[str, str, str | None], None], sentence: str, a1: str, a2: str | None
) -> None:
    first_event_has_actors(sentence, a1, a2)


# (sentence, name the perpetrator must not have)
NOT_AGENT = [
    # the organisation of the person killed is not the killer
    ("وقتل أمس المسؤول في حركة فتح محمد أحمد بإطلاق نار عليه قرب المخيم.", "Fatah"),
    # a soldier "who was killed" is a victim, not the bomber
    ("ولم تعرف جنسية العسكري الذي قتل في قصف استهدف أمس قرية قرب الحدود.", "Military Forces"),
    # the genitive of a death masdar is the casualty ("مقتل جندي")
    ("وأعلنت الشرطة أمس مقتل جندي في انفجار عبوة ناسفة قرب الحدود.", "Military Forces"),
]


@pytest.mark.parametrize(("sentence", "not_a1"), NOT_AGENT)
def test_victims_and_affiliations_are_not_the_perpetrator(
    coder: Callable[..., Any], sentence: str, not_a1: str | None
) -> None:
    doc, seen = coder(sentence)
    assert doc.events, [s.decision for s in seen]
    ev = doc.events[0]
    assert ev.actor1 is None or not ev.actor1.name.startswith(not_a1), ev.actor1


def test_air_strikes_without_author_are_the_earlier_strikes_air_force(coder: Callable[..., Any]) -> None:
    doc, seen = coder(
        "شنت الطائرات الإسرائيلية أمس الأول غارات على مدينة رفح. وأسفرت غارات اليوم عن إصابة 15 شخصا في مدينة غزة."
    )
    strikes = [e for e in doc.events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 2, [s.decision for s in seen]
    assert all(e.actor1 is not None and e.actor1.name == "Military Forces of Israel" for e in strikes), strikes


# (sentence, published, actor1, actor2 prefix): captures need a place, so these run through the gazetteer
CAPTURES = [
    # territory regained from a rebel group is regained by the state's military
    (
        "واستعادت القوات أمس قريتين من ميليشيات الحوثي في محافظة صعدة.",
        "2018-08-18",
        "Military Forces of Yemen",
        "Houthi",
    ),
    # "سيطر عليها النظام": the preposition has its own pronoun object, the regime is the subject
    ("وقال سكان إن بلدة حرستا سيطر عليها النظام السوري أمس.", "2018-03-04", "Military Forces of Syria", None),
    # the side whose spokesman announces a capture made it
    (
        'وقال المتحدث باسم المقاومة الوطنية أمس "إن ميليشيات الحوثي تنهار"، بعد أن أعلن تحرير مديرية التحيتا.',
        "2019-05-29",
        "National Resistance Forces",
        "Houthi",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "published", "a1", "a2"), CAPTURES)
def test_who_took_the_territory(
    geocoded: Callable[..., Document], sentence: str, published: str, a1: str, a2: str | None
) -> None:
    doc = geocoded(sentence, published)
    assert doc.events, doc.id
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name == a1, (ev.actor1, ev.actor2)
    if a2 is not None:
        assert ev.actor2 is not None and ev.actor2.name.startswith(a2), ev.actor2


def test_the_organisation_is_the_group_named_before(coder: Callable[..., Any]) -> None:
    doc, seen = coder(
        "وتبنى تنظيم داعش الأسبوع الماضي تفجيرا في المدينة. "
        "وقال الجيش التركي إن مسلحين في التنظيم هاجموا أمس موقعا للجيش قرب الحدود وقتل فيه جندي."
    )
    clash = [e for e in doc.events if e.sub_event_type == "Armed clash"]
    assert clash, [s.decision for s in seen]
    assert clash[0].actor1 is not None and clash[0].actor1.name.startswith("Islamic State"), clash[0].actor1
    # without a group named before, "التنظيم" names nobody (and makes no clash)
    doc, seen = coder("وتكبد مسلحو التنظيم خسائر كبيرة في المعارك خلال الأسابيع الماضية.")
    assert not any(x.anaphor for s in seen for x in s.actors)


def test_an_agent_marker_beats_a_noun_after_the_verb(coder: Callable[..., Any]) -> None:
    # "استهدفت تجمعات التنظيم": the gatherings' owner is the target; "نفذتها قوات عراقية" names the doer
    doc, _ = coder(
        "وتبنى تنظيم داعش الأسبوع الماضي هجوما في المدينة. "
        "ولقي 22 مسلحا مصرعهم أمس في عملية أمنية نفذتها قوات عراقية استهدفت تجمعات التنظيم قرب الرمادي."
    )
    ev = next(e for e in doc.events if e.fatalities == 22)
    assert ev.actor1 is not None and ev.actor1.name == "Military Forces of Iraq", (ev.actor1, ev.actor2)
    doc, seen = coder("وقتل جندي إسرائيلي أمس برصاص قناص قرب السياج شرق مدينة غزة.")
    assert doc.events, [s.decision for s in seen]
    a1 = doc.events[0].actor1
    assert a1 is not None and a1.name.startswith("Unidentified Armed Group"), a1


def test_al_qaeda_in_yemen_is_aqap() -> None:
    from rasd.pipeline.code.actors import entries, resolve

    aq = next(e for e in entries() if e["id"] == "aq")
    assert resolve(aq, "Yemen", "تنظيم القاعدة", None).name == "Al Qaeda in the Arabian Peninsula"
    assert resolve(aq, "Syria", "تنظيم القاعدة", None).name == "Al Qaeda"


def test_the_perpetrator_is_not_its_own_target(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وفجر انتحاري نفسه أمس في سوق شعبي وسط المدينة، وقالت الشرطة إن الانتحاري قتل عشرة أشخاص.")
    assert doc.events, [s.decision for s in seen]
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name.startswith("Unidentified Armed Group"), ev.actor1
    assert ev.actor2 is None or ev.actor2.name != ev.actor1.name, ev.actor2


def test_generic_military_names_the_libyan_national_army_after_2014() -> None:
    from rasd.pipeline.code.actors import entries, resolve

    generic = next(e for e in entries() if e["id"] == "military_generic")
    nisba = next(e for e in entries() if e["id"] == "military:LY")
    lna = "Military Forces of Libya (2014-) Libyan National Army"
    assert resolve(generic, "Libya", "الجيش", None, day=date(2015, 7, 1)).name == lna
    assert resolve(nisba, "Libya", "القوات الليبية", None, day=date(2019, 4, 5)).name == lna
    assert resolve(generic, "Libya", "الجيش", None, day=date(2012, 1, 1)).name == "Military Forces of Libya"
    assert resolve(generic, "Egypt", "الجيش", None, day=date(2015, 7, 1)).name == "Military Forces of Egypt"


def test_settlers_are_named_by_their_role() -> None:
    from rasd.pipeline.code.actors import entries, resolve

    settlers = next(e for e in entries() if e["id"] == "settlers")
    assert resolve(settlers, "Palestine", "مستوطنون", None).name == "Israeli Settlers"
    victims = resolve(settlers, "Palestine", "مستوطنين", None, victim=True)
    assert (victims.name, victims.inter) == ("Civilians (Israel)", 7)


def test_the_nationality_of_a_crowd_is_its_nisba() -> None:
    from rasd.lang.ar.normalize import fold
    from rasd.pipeline.code.actors import nisba_country

    assert nisba_country(fold("فلسطينيين")) == "Palestine"
    assert nisba_country(fold("الألمانية")) == "Germany"
    assert nisba_country(fold("سوريون")) == "Syria"
    assert nisba_country(fold("فلسطين")) is None  # the country's name is not its nisba
