"""Hostile inputs: each gets a Drop or a clean result, and a run over all of them accounts for every one.

The corpus is generated at test time by ``make_corpus.py`` (nothing large is committed). Three levels:
the readers alone (fast, always), the default pipeline in-process, and ``rasd extract --format jsonl`` in a
subprocess whose peak memory is measured, which is how an analyst meets these files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hostile_contract import contract_problems, pipeline_or_skip
from make_corpus import ANY_DROP, CLEAN, Case, cases, make_corpus

from rasd.model import Document
from rasd.pipeline.base import Counts
from rasd.pipeline.ingest import read

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, make_corpus(root)


def outcome_ok(case: Case, doc: Document) -> bool:
    if doc.drop is None:
        return CLEAN in case.outcomes
    if doc.drop.reason == "stage_error":
        return False
    return ANY_DROP in case.outcomes or doc.drop.reason in case.outcomes


def _read(path: Path) -> list[Document]:
    return list(read([str(path)]))


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_reader_accounts_for_input(corpus: tuple[Path, list[Case]], case: Case) -> None:
    root, _ = corpus
    docs = _read(root / case.name)
    if case.docs >= 0:
        assert len(docs) == case.docs, [str(d.drop) for d in docs]
    else:
        assert docs, "a broken file must still yield a Drop"
    for d in docs:
        assert d.id and case.name in d.path
        assert d.drop is None or d.drop.reason != "stage_error"
        assert d.drop is not None or d.text or d.html, "a clean document has content"
        if d.drop is not None:
            assert d.drop.reason in case.outcomes or ANY_DROP in case.outcomes, str(d.drop)


def test_billion_laughs_is_not_expanded(corpus: tuple[Path, list[Case]]) -> None:
    root, _ = corpus
    for d in _read(root / "billion-laughs.xml"):
        body = (d.html or d.text or "") + (d.title or "") + str(d.meta.get("input_title", ""))
        assert len(body) < 100_000, "entities were expanded"
        assert body.count("lol") < 10_000


def test_external_entity_is_not_resolved(corpus: tuple[Path, list[Case]]) -> None:
    root, _ = corpus
    for d in _read(root / "xxe.rss"):
        assert "root:" not in (d.html or d.text or "")


def test_gzip_bomb_in_warc_is_refused_and_neighbours_kept(corpus: tuple[Path, list[Case]]) -> None:
    root, _ = corpus
    docs = _read(root / "bomb.warc.gz")
    by_url = {d.url: d for d in docs}
    assert by_url["http://example.com/bomb"].drop is not None
    assert by_url["http://example.com/bomb"].drop.reason == "too_large"  # type: ignore[union-attr]
    assert by_url["http://example.com/good-1"].drop is None
    assert by_url["http://example.com/good-2"].drop is None
    # The bomb is cut at the document limit, never held whole.
    assert by_url["http://example.com/bomb"].raw is None or len(by_url["http://example.com/bomb"].raw or b"") < 25e6


def test_wrong_and_missing_charsets_decode_to_arabic(corpus: tuple[Path, list[Case]]) -> None:
    from make_corpus import AR_SENTENCE

    root, _ = corpus
    for name in ("cp1256-declared-utf8.html", "cp1256-undeclared.html", "cp1256-unknown.html"):
        (d,) = _read(root / name)
        assert d.drop is None and AR_SENTENCE in (d.html or ""), name


def test_truncated_uncompressed_warc_record_is_not_silently_cut(tmp_path: Path) -> None:
    """A WARC whose last record is shorter than its Content-Length: the short record is a Drop, not an article."""
    from make_corpus import ARTICLE, _html, _warc

    page = _html(f"<p>{ARTICLE}</p>").encode()
    data = _warc([(f"http://example.com/{i}", [("Content-Type", "text/html")], page) for i in range(3)], gz=False)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[:-200])
    docs = _read(p)
    assert [d.drop is None for d in docs[:2]] == [True, True]
    assert len(docs) == 3 and docs[2].drop is not None, [str(d.drop) for d in docs]


@pytest.mark.parametrize("into_last", [15, 60, 0.5, -10])
def test_truncated_gzip_warc_leaves_a_drop(tmp_path: Path, into_last: float) -> None:
    """A .warc.gz cut inside its last gzip member (in the member's header, its body, or just before its end)."""
    from make_corpus import ARTICLE, _html, _warc

    page = _html(f"<p>{ARTICLE}</p>").encode()
    recs = [(f"http://example.com/{i}", [("Content-Type", "text/html")], page) for i in range(3)]
    data = _warc(recs, gz=True)
    last = len(_warc(recs[2:], gz=True))  # one gzip member per record
    start = len(data) - last
    cut = start + (int(last * into_last) if isinstance(into_last, float) else into_last % last)
    assert start < cut < len(data)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[:cut])
    docs = _read(p)
    assert [d.drop is None for d in docs[:2]] == [True, True], "the complete records are kept"
    # The cut record is a Drop, or (cut inside the gzip trailer) kept whole plus a Drop for the broken member.
    assert docs[2:] and any(d.drop is not None for d in docs[2:]), "the cut record vanished without a trace"


