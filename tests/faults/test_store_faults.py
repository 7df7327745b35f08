"""Faults during ``rasd ingest``: a killed process, a locked database, a full disk, a PostgreSQL restart.

Whatever happens, each document is written whole or not at all (one transaction per document), the database
stays consistent, and re-running the same command ends exactly where an uninterrupted run ends: the same
documents and the same reports, nothing twice, nothing lost. A deterministic stand-in pipeline
(``fault_pipeline.py``) keeps these tests independent of the coder's behaviour.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from faultlib import ROOT, kill, read_state, run_ingest, sqlite_integrity, start_ingest, wait_for, write_inputs

N = 40


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("in") / "docs.jsonl", N)


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The state an uninterrupted run ends in."""
    db = tmp_path_factory.mktemp("ref") / "ref.sqlite"
    res = run_ingest(inputs, f"sqlite:///{db}")
    assert res.returncode == 0, res.stderr[-2000:]
    st = read_state(f"sqlite:///{db}")
    assert len(st.documents) == N and not st.half_written and st.dangling == 0
    return st


def assert_same_end_state(got: Any, ref: Any) -> None:
    assert not got.half_written, f"half-written documents: {got.half_written[:5]}"
    assert got.dangling == 0
    assert set(got.documents) == set(ref.documents), "documents lost or added"
    assert got.documents == ref.documents
    assert got.report_ids == ref.report_ids, "reports lost or duplicated"
    assert got.live_events == ref.live_events


