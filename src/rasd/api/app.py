"""The FastAPI application: versioned read endpoints, token-guarded write endpoints, the web map at ``/``.

Design choices, and why:
- The app talks to the store only through the ``rasd.backends.store`` Protocol, so the SQLite and PostgreSQL
  stores and the in-memory double all serve the same API, and tests can run against any of them.
- Read endpoints build JSON straight from the store's plain dicts (``Event.to_dict()`` plus store fields): the
  API never redefines an event. Pydantic models below document the envelopes in the OpenAPI spec but are not
  used to re-validate every event on the way out, which would double the cost of a page for no safety gain.
- Everything an attacker controls is bounded: page size (clamped to ``Settings.max_page_size``), offset, the
  length of every filter, request bodies (``Settings.max_upload_bytes``). SQL is built by the store with bound
  parameters only.
- The page and Swagger UI are served from local files: no CDN, the API works offline and leaks no reader's IP.
  A strict Content-Security-Policy (scripts from self only) backs up the page's rule of rendering article text
  with ``textContent``.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasd import __version__
from rasd.api.auth import require_writer
from rasd.api.marks import event_marks, runs
from rasd.api.streaming import FORMATS as STREAM_FORMATS
from rasd.backends.store.base import EventQuery, Page, Store
from rasd.config import Settings
from rasd.model import EVENT_TYPES, SUB_EVENT_TYPES

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
# Files the page cannot work without; /healthz and the page report when they are missing.
REQUIRED_ASSETS = ("leaflet/leaflet.js", "leaflet/leaflet.css", "swagger-ui/swagger-ui-bundle.js")

MAX_OFFSET = 1_000_000
MAX_FILTER_LEN = 200
ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"
# What the store can sort by (rasd.backends.store.sql.SORTABLE); checked here so a bad value is a 422, not a 500.
SORT_FIELDS = ("event_date", "fatalities", "sources_count", "country", "event_type", "id", "updated_at")
SORT_PATTERN = r"^-?(" + "|".join(SORT_FIELDS) + r")$"
# The fields the map needs for a marker: ``fields=summary`` returns only these, a tenth of the bytes.
SUMMARY_FIELDS = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "location",
    "location_ar",
    "latitude",
    "longitude",
    "fatalities",
    "actor1",
    "actor2",
    "sources_count",
)
CORRECTABLE = {
    "event_type": str,
    "sub_event_type": str,
    "event_date": str,
    "time_precision": int,
    "actor1": str,
    "inter1": int,
    "actor2": str,
    "inter2": int,
    "civilian_targeting": bool,
    "country": str,
    "admin1": str,
    "admin2": str,
    "location": str,
    "latitude": float,
    "longitude": float,
    "geo_precision": int,
    "fatalities": int,
    "injuries": int,
    "notes": str,
    "optional": bool,
}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


class UnicodeJSONResponse(JSONResponse):
    """JSON with Arabic kept readable (no ``\\uXXXX``). NaN and infinities are not JSON (a browser's JSON.parse
    rejects the whole answer), so a record carrying one is sent with ``null`` in its place."""

    def render(self, content: Any) -> bytes:
        try:
            text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str)
        except ValueError:
            text = json.dumps(_finite(content), ensure_ascii=False, separators=(",", ":"), default=str)
        return text.encode("utf-8")


def _finite(x: Any) -> Any:
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_finite(v) for v in x]
    return x


# ---------------------------------------------------------------------------------------------------------
# OpenAPI documentation models (envelopes; events are the store's dicts, documented by example).


class EventPage(BaseModel):
    items: list[dict[str, Any]] = Field(description="Events as in rasd's output contract, plus store fields")
    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="Offset of the next page, null on the last page")


class Health(BaseModel):
    status: str
    version: str
    store: dict[str, Any]
    web_assets: bool


class DocumentOut(BaseModel):
    id: str
    text: str
    marks: list[dict[str, Any]] = Field(description="Event spans: event_id, kind, start, end (code points)")
    runs: list[dict[str, Any]] = Field(description="The text cut at mark boundaries: text, kinds, events")


class IngestIn(BaseModel):
    """One article, as in rasd's JSONL input (``text`` or ``html``)."""

    id: str | None = Field(None, max_length=128, pattern=ID_PATTERN)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=2048)
    published: str | None = Field(None, max_length=64, description="ISO 8601 or RFC 2822")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)


