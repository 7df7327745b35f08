"""The store's schema: one SQLAlchemy Core metadata for SQLite and PostgreSQL, plus versioned migrations.

Design choices, and why:
- Text ids everywhere (content hashes, ``<doc id>-<n>`` for reports): ids are computed before a row is written,
  so a re-run computes the same id and the write is a no-op; no autoincrement counter decides identity.
- Full records are kept as JSON next to the indexed columns: the indexed columns serve filters, the JSON is
  what the API and exports return (``Event.to_dict()`` shape), so the store never redefines an event.
- Documents keep their raw bytes and display text zstd-compressed (Arabic HTML compresses ~6x).
- ``corrections`` is append-only: analysts' split/merge decisions are never overwritten by a re-run.
- Backend specifics (SQLite FTS5, PostgreSQL full-text GIN index, PostGIS geometry) are created by migrations,
  only on the dialect that has them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

# JSON on both backends (TEXT on SQLite, JSON on PostgreSQL): records are read whole, never queried inside.
JSON = sa.JSON

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_codecs = threading.local()  # zstd contexts are not safe to share between threads (API server readers)


def pack_json(value: Any) -> bytes:
    """A JSON value as zstd-compressed UTF-8 JSON text (level 3: ~12 us for a 2 KB report, half its size)."""
    z = getattr(_codecs, "c", None)
    if z is None:
        import zstandard

        z = _codecs.c = zstandard.ZstdCompressor(level=3)
    return bytes(z.compress(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")))


def unpack_json(raw: Any) -> Any:
    """The value of :func:`pack_json`'s bytes, or of JSON text (rows written before migration 8)."""
    if isinstance(raw, memoryview | bytearray):
        raw = bytes(raw)
    if isinstance(raw, bytes):
        if raw[:4] != _ZSTD_MAGIC:
            return json.loads(raw.decode("utf-8", "surrogatepass"))
        d = getattr(_codecs, "d", None)
        if d is None:
            import zstandard

            d = _codecs.d = zstandard.ZstdDecompressor()
        raw = d.decompress(raw).decode("utf-8", "surrogatepass")
    return json.loads(raw)


class PackedJSON(sa.types.TypeDecorator[Any]):
    """JSON on PostgreSQL; on SQLite zstd-compressed JSON text in a BLOB (:func:`pack_json`).

    For ``event_sources.record``: a report's record is ~2.3 KB of JSON, ~1.1 KB compressed, so two reports fit a
    4 KB page instead of one (the table was a third of a store, 14 KB per document). Reads give the same dicts;
    rows written as JSON text before read back as before. PostgreSQL compresses large values itself (TOAST).
    """

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.LargeBinary())
        return dialect.type_descriptor(sa.JSON())

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return pack_json(value)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return unpack_json(value)


