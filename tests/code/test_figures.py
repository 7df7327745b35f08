"""Actors, fatalities and claims: tables of sentences we wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# (sentence, fatalities, injuries)
FIGURES = [
    # a breakdown is checked against the total, never added to it
    ("قتل 9 مدنيين بينهم 4 أطفال وامرأتان في قصف على بلدة سرمين أمس.", 9, None),
    # deaths and injuries are separate fields
    ("قتل 3 جنود وأصيب 12 آخرون بجروح في هجوم لمسلحين على حاجز للجيش أمس.", 3, 12),
    # only injuries
    ("أصيب 15 شخصا بجروح في غارة جوية على حي سكني أمس.", 0, 15),
    # vague counts follow ACLED: عشرات = 10
    ("قتل عشرات المدنيين في غارات جوية على مدينة دوما أمس.", 10, None),
    # a dual noun counts two
    ("قتل جنديان في انفجار عبوة ناسفة بدورية عسكرية أمس.", 2, None),
    # one death without a number
    ("قتل شرطي برصاص مسلحين مجهولين في مدينة العريش أمس.", 1, None),
    # "more than N" is N
    ("قتل أكثر من 20 شخصا في تفجير سيارة مفخخة في سوق مدينة الباب أمس.", 20, None),
    # nothing said: 0
    ("قصفت قوات النظام بلدة كفرنبل أمس الأحد.", 0, None),
    # two figures joined by "و" written onto the number word add up
    ("قتل خمسة مسلحين وثلاثة جنود في اشتباكات قرب مدينة مأرب أمس.", 8, None),
    # one singular victim before a passive death verb ("أن مستوطنا قتل في هجوم") is one death
    ("أعلن الجيش أمس أن مستوطنا قتل في هجوم بسكين نفذه شاب فلسطيني قرب رام الله.", 1, None),
    # a named victim and a companion killed with him: two
    ("قتل القيادي في الحركة ومرافقه في غارة إسرائيلية على سيارة في مدينة صور أمس.", 2, None),
    ("قتل القيادي في الحركة وزوجته وابنه في غارة إسرائيلية على منزله في مدينة صور أمس.", 3, None),
    (
        "توفي المسؤول في الحركة متأثرا بجراح أصيب بها إثر إطلاق نار عليه مع مرافقه الذي قتل أيضا في مخيم عين الحلوة أمس.",
        2,
        None,
    ),
    # militants named by a singular noun count like any other victim
    ("قتل إرهابي في اشتباك مع قوات الأمن في جبل الشعانبي أمس.", 1, None),
    # ... but not a companion who survived
    ("قتل القيادي في الحركة ونجا سائقه في غارة إسرائيلية على سيارة في مدينة صور أمس.", 1, None),
    # the death verb after a partitive "N عنصرا من المسلحين قتلوا" still tells what the figure counts
    ("وأكد القائد أن 25 عنصرا من المسلحين قتلوا في اشتباكات مع الجيش قرب مدينة مأرب أمس.", 25, None),
]


@pytest.mark.parametrize(("sentence", "deaths", "injuries"), FIGURES)
def test_fatalities(coder: Callable[..., Any], sentence: str, deaths: int, injuries: int | None) -> None:
    doc, seen = coder(sentence)
    assert len(doc.events) == 1, [s.decision for s in seen]
    assert (doc.events[0].fatalities, doc.events[0].injuries) == (deaths, injuries), doc.events[0].notes


def test_later_update_of_the_toll_wins(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "قتل 5 مدنيين في انفجار سيارة مفخخة في سوق مدينة الباب صباح الأحد. "
        "وارتفع عدد قتلى انفجار السيارة المفخخة في سوق مدينة الباب إلى 8 قتلى بحسب الدفاع المدني."
    )
    assert len(doc.events) == 1
    assert doc.events[0].fatalities == 8


# (sentence, actor1, inter1, actor2, civilian_targeting)
ACTORS = [
    (
        "شن جيش الاحتلال غارة جوية على منزل في مدينة رفح أمس فقتل طفلين.",
        "Military Forces of Israel",
        1,
        "Civilians",
        True,
    ),
    ("قصفت قوات النظام بلدة كفرنبل أمس فقتل ثلاثة مدنيين.", "Military Forces of Syria", 1, "Civilians", True),
    ("قتل مدنيان برصاص مسلحين مجهولين في قرية قرب مدينة درعا أمس.", "Unidentified Armed Group", 3, "Civilians", True),
    (
        "اندلعت اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في ريف دير الزور أمس.",
        "QSD: Syrian Democratic Forces",
        2,
        "Islamic State",
        False,
    ),
    (
        "استهدف الحوثيون بصاروخ باليستي مواقع للجيش السعودي في جازان أمس.",
        "Houthi Movement",
        2,
        "Military Forces of Saudi Arabia",
        False,
    ),
]


@pytest.mark.parametrize(("sentence", "a1", "inter1", "a2", "civ"), ACTORS)
def test_actor_roles(coder: Callable[..., Any], sentence: str, a1: str, inter1: int, a2: str, civ: bool) -> None:
    doc, seen = coder(sentence)
    assert len(doc.events) == 1, [s.decision for s in seen]
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name.startswith(a1), ev.actor1
    assert ev.actor1.inter == inter1
    assert ev.actor2 is not None and ev.actor2.name.startswith(a2), ev.actor2
    assert ev.civilian_targeting is civ


def test_state_forces_abroad_are_external() -> None:
    from rasd.pipeline.code.actors import entries, resolve

    idf = next(e for e in entries() if e["id"] == "idf")
    assert resolve(idf, "Palestine", "جيش الاحتلال", None).inter == 8
    assert resolve(idf, "Israel", "جيش الاحتلال", None).inter == 1


def test_actor_date_bounds() -> None:
    from datetime import date

    from rasd.pipeline.code.actors import entries, in_bounds

    by_id = {e["id"]: e for e in entries()}
    assert in_bounds(by_id["nusra"], date(2015, 1, 1)) and not in_bounds(by_id["nusra"], date(2018, 1, 1))
    assert in_bounds(by_id["hts"], date(2018, 1, 1)) and not in_bounds(by_id["hts"], date(2015, 1, 1))


def test_every_state_has_military_police_and_descriptive_actors() -> None:
    from rasd.pipeline.code.actors import entries

    names = {e["name"] for e in entries()}
    for country in (
        "Syria",
        "Iraq",
        "Yemen",
        "Israel",
        "Iran",
        "Turkey",
        "Russia",
        "United States",
        "Ethiopia",
        "Armenia",
        "Azerbaijan",
        "Ukraine",
        "Sudan",
        "Libya",
        "Somalia",
    ):
        assert f"Military Forces of {country}" in names
        assert f"Police Forces of {country}" in names
    for group in (
        "Hamas",
        "Palestinian Islamic Jihad",
        "Hezbollah",
        "Houthi Movement",
        "Islamic State ({country})",
        "Al Qaeda in the Arabian Peninsula",
        "Hayat Tahrir al Sham",
        "QSD: Syrian Democratic Forces",
        "Rapid Support Forces",
        "Al Shabaab",
        "PKK: Kurdistan Workers Party",
        "PMF: Popular Mobilization Forces",
        "Military Forces of Libya (2014-) Libyan National Army",
        "Wagner Group",
        "Africa Corps",
        "Unidentified Armed Group ({country})",
        "Civilians ({country})",
        "Protesters ({country})",
        "Rioters ({country})",
    ):
        assert group in names


# (sentence, kind, who)
CLAIMS = [
    ("قتل 4 مدنيين في قصف على بلدة سرمين أمس، حسبما نقلت وكالة الأناضول.", "reported_by", "وكالة الأناضول"),
    (
        "قال المرصد السوري لحقوق الإنسان إن 6 مقاتلين قتلوا في اشتباكات بريف حلب أمس.",
        "reported_by",
        "المرصد السوري لحقوق الإنسان",
    ),
    ("قتل 7 جنود في هجوم على حاجز للجيش في شمال سيناء أمس، وفق مصادر طبية.", "reported_by", "مصادر طبية"),
    (
        "تبنى تنظيم داعش الهجوم الذي استهدف حاجزا للجيش في ريف دير الزور أمس وقتل فيه 3 جنود.",
        "claimed_by",
        "تنظيم داعش",
    ),
]


@pytest.mark.parametrize(("sentence", "kind", "who"), CLAIMS)
def test_claims(coder: Callable[..., Any], sentence: str, kind: str, who: str) -> None:
    doc, seen = coder(sentence)
    assert len(doc.events) == 1, [s.decision for s in seen]
    assert doc.events[0].claim(kind) == who, [(c.kind, c.who) for c in doc.events[0].claims]


def test_claim_of_responsibility_sets_actor1(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "انفجرت سيارة مفخخة قرب حاجز في مدينة الباب أمس. وأعلن تنظيم داعش مسؤوليته عن التفجير الذي أوقع 5 قتلى."
    )
    assert doc.events and doc.events[0].actor1 is not None
    assert doc.events[0].actor1.name.startswith("Islamic State")


def test_same_incident_told_twice_is_one_event(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "قصفت قوات النظام بلدة كفرنبل في ريف إدلب صباح الأحد. "
        "وأفاد ناشطون بأن قصف قوات النظام على بلدة كفرنبل أسفر عن مقتل ثلاثة مدنيين."
    )
    assert len(doc.events) == 1
    assert doc.events[0].fatalities == 3


def test_every_event_keeps_its_evidence_and_field_spans(coder: Callable[..., Any]) -> None:
    text = "قتل 7 مدنيين جراء قصف القوات الأذربيجانية لقرية في الإقليم، حسبما نقلت وكالة الأنباء الأرمينية."
    doc, _ = coder(text)
    ev = doc.events[0]
    assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    for spans in ev.spans.values():
        for sp in spans:
            assert doc.text[sp.start : sp.end] == sp.text
    assert {"trigger", "actor1", "fatalities", "reported_by"} <= set(ev.spans)


def test_other_figures_are_not_deaths(coder: Callable[..., Any]) -> None:
    doc, _ = coder("قتل مسلح واعتقل 16 شخصا خلال مداهمة نفذتها قوات الأمن في مدينة القصرين أمس.")
    assert doc.events
    assert all(e.fatalities != 16 for e in doc.events)


def test_nominative_plural_is_the_subject(coder: Callable[..., Any]) -> None:
    doc, _ = coder("استهدف المسلحون بقذائف الهاون مواقع للجيش في ريف حماة أمس.")
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name.startswith("Unidentified Armed Group")
    assert ev.actor2 is not None and ev.actor2.name.startswith("Military Forces")


def test_the_reporting_authority_is_not_the_attacker(coder: Callable[..., Any]) -> None:
    doc, _ = coder("قتل ثلاثة مدنيين في انفجار عبوة ناسفة في سوق شعبي أمس، بحسب الشرطة.")
    ev = doc.events[0]
    assert ev.claim("reported_by") == "الشرطة"
    assert ev.actor1 is not None and ev.actor1.name.startswith("Unidentified Armed Group")


def test_a_retelling_adds_its_toll_to_the_incident(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "انفجرت سيارة مفخخة قرب حاجز للجيش في مدينة الباب صباح الأحد. وأسفر الانفجار عن مقتل 4 جنود وإصابة 9 آخرين."
    )
    assert len(doc.events) == 1
    assert (doc.events[0].fatalities, doc.events[0].injuries) == (4, 9)


# (text, fatalities of its one event): a toll told in another sentence of the article counts for the incident
TOLLS_ELSEWHERE = [
    # a retelling with one victim and no figure adds its death to the incident told earlier
    (
        "انفجرت عبوة ناسفة زرعها مسلحون بسيارة للجيش قرب بلدة تل أبيض صباح الأحد. "
        "وقال المرصد إن الانفجار أسفر عن مقتل شخص على الأقل.",
        1,
    ),
    # "عدد كبير من" is a vague count: 10, as ACLED codes "many"
    (
        "قصفت قوات النظام بلدة كفرنبل صباح الأحد. وأكد ناشطون أن القصف أسفر عن مقتل عدد كبير من السكان.",
        10,
    ),
    # a lower "toll so far" told later does not replace the precise figure of the incident
    (
        "قتل ستة جنود في هجوم لمسلحين على حاجز للجيش قرب مدينة أجدابيا صباح الجمعة. "
        "واشتبك المسلحون مع رتل للجيش قرب مدينة أجدابيا والحصيلة إلى الآن قتيلان.",
        6,
    ),
    # the incident told again (definite, in a relative clause) with a death of its own but no place or day
    (
        "هاجم انتحاري بسيارة مفخخة بوابة أمنية للجيش في مدينة أجدابيا صباح الجمعة. "
        "ولم تعلن أي جهة مسؤوليتها عن الاعتداء الذي قتل الانتحاري الذي نفذه.",
        1,
    ),
    # a sentence giving only a death figure (no place, weapon or perpetrator) is the lead incident's toll
    (
        "اندلعت اشتباكات بين الجيش ومسلحي تنظيم داعش قرب مدينة الرمادي صباح الأحد. "
        "وأوضح مصدر طبي أن عدد المسلحين الذين قتلوا بلغ 12.",
        12,
    ),
    # ... but not a running total since the start of a campaign
    (
        "اندلعت اشتباكات بين الجيش ومسلحي تنظيم داعش قرب مدينة الرمادي صباح الأحد. "
        "وارتفع عدد القتلى منذ بدء الهجوم إلى 300 شخص.",
        0,
    ),
    # ... nor a total counted since a date or over a past year
    (
        "اندلعت اشتباكات بين الجيش ومسلحي تنظيم داعش قرب مدينة الرمادي صباح الأحد. وقتل 300 شخص منذ بداية العام.",
        0,
    ),
    (
        "اندلعت اشتباكات بين الجيش ومسلحي تنظيم داعش قرب مدينة الرمادي صباح الأحد. وقتل 300 شخص في عام 2015.",
        0,
    ),
    # the same fighting told again with its toll and its day but no place: the lead incident's toll, one event
    (
        "سيطر الجيش على قرية في جبهة نهم صباح الأربعاء بعد معارك مع الحوثيين. "
        "وذكر قائد ميداني أن 20 عنصرا من الحوثيين قتلوا خلال معارك الأربعاء.",
        20,
    ),
]


@pytest.mark.parametrize(
    ("text", "deaths"),
    TOLLS_ELSEWHERE,
    ids=[
        "retold-one-victim",
        "many",
        "lower-toll-so-far",
        "retold-relative",
        "figure-only",
        "since-total",
        "since-after",
        "past-year",
        "placeless-retelling",
    ],
)
def test_toll_told_in_another_sentence(coder: Callable[..., Any], text: str, deaths: int) -> None:
    doc, seen = coder(text)
    assert len(doc.events) == 1, [s.decision for s in seen]
    assert doc.events[0].fatalities == deaths, doc.events[0].notes


def test_figure_only_sentence_goes_to_the_incident_with_a_toll_to_give(coder: Callable[..., Any]) -> None:
    """An abduction has no deaths to receive: the figure goes to the killing told before it."""
    doc, seen = coder(
        "خطف مسلحون مجهولون ممرضة أجنبية من مجمع في مدينة مقديشو صباح الأحد. "
        "وهاجم مسلحون حاجزا للشرطة في المدينة مساء السبت. وقال مصدر أمني إن ثلاثة من رجال الشرطة قتلوا."
    )
    tolls = {e.sub_event_type: e.fatalities for e in doc.events}
    assert tolls == {"Abduction/forced disappearance": 0, "Armed clash": 3}, [s.decision for s in seen]


# (text with a headline, published, fatalities of each event in order)
HEADLINE_TOLLS = [
    # the headline's toll is the lead incident's when the body gives none
    (
        "قتيل وإصابات في قصف صاروخي على مدينة حيفا\n\n"
        "سقطت صواريخ أطلقها حزب الله صباح اليوم على مدينة حيفا، مما أدى لسقوط إصابات.",
        "2024-03-06",
        [1],
    ),
    # when the lead is no killing (an arrest), the headline's toll is the first killing's
    (
        "مقتل متطرف واعتقال خمسة أشخاص في تونس\n\n"
        "اعتقلت قوات الأمن خمسة أشخاص بشبهة الإرهاب في مدينة بنزرت أمس. "
        "وكانت قوات الأمن شنت عملية صباح الخميس في مدينة سجنان استهدفت عناصر مسلحة.",
        "2024-03-08",
        [0, 1],
    ),
    # a running total in the headline is no incident's toll
    (
        "ارتفاع عدد القتلى منذ بدء الهجوم على مدينة الحديدة إلى 300\n\n"
        "اندلعت اشتباكات بين القوات الحكومية والحوثيين قرب مطار الحديدة صباح اليوم.",
        "2024-03-06",
        [0],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "deaths"), HEADLINE_TOLLS, ids=["lead", "first-killing", "since"])
def test_headline_toll(text: str, published: str, deaths: list[int]) -> None:
    from rasd.model import content_id
    from rasd.pipeline import default_pipeline
    from rasd.pipeline.ingest import from_record

    doc = default_pipeline()(from_record({"id": content_id(text), "text": text, "published": published}, "t"))
    assert [e.fatalities for e in doc.events] == deaths, [(e.sub_event_type, e.notes) for e in doc.events]
