"""``rasd ingest`` / ``events`` / ``export`` end to end, including a run killed mid-way and resumed."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rasd.backends.store import open_store
from rasd.cli import cli

HERE = Path(__file__).resolve().parent
TOWNS = ("أريحا", "سراقب", "دوما")


def _corpus(path: Path, incidents: int) -> Path:
    """Invented reports: each incident told by two outlets in different words and with different tolls."""
    lines = []
    start = date(2021, 3, 1)
    for i in range(incidents):
        town = TOWNS[i % 3]
        day = (start + timedelta(days=i)).isoformat()
        weapon = "غارة جوية" if i % 2 else "قصف مدفعي"
        lines.append(
            {
                "text": f"قتل {i + 2} مدنيين في {weapon} على {town} صباح اليوم، بحسب مصادر محلية.",
                "source": "وكالة أ",
                "published": day,
            }
        )
        lines.append(
            {
                "text": f"ارتفعت حصيلة ضحايا {weapon} استهدف {town} إلى {i + 4} قتلى وفق الدفاع المدني.",
                "source": "صحيفة ب",
                "published": day,
            }
        )
    lines.append(
        {"text": "افتتاح معرض للكتاب في المدينة بمشاركة واسعة.", "source": "صحيفة ب", "published": start.isoformat()}
    )
    lines.append({"text": "", "source": "صحيفة ب", "published": start.isoformat()})
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def _ingest_args(path: Path, url: str) -> list[str]:
    return ["ingest", str(path), "--db", url, "--pipeline", "store_toy:pipeline", "-q"]


def _normalised(store: Any) -> str:
    dump = store.dump()
    # Backend-specific search data: FTS5 rows on SQLite, the folded text column on PostgreSQL.
    dump.pop("documents_fts", None)
    for row in dump["documents"]:
        row.pop("text_key", None)

    def default(o: Any) -> Any:
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return str(o)

    return json.dumps(dump, sort_keys=True, default=default, ensure_ascii=False)


def test_ingest_events_export(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    src = _corpus(tmp_path / "in.jsonl", 6)
    runner = CliRunner()
    r = runner.invoke(cli, _ingest_args(src, db_url))
    assert r.exit_code == 0, r.output
    assert "merged into an existing event" in r.output
    s = open_store(db_url)
    try:
        st = s.stats()
    finally:
        s.close()
    assert st["documents"] == 14 and st["events"] == 6 and st["merged_clusters"] == 6
    assert st["dropped"] == {"empty": 1}

    r = runner.invoke(cli, ["events", "--db", db_url, "--format", "jsonl", "--type", "Air/drone strike"])
    assert r.exit_code == 0, r.output
    evs = [json.loads(x) for x in r.output.splitlines()]
    assert len(evs) == 3 and all(e["sources_count"] == 2 for e in evs)
    # The most conservative toll of the two outlets, with the other noted.
    assert all(e["fatalities"] == min(s["fatalities"] for s in e["sources"]) for e in evs)

    r = runner.invoke(cli, ["events", "--db", db_url, "--near", "35.81,36.61,5"])
    assert r.exit_code == 0 and "2 events" in r.output

    r = runner.invoke(cli, ["export", "--db", db_url, "--format", "acled-csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 6 and list(rows[0])[:2] == ["event_id_cnty", "event_date"]
    assert {row["sources_count"] for row in rows} == {"2"}

    out = tmp_path / "ev.parquet"
    r = runner.invoke(cli, ["export", "--db", db_url, "--format", "parquet", "-o", str(out), "--country", "Syria"])
    assert r.exit_code == 0, r.output
    import pyarrow.parquet as pq

    t = pq.read_table(out)
    assert t.num_rows == 6 and t.schema.field("event_date").type.id != t.schema.field("location").type.id

    r = runner.invoke(cli, ["export", "--db", db_url, "--format", "geojson", "--since", "2021-03-04"])
    assert r.exit_code == 0
    fc = json.loads(r.stdout)
    assert len(fc["features"]) == 3

    # Re-ingesting the same input changes nothing.
    s = open_store(db_url)
    before = _normalised(s)
    s.close()
    r = runner.invoke(cli, _ingest_args(src, db_url))
    assert r.exit_code == 0
    s = open_store(db_url)
    try:
        assert _normalised(s) == before
        assert s.status()["last_run"]["counts"]["already_stored"] == 14
    finally:
        s.close()


def test_bad_options_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    for args in (
        ["events", "--db", url, "--near", "100,1,1"],
        ["events", "--db", url, "--type", "Fight"],
        ["events", "--db", url, "--since", "yesterday"],
        ["export", "--db", url, "--format", "parquet"],
    ):
        r = runner.invoke(cli, args)
        assert r.exit_code == 2, (args, r.output)


def test_killed_ingest_resumes_to_identical_contents(tmp_path: Path, db_url: str) -> None:
    src = _corpus(tmp_path / "in.jsonl", 15)
    total = 32
    # Reference: one uninterrupted run.
    ref_url = f"sqlite:///{tmp_path / 'ref.sqlite'}"
    done = subprocess.run(
        [sys.executable, "-m", "rasd", *_ingest_args(src, ref_url)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    # The same run, killed part-way through.
    proc = subprocess.Popen(
        [sys.executable, "-m", "rasd", *_ingest_args(src, db_url)],
        env=_env(STORE_TOY_DELAY="0.1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                s = open_store(db_url)
                seen = s.stats()["documents"]
                s.close()
            except Exception:  # the database may not exist yet
                continue
            if seen >= 8:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    s = open_store(db_url)
    try:
        partial = s.stats()["documents"]
        assert 8 <= partial < total, "the kill should land mid-run"
        assert s.status()["last_run"]["status"] == "running"
    finally:
        s.close()
    again = subprocess.run(
        [sys.executable, "-m", "rasd", *_ingest_args(src, db_url)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert again.returncode == 0, again.stderr
    a, b = open_store(ref_url), open_store(db_url)
    try:
        assert b.stats()["documents"] == total
        assert _normalised(a) == _normalised(b)
        statuses = [r["status"] for r in b.runs()]
        assert statuses == ["interrupted", "complete"]
    finally:
        a.close()
        b.close()


def test_real_pipeline_merges_two_outlets(tmp_path: Path) -> None:
    """Two reports we wrote of one shelling, with different tolls, through the real pipeline into the store."""
    from rasd.config import gazetteer_path

    if not gazetteer_path().exists():
        pytest.skip("gazetteer not built (make setup)")
    a = (
        "قتل خمسة مدنيين وأصيب ثمانية آخرون اليوم الجمعة في قصف مدفعي لقوات النظام استهدف مدينة معرة النعمان "
        "في ريف إدلب الجنوبي، بحسب المرصد السوري لحقوق الإنسان."
    )
    b = (
        "أعلن الدفاع المدني السوري مقتل سبعة مدنيين بينهم طفلان جراء قصف مدفعي استهدف مدينة معرة النعمان جنوبي "
        "إدلب أمس الجمعة، فيما نفت وزارة الدفاع السورية استهداف المدنيين."
    )
    src = tmp_path / "two.jsonl"
    src.write_text(
        json.dumps({"text": a, "source": "وكالة الشرق", "published": "2019-05-10"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": b, "source": "صحيفة الغد", "published": "2019-05-11"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    r = CliRunner().invoke(cli, ["ingest", str(src), "--db", url, "-q"])
    assert r.exit_code == 0, r.output
    s = open_store(url)
    try:
        every = list(s.iter_events(_query_all()))
    finally:
        s.close()
    evs = [e for e in every if e["sub_event_type"].startswith("Shelling")]
    assert len(evs) == 1, [(e["sub_event_type"], e["location"], e["event_date"], e["sources_count"]) for e in every]
    ev = evs[0]
    assert ev["sources_count"] == 2 and ev["fatalities"] == 5
    assert {x["fatalities"] for x in ev["sources"]} == {5, 7}
    assert ev["contested"] and "fatalities reported" in ev["notes"]


def _query_all() -> Any:
    from rasd.backends.store import EventQuery

    return EventQuery()


def test_db_commands_split_merge_show(tmp_path: Path) -> None:
    import store_factories as F

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    s = open_store(url)
    s.write([F.report_a(), F.report_b()])
    s.close()
    runner = CliRunner()
    r = runner.invoke(cli, ["events", "--db", url, "--format", "jsonl"])
    ev = json.loads(r.stdout)
    r = runner.invoke(cli, ["db", "show", ev["id"], "--db", url])
    assert r.exit_code == 0 and json.loads(r.stdout)["sources_count"] == 2
    rid = ev["sources"][1]["report_id"]
    r = runner.invoke(cli, ["db", "split", ev["id"], rid, "--who", "analyst", "--db", url])
    assert r.exit_code == 0, r.output
    new_id = r.stdout.strip()
    r = runner.invoke(cli, ["db", "recluster", "--db", url])
    assert r.exit_code == 0 and json.loads(r.stdout)["events"] == 2
    r = runner.invoke(cli, ["db", "merge", ev["id"], new_id, "--who", "analyst", "--db", url])
    assert r.exit_code == 0 and r.stdout.strip() == ev["id"]
    r = runner.invoke(cli, ["db", "split", ev["id"], "nope-0", "--db", url])
    assert r.exit_code == 1 and "not in it" in r.output
    r = runner.invoke(cli, ["db", "status", "--db", url])
    st = json.loads(r.stdout)
    assert st["stats"]["corrections"] == 2 and st["stats"]["events"] == 1
    r = runner.invoke(cli, ["db", "show", "nope", "--db", url])
    assert r.exit_code == 1
