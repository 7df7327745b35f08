"""The coverage battery: sentences we wrote, one common way each of telling an incident across the region, each
coded as one event of the sub-event type ACLED gives it (tests/code/data/coverage_battery.tsv). Known misses are
strict xfails: fixing one makes its test fail until the file says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

BATTERY = Path(__file__).parent / "data" / "coverage_battery.tsv"


def _cases() -> list[Any]:
    out = []
    for line in BATTERY.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        sub, published, gap, sentence = line.split("\t")
        marks = [pytest.mark.xfail(reason=gap.removeprefix("gap: "), strict=True)] if gap else []
        out.append(pytest.param(sentence, published, sub, marks=marks, id=f"{sub}: {sentence[:40]}"))
    return out


def test_the_battery_is_large_and_covers_every_family() -> None:
    cases = _cases()
    subs = {c.values[2] for c in cases}
    assert len(cases) >= 100
    assert {"Attack", "Armed clash", "Air/drone strike", "Peaceful protest", "Arrests"} <= subs
    assert len(subs) >= 18


@pytest.mark.parametrize(("sentence", "published", "sub"), _cases())
def test_each_sentence_is_one_event_of_its_type(
    pipeline_at: Callable[..., Any], sentence: str, published: str, sub: str
) -> None:
    events = [e for e in pipeline_at(published)(sentence).events if not e.optional]
    assert [e.sub_event_type for e in events] == [sub]
