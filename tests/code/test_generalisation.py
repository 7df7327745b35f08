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
