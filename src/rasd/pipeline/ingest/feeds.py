"""RSS/Atom feeds (feedparser), from a file or fetched from a URL, and single pages fetched by URL.

From a file, each entry becomes a Document of its own content (``content:encoded`` or the summary). From a
URL, each entry's linked article page is fetched (robots.txt honoured, one host at a time, with a delay),
and the entry's own date is kept as ``published_from="feed"``; when the page cannot be fetched the entry's
summary stands in, marked ``meta["summary_only"]``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from rasd.config import Settings, home
from rasd.model import Document, content_id
from rasd.pipeline.ingest.decode import decode
from rasd.pipeline.ingest.fetch import Fetcher, FetchError

log = logging.getLogger(__name__)
STAGE = "ingest"


def _is_feed(data: bytes, ctype: str | None) -> bool:
    if ctype and any(t in ctype.lower() for t in ("rss", "atom", "/xml", "+xml")):
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)) or head.startswith(
        (b"<rss", b"<feed")
    )


def make_fetcher(cfg: Settings, allow_private: bool) -> Fetcher:
    return Fetcher(
        allow_private=allow_private,
        timeout=cfg.html_timeout_s,
        max_bytes=cfg.max_document_bytes,
        # Seconds between two requests to one host (robots.txt Crawl-delay raises it).
        delay=float(os.environ.get("RASD_FETCH_DELAY", "1.0")),
        cache_path=home() / "fetch-cache.json",
    )


def read_url(
    url: str, cfg: Settings, *, allow_private: bool = False, follow_links: bool = True, fetcher: Fetcher | None = None
) -> Iterator[Document]:
    own = fetcher is None
    f = fetcher or make_fetcher(cfg, allow_private)
    try:
        try:
            resp = f.get(url)
        except FetchError as exc:
            yield Document(id=content_id(url), path=url, url=url).reject(STAGE, exc.reason, exc.detail)
            return
        if resp.not_modified:
            log.info("%s not modified since the last run", url)
            return
        if _is_feed(resp.body, resp.content_type):
            yield from read_feed_bytes(resp.body, url, cfg, follow_links=follow_links, fetcher=f)
        else:
            yield _page_doc(resp.body, resp.url, resp.content_type, cfg, path=url)
    finally:
        if own:
            f.close()


def _page_doc(body: bytes, url: str, ctype: str | None, cfg: Settings, path: str) -> Document:
    doc = Document(id=content_id(body), path=path, raw=body, url=url, fetched_at=datetime.now(UTC))
    doc.meta["format"] = "html"
    dec = decode(body, content_type=ctype, max_bytes=cfg.max_document_bytes)
    if dec.error:
        return doc.reject(STAGE, dec.error[0], dec.error[1])
    doc.meta["encoding"] = dec.encoding
    if ctype and "text/plain" in ctype.lower():
        doc.text = dec.text or ""
    else:
        doc.html = dec.text
    return doc


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def read_feed_bytes(
    data: bytes, name: str, cfg: Settings, *, follow_links: bool = False, fetcher: Fetcher | None = None
) -> Iterator[Document]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        why = str(parsed.get("bozo_exception") or "no entries")[:200]
        yield Document(id=content_id(data or name.encode()), path=name, raw=data).reject(STAGE, "bad_feed", why)
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(entries):
        link = entry.get("link")
        where = f"{name}#{link or i}"
        pub = _entry_date(entry)
        doc: Document | None = None
        if follow_links and fetcher is not None and isinstance(link, str) and link.startswith(("http://", "https://")):
            try:
                resp = fetcher.get(link, conditional=False)
                doc = _page_doc(resp.body, resp.url, resp.content_type, cfg, path=where)
            except FetchError as exc:
                log.info("feed entry %s: %s", link, exc.detail)
                doc = None
                fail = (exc.reason, exc.detail)
        if doc is None:
            doc = _entry_doc(entry, where, cfg)
            if follow_links and fetcher is not None and link:
                doc.meta["summary_only"] = True
                doc.meta["fetch_error"] = f"{fail[0]}: {fail[1]}" if "fail" in locals() else ""
        doc.url = doc.url or link
        if outlet and not doc.source:
            doc.meta["feed_title"] = outlet
        if entry.get("title"):
            doc.meta["input_title"] = entry.get("title")
        if pub:
            doc.published, doc.published_from = pub, "feed"
        yield doc


def _entry_doc(entry: Any, where: str, cfg: Settings) -> Document:
    content = ""
    for c in entry.get("content") or []:
        if c.get("value") and len(c["value"]) > len(content):
            content = c["value"]
    content = content or entry.get("summary") or ""
    title = entry.get("title") or ""
    body = content.encode("utf-8")
    doc = Document(id=content_id(body or where.encode()), path=where, raw=body)
    doc.meta["format"] = "feed"
    if not content.strip():
        return doc.reject(STAGE, "empty", "feed entry has no content")
    if len(body) > cfg.max_document_bytes:
        return doc.reject(STAGE, "too_large", f"entry of {len(body)} bytes")
    # Feed entries carry HTML fragments; the title goes on top so the page-level extraction keeps it.
    doc.html = f"<html><head><title>{_esc(title)}</title></head><body><h1>{_esc(title)}</h1>{content}</body></html>"
    doc.title = title or None
    return doc


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
