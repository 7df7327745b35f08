"""Which date mention dates an incident, and the date of an incident told without one (sentences we wrote)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.pipeline.code import coder as coder_module

P = date(2024, 3, 6)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # the lead's "أمس" dates the undated incident told after it
        (
            "قتل ثلاثة جنود أمس في هجوم شنه مسلحون على حاجز للجيش.\n"
            "وقال مسؤول إن مسلحين ألقوا قنبلة على دورية للشرطة ما أسفر عن مقتل 2 من عناصرها.",
            [date(2024, 3, 5), date(2024, 3, 5)],
        ),
        # a lead date long past is background, not the story's day: the undated incident keeps the publication date
        (
            "قتل جندي في 3 يناير 2020 في هجوم على حاجز للجيش.\n"
            "وقال مسؤول إن مسلحين ألقوا قنبلة على دورية للشرطة ما أسفر عن مقتل 2 من عناصرها.",
            [date(2020, 1, 3), P],
        ),
        # "منذ شهرين" is how long the protests have lasted; "السبت" is the day of the deaths
        ("قتل 8 متظاهرين السبت برصاص الشرطة خلال الاحتجاجات المستمرة منذ شهرين.", [date(2024, 3, 2)]),
        # "غداة اشتباكات الاثنين": Monday is the day of the clashes the agreement followed
        ("توصلت الحكومة والمتمردون الثلاثاء إلى اتفاق لوقف إطلاق النار غداة اشتباكات الاثنين.", [date(2024, 3, 5)]),
    ],
)
def test_event_dates(coder: Callable[..., Any], text: str, dates: list[date]) -> None:
    doc, seen = coder(text, published=P)
    assert [e.event_date for e in doc.events] == dates, [s.decision for s in seen]


def test_without_the_lead_rule_an_undated_incident_takes_the_publication_date(
    coder: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coder_module, "LEAD_SENTENCE_DATE", False)
    doc, _ = coder(
        "قتل جندي الثلاثاء في هجوم على حاجز للجيش.\n"
        "وتبادل الجيش والمتمردون إطلاق النار عند حاجز آخر ما أسفر عن مقتل 4 من المتمردين.",
        published=P,
    )
    assert [e.event_date for e in doc.events] == [date(2024, 3, 5), P]
