"""rasd benchmarks (``make bench``): throughput per core, peak memory, the ratio to a floor, and growth.

One run measures, each phase in a fresh child process (so each peak RSS is that phase's own):

- floor        reading the clean-text JSONL and normalizing every text (``rasd.lang.ar.normalize``): the least
               any pipeline must do; the coder's overhead is reported as a ratio to it, which holds across
               machines where absolute speeds do not;
- extract_text ``rasd extract`` on clean text: read -> the default pipeline -> coded events;
- extract_html the same from HTML pages with site furniture (~25 KB each);
- ingest       end to end into a fresh SQLite store (``open_store``, ``Store.write``), at each growth size.

Speeds are articles per CPU-second of the child (= articles/s per core: every phase is single-process), so a
busy shared machine slows the wall clock but not the figure much. Growth runs the ingest at 1,000 and 10,000
documents (and 100,000 with ``BENCH_FULL=1``) and fits time ~ n^b: b = 1 is linear.

Writes bench/out/results.json and bench/out/results.md, and prints the table.

    .venv/bin/python bench/run.py                    # 1k + 10k  (make bench)
    BENCH_FULL=1 .venv/bin/python bench/run.py       # + 100k ingest
    .venv/bin/python bench/run.py --quick            # 200 + 1k, for a smoke test
    .venv/bin/python bench/run.py --profile extract_text --n 2000   # cProfile one phase, print the top
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

WARMUP = 20  # documents run before timing, to load every lazy resource
TARGETS = {"extract_text": 200.0, "extract_html": 40.0}
RSS_TARGET_MB = 500.0


# --- measuring inside a phase -------------------------------------------------------------------------------


def _rss_mb() -> float:
    """Current resident set size."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KB on Linux


class Timed:
    """Wraps an iterator and accumulates the CPU time spent producing its items (upstream included)."""

    def __init__(self, it: Iterable[Any]) -> None:
        self.it = iter(it)
        self.cpu = 0.0

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        t = time.process_time()
        try:
            return next(self.it)
        finally:
            self.cpu += time.process_time() - t


def _staged(pipeline: Any, docs: Iterable[Any]) -> tuple[Iterator[Any], list[tuple[str, Timed]]]:
    """The pipeline's stream, with a timer after the reader and after each stage (cumulative CPU)."""
    timers: list[tuple[str, Timed]] = []
    stream = Timed(docs)
    timers.append(("read", stream))
    for st in pipeline.stages:
        stream = Timed(st.pipe(stream))
        timers.append((st.name, stream))
    return stream, timers


def _breakdown(timers: list[tuple[str, Timed]]) -> dict[str, float]:
    out: dict[str, float] = {}
    prev = 0.0
    for name, t in timers:
        out[name] = round(t.cpu - prev, 3)
        prev = t.cpu
    return out


