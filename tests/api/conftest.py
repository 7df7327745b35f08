"""Fixtures: a real database with the demo events (SQLite, and PostgreSQL when RASD_TEST_PG_URL is set), and a
TestClient on the app over it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_demo_data import build_store
from api_support import make_client

from db_support import BACKENDS, fresh_database


def _database(backend: str, folder: Path) -> Iterator[str]:
    return fresh_database(backend, folder, prefix="rasd_api")


@pytest.fixture(scope="module", params=BACKENDS)
def ro_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store shared by the read-only tests of a module (never written to by them)."""
    for url in _database(request.param, tmp_path_factory.mktemp("apidb")):
        store = build_store(url)
        yield store
        store.close()


@pytest.fixture(params=BACKENDS)
def rw_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh store per test, for the write endpoints."""
    for url in _database(request.param, tmp_path):
        store = build_store(url)
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
