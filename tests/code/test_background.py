"""Background, recap and explainer text (issue 6, generalisation round): for each rule a passage we wrote that it
must code as background (optional) or leave out, and a control passage it must keep as a current incident."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.lang.ar.normalize import fold
from rasd.model import Document, Segment, Span, content_id
from rasd.pipeline.analyze import Analyze
from rasd.pipeline.base import Pipeline
from rasd.pipeline.code.coder import _past_after_kana, code_document
from rasd.pipeline.normalize import Normalize

PUB = date(2018, 8, 15)


def _titled(text: str, published: date = PUB) -> tuple[Document, list[Any]]:
    """Like the coder fixture, with the first line marked as the title (the Extract stage does it in a run)."""
    doc = Document(id=content_id(text), text=text, published=published)
    cut = text.index("\n")
    doc.segments = [Segment(Span.of(text, 0, cut), "title"), Segment(Span.of(text, cut, len(text)), "body")]
    doc = Pipeline([Normalize(), Analyze()])(doc)
    return doc, code_document(doc, keep_seen=True, background=True)


def _current(doc: Any) -> list[Any]:
    return [e for e in doc.events if not e.optional]


# (passage, why it is background): an article with no incident dated near publication that explains, profiles or
# passes on an unverified story
EXPLAINERS = [
    # the title asks a question
    (
        "ما الجماعات المسلحة في المدينة؟\n\nوتمكنت الجماعة من السيطرة على مطار المدينة في عملية واسعة أدت إلى مقتل 12 جنديا.",
        "explainer title",
    ),
    # a group's founding
    (
        "جماعة مسلحة في الشمال\n\nتأسست الجماعة في بداية الحرب.\nوتمكنت الجماعة من السيطرة على مطار المدينة في عملية واسعة أدت إلى مقتل 12 جنديا.",
        "founding",
    ),
    # an unverified story
    (
        "سلاح جديد للمسلحين\n\nانتشرت صور لم يتسن التحقق من صحتها.\nوفجر مسلحون عبوة ناسفة في سوق المدينة وقتلوا ثلاثة مدنيين.",
        "unverified",
    ),
]


@pytest.mark.parametrize(("text", "why"), EXPLAINERS)
def test_explainer_without_a_dated_incident_is_background(text: str, why: str) -> None:
    doc, seen = _titled(text)
    assert doc.events, [s.decision for s in seen]
    assert _current(doc) == [], (why, [(e.sub_event_type, e.tags) for e in doc.events])
    assert all("background" in e.tags for e in doc.events)


KEPT_NEWS = [
    # a plain headline, no history, no doubt: the undated incident is the news
    "مسلحون يسيطرون على مطار المدينة\n\nوتمكنت الجماعة من السيطرة على مطار المدينة في عملية واسعة أدت إلى مقتل 12 جنديا.",
    # a question in the title, but the article dates its incident near publication
    "ما الجماعات المسلحة في المدينة؟\n\nوتمكنت الجماعة أمس من السيطرة على مطار المدينة في عملية واسعة أدت إلى مقتل 12 جنديا.",
]


@pytest.mark.parametrize("text", KEPT_NEWS)
def test_news_with_its_incident_is_kept(text: str) -> None:
    doc, seen = _titled(text)
    assert _current(doc), [s.decision for s in seen]


def test_bare_pluperfect_at_the_head_is_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وكانت الشرطة اعتقلت عشرات من الناشطين في المدينة.", published=PUB)
    assert doc.events and _current(doc) == [], [(e.sub_event_type, e.tags, e.optional) for e in doc.events]
    # with a day of its own the pluperfect tells a recent incident
    doc, seen = coder("وكانت الشرطة اعتقلت أمس عشرات من الناشطين في المدينة.", published=PUB)
    assert [e.sub_event_type for e in _current(doc)] == ["Arrests"], [s.decision for s in seen]


def test_kana_with_a_speaker_is_no_pluperfect_of_the_incident(coder: Callable[..., Any]) -> None:
    # "كان" + an indefinite subject and its phrase: the verb after it is the speaker's, the incident is told
    doc, _ = coder("وكان متحدث باسم الوزارة أفاد في حصيلة أولية عن مقتل ثمانية عناصر أمن في هجوم.", published=PUB)
    assert _current(doc), [(e.sub_event_type, e.tags) for e in doc.events]


def test_bare_pluperfect_in_a_relative_clause_is_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وزار الوزير الملهى الذي كان تعرض لهجوم مسلح أسفر عن مقتل 39 شخصا.", published=PUB)
    assert _current(doc) == [], [(e.sub_event_type, e.tags) for e in doc.events]
    assert any(r.reason == "background_reference" for s in seen for r in s.rejected)
    doc, seen = coder("وزار الوزير الملهى الذي تعرض أمس لهجوم مسلح أسفر عن مقتل 39 شخصا.", published=PUB)
    assert _current(doc), [s.decision for s in seen]


@pytest.mark.parametrize(
    ("kana", "word", "past"),
    [
        ("كان", "تعرض", True),  # form V past after the masculine
        ("كانت", "اعتقلت", True),
        ("كانت", "تطلق", False),  # imperfect: a past progressive
        ("كان", "يقود", False),
        ("كان", "الهجوم", False),  # the subject, not a verb
        ("كان", "متحدث", False),  # an indefinite subject: a participle
        ("كان", "مسلحون", False),
        ("كانوا", "هاجموا", True),
    ],
)
def test_past_after_kana(kana: str, word: str, past: bool) -> None:
    assert _past_after_kana(fold(kana), fold(word)) is past


BACKGROUND_THEN = "وكانت المنطقة مسرحا لهجوم إرهابي في مارس 2017 أسفر عن مقتل 4 أشخاص. "


def test_undated_sentence_after_a_background_one_goes_on_telling_it(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        BACKGROUND_THEN + "وقتل المهاجم 3 من أفراد الشرطة طعنا قبل أن تطلق الشرطة النار عليه.", published=PUB
    )
    assert doc.events and _current(doc) == [], [(e.sub_event_type, e.event_date, e.tags) for e in doc.events]


def test_a_new_topic_after_a_background_sentence_is_kept(coder: Callable[..., Any]) -> None:
    doc, seen = coder(
        BACKGROUND_THEN + "ومن جهة أخرى، قتل مهاجم 3 من أفراد الشرطة طعنا قبل أن تطلق الشرطة النار عليه.", published=PUB
    )
    assert _current(doc), [s.decision for s in seen]


def test_a_since_date_does_not_make_the_next_sentence_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder(
        "وتضاعفت الهجمات منذ الهجوم الانتحاري في 20 يوليو. وقتل 3 مسلحين على يد قوات الأمن في هجوم على مركز للشرطة.",
        published=PUB,
    )
    assert _current(doc), [s.decision for s in seen]


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        # a month's toll, a campaign's toll
        ("قتل 180 فلسطينيا خلال شهر في غارات إسرائيلية على شمال القطاع.", 0),
        ("وارتفعت حصيلة العدوان إلى 180 قتيلا في غارات إسرائيلية على شمال القطاع.", 0),
        # a week of ongoing fighting gives its latest figure (GUIDELINE), and a day's update is the incident's
        ("قتل 40 شخصا على الأقل خلال أسبوع من الاشتباكات بين مسلحي القبيلتين في المدينة.", 40),
        ("وارتفعت حصيلة قتلى الغارة الإسرائيلية على المخيم أمس إلى 12 قتيلا.", 12),
    ],
)
def test_period_recap_toll(coder: Callable[..., Any], sentence: str, deaths: int) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert doc.events, [s.decision for s in seen]
    assert doc.events[0].fatalities == deaths, (doc.events[0].fatalities, doc.events[0].notes)


def test_permission_to_begin_is_a_plan(coder: Callable[..., Any]) -> None:
    doc, seen = coder("أعطت السلطات أمس الإذن لبدء العمل في هدم مقر الحزب في المدينة.", published=PUB)
    assert doc.events == [], [(e.sub_event_type, e.tags) for e in doc.events]
    assert any(r.reason == "future_or_plan" for s in seen for r in s.rejected)
    doc, seen = coder("هدمت السلطات أمس مقر الحزب في المدينة.", published=PUB)
    assert doc.events, [s.decision for s in seen]


# (sentence, the reason recorded on its rejected trigger, a control sentence that stays an event)
FRAMES = [
    # a claim frame: the incident is alleged
    (
        "وجاء ذلك وسط اتهامات للجيش بقصف الأحياء السكنية في المدينة أمس.",
        "hypothetical",
        "وقصف الجيش الأحياء السكنية في المدينة أمس وقتل 3 مدنيين.",
    ),
    # a habit in rhetoric
    (
        "وقال الوزير إنه في كل مرة قصفت الطائرات المدينة يرتفع صراخ الدول الغربية.",
        "generic",
        "وقال الوزير إن الطائرات قصفت المدينة أمس وقتل 3 مدنيين.",
    ),
    # a drop of leaflets is no strike
    (
        "استهدفت طائرات التحالف المدينة أمس بآلاف المنشورات.",
        "harmless_load",
        "استهدفت طائرات التحالف المدينة أمس بعشرات الغارات وقتلت 3 مسلحين.",
    ),
    # "المحاصرة" after a place is its state (besieged), not a siege of the day
    (
        "وصلت أمس قافلة مساعدات إلى مدينة دوما المحاصرة.",
        "static_control",
        "حاصرت قوات الجيش أمس مدينة دوما وقتلت 3 مسلحين.",
    ),
]


@pytest.mark.parametrize(("sentence", "reason", "control"), FRAMES)
def test_frames_that_tell_no_incident(coder: Callable[..., Any], sentence: str, reason: str, control: str) -> None:
    doc, seen = coder(sentence, published=PUB)
    assert doc.events == [], [(e.sub_event_type, e.tags) for e in doc.events]
    assert reason in {r.reason for s in seen for r in s.rejected}, [s.decision for s in seen]
    doc, seen = coder(control, published=PUB)
    assert doc.events, [s.decision for s in seen]


LEAD_UNDATED = "أقر التحالف بارتكاب أخطاء في غارات جوية على المحافظة أسفرت عن مقتل العشرات من المدنيين."
TOLD_OLD = "\nوقد أسفرت الغارات الجوية التي شنها التحالف الشهر الماضي عن مقتل 51 شخصا."


def test_undated_incident_dated_only_in_the_past_is_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder(LEAD_UNDATED + TOLD_OLD, published=PUB)
    assert doc.events and _current(doc) == [], [(e.sub_event_type, e.event_date, e.tags) for e in doc.events]
    # alone, the undated incident is the news
    doc, seen = coder(LEAD_UNDATED, published=PUB)
    assert _current(doc), [s.decision for s in seen]


def test_a_claim_about_a_reported_strike_keeps_the_strike(coder: Callable[..., Any]) -> None:
    # the claim is about the strike's aim; the strike and its toll are reported
    doc, seen = coder(
        "نفت الحركة الادعاءات بأن قصف المخيم أمس، الذي أسفر عن مقتل 71 شخصا، كان يستهدف قادة.", published=PUB
    )
    assert [e.fatalities for e in doc.events] == [71], [s.decision for s in seen]


def test_pluperfect_with_qad_is_kept_as_background(coder: Callable[..., Any]) -> None:
    # GUIDELINE: background events are coded optional (a default run leaves them out), not dropped
    text = "وكانت طائرات التحالف قد شنت غارات على المدينة وقتلت 5 مدنيين."
    doc, seen = coder(text, published=PUB)
    assert doc.events and all(e.optional and "background" in e.tags for e in doc.events), [s.decision for s in seen]
    doc, _ = coder(text, published=PUB, background=False)
    assert doc.events == []
