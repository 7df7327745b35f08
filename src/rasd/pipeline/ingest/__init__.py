"""Readers: any source an analyst has (txt, html, jsonl, warc, directories, RSS/Atom files or URLs, stdin)
turned into a stream of :class:`~rasd.model.Document`.

A reader never raises for a bad input: a file that is binary, empty, undecodable, corrupt or too large comes
out as a Document carrying a Drop with a one-line reason, so every input is accounted for in the run's counts.
Ids are content hashes (``rasd.model.content_id``) unless the input gives one, so re-running the same input
gives the same ids on every machine.

Dates: metadata supplied with the input (a JSONL ``published``, a sidecar ``date``) is recorded with
``published_from="input"``; a crawl date (WARC-Date, a sidecar ``date_extracted``) is only a low-trust hint in
``meta["crawl_date"]``; the user's ``published`` is the last fallback. The Extract stage weighs them against
what the page itself says (``rasd.pipeline.extract.pubdate``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rasd.config import Settings
from rasd.config import settings as default_settings
from rasd.model import Document, content_id
from rasd.pipeline.ingest.dates import parse_date, parse_datetime
from rasd.pipeline.ingest.decode import decode

log = logging.getLogger(__name__)

STAGE = "ingest"
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = (".warc", ".warc.gz", ".arc.gz")
FEED_EXT = {".rss", ".atom", ".xml"}
# Files a directory walk skips without a trace: metadata and notes, not articles.
SKIP_EXT = {".json", ".md", ".py", ".csv", ".tsv", ".yaml", ".yml", ".lock"}


def read(
    paths: Sequence[str] | str,
    published: date | None = None,
    *,
    settings: Settings | None = None,
    allow_private: bool | None = None,
    follow_links: bool = True,
) -> Iterator[Document]:
    """Stream Documents from files, directories, ``-`` (stdin) and http(s) feed URLs, in the order given."""
    cfg = settings or default_settings()
    if allow_private is None:
        allow_private = cfg.allow_private_fetch
    if isinstance(paths, str):
        paths = [paths]
    for p in paths:
        if p == "-":
            docs: Iterator[Document] = read_stdin(cfg)
        elif p.startswith(("http://", "https://", "file://", "ftp://")) or "://" in p[:12]:
            from rasd.pipeline.ingest.feeds import read_url

            docs = read_url(p, cfg, allow_private=allow_private, follow_links=follow_links)
        else:
            docs = read_path(Path(p), cfg)
        for doc in docs:
            yield apply_user_date(doc, published)


def apply_user_date(doc: Document, published: date | None) -> Document:
    if published is not None:
        doc.meta["user_published"] = published.isoformat()
        if doc.published is None:
            doc.published, doc.published_from = published, "user"
    return doc


def dropped(path: str, reason: str, detail: str, raw: bytes | None = None, **kw: Any) -> Document:
    doc = Document(id=content_id(raw if raw else path.encode("utf-8", "surrogateescape")), path=path, raw=raw, **kw)
    return doc.reject(STAGE, reason, detail)


def read_path(path: Path, cfg: Settings) -> Iterator[Document]:
    if path.is_dir():
        for sub in sorted(_walk(path)):
            yield from read_path(sub, cfg)
        return
    name = str(path)
    if not path.exists():
        yield dropped(name, "missing", "no such file")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield dropped(name, "unreadable", str(exc))
        return
    low = path.name.lower()
    try:
        if low.endswith(WARC_EXT):
            from rasd.pipeline.ingest.warc import read_warc

            yield from read_warc(path, cfg)
            return
        if path.suffix.lower() in JSONL_EXT:
            yield from read_jsonl(path, cfg)
            return
        if size > cfg.max_document_bytes:
            yield dropped(name, "too_large", f"{size} bytes exceeds the limit of {cfg.max_document_bytes}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield dropped(name, "unreadable", str(exc))
        return
    yield from read_bytes(data, name, cfg, suffix=path.suffix.lower(), sidecar=_sidecar(path))


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            p = Path(dirpath) / f
            if f.startswith(".") or p.suffix.lower() in SKIP_EXT:
                continue
            yield p


def _sidecar(path: Path) -> dict[str, Any]:
    side = path.with_suffix(".json")
    if side == path or not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s: sidecar ignored (%s)", side, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _sniff_kind(data: bytes, suffix: str) -> str:
    if suffix in TEXT_EXT:
        return "txt"
    if suffix in HTML_EXT:
        return "html"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and (
        b"<rss" in head or b"<feed" in head or b"<rdf" in head
    ):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def read_bytes(
    data: bytes, name: str, cfg: Settings, *, suffix: str = "", sidecar: dict[str, Any] | None = None
) -> Iterator[Document]:
    """One file's bytes as Documents (a feed or a JSONL file gives several)."""
    kind = _sniff_kind(data, suffix)
    if kind == "feed" or suffix in {".rss", ".atom"}:
        from rasd.pipeline.ingest.feeds import read_feed_bytes

        yield from read_feed_bytes(data, name, cfg, follow_links=False)
        return
    if kind == "jsonl":
        yield from _jsonl_lines(data.splitlines(), name, cfg)
        return
    dec = decode(data, max_bytes=cfg.max_document_bytes)
    if dec.error:
        yield dropped(name, dec.error[0], dec.error[1], raw=data)
        return
    assert dec.text is not None
    doc = Document(id=content_id(data), path=name, raw=data)
    doc.meta["format"] = kind
    doc.meta["encoding"] = dec.encoding
    doc.meta["decoded_by"] = dec.how
    if kind == "html":
        doc.html = dec.text
    else:
        doc.text = dec.text
    if sidecar:
        _apply_sidecar(doc, sidecar)
    yield doc


