"""A short soak (``scripts/soak.py``): reads served while two writers ingest; the error rate must be 0.

The long run that produces the latency figures in docs/reliability.md is the same script with
``--seconds 60``; this test keeps it to a few seconds and asserts no timings, only that nothing failed and
that both writers and the readers really ran.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECONDS = os.environ.get("RASD_SOAK_SECONDS", "5")


def _soak(*extra: str) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "soak.py"),
            "--seconds",
            SECONDS,
            "--readers",
            "2",
            "--batch",
            "10",
            "--pipeline",
            "fault_pipeline:pipeline",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.stdout.strip(), out.stderr[-3000:]
    result: dict[str, object] = json.loads(out.stdout[: out.stdout.rindex("}") + 1])
    return result


def _check(r: dict[str, object]) -> None:
    endpoints = r["endpoints"]
    assert isinstance(endpoints, dict)
    assert r["errors"] == 0, r["error_samples"]
    assert r["error_rate"] == 0.0
    assert endpoints["events"]["n"] > 0 and endpoints["post_document"]["n"] > 0
    assert endpoints["ingest_batch"]["n"] >= 1, "the second process never finished a batch"


def test_soak_sqlite_has_no_errors() -> None:
    _check(_soak())


@pytest.mark.postgres
def test_soak_postgres_has_no_errors() -> None:
    url = os.environ.get("RASD_TEST_PG_URL")
    if not url:
        pytest.skip("RASD_TEST_PG_URL not set")
    import sqlalchemy as sa

    schema = f"soak_{os.getpid()}"
    eng = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with eng.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        sep = "&" if "?" in url else "?"
        _check(_soak("--db", f"{url}{sep}options=-csearch_path%3D{schema}"))
    finally:
        with eng.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        eng.dispose()