migrations = sa.Table(
    "migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40)),
    sa.Column("status", sa.String(20), nullable=False),  # running | complete | interrupted
    sa.Column("code_version", sa.String(80)),
    sa.Column("resource_versions", JSON),
    sa.Column("meta", JSON),  # command line, inputs, executor, host, pid
    sa.Column("counts", JSON),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # content id of the outlet name
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("domain", sa.Text),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("path", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("source_id", sa.String(40), sa.ForeignKey("sources.id")),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("published_from", sa.String(40)),
    sa.Column("language", sa.String(16)),
    sa.Column("fetched_at", sa.String(40)),
    sa.Column("raw_z", sa.LargeBinary),  # zstd of the bytes as read
    sa.Column("raw_size", sa.Integer),
    sa.Column("text_z", sa.LargeBinary),  # zstd of the display text (every span indexes it)
    sa.Column("text_key", sa.Text),  # folded text for full-text search on PostgreSQL
    sa.Column("drop_stage", sa.String(40)),
    sa.Column("drop_reason", sa.String(80), index=True),
    sa.Column("drop_detail", sa.Text),
    sa.Column("duplicate_of", sa.String(255)),
    sa.Column("record", JSON),  # Document.to_dict() without events, plus furniture, trace, meta
    sa.Column("n_events", sa.Integer, nullable=False, default=0),
    sa.Column("run_id", sa.String(40), sa.ForeignKey("runs.id")),
    sa.Column("ingested_at", sa.String(40)),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # gazetteer id, or content id of the place record
    sa.Column("name", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("iso", sa.String(3)),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("admin3", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("feature", sa.String(40)),
    sa.Column("gazetteer_id", sa.String(80)),
    sa.Column("pcodes", JSON),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # content id of the ACLED-style name
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("inter", sa.Integer),
    sa.Column("country", sa.Text),
    sa.Column("actor_id", sa.String(80)),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.String(300), primary_key=True),  # <doc id>:<n>
    sa.Column("doc_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("sentence", sa.Integer),
    sa.Column("value", JSON),
    sa.Column("attrs", JSON),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("event_type", sa.String(60), index=True),
    sa.Column("sub_event_type", sa.String(80)),
    sa.Column("event_date", sa.Date, index=True),
    sa.Column("country", sa.Text, index=True),
    sa.Column("iso", sa.String(3)),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("location", sa.Text),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("fatalities", sa.Integer),
    sa.Column("sources_count", sa.Integer, nullable=False, default=1),
    sa.Column("place_id", sa.String(40), sa.ForeignKey("places.id")),
    # The merged event: Event.to_dict() shape + outlets, contested...; its "sources" and "claims" are null, read
    # from event_sources and assembled when the event is read (SqlStore._with_sources).
    sa.Column("record", JSON),
    sa.Column("merge_state", JSON),  # what dedup.merge_add needs to add a report without re-merging (migration 6)
    sa.Column("merged_into", sa.String(40), index=True),  # a tombstone: this id now lives on as another event
    sa.Column("seq", sa.Integer, nullable=False),  # creation order: the older event id survives a merge
    sa.Column("created_run", sa.String(40)),
    sa.Column("updated_at", sa.String(40)),
)

event_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("id", sa.String(300), primary_key=True),  # <doc id>-<n>: the n-th event the coder found in the doc
    sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("doc_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("source_id", sa.String(40), sa.ForeignKey("sources.id")),
    sa.Column("sentence", sa.Integer),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("family", sa.String(40)),  # dedup blocking key (indexed with the date by migration 6)
    sa.Column("event_date", sa.Date, index=True),
    sa.Column("published", sa.Date),
    sa.Column("fatalities", sa.Integer),
    sa.Column("place_id", sa.String(40), sa.ForeignKey("places.id")),
    sa.Column("actor1_id", sa.String(40), sa.ForeignKey("actors.id")),
    sa.Column("actor2_id", sa.String(40), sa.ForeignKey("actors.id")),
    sa.Column("minhash", sa.LargeBinary),  # datasketch MinHash of the folded evidence
    sa.Column("record", PackedJSON),  # this source's own event: Event.to_dict() + outlet, url, published
    sa.Column("run_id", sa.String(40), sa.ForeignKey("runs.id")),
)

corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # split | merge
    sa.Column("event_id", sa.String(40)),
    sa.Column(
        "payload", JSON, nullable=False
    ),  # split: {"apart": [[report ids], [report ids]]}; merge: {"together": [...]}
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("note", sa.Text),
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# --- migrations -----------------------------------------------------------------------------------------------


def _m1_base(conn: sa.Connection) -> None:
    metadata.create_all(conn, checkfirst=True)


def _m2_search(conn: sa.Connection) -> None:
    """Full-text search over folded Arabic: FTS5 on SQLite, a GIN tsvector index on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        # Contentless-delete would save space, but plain FTS5 works on every SQLite >= 3.9 we may meet.
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(doc_id UNINDEXED, body, tokenize='unicode61')"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS documents_text_key_fts ON documents "
            "USING gin (to_tsvector('simple', coalesce(text_key, '')))"
        )


def _m3_geo(conn: sa.Connection) -> None:
    """A PostGIS point on events when the extension is installable; otherwise a plain lat/lon index."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS events_latlon ON events (latitude, longitude)"))
    if conn.dialect.name != "postgresql":
        return
    has = conn.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first()
    if not has:
        return
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    conn.exec_driver_sql("ALTER TABLE events ADD COLUMN IF NOT EXISTS geom geography(Point, 4326)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_geom ON events USING gist (geom)")


def _m4_listing(conn: sa.Connection) -> None:
    """Indexes for the API's default listing: live events by date, and case-insensitive country filters.

    Without them a 100,000-event database sorted and counted every row per request (about 3 requests/s);
    the partial index covers exactly the "live event" predicate of every listing query, so both the page and
    its total come from the index.
    """
    live = "WHERE merged_into IS NULL AND sources_count > 0"
    # PostgreSQL sorts NULLs first in DESC unless told; SQLite scans (event_date, id) backwards for DESC, where
    # NULLs already come last.
    order = "event_date DESC NULLS LAST, id DESC" if conn.dialect.name == "postgresql" else "event_date, id"
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS events_live_date ON events ({order}) {live}")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_country_lower ON events (lower(country))")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_iso_lower ON events (lower(iso))")
    # Each new event takes max(seq) + 1: without an index that read scans the whole table on every insert.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_seq ON events (seq)")


