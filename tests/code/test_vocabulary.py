"""Vocabulary pass (docs/coder.md, "vocabulary pass"): marches, crowds storming a place, chemical weapons,
the Maghrebi arrest word, raids met with fire, civilian victims of bombardments. Each rule has a sentence it
codes and a look-alike it must not; all sentences are our own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasd.model import Document, Place


def _live(doc: Any) -> list[Any]:
    return [e for e in doc.events if not e.optional]


# (sentence, the sub-event types it codes)
TYPES = [
    # a bare "مسيرات" with participants is a march ...
    ("شارك طلاب الجامعات أمس في مسيرات جابت شوارع العاصمة للمطالبة بإصلاح التعليم.", ["Peaceful protest"]),
    ("حشود غفيرة تجمعت أمس أمام مبنى البرلمان رافعين لافتات تطالب بالإفراج عن المعتقلين.", ["Peaceful protest"]),
    ("نفذ العشرات من المعلمين أمس وقفة أمام مقر الوزارة للمطالبة برفع الأجور.", ["Peaceful protest"]),
    ("نظم أهالي المفقودين أمس تجمعا حاشدا أمام مقر السفارة.", ["Peaceful protest"]),
    # ... and with a launch, a downing or a strike it stays a drone
    ("أسقطت الدفاعات الجوية أمس مسيرة أطلقها المسلحون باتجاه المطار.", ["Disrupted weapons use"]),
    ("قتل ثلاثة مدنيين أمس في قصف مسيرة على سيارة عند مدخل البلدة.", ["Air/drone strike"]),
    # a crowd storming a building riots, it fights no battle
    ("حاول مئات المتظاهرين أمس اقتحام مبنى المحافظة احتجاجا على انقطاع الكهرباء.", ["Violent demonstration"]),
    # a square named after liberation is no capture, and no storming by the crowd in it
    ("قتل متظاهر أمس بانفجار عبوة ناسفة قرب ساحة التحرير وسط المدينة.", ["Remote explosive/landmine/IED"]),
    # chemical weapons used (a finite verb) ...
    ("أكد شهود أن قوات النظام استخدمت أسلحة كيماوية أمس ضد البلدة المحاصرة.", ["Chemical weapon"]),
    # a raid met with fire is a fight; a raid with arrests only stays an arrest
    (
        "داهمت قوات الأمن أمس منزلا في أطراف المدينة وتبادلت إطلاق النار مع مسلحين متحصنين فيه.",
        ["Armed clash"],
    ),
    ("داهمت قوات الأمن أمس منزلا في أطراف المدينة واعتقلت ثلاثة مطلوبين.", ["Arrests"]),
    # armed men killed in the raid: it met fire
    ("قتل ثلاثة من رجال الأمن أمس خلال مداهمة لوكر مسلحين في أطراف المدينة.", ["Armed clash"]),
]


@pytest.mark.parametrize(("sentence", "subs"), TYPES)
def test_vocabulary_types(coder: Callable[..., Any], sentence: str, subs: list[str]) -> None:
    doc, seen = coder(sentence)
    assert [e.sub_event_type for e in _live(doc)] == subs, [s.decision for s in seen]


# sentences that must give no event
NONE = [
    # a drone flying over a town: no crowd, no march
    "حلقت مسيرات إسرائيلية أمس في سماء البلدة طوال الليل.",
    # a pause for thought is no picket
    "ودعا الكاتب أمس إلى وقفة مع الذات بعد سنوات الحرب.",
    # troops massing are no crowd
    "تجمعت القوات قرب الحدود أمس.",
    # the masdar of "use" is talk about chemical weapons, not an incident
    "وقال البيان إن احتمالية استخدام أسلحة كيماوية لا تزال قيد التحقيق.",
    # "stopping the work" is no arrest
    "وقررت النقابة أمس إيقاف العمل في الميناء لمدة يومين.",
]


@pytest.mark.parametrize("sentence", NONE)
def test_vocabulary_look_alikes(coder: Callable[..., Any], sentence: str) -> None:
    doc, seen = coder(sentence)
    assert not _live(doc), [s.decision for s in seen]


def test_a_peaceful_protest_has_no_deaths(coder: Callable[..., Any]) -> None:
    # "the victims' relatives took part in a march": the victims are the cause, not the march's dead
    doc, seen = coder("شارك أقارب الضحايا أمس في مسيرة حاشدة أمام مبنى المحكمة.")
    live = _live(doc)
    assert [e.sub_event_type for e in live] == ["Peaceful protest"], [s.decision for s in seen]
    assert live[0].fatalities == 0


def test_a_march_word_is_no_air_cue(coder: Callable[..., Any]) -> None:
    _doc, seen = coder("شارك آلاف الطلاب أمس في مسيرات جابت شوارع العاصمة.")
    assert "air" not in seen[0].cues
    _doc, seen = coder("أسقطت الدفاعات الجوية أمس مسيرة أطلقها المسلحون.")
    assert "air" in seen[0].cues


def test_a_complementiser_after_a_preposition_marks_no_target(coder: Callable[..., Any]) -> None:
    # "evidence that the forces used": the forces are the subject of the clause, not a target of "على"
    doc, seen = coder("وقال المرصد إن هناك دلائل على أن قوات النظام استخدمت أسلحة كيماوية أمس ضد البلدة.")
    live = _live(doc)
    assert live and live[0].actor1 is not None, [s.decision for s in seen]
    assert live[0].actor1.name == "Military Forces of Syria"


# (sentence, actor2, civilian_targeting)
VICTIMS = [
    # martyrs of an air strike, no armed party on their side
    ("سقط أمس خمسة شهداء في غارة إسرائيلية على منزل في غزة.", "Civilians", True),
    ("سقط أمس عشرات الشهداء في غارات إسرائيلية على قطاع غزة.", "Civilians", True),
    # people counted by nationality
    ("أفادت مصادر طبية أمس باستشهاد 28 فلسطينيا في غارات إسرائيلية على قطاع غزة.", "Civilians", True),
    # a chemical attack hits the people of the place
    ("أكد شهود أن القوات السورية استخدمت أسلحة كيماوية أمس ضد البلدة.", "Civilians", True),
]


@pytest.mark.parametrize(("sentence", "actor2", "ct"), VICTIMS)
def test_civilian_victims_of_bombardments(coder: Callable[..., Any], sentence: str, actor2: str, ct: bool) -> None:
    doc, seen = coder(sentence)
    live = _live(doc)
    assert live, [s.decision for s in seen]
    # (the country in the name comes from the place, which these tests do not geocode)
    assert live[0].actor2 is not None and live[0].actor2.name.startswith(actor2)
    assert live[0].civilian_targeting is ct


def test_counted_soldiers_are_not_civilians(coder: Callable[..., Any]) -> None:
    # "20 soldiers" is a count of fighters, and an armed party named on the victims' side keeps its fighters
    doc, seen = coder("قتل 20 جنديا أمس في قصف مدفعي على مواقع الجيش.")
    assert _live(doc), [s.decision for s in seen]
    assert not any(e.civilian_targeting for e in _live(doc))
    doc, seen = coder("أدت غارات إسرائيلية أمس على مواقع لحركة حماس إلى استشهاد ثلاثة من عناصرها.")
    assert _live(doc), [s.decision for s in seen]
    assert not any(e.civilian_targeting for e in _live(doc))
    # a group's commander killed, the attacker unnamed: the only armed party named is the victim's
    doc, seen = coder("استشهد أمس القيادي في حركة حماس باستهداف مركبة في البقاع.")
    assert _live(doc), [s.decision for s in seen]
    assert not any(e.civilian_targeting for e in _live(doc))


@pytest.mark.slow
def test_the_maghrebi_arrest_word(geocoded: Callable[..., Document]) -> None:
    # "إيقاف 6 عناصر" at a named place: an arrest, even with the arresting unit unnamed
    doc = geocoded("وتمكنت الوحدة المختصة أمس من إيقاف 6 عناصر في مدينة القصرين.")
    assert [e.sub_event_type for e in doc.events if not e.optional] == ["Arrests"]
    # "إيقاف إطلاق النار" stops fire, it arrests no one
    doc = geocoded("ودعت الأطراف أمس إلى إيقاف إطلاق النار في مدينة القصرين.")
    assert not [e for e in doc.events if not e.optional and e.sub_event_type == "Arrests"]


@pytest.mark.slow
def test_marches_spread_in_a_city(geocoded: Callable[..., Document]) -> None:
    # "the marches spread in X": marches held in a place
    doc = geocoded("انتشرت المسيرات أمس في بغداد.")
    assert [(e.sub_event_type, e.place.name if isinstance(e.place, Place) else None) for e in doc.events] == [
        ("Peaceful protest", "Baghdad")
    ]


def test_protesters_killed_on_a_day(coder: Callable[..., Any]) -> None:
    # demonstrators killed on a given day: excessive force against them, flagged as civilian targeting
    doc, seen = coder("وأكد مسؤولون مقتل اثنين من المتظاهرين أمس.")
    live = _live(doc)
    assert [e.sub_event_type for e in live] == ["Excessive force against protesters"], [s.decision for s in seen]
    assert live[0].civilian_targeting is True and live[0].fatalities == 2
    # undated, the toll is mostly a recap of an earlier day
    doc, seen = coder("وأكد مسؤولون مقتل اثنين من المتظاهرين.")
    assert not _live(doc), [s.decision for s in seen]


def test_martyrs_without_a_number_are_ten(coder: Callable[..., Any]) -> None:
    # deaths without a number are 10 (GUIDELINE), also when named as martyrs
    doc, seen = coder("واصلت الطائرات الإسرائيلية أمس غاراتها على مناطق عدة في غزة مخلفة شهداء وجرحى.")
    live = _live(doc)
    assert live and live[0].fatalities == 10, [s.decision for s in seen]


def test_drones_in_an_attack_are_no_march(coder: Callable[..., Any]) -> None:
    # a participation word does not make drones in an attack a march
    doc, seen = coder("شارك المسلحون أمس في هجوم بمسيرات على المطار.")
    assert "Peaceful protest" not in [e.sub_event_type for e in doc.events], [s.decision for s in seen]
