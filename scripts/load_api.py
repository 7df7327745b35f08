#!/usr/bin/env python3
"""Requests per second of the REST API, measured from a second process on loopback.

Starts ``rasd serve`` on 127.0.0.1 (a free port) over ``--db``, waits for /healthz, then loads each path for
``--seconds`` with wrk (Debian's ``wrk``) when it is installed, or else with a bounded Python client (threads,
keep-alive connections, stopping at the time limit or ``--max-requests``). Prints one line per path and a JSON
summary; stops the server it started. Traffic never leaves 127.0.0.1.

    python scripts/gen_events.py --db sqlite:///bench/out/load.sqlite --events 100000
    python scripts/load_api.py --db sqlite:///bench/out/load.sqlite
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

DEFAULT_PATHS = [
    "/api/v1/events",
    "/api/v1/events?country=Syria&type=Battles",
    "/api/v1/events?fields=summary&limit=500",
    "/api/v1/events?q=%D8%AD%D9%84%D8%A8",
    "/api/v1/events/{id}",
    "/healthz",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
    res = {"rps": rps, "errors": float(errors)}
    if p50:
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
        res["p50_ms"] = float(p50.group(1)) * scale
    return res


def pyload(url: str, seconds: int, connections: int, max_requests: int) -> dict[str, float]:
    """A bounded closed-loop client: ``connections`` threads, each one keep-alive connection."""
    m = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    assert m, url
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "err": 0}
    lat: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < stop:
            with lock:
                if counts["ok"] + counts["err"] >= max_requests:
                    return
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            with lock:
                counts["ok" if ok else "err"] += 1
                lat.append(time.perf_counter() - t)
        conn.close()

    t0 = time.perf_counter()
    ts = [threading.Thread(target=worker) for _ in range(connections)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    el = time.perf_counter() - t0
    lat.sort()
    return {
        "rps": counts["ok"] / el,
        "errors": float(counts["err"]),
        "p50_ms": lat[len(lat) // 2] * 1000 if lat else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", required=True)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--max-requests", type=int, default=200_000, help="Python client: stop after this many")
    ap.add_argument("--python-client", action="store_true", help="use the Python client even if wrk is installed")
    ap.add_argument("--path", action="append", help="path to load (repeatable); {id} is a real event id")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, RASD_API_TOKENS="")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rasd",
            "serve",
            "--db",
            args.db,
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        with urllib.request.urlopen(base + "/api/v1/events?limit=1&fields=summary", timeout=60) as r:
            page = json.load(r)
        total = page["total"]
        eid = page["items"][0]["id"] if page["items"] else "none"
        use_wrk = shutil.which("wrk") is not None and not args.python_client
        tool = "wrk" if use_wrk else "python"
        print(
            f"{total:,} events; {tool}, {args.connections} connections, {args.seconds}s per path, "
            f"{args.workers} server worker(s)"
        )
        results = []
        for path in args.path or DEFAULT_PATHS:
            url = base + path.replace("{id}", eid)
            # one warm-up request, so the first measurement does not pay for cold caches alone
            urllib.request.urlopen(url, timeout=120).read()
            if use_wrk:
                res = wrk(url, args.seconds, args.connections, args.threads)
            else:
                res = pyload(url, args.seconds, args.connections, args.max_requests)
            results.append({"path": path, **res})
            print(f"  {res['rps']:9.1f} req/s  p50 {res.get('p50_ms', 0):8.1f} ms  errors {int(res['errors'])}  {path}")
        summary = {
            "events": total,
            "tool": tool,
            "connections": args.connections,
            "seconds": args.seconds,
            "workers": args.workers,
            "results": results,
        }
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(summary, indent=2) + "\n")
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