def test_killed_ingest_resumes_exactly(inputs: Path, reference: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    proc = start_ingest(inputs, url, delay=0.05)
    try:
        assert wait_for(lambda: len(read_state(url).documents) >= 10, timeout=120), "ingest made no progress"
    finally:
        kill(proc)
    mid = read_state(url)
    assert 10 <= len(mid.documents) < N, "the kill came too late to test anything"
    assert not mid.half_written and mid.dangling == 0, "the kill left a document half-written"
    assert sqlite_integrity(tmp_path / "k.sqlite") == "ok"
    res = run_ingest(inputs, url)
    assert res.returncode == 0, res.stderr[-2000:]
    end = read_state(url)
    assert_same_end_state(end, reference)
    assert end.runs[0] == "interrupted" and end.runs[-1] == "complete", end.runs
    # Killed again at any point, a third run changes nothing.
    again = run_ingest(inputs, url)
    assert again.returncode == 0
    assert_same_end_state(read_state(url), reference)


def test_locked_sqlite_database_waits_then_completes(inputs: Path, reference: Any, tmp_path: Path) -> None:
    """Another process holds an exclusive lock for a while: the ingest waits for it instead of failing."""
    db = tmp_path / "l.sqlite"
    url = f"sqlite:///{db}"
    from rasd.backends.store import open_store

    open_store(url).close()  # the schema exists; another program now locks the whole file
    con = sqlite3.connect(db, timeout=30, isolation_level=None, check_same_thread=False)
    con.execute("BEGIN EXCLUSIVE")
    released = threading.Event()

    def release() -> None:
        time.sleep(3)
        con.execute("COMMIT")
        released.set()

    t = threading.Thread(target=release)
    t.start()
    try:
        res = run_ingest(inputs, url, timeout=180)
    finally:
        t.join()
        con.close()
    assert released.is_set()
    assert res.returncode == 0, res.stderr[-2000:]
    assert_same_end_state(read_state(url), reference)


def _limit_file_size(limit: int) -> Any:
    def preexec() -> None:
        # A "full disk" for this process only: writes past ``limit`` bytes fail with EFBIG (SIGXFSZ ignored).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_full_disk_stops_cleanly_and_resumes(tmp_path: Path, reference: Any) -> None:
    big_inputs = write_inputs(tmp_path / "big.jsonl", N, size=6000)
    db = tmp_path / "f.sqlite"
    url = f"sqlite:///{db}"
    from rasd.backends.store import open_store

    # Create the schema without a limit; then the database may grow by only ~100 KB.

    open_store(url).close()
    base = max(f.stat().st_size for f in tmp_path.glob("f.sqlite*"))
    res = run_ingest(big_inputs, url, timeout=180, preexec=_limit_file_size(base + 100_000))
    assert res.returncode != 0, "the limit was never reached: the test proves nothing"
    assert "Traceback" not in res.stderr or "disk" in res.stderr.lower() or "full" in res.stderr.lower()
    mid = read_state(url)
    assert len(mid.documents) < N
    assert not mid.half_written and mid.dangling == 0, "a document was half-written when the disk filled"
    assert sqlite_integrity(db) == "ok"
    res2 = run_ingest(big_inputs, url, timeout=180)
    assert res2.returncode == 0, res2.stderr[-2000:]
    end = read_state(url)
    assert not end.half_written and end.dangling == 0
    assert len(end.documents) == N


def test_store_refuses_absurd_figures_without_failing_the_write(tmp_path: Path) -> None:
    """A coder that believed "a billion billion dead" must not crash the store (SQL INTEGER overflow)."""
    from faultlib import article

    from rasd.backends.store import open_store
    from rasd.model import Actor, Document, Event, Span

    st = open_store(f"sqlite:///{tmp_path / 'n.sqlite'}")
    try:
        docs = []
        for i, fat in enumerate((2_000_000_000, 10**18, 10**30)):
            text = article(1000 + i)
            d = Document(id=f"absurd-{i}", text=text, path="x")
            d.events = [
                Event("Battles", "Armed clash", Span.of(text, 0, 10), fatalities=fat, actor1=Actor("Armed group", 2))
            ]
            docs.append(d)
        st.write(docs)
        state = read_state(f"sqlite:///{tmp_path / 'n.sqlite'}")
        assert set(state.documents) == {"absurd-0", "absurd-1", "absurd-2"}
    finally:
        st.close()


# --- PostgreSQL --------------------------------------------------------------------------------------------


def _pg_bin() -> str | None:
    for d in ("/usr/lib/postgresql/15/bin", "/usr/local/bin"):
        if Path(d, "pg_ctl").exists():
            return d
    found = shutil.which("pg_ctl")
    return str(Path(found).parent) if found else None


@pytest.fixture
def own_pg(tmp_path: Path) -> Any:
    """A PostgreSQL of our own (the store engineer's script, another port and directory): we restart it."""
    script = ROOT / "scripts" / "pg_test_server.sh"
    if not script.exists() or _pg_bin() is None:
        pytest.skip("no PostgreSQL binaries or scripts/pg_test_server.sh")
    pg_dir = Path("/tmp") / f"rasd-pg-fault-{os.getpid()}"
    port = str(56000 + os.getpid() % 1000)
    e = dict(os.environ, RASD_PG_DIR=str(pg_dir), RASD_PG_PORT=port, RASD_PG_DB="rasd_fault")
    try:
        out = subprocess.run(["sh", str(script), "start"], capture_output=True, text=True, env=e, timeout=120)
        lines = out.stdout.strip().splitlines()
        if out.returncode != 0 or not lines:
            pytest.skip(f"cannot start PostgreSQL: {out.stderr[-300:]}")
        # `start` prints the URL (older versions: an `export RASD_TEST_PG_URL=...` line).
        url = lines[-1].split("RASD_TEST_PG_URL=", 1)[-1].strip()
        yield url, e, script
    finally:
        subprocess.run(["sh", str(script), "destroy"], capture_output=True, env=e, timeout=120)


@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_restart_mid_ingest(own_pg: Any, inputs: Path, reference: Any) -> None:
    url, e, _script = own_pg
    proc = start_ingest(inputs, url, delay=0.1)
    try:
        assert wait_for(lambda: len(read_state(url).documents) >= 8, timeout=120), "no progress"
        # pg_ctl restart reuses the server's options; it runs as the data directory's owner (not root).
        pg_dir = e["RASD_PG_DIR"]
        ctl = f"{_pg_bin()}/pg_ctl -D {pg_dir} -l {pg_dir}/server.log -m fast -w restart"
        cmd = ["su", "-s", "/bin/sh", Path(pg_dir).owner(), "-c", ctl] if os.geteuid() == 0 else ["sh", "-c", ctl]
        restart = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert restart.returncode == 0, restart.stderr
        proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            kill(proc)
    mid = read_state(url)
    assert not mid.half_written and mid.dangling == 0, "the restart left a document half-written"
    res = run_ingest(inputs, url, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert_same_end_state(read_state(url), reference)
    print(f"ingest across a PostgreSQL restart: first run exit {proc.returncode}, stored {len(mid.documents)}/{N}")


@pytest.fixture
def pg_schema_url() -> Any:
    """A schema of our own on the shared test server (RASD_TEST_PG_URL), so the lock disturbs no one else."""
    url = os.environ.get("RASD_TEST_PG_URL")
    if not url:
        pytest.skip("RASD_TEST_PG_URL not set")
    import sqlalchemy as sa

    schema = f"faults_{os.getpid()}"
    eng = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with eng.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}", eng, schema
    with eng.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    eng.dispose()


@pytest.mark.postgres
def test_locked_postgres_tables_wait_then_complete(pg_schema_url: Any, inputs: Path, reference: Any) -> None:
    """Another session holds ACCESS EXCLUSIVE locks on the tables for a while: the ingest waits, then completes."""
    import sqlalchemy as sa

    from rasd.backends.store import open_store

    url, eng, schema = pg_schema_url
    open_store(url).close()
    released = threading.Event()

    def hold() -> None:
        with eng.begin() as c:
            c.execute(sa.text(f"LOCK TABLE {schema}.documents, {schema}.events IN ACCESS EXCLUSIVE MODE"))
            time.sleep(3)
        released.set()

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.5)
    try:
        res = run_ingest(inputs, url, timeout=180)
    finally:
        t.join()
    assert released.is_set()
    assert res.returncode == 0, res.stderr[-2000:]
    assert_same_end_state(read_state(url), reference)
