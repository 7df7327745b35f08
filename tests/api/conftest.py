"""Fixtures: a real SQLite database with the demo events, and a TestClient on the app over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_demo_data import build_store
from api_support import make_client


@pytest.fixture(scope="module")
def ro_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store shared by the read-only tests of a module (never written to by them)."""
    path = tmp_path_factory.mktemp("apidb") / "rasd.sqlite"
    store = build_store(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture
def rw_store(tmp_path: Path) -> Iterator[Any]:
    """A fresh store per test, for the write endpoints."""
    store = build_store(f"sqlite:///{tmp_path / 'rasd.sqlite'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(ro_store: Any) -> Iterator[Any]:
    with make_client(ro_store) as c:
        yield c


@pytest.fixture
def rw_client(rw_store: Any) -> Iterator[Any]:
    with make_client(rw_store) as c:
        yield c
