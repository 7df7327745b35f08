"""Fixtures for the gazetteer and geocoding tests: the default gazetteer built once per session into a temp dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rasd.backends.gazetteer import SqliteGazetteer
from rasd.backends.gazetteer.build import build_default
from rasd.model import Document


@pytest.fixture(scope="session")
def default_gz_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gz") / "gazetteer.sqlite"
    build_default(path)
    return path


@pytest.fixture(scope="session")
def gz(default_gz_path: Path) -> SqliteGazetteer:
    return SqliteGazetteer(default_gz_path)


def _analysed(text: str, dateline: str | None = None) -> Document:
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.normalize import Normalize

    doc = Document(id="t", text=text, dateline=dateline)
    return Analyze()(Normalize()(doc))


@pytest.fixture(scope="session")
def analysed() -> Callable[..., Document]:
    """Make a document through normalize and analyze (sentences), ready for the geocoder."""
    return _analysed
