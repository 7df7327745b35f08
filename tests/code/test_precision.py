"""Event-hood rules against false alarms (issue 6, detection precision): for each rule a sentence we wrote that it
must reject, with the recorded reason, and a control sentence it must keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.code.coder import assemble

# (sentence, the reason recorded on a rejected trigger)
REJECTED = [
    # idiom_after: a figure of speech for a defeat, not a strike
    ("وتمكنت القوات أمس من أسر العشرات من المسلحين داخل المطار في ضربة قاصمة لعناصر الجماعة.", "idiom"),
    # a capture in a relative clause on a group's name describes the group
    (
        "وظهر في البلدة مسلحون ينتمون إلى تنظيم الدولة الإسلامية الذي سيطر على أجزاء كبيرة من الإقليم.",
        "actor_description",
    ),
    # a denial in the dual ("تنفيان") is a denial
    ("لكن الحكومة وحليفتها تنفيان وقوع هجوم كيماوي في المدينة أمس.", "denied"),
    # motive: "احتجاجا على" gives the reason for a decision, no crowd protests
    ("قالت البلدية، السبت، إن المدينة علقت اتفاق التوأمة مع مدينة أخرى احتجاجا على نقل السفارة.", "motive_not_event"),
    # comparison: a trigger in a relative clause whose head is a point of comparison
    ("وقال الرجل إنه وضع في قدر الطهي شيئا مثل القنبلة التي استخدمت في تفجير المدينة.", "generic"),
    # coordination: the trigger joined by "و" to a rejected one shares its rejection, and so do the deaths of its
    # clause
    (
        "وتأتي الغارة بعد أسابيع من الاحتجاجات الحاشدة والمواجهات الدامية على الحدود بلغت ذروتها الاثنين مع مقتل 60 شخصا.",
        "background_reference",
    ),
]


@pytest.mark.parametrize(("sentence", "reason"), REJECTED)
def test_false_alarm_is_rejected(coder: Callable[..., Any], sentence: str, reason: str) -> None:
    doc, seen = coder(sentence)
    assert doc.events == [], [(e.sub_event_type, e.evidence.text) for e in doc.events]
    reasons = {r.reason for s in seen for r in s.rejected}
    assert reason in reasons, (reasons, [s.decision for s in seen])


def test_coordinated_trigger_and_its_deaths_inherit_the_rejection(coder: Callable[..., Any]) -> None:
    _, seen = coder(REJECTED[-1][0])
    rejected = {r.hit.payload: r.reason for s in seen for r in s.rejected}
    assert rejected.get("clash") == "background_reference", rejected  # والمواجهات
    assert rejected.get("kill") == "background_reference", rejected  # مقتل


def test_a_prior_agreement_is_background(coder: Callable[..., Any]) -> None:
    doc, seen = coder("وجاء انسحاب المسلحين من البلدة بناء على اتفاق مسبق لوقف إطلاق النار بين الطرفين.")
    assert "Agreement" not in [e.sub_event_type for e in doc.events]
    assert any(r.reason == "background_reference" and r.hit.payload == "agreement" for s in seen for r in s.rejected)


# (sentence, the sub-event type it must still give): the same words stating an incident
KEPT = [
    ("شنت الطائرات أمس ضربة جوية على مواقع للمسلحين في البلدة وقتلت خمسة منهم.", "Air/drone strike"),
    ("توصلت الحكومة والمعارضة أمس إلى اتفاق لوقف إطلاق النار في المدينة.", "Agreement"),
    ("نظم الآلاف أمس مسيرة في وسط العاصمة احتجاجا على زيارة الرئيس.", "Peaceful protest"),
    ("انفجرت قنبلة أمس في سوق المدينة وقتلت ثلاثة مدنيين.", "Remote explosive/landmine/IED"),
    ("أسفر التفجير الذي استهدف سوق المدينة أمس عن مقتل ثلاثة مدنيين.", "Remote explosive/landmine/IED"),
    (
        "سيطر تنظيم الدولة الإسلامية أمس على بلدة في ريف المدينة بعد معارك مع الجيش.",
        "Non-state actor overtakes territory",
    ),
    ("اندلعت أمس اشتباكات عنيفة والمواجهات الدامية بين الجيش والمسلحين في المدينة.", "Armed clash"),
]


@pytest.mark.parametrize(("sentence", "sub"), KEPT)
def test_control_is_still_an_event(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence)
    assert [e.sub_event_type for e in doc.events] == [sub], [s.decision for s in seen]


def test_an_accusation_in_a_report_is_a_statement(coder: Callable[..., Any]) -> None:
    doc, seen = coder("اتهمت منظمة حقوقية في تقرير نشرته الخميس، قوات الأمن بتعذيب سجناء في مراكز احتجاز سرية.")
    assert doc.events == []
    assert any(s.statement for s in seen)
    # without a report, an accusation is an attributed report of an incident (GUIDELINE: "according to X")
    doc, seen = coder("اتهم ناشطون القوات الحكومية بقصف بلدة في ريف المدينة أمس بالمدفعية الثقيلة.")
    assert [e.event_type for e in doc.events] == ["Explosions/Remote violence"], [s.decision for s in seen]


def test_deaths_after_a_plain_after_are_the_incident(coder: Callable[..., Any]) -> None:
    # "بعد" alone does not carry the deaths told after its incident into the background
    doc, seen = coder("بعد قصف مدفعي عنيف على البلدة أمس قتل خمسة مدنيين.")
    assert [e.fatalities for e in doc.events] == [5], [s.decision for s in seen]


def test_a_dated_capture_in_a_relative_clause_is_an_incident(coder: Callable[..., Any]) -> None:
    doc, seen = coder("أعلنت قوات النظام التي سيطرت أمس على بلدة في ريف المدينة أنها ستواصل التقدم.")
    assert [e.event_type for e in doc.events] == ["Battles"], [s.decision for s in seen]


def test_after_is_not_a_negation(coder: Callable[..., Any]) -> None:
    # "بعدما" was read as ب + "عدم" and negated the trigger after it
    _, seen = coder("قتل شاب بالرصاص بعدما طعن جنديا قرب حاجز عسكري أمس.")
    assert "negated" not in {r.reason for s in seen for r in s.rejected}


def test_one_arrest_told_with_a_violent_incident_is_part_of_it(coder: Callable[..., Any]) -> None:
    doc, seen = coder("أعلنت الشرطة أمس مقتل مطلوب ومرافقه واعتقال شخص ثالث خلال مداهمة في المدينة.")
    assert "Arrests" not in [e.sub_event_type for e in doc.events]
    assert any("part of it" in s.decision for s in seen), [s.decision for s in seen]


def test_a_counted_arrest_beside_a_death_is_an_arrests_event(coder: Callable[..., Any]) -> None:
    doc, _ = coder("أعلنت وزارة الداخلية أمس أن مسلحا قتل واعتقل 16 شخصا خلال عمليات لقوات الأمن في المدينة.")
    assert "Arrests" in [e.sub_event_type for e in doc.events]


def test_a_count_before_the_arrest_word_makes_it_an_arrests_event(coder: Callable[..., Any]) -> None:
    doc, _ = coder("أعلنت الوزارة أمس وضع متطرفين اثنين قيد الاعتقال الإداري بعد مقتل طفل حرقا في القرية.")
    assert "Arrests" in [e.sub_event_type for e in doc.events]
    # a count of the dead before it is no count of the arrested
    doc, _ = coder("قتل 3 أشخاص واعتقال مشتبه به في هجوم على حاجز أمس.")
    assert "Arrests" not in [e.sub_event_type for e in doc.events]


def test_the_arrest_of_the_attacker_in_another_sentence_is_part_of_the_attack(coder: Callable[..., Any]) -> None:
    doc, seen = coder(
        "أصيب سبعة أشخاص أمس في هجوم بسكين شنه رجل في وسط المدينة. وقال شهود إن رجال الشرطة اعتقلوا المهاجم مساء أمس."
    )
    assert any(s.sub_event_type == "Arrests" for s in seen)  # the arrest sentence is coded ...
    assert [e.sub_event_type for e in doc.events] == ["Attack"]  # ... and folded into the attack


def test_an_arrest_alone_is_an_arrests_event(coder: Callable[..., Any]) -> None:
    doc, _ = coder("ألقت الشرطة أمس القبض على ناشط معارض في المدينة بتهمة نشر أخبار كاذبة.")
    assert doc.events == [] or [e.sub_event_type for e in doc.events] == ["Arrests"]
    doc, _ = coder("اعتقلت قوات الأمن أمس ناشطا معارضا من منزله في المدينة.")
    assert [e.sub_event_type for e in doc.events] == ["Arrests"]


def test_arrests_told_with_a_protest_are_its_intervention(coder: Callable[..., Any]) -> None:
    doc, _ = coder(
        "ألقت الشرطة أمس القبض على أكثر من 80 شخصا في المدينة، فيما شهدت احتفالات عيد العمال مواجهات بين الشرطة ومتظاهرين."
    )
    assert [e.sub_event_type for e in doc.events] == ["Protest with intervention"]


# ---------------------------------------------------------------------------------------------------- assembly


def _ev(sub: str, etype: str, place: Place | None, actor: Actor | None, tags: list[str], day: int = 5) -> Event:
    return Event(
        event_type=etype,
        sub_event_type=sub,
        evidence=Span(0, 1),
        event_date=date(2024, 3, day),
        place=place,
        actor1=actor,
        tags=list(tags),
    )


_KABUL = Place("Kabul", country="Afghanistan", admin1="Kabul", latitude=34.5, longitude=69.2, geo_precision=1)
_RIF = Place("Rif Dimashq", country="Syria", admin1="Rif Dimashq", latitude=33.5, longitude=36.9, geo_precision=3)
_QALAMOUN = Place("Qalamoun", country="Syria", admin1="Rif Dimashq", latitude=33.9, longitude=36.6, geo_precision=3)
_HOMS = Place("Homs", country="Syria", admin1="Homs", latitude=34.7, longitude=36.7, geo_precision=1)


def test_the_blast_retold_after_a_suicide_bombing_is_the_same_incident() -> None:
    bomb = _ev("Suicide bomb", "Explosions/Remote violence", _KABUL, None, [])
    blast = _ev(
        "Remote explosive/landmine/IED", "Explosions/Remote violence", _KABUL, None, ["anaphor", "date_fallback"]
    )
    assert assemble([bomb, blast]) == [bomb]
    # the other way round an IED is not retold as a suicide bombing
    ied = _ev("Remote explosive/landmine/IED", "Explosions/Remote violence", _KABUL, None, [])
    suicide = _ev("Suicide bomb", "Explosions/Remote violence", _KABUL, None, ["anaphor", "date_fallback"])
    assert len(assemble([ied, suicide])) == 2


def test_a_side_in_the_lead_and_its_groups_in_the_body_are_one_incident() -> None:
    rebels = Actor("Opposition Rebels (Syria)", 2, "Syria")
    nusra = Actor("Al Nusrah Front", 2, "Syria")
    army = Actor("Military Forces of Syria", 1, "Syria")
    take = "Non-state actor overtakes territory"
    lead = _ev(take, "Battles", _RIF, rebels, ["date_fallback"])
    body = _ev(take, "Battles", _QALAMOUN, nusra, ["date_fallback"])
    out = assemble([lead, body])
    assert len(out) == 1
    assert out[0].place is not None and out[0].place.name == "Qalamoun"  # the part of the governorate, not its centre
    # two actors at the same place name stay two incidents
    assert len(assemble([_ev(take, "Battles", _RIF, rebels, []), _ev(take, "Battles", _RIF, nusra, [])])) == 2
    # different actor types, or a place outside the governorate, stay apart ...
    assert len(assemble([_ev(take, "Battles", _RIF, rebels, []), _ev(take, "Battles", _QALAMOUN, army, [])])) == 2
    assert len(assemble([_ev(take, "Battles", _RIF, rebels, []), _ev(take, "Battles", _HOMS, nusra, [])])) == 2
    # ... unless one telling is the lead, which sums up the incident in broad words
    lead = _ev(take, "Battles", _RIF, army, ["lead"])
    assert len(assemble([lead, _ev(take, "Battles", _QALAMOUN, rebels, ["date_fallback"])])) == 1


@pytest.mark.slow
def test_a_place_in_the_speakers_title_does_not_anchor_a_definite_trigger(
    geocoded: Callable[[str], Document],
) -> None:
    # "في اليمن" belongs to the spokesman's title: "المعارك" (the battles) has no place of its own, it is generic
    doc = geocoded("قال المتحدث باسم تحالف دعم الشرعية في اليمن، إن الميليشيات جندت آلاف الأطفال في المعارك.")
    assert doc.events == [], [(e.sub_event_type, e.place and e.place.name) for e in doc.events]
    # with a place of its own the same trigger is an incident
    doc = geocoded("قال المتحدث باسم تحالف دعم الشرعية، إن المعارك في مدينة الحديدة أسفرت عن مقتل خمسة مسلحين أمس.")
    assert [e.event_type for e in doc.events] == ["Battles"]


@pytest.mark.slow
def test_waiting_for_the_details_of_an_incident_is_a_reference(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded(
        'وقال خلال تشييع العنصرين اللذين قتلا خلال مواجهة المسلحين، إنه "سننتظر كشف تفاصيل التفجير، وستقول '
        'الأجهزة الأمنية في غزة كلمتها".'
    )
    assert "Remote explosive/landmine/IED" not in [e.sub_event_type for e in doc.events]


@pytest.mark.slow
def test_the_site_of_an_incident_names_a_known_incident(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded(
        "قالت الوزارة إن فريق المفتشين غادر العاصمة السورية دمشق متوجها إلى مدينة دوما، حيث موقع الهجوم الكيماوي."
    )
    assert doc.events == [], [(e.sub_event_type, e.place and e.place.name) for e in doc.events]


@pytest.mark.slow
def test_an_incident_named_as_background_and_retold_undated_stays_background(
    geocoded: Callable[[str], Document],
) -> None:
    retold = "وذكرت وسائل الإعلام أن الهجوم، الذي وقع في مدينة الأحواز، أدى إلى مقتل 29 شخصا."
    doc = geocoded("أطلق الحرس الثوري صواريخ على مواقع في مدينة البوكمال أمس، ردا على هجوم الأحواز. " + retold)
    assert [e.place.name for e in doc.events if e.place] == ["Al Bukamal"]
    # the same retelling in an article that never named the attack as background is an incident
    doc = geocoded("أطلق الحرس الثوري صواريخ على مواقع في مدينة البوكمال أمس. " + retold)
    assert "Ahvaz" in [e.place.name for e in doc.events if e.place]
    # a strike of another type at the place of the background attack, retold, is still the day's strike
    doc = geocoded(
        "قصفت الطائرات مواقع المسلحين في مدينة العريش أمس، ردا على هجوم العريش. "
        "وأسفر القصف في مدينة العريش عن مقتل 10 مسلحين."
    )
    assert 10 in [e.fatalities for e in doc.events]


@pytest.mark.slow
def test_an_undated_unplaced_toll_of_the_protests_is_a_campaign_total(geocoded: Callable[[str], Document]) -> None:
    doc = geocoded("قررت إسرائيل وقف شحنات الوقود إلى قطاع غزة. وقتل ما لا يقل عن 155 فلسطينيا في الاحتجاجات.")
    assert doc.events == [], [(e.sub_event_type, e.fatalities) for e in doc.events]
    # deaths in protests told with their day (indefinite, not a retelling) are an incident even unplaced
    doc = geocoded("قررت إسرائيل وقف شحنات الوقود إلى قطاع غزة. وقتل ثلاثة فلسطينيين أمس في احتجاجات.")
    assert [e.fatalities for e in doc.events] == [3]
