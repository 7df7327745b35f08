"""Main text and metadata from an HTML page: trafilatura first, readability-lxml when it returns too little.

trafilatura runs in ``fast`` mode (its own fallbacks off) so that exactly one extractor runs on a normal page;
readability only runs when trafilatura's text is short, which keeps the throughput near 50-70 pages/s/core.
Dates are taken from metadata only (htmldate without extensive search): a date found anywhere in the page
text may be a ticker's or a comment's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from rasd.pipeline.ingest.dates import parse_date

MIN_CHARS = 250  # below this trafilatura has probably missed the article: try readability
_LDJSON = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_CANONICAL = re.compile(r"<link[^>]+rel=[\"']?canonical[\"']?[^>]*>", re.I)
_HREF = re.compile(r"href=[\"']([^\"']+)[\"']", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}


@dataclass(slots=True)
class HtmlResult:
    text: str = ""
    title: str | None = None
    byline: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None
    method: str = ""
    dates: list[tuple[date, str]] = field(default_factory=list)  # (date, "html-meta" | "json-ld")


# Pages above this size lose scripts, styles and comments before parsing (they are most of a huge page's
# bytes and never article text), and skip the readability fallback, which would parse them a second time.
BIG_PAGE = 1_000_000
_STRIP = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
MAX_TREE = 300_000  # lxml nodes; a hostile page with millions of nested tags is refused by trafilatura


@cache
def _config() -> Any:
    from trafilatura.settings import use_config

    cfg = use_config()
    cfg.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE))
    cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # our own limit (safety.time_limit) applies; no second signal
    return cfg


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    import trafilatura

    res = HtmlResult()
    big = len(html) > BIG_PAGE
    if big:
        html = _STRIP.sub(" ", html)
    # Metadata comes from our own cheap reads of <meta>, <title> and JSON-LD: trafilatura's metadata pass
    # (author heuristics, htmldate) costs about a third of its time per page.
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=False,
        config=_config(),
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    metas = _metas(html)
    res.title = _clean_title(metas.get("og:title") or _title_tag(html))
    res.byline = metas.get("author") or metas.get("article:author") or metas.get("dc.creator") or None
    if res.byline and res.byline.startswith(("http://", "https://")):
        res.byline = None
    res.sitename = metas.get("og:site_name") or metas.get("application-name") or None
    own = _meta_date(html)
    if own:
        res.dates.append((own, "html-meta"))
    elif not _LDJSON.search(html[:500_000]):
        from htmldate import find_date

        try:
            guess = find_date(html, url=url, extensive_search=False, original_date=True)
        except Exception:  # htmldate on odd trees: no guess then
            guess = None
        d = parse_date(guess)
        if d:
            # htmldate ranks a date in the URL above the page's markup; with no publication markup of our
            # own to confirm it, its answer is a guess that pubdate.choose weighs as URL or text evidence.
            res.dates.append((d, "html-guess"))
    res.method = "trafilatura"
    if len(text) < MIN_CHARS and not big:
        alt, alt_title = _readability(html)
        if len(alt) > len(text):
            text, res.method = alt, "readability"
            res.title = res.title or alt_title
    res.text = text
    res.canonical_url = _canonical(html)
    d = _jsonld_date(html)
    if d:
        res.dates.append((d, "json-ld"))
    return res


def _readability(html: str) -> tuple[str, str | None]:
    from lxml import html as lhtml
    from readability import Document as RDoc

    try:
        rd = RDoc(html)
        summary = rd.summary(html_partial=True)
        title = rd.short_title() or None
    except Exception:  # readability raises on empty or odd trees; no text then
        return "", None
    try:
        tree = lhtml.fromstring(summary)
    except Exception:
        return "", title
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in tree.text_content().split("\n")]
    return "\n".join(ln for ln in lines if ln), title


_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_META_NAME = re.compile(r"(?:property|name|itemprop)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_META_CONTENT = re.compile(r"content\s*=\s*[\"']([^\"']+)[\"']", re.I)
_PUB_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SEP = re.compile(r"\s+[|\-–—:]\s+")


def _title_tag(html: str) -> str | None:
    import html as htmlmod

    m = _TITLE.search(html[:200_000])
    return " ".join(htmlmod.unescape(m.group(1)).split()) if m else None


def _clean_title(title: str | None) -> str | None:
    """Drop the site name that pages append to their title ("... - CNNArabic.com", "... | الجزيرة نت")."""
    if not title:
        return None
    parts = _TITLE_SEP.split(title)
    if len(parts) > 1:
        return max(parts, key=len).strip() or None
    return title.strip() or None


def _metas(html: str) -> dict[str, str]:
    import html as htmlmod

    out: dict[str, str] = {}
    for tag in _META_TAG.findall(html[:300_000]):
        n = _META_NAME.search(tag)
        c = _META_CONTENT.search(tag)
        if n and c:
            out.setdefault(n.group(1).strip().lower(), " ".join(htmlmod.unescape(c.group(1)).split()))
    return out


def _meta_date(html: str) -> date | None:
    """The publication date declared in the page's <meta> tags (article:published_time and kin)."""
    found: dict[str, date] = {}
    for tag in _META_TAG.findall(html[:300_000]):
        n = _META_NAME.search(tag)
        c = _META_CONTENT.search(tag)
        if not n or not c:
            continue
        name = n.group(1).strip().lower()
        if name in _PUB_NAMES and name not in found:
            d = parse_date(c.group(1))
            if d:
                found[name] = d
    for name in _PUB_NAMES:
        if name in found:
            return found[name]
    return None


def _canonical(html: str) -> str | None:
    m = _CANONICAL.search(html[:200_000])
    if not m:
        m2 = re.search(r"<meta[^>]+property=[\"']og:url[\"'][^>]*>", html[:200_000], re.I)
        if not m2:
            return None
        c = re.search(r"content=[\"']([^\"']+)[\"']", m2.group(0))
        return c.group(1) if c else None
    h = _HREF.search(m.group(0))
    return h.group(1) if h else None


def _jsonld_date(html: str) -> date | None:
    for m in _LDJSON.finditer(html[:500_000]):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        d = _find_key(data, "datePublished")
        if d:
            return parse_date(d)
    return None


def _find_key(obj: object, key: str, depth: int = 0) -> str | None:
    if depth > 6:
        return None
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, str):
            return v
        for sub in obj.values():
            r = _find_key(sub, key, depth + 1)
            if r:
                return r
    elif isinstance(obj, list):
        for sub in obj[:50]:
            r = _find_key(sub, key, depth + 1)
            if r:
                return r
    return None
