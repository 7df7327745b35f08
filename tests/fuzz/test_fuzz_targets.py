"""Run each atheris target for a bounded time (``RASD_FUZZ_SECONDS``, default 10 s each).

Skips when atheris is not installed (it is the ``fuzz`` extra). Each target starts from seeds written here
(short Arabic phrases of our own, HTML, JSONL, a WARC) and a libFuzzer dictionary built from the project's
resources (month names, number words, trigger words), so the mutations reach the Arabic code paths instead of
spending the budget on random bytes. A crash prints the reproducer path that libFuzzer writes; rerun it with
``python tests/fuzz/<target>.py <crash-file>``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SECONDS = int(os.environ.get("RASD_FUZZ_SECONDS", "10"))
TARGETS = {
    "fuzz_readers": ["readers"],
    "fuzz_numbers": ["numbers"],
    "fuzz_dates": ["dates"],
}

pytest.importorskip("atheris")

# Our own short phrases: "7 civilians were killed yesterday, Tuesday, 3 September 2024",
# "twenty-one dead and hundreds wounded", "in mid Ramadan 1445", "two thousand and five hundred".
SEED_TEXTS = [
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} 7 "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON} \N{ARABIC LETTER ALEF}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SEEN} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER THEH}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}"
    "\N{ARABIC LETTER THEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ALEF} 3 \N{ARABIC LETTER SEEN}"
    "\N{ARABIC LETTER BEH}\N{ARABIC LETTER TEH}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER BEH}\N{ARABIC LETTER REH} 2024",
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER HAH}\N{ARABIC LETTER DAL} "
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER AIN}\N{ARABIC LETTER SHEEN}\N{ARABIC LETTER REH}\N{ARABIC LETTER WAW}"
    "\N{ARABIC LETTER NOON} \N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER LAM}"
    "\N{ARABIC LETTER ALEF}",
    "\N{ARABIC-INDIC DIGIT ONE}\N{ARABIC-INDIC DIGIT FIVE}/\N{ARABIC-INDIC DIGIT NINE}/"
    "\N{ARABIC-INDIC DIGIT TWO}\N{ARABIC-INDIC DIGIT ZERO}\N{ARABIC-INDIC DIGIT TWO}\N{ARABIC-INDIC DIGIT FOUR}",
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER FEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER NOON} "
    "\N{ARABIC LETTER WAW}\N{ARABIC LETTER KHAH}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SEEN}"
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER YEH}\N{ARABIC LETTER TEH MARBUTA}",
]


def _strings(obj: object, out: set[str]) -> None:
    if isinstance(obj, str):
        if 1 < len(obj) <= 24:
            out.add(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _strings(v, out)


def write_dictionary(path: Path) -> int:
    """A libFuzzer dictionary of every short string in the Arabic resources, UTF-8 escaped."""
    from rasd.resources import ROOT as RES
    from rasd.resources import load

    words: set[str] = set()
    for f in sorted((RES / "ar").glob("*.yaml")):
        try:
            _strings(load(f"ar/{f.name}"), words)
        except Exception:
            continue
    words |= {"<p>", "</p>", "<html>", "&amp;", "&#1575;", '{"text": "', '"}', "WARC/1.0\r\n", "\r\n\r\n", "<rss>"}
    lines = []
    for w in sorted(words)[:3000]:
        esc = "".join(f"\\x{b:02x}" for b in w.encode("utf-8"))
        lines.append(f'"{esc}"')
    path.write_text("\n".join(lines) + "\n")
    return len(lines)


def _warc_seed() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    page = f"<html><body><p>{SEED_TEXTS[0]}</p></body></html>".encode()
    w.write_record(
        w.create_warc_record("http://example.com/a", "response", payload=io.BytesIO(page), http_headers=http)
    )
    return buf.getvalue()


def write_seeds(target: str, d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    seeds: list[bytes] = []
    if target == "fuzz_readers":
        # First byte picks the suffix, second the content type (FuzzedDataProvider reads ints from the end).
        for t in SEED_TEXTS:
            seeds.append(f"<html><head><title>t</title></head><body><p>{t}</p></body></html>".encode())
            seeds.append(json.dumps({"text": t, "published": "2024-09-03"}, ensure_ascii=False).encode())
            seeds.append(t.encode("cp1256", "replace"))
        seeds.append(b'<?xml version="1.0"?><rss><channel><item><description>x</description></item></channel></rss>')
        seeds.append(_warc_seed())
    else:
        for i, t in enumerate(SEED_TEXTS):
            seeds.append(bytes([i, 0, 0]) + t.encode())
    for i, s in enumerate(seeds):
        (d / f"seed-{i}").write_bytes(s)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target_runs_clean(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_seeds(target, corpus)
    dictionary = tmp_path / "ar.dict"
    write_dictionary(dictionary)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), RASD_HOME=str(tmp_path / "home"))
    cmd = [
        sys.executable,
        str(HERE / f"{target}.py"),
        f"-max_total_time={SECONDS}",
        "-rss_limit_mb=2048",
        "-timeout=20",  # one input taking this long is a hang: reported as a crash
        "-max_len=4096",
        f"-dict={dictionary}",
        f"-artifact_prefix={tmp_path}/",
        "-print_final_stats=1",
        str(corpus),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=SECONDS * 4 + 120, cwd=tmp_path)
    stats = [ln for ln in res.stderr.splitlines() if ln.startswith(("stat::number_of_executed_units", "Done "))]
    print(target, stats)
    if res.returncode != 0:
        err = res.stdout + res.stderr  # atheris prints the Python traceback on stdout
        crash = err[err.find("=== Uncaught") :] if "=== Uncaught" in err else err[-4000:]
        pytest.fail(f"{target} found a crash (reproduce: python {HERE / target}.py <artifact>):\n{crash[:5000]}")