def _apply_sidecar(doc: Document, meta: dict[str, Any]) -> None:
    url = meta.get("url_decoded") or meta.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        doc.url = url.split(" ", 1)[0]
    src = meta.get("source") or meta.get("site")
    if isinstance(src, str) and src:
        doc.source = src
    if isinstance(meta.get("title"), str) and meta["title"]:
        doc.meta["input_title"] = meta["title"]
    if isinstance(meta.get("author"), str) and meta["author"]:
        doc.byline = meta["author"]
    d = parse_date(meta.get("date") or meta.get("published"))
    if d:
        doc.published, doc.published_from = d, "input"
    crawl = parse_date(meta.get("date_extracted"))
    if crawl:
        doc.meta["crawl_date"] = crawl.isoformat()
    if isinstance(meta.get("id"), str) and meta["id"].strip():
        # The input's own id, like a JSONL "id": stable, and the name the analyst knows the article by.
        doc.meta["content_id"] = doc.id
        doc.id = meta["id"].strip()


def read_jsonl(path: Path, cfg: Settings) -> Iterator[Document]:
    n = 0
    with path.open("rb") as fh:
        for doc in _jsonl_lines(fh, str(path), cfg):
            n += 1
            yield doc
    if n == 0:
        yield dropped(str(path), "empty", "JSONL file without records")


def _jsonl_lines(lines: Any, name: str, cfg: Settings) -> Iterator[Document]:
    for n, line in enumerate(lines, 1):
        where = f"{name}#L{n}"
        if not line.strip():
            continue
        if len(line) > cfg.max_document_bytes:
            yield dropped(
                where, "too_large", f"line of {len(line)} bytes exceeds the limit of {cfg.max_document_bytes}"
            )
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield dropped(where, "bad_json", f"not a JSON object: {exc}"[:200], raw=line)
            continue
        if not isinstance(rec, dict):
            yield dropped(where, "bad_json", "line is not a JSON object", raw=line)
            continue
        yield from_record(rec, where)


def from_record(rec: dict[str, Any], where: str) -> Document:
    """A Document from the JSONL input contract {"id","text"|"html","url","published","title","source"}."""
    text, html = rec.get("text"), rec.get("html")
    body = html if isinstance(html, str) and html else text if isinstance(text, str) else ""
    rid = rec.get("id")
    doc_id = str(rid) if rid not in (None, "") else content_id(body or json.dumps(rec, sort_keys=True))
    raw = body.encode("utf-8", "surrogatepass") if body else None
    if not _SAFE_ID.match(doc_id):
        # An id that cannot be a store key is hashed; the original is kept in meta.
        doc_id = content_id(doc_id)
        rec = {**rec, "input_id": str(rid)[:200]}
    text, html = _clean(text), _clean(html)
    doc = Document(id=doc_id, path=where, raw=raw)
    doc.meta["format"] = "jsonl"
    if rec.get("input_id"):
        doc.meta["input_id"] = _clean(rec["input_id"])
    if isinstance(html, str) and html:
        doc.html = html
    elif isinstance(text, str):
        doc.text = text
    if not body.strip():
        return doc.reject(STAGE, "empty", "record has no text or html")
    for key in ("url", "title", "source", "byline"):
        v = rec.get(key)
        if isinstance(v, str) and v:
            setattr(doc, key, _clean(v))
    if doc.title:
        doc.meta["input_title"] = doc.title
    d = parse_date(rec.get("published"))
    if d:
        doc.published, doc.published_from = d, "input"
    elif rec.get("published"):
        doc.meta["bad_published"] = str(rec.get("published"))[:80]
    fetched = parse_datetime(rec.get("fetched_at"))
    if fetched:
        doc.fetched_at = fetched
    return doc


# Input ids are kept (gold files name documents "outlet/file"), unless they cannot be a store key: too long
# for the documents.id column, or holding control characters or surrogates.
_SAFE_ID = re.compile("[^\x00-\x1f\x7f\ud800-\udfff]{1,200}\\Z")
# Lone surrogates (JSON "\\ud800" escapes) cannot be written as UTF-8, and PostgreSQL refuses NUL in text:
# both become U+FFFD, one code point for one, so offsets into the text are unchanged.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def _clean(v: Any) -> Any:
    return _UNSAFE.sub("\N{REPLACEMENT CHARACTER}", v) if isinstance(v, str) else v


def read_stdin(cfg: Settings) -> Iterator[Document]:
    data = sys.stdin.buffer.read(cfg.max_document_bytes * 50 + 1)
    yield from read_bytes(data, "-", cfg)


__all__ = ["from_record", "read", "read_bytes", "read_path"]
