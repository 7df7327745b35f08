"""Outlet and dateline: "داما بوست | أرمينيا", "دبي، الإمارات العربية المتحدة (CNN) --", "القدس - فرانس برس".

The dateline place is where the report was filed: a geocoding hint, never the event location by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.pipeline.extract.furniture import fold

_AR_WORD = r"[\w\u0600-\u06FF]+"
# Up to six words with spaces or commas between them. The separator must not be empty: with an optional one
# (the pattern's first form) a word could be split into pieces in every possible way, and a paragraph that is no
# dateline made the engine try them all (~1 ms an article, most of extract's time on real news). Same language,
# and the same match: the place ends where the "(" or ":" after it stands (tests/extract/test_extract_fast_paths.py).
_PLACE = rf"{_AR_WORD}(?:(?:[ \t]+[\N{{ARABIC COMMA}},]?[ \t]*|[\N{{ARABIC COMMA}},][ \t]*){_AR_WORD}){{0,5}}"
# "دمشق، سوريا (CNN) --", "غزة (الأناضول) -"
_PAREN = re.compile(rf"^(?P<place>{_PLACE})[ \t]*[(（](?P<outlet>[^()（）\n]{{1,30}})[)）][ \t]*(?:[-–—:]+[ \t]*)?")
# "لندن: «الشرق الأوسط»"
_GUILLEMET = re.compile(rf"^(?P<place>{_PLACE})[ \t]*[:/][ \t]*«(?P<outlet>[^»\n]{{2,40}})»[ \t]*(?:[-–—:]+[ \t]*)?")
# "القدس - فرانس برس", "بغداد/ رويترز": the outlet must be a known agency.
_SEP = re.compile(
    rf"^(?P<place>{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,2}})[ \t]*[-–—/:][ \t]*(?P<outlet>[^\n:،,\-–—]{{2,30}}?)[ \t]*(?:[-–—:]|\N{{ARABIC COMMA}}|$)"
)
# A line of its own: "OUTLET | PLACE"
_PIPE = re.compile(r"^\s*(?P<a>[^|\n]{2,40}?)\s*\|\s*(?P<b>[^|\n]{2,40}?)\s*$")


@dataclass(slots=True)
class Dateline:
    place: str | None
    outlet: str | None
    start: int
    end: int  # the dateline prefix/line, as offsets into the text


@cache
def _agencies() -> dict[str, str]:
    from rasd.resources import load

    data = load("ar/outlets.yaml")
    out: dict[str, str] = {}
    for canon, names in data["agencies"].items():
        for n in names:
            out[fold(str(n))] = str(canon)
    return out


def known_outlet(s: str) -> str | None:
    key = fold(s)
    ag = _agencies()
    if key in ag:
        return ag[key]
    # "وكالة فرانس برس", "مراسل الجزيرة": an agency name at the end of a short phrase.
    parts = key.split()
    for k in range(1, min(len(parts), 4)):
        tail = " ".join(parts[k:])
        if tail in ag:
            return ag[tail]
    return None


def _short(s: str, n: int = 4) -> bool:
    return 0 < len(s.split()) <= n and not re.search(r"[.!?؟]", s)


def pipe_line(line: str) -> tuple[str, str] | None:
    """(outlet, place) of an "OUTLET | PLACE" line, or None."""
    m = _PIPE.match(line)
    if not m:
        return None
    a, b = m.group("a").strip(), m.group("b").strip()
    if not (_short(a) and _short(b)):
        return None
    if known_outlet(b) and not known_outlet(a):
        a, b = b, a
    return a, b


def is_credit_line(line: str) -> bool:
    """A line naming only sources: "فرانس 24/ أ ف ب/ رويترز", "(رويترز)", "المصدر: وكالات"."""
    parts = [p.strip(" ()[]:.") for p in re.split(r"[/|،,\-–—]", line) if p.strip(" ()[]:.")]
    return bool(parts) and len(parts) <= 6 and all(known_outlet(p) for p in parts)


def is_dateline_line(line: str) -> bool:
    return pipe_line(line) is not None


def parse_line(text: str, start: int, end: int) -> Dateline | None:
    got = pipe_line(text[start:end])
    if not got:
        return None
    return Dateline(place=got[1], outlet=got[0], start=start, end=end)


def parse_prefix(text: str, start: int, end: int) -> Dateline | None:
    """A dateline at the start of the first paragraph, ``[start, end)``."""
    para = text[start : min(end, start + 200)]
    for rx in (_PAREN, _GUILLEMET):
        m = rx.match(para)
        if m and len(m.group("place").split()) <= 6:
            outlet = m.group("outlet").strip()
            if rx is _PAREN and not (known_outlet(outlet) or re.fullmatch(r"[A-Za-z .]{2,20}", outlet)):
                continue  # "(40 كم غرب إدلب)": a parenthesis, not an outlet
            return Dateline(m.group("place").strip(" \t،,"), outlet, start, start + m.end())
    m = _SEP.match(para)
    if m:
        outlet = m.group("outlet").strip()
        # "بغداد - وكالة الرصد: قتل..." : an unknown outlet is accepted when a colon closes the dateline.
        closed = para[m.end() - 1 : m.end()] == ":" or para[m.end() : m.end() + 1] == ":"
        place: str | None = m.group("place").strip()
        if place and known_outlet(place):
            place = None  # "أ ف ب - رويترز:": two credits, no place
        if known_outlet(outlet) or (closed and len(outlet.split()) <= 3 and not re.search(r"\d", outlet)):
            return Dateline(place, outlet, start, start + m.end())
    return None


def parse_byline(byline: str) -> Dateline | None:
    """The dateline some outlets put in the author field: "لندن: «الشرق الأوسط أونلاين»"."""
    d = parse_prefix(byline, 0, len(byline))
    return d
