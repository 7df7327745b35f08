"""The ``extract`` stage: the article alone, with its title, outlet, dateline, true date and language.

For HTML it extracts the main text (``extract.html``) under a time and size limit (safety mode); for all text,
HTML-derived or crawled plain text, it cuts page furniture into labelled segments without changing a single
character of the text (``extract.furniture``), reads the outlet and dateline (``extract.dateline``), chooses the
publication date by trust (``extract.pubdate``), identifies the language (non-Arabic documents are kept,
marked and dropped from coding as ``not_arabic``) and drops documents seen before in the run (``duplicate``),
recording near-duplicates.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rasd.config import Settings
from rasd.config import settings as default_settings
from rasd.model import Document, Segment, Span
from rasd.pipeline.base import Stage
from rasd.pipeline.extract import dateline as dl
from rasd.pipeline.extract import furniture, pubdate
from rasd.pipeline.extract.dedup import Seen
from rasd.pipeline.extract.langid import detect
from rasd.pipeline.ingest.decode import decode, sniff_binary

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HTML_END = re.compile(r"</(html|body)\s*>", re.I)


class Extract(Stage):
    name: ClassVar[str] = "extract"
    needs: ClassVar[tuple[str, ...]] = ()
    fills: ClassVar[tuple[str, ...]] = (
        "text",
        "title",
        "byline",
        "source",
        "canonical_url",
        "segments",
        "dateline",
        "published",
        "published_from",
        "language",
    )

    def __init__(self, settings: Settings | None = None, *, dedup: bool = True, min_words: int = 5) -> None:
        self.settings = settings or default_settings()
        self.dedup = dedup
        self.min_words = min_words
        self.seen = Seen()

    def process(self, doc: Document) -> Document:
        if not self._ensure_decoded(doc):
            return doc
        html_dates: list = []
        if doc.html is not None and not doc.text:
            html_dates = self._from_html(doc)
            if doc.drop is not None:
                return doc
        if not doc.text.strip():
            return doc.reject(self.name, "empty", "no text")
        if _CTRL.search(doc.text[:4096]) and sniff_binary(doc.text[:4096].encode("utf-8", "replace")):
            return doc.reject(self.name, "binary", "text holds control characters: binary content")
        seg_keys = self._segment(doc)
        body = "\n".join(s.span.text for s in doc.segments if s.kind == "body")
        # The body texts' keys from their lines' (folded by the furniture cut already) for the date header test
        # and dedup, which fold them again (one fold of the whole body an article: ~0.04 ms)
        keys = dict(seg_keys)
        keys[body] = " ".join(k for _t, k in seg_keys if k)
        furniture.remember_keys(keys)
        pubdate.choose(doc, html_dates)
        doc.language = detect(body or doc.text)
        if len(body.split()) < self.min_words:
            return doc.reject(
                self.name, "no_article", f"only {len(body.split())} word(s) of article text after furniture"
            )
        if doc.language != "ar":
            return doc.reject(self.name, "not_arabic", f"language {doc.language or 'unknown'}; kept, not coded")
        if self.dedup:
            dup, near = self.seen.check(doc.id, doc.canonical_url or doc.url, body)
            if dup is not None:
                doc.duplicate_of = dup
                return doc.reject(self.name, "duplicate", f"same {self.seen.last_match} as {dup}")
            doc.near_duplicates = near
        return doc

    def _ensure_decoded(self, doc: Document) -> bool:
        if doc.html is not None or doc.text or not doc.raw:
            return True
        dec = decode(doc.raw, max_bytes=self.settings.max_document_bytes)
        if dec.error:
            doc.reject(self.name, dec.error[0], dec.error[1])
            return False
        txt = dec.text or ""
        if txt.lstrip()[:1] == "<":
            doc.html = txt
        else:
            doc.text = txt
        return True

    def _from_html(self, doc: Document) -> list:
        from rasd.pipeline.extract.html import extract_html
        from rasd.pipeline.extract.safety import PageTimeout, time_limit

        html = doc.html or ""
        limit = self.settings.max_document_bytes
        if len(html) > limit:
            doc.reject(self.name, "too_large", f"page of {len(html)} characters exceeds the limit of {limit}")
            return []
        if not html.strip():
            doc.reject(self.name, "empty", "empty page")
            return []
        try:
            with time_limit(self.settings.html_timeout_s):
                res = extract_html(html, doc.url)
        except PageTimeout as exc:
            doc.reject(self.name, "timeout", str(exc))
            return []
        truncated = not _HTML_END.search(html[-2000:])
        if truncated:
            doc.meta["truncated"] = True
        if not res.text.strip():
            reason, why = (
                ("truncated", "HTML cut off before any article text")
                if truncated
                else ("no_text", "no main text found in the page")
            )
            doc.reject(self.name, reason, why)
            return []
        doc.meta["extractor"] = res.method
        title = doc.title or res.title
        text = res.text
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
        doc.text = text
        doc.title = title
        doc.byline = doc.byline or res.byline
        doc.canonical_url = res.canonical_url or doc.canonical_url
        if res.sitename and not doc.source:
            doc.meta["sitename"] = res.sitename
        return res.dates

    def _segment(self, doc: Document) -> list[tuple[str, str]]:
        """Cut the furniture and read the dateline; returns each body segment's text and its key (furniture.fold),
        in order."""
        title = doc.title or doc.meta.get("input_title")
        c = furniture.cut(
            doc.text, title=title, byline=doc.byline, dateline_line=dl.is_dateline_line, credit_line=dl.is_credit_line
        )
        segs = c.segments
        doc.title = doc.title or c.title
        found: dl.Dateline | None = None
        for i, s in enumerate(segs):
            if s.kind == "dateline":
                found = dl.parse_line(doc.text, s.span.start, s.span.end)
                break
            if s.kind == "body":
                found = dl.parse_prefix(doc.text, s.span.start, s.span.end)
                if found is not None:
                    head = Segment(Span.of(doc.text, found.start, found.end), "dateline")
                    rest_start = found.end
                    while rest_start < s.span.end and doc.text[rest_start].isspace():
                        rest_start += 1
                    rest = (
                        [Segment(Span.of(doc.text, rest_start, s.span.end), "body")] if rest_start < s.span.end else []
                    )
                    segs = [*segs[:i], head, *rest, *segs[i + 1 :]]
                break
        if found is None and doc.byline:
            found = dl.parse_byline(doc.byline)
        if found is not None:
            doc.dateline = found.place or doc.dateline
            if found.outlet and not doc.source:
                doc.source = (dl.known_outlet(found.outlet) and found.outlet) or found.outlet
            elif found.outlet:
                doc.meta["dateline_outlet"] = found.outlet
        if not doc.source:
            doc.source = doc.meta.get("sitename") or doc.meta.get("feed_title")
        doc.segments = segs
        doc.meta["furniture_rules"] = furniture.rules().version
        return [
            (s.span.text, furniture.span_key(doc.text, s.span.start, s.span.end, c.body_keys))
            for s in segs
            if s.kind == "body"
        ]


__all__ = ["Extract"]
