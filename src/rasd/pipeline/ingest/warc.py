"""WARC / WARC.gz (Common Crawl News): response records holding HTML, with target URI and WARC-Date.

A corrupt record or a broken gzip member ends the file with one dropped Document that says where it broke;
the records read before it are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from rasd.config import Settings
from rasd.model import Document, content_id
from rasd.pipeline.ingest.dates import parse_date, parse_datetime
from rasd.pipeline.ingest.decode import decode

log = logging.getLogger(__name__)
STAGE = "ingest"


def read_warc(path: Path, cfg: Settings) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    gz = name.lower().endswith(".gz")
    n_ok = 0
    try:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response":
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                if not uri:
                    continue  # a response without a target is no page (warcio yields one from a broken member)
                where = f"{name}#{uri}"
                ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
                if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text")):
                    continue  # images, scripts, PDFs: not articles, and not inputs the analyst meant
                status = rec.http_headers.get_statuscode() if rec.http_headers else "200"
                payload = rec.content_stream().read(cfg.max_document_bytes + 1)
                doc = _doc(payload, where, uri, ctype, rec.rec_headers.get_header("WARC-Date"), cfg)
                short = getattr(rec.raw_stream, "limit", 0)
                if short and len(payload) <= cfg.max_document_bytes:
                    # The record ended before its declared length: a cut or corrupt gzip member.
                    doc.reject(
                        STAGE, "corrupt_gzip" if gz else "corrupt_warc", f"record truncated: {short} bytes missing"
                    )
                if status and not str(status).startswith("2") and doc.drop is None:
                    doc.reject(STAGE, "http_status", f"HTTP status {status}")
                n_ok += 1
                yield doc
    except Exception as exc:  # warcio and zlib raise many types on corrupt archives
        detail = f"corrupt archive after {n_ok} record(s): {type(exc).__name__}: {exc}"[:300]
        reason = "corrupt_gzip" if "gzip" in str(exc).lower() or "zlib" in type(exc).__module__ else "corrupt_warc"
        if type(exc).__name__ in {"BadGzipFile", "error"}:
            reason = "corrupt_gzip"
        doc = Document(id=content_id(f"{name}#corrupt#{n_ok}"), path=f"{name}#corrupt")
        yield doc.reject(STAGE, reason, detail)
        return
    if n_ok == 0 and not (gz and gzip_problem(path)):
        doc = Document(id=content_id(f"{name}#empty"), path=name)
        yield doc.reject(STAGE, "empty", "archive holds no HTML response record")
        return
    if gz:
        # warcio stops silently at a gzip member cut inside its header: check the compression layer itself.
        bad = gzip_problem(path)
        if bad:
            doc = Document(id=content_id(f"{name}#corrupt#{n_ok}"), path=f"{name}#corrupt")
            yield doc.reject(STAGE, "corrupt_gzip", f"after {n_ok} record(s): {bad}")


def gzip_problem(path: Path, chunk: int = 1 << 20) -> str | None:
    """Why the multi-member gzip file at ``path`` is broken, or None when every member is complete."""
    import zlib

    with path.open("rb") as fh:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = b""
        while True:
            data = pending or fh.read(chunk)
            pending = b""
            if not data:
                break
            try:
                d.decompress(data)
            except zlib.error as exc:
                return f"gzip error: {exc}"
            if d.eof:
                pending = d.unused_data
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if not pending:
                    nxt = fh.read(chunk)
                    if not nxt:
                        return None
                    pending = nxt
        if not d.eof:
            return "gzip stream ends inside a member (file cut short)"
    return None


def _doc(payload: bytes, where: str, uri: str, ctype: str | None, warc_date: str | None, cfg: Settings) -> Document:
    doc = Document(id=content_id(payload), path=where, raw=payload, url=uri)
    doc.meta["format"] = "warc"
    fetched = parse_datetime(warc_date)
    if fetched:
        doc.fetched_at = fetched
    crawl = parse_date(warc_date)
    if crawl:
        doc.meta["crawl_date"] = crawl.isoformat()
    dec = decode(payload, content_type=ctype, max_bytes=cfg.max_document_bytes)
    if dec.error:
        return doc.reject(STAGE, dec.error[0], dec.error[1])
    doc.meta["encoding"] = dec.encoding
    doc.meta["decoded_by"] = dec.how
    if ctype and "plain" in ctype.lower():
        doc.text = dec.text or ""
    else:
        doc.html = dec.text
    return doc