# --- the whole pipeline -------------------------------------------------------------------------------------


def test_pipeline_accounts_for_every_input(corpus: tuple[Path, list[Case]]) -> None:
    pipeline_or_skip()
    root, made = corpus
    counts = Counts()
    n_in = 0
    problems: dict[str, list[str]] = {}
    by_case = {c.name: c for c in made}
    for case_name in sorted(by_case):
        docs = _read(root / case_name)
        n_in += len(docs)
        # A fresh pipeline per file: the cases share their Arabic passage, and in-run dedup would (rightly)
        # drop every repeat as a duplicate, hiding what each hostile wrapping does to the article.
        pipe = pipeline_or_skip()
        for doc in pipe.pipe(docs):
            counts.add(doc)
            bad = contract_problems(doc)
            if not outcome_ok(by_case[case_name], doc):
                bad.append(f"outcome {doc.drop} not in {sorted(map(str, by_case[case_name].outcomes))}")
            if bad:
                problems[doc.path] = bad
    assert counts.documents == n_in
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)[:4000]


# Runs the CLI and reports its own peak RSS on stderr (RUSAGE_CHILDREN would mix in earlier children).
_WRAP = (
    "import resource, sys\n"
    "from rasd.cli import cli\n"
    "try:\n"
    "    cli(sys.argv[1:], prog_name='rasd')\n"
    "finally:\n"
    "    sys.stderr.write(f'\\nPEAK_RSS_MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}\\n')\n"
)


def _run_cli(args: list[str], out: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``rasd ARGS -o OUT`` in a child; returns the result and the child's peak RSS in MB."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", _WRAP, *args, "-o", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    peak = [ln for ln in res.stderr.splitlines() if ln.startswith("PEAK_RSS_MB ")]
    return res, int(peak[-1].split()[1]) if peak else -1


def _check_cli_output(res: subprocess.CompletedProcess[str], out: Path, expected_docs: int) -> list[dict[str, object]]:
    assert res.returncode == 0, res.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == expected_docs
    summary = [ln for ln in res.stderr.splitlines() if " documents, " in ln]
    assert summary and summary[-1].startswith(f"{expected_docs} documents"), res.stderr[-2000:]
    return records


def test_cli_extract_jsonl_accounts_for_every_input(corpus: tuple[Path, list[Case]], tmp_path: Path) -> None:
    pipeline_or_skip()
    root, made = corpus
    expected = sum(len(_read(root / c.name)) for c in made)
    out = tmp_path / "out.jsonl"
    res, peak_mb = _run_cli(["extract", str(root), "--format", "jsonl"], out)
    records = _check_cli_output(res, out, expected)
    reasons = Counter((r["dropped"] or {}).get("reason", "ok") for r in records)  # type: ignore[union-attr]
    assert "stage_error" not in reasons, reasons
    print(f"hostile corpus: {expected} documents, outcomes {dict(reasons)}, peak RSS {peak_mb} MB")


@pytest.mark.slow
def test_cli_refuses_100mb_inputs_in_bounded_memory(tmp_path: Path) -> None:
    pipeline_or_skip()
    root = tmp_path / "big"
    made = make_corpus(root, big=True)
    big = [c for c in made if c.big]
    for c in made:
        if not c.big:
            (root / c.name).unlink()
    out = tmp_path / "out.jsonl"
    res, peak_mb = _run_cli(["extract", str(root), "--format", "jsonl"], out)
    records = _check_cli_output(res, out, len(big))
    assert all((r["dropped"] or {}).get("reason") == "too_large" for r in records)  # type: ignore[union-attr]
    # The JSONL reader holds one line at most; 100 MB of input must not become gigabytes of Python objects.
    assert peak_mb < 1024, f"peak RSS {peak_mb} MB"
    print(f"100 MB inputs: {len(records)} documents refused as too_large, peak RSS {peak_mb} MB")
