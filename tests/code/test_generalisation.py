"""Generalisation pass (issue 6, check set 4): vocabulary and constructions the coder missed on unseen text, on
sentences we wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Event
from rasd.pipeline.code import coder as coder_mod

P = date(2024, 3, 6)


def _events(coder: Callable[..., Any], text: str) -> list[Event]:
    doc, _ = coder(text, P)
    return [e for e in doc.events if not e.optional]


# (sentence, sub-event type, actor1 prefix or None)
VOCABULARY = [
    # an attack from the air is an air strike, not an assault on people
    ("قتل رجل أمس في هجوم جوي استهدف سيارته قرب الحدود.", "Air/drone strike", None),
    ("شنت طائرات حربية أمس هجمات جوية على مواقع للمسلحين في الجبال.", "Air/drone strike", None),
    # a terrorist group of no name is an armed group
    ("نصبت مجموعة إرهابية أمس كمينا لدورية من الحرس الوطني التونسي.", "Armed clash", "Unidentified Armed Group"),
    # intelligence and state security agencies are the state's forces
    ("اعتقلت المخابرات الأردنية أمس ثلاثة أشخاص بتهمة تهريب أسلحة.", "Arrests", "Military Forces of Jordan"),
    ("اعتقل الأمن العام اللبناني أمس خمسة أشخاص ينتمون إلى خلية.", "Arrests", "Police Forces of Lebanon"),
]


@pytest.mark.parametrize(("sentence", "sub", "actor1"), VOCABULARY)
def test_vocabulary(coder: Callable[..., Any], sentence: str, sub: str, actor1: str | None) -> None:
    evs = _events(coder, sentence)
    assert [e.sub_event_type for e in evs] == [sub], [(e.sub_event_type, e.actor1) for e in evs]
    if actor1 is not None:
        assert evs[0].actor1 is not None and evs[0].actor1.name.startswith(actor1), evs[0].actor1


# a grenade followed in its sentence by an exchange of fire opened a fight (FIRE_RETURNED)
GRENADE_FIGHT = "ألقى مسلحون أمس قنبلة يدوية على دورية للشرطة ثم حصلت مواجهات بالأسلحة النارية."
GRENADE_ALONE = "ألقى مسلحون أمس قنبلة يدوية على دورية للشرطة."


def test_grenade_that_opens_a_fight(coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert [e.sub_event_type for e in _events(coder, GRENADE_FIGHT)] == ["Armed clash"]
    assert [e.sub_event_type for e in _events(coder, GRENADE_ALONE)] == ["Grenade"]
    monkeypatch.setattr(coder_mod, "FIRE_RETURNED", False)
    assert [e.sub_event_type for e in _events(coder, GRENADE_FIGHT)] == ["Grenade"]


# accidents kill without an attack; an aircraft shot down keeps its trigger
ACCIDENTS = [
    "تحطمت طائرة ركاب بعد إقلاعها من مطار العاصمة أمس مما أسفر عن مقتل 90 شخصا.",
    "قتل 12 شخصا أمس في حادث سير على الطريق الدولي بين المدينتين.",
]


@pytest.mark.parametrize("sentence", ACCIDENTS)
def test_accident_is_no_incident(coder: Callable[..., Any], sentence: str) -> None:
    assert _events(coder, sentence) == []


def test_aircraft_shot_down_is_still_coded(coder: Callable[..., Any]) -> None:
    evs = _events(coder, "أسقط مسلحون أمس مروحية عسكرية بصاروخ فتحطمت ومقتل طاقمها.")
    assert evs and evs[0].sub_event_type == "Disrupted weapons use"


# a habit is no incident, nor is the destruction it causes
HABITS = [
    "وتشن المدفعية الروسية من حين لآخر قصفا على أطراف البلدة، ما أدى إلى هدم منازل المدنيين.",
    "وكثيرا ما تستهدف طائرات الجيش الأسواق المزدحمة في البلدة.",
]


@pytest.mark.parametrize("sentence", HABITS)
def test_habit_is_no_incident(coder: Callable[..., Any], sentence: str) -> None:
    assert _events(coder, sentence) == []


def test_destruction_after_a_habit_shares_its_rejection(coder: Callable[..., Any]) -> None:
    doc, seen = coder(HABITS[0], P)
    assert not doc.events and any(r.hit.payload == "loot" and r.reason == "generic" for r in seen[0].rejected)


def test_destruction_caused_by_a_dated_strike_stays_with_it(coder: Callable[..., Any]) -> None:
    evs = _events(coder, "وقصفت الطائرات أمس المدينة، ما أدى إلى تدمير منازل.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]


# a call answered ("بدعوة من") is no call: the protest took place; a call alone stays a call
def test_protest_at_the_call_of_a_group(coder: Callable[..., Any]) -> None:
    evs = _events(coder, "نظم عشرات الناشطين بدعوة من التحالف أمس وقفة احتجاجية أمام مقر البرلمان.")
    assert [e.sub_event_type for e in evs] == ["Peaceful protest"]
    assert _events(coder, "دعا التحالف إلى وقفة احتجاجية أمام مقر البرلمان.") == []


# the lead is the first sentence after the dateline: its day dates the article's undated incidents
# (LEAD_AFTER_DATELINE with LEAD_SENTENCE_DATE)
DATELINE_ARTICLE = (
    "مقتل جنود في هجومين\n\n"
    "سبق- وكالات: قتل خمسة جنود يوم السبت في هجوم شنه مسلحون على حاجز أمني في مدينة العريش.\n"
    "وفي مدينة رفح، قصف مسلحون مقرا للشرطة بقذائف الهاون."
)


def test_the_lead_comes_after_the_dateline(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(DATELINE_ARTICLE)
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert [e.event_date for e in shelling] == [date(2024, 3, 2)], [
        (e.sub_event_type, e.event_date) for e in doc.events
    ]
    monkeypatch.setattr(coder_mod, "LEAD_AFTER_DATELINE", False)
    doc = geocoded(DATELINE_ARTICLE.replace("خمسة جنود", "ثلاثة من رجال الأمن").replace("مقرا للشرطة", "ثكنة للجيش"))
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert [e.event_date for e in shelling] == [date(2024, 3, 6)]


# a count of incidents sums a campaign up: a recap, not an incident, even in the lead
def test_count_of_attacks_is_a_recap(coder: Callable[..., Any]) -> None:
    text = "ذكر المندوب أن عدد الغارات التي شنتها الطائرات على المدن بلغ 90 غارة حتى هذا الشهر."
    doc, seen = coder(text, P)
    assert not [e for e in doc.events if not e.optional] and seen[0].recap


# casualties a party inflicts are an incident (INFLICTED_CASUALTIES): a clash on armed victims, an attack on civilians
# (sentence, sub-event type, actor1 prefix, actor2 prefix, fatalities)
INFLICTED = [
    ("قتل عناصر حركة الشباب خمسة جنود صوماليين يوم الأحد.", "Armed clash", "Al Shabaab", "Military Forces", 5),
    ("قتلت قوات الأمن 3 مدنيين يوم الأحد.", "Attack", "Police Forces", "Civilians", 3),
    # the dead and the wounded counted together: unnumbered deaths (10)
    ("وأوقع مقاتلو حركة الشباب 12 جنديا بين قتيل وجريح يوم الأحد.", "Armed clash", "Al Shabaab", "Military Forces", 10),
]


@pytest.mark.parametrize(("sentence", "sub", "actor1", "actor2", "deaths"), INFLICTED)
def test_inflicted_casualties(
    coder: Callable[..., Any], sentence: str, sub: str, actor1: str, actor2: str, deaths: int
) -> None:
    evs = _events(coder, sentence)
    assert [e.sub_event_type for e in evs] == [sub], [(e.sub_event_type, e.actor1, e.actor2) for e in evs]
    assert evs[0].actor1 is not None and evs[0].actor1.name.startswith(actor1), evs[0].actor1
    assert evs[0].actor2 is not None and evs[0].actor2.name.startswith(actor2), evs[0].actor2
    assert evs[0].fatalities == deaths


# "قتل" read passively (no party between the verb and its victims), or victims joined by "و", tells deaths only
@pytest.mark.parametrize("sentence", ["قتل 5 جنود يوم الأحد.", "قتل جنديان ومدني يوم الأحد."])
def test_deaths_without_a_party_stay_uncoded(coder: Callable[..., Any], sentence: str) -> None:
    assert _events(coder, sentence) == []


def test_inflicted_casualties_switch(coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coder_mod, "INFLICTED_CASUALTIES", False)
    assert _events(coder, INFLICTED[0][0]) == []


# places: the parts of Iraq as the news names them; the places of a purpose phrase are whom the act supports
def test_northern_iraq_is_a_region(geocoded: Callable[..., Any]) -> None:
    doc = geocoded("وقصفت مقاتلات تركية أمس معسكرات للمسلحين الأكراد في شمال العراق.")
    assert [(e.place.name if e.place else None) for e in doc.events] == ["Northern Iraq"]


PURPOSE = "أعلنت فصائل مسلحة أمس أنها قصفت أهدافا عسكرية بطائرات مسيرة، إسنادا للمقاومة في لبنان."


def test_places_of_a_purpose_phrase(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(PURPOSE)
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]
    assert doc.events[0].place is None
    monkeypatch.setattr(coder_mod, "PURPOSE_PLACES", False)
    doc = geocoded(PURPOSE.replace("فصائل مسلحة", "جماعات مسلحة").replace("أمس", "اليوم"))
    assert [e.place.country if e.place else None for e in doc.events] == ["Lebanon"]


# "earlier today" is the news of the day, not a recap; "earlier" alone stays one
def test_earlier_today_is_no_recap(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وسقط ثلاثة قتلى في وقت سابق من اليوم جراء تفجير انتحاري بسيارة مفخخة قرب سوق البلدة.", P)
    assert [e.sub_event_type for e in doc.events if not e.optional] == ["Suicide bomb"] and not seen[0].recap
    doc, seen = coder("وسقط ثلاثة قتلى في وقت سابق جراء تفجير انتحاري بسيارة مفخخة قرب سوق البلدة.", P)
    assert seen[0].recap


# counted fighters by their indefinite plural, followed by their death, are the dead: the fight's other side
def test_counted_dead_fighters(coder: Callable[..., Any]) -> None:
    evs = _events(coder, "وقالت مصادر محلية إن 6 حوثيين قتلوا أمس برصاص قوات الجيش اليمني قرب المدينة.")
    assert [e.sub_event_type for e in evs] == ["Armed clash"]
    assert evs[0].actor1 is not None and evs[0].actor1.name.startswith("Military Forces of Yemen")
    assert evs[0].actor2 is not None and evs[0].actor2.name == "Houthi Movement"


# bare "explosives" and the battlefield name no incident; an explosion verb still does
@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الجيش أمس إن جنوده لم يطلقوا الرصاص إلا على من كانوا يحملون سلاحا أو متفجرات قرب الحدود.",
        "وقال الوزير أمس إن الحال على أرض المعركة صعب إذ ترمى على الجنود متفجرات.",
    ],
)
def test_no_incident_in_general_words(coder: Callable[..., Any], sentence: str) -> None:
    assert _events(coder, sentence) == [], [(e.sub_event_type, e.evidence.text) for e in _events(coder, sentence)]


def test_explosives_that_went_off(coder: Callable[..., Any]) -> None:
    evs = _events(coder, "انفجرت متفجرات أمس في سيارة قرب سوق المدينة مما أسفر عن مقتل شخصين.")
    assert [e.sub_event_type for e in evs] == ["Remote explosive/landmine/IED"]


def test_minister_of_public_security_is_an_official(coder: Callable[..., Any]) -> None:
    _, seen = coder("وقال وزير الأمن العام الإسرائيلي أمس إن الجنود يتعرضون لضغوط.", P)
    assert [x.entries[0].get("kind") for x in seen[0].actors][:1] == ["official"]


# a part of a year before four digits ("في نهاية 2015") names a bygone year: the incident is background, and the
# year is no death figure
def test_end_of_a_past_year_is_background(coder: Callable[..., Any]) -> None:
    doc, _ = coder("وفي تفجير سابق جرى في نهاية 2016 قتل 9 من رجال الشرطة عندما فجر انتحاري نفسه قرب مركزهم.", P)
    assert doc.events and all(e.optional for e in doc.events)
    assert all(e.fatalities in (0, 9) for e in doc.events)


# an offensive launched to take a place is a battle, whoever its dead are (OFFENSIVE_IS_BATTLE)
OFFENSIVE = "وتسبب هجوم القوات الحكومية أمس بهدف السيطرة على البلدة في مقتل نحو 40 شخصا."


def test_offensive_is_a_battle(coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert [e.sub_event_type for e in _events(coder, OFFENSIVE)] == ["Armed clash"]
    monkeypatch.setattr(coder_mod, "OFFENSIVE_IS_BATTLE", False)
    assert [e.sub_event_type for e in _events(coder, OFFENSIVE)] == ["Attack"]


# Germany's and Spain's regions are in the gazetteer (geo/admin1_ar.yaml); the arrest of one person folds only into a
# violent incident placed somewhere (PLACED_SCENE)
ARREST_ELSEWHERE = (
    "خرجت مظاهرات في مدينة جيرونا أمس.\nوأصيب 20 شخصا في اشتباكات مع الشرطة.\n"
    "وقالت الشرطة الألمانية إن الزعيم الانفصالي اعتقل أمس في ولاية شليسفيغ هولشتاين."
)


def test_arrest_in_another_region(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(ARREST_ELSEWHERE)
    places = {(e.sub_event_type, e.place.name if e.place else None) for e in doc.events}
    assert ("Arrests", "Schleswig-Holstein") in places and ("Peaceful protest", "Girona") in places, places
    monkeypatch.setattr(coder_mod, "PLACED_SCENE", False)
    doc = geocoded(ARREST_ELSEWHERE.replace("20 شخصا", "30 شخصا").replace("أمس في ولاية", "في ولاية"))
    assert not [e for e in doc.events if e.sub_event_type == "Arrests"]


# a hard-wrapped paragraph is one sentence; a sub-headline over a long paragraph stays a sentence of its own
def test_soft_wrapped_lines_are_one_sentence() -> None:
    from rasd.lang.ar.sentences import split_sentences

    wrapped = "دارت في المدينة صباح اليوم\nمواجهات عنيفة بين الشرطة\nومسلحين مجهولين بالأسلحة الخفيفة.\n\nوقال شهود إن القتال استمر ساعات."
    assert len(split_sentences(wrapped)) == 2
    headline = "المتمردون يتوعدون بالرد\n" + "وفي مساء الأربعاء توعد قائد الجماعة بمواصلة القتال " * 3 + "."
    assert len(split_sentences(headline)) == 2


# the fighting told before, retold with a place of its own and no party (CLASH_TOLD_BEFORE); a direction of the
# capital named before places an incident (anaphoric_capital, directions_before)
KHARTOUM = (
    "دارت في العاصمة الخرطوم صباح اليوم مواجهات مسلحة بين قوات الجيش السوداني وعناصر الدعم السريع.\n"
    "وقال سكان إن الاشتباكات امتدت إلى مدينة أم درمان.\n"
    "وقال السكان إن طائرات حربية قصفت مواقع لقوات الدعم السريع جنوبي العاصمة."
)


def test_fighting_told_before_at_another_place(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(KHARTOUM)
    got = {(e.sub_event_type, e.place.name if e.place else None) for e in doc.events}
    assert ("Armed clash", "Omdurman") in got and ("Air/drone strike", "Khartoum") in got, got
    omdurman = next(e for e in doc.events if e.place is not None and e.place.name == "Omdurman")
    assert omdurman.actor1 is not None and omdurman.actor2 is not None
    monkeypatch.setattr(coder_mod, "CLASH_TOLD_BEFORE", False)
    doc = geocoded(KHARTOUM.replace("صباح اليوم", "مساء أمس"))
    assert "Omdurman" not in {e.place.name for e in doc.events if e.place is not None}


# "بمحافظة ديالى، شرقي بغداد": the place after a direction that follows another place is a landmark
def test_direction_after_a_comma_is_a_landmark(geocoded: Callable[..., Any]) -> None:
    doc = geocoded("قتل مسلحون 12 جنديا أمس في كمين نصبوه في محافظة ديالى، شمال شرقي بغداد.")
    assert [e.place.name if e.place else None for e in doc.events] == ["Diyala"]


# named groups and tribal gunmen of several countries; "opened fire"
# (sentence, actor1 prefix)
GROUPS = [
    ("أعلنت المقاومة الإسلامية في العراق أمس أنها استهدفت بطائرة مسيرة قاعدة عسكرية.", "Islamic Resistance in Iraq"),
    ("هاجم مسلحون من جيش تحرير بلوشستان أمس قافلة عسكرية وقتلوا ثلاثة جنود.", "BLA: Baloch Liberation Army"),
    ("اشتبكت قوات النخبة الشبوانية أمس مع مسلحين من تنظيم القاعدة وقتل أربعة منهم.", "Shabwani Elite Forces"),
    ("وقال شهود إن مسلحين قبليين فتحوا النار أمس على دورية للجيش قرب المدينة.", "Unidentified Tribal Militia"),
]


@pytest.mark.parametrize(("sentence", "actor1"), GROUPS)
def test_group_names(coder: Callable[..., Any], sentence: str, actor1: str) -> None:
    doc, _ = coder(sentence, date(2024, 3, 6))
    evs = [e for e in doc.events if not e.optional]
    assert evs and evs[0].actor1 is not None and evs[0].actor1.name.startswith(actor1), [
        (e.sub_event_type, e.actor1) for e in evs
    ]


def test_opened_fire(coder: Callable[..., Any]) -> None:
    _, seen = coder("وقال شهود إن قوات الأمن فتحت النار أمس على المتظاهرين في المدينة.", P)
    assert any(h.payload == "attack" and "فتح" in h.surface for h in seen[0].triggers)
    evs = _events(coder, "وقال شهود إن مسلحين فتحوا النار أمس على سيارة مدنية قرب الحاجز.")
    assert [e.sub_event_type for e in evs] == ["Attack"]


# a list of places goes on past a direction complement and an area head (LIST_COMPLEMENTS)
GAZA_LIST = "وقصفت مدفعية الجيش الإسرائيلي أمس شرق بيت لاهيا شمال القطاع، ومنطقة دير البلح وسط القطاع."


def test_list_past_direction_complements(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(GAZA_LIST)
    assert len({e.place.name for e in doc.events if e.place is not None}) == 2, [
        (e.sub_event_type, e.place) for e in doc.events
    ]
    monkeypatch.setattr(coder_mod, "LIST_COMPLEMENTS", False)
    doc = geocoded(GAZA_LIST.replace("أمس", "اليوم"))
    assert len(doc.events) == 1


# "قبل" (before) marks the event before which something else happened: a background reference
def test_before_is_a_background_reference(coder: Callable[..., Any]) -> None:
    _, seen = coder("وكان يعمل في البلدة قبل طرد المسلحين منها.", P)
    assert any(r.reason == "background_reference" and r.hit.payload == "capture" for r in seen[0].rejected)


# an arrest told with a planned (rejected) attack is no part of that attack: it stays an arrest
def test_arrest_beside_a_planned_attack(coder: Callable[..., Any]) -> None:
    _, seen = coder("أعلنت الشرطة أمس اعتقال شاب كان ينوي تفجير عبوة ناسفة قرب ثكنة عسكرية.", P)
    assert seen[0].sub_event_type == "Arrests" and "part of it" not in seen[0].decision, seen[0].decision


# a speech verb carrying the report on tells another incident when the sentence says it is another (REPORTED_STATEMENT)
ANOTHER = "وأشار المصدر أمس إلى أن غارة ثانية ضربت سوقا شعبيا في مدينة سراقب."


def test_another_incident_in_a_report(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(ANOTHER)
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]
    # the speaker's comment on an incident, no word of otherness, stays a statement
    doc = geocoded("وأضاف الجيش أمس أنه قصف مواقع المسلحين من عدة محاور في مدينة سراقب.")
    assert doc.events == []
    monkeypatch.setattr(coder_mod, "REPORTED_STATEMENT", False)
    doc = geocoded(ANOTHER.replace("أمس", "اليوم").replace("شعبيا", "للخضار"))
    assert doc.events == []


# a dual noun of first-level units before a list splits it whatever their precision (UNIT_LISTS)
UNITS = "ونظمت مظاهرات أمس في مقاطعتي تاراغونا ولاردة."


def test_dual_unit_noun_splits_a_list(geocoded: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = geocoded(UNITS)
    assert sorted(e.place.name for e in doc.events if e.place is not None) == ["Lleida", "Tarragona"]
    monkeypatch.setattr(coder_mod, "UNIT_LISTS", False)
    doc = geocoded(UNITS.replace("أمس", "اليوم"))
    assert len(doc.events) == 1


# the Allenby crossing is a place; a statement about "the shooting that took place" there tells that incident
def test_allenby_crossing(geocoded: Callable[..., Any]) -> None:
    doc = geocoded("وندد الوزير اليوم بحادثة إطلاق النار التي وقعت قرب معبر اللنبي صباحا.")
    assert [(e.sub_event_type, e.place.name if e.place else None) for e in doc.events] == [
        ("Attack", "Allenby Bridge Crossing")
    ]


# what the arresting side believes of the person places the person's past, not the arrest
def test_places_of_a_belief_clause(geocoded: Callable[..., Any]) -> None:
    doc = geocoded("اعتقلت المخابرات الأردنية أمس شابا يعتقد أنه كان قياديا في تنظيم مسلح في سوريا.")
    assert [e.sub_event_type for e in doc.events] == ["Arrests"]
    assert doc.events[0].place is None or doc.events[0].place.country != "Syria"
