"""The store fixture: every store test runs on SQLite and, when RASD_TEST_PG_URL is set, on PostgreSQL too.

Start a throwaway server with ``eval "$(scripts/pg_test_server.sh start)"``. Each PostgreSQL test gets its own
fresh database (created and dropped around the test), so tests never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db_support import BACKENDS, PG_URL


def _admin() -> Any:
    import sqlalchemy as sa

    assert PG_URL
    base = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
    return base, sa.create_engine(base, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated database (PostGIS included when present) that each test's database is copied from:
    CREATE DATABASE ... TEMPLATE is much faster than migrating (CREATE EXTENSION postgis) per test."""
    from rasd.backends.store import open_store

    base, admin = _admin()
    name = f"rasd_tmpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    s = open_store(base.set(database=name).render_as_string(hide_password=False))
    s.close()
    try:
        yield name
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _pg_database(template: str) -> Iterator[str]:
    base, admin = _admin()
    name = f"rasd_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.sqlite'}"
    else:
        yield from _pg_database(request.getfixturevalue("pg_template"))


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    from rasd.backends.store import open_store

    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()
