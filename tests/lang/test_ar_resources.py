"""The Arabic text-layer resources load, are versioned, and hold no invisible or presentation-form characters."""

from __future__ import annotations

import pytest

from rasd import resources
from rasd.lang.ar.normalize import fold

OURS = [
    "ar/normalization.yaml",
    "ar/clitics.yaml",
    "ar/abbreviations.yaml",
    "ar/numbers.yaml",
    "ar/months.yaml",
    "ar/relative_dates.yaml",
]


@pytest.mark.parametrize("rel", OURS)
def test_resource_loads_versioned_and_clean(rel: str) -> None:
    data = resources.load(rel)
    assert str(data["version"])
    assert resources.lint(data, rel) == []


@pytest.mark.parametrize(
    "bad",
    [
        "قتـ\N{ARABIC TATWEEL}ل",
        "قتل\N{RIGHT-TO-LEFT MARK}",
        "\N{ARABIC LETTER ALEF ISOLATED FORM}حمد",
        "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}",
        "\N{LEFT-TO-RIGHT EMBEDDING}x",
    ],
)
def test_lint_rejects_hard_characters(bad: str) -> None:
    assert resources.lint({"entries": [bad]}, "t")


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in _strings(k) + _strings(v)]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in _strings(v)]
    return []


@pytest.mark.parametrize("rel", ["ar/numbers.yaml", "ar/months.yaml", "ar/relative_dates.yaml", "ar/clitics.yaml"])
def test_entries_have_no_harakat(rel: str) -> None:
    """Entries are folded before use, but a vowel sign in a resource is almost always a copy-paste accident."""
    for s in _strings(resources.load(rel)):
        assert not any("\u064b" <= c <= "\u065f" for c in s), s


def test_month_slots_are_distinct_per_family() -> None:
    months = resources.load("ar/months.yaml")
    for family, slots in months["gregorian"].items():
        assert len(slots) == 12, family
        keys = [fold(n) for names in slots for n in names]
        assert len(keys) == len(set(keys)), family
