"""End-to-end tests of ``rasd extract`` and ``rasd demo`` through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.cli import cli

SEED = "corpus/seed/000_8bebee0848dd25c5.txt"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def run_jsonl(*args: str, stdin: str | None = None) -> list[dict]:
    res = CliRunner().invoke(cli, ["extract", *args, "--format", "jsonl"], input=stdin)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_records(shared_dir: Path) -> list[dict]:
    return run_jsonl(str(shared_dir / SEED), "--published", "2023-09-20")


def test_seed_gives_exactly_the_two_events(seed_records: list[dict]) -> None:
    (rec,) = seed_records
    assert rec["dropped"] is None and rec["language"] == "ar"
    assert rec["path"].endswith("000_8bebee0848dd25c5.txt") and rec["id"]
    evs = rec["events"]
    assert len(evs) == 2, [(e["event_type"], e["evidence"]["text"][:60]) for e in evs]
    shelling = next(e for e in evs if e["event_type"] == "Explosions/Remote violence")
    capture = next(e for e in evs if e["event_type"] == "Battles")
    assert shelling["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelling["actor1"] == "Military Forces of Azerbaijan"
    assert shelling["actor2"].startswith("Civilians") and shelling["civilian_targeting"] is True
    assert shelling["fatalities"] == 7
    assert km(shelling["latitude"], shelling["longitude"], 39.82, 46.75) < 100
    assert "وكالة الأنباء الأرمينية" in shelling["reported_by"]
    assert "أذربيجان" in shelling["denied_by"]
    assert shelling["evidence"]["text"].startswith("قتل 7 مدنيين في إقليم قره باغ")
    assert capture["sub_event_type"] == "Government regains territory"
    assert "وزارة الدفاع" in capture["reported_by"]
    assert capture["event_date"] == "2023-09-19"  # أمس الثلاثاء, against --published 2023-09-20


def test_seed_evidence_offsets_point_into_the_original_file(shared_dir: Path, seed_records: list[dict]) -> None:
    original = (shared_dir / SEED).read_text(encoding="utf-8")
    for ev in seed_records[0]["events"]:
        ev_span = ev["evidence"]
        assert original[ev_span["start"] : ev_span["end"]] == ev_span["text"]


def test_seed_ticker_and_comment_form_are_furniture(shared_dir: Path, seed_records: list[dict]) -> None:
    original = (shared_dir / SEED).read_text(encoding="utf-8")
    ticker_at = original.index("آخر الأخبار")
    furniture = seed_records[0]["furniture"]
    assert any(f["start"] <= ticker_at < f["end"] for f in furniture)
    assert all(ev["evidence"]["start"] < ticker_at for ev in seed_records[0]["events"])


@pytest.fixture(scope="module")
def demo_records() -> dict[str, dict]:
    from rasd.commands.extract import demo_dir

    return {r["id"]: r for r in run_jsonl(str(demo_dir()))}


def _only(rec: dict, event_type: str) -> dict:
    evs = [e for e in rec["events"] if e["event_type"] == event_type and not e["optional"]]
    assert len(evs) == 1, [(e["event_type"], e["sub_event_type"], e["evidence"]["text"][:50]) for e in rec["events"]]
    return evs[0]


def test_demo_crawled_page_dual_denial_and_ticker(demo_records: dict[str, dict]) -> None:
    rec = demo_records["demo-01-idlib"]
    assert rec["published"] == "2024-03-11"
    ev = _only(rec, "Explosions/Remote violence")
    assert len(rec["events"]) == 1  # nothing from the ticker's car bomb or arrests
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"
    assert ev["fatalities"] == 2 and ev["injuries"] == 5  # مدنيان is a dual
    assert ev["event_date"] == "2024-03-10"  # فجر أمس الأحد
    assert ev["actor1"] == "Military Forces of Syria" and ev["civilian_targeting"] is True
    assert ev["country"] == "Syria" and km(ev["latitude"], ev["longitude"], 35.86, 36.80) < 25  # Sarmin
    assert "المرصد السوري" in ev["reported_by"] and "وزارة الدفاع السورية" in ev["denied_by"]
    assert rec["interactions"], "the UN call is kept as an interaction"


def test_demo_protest_with_maghrebi_background(demo_records: dict[str, dict]) -> None:
    rec = demo_records["demo-02-gafsa-protest"]
    ev = _only(rec, "Protests")
    assert ev["sub_event_type"] == "Peaceful protest" and ev["actor1"] == "Protesters (Tunisia)"
    assert ev["event_date"] == "2025-02-04" and ev["country"] == "Tunisia"
    for other in rec["events"]:
        if other is not ev:
            assert other["optional"], "the January march is background"


def test_demo_ied_dual_soldiers(demo_records: dict[str, dict]) -> None:
    ev = _only(demo_records["demo-04-tarmiyah-ied"], "Explosions/Remote violence")
    assert ev["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ev["fatalities"] == 2 and ev["event_date"] == "2024-05-19" and ev["country"] == "Iraq"


def test_demo_air_strike_by_external_forces(demo_records: dict[str, dict]) -> None:
    ev = _only(demo_records["demo-05-nuseirat-strike"], "Explosions/Remote violence")
    assert ev["sub_event_type"] == "Air/drone strike"
    assert ev["actor1"] == "Military Forces of Israel" and ev["inter1"] == 8
    assert ev["fatalities"] == 3 and ev["injuries"] == 9 and ev["event_date"] == "2024-07-08"


def test_demo_statement_is_an_interaction_not_an_event(demo_records: dict[str, dict]) -> None:
    rec = demo_records["demo-06-league-statement"]
    assert rec["events"] == []
    assert {i["plover"] for i in rec["interactions"]} & {"DISAPPROVE", "ACCUSE", "REQUEST", "CONSULT"}


def test_demo_html_interception_with_levantine_month(demo_records: dict[str, dict]) -> None:
    (rec,) = [r for r in demo_records.values() if "jazan" in r["path"]]
    assert rec["title"] and "جازان" in rec["title"]
    assert rec["published"] == "2024-10-13"
    ev = _only(rec, "Strategic developments")
    assert ev["sub_event_type"] == "Disrupted weapons use"
    assert ev["event_date"] == "2024-10-12" and ev["country"] == "Saudi Arabia"
    # The interceptor is actor1, the launcher actor2 (ACLED's Disrupted weapons use).
    assert (ev["actor1"], ev["actor2"]) == ("Military Forces of Saudi Arabia", "Houthi Movement")


def test_jsonl_prints_one_line_per_document_including_dropped(tmp_path: Path) -> None:
    good = {
        "id": "g1",
        "text": "تظاهر مئات في ساحة التحرير وسط بغداد اليوم للمطالبة بالإصلاح.",
        "published": "2024-01-02",
    }
    empty = {"id": "e1", "text": ""}
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (good, empty)) + "\nnot json\n", encoding="utf-8")
    recs = run_jsonl(str(f))
    assert len(recs) == 3
    by_id = {r["id"]: r for r in recs}
    assert by_id["g1"]["dropped"] is None and by_id["g1"]["path"].startswith(str(f))
    assert by_id["e1"]["dropped"]["reason"]
    assert sum(1 for r in recs if r["dropped"]) == 2


def test_stdin_is_read(tmp_path: Path) -> None:
    recs = run_jsonl("-", "--published", "2024-01-02", stdin="عنوان\n\nتظاهر مئات في ساحة التحرير وسط بغداد اليوم.\n")
    assert len(recs) == 1 and recs[0]["dropped"] is None


def test_csv_uses_acled_column_names(shared_dir: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", str(shared_dir / SEED), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 2
    header = res.stdout.splitlines()[0].split(",")
    assert header[:7] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
    ]
    assert {r["fatalities"] for r in rows} == {"7", "0"}


def test_table_is_readable_and_reorders_arabic_only_when_asked(shared_dir: Path) -> None:
    plain = CliRunner().invoke(cli, ["extract", str(shared_dir / SEED), "--no-bidi"])
    assert plain.exit_code == 0 and "Government regains territory" in plain.stdout
    assert "وكالة الأنباء الأرمينية"[:10] in plain.stdout  # logical order when not reordering
    shaped = CliRunner().invoke(cli, ["extract", str(shared_dir / SEED), "--bidi"])
    assert shaped.exit_code == 0 and "وكالة الأنباء الأرمينية"[:10] not in shaped.stdout


def test_installed_console_script_runs_the_demo(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "rasd"
    proc = subprocess.run(
        [str(exe), "demo", "--out", str(tmp_path / "d"), "--no-bidi"], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Full output:" in proc.stdout
    lines = (tmp_path / "d" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    assert (tmp_path / "d" / "events.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")
