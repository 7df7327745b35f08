"""Read endpoints against a real SQLite database of the demo events."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from api_demo_data import CLASH, HOSTILE, INJECTION, SHELLING

from rasd.export.acled_csv import COLUMNS


def _ids(client: Any, **params: Any) -> list[str]:
    r = client.get("/api/v1/events", params=params)
    assert r.status_code == 200, r.text
    return [e["id"] for e in r.json()["items"]]


def _by_location(client: Any) -> dict[str, dict[str, Any]]:
    return {e["location"]: e for e in client.get("/api/v1/events").json()["items"]}


def test_healthz_reports_store_and_hides_url(client: Any) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["store"]["backend"] in ("sqlite", "postgresql")
    assert "url" not in body["store"]


def test_events_list_newest_first(client: Any) -> None:
    body = client.get("/api/v1/events").json()
    assert body["total"] == 5  # six reports, two of them the same shelling
    dates = [e["event_date"] for e in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert body["next_offset"] is None
    first = body["items"][0]
    assert first["location"] == "Tall Rifat" and first["sources_count"] == 2


@pytest.mark.parametrize(
    ("params", "locations"),
    [
        ({"country": "Syria"}, {"Tall Rifat"}),
        ({"country": "sd"}, {"El Fasher"}),  # ISO code, any case
        ({"admin1": "North Darfur"}, {"El Fasher"}),
        ({"type": "Protests"}, {"Tunis"}),
        ({"type": "Explosions/Remote violence"}, {"Tall Rifat", "Sadah"}),
        ({"sub_type": "Air/drone strike"}, {"Sadah"}),
        ({"actor": "turkey"}, {"Tall Rifat"}),
        ({"actor": "Civilians"}, {"Tall Rifat", "Sadah", "Khan Yunis"}),
        ({"since": "2023-09-18"}, {"Tall Rifat", "Tunis"}),
        ({"until": "2023-09-15"}, {"El Fasher"}),
        ({"since": "2023-09-17", "until": "2023-09-17"}, {"Sadah", "Khan Yunis"}),
        ({"bbox": "30,10,50,40"}, {"Tall Rifat", "Sadah", "Khan Yunis"}),
        ({"bbox": "0,30,20,40"}, {"Tunis"}),
        ({"q": "الفاشر"}, {"El Fasher"}),
        ({"q": "البرلمان"}, {"Tunis"}),
        ({"q": "كلمة غير موجودة"}, set()),
        ({"country": "Syria", "type": "Protests"}, set()),
    ],
)
def test_event_filters(client: Any, params: dict[str, str], locations: set[str]) -> None:
    r = client.get("/api/v1/events", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {e["location"] for e in body["items"]} == locations
    assert body["total"] == len(locations)


def test_pagination_walks_every_event_once(client: Any) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get("/api/v1/events", params={"limit": 2, "offset": offset}).json()
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == 5


def test_page_size_is_capped(ro_store: Any) -> None:
    from api_support import make_client

    with make_client(ro_store, max_page_size=3) as c:
        body = c.get("/api/v1/events", params={"limit": 10_000}).json()
    assert body["limit"] == 3 and len(body["items"]) == 3 and body["next_offset"] == 3


@pytest.mark.parametrize(
    ("sort", "first"),
    [("-fatalities", "El Fasher"), ("fatalities", "Tunis"), ("event_date", "El Fasher"), ("-event_date", "Tall Rifat")],
)
def test_sorting(client: Any, sort: str, first: str) -> None:
    items = client.get("/api/v1/events", params={"sort": sort}).json()["items"]
    assert items[0]["location"] == first


def test_summary_fields_are_what_the_map_needs(client: Any) -> None:
    items = client.get("/api/v1/events", params={"fields": "summary"}).json()["items"]
    assert set(items[0]) >= {"id", "latitude", "longitude", "event_type", "fatalities"}
    assert "evidence" not in items[0] and "sources" not in items[0]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"offset": -1},
        {"offset": 10_000_001},
        {"sort": "evidence"},
        {"sort": "event_date; DROP TABLE events"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "10,10,0,0"},
        {"bbox": "0,0,200,10"},
        {"bbox": "nan,0,1,1"},
        {"since": "2023-13-01"},
        {"since": "2023-09-20", "until": "2023-09-01"},
        {"q": "x" * 201},
        {"country": "y" * 201},
        {"fields": "everything"},
    ],
)
def test_bad_query_is_422(client: Any, params: dict[str, Any]) -> None:
    assert client.get("/api/v1/events", params=params).status_code == 422


def test_fts_syntax_in_text_is_literal(client: Any) -> None:
    for q in ['"', "a OR b", "NEAR(", "*", "'; --"]:
        assert client.get("/api/v1/events", params={"q": q}).status_code == 200


def test_event_detail_has_sources_claims_evidence(client: Any) -> None:
    eid = _by_location(client)["Tall Rifat"]["id"]
    ev = client.get(f"/api/v1/events/{eid}").json()
    assert ev["id"] == eid
    assert ev["evidence"]["text"] == SHELLING.split("\n")[0]
    assert sorted(s["fatalities"] for s in ev["sources"]) == [7, 9]
    assert {s["outlet"] for s in ev["sources"]} == {"Test Wire", "Second Paper"}
    kinds = {(c["kind"], c["who"]) for c in ev["claims"]}
    assert ("denied_by", "أنقرة") in kinds
    assert ev["fatalities"] == 7  # the lowest credible figure


@pytest.mark.parametrize("path", ["/api/v1/events/nope", "/api/v1/documents/nope"])
def test_unknown_ids_are_404(client: Any, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("bad", ["a b", "x" * 129, "é", "a/b"])
def test_malformed_ids_are_refused(client: Any, bad: str) -> None:
    assert client.get(f"/api/v1/events/{bad}").status_code in (404, 422)


def test_document_text_with_evidence_marked(client: Any) -> None:
    eid = _by_location(client)["El Fasher"]["id"]
    ev = client.get(f"/api/v1/events/{eid}").json()
    doc = client.get(f"/api/v1/documents/{ev['sources'][0]['doc_id']}").json()
    assert doc["text"] == CLASH
    assert "".join(r["text"] for r in doc["runs"]) == doc["text"]
    marked = "".join(r["text"] for r in doc["runs"] if "evidence" in r["kinds"])
    assert marked == CLASH
    assert any(m["kind"] == "evidence" and m["event_id"] == eid for m in doc["marks"])
    assert "raw" not in doc


def test_document_keeps_markup_as_text(client: Any) -> None:
    eid = _by_location(client)["Khan Yunis"]["id"]
    ev = client.get(f"/api/v1/events/{eid}").json()
    doc = client.get(f"/api/v1/documents/{ev['sources'][0]['doc_id']}").json()
    assert doc["text"] == HOSTILE and INJECTION in doc["text"]
    spans = {k for r in doc["runs"] for k in r["kinds"]}
    assert {"evidence", "trigger"} <= spans


def test_stats_by_day_type_country(client: Any) -> None:
    st = client.get("/api/v1/stats").json()
    assert st["events"] == 5
    assert sum(d["total"] for d in st["by_day"]) == 5
    assert [d["day"] for d in st["by_day"]] == ["2023-09-15", "2023-09-17", "2023-09-18", "2023-09-19"]
    day17 = next(d for d in st["by_day"] if d["day"] == "2023-09-17")
    assert day17["counts"] == {"Explosions/Remote violence": 1, "Violence against civilians": 1}
    assert st["by_type"]["Explosions/Remote violence"] == 2
    assert st["by_country"]["Sudan"] == 1


def test_status_has_last_ingest_and_counts(client: Any) -> None:
    st = client.get("/api/v1/status").json()
    assert st["last_ingest"] and st["last_ingest"].startswith("20")
    assert st["counts"]["documents"] == 6 and st["counts"]["events"] == 5
    assert "url" not in st


def test_export_csv_streams_acled_columns(client: Any) -> None:
    r = client.get("/api/v1/export", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5 and list(rows[0]) == list(COLUMNS)
    assert {row["country"] for row in rows} == {"Syria", "Yemen", "Sudan", "Tunisia", "Palestine"}


def test_export_respects_filters_and_limit(client: Any) -> None:
    r = client.get("/api/v1/export", params={"format": "csv", "type": "Explosions/Remote violence"})
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 2
    r = client.get("/api/v1/export", params={"format": "jsonl", "limit": 3})
    lines = [json.loads(x) for x in r.text.splitlines() if x.strip()]
    assert len(lines) == 3 and all("sources" in x for x in lines)


def test_export_geojson(client: Any) -> None:
    r = client.get("/api/v1/export", params={"format": "geojson"})
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 5
    lon, lat = next(f for f in fc["features"] if f["properties"]["location"] == "Sadah")["geometry"]["coordinates"]
    assert (round(lat, 2), round(lon, 2)) == (16.94, 43.76)


def test_export_parquet(client: Any) -> None:
    import pyarrow.parquet as pq

    r = client.get("/api/v1/export", params={"format": "parquet", "country": "Syria"})
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 1
    assert table.column("fatalities").to_pylist() == [7]


def test_export_unknown_format_is_422(client: Any) -> None:
    assert client.get("/api/v1/export", params={"format": "xlsx"}).status_code == 422


def test_meta_lists_acled_vocabulary(client: Any) -> None:
    meta = client.get("/api/v1/meta").json()
    assert "Air/drone strike" in meta["event_types"]["Explosions/Remote violence"]
