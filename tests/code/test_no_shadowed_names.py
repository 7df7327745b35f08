"""No module-level name of the coder's modules is defined twice: a second definition silently replaces the first for
every reader (three times the coder read another word list than the one its rule was written with: the relative
pronouns, "also", and "itself" — the last caught by this test)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import rasd

SRC = Path(rasd.__file__).parent
MODULES = [
    "pipeline/code/coder.py",
    "pipeline/code/lexicon.py",
    "pipeline/code/actors.py",
    "pipeline/geocode.py",
    "lang/ar/morphology.py",
    "lang/ar/normalize.py",
    "lang/ar/numbers.py",
    "lang/ar/dates.py",
]


def _defined_twice(source: str) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names = [node.target.id]
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names = [node.name]
        else:
            continue
        for name in names:
            seen[name].append(node.lineno)
    return {k: v for k, v in seen.items() if len(v) > 1}


def test_the_check_finds_a_second_definition() -> None:
    assert _defined_twice("A = 1\ndef f(): pass\nA = 2\n") == {"A": [1, 3]}


@pytest.mark.parametrize("module", MODULES)
def test_no_module_level_name_is_defined_twice(module: str) -> None:
    assert _defined_twice((SRC / module).read_text(encoding="utf-8")) == {}
