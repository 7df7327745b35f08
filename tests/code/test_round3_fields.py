"""Round 3 (issue 6, recall and fields on unseen text): figures, actors and triggers, on sentences we wrote.
Each row fails without the rule its comment names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# (sentence, fatalities)
FIGURES = [
    # an approximator after the counted noun ("على الأقل") still lets the death verb after it count the figure
    ("قال الهلال الأحمر أمس إن ثلاثة شبان على الأقل استشهدوا في قصف إسرائيلي على مدينة جنين.", 3),
    ("وأكدت مصادر طبية أن سبعة مدنيين تقريبا قتلوا في غارة جوية على بلدة كفرنبل أمس.", 7),
    # "others" after the counted noun puts the partitive and the death verb a word further on
    ("وقالت مصادر عسكرية أمس إن 11 جنديا آخرين من الجيش قتلوا في اشتباكات قرب مدينة مأرب.", 11),
    # one figure for the dead and the wounded together leaves the deaths unnumbered (GUIDELINE: 10)
    ("اندلعت أمس اشتباكات بين القوات الحكومية والمسلحين قرب مدينة مأرب خلفت مئات القتلى والجرحى.", 10),
    ("دارت أمس اشتباكات عنيفة بين الجيش والمسلحين قرب مدينة مأرب أوقعت 40 قتيلا وجريحا.", 10),
    # ... but separate figures for each stay as they are
    ("دارت أمس اشتباكات عنيفة بين الجيش والمسلحين قرب مدينة مأرب أوقعت 40 قتيلا و12 جريحا.", 40),
]


@pytest.mark.parametrize(("sentence", "deaths"), FIGURES)
def test_round3_fatalities(coder: Callable[..., Any], sentence: str, deaths: int) -> None:
    doc, seen = coder(sentence)
    assert len(doc.events) == 1, [s.decision for s in seen]
    assert doc.events[0].fatalities == deaths, doc.events[0].notes


# (sentence, actor1 prefix, actor2 prefix or None)
ACTORS = [
    # the Houthi adjective on a weapon names the shooter
    ("سقطت أمس قذائف الغدر الحوثية على قرية في مديرية حرض دون وقوع إصابات.", "Houthi Movement", None),
    ("أصيب طفلان أمس في قصف عشوائي للميليشيات الانقلابية على قرية في مديرية حيفان.", "Houthi Movement", "Civilians"),
    # one faction of the Syrian opposition
    ("وهاجم فصيل معارض أمس مواقع قوات النظام في بلدة مورك بريف حماة.", "Opposition Rebels", "Military Forces"),
    # "ومن بينهم جنود" counts soldiers among the victims: not the first party of "بين X و Y"
    (
        "قتل وأصيب عشرات الأشخاص ومن بينهم جنود في تفجير انتحاري بسيارة مفخخة في مدينة مقديشو أمس، والذي أعلنت حركة"
        " الشباب مسؤوليتها عنه.",
        "Al Shabaab",
        "Military Forces",
    ),
]


@pytest.mark.parametrize(("sentence", "a1", "a2"), ACTORS)
def test_round3_actors(
    first_event_has_actors: Callable[[str, str, str | None], None], sentence: str, a1: str, a2: str | None
) -> None:
    first_event_has_actors(sentence, a1, a2)


# (sentence, sub_event_type)
TRIGGERS = [
    # air defences "confronting" a missile attack intercept it
    ("أفادت وسائل إعلام رسمية أمس بتصدي أنظمة الدفاع الجوي لهجوم صاروخي قرب مدينة حمص.", "Disrupted weapons use"),
    ("وتصدت الدفاعات الجوية أمس لصواريخ معادية في سماء مدينة دمشق.", "Disrupted weapons use"),
    # ... also when the text names no weapon ("هدف معاد"): air defences only meet something flying
    ("وتصدت الدفاعات الجوية أمس لهدف معاد اخترق الأجواء فوق مدينة حمص.", "Disrupted weapons use"),
    # ground forces "confronting" an assault fight it
    ("تصدت قوات الجيش أمس لهجوم شنه مسلحون على بلدة مورك.", "Armed clash"),
    # fire that sets off a fight is part of the fight
    ("استهدف مسلحون أمس حاجزا للشرطة بقذيفة صاروخية لتندلع اشتباكات بين الطرفين في بلدة الميادين.", "Armed clash"),
    ("استهدف مسلحون أمس حاجزا للشرطة بالأسلحة الرشاشة ما أدى إلى تبادل لإطلاق النار في بلدة الميادين.", "Armed clash"),
    # ... but not a named campaign ("معركة") the fire belongs to
    (
        "واصل المسلحون أمس استهداف بلدة الفوعة بالمدفعية الثقيلة ضمن معركة أعلنوا عنها مؤخرا.",
        "Shelling/artillery/missile attack",
    ),
]


@pytest.mark.parametrize(("sentence", "sub"), TRIGGERS)
def test_round3_triggers(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence)
    assert doc.events, [s.decision for s in seen]
    assert doc.events[0].sub_event_type == sub, [s.decision for s in seen]


@pytest.mark.parametrize(
    ("later", "deaths"),
    [
        # the attacker's own death told later is not the toll of the lead's bombing
        ("وقد لقي الانتحاري حتفه في الانفجار.", 10),
        # control: a later figure of the victims is
        ("وقالت الشرطة إن 14 شخصا قتلوا في التفجير الانتحاري.", 14),
    ],
)
def test_round3_perpetrator_death_is_not_the_toll(coder: Callable[..., Any], later: str, deaths: int) -> None:
    doc, _ = coder("قتل وأصيب عشرات الأشخاص في تفجير انتحاري بسيارة مفخخة في مدينة مقديشو أمس. " + later)
    bombings = [e for e in doc.events if e.sub_event_type == "Suicide bomb" and not e.optional]
    assert bombings and bombings[0].fatalities == deaths, [(e.fatalities, e.notes) for e in doc.events]
