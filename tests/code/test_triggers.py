"""One table per trigger family: sentences we wrote, and the sub-event type the coder must give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# (sentence, expected sub_event_type)
FAMILIES = [
    # air / drone strikes
    ("شنت طائرات حربية إسرائيلية غارات على مواقع لحركة حماس في قطاع غزة فجر الاثنين.", "Air/drone strike"),
    ("قتل ثلاثة مدنيين في غارة بطائرة مسيرة استهدفت سيارة قرب مدينة مأرب أمس.", "Air/drone strike"),
    # bombardment without a weapon = shelling; with an air cue = air strike (GUIDELINE)
    ("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي صباح الثلاثاء.", "Shelling/artillery/missile attack"),
    ("سقطت قذائف هاون على حي سكني في مدينة الحديدة مساء الأحد.", "Shelling/artillery/missile attack"),
    ("قصف الطيران الحربي بلدة معرة النعمان أمس.", "Air/drone strike"),
    # explosions
    ("انفجرت عبوة ناسفة بدورية للشرطة في مدينة العريش صباح الأحد.", "Remote explosive/landmine/IED"),
    ("قتل خمسة أشخاص في انفجار سيارة مفخخة في سوق شعبي بمدينة الباب.", "Remote explosive/landmine/IED"),
    ("فجر انتحاري نفسه وسط تجمع للمصلين في مسجد بمدينة كويتا.", "Suicide bomb"),
    ("ألقى مسلحون قنبلة يدوية على مقهى في مدينة بعقوبة.", "Grenade"),
    ("قتل عشرات المدنيين في هجوم كيماوي على بلدة في ريف دمشق.", "Chemical weapon"),
    # battles
    ("اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر أمس الجمعة.", "Armed clash"),
    ("سيطرت قوات الجيش اليمني على ثلاث قرى في مديرية حيس بعد معارك مع الحوثيين.", "Government regains territory"),
    ("سيطر مسلحو حركة الشباب على بلدة في إقليم شبيلي السفلى الأحد.", "Non-state actor overtakes territory"),
    # violence against civilians
    ("أطلق مسلحون مجهولون النار على مزارعين في قرية قرب مدينة درعا فقتلوا اثنين منهم.", "Attack"),
    ("اختطف مسلحون مجهولون أربعة عمال أجانب من موقع نفطي جنوب ليبيا.", "Abduction/forced disappearance"),
    # protests and riots
    ("تظاهر مئات الطلاب أمام مقر الحكومة في العاصمة تونس احتجاجا على غلاء الأسعار.", "Peaceful protest"),
    ("فرقت الشرطة بالغاز المسيل للدموع مظاهرة لمئات المحتجين في وسط الخرطوم.", "Protest with intervention"),
    ("قتل متظاهران برصاص قوات الأمن خلال احتجاجات في مدينة البصرة.", "Excessive force against protesters"),
    ("أحرق محتجون غاضبون الإطارات ورشقوا الشرطة بالحجارة خلال أعمال شغب في مدينة بجاية.", "Violent demonstration"),
    # strategic developments
    ("اعتقلت قوات الأمن التونسية 12 شخصا يشتبه في انتمائهم لخلية إرهابية في ولاية القصرين.", "Arrests"),
    ("اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلق باتجاه مدينة جازان.", "Disrupted weapons use"),
    ("أعلنت الفصائل التوصل إلى اتفاق لوقف إطلاق النار في مدينة درعا مساء الأحد.", "Agreement"),
]


@pytest.mark.parametrize(("sentence", "sub"), FAMILIES)
def test_trigger_family(coder: Callable[..., Any], sentence: str, sub: str) -> None:
    doc, seen = coder(sentence)
    subs = [e.sub_event_type for e in doc.events]
    assert subs == [sub], (subs, [s.decision for s in seen])


def test_event_type_matches_sub_type(coder: Callable[..., Any]) -> None:
    from rasd.model import SUB_EVENT_TYPES

    for sentence, _ in FAMILIES:
        doc, _seen = coder(sentence)
        for e in doc.events:
            assert SUB_EVENT_TYPES[e.sub_event_type] == e.event_type


def test_no_trigger_no_event(coder: Callable[..., Any]) -> None:
    doc, seen = coder("افتتح وزير الصحة مستشفى جديدا في مدينة صفاقس صباح اليوم.")
    assert doc.events == []
    assert seen[0].decision == "no trigger"
