"""Round 3, precision on unseen text (issue 6): for each rule a sentence we wrote that it must leave out or recode,
and a control it must keep. Each test fails with the rule's switch off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

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
