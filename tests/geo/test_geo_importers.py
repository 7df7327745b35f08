"""Importers: GeoNames dumps and p-code admin tables (wide HDX, flat CSV, nested JSON), on small files written here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.backends.gazetteer import GazetteerError, SqliteGazetteer, name_key
from rasd.backends.gazetteer.importers import detect_columns, import_entries, read_geonames, read_pcodes
from rasd.backends.gazetteer.sqlite import GazetteerWriter
from rasd.model import Document
from rasd.pipeline.geocode import geocode_document

# GeoNames allCountries.txt: 19 tab-separated columns.
ALL_COUNTRIES = [
    [
        "900001",
        "Kafr Zayta Test",
        "Kafr Zayta Test",
        "Kafr Zaita",
        "35.37",
        "36.60",
        "P",
        "PPL",
        "SY",
        "",
        "09",
        "",
        "",
        "",
        "12000",
        "",
        "300",
        "Asia/Damascus",
        "2020-01-01",
    ],
    [
        "900002",
        "Hama Governorate",
        "Hama Governorate",
        "",
        "35.20",
        "37.00",
        "A",
        "ADM1",
        "SY",
        "",
        "09",
        "",
        "",
        "",
        "0",
        "",
        "300",
        "Asia/Damascus",
        "2020-01-01",
    ],
    [
        "900003",
        "Nowhere",
        "Nowhere",
        "",
        "10.0",
        "10.0",
        "P",
        "PPL",
        "NG",
        "",
        "01",
        "",
        "",
        "",
        "500",
        "",
        "300",
        "Africa/Lagos",
        "2020-01-01",
    ],
    [
        "900004",
        "Tall Tamr Test",
        "Tall Tamr Test",
        "تل تمر التجريبية",
        "36.65",
        "40.37",
        "P",
        "PPL",
        "SY",
        "",
        "01",
        "",
        "",
        "",
        "9000",
        "",
        "300",
        "Asia/Damascus",
        "2020-01-01",
    ],
    [
        "900005",
        "Ash Shayrat Base",
        "Ash Shayrat Base",
        "",
        "34.49",
        "36.91",
        "S",
        "AIRB",
        "SY",
        "",
        "11",
        "",
        "",
        "",
        "0",
        "",
        "300",
        "Asia/Damascus",
        "2020-01-01",
    ],
]
# alternateNamesV2.txt: id, geonameid, lang, name, preferred, short, colloquial, historic, from, to.
ALTERNATES = [
    ["1", "900001", "ar", "كفرزيتا التجريبية", "1", "", "", "", "", ""],
    ["2", "900001", "en", "Kafr Zita", "", "", "", "", "", ""],
    ["3", "900001", "ar", "كفر زيتا القديمة", "", "", "", "1", "", ""],  # historic: skipped
    ["4", "900002", "ar", "محافظة حماة التجريبية", "", "", "", "", "", ""],
    ["5", "900003", "ar", "مكان ما", "", "", "", "", "", ""],
    ["6", "900005", "ar", "مطار الشعيرات التجريبي", "", "", "", "", "", ""],
]


def _tsv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _empty_gazetteer(path: Path) -> Path:
    w = GazetteerWriter(path)
    w.close()
    return path


def test_read_geonames(tmp_path: Path) -> None:
    ac = _tsv(tmp_path / "allCountries.txt", ALL_COUNTRIES)
    an = _tsv(tmp_path / "alternateNamesV2.txt", ALTERNATES)
    got = {e.id: e for e in read_geonames(ac, an, countries=["SY"])}
    assert set(got) == {"gn:900001", "gn:900002", "gn:900004", "gn:900005"}  # NG filtered out
    town = got["gn:900001"]
    assert town.name_ar == "كفرزيتا التجريبية" and "كفر زيتا القديمة" not in town.alternates
    assert town.kind == "populated_place" and town.admin1 == "Hama Governorate" and town.population == 12000
    assert got["gn:900002"].kind == "admin1"
    assert got["gn:900004"].name_ar == "تل تمر التجريبية"  # Arabic from the dump's own alternatenames column
    assert got["gn:900005"].precision == 1  # a spot (airbase) is a point
    assert {e.id for e in read_geonames(ac, an)} >= {"gn:900003"}  # no filter: every country


def test_import_geonames_cli_then_geocode(tmp_path: Path, analysed: Callable[..., Document]) -> None:
    from rasd.cli import cli

    gzp = _empty_gazetteer(tmp_path / "g.sqlite")
    ac = _tsv(tmp_path / "allCountries.txt", ALL_COUNTRIES)
    an = _tsv(tmp_path / "alternateNamesV2.txt", ALTERNATES)
    r = CliRunner().invoke(
        cli, ["gazetteer", "import-geonames", str(ac), str(an), "--countries", "SY", "--path", str(gzp)]
    )
    assert r.exit_code == 0, r.output
    gz = SqliteGazetteer(gzp)
    assert gz.manifest["imports"][0]["kind"] == "geonames"
    assert [e.id for e in gz.lookup(name_key("كفرزيتا التجريبية"))] == ["gn:900001"]


WIDE_HDX = """admin0Name_en,admin0Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,admin2Name_en,admin2Name_ar,admin2Pcode,admin3Name_en,admin3Name_ar,admin3Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,Latitude,Longitude
Syria,SY,Testgov,محافظة تجريبية,SY99,Testdist,منطقة تجريبية,SY9901,Testsub,ناحية تجريبية,SY990100,Qaryat Alpha,قرية ألفا التجريبية,C99001,35.10,36.10
Syria,SY,Testgov,محافظة تجريبية,SY99,Testdist,منطقة تجريبية,SY9901,Testsub,ناحية تجريبية,SY990100,Qaryat Beta,كفربيتا,C99002,35.30,36.30
"""

FLAT = """# a comment line, as open-admin-data puts first
id,level,name.local,name.en,parent.id,geo.lat,geo.lon
YE99,1,محافظة اختبار,Testgov,,15.0,44.0
YE9901,2,مديرية اختبار الأولى,First Testdist,YE99,15.1,44.1
YE9902,2,الزهرة التجريبية,Second Testdist,YE99,15.2,44.2
"""

NESTED = [
    {
        "id": "IQ99Q01N01",
        "level": 3,
        "name": {"local": "ناحية الاختبار", "en": "Test Nahiya"},
        "parent": {"id": "IQ99Q01", "name": {"en": "Test Qadha"}},
        "geo": {"lat": "33.1", "lon": "44.1"},
    },
]

CUSTOM = """GOV_AR;GOV_CODE;DIST_AR;DIST_CODE;DIST_EN;Y;X
محافظة مخصصة;LY99;بلدية مخصصة;LY9901;Custom Baladiya;32.0;13.0
"""


def test_detect_hdx_columns() -> None:
    cols = detect_columns(["admin1Name_ar", "admin1Pcode", "ADM2_EN", "admin2_pcode", "adm3_ar", "Latitude", "lon"])
    assert cols == {
        "admin1_ar": "admin1Name_ar",
        "admin1_pcode": "admin1Pcode",
        "admin2_en": "ADM2_EN",
        "admin2_pcode": "admin2_pcode",
        "admin3_ar": "adm3_ar",
        "lat": "Latitude",
        "lon": "lon",
    }


def test_wide_table(tmp_path: Path) -> None:
    p = tmp_path / "cod.csv"
    p.write_text(WIDE_HDX, encoding="utf-8")
    got = {e.id: e for e in read_pcodes(p)}
    assert set(got) == {"pcode:SY99", "pcode:SY9901", "pcode:SY990100", "pcode:C99001", "pcode:C99002"}
    v = got["pcode:C99002"]
    assert v.kind == "populated_place" and v.iso == "SY" and (v.latitude, v.longitude) == (35.30, 36.30)
    assert v.pcodes == {"admin1": "SY99", "admin2": "SY9901", "admin3": "SY990100", "admin4": "C99002"}
    assert (v.admin1, v.admin2, v.admin3) == ("Testgov", "Testdist", "Testsub")
    gov = got["pcode:SY99"]
    assert gov.kind == "admin1" and gov.pcodes == {"admin1": "SY99"}
    assert gov.latitude == pytest.approx(35.20)  # a parent without a point: the mean of its units


def test_flat_and_nested(tmp_path: Path) -> None:
    f = tmp_path / "all-flat.csv"
    f.write_text(FLAT, encoding="utf-8")
    got = {e.id: e for e in read_pcodes(f)}
    d = got["pcode:YE9901"]
    assert (
        d.kind == "admin2"
        and d.iso == "YE"
        and d.admin1 == "Testgov"
        and d.pcodes == {"admin1": "YE99", "admin2": "YE9901"}
    )
    j = tmp_path / "all-subdistrict.json"
    j.write_text(json.dumps(NESTED, ensure_ascii=False), encoding="utf-8")
    (n,) = list(read_pcodes(j))
    assert n.kind == "admin3" and n.pcodes == {"admin2": "IQ99Q01", "admin3": "IQ99Q01N01"} and n.latitude == 33.1


def test_explicit_column_mapping_and_refusal(tmp_path: Path) -> None:
    p = tmp_path / "custom.csv"
    p.write_text(CUSTOM, encoding="utf-8")
    with pytest.raises(GazetteerError, match="--column"):
        list(read_pcodes(p))
    cols = {
        "admin1_ar": "GOV_AR",
        "admin1_pcode": "GOV_CODE",
        "admin2_ar": "DIST_AR",
        "admin2_pcode": "DIST_CODE",
        "admin2_en": "DIST_EN",
        "lat": "Y",
        "lon": "X",
    }
    got = {e.id: e for e in read_pcodes(p, cols)}
    assert got["pcode:LY9901"].name_ar == "بلدية مخصصة" and got["pcode:LY9901"].latitude == 32.0


def test_imported_pcodes_reach_places(tmp_path: Path, default_gz_path: Path, analysed: Callable[..., Document]) -> None:
    import shutil

    from rasd.backends.gazetteer.sqlite import manifest_path

    gzp = tmp_path / "g.sqlite"
    shutil.copy(default_gz_path, gzp)
    shutil.copy(manifest_path(default_gz_path), manifest_path(gzp))
    p = tmp_path / "cod.csv"
    p.write_text(WIDE_HDX, encoding="utf-8")
    n = import_entries(gzp, read_pcodes(p), {"kind": "pcodes", "file": p.name})
    assert n == 5
    gz = SqliteGazetteer(gzp)
    doc = analysed("قصفت قوات النظام السوري قرية ألفا التجريبية بالبراميل المتفجرة.")
    ms, _ = geocode_document(doc, gz)
    (m,) = [m for m in ms if m.value.gazetteer_id == "pcode:C99001"]
    assert m.value.pcodes["admin4"] == "C99001" and m.value.geo_precision == 1
    assert m.value.to_dict()["pcodes"]["admin1"] == "SY99"
