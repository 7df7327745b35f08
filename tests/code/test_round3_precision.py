"""Round 3, precision on unseen text (issue 6): for each rule a sentence we wrote that it must leave out or recode,
and a control it must keep. Each test fails with the rule's switch off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.code import coder as C

PUB = date(2019, 5, 8)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # an undated toll in the thousands is a campaign's count
        ("وأفاد المرصد بأن طائرات التحالف قتلت 2500 من عناصر التنظيم في غارات على مواقعه خلال عشرة أشهر.", False),
        ("وأشار إلى مقتل 1200 مسلح على الأقل جراء غارات التحالف على مقار التنظيم في محافظتي حلب والرقة.", False),
        # controls: a smaller undated toll, and a large toll dated by its day
        ("وقتل 25 مسلحا على الأقل جراء غارات التحالف على مقار التنظيم في محافظة الرقة.", True),
        ("وقتل 1200 شخص على الأقل جراء هجوم بالغاز على البلدة أمس.", True),
    ],
)
def test_undated_toll_in_the_thousands_is_a_recap(coder: Callable[..., Any], sentence: str, kept: bool) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert bool(doc.events) == kept, [s.decision for s in seen]


def test_toll_recap_switch(coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "وأفاد المرصد بأن طائرات التحالف قتلت 2500 من عناصر التنظيم في غارات على مواقعه خلال عشرة أشهر."
    monkeypatch.setattr(C, "TOLL_RECAP", False)
    doc, _ = coder(sentence, published=PUB)
    assert doc.events


def test_the_name_yasser_is_no_capture(coder: Callable[..., Any]) -> None:
    # "ياسر" (a first name) folds like "يأسر" (he captures)
    _, seen = coder("وفاة الصحفي ياسر بعد إصابته برصاص الجيش على حدود المدينة.", published=PUB)
    assert not any(h.payload == "abduction" for s in seen for h in s.triggers)
    doc, seen = coder("وقالت مصادر إن المسلحين يأسرون الجنود في المدينة أمس.", published=PUB)
    assert any(e.sub_event_type == "Abduction/forced disappearance" for e in doc.events), [s.decision for s in seen]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ('وأعلنت موسكو أمس أن القوات الحكومية لن تشن "هجوما واسعا" على المدينة.', False),
        ("وأعلنت موسكو أمس أن القوات الحكومية شنت هجوما واسعا على المدينة.", True),
        ('وأعلنت موسكو أمس أن القوات الحكومية شنت "هجوما واسعا" على المدينة.', True),
    ],
)
def test_a_quotation_mark_does_not_shield_a_trigger(
    coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str, kept: bool
) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert bool(doc.events) == kept, [s.decision for s in seen]
    if not kept:
        monkeypatch.setattr(C, "QUOTED_TRIGGER_FILTERS", False)
        doc, _ = coder(sentence, published=PUB)
        assert doc.events


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # an agreement in force frames another act; bases kept are no base established
        ('وتنشر تركيا جنودا حول المدينة في إطار "اتفاق التهدئة" مع موسكو.', False),
        ("وتتوتر العلاقة مع تركيا التي تحتفظ بنقاط تمركز حول المدينة.", False),
        # an incident told as what weeks gone by brought, without a day of its own
        ("وتعرضت مواقع الجيش قرب المدينة خلال الأسابيع الماضية لهجمات شنها مسلحون.", False),
        # a disengagement line, fighters holding a province, an attempt
        ("ويسيطر المسلحون على البلدة الواقعة قرب خط فض الاشتباك بين الطرفين.", False),
        ("ويقدر عدد المسلحين في المدينة بعشرة آلاف مقاتل يحكمون سيطرتهم على المحافظة.", False),
        ("وتحاول القوات طرد المسلحين من آخر جيب لهم قرب المدينة.", False),
        # a period told before, a count since an announcement, a protest as the height of which a day comes
        ("وقال المرصد إن 170 مدنيا قتلوا جراء غارات التحالف في المدينة خلال هذه الفترة.", False),
        ("وقتل 32 فلسطينيا منذ إعلان نقل السفارة إلى القدس.", False),
        ("ويأتي ذلك في ذروة مسيرة العودة التي تقام للأسبوع الرابع قرب السياج.", False),
        # controls: an agreement reached, a base set up, an attack of the day
        ("ووقعت الحكومة والمتمردون أمس اتفاقا لوقف إطلاق النار في المدينة.", True),
        ("وأقامت القوات التركية أمس نقطة تمركز جديدة قرب المدينة.", True),
        ("وتعرضت مواقع الجيش قرب المدينة أمس لهجوم شنه مسلحون.", True),
        ("واندلعت اشتباكات عنيفة أمس بين الجيش والمسلحين قرب المدينة.", True),
        ("وأحكم المسلحون أمس سيطرتهم على المدينة بعد معارك عنيفة.", True),
        ("وطردت القوات المسلحين أمس من آخر جيب لهم قرب المدينة.", True),
        ("وأعلن الجيش أمس استعادة السيطرة على المدينة.", True),
    ],
)
def test_frames_and_periods_that_tell_no_incident(coder: Callable[..., Any], sentence: str, kept: bool) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert bool(doc.events) == kept, [(s.decision, [(r.hit.surface, r.reason) for r in s.rejected]) for s in seen]


def _protest(actor: str, place: Place | None) -> Event:
    return Event(
        event_type="Protests",
        sub_event_type="Excessive force against protesters",
        evidence=Span(0, 1, "x"),
        event_date=PUB,
        actor1=Actor(actor, 6),
        place=place,
        fatalities=3,
    )


def test_an_unplaced_telling_with_a_guessed_actor_country_is_the_same_incident(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gaza = Place("Gaza Strip", country="Palestine", latitude=31.42, longitude=34.37, geo_precision=3)
    told, retold = _protest("Protesters (Palestine)", gaza), _protest("Protesters (Israel)", None)
    assert len(C.assemble([told, retold])) == 1
    # control: two placed tellings in two countries stay two
    other = _protest("Protesters (Israel)", Place("Sderot", country="Israel", latitude=31.52, longitude=34.6))
    assert len(C.assemble([_protest("Protesters (Palestine)", gaza), other])) == 2
    monkeypatch.setattr(C, "PLACELESS_COUNTRY", False)
    told, retold = _protest("Protesters (Palestine)", gaza), _protest("Protesters (Israel)", None)
    assert len(C.assemble([told, retold])) == 2


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        (
            "وأفادت وسائل إعلام رسمية بتصدي أنظمة الدفاع الجوي لهجوم صاروخي قرب المدينة فجر اليوم.",
            "Disrupted weapons use",
        ),
        ("وتصدت الدفاعات الجوية فجر اليوم لهجوم صاروخي استهدف مطار المدينة.", "Disrupted weapons use"),
        ('وتصدت الدفاعات الجوية فجر اليوم لما وصفته بـ"هدف معاد" فوق المدينة.', "Disrupted weapons use"),
        # a count before the destroyed device, and the verb right after it describing it
        ("وأعلن الجيش أمس تدمير 5 طائرات مسيرة مفخخة استهدفت مناطق في الجنوب.", "Disrupted weapons use"),
        # control: a missile attack that was not met
        ("وأطلق المسلحون صواريخ على مطار المدينة فجر اليوم.", "Shelling/artillery/missile attack"),
    ],
)
def test_air_defence_meeting_an_attack_is_an_interception(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert [e.sub_event_type for e in doc.events] == [sub], [s.decision for s in seen]


@pytest.fixture(scope="module")
def geocoded(pipeline_at: Callable[[str], Callable[..., Document]]) -> Callable[..., Document]:
    return pipeline_at("2019-05-08")


@pytest.mark.slow
def test_definite_projectiles_from_a_place_came_from_there(geocoded: Callable[..., Document]) -> None:
    doc = geocoded("وأطلق المسلحون أمس عشرات الصواريخ من لبنان على مواقع عسكرية.")
    assert all(e.place is None or e.place.country != "Lebanon" for e in doc.events), [
        (e.sub_event_type, e.place and e.place.name) for e in doc.events
    ]


def test_an_undated_sentence_after_a_campaign_count_goes_on_telling_it(coder: Callable[..., Any]) -> None:
    text = (
        "وأشار المرصد إلى مقتل 2900 من عناصر التنظيم جراء غارات التحالف على مقاره في المحافظة.\n"
        "كما لقي 115 مسلحا حتفهم جراء غارات التحالف على مقرات الجبهة في ريف المدينة."
    )
    doc, seen = coder(text, published=PUB, background=False)
    assert doc.events == [], [s.decision for s in seen]


@pytest.mark.slow
def test_a_topic_is_no_incident(geocoded: Callable[..., Document]) -> None:
    doc = geocoded('وقال ممثل النظام السوري "في ما يتعلق باستعادة السيطرة على مدينة إدلب ليس هناك حل وسط".')
    assert doc.events == [], [(e.sub_event_type, e.place and e.place.name) for e in doc.events]
    # control: a capture told as done
    doc = geocoded("وأعلن الجيش السوري أمس استعادة السيطرة على مدينة إدلب.")
    assert [e.event_type for e in doc.events] == ["Battles"]


def test_the_manner_of_a_referenced_death_is_that_death(
    coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = "وأعلن الوزير أمس توسيع المستوطنة ردا على مقتل مستوطن طعنا على يد شاب فلسطيني."
    doc, seen = coder(sentence, published=PUB)
    assert doc.events == [], [s.decision for s in seen]
    # control: the stabbing told as the incident
    doc, seen = coder("وقتل مستوطن طعنا على يد شاب فلسطيني أمس قرب المستوطنة.", published=PUB)
    assert doc.events, [s.decision for s in seen]
    monkeypatch.setattr(C, "MANNER_OF_REFERENCE", False)
    doc, _ = coder(sentence, published=PUB)
    assert doc.events
