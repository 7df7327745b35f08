"""GeoJSON, Parquet and JSONL exports of event dicts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import store_factories as F

from rasd.export import FORMATS, export
from rasd.export.geojson import to_geojson
from rasd.export.parquet import write_parquet


def _events() -> list[dict]:
    evs = [e.to_dict() | {"id": f"e{i}"} for i, e in enumerate(F.report_a().events + F.report_c().events)]
    evs[1] |= {"latitude": None, "longitude": None}
    return evs


def test_geojson_points_lon_lat_and_skips_unplaced() -> None:
    fc = to_geojson(_events())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1
    f = fc["features"][0]
    assert f["geometry"]["coordinates"] == [36.5611, 35.6139]
    assert f["properties"]["fatalities"] == 5 and f["properties"]["event_id_cnty"] == "SYRe0"
    buf = io.StringIO()
    assert export(_events(), "geojson", buf) == 1
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(fc, ensure_ascii=False))


def test_parquet_roundtrip_types(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    assert write_parquet(_events(), out) == 2
    t = pq.read_table(out)
    rows = t.to_pylist()
    assert str(rows[0]["event_date"]) == "2019-05-10" and rows[0]["fatalities"] == 5
    assert rows[0]["latitude"] == pytest.approx(35.6139) and rows[1]["latitude"] is None
    assert t.column_names[:31][-1] == "timestamp"
    assert rows[0]["iso"] == 760


def test_empty_parquet_has_the_schema(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    assert write_parquet([], out) == 0
    assert pq.read_table(out).num_rows == 0 and "event_id_cnty" in pq.read_schema(out).names


def test_jsonl_and_unknown_format(tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    assert export(_events(), "jsonl", out) == 2
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["e0", "e1"]
    assert set(FORMATS) == {"acled-csv", "geojson", "parquet", "jsonl"}
    with pytest.raises(ValueError):
        export([], "xlsx", io.StringIO())