def _m5_live_count(conn: sa.Connection) -> None:
    """A covering index for counting live events (every listing reports its total), then fresh statistics.

    SQLite's planner only prefers the partial listing index over the single-column merged_into index once
    ANALYZE has run; PostgreSQL's autovacuum keeps its own statistics.
    """
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_live ON events (merged_into, sources_count)")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE")


def _m6_incremental(conn: sa.Connection) -> None:
    """Ingest cost per report independent of the store's and the event's size.

    - ``events.merge_state``: a join folds the new report into the stored event (``dedup.merge_add``) instead of
      re-merging every report of the event; NULL (an event written before) means "re-merge it once".
    - ``event_sources (event_id, id)``: the first reports of each candidate event, by id, are read through the
      index (LIMIT per event) instead of ranking every report of the event.
    - ``event_sources (family, coalesce(event_date, published))``: the dedup blocking lookup (same family, dates
      within the window) is a range scan of the index alone instead of a scan of every report of the family.
    - ``places (latitude, longitude)``, ``places (name)``: the places near a new report, without a scan of all.
    """
    if conn.dialect.name == "sqlite":
        cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(events)")}
    else:  # not sa.inspect: it warns about PostGIS's geography column
        cols = {
            r[0]
            for r in conn.execute(
                sa.text("SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")
            )
        }
    if "merge_state" not in cols:
        kind = "JSON" if conn.dialect.name == "postgresql" else "TEXT"
        conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN merge_state {kind}")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS event_sources_event_id_id ON event_sources (event_id, id)")
    # place_id and event_id ride along so that PostgreSQL can answer the lookup from the index (SQLite still
    # visits the rows of the window: it does not treat an expression index as covering). The family-only
    # index goes: without statistics (a store filling up from empty) SQLite's planner took it and scanned every
    # report of the family for each new report, a cost that grew with the store.
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_event_sources_family")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS event_sources_family_day "
        "ON event_sources (family, coalesce(event_date, published), place_id, event_id)"
    )
    # The places near a new report (a lat/lon box, or the same name) are looked up once per report.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS places_latlon ON places (latitude, longitude)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS places_name ON places (name)")
    # An analyst's edits are looked up for every new event (they survive a re-created event id).
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_id)")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE")