def phase(name: str, path: str, db: str | None) -> dict[str, Any]:
    """Run one phase in this process and return its measurements."""
    from rasd.pipeline.base import Counts
    from rasd.pipeline.ingest import read

    rss_start = _rss_mb()
    t_build = time.process_time()
    result: dict[str, Any] = {"phase": name}
    counts = Counts()
    if name.startswith("dask"):
        return dask_phase(name, path)
    if name == "floor":
        from rasd.lang.ar.normalize import normalize

        build = time.process_time() - t_build
        w0, c0 = time.perf_counter(), time.process_time()
        n = 0
        chars = 0
        for doc in read([path]):
            view = normalize(doc.text or doc.html or "")
            chars += len(view.key)
            n += 1
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        result.update(documents=n, chars=chars)
    else:
        import itertools

        from rasd.pipeline import default_pipeline

        # Start-up apart from throughput: lexicons, the gazetteer and the morphology maps load lazily, on the
        # first documents. A throwaway pipeline over the first WARMUP documents loads them all (module-level
        # caches); the measured run then uses a fresh pipeline (its run-level dedup state starts empty).
        for _ in default_pipeline().pipe(itertools.islice(read([path]), WARMUP)):
            pass
        pipeline = default_pipeline()
        store: Any = None
        if name == "ingest":
            from rasd.backends.store import open_store

            assert db is not None
            store = open_store(f"sqlite:///{db}")
        build = time.process_time() - t_build
        rss_ready = _rss_mb()
        timers: list[tuple[str, Timed]] = []

        class TimedExecutor:
            """The in-process executor, with a CPU timer after each stage."""

            name = "local"

            def map(self, factory: Any, docs: Iterable[Any]) -> Iterator[Any]:
                stream, t = _staged(pipeline, docs)
                timers.extend(t)
                for d in stream:
                    counts.add(d)
                    yield d

        w0, c0 = time.perf_counter(), time.process_time()
        if store is not None:
            # Exactly the loop behind ``rasd ingest`` (documents already stored are skipped before the pipeline).
            from rasd.backends.store.ingest import ingest

            run_id = store.start_run({"command": "bench"})
            ingest(store, read([path]), TimedExecutor(), default_pipeline, run_id)
            store.finish_run(run_id, counts.to_dict())
            store.close()
        else:
            for _ in TimedExecutor().map(default_pipeline, read([path])):
                pass
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        stages = _breakdown(timers)
        if name == "ingest":
            stages["store"] = round(cpu - timers[-1][1].cpu, 3)
        result.update(
            documents=counts.documents, counts=counts.to_dict(), stages=stages, rss_ready_mb=round(rss_ready, 1)
        )
        if db and os.path.exists(db):
            result["db_mb"] = round(os.path.getsize(db) / 1e6, 1)
    n = result["documents"]
    result.update(
        cpu_s=round(cpu, 3),
        wall_s=round(wall, 3),
        startup_cpu_s=round(build, 3),
        per_core=round(n / cpu, 1) if cpu > 0 else None,
        ms_per_doc=round(1000 * cpu / n, 3) if n else None,
        rss_start_mb=round(rss_start, 1),
        peak_rss_mb=round(_peak_mb(), 1),
    )
    return result


def dask_phase(name: str, path: str) -> dict[str, Any]:
    """extract on clean text through the Dask executor on a LocalCluster of N single-threaded workers."""
    import itertools

    from rasd.backends.executor.dask import DaskExecutor
    from rasd.pipeline import default_pipeline
    from rasd.pipeline.base import Counts
    from rasd.pipeline.ingest import read

    n_workers = int(name.split(":", 1)[1]) if ":" in name else 2
    ex = DaskExecutor(f"local:{n_workers}", keep_alive=True)
    t0 = time.perf_counter()
    client = ex.client
    # Warm every worker (each loads lexicons and the gazetteer once), then measure.
    for _ in ex.map(default_pipeline, itertools.islice(read([path]), WARMUP * n_workers * 4)):
        pass
    startup = time.perf_counter() - t0

    def worker_cpu() -> float:
        return float(sum(client.run(time.process_time).values()))

    counts = Counts()
    cpu0, c0, w0 = worker_cpu(), time.process_time(), time.perf_counter()
    for d in ex.map(default_pipeline, read([path])):
        counts.add(d)
    wall = time.perf_counter() - w0
    cpu_workers, cpu_client = worker_cpu() - cpu0, time.process_time() - c0
    ex.close()
    n = counts.documents
    return {
        "phase": name,
        "documents": n,
        "workers": n_workers,
        "wall_s": round(wall, 3),
        "startup_wall_s": round(startup, 3),
        "cpu_s": round(cpu_workers, 3),
        "client_cpu_s": round(cpu_client, 3),
        "per_core": round(n / cpu_workers, 1) if cpu_workers else None,
        "articles_per_s_wall": round(n / wall, 1) if wall else None,
        "ms_per_doc": round(1000 * cpu_workers / n, 3) if n else None,
        "peak_rss_mb": round(_peak_mb(), 1),
        "counts": counts.to_dict(),
    }


# --- orchestrating ------------------------------------------------------------------------------------------


def run_child(name: str, path: Path, db: Path | None = None, timeout: float = 3600) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--input", str(path)]
    if db is not None:
        cmd += ["--db", str(db)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout or f"exit status {proc.returncode}").strip().splitlines()
        return {"phase": name, "error": lines[-1][:300], "stderr_tail": lines[-12:]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_1min_at_start": round(load, 2),
    }


