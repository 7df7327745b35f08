"""The SQL store: SQLite (embedded default) and PostgreSQL through one SQLAlchemy Core schema.

Writes are one transaction per document, keyed by the document's content id: a document already stored is
skipped, so re-ingesting changes nothing, and a run killed mid-way has either written a document completely
(with its reports and their place in the event clusters) or not at all; the next run simply continues.
Cross-source dedup (``rasd.pipeline.dedup``) runs inside that same transaction, against the events already
stored, so a query between two documents never sees a half-merged event.

A single writer is assumed per database (the ingest command); readers (the API) can run concurrently: SQLite
runs in WAL mode, PostgreSQL at READ COMMITTED.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import socket
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from rasd.backends.store import schema as S
from rasd.backends.store.base import EventQuery, Page, WriteResult

if TYPE_CHECKING:
    from rasd.backends.store.base import CorrectableStore
from rasd.model import Document, Place, content_id
from rasd.pipeline import dedup

log = logging.getLogger(__name__)

# Fields the store computes from the sources; an analyst corrects the sources (split/merge), not these.
_NOT_EDITABLE = {"id", "sources", "sources_count", "outlets", "doc_ids", "claims", "timestamp", "corrected_fields"}
SORTABLE = {"event_date", "fatalities", "sources_count", "country", "id", "updated_at", "event_type"}
ZSTD_LEVEL = 9
SQLITE_CACHE_KB = 65536  # page cache per SQLite connection (see make_engine)
# Reports of one event that a new report is compared with (see _candidates).
CLUSTER_SAMPLE = 30
_SAMPLE_BATCH = 100  # candidate events whose samples are read in one query (SQLite allows 500 compound terms)
# Fields of an event's merged record that are lists over its reports: stored as NULL, assembled when read.
_ASSEMBLED = ("sources", "claims")
_DECODED_LIMIT = 1536  # decoded report records kept (~20 KB each with their text: ~30 MB at most)


def _jsonable(x: Any) -> Any:
    """A JSON-safe copy: dates as ISO strings, dataclasses via their dict, anything else as text."""

    def default(o: Any) -> Any:
        if isinstance(o, date | datetime):
            return o.isoformat()
        if hasattr(o, "to_dict"):
            return o.to_dict()
        if is_dataclass(o) and not isinstance(o, type):
            return asdict(o)
        if isinstance(o, set | frozenset | tuple):
            return list(o)
        if isinstance(o, bytes):
            return None
        return str(o)

    text = json.dumps(x, default=default, ensure_ascii=False)
    # The JSON text shows whether _clean has anything to do: NUL comes out escaped, a lone surrogate as itself.
    # Most records have neither, and walking every string of a record was ~5% of the store's time.
    if "\\u0000" in text or _SURROGATES.search(text):
        return _clean(json.loads(text))
    return json.loads(text)


_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(x: Any) -> Any:
    """NUL and lone surrogates become U+FFFD (one character for one, so offsets hold): PostgreSQL refuses
    both in text and JSON, and a value must read back the same from either backend."""
    if isinstance(x, str):
        return _BAD_CHARS.sub("\ufffd", x) if _BAD_CHARS.search(x) else x
    if isinstance(x, dict):
        return {_clean(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    return x


def _clean_values(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _clean(v) for k, v in d.items()}


def _compress(data: bytes | None) -> bytes | None:
    if data is None:
        return None
    import zstandard

    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)


def _decompress(data: bytes | None) -> bytes | None:
    if data is None:
        return None
    import zstandard

    return zstandard.ZstdDecompressor().decompress(data)


def _fold(text: str) -> str:
    try:
        from rasd.lang.ar.normalize import fold
    except ImportError:  # pragma: no cover
        return " ".join(text.split())
    return fold(text)


def _int_col(v: Any) -> Any:
    """A figure for an INTEGER column: one beyond 32 bits ("a billion billion dead") would make PostgreSQL and
    SQLite refuse the whole write; the record JSON keeps it as written, the indexed column gets NULL."""
    return v if not isinstance(v, int) or -(2**31) <= v < 2**31 else None


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def place_id(p: dict[str, Any]) -> str | None:
    if not p.get("location"):
        return None
    if p.get("gazetteer_id"):
        return str(p["gazetteer_id"])[:40]
    keyed = {k: p.get(k) for k in ("location", "country", "admin1", "admin2", "latitude", "longitude")}
    return content_id(json.dumps(keyed, sort_keys=True, ensure_ascii=False))


def actor_id(name: str | None) -> str | None:
    return content_id("actor:" + name) if name else None


def source_id(name: str | None) -> str | None:
    return content_id("source:" + name) if name else None


def _sentence_of(doc: Document, start: int) -> int | None:
    for i, s in enumerate(doc.sentences):
        if s.start <= start < s.end:
            return i
    return None


def report_records(doc: Document) -> list[dict[str, Any]]:
    """One report per event the coder found in ``doc``: the event's own dict plus where it came from."""
    out = []
    for i, ev in enumerate(doc.events):
        d = _jsonable(ev.to_dict())  # already clean: only the document's fields added here need it
        d.update(
            _clean_values(
                {
                    "report_id": f"{doc.id}-{i}",
                    "doc_id": doc.id,
                    "outlet": doc.source,
                    "url": doc.canonical_url or doc.url,
                    "title": doc.title,
                    "published": doc.published.isoformat() if doc.published else None,
                    "sentence": _sentence_of(doc, ev.evidence.start),
                }
            )
        )
        out.append(d)
    return out


def _drop_dict(doc: Document) -> dict[str, Any]:
    rec = _jsonable(doc.to_dict())
    rec.pop("events", None)
    rec["n_sentences"] = len(doc.sentences)
    rec["near_duplicates"] = list(doc.near_duplicates)
    rec["trace"] = list(doc.trace)
    rec["byline"] = doc.byline
    rec["dateline"] = doc.dateline
    rec["meta"] = _jsonable(doc.meta)
    return rec


