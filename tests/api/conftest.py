"""Fixtures: a real database with the demo events (SQLite, and PostgreSQL when RASD_TEST_PG_URL is set), and a
TestClient on the app over it."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_demo_data import build_store
from api_support import make_client

PG_URL = os.environ.get("RASD_TEST_PG_URL")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="RASD_TEST_PG_URL not set (scripts/pg_test_server.sh start)"),
        ],
    ),
]


def _database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database URL; a PostgreSQL one is created here and dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'rasd.sqlite'}"
        return
    import sqlalchemy as sa

    assert PG_URL
    base = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"rasd_api_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


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
