"""One way for every suite to get a fresh, isolated test database: a SQLite file, or a PostgreSQL database
created on the server at ``RASD_TEST_PG_URL`` (``scripts/pg_test_server.sh start``) and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("RASD_TEST_PG_URL")

# Parametrize a fixture with these to run its tests on both backends; PostgreSQL skips cleanly without a server.
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


def fresh_database(backend: str, folder: Path, prefix: str = "rasd_t") -> Iterator[str]:
    """Yield the URL of a new, empty database of ``backend``; a PostgreSQL one is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'rasd.sqlite'}"
        return
    import sqlalchemy as sa

    assert PG_URL
    base = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