class SqlStore:
    """The store on a SQLAlchemy engine. Build it with :func:`rasd.backends.store.open_store`."""

    def __init__(self, url: str, engine: sa.Engine | None = None) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self.dialect = self.engine.dialect.name
        if S.migrate(self.engine) and not isinstance(self.engine.pool, sa.pool.StaticPool):
            # A pooled connection keeps the planner statistics it loaded before a migration changed them (an
            # in-memory database lives in its one connection: it stays).
            self.engine.dispose()
        with self.engine.connect() as c:
            self.postgis = S.has_postgis(c)
        # Ids of sources, places and actors known to be committed, to skip a SELECT per mention. Ids written
        # in the current transaction wait in _pending until it commits: a rolled-back row must not be cached.
        self._known: set[str] = set()
        self._pending: set[str] = set()
        # Decoded report records by their stored value. Ingest reads the same reports again and again (an event's
        # first reports are every newcomer's candidates; a join re-merges the whole event): decoding them each
        # time was a third of the store's time. Keyed by the text itself, so a changed record is a new key.
        self._decoded: dict[str | bytes, dict[str, Any]] = {}
        # Analysts' corrections as dedup constraints, read once per write transaction (None: not read yet).
        self._cons: dedup.Constraints | None = None

    # --- runs ----------------------------------------------------------------------------------------------

    def start_run(self, meta: dict[str, Any]) -> str:
        from rasd.resources import versions

        run_id = uuid.uuid4().hex[:16]
        meta = {"host": socket.gethostname(), "pid": os.getpid(), **meta}
        with self.engine.begin() as c:
            self._mark_dead_runs(c)
            c.execute(
                S.runs.insert().values(
                    id=run_id,
                    started_at=S.now(),
                    status="running",
                    code_version=code_version(),
                    resource_versions=versions(),
                    meta=_jsonable(meta),
                    counts={},
                )
            )
        return run_id

    def _mark_dead_runs(self, c: sa.Connection) -> None:
        """A run still 'running' whose process is gone on this host was interrupted: say so."""
        host = socket.gethostname()
        for row in c.execute(sa.select(S.runs.c.id, S.runs.c.meta).where(S.runs.c.status == "running")).all():
            meta = row.meta or {}
            pid = meta.get("pid")
            if meta.get("host") == host and isinstance(pid, int) and not _alive(pid):
                c.execute(S.runs.update().where(S.runs.c.id == row.id).values(status="interrupted"))

    def finish_run(self, run_id: str, counts: dict[str, Any], status: str = "complete") -> None:
        """Record the end of a run: ``complete``, or ``interrupted`` (Ctrl-C; a killed run is found later)."""
        with self.engine.begin() as c:
            c.execute(
                S.runs.update()
                .where(S.runs.c.id == run_id)
                .values(status=status, finished_at=S.now(), counts=_jsonable(counts))
            )
            if c.dialect.name == "sqlite":
                # Keep the planner's statistics current as the store grows, so listings keep using their index
                # (PostgreSQL's autovacuum does this on its own). It reads a sample per index: cheap.
                c.exec_driver_sql("PRAGMA optimize")
                S.forget_fts_stats(c)

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            self_rows = c.execute(sa.select(S.runs).order_by(S.runs.c.started_at, S.runs.c.id)).all()
        return [S.row_dict(r) for r in self_rows]

    # --- writing -------------------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as c:
            return c.execute(sa.select(S.documents.c.id).where(S.documents.c.id == doc_id)).first() is not None

    def known_documents(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        out: set[str] = set()
        with self.engine.connect() as c:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                out.update(r[0] for r in c.execute(sa.select(S.documents.c.id).where(S.documents.c.id.in_(chunk))))
        return out

    def write(self, docs: Iterable[Document], run_id: str | None = None, force: bool = False) -> WriteResult:
        """Store documents, one transaction each. Documents already stored are skipped unless ``force``."""
        own_run = run_id is None
        if own_run:
            run_id = self.start_run({"command": "write"})
        res = WriteResult()
        for doc in docs:
            self.write_one(doc, run_id, res, force=force)
        if own_run and run_id:
            self.finish_run(run_id, _jsonable(res.__dict__))
        return res

    def write_one(self, doc: Document, run_id: str | None, res: WriteResult | None = None, force: bool = False) -> bool:
        res = res if res is not None else WriteResult()
        res.documents += 1
        if doc.drop is not None:
            res.dropped[doc.drop.reason] = res.dropped.get(doc.drop.reason, 0) + 1
        events = merged = 0
        try:
            with self._tx() as c:
                exists = c.execute(sa.select(S.documents.c.id).where(S.documents.c.id == doc.id)).first() is not None
                if exists and not force:
                    return False
                if exists:
                    self._delete_document(c, doc.id)
                self._insert_document(c, doc, run_id)
                for r in report_records(doc):
                    events += 1
                    merged += self._insert_report(c, r, run_id)
                copied = self._insert_republished(c, doc, run_id)
                events += copied
                merged += copied
        except (sa.exc.OperationalError, sa.exc.InterfaceError):
            raise  # the database itself failed: stop, the next run resumes here
        except (sa.exc.StatementError, UnicodeError, ValueError) as exc:
            # This document's data is what the database refused (an id too long, a value out of range): keep
            # it as a dropped document with the reason, as every stage does, and go on with the run.
            if doc.drop is not None and doc.drop.stage == "store":
                raise
            log.warning("store refused document %s: %s", doc.id[:80], exc)
            return self._write_refused(doc, run_id, res, exc)
        res.new_documents += 1
        res.events += events
        res.merged += merged
        res.new_events += events - merged
        return True

    def _write_refused(self, doc: Document, run_id: str | None, res: WriteResult, exc: Exception) -> bool:
        from rasd.model import Drop

        orig = getattr(exc, "orig", None) or exc
        safe_id = doc.id if len(doc.id) <= 64 and not _BAD_CHARS.search(doc.id) else content_id(doc.id)
        stub = Document(id=safe_id, path=_clean(doc.path)[:4000], raw=doc.raw, source=None)
        stub.meta["original_id"] = _clean(doc.id)[:4000]
        stub.drop = Drop("store", "store_error", f"{type(orig).__name__}: {orig}"[:300])
        res.documents -= 1  # counted again by the nested call
        if doc.drop is not None:
            res.dropped[doc.drop.reason] -= 1
        return self.write_one(stub, run_id, res)

    @contextmanager
    def _tx(self) -> Iterator[sa.Connection]:
        """A write transaction; ids it inserted join the committed-id cache only once it has committed."""
        self._pending = set()
        self._cons = None
        try:
            with self.engine.begin() as c:
                yield c
        finally:
            self._cons = None
        self._known |= self._pending
        self._pending = set()

    def _record_col(self) -> Any:
        """``event_sources.record`` as stored (decoded by :meth:`_decode`, through the cache)."""
        col = S.event_sources.c.record
        if self.dialect == "sqlite":  # the stored bytes (compressed, or JSON text written before migration 8)
            return sa.type_coerce(col, sa.LargeBinary).label("record_text")
        return sa.cast(col, sa.Text).label("record_text")

    def _decode(self, text: str | bytes | None) -> Any:
        if text is None:
            return None
        got = self._decoded.get(text)
        if got is None:
            got = S.unpack_json(text)
            if not isinstance(got, dict):
                return got
            if len(self._decoded) >= _DECODED_LIMIT:
                self._decoded.clear()
            self._decoded[text] = got
        return dict(got)  # a shallow copy: a caller's top-level edit must not reach the cache

    def _seen(self, c: sa.Connection, table: sa.Table, key: str) -> bool:
        """Whether a row with id ``key`` exists (cached once committed); marks it pending otherwise."""
        tag = f"{table.name}:{key}"
        if tag in self._known or tag in self._pending:
            return True
        self._pending.add(tag)
        return c.execute(sa.select(table.c.id).where(table.c.id == key)).first() is not None

    def _ensure_source(self, c: sa.Connection, name: str | None, url: str | None) -> str | None:
        name = _clean(name)
        sid = source_id(name)
        if sid is None:
            return sid
        if not self._seen(c, S.sources, sid):
            from urllib.parse import urlsplit

            domain = urlsplit(url).hostname if url else None
            c.execute(S.sources.insert().values(id=sid, name=_clean(name), domain=_clean(domain)))
        return sid

    def _insert_document(self, c: sa.Connection, doc: Document, run_id: str | None) -> None:
        sid = self._ensure_source(c, doc.source, doc.canonical_url or doc.url)
        raw = doc.raw if doc.raw is not None else (doc.html or doc.text or "").encode("utf-8", "surrogatepass")
        text = doc.text or ""
        key = _clean(_fold(f"{doc.title or ''}\n{text}")) if text or doc.title else ""
        c.execute(
            S.documents.insert(),
            dict(
                **_clean_values(
                    {
                        "path": doc.path,
                        "url": doc.url,
                        "canonical_url": doc.canonical_url,
                        "title": doc.title,
                        "published_from": doc.published_from,
                        "language": doc.language,
                        "drop_stage": doc.drop.stage if doc.drop else None,
                        "drop_reason": doc.drop.reason if doc.drop else None,
                        "drop_detail": doc.drop.detail if doc.drop else None,
                        "duplicate_of": doc.duplicate_of,
                        "text_key": key if self.dialect == "postgresql" else None,
                    }
                ),
                id=doc.id,
                source_id=sid,
                published=doc.published,
                fetched_at=doc.fetched_at.isoformat() if doc.fetched_at else None,
                raw_z=_compress(raw),
                raw_size=len(raw),
                text_z=_compress(text.encode("utf-8", "surrogatepass")),
                record=_drop_dict(doc),
                n_events=len(doc.events),
                run_id=run_id,
                ingested_at=S.now(),
            ),
        )
        if key and self.dialect == "sqlite":
            c.exec_driver_sql("INSERT INTO documents_fts(doc_id, body) VALUES (?, ?)", (doc.id, key))
        rows = []
        for i, m in enumerate(doc.mentions):
            rows.append(
                {
                    "id": f"{doc.id}:{i}",
                    "doc_id": doc.id,
                    "kind": m.kind,
                    "start": m.span.start,
                    "end": m.span.end,
                    "text": _clean(m.span.text),
                    "sentence": m.sentence,
                    "value": _jsonable(m.value),
                    "attrs": _jsonable(m.attrs),
                }
            )
            if m.kind == "place" and isinstance(m.value, Place):
                self._ensure_place(c, _jsonable(m.value.to_dict()))
        if rows:
            c.execute(S.mentions.insert(), rows)

    def _ensure_place(self, c: sa.Connection, p: dict[str, Any]) -> str | None:
        pid = place_id(p)
        if pid is None:
            return None
        if not self._seen(c, S.places, pid):
            c.execute(
                S.places.insert().values(
                    id=pid,
                    name=p.get("location"),
                    country=p.get("country"),
                    iso=p.get("iso"),
                    admin1=p.get("admin1"),
                    admin2=p.get("admin2"),
                    admin3=p.get("admin3"),
                    latitude=p.get("latitude"),
                    longitude=p.get("longitude"),
                    geo_precision=p.get("geo_precision"),
                    feature=p.get("feature"),
                    gazetteer_id=p.get("gazetteer_id"),
                    pcodes=p.get("pcodes") or {},
                )
            )
        return pid

    def _ensure_actor(self, c: sa.Connection, name: str | None, inter: int | None) -> str | None:
        aid = actor_id(name)
        if aid is None:
            return None
        if not self._seen(c, S.actors, aid):
            c.execute(S.actors.insert().values(id=aid, name=name, inter=inter))
        return aid

    def _constraints(self, c: sa.Connection) -> dedup.Constraints:
        """The corrections as dedup constraints, read once per transaction (a document's reports share them;
        split, merge and correct run in transactions of their own, which start with a fresh read)."""
        if self._cons is not None:
            return self._cons
        rows = c.execute(sa.select(S.corrections).order_by(S.corrections.c.id)).all()
        self._cons = dedup.Constraints.from_corrections(S.row_dict(r) for r in rows)
        return self._cons

    def _candidates(self, c: sa.Connection, r: dict[str, Any]) -> dict[str, list[tuple[dict[str, Any], bytes | None]]]:
        """Reports already stored that share ``r``'s blocking key (family, date window), grouped by event."""
        fam = dedup.family(r.get("event_type"), r.get("sub_event_type"))
        w = dedup.window(dedup.report_date(r))
        lat, lon = r.get("latitude"), r.get("longitude")
        params: dict[str, Any] = {"fam": fam}
        if w is not None:
            # Places farther than dedup allows never merge: keep them out of the comparison too, so a busy day in
            # a busy country costs a look at the neighbourhood, not at the whole country.
            box = _box(lat, lon, 2 * dedup.DISTANCE_KM) if r.get("location") else None
            if box is not None:
                params.update(box, loc=r.get("location"))
            # Two index range reads rather than one OR: an OR makes SQLite collect row ids and visit each report
            # row (its JSON record included) instead of reading the covering index alone.
            located = box is not None
            found = {row[0] for row in c.execute(_window_sql(located, False), {**params, "d0": w[0], "d1": w[1]})}
            found |= {row[0] for row in c.execute(_window_sql(located, True), params)}
        else:
            # An undated report can only join at the same place (dedup.compare), so look only there: without
            # this, every undated report would be compared with its whole family, a cost that grows with the store.
            pid = place_id(r)
            box = _box(lat, lon, dedup.STRONG_KM)
            if not pid and box is None:
                return {}
            if pid:
                params["pid"] = pid
            if box is not None:
                params.update(box)
            found = {row[0] for row in c.execute(_undated_sql(bool(pid), box is not None), params)}
        ids = sorted(found)
        clusters: dict[str, list[tuple[dict[str, Any], bytes | None]]] = {}
        # Compare with at most CLUSTER_SAMPLE reports of each event (its first ones, by id): an incident carried
        # by hundreds of outlets would otherwise make every new report decode the whole cluster, so ingest time
        # would grow with the square of the cluster. The sample's reports stand for the event in dedup's
        # complete-link veto too; they are the ones the event was founded on. Each event's sample is one LIMIT
        # read of the (event_id, id) index, so its cost does not depend on how many reports the event has.
        for i in range(0, len(ids), _SAMPLE_BATCH):
            chunk = ids[i : i + _SAMPLE_BATCH]
            eparams: dict[str, Any] = {f"e{j}": eid for j, eid in enumerate(chunk)}
            # .all(): one fetchall, not a fetchone per row (~60 rows per new report)
            rows = c.execute(
                _sample_sql(len(chunk), self.dialect == "sqlite"), {**eparams, "lim": CLUSTER_SAMPLE}
            ).all()
            for row in rows:
                clusters.setdefault(row.event_id, []).append((self._decode(row.record_text), row.minhash))
        return clusters

    def _insert_report(self, c: sa.Connection, r: dict[str, Any], run_id: str | None) -> bool:
        """Insert one report and put it in its event; returns True when it joined an existing event."""
        sig = dedup.signature(str((r.get("evidence") or {}).get("text", "")))
        cons = self._constraints(c)
        cid, match = dedup.best_cluster(r, sig, self._candidates(c, r), cons)
        joined = cid is not None
        if cid is None:
            cid = self._new_event_id(c, r["report_id"])
        else:
            r["match"] = {"event_id": cid, "reasons": match.reasons if match else []}
        pid = self._ensure_place(c, r)
        if joined is False:
            seq = int(c.execute(sa.select(sa.func.coalesce(sa.func.max(S.events.c.seq), 0))).scalar_one()) + 1
            c.execute(S.events.insert().values(id=cid, seq=seq, created_run=run_id, sources_count=0))
        c.execute(
            S.event_sources.insert(),
            dict(
                id=r["report_id"],
                event_id=cid,
                doc_id=r["doc_id"],
                source_id=source_id(r.get("outlet")),
                sentence=r.get("sentence"),
                evidence_start=(r.get("evidence") or {}).get("start"),
                evidence_end=(r.get("evidence") or {}).get("end"),
                family=dedup.family(r.get("event_type"), r.get("sub_event_type")),
                event_date=_as_date(r.get("event_date")),
                published=_as_date(r.get("published")),
                fatalities=_int_col(r.get("fatalities")),
                place_id=pid,
                actor1_id=self._ensure_actor(c, r.get("actor1"), r.get("inter1")),
                actor2_id=self._ensure_actor(c, r.get("actor2"), r.get("inter2")),
                minhash=sig,
                record=r,
                run_id=run_id,
            ),
        )
        if joined:
            self._join_event(c, cid, r)
        else:
            self._refresh_event(c, cid, [r])
        return joined

    def _insert_republished(self, c: sa.Connection, doc: Document, run_id: str | None) -> int:
        """A document dropped as a copy of another (wire copy) by *another outlet* is one more source of that
        document's events: the outlet republished the same report, and analysts count who carried it."""
        if doc.drop is None or doc.drop.reason != "duplicate" or not doc.duplicate_of:
            return 0
        es = S.event_sources
        rows = c.execute(
            sa.select(es.c.event_id, es.c.record, es.c.minhash, es.c.id)
            .where(es.c.doc_id == doc.duplicate_of)
            .order_by(es.c.id)
        ).all()
        outlet = _clean(doc.source)
        url = _clean(doc.canonical_url or doc.url)
        if not rows or (outlet == rows[0].record.get("outlet") and (not url or url == rows[0].record.get("url"))):
            return 0  # the same page again, not a republication
        n = 0
        for i, row in enumerate(rows):
            r = dict(row.record)
            r.pop("match", None)
            r.update(
                report_id=f"{doc.id}-{i}",
                doc_id=doc.id,
                outlet=outlet,
                url=url,
                title=_clean(doc.title),
                published=doc.published.isoformat() if doc.published else r.get("published"),
                republished_from=row.id,
            )
            c.execute(
                es.insert().values(
                    id=r["report_id"],
                    event_id=row.event_id,
                    doc_id=doc.id,
                    source_id=source_id(outlet),
                    sentence=r.get("sentence"),
                    evidence_start=(r.get("evidence") or {}).get("start"),
                    evidence_end=(r.get("evidence") or {}).get("end"),
                    family=dedup.family(r.get("event_type"), r.get("sub_event_type")),
                    event_date=_as_date(r.get("event_date")),
                    published=_as_date(r.get("published")),
                    fatalities=_int_col(r.get("fatalities")),
                    place_id=place_id(r),
                    actor1_id=actor_id(r.get("actor1")),
                    actor2_id=actor_id(r.get("actor2")),
                    minhash=row.minhash,
                    record=r,
                    run_id=run_id,
                )
            )
            self._join_event(c, row.event_id, r)
            n += 1
        return n

    def _new_event_id(self, c: sa.Connection, report_id: str) -> str:
        base = dedup.event_id_for(report_id)
        eid, n = base, 0
        while c.execute(sa.select(S.events.c.id).where(S.events.c.id == eid)).first() is not None:
            n += 1
            eid = dedup.event_id_for(f"{report_id}#{n}")
        return eid

    def _refresh_event(self, c: sa.Connection, eid: str, reports: list[dict[str, Any]] | None = None) -> None:
        """Recompute an event's merged record from its reports (or retire it when none are left).

        ``reports``: the event's reports when the caller has them all (a new event: the one just inserted)."""
        es = S.event_sources
        if reports is None:
            reports = [
                self._decode(row[0])
                for row in c.execute(sa.select(self._record_col()).where(es.c.event_id == eid).order_by(es.c.id))
            ]
        if not reports:
            c.execute(S.events.delete().where(S.events.c.id == eid))
            return
        state = dedup.merge_state(reports)
        rec = self._apply_edits(c, dedup.merge_reports(reports, eid), eid)
        # An analyst's edits sit on top of the merge: such an event is always re-merged in full (edits are rare).
        state["edited"] = "corrected_fields" in rec
        self._write_event(c, eid, rec, state)

    def _join_event(self, c: sa.Connection, eid: str, r: dict[str, Any]) -> None:
        """Add report ``r`` (just inserted) to event ``eid``: folded into the stored merge when dedup can do that
        exactly (``dedup.merge_add``), so a join costs the same whatever the event's size; else re-merged."""
        e = S.events
        row = c.execute(
            sa.select(
                sa.cast(e.c.record, sa.Text).label("record"), sa.cast(e.c.merge_state, sa.Text).label("state")
            ).where(e.c.id == eid)
        ).first()
        got = None
        if row is not None and row.record and row.state:
            state = json.loads(row.state)
            if isinstance(state, dict) and not state.get("edited"):
                got = dedup.merge_add(json.loads(row.record), state, r)
        if got is None:
            self._refresh_event(c, eid)
            return
        rec, state = got
        state["edited"] = False
        self._write_event(c, eid, rec, state)

    def _write_event(self, c: sa.Connection, eid: str, rec: dict[str, Any], state: dict[str, Any]) -> None:
        # The record is stored without its ``sources`` and ``claims`` (NULL keeps each key's place): both are
        # functions of the event's report rows, assembled when the event is read (_with_sources). Rewriting them
        # on every join made a join's cost grow with the event (170 KB rewritten per join for an event of 130
        # reports in the generated corpus; 48 KB without the sources, 12 KB without the claims too).
        rec = {**rec, **{k: None for k in _ASSEMBLED if k in rec}}
        pid = place_id(rec)
        if pid is not None:
            self._ensure_place(c, rec)
        values = {
            "event_type": rec.get("event_type"),
            "sub_event_type": rec.get("sub_event_type"),
            "event_date": _as_date(rec.get("event_date")),
            "country": rec.get("country"),
            "iso": rec.get("iso"),
            "admin1": rec.get("admin1"),
            "admin2": rec.get("admin2"),
            "location": rec.get("location"),
            "latitude": rec.get("latitude"),
            "longitude": rec.get("longitude"),
            "actor1": rec.get("actor1"),
            "actor2": rec.get("actor2"),
            "fatalities": _int_col(rec.get("fatalities")),
            "sources_count": rec.get("sources_count"),
            "place_id": pid,
            "record": rec,
            "merge_state": state,
            "merged_into": None,
            "updated_at": S.now(),
        }
        c.execute(_EVENT_UPDATE, {**values, "event_key": eid})
        if self.postgis and rec.get("latitude") is not None and rec.get("longitude") is not None:
            c.execute(
                sa.text(
                    "UPDATE events SET geom = ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography WHERE id = :id"
                ),
                {"lon": rec["longitude"], "lat": rec["latitude"], "id": eid},
            )

    def _delete_document(self, c: sa.Connection, doc_id: str) -> None:
        es = S.event_sources
        touched = {row[0] for row in c.execute(sa.select(es.c.event_id).where(es.c.doc_id == doc_id))}
        c.execute(es.delete().where(es.c.doc_id == doc_id))
        for eid in sorted(touched):
            self._refresh_event(c, eid)
        c.execute(S.mentions.delete().where(S.mentions.c.doc_id == doc_id))
        if self.dialect == "sqlite":
            c.exec_driver_sql("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
        c.execute(S.documents.delete().where(S.documents.c.id == doc_id))

    # --- analysts' corrections -----------------------------------------------------------------------------

    def split(self, event_id: str, report_ids: Iterable[str], who: str, note: str = "") -> str:
        """Move ``report_ids`` out of ``event_id`` into a new event, and remember that they stay apart."""
        es = S.event_sources
        move = sorted(set(report_ids))
        with self._tx() as c:
            members = [row[0] for row in c.execute(sa.select(es.c.id).where(es.c.event_id == event_id))]
            stay = [m for m in members if m not in move]
            bad = [m for m in move if m not in members]
            if bad or not move or not stay:
                raise ValueError(
                    f"split needs some but not all reports of event {event_id}; not in it: {bad}"
                    if bad
                    else f"split needs some but not all of the {len(members)} reports of event {event_id}"
                )
            new_id = self._new_event_id(c, move[0])
            seq = int(c.execute(sa.select(sa.func.coalesce(sa.func.max(S.events.c.seq), 0))).scalar_one()) + 1
            c.execute(S.events.insert().values(id=new_id, seq=seq, sources_count=0))
            c.execute(es.update().where(es.c.id.in_(move)).values(event_id=new_id))
            c.execute(
                S.corrections.insert().values(
                    kind="split",
                    event_id=event_id,
                    payload={"apart": [stay, move], "new_event": new_id},
                    who=who,
                    at=S.now(),
                    note=note,
                )
            )
            self._refresh_event(c, event_id)
            self._refresh_event(c, new_id)
        return new_id

    def merge(self, event_ids: Iterable[str], who: str, note: str = "") -> str:
        """Merge events into the oldest of them; the others become tombstones pointing at it."""
        ids = sorted(set(event_ids))
        if len(ids) < 2:
            raise ValueError("merge needs at least two events")
        es = S.event_sources
        with self._tx() as c:
            rows = c.execute(sa.select(S.events.c.id, S.events.c.seq).where(S.events.c.id.in_(ids))).all()
            if len(rows) != len(ids):
                raise ValueError(f"unknown events: {sorted(set(ids) - {r.id for r in rows})}")
            keep = min(rows, key=lambda r: (r.seq, r.id)).id
            members = [row[0] for row in c.execute(sa.select(es.c.id).where(es.c.event_id.in_(ids)))]
            c.execute(es.update().where(es.c.event_id.in_(ids)).values(event_id=keep))
            for eid in ids:
                if eid != keep:
                    c.execute(
                        S.events.update()
                        .where(S.events.c.id == eid)
                        .values(merged_into=keep, record=None, merge_state=None, sources_count=0)
                    )
            c.execute(
                S.corrections.insert().values(
                    kind="merge",
                    event_id=keep,
                    payload={"together": sorted(members), "events": ids},
                    who=who,
                    at=S.now(),
                    note=note,
                )
            )
            self._refresh_event(c, keep)
        return keep

    def correct(self, event_id: str, changes: dict[str, Any], who: str, note: str = "") -> dict[str, Any]:
        """Correct fields of an event. Logged (who, when, why) and re-applied after every recomputation, so a
        re-run of the pipeline or of dedup never overwrites an analyst's value."""
        if not changes:
            raise ValueError("no changes")
        bad = sorted(k for k in changes if k in _NOT_EDITABLE)
        if bad:
            raise ValueError(f"fields {bad} are computed by the store and cannot be corrected")
        live = self.get_event(event_id)
        if live is None:
            raise ValueError(f"no event {event_id}")
        eid = str(live["id"])
        with self._tx() as c:
            c.execute(
                S.corrections.insert().values(
                    kind="edit",
                    event_id=eid,
                    payload={"changes": _jsonable(changes)},
                    who=who,
                    at=S.now(),
                    note=note,
                )
            )
            self._refresh_event(c, eid)
        return {"event_id": eid, "changed": sorted(changes)}

    def _apply_edits(self, c: sa.Connection, rec: dict[str, Any], eid: str) -> dict[str, Any]:
        from rasd.model import DISORDER_TYPES

        cor = S.corrections
        ids = [eid] + [r[0] for r in c.execute(sa.select(S.events.c.id).where(S.events.c.merged_into == eid))]
        rows = c.execute(
            sa.select(cor.c.payload).where(cor.c.kind == "edit", cor.c.event_id.in_(ids)).order_by(cor.c.id)
        ).all()
        if not rows:
            return rec
        corrected: list[str] = []
        for (payload,) in rows:
            for k, v in (payload or {}).get("changes", {}).items():
                rec[k] = v
                if k not in corrected:
                    corrected.append(k)
        rec["disorder_type"] = DISORDER_TYPES.get(str(rec.get("event_type")), rec.get("disorder_type"))
        rec["corrected_fields"] = corrected
        return rec

    def counts_by_day(self) -> dict[str, dict[str, int]]:
        """Live events per day and event type (the API's timeline)."""
        e = S.events
        sel = (
            sa.select(e.c.event_date, e.c.event_type, sa.func.count())
            .where(e.c.merged_into.is_(None), e.c.sources_count > 0, e.c.event_date.is_not(None))
            .group_by(e.c.event_date, e.c.event_type)
        )
        out: dict[str, dict[str, int]] = {}
        with self.engine.connect() as c:
            for day, typ, n in c.execute(sel):
                out.setdefault(day.isoformat(), {})[str(typ)] = int(n)
        return out

    def corrections(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [S.row_dict(r) for r in c.execute(sa.select(S.corrections).order_by(S.corrections.c.id))]

    def recluster(self) -> dict[str, int]:
        """Re-run dedup over every stored report (after a rule change), keeping ids and analysts' decisions.

        Each new cluster takes the old event id most of its reports had (each old id used once), so links
        to events stay valid; a cluster with no such id gets the id its founding report gives.
        """
        es = S.event_sources
        with self._tx() as c:
            rows = c.execute(sa.select(es.c.id, es.c.event_id, es.c.record, es.c.minhash)).all()
            old = {r.id: r.event_id for r in rows}
            sigs = {r.id: r.minhash for r in rows}
            clusters = dedup.cluster([r.record for r in rows], sigs, self._constraints(c))
            used: set[str] = set()
            mapping: dict[str, str] = {}
            for cid, members in sorted(clusters.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                votes: dict[str, int] = {}
                for m in members:
                    votes[old[m]] = votes.get(old[m], 0) + 1
                choice = next(
                    (e for e, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if e not in used), None
                )
                eid = choice or self._new_event_id(c, members[0])
                used.add(eid)
                mapping[cid] = eid
            existing = {r[0] for r in c.execute(sa.select(S.events.c.id))}
            seq = int(c.execute(sa.select(sa.func.coalesce(sa.func.max(S.events.c.seq), 0))).scalar_one())
            changed = 0
            for cid, members in clusters.items():
                eid = mapping[cid]
                if eid not in existing:
                    seq += 1
                    c.execute(S.events.insert().values(id=eid, seq=seq, sources_count=0))
                    existing.add(eid)
                for m in members:
                    if old[m] != eid:
                        changed += 1
                        c.execute(es.update().where(es.c.id == m).values(event_id=eid))
            live = set(mapping.values())
            for eid in sorted(existing):
                if eid in live:
                    self._refresh_event(c, eid)
                else:
                    c.execute(S.events.delete().where(S.events.c.id == eid).where(S.events.c.merged_into.is_(None)))
        return {"events": len(clusters), "moved_reports": changed}

    # --- reading -------------------------------------------------------------------------------------------

    def _filtered(self, q: EventQuery) -> sa.Select[Any]:
        e = S.events
        sel = sa.select(e.c.id).where(e.c.merged_into.is_(None)).where(e.c.sources_count > 0)
        if q.country:
            sel = sel.where(
                sa.or_(sa.func.lower(e.c.country) == q.country.lower(), sa.func.lower(e.c.iso) == q.country.lower())
            )
        if q.admin1:
            sel = sel.where(sa.func.lower(e.c.admin1) == q.admin1.lower())
        if q.event_type:
            sel = sel.where(sa.or_(e.c.event_type == q.event_type, e.c.sub_event_type == q.event_type))
        if q.sub_event_type:
            sel = sel.where(e.c.sub_event_type == q.sub_event_type)
        if q.actor:
            like = f"%{q.actor.lower()}%"
            sel = sel.where(sa.or_(sa.func.lower(e.c.actor1).like(like), sa.func.lower(e.c.actor2).like(like)))
        if q.since:
            sel = sel.where(e.c.event_date >= q.since)
        if q.until:
            sel = sel.where(e.c.event_date <= q.until)
        if q.bbox:
            x0, y0, x1, y1 = q.bbox
            sel = sel.where(e.c.longitude.between(x0, x1), e.c.latitude.between(y0, y1))
        if q.near:
            lat, lon, km = q.near
            dlat = km / 110.574
            dlon = km / max(1e-6, 111.320 * _cos(lat))
            sel = sel.where(e.c.latitude.between(lat - dlat, lat + dlat), e.c.longitude.between(lon - dlon, lon + dlon))
            if self.postgis:
                # The exact distance on the spheroid, through the GiST index on geom.
                sel = sel.where(
                    sa.text(
                        "ST_DWithin(events.geom, ST_SetSRID(ST_MakePoint(:near_lon, :near_lat), 4326)::geography, "
                        ":near_m)"
                    ).bindparams(near_lon=lon, near_lat=lat, near_m=km * 1000.0)
                )
        if q.text:
            sel = sel.where(e.c.id.in_(self._text_events(q.text)))
        return sel

    def _text_events(self, text: str) -> sa.Select[Any]:
        es = S.event_sources
        key = _fold(text)
        if self.dialect == "sqlite":
            # A phrase query: analysts type words, not FTS5 syntax; quotes are doubled to stay literal.
            phrase = '"' + key.replace('"', '""') + '"'
            fts = sa.text("SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :q").bindparams(q=phrase)
            return sa.select(es.c.event_id).where(es.c.doc_id.in_(fts.columns(sa.column("doc_id"))))
        if self.dialect == "postgresql":
            cond = sa.text(
                "to_tsvector('simple', coalesce(text_key, '')) @@ phraseto_tsquery('simple', :q)"
            ).bindparams(q=key)
            docs = sa.select(S.documents.c.id).where(cond)
            return sa.select(es.c.event_id).where(es.c.doc_id.in_(docs))
        docs = sa.select(S.documents.c.id).where(S.documents.c.text_key.contains(key))
        return sa.select(es.c.event_id).where(es.c.doc_id.in_(docs))

    def _order(self, sort: str) -> list[Any]:
        e = S.events
        desc = sort.startswith("-")
        name = sort.lstrip("-+")
        if name not in SORTABLE:
            raise ValueError(f"cannot sort by {name!r}; use one of {sorted(SORTABLE)}")
        col = e.c[name]
        # NULLs last whichever the direction, on both backends; written as NULLS LAST (not as an "IS NULL" sort
        # key) so that the listing index can serve the default order.
        first = (col.desc() if desc else col.asc()).nulls_last()
        return [first, e.c.id.desc() if desc else e.c.id.asc()]

    def _ids(self, q: EventQuery) -> list[str] | None:
        """For a --near query, the ids within the circle (the SQL did a bounding box), else None."""
        if not q.near or self.postgis:
            return None
        lat, lon, km = q.near
        e = S.events
        sel = self._filtered(q).add_columns(e.c.latitude, e.c.longitude).order_by(*self._order(q.sort))
        with self.engine.connect() as c:
            return [
                r.id
                for r in c.execute(sel)
                if r.latitude is not None and dedup.haversine_km(lat, lon, r.latitude, r.longitude) <= km
            ]

    def _records(self, c: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
        e = S.events
        by_id: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            for row in c.execute(sa.select(e.c.id, e.c.record, e.c.updated_at).where(e.c.id.in_(ids[i : i + 500]))):
                by_id[row.id] = _with_timestamp(row.record, row.updated_at)
        self._with_sources(c, by_id)
        return [by_id[i] for i in ids if i in by_id]

    def _with_sources(self, c: sa.Connection, recs: dict[str, dict[str, Any]]) -> None:
        """Fill in each record's ``sources`` and ``claims`` from its event's reports (stored records keep NULL
        there, see _write_event); a record written before that keeps the lists it has."""
        es = S.event_sources
        need = sorted(eid for eid, rec in recs.items() if any(k in rec and rec[k] is None for k in _ASSEMBLED))
        reports: dict[str, list[dict[str, Any]]] = {eid: [] for eid in need}
        for i in range(0, len(need), 500):
            rows = c.execute(sa.select(es.c.event_id, es.c.record).where(es.c.event_id.in_(need[i : i + 500])))
            for row in rows:
                reports[row.event_id].append(row.record)
        for eid in need:
            rec = recs[eid]
            if "sources" in rec and rec["sources"] is None:
                rec["sources"] = dedup.sources_of(reports[eid])
            if "claims" in rec and rec["claims"] is None:
                rec["claims"] = dedup.claims_of(reports[eid])

    def query_events(self, q: EventQuery) -> Page:
        ids = self._ids(q)
        with self.engine.connect() as c:
            if ids is not None:
                total = len(ids)
                page_ids = ids[q.offset : q.offset + q.limit]
            else:
                sub = self._filtered(q).subquery()
                total = int(c.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one())
                sel = self._filtered(q).order_by(*self._order(q.sort)).limit(q.limit).offset(q.offset)
                page_ids = [r[0] for r in c.execute(sel)]
            return Page(items=self._records(c, page_ids), total=total, limit=q.limit, offset=q.offset)

    def iter_events(self, q: EventQuery) -> Iterator[dict[str, Any]]:
        """Every matching event (``limit``/``offset`` ignored), in ``q.sort`` order, fetched in batches."""
        ids = self._ids(q)
        if ids is None:
            with self.engine.connect() as c:
                ids = [r[0] for r in c.execute(self._filtered(q).order_by(*self._order(q.sort)))]
        for i in range(0, len(ids), 500):
            with self.engine.connect() as c:
                yield from self._records(c, ids[i : i + 500])

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """An event by id; an id merged into another event resolves to that event (links never break)."""
        e = S.events
        with self.engine.connect() as c:
            for _ in range(20):
                row = c.execute(
                    sa.select(e.c.record, e.c.merged_into, e.c.updated_at).where(e.c.id == event_id)
                ).first()
                if row is None:
                    return None
                if row.merged_into is None:
                    if not row.record:
                        return None
                    recs = {event_id: _with_timestamp(row.record, row.updated_at)}
                    self._with_sources(c, recs)
                    return recs[event_id]
                event_id = row.merged_into
        return None

    def get_document(self, doc_id: str, raw: bool = False) -> dict[str, Any] | None:
        d = S.documents
        with self.engine.connect() as c:
            row = c.execute(sa.select(d).where(d.c.id == doc_id)).first()
            if row is None:
                return None
            es = S.event_sources
            reps = c.execute(
                sa.select(es.c.id, es.c.event_id, es.c.record).where(es.c.doc_id == doc_id).order_by(es.c.id)
            )
            reports = [{**r.record, "event_id": r.event_id} for r in reps]
        out = dict(row.record or {})
        out["text"] = (_decompress(row.text_z) or b"").decode("utf-8", "surrogatepass")
        out["raw_size"] = row.raw_size
        out["ingested_at"] = row.ingested_at
        out["run_id"] = row.run_id
        out["events"] = reports
        if raw:
            out["raw"] = _decompress(row.raw_z)
        return out

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        d = S.documents
        with self.engine.connect() as c:
            ids = [r[0] for r in c.execute(sa.select(d.c.id).order_by(d.c.id))]
        for i in ids:
            doc = self.get_document(i)
            if doc is not None:
                yield doc

    def stats(self) -> dict[str, Any]:
        e, d = S.events, S.documents
        live = e.c.merged_into.is_(None) & (e.c.sources_count > 0)
        with self.engine.connect() as c:
            count = {
                t.name: int(c.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()) for t in S.CONTENT_TABLES
            }
            events = int(c.execute(sa.select(sa.func.count()).where(live)).scalar_one())
            merged = int(c.execute(sa.select(sa.func.count()).where(live & (e.c.sources_count > 1))).scalar_one())
            es = S.event_sources
            multi = (
                sa.select(es.c.event_id)
                .group_by(es.c.event_id)
                .having(sa.func.count(sa.distinct(es.c.source_id)) > 1)
                .subquery()
            )
            multi_outlet = int(c.execute(sa.select(sa.func.count()).select_from(multi)).scalar_one())
            by_type: dict[Any, Any] = dict(
                c.execute(sa.select(e.c.event_type, sa.func.count()).where(live).group_by(e.c.event_type)).all()
            )
            by_country: dict[Any, Any] = dict(
                c.execute(sa.select(e.c.country, sa.func.count()).where(live).group_by(e.c.country)).all()
            )
            drops: dict[Any, Any] = dict(
                c.execute(
                    sa.select(d.c.drop_reason, sa.func.count())
                    .where(d.c.drop_reason.is_not(None))
                    .group_by(d.c.drop_reason)
                ).all()
            )
            fat = c.execute(sa.select(sa.func.coalesce(sa.func.sum(e.c.fatalities), 0)).where(live)).scalar_one()
            span = c.execute(sa.select(sa.func.min(e.c.event_date), sa.func.max(e.c.event_date)).where(live)).first()
        return {
            "documents": count["documents"],
            "dropped": {str(k): int(v) for k, v in sorted(drops.items())},
            "reports": count["event_sources"],
            "events": events,
            "merged_clusters": merged,
            "multi_outlet_events": multi_outlet,
            "fatalities": int(fat or 0),
            "by_event_type": {str(k): int(v) for k, v in sorted(by_type.items(), key=lambda kv: str(kv[0]))},
            "by_country": {str(k): int(v) for k, v in sorted(by_country.items(), key=lambda kv: str(kv[0]))},
            "first_event_date": span[0].isoformat() if span and span[0] else None,
            "last_event_date": span[1].isoformat() if span and span[1] else None,
            "sources": count["sources"],
            "places": count["places"],
            "actors": count["actors"],
            "mentions": count["mentions"],
            "corrections": count["corrections"],
        }

    def status(self) -> dict[str, Any]:
        with self.engine.connect() as c:
            version = c.execute(sa.select(sa.func.max(S.migrations.c.version))).scalar_one()
            last = c.execute(
                sa.select(S.runs).order_by(S.runs.c.started_at.desc(), S.runs.c.id.desc()).limit(1)
            ).first()
            open_runs = int(
                c.execute(
                    sa.select(sa.func.count()).select_from(S.runs).where(S.runs.c.status != "complete")
                ).scalar_one()
            )
        return {
            "backend": self.dialect,
            "url": sa.make_url(self.url).render_as_string(hide_password=True),
            "schema_version": int(version or 0),
            "postgis": self.postgis,
            "last_run": S.row_dict(last) if last else None,
            "incomplete_runs": open_runs,
        }

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every content row, ordered by key, without write timestamps: what tests compare between stores."""
        skip = {"ingested_at", "updated_at", "run_id", "created_run", "at", "seq"}
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as c:
            for t in S.CONTENT_TABLES:
                cols = [col for col in t.c if col.name not in skip]
                rows = c.execute(sa.select(*cols).order_by(*t.primary_key.columns)).all()
                out[t.name] = [S.row_dict(r) for r in rows]
            if self.dialect == "sqlite":
                out["documents_fts"] = [
                    {"doc_id": r[0], "body": r[1]}
                    for r in c.exec_driver_sql("SELECT doc_id, body FROM documents_fts ORDER BY doc_id").all()
                ]
        return out

    def close(self) -> None:
        self.engine.dispose()


@functools.cache
def code_version() -> str:
    """rasd's version plus a hash of its Python source: two runs of "0.1.0" from different code differ."""
    import hashlib
    from pathlib import Path

    from rasd import __version__

    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def _with_timestamp(rec: dict[str, Any] | None, updated_at: str | None) -> dict[str, Any]:
    out = dict(rec or {})
    if updated_at:
        try:
            out["timestamp"] = int(datetime.fromisoformat(updated_at).timestamp())
        except ValueError:
            out["timestamp"] = None
    return out


@functools.lru_cache(maxsize=2 * _SAMPLE_BATCH)
def _sample_sql(n: int, stored: bool = False) -> sa.TextClause:
    """The first :lim reports (by id) of each of ``n`` events :e0..:e<n-1>, with their records (as stored when
    ``stored``, SQLite's compressed bytes; else as JSON text).

    Plain SQL (the same on SQLite and PostgreSQL), built once per ``n``: as a SQLAlchemy expression, a union of
    up to 100 subqueries cost more to build and to key for the statement cache than to run."""
    parts = " UNION ALL ".join(
        f"SELECT id FROM (SELECT id FROM event_sources WHERE event_id = :e{j} ORDER BY id LIMIT :lim) s{j}"
        for j in range(n)
    )
    return sa.text(
        f"SELECT event_id, {'record' if stored else 'CAST(record AS TEXT)'} AS record_text, minhash FROM event_sources "
        f"WHERE id IN ({parts}) ORDER BY event_id, id"
    )


@functools.cache
def _window_sql(located: bool, undated: bool) -> sa.Select[Any]:
    """The events of the reports in a new dated report's blocking window (:fam, day in :d0..:d1, or no day),
    near it when it is located (:lat0..:lat1, :lon0..:lon1, or a place named :loc, or a place without
    coordinates). Built once per shape: building the expression per report was ~5% of the store's time."""
    es, pl = S.event_sources, S.places
    q = sa.select(es.c.event_id).where(es.c.family == sa.bindparam("fam", type_=es.c.family.type))
    if located:
        nearby = sa.select(pl.c.id).where(
            sa.or_(
                sa.and_(
                    pl.c.latitude.between(sa.bindparam("lat0", type_=sa.Float), sa.bindparam("lat1", type_=sa.Float)),
                    pl.c.longitude.between(sa.bindparam("lon0", type_=sa.Float), sa.bindparam("lon1", type_=sa.Float)),
                ),
                pl.c.latitude.is_(None),
                pl.c.name == sa.bindparam("loc", type_=pl.c.name.type),
            )
        )
        q = q.where(sa.or_(es.c.place_id.is_(None), es.c.place_id.in_(nearby)))
    day = sa.func.coalesce(es.c.event_date, es.c.published)
    if undated:
        return q.where(day.is_(None)).distinct()
    return q.where(day.between(sa.bindparam("d0", type_=sa.Date), sa.bindparam("d1", type_=sa.Date))).distinct()


@functools.cache
def _undated_sql(by_place: bool, boxed: bool) -> sa.Select[Any]:
    """The events of the reports of family :fam at place :pid or within :lat0..:lat1, :lon0..:lon1."""
    es, pl = S.event_sources, S.places
    near: list[Any] = []
    if by_place:
        near.append(es.c.place_id == sa.bindparam("pid", type_=es.c.place_id.type))
    if boxed:
        box = sa.select(pl.c.id).where(
            pl.c.latitude.between(sa.bindparam("lat0", type_=sa.Float), sa.bindparam("lat1", type_=sa.Float)),
            pl.c.longitude.between(sa.bindparam("lon0", type_=sa.Float), sa.bindparam("lon1", type_=sa.Float)),
        )
        near.append(es.c.place_id.in_(box))
    fam = es.c.family == sa.bindparam("fam", type_=es.c.family.type)
    return sa.select(es.c.event_id).where(fam).where(sa.or_(*near)).distinct()


# Statements built once: SQLAlchemy builds and keys a statement made with .values(...) on every call (~10% of
# the store's time); these compile once and take their values as parameters.
_EVENT_UPDATE = S.events.update().where(S.events.c.id == sa.bindparam("event_key"))


def _box(lat: Any, lon: Any, km: float) -> dict[str, Any] | None:
    """The lat/lon bounds (:lat0..:lat1, :lon0..:lon1) of the box ``km`` around a point, if it has one."""
    if lat is None or lon is None:
        return None
    dlat = km / 110.574
    dlon = km / max(1e-6, 111.320 * _cos(float(lat)))
    return {"lat0": lat - dlat, "lat1": lat + dlat, "lon0": lon - dlon, "lon1": lon + dlon}


def _cos(lat: float) -> float:
    import math

    return math.cos(math.radians(lat))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _json_text(value: Any) -> str:
    """JSON columns as UTF-8 text, not \\u escapes: Arabic takes 2 bytes a letter instead of 6, which halves an
    event record (every source's evidence and claims), and so the time to write, read and decode it."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> sa.Engine:
    """An engine with the settings the store relies on (SQLite: WAL, foreign keys, a busy timeout)."""
    u = sa.make_url(url)
    if u.get_backend_name() == "sqlite":
        kwargs: dict[str, Any] = {"connect_args": {"timeout": 60}}
        memory = u.database in (None, "", ":memory:")
        if memory:
            from sqlalchemy.pool import StaticPool

            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = sa.create_engine(u, json_serializer=_json_text, **kwargs)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                # SQLite's default page cache (2 MB) stops holding the indexes a write touches once the store
                # passes a few hundred MB; each miss is then a read through the OS, a per-document cost that grew
                # with the store (docs/performance.md, "Store linearity"). Filled only as pages are read.
                cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    if u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")  # psycopg 3 is what rasd installs
        return sa.create_engine(u, pool_pre_ping=True, json_serializer=_json_text)
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST/DB")


class MemoryStore(SqlStore):
    """An in-memory store for tests and one-off runs.

    It is the SQL store on an in-memory SQLite database rather than a separate dict-based implementation, so
    the double can never drift from the real store's semantics (dedup, corrections, idempotency).
    """

    def __init__(self) -> None:
        super().__init__("sqlite://")


if TYPE_CHECKING:  # mypy proves the SQL store implements the whole Protocol
    _conforms: CorrectableStore = SqlStore("sqlite://")
