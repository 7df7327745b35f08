"""The gazetteer backend: keys, the SQLite file and its manifest, the default build, the in-memory double."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.backends.gazetteer import (
    Entry,
    Gazetteer,
    GazetteerError,
    MemoryGazetteer,
    SqliteGazetteer,
    default_gazetteer,
    name_key,
)
from rasd.backends.gazetteer.sqlite import GazetteerWriter, manifest_path

ENTRIES = [
    Entry(
        "x:1",
        "Idlib",
        "populated_place",
        name_ar="إدلب",
        alternates=("ادلب", "Idleb"),
        latitude=35.93,
        longitude=36.63,
        iso="SY",
        country="Syria",
        population=128000,
    ),
    Entry(
        "x:2",
        "Idlib",
        "admin1",
        name_ar="محافظة إدلب",
        latitude=35.8,
        longitude=36.6,
        iso="SY",
        country="Syria",
        pcodes={"admin1": "SY07"},
    ),
    Entry(
        "x:3",
        "Tripoli",
        "populated_place",
        name_ar="طرابلس",
        latitude=32.89,
        longitude=13.19,
        iso="LY",
        country="Libya",
        population=1300000,
    ),
]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إدلب", "ادلب"),
        ("إِدْلِب", "ادلب"),
        ("الرقة", "الرقه"),
        ("حماة", "حماه"),
        ("بيت  لاهيا", "بيت لاهيا"),
        ("Al-Bab", "al bab"),
    ],
)
def test_name_key_folds_spelling_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def _write(path: Path, entries: list[Entry]) -> SqliteGazetteer:
    w = GazetteerWriter(path)
    w.add(entries)
    w.close()
    return SqliteGazetteer(path)


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_backends_answer_alike(tmp_path: Path, kind: str) -> None:
    gz: Gazetteer = MemoryGazetteer(ENTRIES) if kind == "memory" else _write(tmp_path / "g.sqlite", ENTRIES)
    assert isinstance(gz, Gazetteer)
    assert {e.id for e in gz.lookup(name_key("ادلب"))} == {"x:1"}
    assert {e.id for e in gz.lookup(name_key("Idleb"))} == {"x:1"}
    assert gz.lookup(name_key("حلب")) == []
    e = gz.get("x:2")
    assert e is not None and e.pcodes == {"admin1": "SY07"} and e.kind == "admin1"
    assert name_key("طرابلس") in set(gz.keys())
    assert "x:2" in {h.id for h in gz.search("محافظة")}
    assert gz.fingerprint


def test_corrupt_file_is_refused_with_rebuild_hint(tmp_path: Path) -> None:
    p = tmp_path / "g.sqlite"
    _write(p, ENTRIES)
    with p.open("r+b") as f:
        f.seek(200)
        f.write(b"\x00garbage\x00")
    with pytest.raises(GazetteerError, match="rasd gazetteer build"):
        SqliteGazetteer(p)


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "g.sqlite"
    _write(p, ENTRIES)
    manifest_path(p).unlink()
    with pytest.raises(GazetteerError, match="manifest"):
        SqliteGazetteer(p)


def test_stale_build_with_imports_is_refused_not_dropped(tmp_path: Path) -> None:
    p = tmp_path / "g.sqlite"
    _write(p, ENTRIES)
    mp = manifest_path(p)
    m = json.loads(mp.read_text())
    m["build_version"] = "0"
    m["imports"] = [{"kind": "pcodes", "file": "x.csv"}]
    mp.write_text(json.dumps(m))
    with pytest.raises(GazetteerError, match="import"):
        default_gazetteer(p)


def test_default_build_holds_every_source(gz: SqliteGazetteer) -> None:
    counts = gz.manifest["entries"]
    assert {"geonames", "countrystatecity", "cldr", "aliases"} <= set(counts)
    assert counts["geonames"] > 5000 and counts["cldr"] > 150
    assert gz.stale is None
    # Arabic country names from CLDR/countrystatecity, curated regions, GeoNames towns.
    assert any(e.kind == "country" and e.iso == "SY" for e in gz.lookup(name_key("سوريا")))
    assert any(e.id == "alias:karabakh" for e in gz.lookup(name_key("ناغورني قره باغ")))
    assert any(e.source == "geonames" and e.iso == "IQ" for e in gz.lookup(name_key("الرمادي")))
    assert any(e.source == "countrystatecity" for e in gz.lookup(name_key("دير الزور")))


def test_default_gazetteer_builds_on_first_use_and_is_cached(
    default_gz_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reuse the session build by copying it, so this test stays fast: first use of an absent path builds.
    import shutil

    target = tmp_path / "home" / "gazetteer.sqlite"
    monkeypatch.setenv("RASD_GAZETTEER", str(target))
    from rasd.backends.gazetteer import build as build_mod

    calls: list[Path] = []

    def fake_build(path: Path) -> Path:
        calls.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(default_gz_path, path)
        shutil.copy(manifest_path(default_gz_path), manifest_path(path))
        return path

    monkeypatch.setattr(build_mod, "build_default", fake_build)
    a = default_gazetteer()
    b = default_gazetteer()
    assert a is b and calls == [target]


def test_cli_search_and_info(default_gz_path: Path) -> None:
    from rasd.cli import cli

    r = CliRunner().invoke(cli, ["gazetteer", "search", "الرمادي", "--path", str(default_gz_path)])
    assert r.exit_code == 0, r.output
    assert "Ramadi" in r.output
    r = CliRunner().invoke(cli, ["gazetteer", "info", "--path", str(default_gz_path)])
    assert r.exit_code == 0 and '"sha256"' in r.output


def test_cli_geocode_explains(default_gz_path: Path) -> None:
    from rasd.cli import cli

    r = CliRunner().invoke(
        cli, ["geocode", "اندلعت اشتباكات في طرابلس شمال لبنان.", "--gazetteer", str(default_gz_path)]
    )
    assert r.exit_code == 0, r.output
    assert "Tripoli" in r.output and "Lebanon" in r.output and "why:" in r.output
    r = CliRunner().invoke(cli, ["geocode", "قصف على الباب وريف إدلب", "--json", "--gazetteer", str(default_gz_path)])
    out = json.loads(r.output)
    assert out["mentions"][0]["place"]["geo_precision"] == 2
    assert out["refused"] and out["refused"][0]["why"]


def test_edited_curated_resources_make_a_build_stale(default_gz_path: Path, tmp_path: Path) -> None:
    import shutil

    p = tmp_path / "g.sqlite"
    shutil.copy(default_gz_path, p)
    m = json.loads(manifest_path(default_gz_path).read_text())
    assert SqliteGazetteer(default_gz_path).stale is None
    m["resources_fingerprint"] = "0" * 16
    manifest_path(p).write_text(json.dumps(m))
    stale = SqliteGazetteer(p).stale
    assert stale is not None and "places.yaml" in stale


def test_ordinary_word_tables_are_stored_in_the_build(gz: SqliteGazetteer) -> None:
    from rasd.backends.gazetteer.words import FarahidiWords

    w = gz.words()
    assert w is not None
    ref = FarahidiWords()
    for key in (name_key("بيان"), name_key("وقف"), name_key("حلب"), name_key("كفرزيتا")):
        assert w.count(key) == ref.count(key)
    assert w.count(name_key("بيان")) > 1000 and w.proper(name_key("دمشق"))


def test_sqlite_gazetteer_pickles_by_path(gz: SqliteGazetteer) -> None:
    import pickle

    from rasd.pipeline.geocode import Geocode

    g2 = pickle.loads(pickle.dumps(gz))
    assert g2.path == gz.path and [e.id for e in g2.lookup(name_key("الرمادي"))] == [
        e.id for e in gz.lookup(name_key("الرمادي"))
    ]
    stage = pickle.loads(pickle.dumps(Geocode(gz)))
    assert stage.gazetteer.path == gz.path
