"""One table per event-hood filter: sentences we wrote that must NOT become events, with the recorded reason,
and a control sentence for each that must (so a filter that rejects everything fails)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# (sentence, the reason the trigger is rejected or the decision says)
REJECTED = [
    # negation
    ("لم تقصف الطائرات أي موقع في المدينة خلال الأسبوع الماضي.", "negated"),
    ("أكد الجيش أن قواته لا تقصف المدنيين في المنطقة.", "negated"),
    # denial
    ("نفت الحكومة اليمنية قصف أي أحياء سكنية في مدينة تعز.", "denied"),
    # future, plan, threat
    ("قال مسؤول إن الجيش سوف يشن هجوما على مواقع المسلحين في الأيام المقبلة.", "future_or_plan"),
    ("يعتزم الجيش شن هجوم واسع على مواقع المسلحين في المنطقة الشرقية.", "future_or_plan"),
    ("هدد زعيم الجماعة بقصف المدن الحدودية إذا استمر الحصار.", "threat_or_call"),
    ("دعت الأمم المتحدة إلى وقف الاشتباكات في مدينة طرابلس فورا.", "threat_or_call"),
    # cessation
    ("طالب الوسطاء الطرفين بضمان وقف إطلاق النار في القطاع.", "threat_or_call"),
    # modality / hypothetical
    ("إذا انفجرت العبوة لقتل العشرات في السوق.", "hypothetical"),
    ("حذر خبراء من أن أي قصف للسد قد يؤدي إلى كارثة.", "threat_or_call"),
]


@pytest.mark.parametrize(("sentence", "reason"), REJECTED)
def test_filter_rejects_with_reason(coder: Callable[..., Any], sentence: str, reason: str) -> None:
    doc, seen = coder(sentence)
    assert doc.events == [], [e.sub_event_type for e in doc.events]
    reasons = {r.reason for s in seen for r in s.rejected}
    assert reason in reasons, (reasons, [s.decision for s in seen])


# The same incidents stated as facts: every filter above must let these through.
CONTROLS = [
    "قصفت الطائرات موقعا للمسلحين في المدينة أمس الأحد وقتلت ثلاثة منهم.",
    "قصفت القوات الحكومية أحياء سكنية في مدينة تعز أمس فقتل مدنيان.",
    "شن الجيش هجوما على مواقع المسلحين أمس وقتل خمسة منهم.",
    "اندلعت اشتباكات بين الجيش ومسلحين في مدينة طرابلس أمس الأحد أسفرت عن مقتل 4 أشخاص.",
    "انفجرت عبوة ناسفة في سوق مدينة الرمادي أمس فقتلت ثلاثة مدنيين.",
]


@pytest.mark.parametrize("sentence", CONTROLS)
def test_control_is_an_event(coder: Callable[..., Any], sentence: str) -> None:
    doc, seen = coder(sentence)
    assert len(doc.events) == 1, [s.decision for s in seen]


def test_denial_after_the_report_is_a_claim_not_a_rejection(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "قتل أربعة مدنيين جراء قصف القوات الحكومية لقرية في ريف حماة، حسبما ذكر المرصد، في حين نفت الحكومة قصف المدنيين."
    )
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.claim("denied_by") == "الحكومة"
    assert ev.claim("reported_by") == "المرصد"


def test_statement_is_an_interaction_not_an_event(coder: Callable[..., Any]) -> None:
    doc, _seen = coder("ندد وزير الخارجية الأردني بالعدوان على غزة، ودعا المجتمع الدولي إلى التحرك.")
    assert doc.events == []
    assert [i.plover for i in doc.interactions] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("sentence", "plover"),
    [
        ("دعت وزارة الخارجية الروسية الطرفين إلى ضبط النفس.", "REQUEST"),
        ("بحث الرئيس المصري في اتصال هاتفي مع نظيره الفرنسي الأوضاع في المنطقة.", "CONSULT"),
        ("هدد الحوثيون باستهداف السفن في البحر الأحمر.", "THREATEN"),
        ("رفضت الحكومة العراقية الاتهامات الموجهة إليها.", "REJECT"),
    ],
)
def test_verbal_interactions_get_plover_types(coder: Callable[..., Any], sentence: str, plover: str) -> None:
    doc, _ = coder(sentence)
    assert doc.events == []
    assert [i.plover for i in doc.interactions] == [plover]


def test_recap_without_place_and_time_is_not_coded(coder: Callable[..., Any]) -> None:
    doc, seen = coder("أودت الحرب بحياة أكثر من 350 ألف شخص منذ عام 2011 في غارات وقصف واشتباكات.")
    assert doc.events == []
    assert seen[0].recap


def test_background_older_than_a_week_is_optional(coder: Callable[..., Any]) -> None:
    text = "قصفت قوات النظام بلدة كفرنبل في 3 كانون الثاني 2024 وقتلت مدنيين اثنين."
    doc, _ = coder(text, background=True)
    assert [e.optional for e in doc.events] == [True]
    doc, _ = coder(text, background=False)
    assert doc.events == []


# Sentence-level decisions (not a single trigger's filter): (text, a substring of the decision)
NOT_INCIDENTS = [
    # a definite retelling with nothing of its own
    ("وقصفت قوات النظام بلدة كفرنبل صباح الأحد. وأسفر القصف عن دمار كبير.", "refers back"),
    # the pluperfect without a date recalls an earlier incident
    ("وكانت قوات النظام قد قصفت البلدة وقتلت عددا من سكانها.", "كان ... قد"),
    # a statement head without casualty figures or a described incident
    ("شدد الوزير على أن الاعتداءات على المدنيين في المنطقة مرفوضة.", "statement"),
    # a clash word with no armed party named
    ("تحدث الكاتب عن معارك سياسية وقانونية طويلة في البرلمان أمس.", "armed party"),
]


@pytest.mark.parametrize(("text", "why"), NOT_INCIDENTS)
def test_sentence_level_rejections(coder: Callable[..., Any], text: str, why: str) -> None:
    _doc, seen = coder(text)
    decisions = [s.decision for s in seen]
    assert any(why in d for d in decisions), decisions
    # no current incident: nothing coded, or (a recalled pluperfect, PLUPERFECT_OPTIONAL) only background
    assert all(why not in s.decision or all(e.optional for e in s.events) for s in seen)


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("يستعد الجيش لهجوم المتوقع على مواقع المسلحين في الريف الشرقي.", "future_or_plan"),
        ("رفعت السلطات درجة الاستنفار تحسبا لأي هجوم على المنشآت النفطية.", "hypothetical"),
        ("تقع البلدة في المناطق الخاضعة لسيطرة الفصائل منذ سنوات.", "static_control"),
        ("أطلق الجيش عملية واسعة لتحرير المدينة من المسلحين.", "purpose"),
        ("أعلن الجيش إغلاق المعبر ردا على إطلاق صواريخ من القطاع.", "background_reference"),
    ],
)
def test_more_filters(coder: Callable[..., Any], sentence: str, reason: str) -> None:
    _doc, seen = coder(sentence)
    reasons = {r.reason for s in seen for r in s.rejected}
    assert reason in reasons, (reasons, [s.decision for s in seen])


def test_interaction_source_and_target(coder: Callable[..., Any]) -> None:
    doc, _ = coder("بحث الرئيس المصري في اتصال هاتفي مع نظيره الفرنسي الأوضاع في المنطقة.")
    (it,) = doc.interactions
    assert (it.plover, it.source.name if it.source else None, it.target.name if it.target else None) == (
        "CONSULT",
        "Government of Egypt",
        "Government of France",
    )


def test_denial_in_the_next_sentence_is_denied_by(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "قتل مدنيان جراء قصف مدفعي لقوات النظام على بلدة سرمين أمس. "
        "ونفت وزارة الدفاع في بيان أن تكون قواتها قد استهدفت أحياء سكنية."
    )
    assert len(doc.events) == 1
    assert doc.events[0].claim("denied_by") == "وزارة الدفاع"
