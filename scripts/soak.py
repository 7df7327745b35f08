#!/usr/bin/env python3
"""Bounded soak: the API serves reads while documents are ingested, for a fixed time; report errors and latency.

Three parties, all on loopback:
- the server: ``rasd serve`` on a fresh database (SQLite file by default, ``--db`` for PostgreSQL);
- a second process writing to the same database: ``rasd ingest`` over new batches of generated articles;
- this process: reader threads (event pages with random filters, single events, documents, stats, health) and
  one writer thread posting articles to ``POST /api/v1/documents`` with a bearer token.

Every request that does not answer 2xx, and every connection error, counts as an error. The result is one JSON
object on stdout (counts, error rate, latency percentiles per endpoint, ingest throughput); ``--markdown``
prints the table used in docs/reliability.md. Nothing here asserts timings: the test that runs it
(tests/soak/test_soak.py) only asserts an error rate of 0.

    .venv/bin/python scripts/soak.py --seconds 60 --readers 4 --markdown
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "soak:" + "s" * 32

# Our own short phrases, combined into varied articles ("killed", "civilians", "in", "shelling", "city", ...).
WORDS = [
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM}",
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER NOON}",
    "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH}",
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH}",
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER YEH}\N{ARABIC LETTER NOON}\N{ARABIC LETTER TEH MARBUTA}",
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER QAF}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}",
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SAD}\N{ARABIC LETTER DAL}\N{ARABIC LETTER REH}",
    "\N{ARABIC LETTER GHAIN}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER REH}\N{ARABIC LETTER TEH MARBUTA}",
    "\N{ARABIC LETTER JEEM}\N{ARABIC LETTER WAW}\N{ARABIC LETTER YEH}\N{ARABIC LETTER TEH MARBUTA}",
    "\N{ARABIC LETTER AIN}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF MAKSURA}",
    "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER DAL}\N{ARABIC LETTER LAM}\N{ARABIC LETTER BEH}",
    "\N{ARABIC LETTER HAH}\N{ARABIC LETTER LAM}\N{ARABIC LETTER BEH}",
    "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SEEN}",
]


def article(rng: random.Random, i: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 90))]
    for k in range(0, len(words), 12):
        words.insert(k, str(rng.randint(2, 40)))
    return f"{i} " + " ".join(words) + "."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[k]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lat: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, name: str, ms: float, ok: bool, why: str = "") -> None:
        with self.lock:
            self.lat[name].append(ms)
            if not ok:
                self.errors[name] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{name}: {why}"[:300])


def reader(base: str, stop: threading.Event, stats: Stats, seed: int) -> None:
    import httpx

    rng = random.Random(seed)
    ids: list[str] = []
    docs: list[str] = []
    with httpx.Client(base_url=base, timeout=30) as c:
        while not stop.is_set():
            kind = rng.choice(["events", "events", "events_filtered", "event", "document", "stats", "healthz"])
            params: dict[str, Any] = {}
            if kind == "events":
                path = "/api/v1/events"
                params = {"limit": rng.choice([10, 50, 100]), "offset": rng.choice([0, 0, 10, 50])}
            elif kind == "events_filtered":
                path = "/api/v1/events"
                params = rng.choice(
                    [
                        {"country": "Syria"},
                        {"type": "Battles"},
                        {"q": rng.choice(WORDS)},
                        {"since": "2024-01-01", "until": "2024-06-30"},
                        {"bbox": "35,32,43,38"},
                        {"fields": "summary", "limit": 500},
                        {"sort": "-fatalities"},
                    ]
                )
            elif kind == "event":
                if not ids:
                    continue
                path = f"/api/v1/events/{rng.choice(ids)}"
            elif kind == "document":
                if not docs:
                    continue
                path = f"/api/v1/documents/{rng.choice(docs)}"
            elif kind == "stats":
                path = "/api/v1/stats"
            else:
                path = "/healthz"
            t0 = time.perf_counter()
            try:
                r = c.get(path, params=params)
                ok, why = 200 <= r.status_code < 300, f"HTTP {r.status_code} {path} {r.text[:150]}"
                if ok and kind == "events":
                    items = r.json().get("items") or []
                    ids = [e["id"] for e in items if e.get("id")][:200] or ids
                    docs = [s for e in items for s in (e.get("doc_ids") or [e.get("doc_id")]) if s][:200] or docs
            except Exception as exc:  # a refused or dropped connection is an error like any other
                ok, why = False, f"{type(exc).__name__}: {exc} {path}"
            stats.add(kind, (time.perf_counter() - t0) * 1000, ok, why)


def api_writer(base: str, stop: threading.Event, stats: Stats, rate: float) -> None:
    import httpx

    rng = random.Random(7)
    i = 0
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        while not stop.is_set():
            i += 1
            body = {
                "id": f"soak-api-{i}",
                "text": article(rng, 100_000 + i),
                "published": (date(2024, 1, 1) + timedelta(days=i % 200)).isoformat(),
                "source": "soak",
            }
            t0 = time.perf_counter()
            try:
                r = c.post("/api/v1/documents", json=body)
                ok, why = r.status_code in (200, 201), f"HTTP {r.status_code} {r.text[:150]}"
            except Exception as exc:
                ok, why = False, f"{type(exc).__name__}: {exc}"
            stats.add("post_document", (time.perf_counter() - t0) * 1000, ok, why)
            stop.wait(1.0 / rate if rate > 0 else 3600)


def ingest_loop(db: str, work: Path, stop: threading.Event, stats: Stats, batch: int, pipeline: str | None) -> None:
    """The second process: ``rasd ingest`` over successive batches of new articles, into the served database."""
    rng = random.Random(11)
    n = 0
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests" / "faults")]))
    while not stop.is_set():
        f = work / f"batch-{n}.jsonl"
        with f.open("w", encoding="utf-8") as out:
            for k in range(batch):
                i = n * batch + k
                rec = {
                    "id": f"soak-cli-{i}",
                    "text": article(rng, i),
                    "published": (date(2024, 1, 1) + timedelta(days=i % 200)).isoformat(),
                    "source": "soak-cli",
                }
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        cmd = [sys.executable, "-c", "from rasd.cli import main; main()", "ingest", str(f), "--db", db, "-q"]
        if pipeline:
            cmd += ["--pipeline", pipeline]
        t0 = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True, env=env)
        ok = res.returncode == 0
        stats.add("ingest_batch", (time.perf_counter() - t0) * 1000, ok, res.stderr[-300:])
        n += 1


def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    work = Path(tempfile.mkdtemp(prefix="rasd-soak-"))
    db = args.db or f"sqlite:///{work / 'soak.sqlite'}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # RASD_HOME is inherited: the server reuses the gazetteer already built there.
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), RASD_API_TOKENS=TOKEN)
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from rasd.cli import main; main()",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stats = Stats()
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {server.stderr.read() if server.stderr else ''}"[-2000:])
            time.sleep(0.2)
        threads = [
            threading.Thread(target=reader, args=(base, stop, stats, s), daemon=True) for s in range(args.readers)
        ]
        threads.append(threading.Thread(target=api_writer, args=(base, stop, stats, args.post_rate), daemon=True))
        threads.append(
            threading.Thread(target=ingest_loop, args=(db, work, stop, stats, args.batch, args.pipeline), daemon=True)
        )
        t0 = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join(timeout=180)
        elapsed = time.monotonic() - t0
        final = httpx.get(base + "/api/v1/status", timeout=30).json()
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    total = sum(len(v) for v in stats.lat.values())
    errors = sum(stats.errors.values())
    reads = [ms for k, v in stats.lat.items() if k not in ("post_document", "ingest_batch") for ms in v]
    out: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "readers": args.readers,
        "requests": total,
        "errors": errors,
        "error_rate": (errors / total) if total else 0.0,
        "reads_per_s": round(len(reads) / elapsed, 1) if elapsed else 0.0,
        "read_latency_ms": _summary(reads),
        "endpoints": {k: {**_summary(v), "errors": stats.errors.get(k, 0)} for k, v in sorted(stats.lat.items())},
        "store": final.get("counts") or {k: final.get(k) for k in ("documents", "events", "dropped")},
        "error_samples": stats.samples,
        "db": "postgresql" if db.startswith("postgres") else "sqlite",
    }
    return out


def _summary(xs: list[float]) -> dict[str, Any]:
    return {
        "n": len(xs),
        "p50": round(pct(xs, 50), 1),
        "p95": round(pct(xs, 95), 1),
        "p99": round(pct(xs, 99), 1),
        "max": round(max(xs), 1) if xs else 0.0,
        "mean": round(statistics.fmean(xs), 1) if xs else 0.0,
    }


def markdown(r: dict[str, Any]) -> str:
    lines = [
        f"Soak: {r['seconds']} s on {r['db']}, {r['readers']} reader threads + 1 API writer + `rasd ingest` in a "
        f"second process; {r['requests']} requests, {r['errors']} errors (error rate {r['error_rate']:.4f}), "
        f"{r['reads_per_s']} reads/s.",
        "",
        "| endpoint | n | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for k, v in r["endpoints"].items():
        lines.append(f"| {k} | {v['n']} | {v['errors']} | {v['p50']} | {v['p95']} | {v['p99']} | {v['max']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--post-rate", type=float, default=2.0, help="API ingests per second")
    ap.add_argument("--batch", type=int, default=25, help="documents per `rasd ingest` batch")
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--pipeline", help="MODULE:FACTORY for the ingest process (default: the real pipeline)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args(argv)
    r = run(args)
    print(json.dumps(r, ensure_ascii=False, indent=1))
    if args.markdown:
        print(markdown(r))
    return 0 if r["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
