"""The store fixture: every store test runs on SQLite and, when RASD_TEST_PG_URL is set, on PostgreSQL too.

Start a throwaway server with ``eval "$(scripts/pg_test_server.sh start)"``. Each PostgreSQL test gets its own
fresh database (created and dropped around the test), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("RASD_TEST_PG_URL")


def _pg_database() -> Iterator[str]:
    import sqlalchemy as sa

    assert PG_URL
    base = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"rasd_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


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


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.sqlite'}"
    else:
        yield from _pg_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    from rasd.backends.store import open_store

    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()