def forget_fts_stats(conn: sa.Connection) -> None:
    """Drop SQLite's planner statistics for the FTS5 index's own tables (``documents_fts_*``).

    FTS5 finds its rows by rowid and primary key and is written to work without statistics. The statistics an
    ANALYZE records for them are those of the moment: on a new store, "documents_fts_data: 2 rows". With that
    figure the planner scans the whole table for FTS5's ``DELETE ... WHERE id>=? AND id<=?`` (the segment
    merges that follow an insert) instead of seeking the rowid range, so once the index outgrew the page cache
    (~56,000 generated documents) one commit in 16 read the whole index 16 times: 40-60 ms/doc of ingest, a
    cost growing with the store. PRAGMA optimize does not refresh that row, so it is removed instead.
    """
    if conn.dialect.name != "sqlite":
        return
    if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        conn.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl LIKE 'documents\\_fts\\_%' ESCAPE '\\'")


def _m7_planner(conn: sa.Connection) -> None:
    """Plans that stay index lookups as the store grows (both found by a 100,000-document ingest).

    - FTS5's tables lose the statistics recorded on the empty store (``forget_fts_stats``).
    - ``events (merged_into) WHERE merged_into IS NOT NULL``: nearly every event has ``merged_into`` NULL, so
      once ANALYZE has run (``PRAGMA optimize`` at the end of every run) the plain index reads as useless (all
      rows share one key) and ``merged_into = ?`` (the edits of a new event's tombstones, every new event) became
      a scan of every event. The partial index holds the tombstones only.
    """
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS events_merged_into_set ON events (merged_into) WHERE merged_into IS NOT NULL"
    )
    forget_fts_stats(conn)


def _m8_packed_reports(conn: sa.Connection) -> None:
    """From here on SQLite stores ``event_sources.record`` zstd-compressed (:class:`PackedJSON`); no DDL.

    Rows written before keep their JSON text and read back as before (``unpack_json`` tells the two apart), so
    the upgrade rewrites nothing; a store only shrinks as it grows. The version marks that the store may hold
    compressed records, which a rasd before this migration cannot read.
    """


MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "base tables", _m1_base),
    (2, "full-text search over folded Arabic", _m2_search),
    (3, "geographic index (PostGIS when present)", _m3_geo),
    (4, "listing and insert indexes", _m4_listing),
    (5, "live-event count index and statistics", _m5_live_count),
    (6, "incremental dedup: merge state and candidate indexes", _m6_incremental),
    (7, "planner: no stale FTS5 statistics, tombstone index", _m7_planner),
    (8, "report records zstd-compressed on SQLite", _m8_packed_reports),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(engine: sa.Engine) -> list[int]:
    """Apply the migrations this database has not seen yet, each in its own transaction; returns those applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        _lock(conn, create=True)
        migrations.create(conn, checkfirst=True)
    for version, name, fn in MIGRATIONS:
        with engine.begin() as conn:
            _lock(conn)
            if conn.execute(sa.select(migrations.c.version).where(migrations.c.version == version)).first():
                continue
            fn(conn)
            conn.execute(migrations.insert().values(version=version, name=name, applied_at=now()))
            applied.append(version)
    return applied


_MIGRATION_LOCK = 0x72617364  # "rasd": the advisory lock id every rasd process migrates under


def _lock(conn: sa.Connection, create: bool = False) -> None:
    """Serialise migrations between processes (an ingest and an API server starting together).

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write statement, which takes the database's write
    lock for the rest of the transaction, so the second process waits (busy timeout) and then sees the first's
    rows instead of applying the same migration twice.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
    elif conn.dialect.name == "sqlite":
        if create:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS migrations_lock (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM migrations_lock WHERE id < 0")


def has_postgis(conn: sa.Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    row = conn.execute(
        sa.text("SELECT 1 FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'geom'")
    ).first()
    return row is not None


CONTENT_TABLES: tuple[sa.Table, ...] = (
    sources,
    documents,
    places,
    actors,
    mentions,
    events,
    event_sources,
    corrections,
)


def table_names() -> list[str]:
    return [t.name for t in metadata.sorted_tables]


def row_dict(row: Any) -> dict[str, Any]:
    return dict(row._mapping)
