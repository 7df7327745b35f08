"""SQL injection through every filter of ``GET /api/v1/events`` and of ``rasd events``.

Each payload must either be refused (422 / a usage error) or be taken as a literal value: it matches no
stored event, and the store is intact afterwards (same counts, tables still there). Runs on the SQLite store
and, when ``RASD_TEST_PG_URL`` is set, on PostgreSQL as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from secdata import seed_docs

from db_support import BACKENDS, fresh_database

PAYLOADS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "x' OR 'x'='x' /*",
    "'; DROP TABLE events; --",
    '"; DROP TABLE events; --',
    "') OR ('a'='a",
    "1) OR (1=1",
    "' UNION SELECT id, record FROM documents --",
    "Syria' AND (SELECT count(*) FROM sqlite_master) > 0 --",
    "Syria'; SELECT pg_sleep(5); --",
    "Syria\\' OR 1=1 #",
    "Syria\x00' OR 1=1",
    "%' OR '%'='",
    '" OR ""="',
    "*",
    'NEAR("a" "b")',
    '"unterminated',
    "a OR b AND NOT c",
    "\N{ARABIC LETTER WAW}' OR 1=1 --",
    "\N{FULLWIDTH APOSTROPHE} OR 1=1 --",
]
FILTERS = ["country", "admin1", "type", "sub_type", "actor", "q", "since", "until", "bbox", "sort", "fields"]


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database(request.param, tmp_path, prefix="rasd_inj")


@pytest.fixture
def seeded(backend_url: str) -> Iterator[Any]:
    from rasd.backends.store import open_store

    st = open_store(backend_url)
    st.write(seed_docs())
    yield st
    st.close()


def fingerprint(store: Any) -> tuple[int, int]:
    from rasd.backends.store import EventQuery

    page = store.query_events(EventQuery(limit=1000))
    st = store.status()
    return page.total, int(st.get("documents", st.get("n_documents", 0)) or 0)


def test_api_filters_take_injection_as_literals(seeded: Any) -> None:
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.config import Settings

    before = fingerprint(seeded)
    assert before[0] == 3
    app = create_app(store=seeded, settings=Settings(db_url="memory:"))
    failures = []
    with TestClient(app, raise_server_exceptions=False) as c:
        for f in FILTERS:
            for p in PAYLOADS:
                r = c.get("/api/v1/events", params={f: p})
                if r.status_code == 422:
                    continue
                if r.status_code != 200:
                    failures.append(f"{f}={p!r}: HTTP {r.status_code} {r.text[:120]}")
                    continue
                body = r.json()
                # A payload that is a literal value matches nothing (no country is called "' OR 1=1 --").
                if body["total"] != 0 and f not in ("sort", "fields"):
                    failures.append(f"{f}={p!r}: matched {body['total']} events")
            r = c.get("/api/v1/export", params={f: PAYLOADS[0], "format": "csv"})
            if r.status_code not in (200, 422):
                failures.append(f"export {f}: HTTP {r.status_code}")
            elif r.status_code == 200 and f not in ("sort", "fields"):
                assert len(r.text.strip().splitlines()) <= 1, f"export {f} matched events"
    assert fingerprint(seeded) == before, "the store changed"
    assert not failures, "\n".join(failures)


def test_api_path_parameters_refuse_injection(seeded: Any) -> None:
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.config import Settings

    app = create_app(store=seeded, settings=Settings(db_url="memory:"))
    with TestClient(app, raise_server_exceptions=False) as c:
        for raw in PAYLOADS:
            p = quote(raw, safe="")
            for path in ("/api/v1/events/", "/api/v1/documents/", "/api/v1/events/{}/corrections"):
                url = path.format(p) if "{}" in path else path + p
                r = c.get(url)
                assert r.status_code in (404, 422, 405), (url, r.status_code)


CLI_FILTERS = ["--country", "--type", "--actor", "--since", "--until", "--near", "--text", "--sort"]


def test_cli_events_filters_take_injection_as_literals(seeded: Any, backend_url: str) -> None:
    from click.testing import CliRunner

    from rasd.cli import cli

    before = fingerprint(seeded)
    runner = CliRunner()
    failures = []
    for opt in CLI_FILTERS:
        for p in PAYLOADS:
            if "\x00" in p:
                continue  # a NUL cannot reach a real command line (argv is C strings)
            res = runner.invoke(cli, ["events", "--db", backend_url, "--format", "jsonl", opt, p])
            if res.exit_code == 2:
                continue  # a usage error: refused
            if res.exit_code != 0:
                failures.append(f"{opt} {p!r}: exit {res.exit_code} {type(res.exception).__name__}: {res.exception}")
                continue
            rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
            if rows and opt != "--sort":
                failures.append(f"{opt} {p!r}: matched {len(rows)} events")
    assert fingerprint(seeded) == before, "the store changed"
    assert not failures, "\n".join(failures)
