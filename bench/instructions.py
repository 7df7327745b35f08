#!/usr/bin/env python3
"""Instructions per article (valgrind's callgrind), to compare two versions of the code without timing noise.

CPU time on a shared machine moves by a few percent from run to run, which is the size of most single speed
changes. The number of instructions the pipeline executes on the same documents does not: it is the same on a busy
machine and a quiet one. So a before/after pair is measured here, and the wall-clock targets stay with ``make
bench``. Instructions are not time (a cache miss costs more than an add), but a change that removes work removes
instructions.

    bench/instructions.py                                  # this checkout, 100 generated clean-text articles
    bench/instructions.py --src /tmp/old/src --src src     # two versions side by side (the first is the base)

Each version runs in its own process under callgrind. Start-up (lexicons, gazetteer, the first 20 documents that
fill the caches) is not counted: only the pipeline over the next ``--n`` documents, which runs inside one
``functools.reduce`` call so that callgrind can collect that call alone (``--toggle-collect``). Needs valgrind
(Debian: ``apt install valgrind``); a run of 100 articles takes about three minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARMUP = 20


def inner(src: str, path: str, n: int) -> None:
    """The measured workload (run under callgrind): the default pipeline over documents WARMUP..WARMUP+n."""
    import functools
    import itertools

    sys.path.insert(0, src)
    from rasd.pipeline import default_pipeline
    from rasd.pipeline.ingest import read

    for _ in default_pipeline().pipe(itertools.islice(read([path]), WARMUP)):
        pass
    docs = list(itertools.islice(read([path]), WARMUP, WARMUP + n))
    pipeline = default_pipeline()
    # every instruction of the run happens inside this one C call, the only one callgrind collects
    functools.reduce(lambda acc, _doc: acc, pipeline.pipe(iter(docs)), None)


def count(src: str, path: str, n: int, log: Path) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=functools_reduce",
        f"--callgrind-out-file={log}",
        sys.executable,
        str(Path(__file__).resolve()),
        "--inner",
        src,
        "--input",
        path,
        "--n",
        str(n),
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    m = re.search(r"Collected\s*:\s*([\d,]+)", proc.stderr)
    if proc.returncode != 0 or m is None:
        sys.exit(f"callgrind failed for {src}:\n{proc.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", action="append", help="a src directory to measure (repeat; default: this checkout)")
    ap.add_argument("--n", type=int, default=100, help="articles counted (after the warm-up ones)")
    ap.add_argument("--input", help="a JSONL of articles (default: generated clean text, as make bench)")
    ap.add_argument("--inner", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        inner(args.inner, args.input, args.n)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    srcs = [str(Path(s).resolve()) for s in (args.src or [str(ROOT / "src")])]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.input
        if path is None:
            sys.path.insert(0, str(HERE))
            import corpus

            path = str(Path(tmp) / "in.jsonl")
            corpus.write_jsonl(Path(path), WARMUP + args.n, "text")
        base = None
        for k, src in enumerate(srcs):
            ir = count(src, path, args.n, Path(tmp) / f"callgrind-{k}.out")
            base = base or ir
            print(f"{src}: {ir / args.n / 1e6:.2f} M instructions/article ({ir / base:.3f} x the first)", flush=True)


if __name__ == "__main__":
    main()