class CorrectionIn(BaseModel):
    changes: dict[str, Any] = Field(description="Field -> corrected value (event_type, fatalities, location...)")
    note: str = Field("", max_length=2000, description="Why: shown in the correction log")


class SplitIn(BaseModel):
    report_ids: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1,
        max_length=500,
        description="The reports (sources, ``sources[].report_id``) to move out into a new event; the rest stay",
    )
    note: str = Field("", max_length=2000)


class MergeIn(BaseModel):
    ids: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(min_length=2, max_length=50)
    note: str = Field("", max_length=2000)


# ---------------------------------------------------------------------------------------------------------
# Middleware


class LimitBodyMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not the client sent a Content-Length.

    The body is read up to the limit before the app sees it (at most ``max_bytes`` held in memory), so a
    chunked upload without a length cannot stream an unbounded body into a handler.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    too_big = int(v) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    await _plain(send, 413, "request body too large")
                    return
        chunks: list[bytes] = []
        seen = 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                break  # client went away
            body = msg.get("body", b"")
            seen += len(body)
            if seen > self.max_bytes:
                await _plain(send, 413, "request body too large")
                return
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _plain(send: Send, code: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": code,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                ]
                msg["headers"] = headers
            await send(msg)

        await self.app(scope, receive, with_headers)


# ---------------------------------------------------------------------------------------------------------
# Helpers


def assets_present() -> bool:
    return all((VENDOR_DIR / p).is_file() for p in REQUIRED_ASSETS)


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` -> tuple, or 422 when it is not four finite, ordered coordinates."""
    if bbox is None or bbox == "":
        return None
    parts = bbox.split(",")
    try:
        vals = [float(p) for p in parts]
    except ValueError:
        vals = []
    if len(vals) != 4 or not all(math.isfinite(v) for v in vals):
        raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat")
    x0, y0, x1, y1 = vals
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= y1 <= 90 and x0 <= x1):
        raise HTTPException(422, "bbox out of range or not ordered (min before max)")
    return x0, y0, x1, y1


Filter = Annotated[str | None, Query(max_length=MAX_FILTER_LEN)]


def event_filters(
    country: Filter = None,
    admin1: Filter = None,
    type: Annotated[str | None, Query(max_length=MAX_FILTER_LEN, description="ACLED event type")] = None,
    sub_type: Annotated[str | None, Query(max_length=MAX_FILTER_LEN, description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=MAX_FILTER_LEN, description="Actor name (substring)")] = None,
    since: Annotated[date | None, Query(description="First event date (inclusive), YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="Last event date (inclusive), YYYY-MM-DD")] = None,
    bbox: Annotated[
        str | None, Query(max_length=120, description="min_lon,min_lat,max_lon,max_lat", examples=["35,32,43,38"])
    ] = None,
    q: Annotated[str | None, Query(max_length=MAX_FILTER_LEN, description="Free text (Arabic or English)")] = None,
) -> EventQuery:
    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    if any("\x00" in v for v in (country, admin1, type, sub_type, actor, bbox, q) if v):
        # PostgreSQL refuses NUL in text parameters and SQLite's FTS5 reads it as the end of the query.
        raise HTTPException(422, "filters cannot contain NUL characters")
    return EventQuery(
        country=country or None,
        admin1=admin1 or None,
        event_type=type or None,
        sub_event_type=sub_type or None,
        actor=actor or None,
        since=since,
        until=until,
        bbox=parse_bbox(bbox),
        text=(q or "").strip() or None,
    )


def _summary(d: dict[str, Any]) -> dict[str, Any]:
    out = {k: d.get(k) for k in SUMMARY_FIELDS}
    if out["sources_count"] is None:
        out["sources_count"] = len(d.get("sources") or []) or 1
    return out


def _validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown fields and values of the wrong type or outside the ACLED vocabulary (422)."""
    if not changes:
        raise HTTPException(422, "no changes")
    out: dict[str, Any] = {}
    for k, v in changes.items():
        typ = CORRECTABLE.get(k)
        if typ is None:
            raise HTTPException(422, f"field {k!r} cannot be corrected")
        if v is None:
            out[k] = None
            continue
        if typ is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
            raise HTTPException(422, f"field {k!r} must be {typ.__name__}")
        if isinstance(v, str) and len(v) > 2000:
            raise HTTPException(422, f"field {k!r} is too long")
        out[k] = v
    if "event_type" in out and out["event_type"] not in EVENT_TYPES:
        raise HTTPException(422, "unknown event_type")
    sub = out.get("sub_event_type")
    if sub is not None:
        if sub not in SUB_EVENT_TYPES:
            raise HTTPException(422, "unknown sub_event_type")
        if "event_type" in out and SUB_EVENT_TYPES[sub] != out["event_type"]:
            raise HTTPException(422, "sub_event_type does not belong to event_type")
    if out.get("event_date") is not None:
        try:
            date.fromisoformat(out["event_date"])
        except ValueError:
            raise HTTPException(422, "event_date must be YYYY-MM-DD") from None
    for k, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180), ("fatalities", 0, 1_000_000)):
        if out.get(k) is not None and not (lo <= out[k] <= hi and math.isfinite(out[k])):
            raise HTTPException(422, f"{k} out of range")
    if out.get("injuries") is not None and not 0 <= out["injuries"] <= 1_000_000:
        raise HTTPException(422, "injuries out of range")
    for k in ("inter1", "inter2"):
        if out.get(k) is not None and not 0 <= out[k] <= 8:
            raise HTTPException(422, f"{k} must be an ACLED inter code 0-8")
    for k, vals in (("time_precision", (1, 2, 3)), ("geo_precision", (1, 2, 3))):
        if out.get(k) is not None and out[k] not in vals:
            raise HTTPException(422, f"{k} must be 1, 2 or 3")
    return out


def _store_method(store: Any, name: str) -> Callable[..., Any]:
    fn = getattr(store, name, None)
    if fn is None:
        raise HTTPException(501, f"this store does not support {name}")
    return fn


def _touches(row: dict[str, Any], event_id: str) -> bool:
    """Whether a correction log row concerns ``event_id`` (as its subject, or as a merged or split-off event)."""
    if row.get("event_id") == event_id:
        return True
    payload = row.get("payload") or {}
    return isinstance(payload, dict) and (
        payload.get("new_event") == event_id or event_id in (payload.get("events") or [])
    )


def normalize_stats(raw: dict[str, Any], days: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The store's stats in one shape for the page: totals, and per-day counts stacked by type."""
    out = dict(raw)
    out["by_day"] = [{"day": d, "counts": c, "total": sum(c.values())} for d, c in sorted(days.items())]
    out["by_type"] = _as_counts(raw.get("by_type") or raw.get("by_event_type"))
    out["by_country"] = _as_counts(raw.get("by_country"))
    return out


def status_summary(status: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    """What the page's status line shows: when data last came in, and how much there is."""
    last = status.get("last_run") or {}
    dropped = stats.get("dropped") or {}
    return {
        **{k: v for k, v in status.items() if k != "url"},
        "last_ingest": status.get("last_ingest") or last.get("finished_at") or last.get("started_at"),
        "last_run_status": last.get("status"),
        "counts": {
            "documents": stats.get("documents"),
            "events": stats.get("events"),
            "reports": stats.get("reports"),
            "dropped": sum(int(v) for v in dropped.values()) if isinstance(dropped, dict) else dropped,
            "corrections": stats.get("corrections"),
        },
    }


class TTLCache:
    """Whole-database aggregates for a few seconds: a page load (or a crowd of them) costs one pass, not one each."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._data: dict[str, tuple[float, Any]] = {}

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit and now - hit[0] < self.seconds:
                return hit[1]
        value = make()
        with self._lock:
            self._data[key] = (time.monotonic(), value)
        return value


def _as_counts(v: Any) -> dict[str, int]:
    if isinstance(v, dict):
        return {str(k): int(n) for k, n in v.items()}
    if isinstance(v, list):
        out: dict[str, int] = {}
        for row in v:
            if isinstance(row, dict):
                vals = list(row.values())
                key = row.get("key") or row.get("name") or (vals[0] if vals else None)
                n = row.get("count") if "count" in row else (vals[-1] if vals else 0)
                out[str(key)] = int(n or 0)
            elif isinstance(row, list | tuple) and len(row) == 2:
                out[str(row[0])] = int(row[1])
        return out
    return {}


def cfg_stats_ttl(cfg: Settings) -> float:
    """Seconds whole-database aggregates are reused; ``Settings.stats_ttl_s`` when the config has it."""
    return float(getattr(cfg, "stats_ttl_s", 10.0))


def get_store(request: Request) -> Store:
    st = request.app.state.store
    if st is None:
        raise HTTPException(503, "the store is not open")
    return st


# Module-level aliases: FastAPI resolves annotations by name in this module's globals.
StoreDep = Annotated[Store, Depends(get_store)]
Writer = Annotated[str, Depends(require_writer)]
EventId = Annotated[str, PathParam(pattern=ID_PATTERN)]
Filters = Annotated[EventQuery, Depends(event_filters)]


# ---------------------------------------------------------------------------------------------------------
# The app


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app. Without ``store`` it opens ``settings.db_url`` at startup and closes it at shutdown."""
    cfg = settings or Settings()
    owns_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.store is None:
            from rasd.backends.store import open_store

            app.state.store = open_store(cfg.db_url)
        try:
            yield
        finally:
            if owns_store and app.state.store is not None:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(
        title="rasd API",
        version=__version__,
        description=(
            "Arabic news coded as ACLED-style conflict events, each with its evidence sentence, sources and claims. "
            "Read endpoints are open; write endpoints need `Authorization: Bearer <token>` (RASD_API_TOKENS)."
        ),
        lifespan=lifespan,
        # FastAPI's own docs pages load Swagger UI from a CDN; ours are served from local files below.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        default_response_class=UnicodeJSONResponse,
    )
    app.state.store = store
    app.state.settings = cfg
    app.state.pipeline = None
    app.state.pipeline_lock = threading.Lock()
    cache = TTLCache(cfg_stats_ttl(cfg))
    app.state.cache = cache

    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(LimitBodyMiddleware, max_bytes=cfg.max_upload_bytes)
    if cfg.cors_origins:
        # Off unless origins are configured: the page is same-origin, so CORS is only for other deployments.
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cfg.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    # ------------------------------------------------------------------ read

    @app.get("/healthz", response_model=Health, tags=["status"])
    def healthz(st: StoreDep) -> Any:
        """Liveness and readiness: the store answers, and whether the web assets are installed."""
        try:
            info = st.status()
        except Exception as exc:
            log.warning("store status failed: %s", exc)
            return UnicodeJSONResponse(
                {
                    "status": "error",
                    "version": __version__,
                    "store": {"error": type(exc).__name__},
                    "web_assets": False,
                },
                status_code=503,
            )
        # The database URL stays private: it can name hosts and paths.
        info = {k: v for k, v in info.items() if k in ("backend", "schema_version", "postgis", "incomplete_runs")}
        return {"status": "ok", "version": __version__, "store": info, "web_assets": assets_present()}

    @app.get("/api/v1/status", tags=["status"])
    def store_status(st: StoreDep) -> Any:
        """Last ingest time and counts (documents, events, reports, dropped), plus the store's own status."""
        return UnicodeJSONResponse(status_summary(st.status(), cache.get("stats", st.stats)))

    @app.get("/api/v1/events", response_model=EventPage, tags=["events"])
    def list_events(
        st: StoreDep,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, description="Page size; clamped to the server's maximum")] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        sort: Annotated[str, Query(pattern=SORT_PATTERN, description="Field, '-' prefix for descending")] = (
            "-event_date"
        ),
        fields: Annotated[str, Query(pattern=r"^(full|summary)$", description="summary: what a map needs")] = "full",
    ) -> Any:
        """Events matching every given filter, newest first by default."""
        filters.limit = min(limit, cfg.max_page_size)
        filters.offset = offset
        filters.sort = sort
        page: Page = st.query_events(filters)
        items = page.items if fields == "full" else [_summary(d) for d in page.items]
        nxt = page.offset + len(page.items)
        return UnicodeJSONResponse(
            {
                "items": items,
                "total": page.total,
                "limit": page.limit,
                "offset": page.offset,
                "next_offset": nxt if nxt < page.total and page.items else None,
            }
        )

    @app.get("/api/v1/events/{event_id}", tags=["events"])
    def get_event(st: StoreDep, event_id: EventId) -> Any:
        """One event with its sources (each with the figures it gave), claims, evidence and field spans."""
        ev = st.get_event(event_id)
        if ev is None:
            raise HTTPException(404, "no such event")
        return UnicodeJSONResponse(ev)

    @app.get("/api/v1/documents/{doc_id}", response_model=DocumentOut, tags=["documents"])
    def get_document(st: StoreDep, doc_id: EventId) -> Any:
        """A document's cleaned text, with the spans of its events marked (offsets in code points, and as runs)."""
        doc = st.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        text = str(doc.get("text") or "")
        out = {k: v for k, v in doc.items() if k not in ("raw", "html", "view")}
        events = doc.get("events") or []
        marks = event_marks(events, len(text))
        out["text"] = text
        out["marks"] = marks
        out["runs"] = runs(text, marks)
        return UnicodeJSONResponse(out)

    @app.get("/api/v1/stats", tags=["status"])
    def stats(st: StoreDep) -> Any:
        """Counts by day (stacked by type), by type and by country."""
        from rasd.api.timeline import day_type_counts

        raw = cache.get("stats", st.stats)
        days = cache.get("days", lambda: day_type_counts(st))
        return UnicodeJSONResponse(normalize_stats(raw, days))

    @app.get("/api/v1/meta", tags=["status"])
    def meta() -> Any:
        """The ACLED vocabulary the filters accept."""
        return {"event_types": {k: list(v) for k, v in EVENT_TYPES.items()}, "sort_fields": list(SORT_FIELDS)}

    @app.get(
        "/api/v1/export",
        tags=["export"],
        responses={
            200: {
                "description": "The export file, streamed",
                "content": {m: {} for _, m, _ in STREAM_FORMATS.values()},
            }
        },
    )
    def export(
        st: StoreDep,
        filters: Filters,
        format: Annotated[str, Query(pattern=r"^(csv|geojson|parquet|jsonl)$")] = "csv",
        limit: Annotated[int | None, Query(ge=1, le=10_000_000, description="At most this many events")] = None,
    ) -> Any:
        """Every matching event, streamed: ACLED CSV, GeoJSON points, Parquet (typed columns) or JSON lines."""
        from itertools import islice

        from rasd.api.streaming import stream_export

        filters.limit = limit or 10_000_000
        filters.offset = 0
        _, media, ext = STREAM_FORMATS[format]
        events = st.iter_events(filters)
        if limit:
            events = islice(events, limit)
        return StreamingResponse(
            stream_export(events, format),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="rasd-events.{ext}"'},
        )

    # ------------------------------------------------------------------ write

    def _pipeline(request: Request) -> Any:
        with request.app.state.pipeline_lock:
            if request.app.state.pipeline is None:
                from rasd.pipeline import default_pipeline

                request.app.state.pipeline = default_pipeline()
            return request.app.state.pipeline

    @app.post("/api/v1/documents", status_code=201, tags=["write"])
    def ingest(request: Request, st: StoreDep, who: Writer, body: IngestIn) -> Any:
        """Run one article through the pipeline and store it with its events (bearer token required)."""
        from rasd.pipeline.ingest import from_record

        if not (body.text or body.html):
            raise HTTPException(422, "text or html is required")
        doc = from_record(body.model_dump(exclude_none=True), "api")
        if body.published and doc.published is None:
            raise HTTPException(422, "published is not a date")
        doc.meta["ingested_by"] = who
        try:
            pipe = _pipeline(request)
        except ImportError as exc:
            raise HTTPException(503, f"the pipeline is not available: {exc}") from None
        doc = pipe(doc)
        run_id = st.start_run({"command": "api ingest", "by": who})
        res = st.write([doc], run_id=run_id)
        st.finish_run(run_id, {"documents": res.documents, "events": res.events})
        stored = st.get_document(doc.id) or {}
        return {
            "id": doc.id,
            "dropped": doc.drop.to_dict() if doc.drop else None,
            # the stored events this article's reports belong to (a report may have joined an existing event)
            "events": sorted({str(r.get("event_id")) for r in stored.get("events") or [] if r.get("event_id")}),
            "new_documents": res.new_documents,
            "new_events": res.new_events,
            "merged": res.merged,
        }

    @app.post("/api/v1/events/{event_id}/corrections", tags=["write"])
    def correct(st: StoreDep, who: Writer, event_id: EventId, body: CorrectionIn) -> Any:
        """Correct fields of an event. Logged with who and when; a later pipeline re-run never overwrites it.

        Needs a store with ``correct(event_id, changes, who, note)``; others answer 501.
        """
        changes = _validate_changes(body.changes)
        fn = _store_method(st, "correct")
        if st.get_event(event_id) is None:
            raise HTTPException(404, "no such event")
        try:
            result = fn(event_id, changes, who=who, note=body.note)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        return UnicodeJSONResponse({"id": event_id, "event": st.get_event(event_id), "result": result})

    @app.post("/api/v1/events/{event_id}/split", tags=["write"])
    def split(st: StoreDep, who: Writer, event_id: EventId, body: SplitIn) -> Any:
        """Move some of an event's reports (sources) into a new event. Logged, and kept apart on every re-run."""
        fn = _store_method(st, "split")
        if st.get_event(event_id) is None:
            raise HTTPException(404, "no such event")
        try:
            new_id = fn(event_id, body.report_ids, who=who, note=body.note)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        return UnicodeJSONResponse({"id": event_id, "new_id": new_id, "event": st.get_event(event_id)})

    @app.post("/api/v1/events/merge", tags=["write"])
    def merge(st: StoreDep, who: Writer, body: MergeIn) -> Any:
        """Merge events that report the same incident into the oldest; the others' ids then resolve to it."""
        fn = _store_method(st, "merge")
        if len(set(body.ids)) != len(body.ids):
            raise HTTPException(422, "ids repeat")
        for i in body.ids:
            if st.get_event(i) is None:
                raise HTTPException(404, f"no such event: {i}")
        try:
            keep = fn(body.ids, who=who, note=body.note)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        return UnicodeJSONResponse({"id": keep, "event": st.get_event(keep)})

    @app.get("/api/v1/events/{event_id}/corrections", tags=["events"])
    def corrections(st: StoreDep, event_id: EventId) -> Any:
        """The analysts' corrections that touched this event: who, when, what and why (append-only log)."""
        rows = _store_method(st, "corrections")()
        return UnicodeJSONResponse({"items": [r for r in rows if _touches(r, event_id)]})

    # ------------------------------------------------------------------ web

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return FileResponse(WEB_DIR / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
