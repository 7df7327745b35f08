"""Write endpoints (token, corrections log), limits, CORS, security headers, OpenAPI and the local web assets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from api_support import TOKEN, make_client

from rasd.api.auth import check_token, token_identity

AUTH = {"Authorization": f"Bearer {TOKEN}"}
WEB = Path(__file__).resolve().parents[2] / "src" / "rasd" / "api" / "web"


def _event_ids(client: Any) -> dict[str, str]:
    return {e["location"]: e["id"] for e in client.get("/api/v1/events").json()["items"]}


@pytest.mark.parametrize(
    ("presented", "allowed", "who"),
    [
        ("alice:s3cret", ("alice:s3cret",), "alice"),
        ("alice:s3cret", ("bob:x", "alice:s3cret"), "alice"),
        ("alice:wrong", ("alice:s3cret",), None),
        ("alice", ("alice:s3cret",), None),
        ("", ("alice:s3cret",), None),
        ("plain-token", ("plain-token",), token_identity("plain-token")),
    ],
)
def test_check_token(presented: str, allowed: tuple[str, ...], who: str | None) -> None:
    assert check_token(presented, allowed) == who


def test_bare_token_identity_does_not_reveal_the_token() -> None:
    who = token_identity("plain-token")
    assert who.startswith("token-") and "plain" not in who


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer "}],
)
def test_writes_need_a_valid_bearer_token(rw_client: Any, headers: dict[str, str]) -> None:
    ids = list(_event_ids(rw_client).values())
    r = rw_client.post("/api/v1/events/merge", json={"ids": ids[:2]}, headers=headers)
    assert r.status_code == 401
    assert r.headers.get("www-authenticate", "").startswith("Bearer")


def test_writes_are_off_without_configured_tokens(rw_store: Any) -> None:
    with make_client(rw_store, api_tokens=()) as c:
        r = c.post("/api/v1/events/merge", json={"ids": ["a", "b"]}, headers=AUTH)
    assert r.status_code == 403


def test_merge_is_logged_with_who_and_when(rw_client: Any) -> None:
    ids = _event_ids(rw_client)
    pair = [ids["Sadah"], ids["Khan Yunis"]]
    r = rw_client.post("/api/v1/events/merge", json={"ids": pair, "note": "same incident"}, headers=AUTH)
    assert r.status_code == 200, r.text
    keep = r.json()["id"]
    assert keep in pair
    assert r.json()["event"]["sources_count"] == 2
    assert rw_client.get("/api/v1/events").json()["total"] == 4
    # the other id still resolves, to the merged event
    other = next(i for i in pair if i != keep)
    assert rw_client.get(f"/api/v1/events/{other}").json()["id"] == keep
    log = rw_client.get(f"/api/v1/events/{keep}/corrections").json()["items"]
    assert len(log) == 1
    assert log[0]["kind"] == "merge" and log[0]["who"] == "alice" and log[0]["note"] == "same incident"
    assert log[0]["at"].startswith("20")


def test_split_moves_a_report_out_and_is_logged(rw_client: Any) -> None:
    eid = _event_ids(rw_client)["Tall Rifat"]
    ev = rw_client.get(f"/api/v1/events/{eid}").json()
    second = next(s["report_id"] for s in ev["sources"] if s["outlet"] == "Second Paper")
    r = rw_client.post(
        f"/api/v1/events/{eid}/split", json={"report_ids": [second], "note": "two strikes"}, headers=AUTH
    )
    assert r.status_code == 200, r.text
    new_id = r.json()["new_id"]
    assert r.json()["event"]["sources_count"] == 1
    assert rw_client.get(f"/api/v1/events/{new_id}").json()["sources"][0]["outlet"] == "Second Paper"
    assert rw_client.get("/api/v1/events").json()["total"] == 6
    log = rw_client.get(f"/api/v1/events/{new_id}/corrections").json()["items"]
    assert [(x["kind"], x["who"]) for x in log] == [("split", "alice")]


def test_split_that_would_empty_the_event_is_422(rw_client: Any) -> None:
    eid = _event_ids(rw_client)["Sadah"]
    only = rw_client.get(f"/api/v1/events/{eid}").json()["sources"][0]["report_id"]
    r = rw_client.post(f"/api/v1/events/{eid}/split", json={"report_ids": [only]}, headers=AUTH)
    assert r.status_code == 422


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"ids": ["only-one"]}, 422),
        ({"ids": ["x", "x"]}, 422),
        ({"ids": ["nope1", "nope2"]}, 404),
        ({"ids": ["bad id!", "x"]}, 422),
    ],
)
def test_merge_refuses_bad_input(rw_client: Any, body: dict[str, Any], code: int) -> None:
    assert rw_client.post("/api/v1/events/merge", json=body, headers=AUTH).status_code == code


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"evidence": "x"},
        {"fatalities": -1},
        {"fatalities": "7"},
        {"fatalities": True},
        {"latitude": 91.0},
        {"event_type": "Wars"},
        {"event_type": "Protests", "sub_event_type": "Air/drone strike"},
        {"event_date": "19/09/2023"},
        {"inter1": 9},
        {"geo_precision": 4},
    ],
)
def test_correction_validates_fields(rw_client: Any, changes: dict[str, Any]) -> None:
    eid = _event_ids(rw_client)["Sadah"]
    r = rw_client.post(f"/api/v1/events/{eid}/corrections", json={"changes": changes}, headers=AUTH)
    assert r.status_code == 422


def test_correction_is_logged_and_survives_a_rerun(rw_client: Any, rw_store: Any) -> None:
    eid = _event_ids(rw_client)["Sadah"]
    body = {"changes": {"fatalities": 4, "admin1": "Saada"}, "note": "hospital list"}
    r = rw_client.post(f"/api/v1/events/{eid}/corrections", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    ev = rw_client.get(f"/api/v1/events/{eid}").json()
    assert ev["fatalities"] == 4 and ev["admin1"] == "Saada"
    log = rw_client.get(f"/api/v1/events/{eid}/corrections").json()["items"]
    assert [(x["kind"], x["who"], x["note"]) for x in log] == [("edit", "alice", "hospital list")]
    rw_store.recluster()  # dedup re-run over every report: the analyst's values stay
    assert rw_client.get(f"/api/v1/events/{eid}").json()["fatalities"] == 4


def test_ingest_runs_the_pipeline_and_stores(rw_client: Any) -> None:
    from rasd.model import Event, Span

    seen: list[Any] = []

    def pipeline(doc: Any) -> Any:  # the real pipeline is tested elsewhere; here only the plumbing
        seen.append(doc)
        doc.events.append(
            Event("Protests", "Peaceful protest", Span.of(doc.text, 0, len(doc.text)), id=f"{doc.id}-0", doc_id=doc.id)
        )
        return doc

    rw_client.app.state.pipeline = pipeline
    text = "تظاهر طلاب أمام الجامعة في عمان احتجاجا على الرسوم."
    body = {"text": text, "published": "2023-09-21", "source": "Test Radio", "url": "https://example.org/x"}
    r = rw_client.post("/api/v1/documents", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["new_documents"] == 1 and out["new_events"] == 1 and out["dropped"] is None
    (eid,) = out["events"]
    assert rw_client.get(f"/api/v1/events/{eid}").json()["sources"][0]["doc_id"] == out["id"]
    assert seen[0].published.isoformat() == "2023-09-21"
    doc = rw_client.get(f"/api/v1/documents/{out['id']}").json()
    assert doc["text"] == text
    # the same article again changes nothing
    again = rw_client.post("/api/v1/documents", json=body, headers=AUTH).json()
    assert again["new_documents"] == 0


@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": "x", "published": "not a date"}, {"text": "x", "id": "bad id"}, {"text": 5}],
)
def test_ingest_refuses_bad_input(rw_client: Any, body: dict[str, Any]) -> None:
    rw_client.app.state.pipeline = lambda d: d
    assert rw_client.post("/api/v1/documents", json=body, headers=AUTH).status_code == 422


def test_body_over_the_limit_is_413(rw_store: Any) -> None:
    with make_client(rw_store, max_upload_bytes=1000) as c:
        r = c.post("/api/v1/documents", json={"text": "x" * 2000}, headers=AUTH)
        assert r.status_code == 413

        def chunks() -> Any:  # no Content-Length: the limit must hold while streaming
            for _ in range(5):
                yield b"x" * 400

        r = c.post("/api/v1/documents", content=chunks(), headers=AUTH | {"Content-Type": "application/json"})
        assert r.status_code == 413


def test_cors_is_off_by_default(client: Any) -> None:
    r = client.get("/api/v1/events", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/api/v1/events",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in pre.headers


def test_cors_allows_only_configured_origins(ro_store: Any) -> None:
    with make_client(ro_store, cors_origins=("https://ok.example",)) as c:
        ok = c.get("/api/v1/events", headers={"Origin": "https://ok.example"})
        bad = c.get("/api/v1/events", headers={"Origin": "https://evil.example"})
    assert ok.headers.get("access-control-allow-origin") == "https://ok.example"
    assert "access-control-allow-origin" not in bad.headers


def test_security_headers_on_page_and_api(client: Any) -> None:
    for path in ("/", "/api/v1/events", "/docs"):
        r = client.get(path)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_openapi_documents_every_endpoint(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/documents/{doc_id}",
        "/api/v1/stats",
        "/api/v1/export",
        "/healthz",
        "/api/v1/documents",
        "/api/v1/events/merge",
        "/api/v1/events/{event_id}/split",
        "/api/v1/events/{event_id}/corrections",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {
        "country",
        "admin1",
        "type",
        "sub_type",
        "actor",
        "since",
        "until",
        "bbox",
        "q",
        "limit",
        "offset",
        "sort",
    } <= params


def test_no_cdn_in_pages() -> None:
    """The page and the API docs load nothing from another host: every src/href is relative."""
    for name in ("index.html", "docs.html"):
        html = (WEB / name).read_text(encoding="utf-8")
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert refs, name
        assert all(not re.match(r"^(https?:)?//", ref) for ref in refs), refs


def test_page_never_uses_innerhtml() -> None:
    js = (WEB / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", js)


def test_static_assets_and_index_served(client: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "static/app.js" in r.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404
