"""The publication date, from the most trusted evidence available, and where it came from.

Trust order (lower rank wins): the input's own metadata (JSONL ``published``, a sidecar ``date``) and the
feed entry's date; then HTML metadata (htmldate, no extensive search); JSON-LD; the URL path
(/2018/05/17/); a dated phrase in the page header ("نشر في ..."); the crawl date (WARC-Date); and last the
user's ``--published``. A crawl date is refused when the article's own text only speaks of earlier years:
the seed page was crawled in December 2024 (its ticker says so) but describes September 2023.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from rasd.model import Document
from rasd.pipeline.extract.furniture import fold
from rasd.pipeline.ingest.dates import parse_date

RANK = {"input": 0, "feed": 0, "html-meta": 1, "json-ld": 2, "url": 3, "text": 4, "warc": 5, "crawl": 5, "user": 6}

_URL_YMD = re.compile(r"/((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?=[/_.-]|$)")
_URL_COMPACT = re.compile(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?=[/_.-]|$)")
_NUM_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?!\d)")
_NUM_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
# "منذ 23 سبتمبر 2014": a starting point of a long story, not a recent date.
_SINCE = re.compile(r"(?:\N{ARABIC LETTER MEEM}\N{ARABIC LETTER NOON}\N{ARABIC LETTER THAL}|since)\s*$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@cache
def _month_rx() -> tuple[re.Pattern[str], dict[str, int], tuple[str, ...]]:
    from rasd.resources import load

    data = load("ar/datelines.yaml")
    names: dict[str, int] = {}
    for num, words in data["months"].items():
        for w in words:
            names[fold(str(w))] = int(num)
    alt = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    rx = re.compile(rf"(?<!\d)(\d{{1,2}}) ?(?:{alt})(?: (?:{alt}))? ?,? ?((?:19|20)\d\d)(?!\d)")
    markers = tuple(fold(str(m)) for m in data["published_markers"])
    return rx, names, markers


def date_in(s: str) -> date | None:
    """The first full date (day, month, year) written in ``s``: numeric or with a month name."""
    s = s.translate(_DIGITS)
    m = _NUM_YMD.search(s)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUM_DMY.search(s)
    if m:
        return _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    rx, names, _ = _month_rx()
    key = fold(s)
    m = rx.search(key)
    if m:
        mon = None
        for name, num in names.items():
            if name in m.group(0):
                mon = num
                break
        if mon:
            return _mk(int(m.group(2)), mon, int(m.group(1)))
    return None


def url_date(url: str | None) -> date | None:
    if not url:
        return None
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path)
    m = _URL_YMD.search(path) or _URL_COMPACT.search(path)
    return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def header_date(doc: Document) -> date | None:
    """A date the page states about itself: next to "نشر في"-like words, or in a header line before the body."""
    _, _, markers = _month_rx()
    first_body = next((s.span.start for s in doc.segments if s.kind == "body"), len(doc.text))
    for seg in doc.segments:
        if seg.span.start > first_body + 400:
            break
        if seg.kind == "furniture" and seg.reason not in {"header", "byline"}:
            continue
        txt = seg.span.text
        key = fold(txt)
        near_marker = any(m in key for m in markers)
        if seg.kind == "furniture" or near_marker:
            d = date_in(txt[:300])
            if d:
                return d
    return None


def body_dates(doc: Document) -> list[date]:
    """Every full date (day, month, year) written in the article body, numeric or with a month name."""
    rx, names, _ = _month_rx()
    out: list[date] = []
    for sp in doc.body_spans():
        s = sp.text.translate(_DIGITS)
        for m in _NUM_YMD.finditer(s):
            d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d and not _SINCE.search(s[max(0, m.start() - 12) : m.start()]):
                out.append(d)
        for m in _NUM_DMY.finditer(s):
            d = _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if d and not _SINCE.search(s[max(0, m.start() - 12) : m.start()]):
                out.append(d)
        key = fold(s)
        for m in rx.finditer(key):
            mon = next((num for name, num in names.items() if name in m.group(0)), None)
            d = _mk(int(m.group(2)), mon, int(m.group(1))) if mon else None
            if d and not _SINCE.search(key[max(0, m.start() - 12) : m.start()]):
                out.append(d)
    return out


def choose(doc: Document, html_dates: list[tuple[date, str]]) -> None:
    """Set ``doc.published`` / ``published_from`` to the most trusted candidate."""
    cands: list[tuple[int, date, str]] = []
    if doc.published is not None and doc.published_from:
        cands.append((RANK.get(doc.published_from, 6), doc.published, doc.published_from))
    u = url_date(doc.canonical_url) or url_date(doc.url)
    for d, how in html_dates:
        if how == "html-guess":
            # htmldate found no date markup: its answer came from the URL (then say so) or from the page text,
            # which may be a ticker's date, so it ranks with the header text only.
            if d == u:
                continue
            how = "text"
        cands.append((RANK[how], d, how))
    if u:
        cands.append((RANK["url"], u, "url"))
    h = header_date(doc)
    if h:
        cands.append((RANK["text"], h, "text"))
    crawl = parse_date(doc.meta.get("crawl_date"))
    if crawl:
        # The article's own latest full date long before the crawl means an older page crawled later: the
        # crawl date is then no publication date (a year alone, "since 2014", proves nothing).
        dates = body_dates(doc)
        if dates and (crawl - max(dates)).days > 60:
            doc.meta["crawl_date_refused"] = (
                f"crawl date {crawl} is long after the latest date the article gives ({max(dates)})"
            )
        else:
            cands.append((RANK["warc"], crawl, "warc" if doc.meta.get("format") == "warc" else "crawl"))
    user = parse_date(doc.meta.get("user_published"))
    if user:
        cands.append((RANK["user"], user, "user"))
    if not cands:
        doc.published, doc.published_from = None, None
        return
    cands.sort(key=lambda c: c[0])
    _, d, how = cands[0]
    doc.published, doc.published_from = d, how
    others = sorted({(h2, d2.isoformat()) for _, d2, h2 in cands[1:] if d2 != d})
    if others:
        doc.meta["published_other"] = dict(others)


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1900 <= y <= 2100 else None
    except ValueError:
        return None
