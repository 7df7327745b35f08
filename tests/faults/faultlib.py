"""Helpers for the fault tests: inputs, running ``rasd ingest`` in a child process, and reading a store's state.

The state of a store is read straight from its tables, so that the checks do not trust the code under test:
every stored document has exactly as many reports (event_sources rows) as its ``n_events`` says (nothing
half-written), every report points to an existing event, and the sets of document and report ids can be
compared with a reference run (a resumed run must end exactly where an uninterrupted one does).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# Our own short sentences; each document gets a distinct number and date so that no two are duplicates.
WORDS = [
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM}",
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH}",
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON}\N{ARABIC LETTER TEH MARBUTA}",
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER QAF}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}",
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SAD}\N{ARABIC LETTER DAL}\N{ARABIC LETTER REH}",
]


def article(i: int, size: int = 600) -> str:
    out: list[str] = []
    k = i
    while sum(len(w) + 1 for w in out) < size:
        k = (k * 1103515245 + 12345) % (2**31)
        out.append(WORDS[k % len(WORDS)])
        if k % 5 == 0:
            out.append(str(k % 997))
    return f"{i} " + " ".join(out) + "."


def write_inputs(path: Path, n: int, size: int = 600) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            day = date(2024, 1, 1) + timedelta(days=i % 300)
            rec = {"id": f"fault-{i:04d}", "text": article(i, size), "published": day.isoformat(), "source": "src"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(HERE)])
    e.update(extra)
    return e


def ingest_cmd(inputs: Path, db: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from rasd.cli import main; main()",
        "ingest",
        str(inputs),
        "--db",
        db,
        "--pipeline",
        "fault_pipeline:pipeline",
        "-q",
    ]


def run_ingest(
    inputs: Path, db: str, delay: float = 0.0, timeout: float = 300, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ingest_cmd(inputs, db),
        capture_output=True,
        text=True,
        env=env(RASD_FAULT_DELAY=str(delay)),
        timeout=timeout,
        preexec_fn=preexec,
    )


def start_ingest(inputs: Path, db: str, delay: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ingest_cmd(inputs, db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(RASD_FAULT_DELAY=str(delay)),
        start_new_session=True,
    )


def wait_for(cond: Callable[[], bool], timeout: float = 120, every: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if cond():
                return True
        except Exception:
            pass
        time.sleep(every)
    return False


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL: no cleanup handler runs, exactly like a machine losing power or the OOM killer."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@dataclass
class State:
    documents: dict[str, int]  # doc id -> n_events it claims
    reports: dict[str, int]  # doc id -> event_sources rows it has
    report_ids: set[str]
    live_events: int
    dangling: int  # reports pointing to no event, events with no source
    runs: list[str]  # run statuses

    @property
    def half_written(self) -> list[str]:
        return sorted(d for d, n in self.documents.items() if self.reports.get(d, 0) != n) + sorted(
            d for d in self.reports if d not in self.documents
        )


def engine(url: str) -> Any:
    import sqlalchemy as sa

    from rasd.backends.store.sql import make_engine

    return make_engine(url) if url.startswith(("sqlite", "postgresql")) else sa.create_engine(url)


def read_state(url: str) -> State:
    import sqlalchemy as sa

    eng = engine(url)
    try:
        with eng.connect() as c:
            docs = {r[0]: int(r[1] or 0) for r in c.execute(sa.text("SELECT id, n_events FROM documents"))}
            rows = list(c.execute(sa.text("SELECT id, doc_id, event_id FROM event_sources")))
            events = {r[0] for r in c.execute(sa.text("SELECT id FROM events WHERE merged_into IS NULL"))}
            all_events = {r[0] for r in c.execute(sa.text("SELECT id FROM events"))}
            sourced = {r[0] for r in c.execute(sa.text("SELECT DISTINCT event_id FROM event_sources"))}
            runs = [r[0] for r in c.execute(sa.text("SELECT status FROM runs ORDER BY started_at"))]
    finally:
        eng.dispose()
    reports: dict[str, int] = {}
    for _rid, doc_id, _eid in rows:
        reports[doc_id] = reports.get(doc_id, 0) + 1
    dangling = sum(1 for r in rows if r[2] not in all_events) + len(events - sourced)
    return State(docs, reports, {r[0] for r in rows}, len(events), dangling, runs)


def sqlite_integrity(path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()