def growth_fit(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope b of log(cpu) = a + b log(n): 1.0 is linear."""
    pts = [(math.log(n), math.log(c)) for n, c in points if n > 0 and c > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / den, 3) if den else None


def main_run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE))
    import corpus

    sizes = [200, 1000] if args.quick else [1000, 10000]
    if os.environ.get("BENCH_FULL") == "1" or args.full:
        sizes.append(100000)
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    main_n = args.n or sizes[min(1, len(sizes) - 1)]
    out = Path(args.out) if args.out else OUT
    out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    results: dict[str, Any] = {"started": started, "machine": machine(), "phases": {}, "growth": []}
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        t = Path(tmp)
        inputs: dict[tuple[str, int], Path] = {}

        def data(kind: str, n: int) -> Path:
            if (kind, n) not in inputs:
                p = t / f"{kind}_{n}.jsonl"
                stats = corpus.write_jsonl(p, n, kind)
                results.setdefault("inputs", {})[f"{kind}_{n}"] = stats
                inputs[(kind, n)] = p
            return inputs[(kind, n)]

        plan = [("floor", "text"), ("extract_text", "text"), ("extract_html", "html")]
        for name, kind in plan:
            if args.only and name not in args.only:
                continue
            print(f"bench: {name} on {main_n} {kind} documents ...", file=sys.stderr, flush=True)
            results["phases"][name] = run_child(name, data(kind, main_n))
        if args.dask:
            name = f"dask:{args.dask}"
            print(
                f"bench: extract on {main_n} text documents, Dask LocalCluster of {args.dask} ...",
                file=sys.stderr,
                flush=True,
            )
            results["phases"][name] = run_child(name, data("text", main_n))
        if not args.only or "ingest" in args.only:
            for n in sizes:
                print(f"bench: ingest {n} text documents into SQLite ...", file=sys.stderr, flush=True)
                r = run_child("ingest", data("text", n), db=t / f"store_{n}.sqlite", timeout=args.timeout)
                results["growth"].append(r | {"n": n})
                # Written after each size, so a long run's finished sizes survive an interruption.
                (out / "growth-partial.json").write_text(json.dumps(results["growth"], indent=1) + "\n")
                if n == main_n:
                    results["phases"]["ingest"] = r
        for p in inputs.values():
            p.unlink(missing_ok=True)
    summarize(results)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = render(results)
    (out / "results.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


def summarize(results: dict[str, Any]) -> None:
    ph = results["phases"]
    floor = ph.get("floor", {}).get("ms_per_doc")
    for r in ph.values():
        if floor and r.get("ms_per_doc"):
            r["floor_ratio"] = round(r["ms_per_doc"] / floor, 1)
    pts = [(g["n"], g["cpu_s"]) for g in results["growth"] if "cpu_s" in g]
    results["growth_exponent"] = growth_fit(pts)
    per_doc = [g["ms_per_doc"] for g in results["growth"] if g.get("ms_per_doc")]
    if len(per_doc) >= 2:
        results["growth_per_doc_ratio"] = round(per_doc[-1] / per_doc[0], 2)
    checks = {}
    for name, target in TARGETS.items():
        v = ph.get(name, {}).get("per_core")
        checks[name] = {"target": target, "value": v, "met": bool(v and v >= target)}
    big = [g for g in results["growth"] if g.get("n", 0) >= 100000 and "peak_rss_mb" in g]
    if big:
        checks["rss_100k_ingest"] = {
            "target": RSS_TARGET_MB,
            "value": big[0]["peak_rss_mb"],
            "met": big[0]["peak_rss_mb"] < RSS_TARGET_MB,
        }
    results["targets"] = checks


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"rasd benchmark, {results['started']}: {m['nproc']} cores ({m['cpu']}), {m['ram']} RAM, Python {m['python']}, "
        f"load {m['load_1min_at_start']} at start",
        "",
        "| phase | docs | articles/s/core | ms/doc (CPU) | x floor | peak RSS MB | wall s | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    labels = {
        "floor": "floor: read + normalize (text)",
        "extract_text": "extract, clean text -> events",
        "extract_html": "extract, HTML -> events",
        "ingest": "ingest text -> SQLite",
    }
    for k in results["phases"]:
        if k.startswith("dask:"):
            labels[k] = f"extract, clean text, Dask {k[5:]} workers (per worker-CPU s)"
    for name, r in results["phases"].items():
        if "error" in r:
            lines.append(f"| {labels.get(name, name)} | - | - | - | - | - | - | error: {r['error'][:80]} |")
            continue
        tgt = results["targets"].get(name)
        t = f">= {tgt['target']:.0f} {'met' if tgt['met'] else 'NOT met'}" if tgt else ""
        lines.append(
            f"| {labels.get(name, name)} | {r['documents']} | {r['per_core']} | {r['ms_per_doc']} | "
            f"{r.get('floor_ratio', '')} | {r['peak_rss_mb']} | {r['wall_s']} | {t} |"
        )
    if results["growth"]:
        lines += [
            "",
            "Growth (ingest, text -> SQLite):",
            "",
            "| docs | CPU s | ms/doc | of which pipeline | of which store | peak RSS MB | DB MB |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for g in results["growth"]:
            if "error" in g:
                lines.append(f"| {g['n']} | error: {g['error'][:80]} | | | | | |")
            else:
                st = g.get("stages", {})
                pipe = sum(v for k, v in st.items() if k != "store")
                lines.append(
                    f"| {g['n']} | {g['cpu_s']} | {g['ms_per_doc']} | {1000 * pipe / g['n']:.2f} | "
                    f"{1000 * st.get('store', 0) / g['n']:.2f} | {g['peak_rss_mb']} | {g.get('db_mb', '')} |"
                )
        lines.append("")
        lines.append(
            f"Fitted exponent b in cpu ~ n^b: {results.get('growth_exponent')} (1.0 = linear); "
            f"ms/doc at the largest size / at the smallest: {results.get('growth_per_doc_ratio')}"
        )
        rss = results["targets"].get("rss_100k_ingest")
        if rss:
            lines.append(
                f"Peak RSS of the 100,000-document ingest: {rss['value']} MB (target < {rss['target']:.0f} MB)"
            )
    stages = {k: r["stages"] for k, r in results["phases"].items() if r.get("stages")}
    if stages:
        names: list[str] = []
        for st in stages.values():
            names += [n for n in st if n not in names]
        lines += [
            "",
            "CPU seconds per stage:",
            "",
            "| phase | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for k, st in stages.items():
            lines.append(f"| {k} | " + " | ".join(str(st.get(n, "")) for n in names) + " |")
    return "\n".join(lines) + "\n"


def main_profile(args: argparse.Namespace) -> int:
    """cProfile one phase in this process over ``--n`` generated documents and print the top functions."""
    import cProfile
    import pstats

    import corpus

    kind = "html" if args.profile == "extract_html" else "text"
    with tempfile.TemporaryDirectory(prefix="rasd-prof-") as tmp:
        p = Path(tmp) / "in.jsonl"
        corpus.write_jsonl(p, args.n or 1000, kind)
        db = str(Path(tmp) / "p.sqlite") if args.profile == "ingest" else None
        prof = cProfile.Profile()
        prof.enable()
        r = phase(args.profile, str(p), db)
        prof.disable()
    print(json.dumps({k: v for k, v in r.items() if k != "counts"}, ensure_ascii=False))
    OUT.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(str(OUT / f"profile_{args.profile}.pstats"))
    st = pstats.Stats(prof)
    st.sort_stats(args.sort).print_stats(args.top)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="200 and 1,000 documents (smoke test)")
    ap.add_argument("--full", action="store_true", help="also 100,000 documents (same as BENCH_FULL=1)")
    ap.add_argument("--n", type=int, default=None, help="documents for the throughput phases (default 10,000)")
    ap.add_argument("--only", nargs="*", help="phases to run: floor extract_text extract_html ingest")
    ap.add_argument("--sizes", help="ingest growth sizes, comma-separated (default 1000,10000; e.g. 100000)")
    ap.add_argument("--out", help="directory for results.json / results.md (default bench/out)")
    ap.add_argument("--timeout", type=float, default=4 * 3600, help="seconds allowed per phase child")
    ap.add_argument("--dask", type=int, default=0, metavar="N", help="also extract through Dask with N local workers")
    ap.add_argument("--profile", choices=["floor", "extract_text", "extract_html", "ingest"])
    ap.add_argument("--render", action="store_true", help="rewrite results.md from results.json")
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(args.phase, args.input, args.db), ensure_ascii=False))
        return 0
    if args.profile:
        return main_profile(args)
    if args.render:
        results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        summarize(results)
        table = render(results)
        (OUT / "results.md").write_text(table, encoding="utf-8")
        print(table)
        return 0
    return main_run(args)


if __name__ == "__main__":
    raise SystemExit(main())
