"""Dates in Arabic news text: absolute (every regional month family, Hijri, numeric) and relative to publication.

``find_dates(text, published)`` runs a handful of regular expressions, compiled once from the resource files
(``months.yaml``, ``relative_dates.yaml``), over the normalized key, and resolves each hit to a ``date`` with
ACLED's time precision (1 day, 2 week, 3 month). Relative expressions need ``published``; without it only
absolute dates with a year are returned.

Why not dateparser per sentence: it takes ~3 ms a call here and misses أيلول/تشرين/آذار and "أمس الثلاثاء";
the regexes cost microseconds per sentence. The tests check our Egyptian/Maghrebi month table against
dateparser's Arabic locale, so the two stay consistent where they overlap.

Resolution rules (GUIDELINE.md): أمس = P - 1; a weekday = the latest such day on or before P (with الماضي:
strictly before); a month without a year = its latest occurrence not after P's month (with الماضي: before);
a month-only date is coded on the 15th with precision 3; الأسبوع الماضي = P - 7 with precision 2.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

# the standard library's regex parser (Python >= 3.11), to bound the extent of a pattern's matches (_gaps)
from re import _constants as _sre  # type: ignore[attr-defined]
from re._parser import parse as _sre_parse
from typing import Any

from rasd import resources
from rasd.lang.ar.normalize import TextView, fold, normalize

MONTHS = "ar/months.yaml"
RELATIVE = "ar/relative_dates.yaml"


@dataclass(slots=True, frozen=True)
class DateRef:
    start: int
    end: int
    date: date
    precision: int  # 1 day, 2 week, 3 month
    kind: str  # absolute | relative | weekday
    text: str = ""
    calendar: str = "gregorian"  # gregorian | hijri
    future: bool = False


def _alt(words: list[str]) -> str:
    """A regex alternation of key-form words, longest first, internal spaces matching any whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts) + ")"


def _norm_ws(s: str) -> str:
    return " ".join(s.split())


@dataclass(slots=True)
class _Tables:
    month_of: dict[str, int]  # key month name -> 1..12 (gregorian, any family)
    hijri_of: dict[str, int]
    ambiguous: frozenset[str]
    weekday_of: dict[str, int]
    day_offset: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    current: frozenset[str]
    periods: dict[str, dict[str, int]]
    ago_units: dict[str, dict[str, int]]
    ago_vague: int
    unit_words: dict[str, int]
    ordinal_of: dict[str, int]
    month_part: dict[str, str]
    re_abs: re.Pattern[str]
    re_month: re.Pattern[str]
    re_num: re.Pattern[str]
    re_hijri: re.Pattern[str]
    re_rel: re.Pattern[str]
    re_wd: re.Pattern[str]
    re_period: re.Pattern[str]
    re_ago: re.Pattern[str]
    re_thismonth: re.Pattern[str]
    anchors: dict[str, tuple[str, ...]]
    re_not_today: re.Pattern[str]
    after_midnight: frozenset[str]


B = r"(?<![^\W_])"  # left word boundary (letters/digits)
E = r"(?![^\W_])"  # right word boundary


@cache
def _tables() -> _Tables:
    m = resources.load(MONTHS)
    r = resources.load(RELATIVE)
    month_of: dict[str, int] = {}
    for family in m["gregorian"].values():
        for i, names in enumerate(family):
            for name in names:
                month_of[fold(name)] = i + 1
    hijri_of = {fold(n): i + 1 for i, names in enumerate(m["hijri"]) for n in names}
    ambiguous = frozenset(fold(x) for x in m["ambiguous"])
    weekday_of = {fold(k): int(v) for k, v in r["weekdays"].items()}
    day_offset = {fold(k): int(v) for k, v in r["days"].items()}
    past = frozenset(fold(x) for x in r["past"])
    future = frozenset(fold(x) for x in r["future"])
    current = frozenset(fold(x) for x in r["current"])
    periods = {fold(k): dict(v) for k, v in r["periods"].items()}
    ago_units = {fold(k): dict(v) for k, v in r["ago_units"].items()}
    from rasd.lang.ar import numbers

    w = numbers._words()
    unit_words = {k: v for k, (cls, v) in w.terms.items() if cls in ("unit", "ten", "tens")}

    month = _alt(list(month_of))
    hmonth = _alt(list(hijri_of))
    gmark = _alt([fold(x) for x in m["gregorian_year_marks"]])
    hmark = _alt([fold(x) for x in m["hijri_year_marks"]])
    # between two names of one month: آذار/مارس, آذار (مارس), مايو أيار
    sep = r"(?:\s*(?:/|\\|-|\(|,)\s*|\s+)"
    pair = rf"(?P<m1>{month})(?:{sep}(?P<m2>{month})\s*\)?)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    ordinal_of = {fold(n): i + 1 for i, names in enumerate(m["day_ordinals"]) for n in names}
    month_part = {fold(k): str(v) for k, v in m["month_parts"].items()}
    # "الـ17 من مارس" (the tatweel folded away): the article may stand before a day number
    day = rf"(?:(?:[وب]?ال\s*)?(?P<day>[12]\d|3[01]|0?[1-9])|(?P<dord>{_alt(list(ordinal_of))}))"
    mpart = rf"(?:(?P<mpart>{_alt(list(month_part))})\s+)?"
    wd = _alt(list(weekday_of))
    pastw = _alt([*past, *future])
    parts = _alt([fold(x) for x in r["day_parts"]])
    proc = r"(?:[وبلف]|ل?ل)?"

    cur = _alt([*past, *future, *current])
    # a second day ("يومي 3 و4 أفريل", "ليلة 3-4 أيار") is skipped: the date is the first day
    day2 = r"(?:\s*(?:و|-|/)\s*(?:ال\s*)?(?:[12]\d|3[01]|0?[1-9]))?"
    # "الأربعاء 17/ نيسان/ أبريل": a slash may stand between the day and the month's names, as between the names
    re_abs = re.compile(
        rf"{B}{day}{day2}\s*(?:/\s*)?(?:من\s+)?(?:شهر\s+)?[وب]?{pair}(?:\s*(?:,\s*)?(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?{year}{E}(?:\s*{gmark}{E})?|\s+(?P<past>{cur}){E})?{E}"
    )
    re_month = re.compile(
        rf"{B}{proc}{mpart}(?P<shahr>شهر\s+|شهري\s+)?{pair}(?:\s*(?:,\s*)?(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?{year}{E}(?:\s*{gmark}{E})?|\s+(?P<past>{cur}){E})?{E}"
    )
    re_num = re.compile(
        rf"{B}(?:(?P<d>[12]\d|3[01]|0?[1-9])(?P<s>[/.-])(?P<mo>1[0-2]|0?[1-9])(?P=s)(?P<y>(?:19|20)\d\d)"
        rf"|(?P<y2>(?:19|20)\d\d)-(?P<mo2>1[0-2]|0[1-9])-(?P<d2>[12]\d|3[01]|0[1-9])"
        # "يوم 2015/7/19م": year first with slashes or dots, the Gregorian mark written onto the day
        rf"|(?P<y3>(?:19|20)\d\d)(?P<s3>[/.])(?P<mo3>1[0-2]|0?[1-9])(?P=s3)(?P<d3>[12]\d|3[01]|0?[1-9]))(?:م)?{E}"
    )
    # A Hijri date needs a day, or a year with a Hijri mark (رمضان 1444 هـ, month precision): a bare رمضان or صفر
    # is a season or a word ("zero"), not a date.
    re_hijri = re.compile(
        rf"{B}(?:{day}\s*(?:من\s+)?)?(?:شهر\s+)?(?P<hm>{hmonth})(?:\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<hyear>1[34]\d\d))?(?:\s*(?P<hmark>{hmark}){E})?{E}"
    )
    re_rel = re.compile(
        rf"{B}[وف]?(?:(?P<part>{parts})\s+)?(?P<rel>{_alt(list(day_offset))})"
        rf"(?:\s*(?:,\s*)?(?P<wd>{wd})|\s*\(\s*(?P<wdb>{wd})\s*\))?{E}"  # "اليوم الأحد", "اليوم (الأحد)"
    )
    re_wd = re.compile(
        rf"{B}[وبلف]?(?:(?P<part>{parts})\s+)?(?P<wd>{wd})(?:\s*(?:-|/|و|الي|علي|او)?\s*(?P<wd2>{wd}))?(?:\s+(?P<past>{pastw}))?{E}"
    )
    re_period = re.compile(rf"{B}[وفبل]?(?P<period>{_alt(list(periods))}){E}")
    re_ago = re.compile(
        rf"{B}[وف]?(?P<ago>{_alt([fold(x) for x in r['ago_words']])})\s+(?:(?P<n>\d+|[^\W\d_]+)\s+)?(?P<unit>{_alt(list(ago_units))}){E}"
    )
    re_thismonth = re.compile(rf"{B}(?:يوم\s+)?{day}\s+(?:من\s+)?(?P<tm>{_alt([fold(x) for x in r['this_month']])}){E}")
    anchors = {
        "month": _anchors(month_of),
        "hijri": _anchors(hijri_of),
        "rel": _anchors(day_offset),
        "wd": _anchors(weekday_of),
        "period": _anchors(periods),
        "ago": _anchors([fold(x) for x in r["ago_words"]]),
        "thismonth": _anchors([fold(x) for x in r["this_month"]]),
    }
    return _Tables(
        month_of, hijri_of, ambiguous, weekday_of, day_offset, past, future, current, periods, ago_units,
        int(r["ago_vague_count"]), unit_words, ordinal_of, month_part,
        re_abs, re_month, re_num, re_hijri, re_rel, re_wd, re_period, re_ago, re_thismonth, anchors,
        re.compile(rf"\s+{_alt([fold(x) for x in r['not_today_before']])}{E}"),
        frozenset(_norm_ws(fold(x)) for x in r["after_midnight"]),
    )  # fmt: skip


@cache
def _anchor_automaton() -> Any:
    """Every anchor word, with the names of the patterns it anchors, in one automaton."""
    import ahocorasick

    names: dict[str, set[str]] = {}
    for name, words in _tables().anchors.items():
        for w in words:
            names.setdefault(w, set()).add(name)
    if not names:
        return None  # an automaton with no word cannot be searched
    auto = ahocorasick.Automaton()
    for w, ns in names.items():
        auto.add_word(w, (len(w), frozenset(ns)))
    auto.make_automaton()
    return auto


def _anchors(phrases: Any) -> tuple[str, ...]:
    """One word of each phrase (its longest): a pattern needing the phrase cannot match where none occurs."""
    return tuple(sorted({max(_norm_ws(ph).split(), key=len) for ph in phrases}))


_WINDOWS = True  # run the patterns over windows around their anchors (False: over the whole range; tests)
_SPACE_SPLIT = re.compile(r"(\s+)")
_SPACES = tuple(chr(i) for i in range(0x3001) if chr(i).isspace())  # every character \s matches (with U+3000)
_SPACES_RE = {
    _sre.CATEGORY_SPACE: re.compile(r"\s"),
    _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _sre.CATEGORY_WORD: re.compile(r"\w"),
    _sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
    _sre.CATEGORY_DIGIT: re.compile(r"\d"),
    _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
}


class _Windows:
    """The parts of ``key[ks:ke]`` where a pattern can match, from the places of its anchor words.

    A match is a sequence of pieces separated by at most ``g`` whitespace gaps (:func:`_gaps`, read from the
    pattern), so it spans at most g + 1 runs of non-space characters, one of which holds an anchor word of the
    pattern. With its trailing whitespace and the one character its final look-ahead reads, it lies within the
    runs from g before to g + 1 after the anchor's run. Windows of g + 1 runs either side of every anchor,
    merged where they touch, therefore hold every match of the whole range and every character the engine
    reads to find it; a window starts and ends at a run boundary (whitespace or the range's ends), which the
    patterns' boundary assertions see the same way as in the whole range. Scanned in order, they give exactly
    the matches of ``finditer`` over the whole range (tests/lang/test_ar_fast_paths.py checks it)."""

    __slots__ = ("ends", "ke", "key", "ks", "starts")

    def __init__(self, key: str, ks: int, ke: int) -> None:
        self.key, self.ks, self.ke = key, ks, ke
        self.starts: list[int] | None = None
        self.ends: list[int] = []

    def finditer(self, pattern: re.Pattern[str], anchors: list[tuple[int, int]], g: int) -> Iterator[re.Match[str]]:
        if self.starts is None:
            # The range split at its whitespace alternates run, spaces, run, ...: the running sum of the parts'
            # lengths gives the runs' bounds (an empty first or last run stands for the range's own end).
            acc = list(accumulate(map(len, _SPACE_SPLIT.split(self.key[self.ks : self.ke])), initial=self.ks))
            self.starts = acc[0::2]
            self.ends = acc[1::2]
        starts, ends = self.starts, self.ends
        n = len(starts)
        if not n:
            return
        r = g + 1
        wins: list[list[int]] = []
        for a, _ in sorted(anchors):
            i = bisect_right(starts, a) - 1  # the run holding the anchor (anchors hold no whitespace)
            lo = starts[max(0, i - r)] if i - r > 0 else self.ks
            hi = ends[i + r] if i + r < n else self.ke
            if wins and lo <= wins[-1][1]:
                wins[-1][1] = max(wins[-1][1], hi)
            else:
                wins.append([lo, hi])
        for lo, hi in wins:
            yield from pattern.finditer(self.key, lo, hi)


@cache
def _gaps(pattern: re.Pattern[str]) -> int:
    """An upper bound on the whitespace gaps in any match of ``pattern`` (pieces that can match whitespace, on
    the longest path); a large number when it is unbounded (then the windows cover the whole range)."""
    return min(_gaps_of(_sre_parse(pattern.pattern, pattern.flags), {}), 1_000_000)


def _gaps_of(items: Any, groups: dict[int, int]) -> int:
    total = 0
    for op, av in items:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            total += 1 if _char_kinds(op, av)[0] else 0
        elif op is _sre.SUBPATTERN:
            g = _gaps_of(av[-1], groups)
            if av[0] is not None:
                groups[av[0]] = g
            total += g
        elif op is _sre.BRANCH:
            total += max(_gaps_of(b, groups) for b in av[1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            _, hi, sub = av
            g = _gaps_of(sub, groups)
            if g and len(sub) == 1 and sub[0][0] in (_sre.LITERAL, _sre.IN) and not _char_kinds(*sub[0])[1]:
                total += 1  # a run of whitespace (\s+, \s*) is one gap
            elif g:
                total += _BIG if hi is _sre.MAXREPEAT else g * hi
        elif op is _sre.GROUPREF:
            total += groups.get(av, _BIG)
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width (the look-arounds read one character, covered by the extra run)
        else:
            total += _BIG  # anything else: no bound claimed
    return total


_BIG = 1 << 30


def _char_kinds(op: Any, av: Any) -> tuple[bool, bool]:
    """(can match whitespace, can match something else) for a one-character item."""
    if op is _sre.LITERAL:
        sp = chr(av).isspace()
        return sp, not sp
    if op in (_sre.NOT_LITERAL, _sre.ANY):
        return True, True
    negate = bool(av) and av[0][0] is _sre.NEGATE
    cats = [x for x in av if x[0] is _sre.CATEGORY]
    simple = all(x[0] in (_sre.NEGATE, _sre.CATEGORY, _sre.LITERAL, _sre.RANGE) for x in av)
    if not simple or any(c[1] not in _SPACES_RE for c in cats):
        return True, True

    def hit(ch: str) -> bool:
        for kind, v in av:
            if kind is _sre.LITERAL and ord(ch) == v:
                return True
            if kind is _sre.RANGE and v[0] <= ord(ch) <= v[1]:
                return True
            if kind is _sre.CATEGORY and _SPACES_RE[v].match(ch):
                return True
        return False

    space = any(hit(ch) != negate for ch in _SPACES)
    # other characters: conservatively yes unless the set is made of whitespace categories only
    other = not (not negate and all(k is _sre.CATEGORY and v is _sre.CATEGORY_SPACE for k, v in av))
    return space, other


_WORD_CHAR = re.compile(r"[^\W_]")  # what the patterns' boundaries B and E treat as part of a word
_DIGIT_CHAR = re.compile(r"\d")
_MONTH_PREFIXES = ("", "و", "ب", "ل", "ف", "لل")  # re_month's proclitics ([وبلف]|ل?ل); re_abs's [وب] among them
_AFTER_MONTH = ("من", "عام", "العام", "سنه")  # what re_abs and re_month may glue to a month name (before a year)


@cache
def _month_context() -> tuple[frozenset[str], tuple[str, ...]]:
    """(the month anchor words that anchor a multi-word name, the last words of the day ordinals)."""
    t = _tables()
    multi = frozenset(max(p.split(), key=len) for p in t.month_of if len(p.split()) > 1)
    return multi, tuple(sorted({p.split()[-1] for p in t.ordinal_of}))


def _month_name_at(key: str, a: int, b: int) -> bool:
    """False when no match of re_abs or re_month can hold the month anchor hit ``key[a:b]`` (see _Windows).

    A match holds its month names (m1, m2) whole, each with its own anchor word. A one-word name is its anchor,
    so a match holding this hit as such a name has, in both patterns: before it at most a proclitic (re_month:
    [وبلف] or لل after a word boundary; re_abs: [وب]), and before that a non-word character (a space, "/" or a
    separator; a boundary), the string's start, a digit (re_abs: the day, no space needed) or the last word of
    a day ordinal (re_abs: "الأول" glued to the name); after it a non-word character, the end, a digit (a year
    glued on) or the start of من / عام / العام / سنه. Hits of an anchor of a multi-word name are all kept."""
    multi, ordinal_ends = _month_context()
    if key[a:b] in multi:
        return True
    if b < len(key):
        c = key[b]
        if _WORD_CHAR.match(c) and not _DIGIT_CHAR.match(c) and not key.startswith(_AFTER_MONTH, b):
            return False
    for p in _MONTH_PREFIXES:
        s = a - len(p)
        if s < 0 or key[s:a] != p:
            continue
        if s == 0:
            return True
        c = key[s - 1]
        if not _WORD_CHAR.match(c) or _DIGIT_CHAR.match(c):
            return True
        if len(p) <= 1 and p != "ل" and p != "ف" and key.endswith(ordinal_ends, 0, s):
            return True
    return False


_TODAY = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER WAW}\N{ARABIC LETTER MEEM}"
_NUMERIC_HINT = re.compile(r"\d[/.-]\d")


def _day(t: _Tables, mt: re.Match[str]) -> int:
    return int(mt["day"]) if mt["day"] else t.ordinal_of[_norm_ws(mt["dord"])]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def latest_weekday(p: date, wd: int, strictly_before: bool = False) -> date:
    """The latest day with weekday ``wd`` on or before ``p`` (strictly before with ``strictly_before``)."""
    back = (p.weekday() - wd) % 7
    if back == 0 and strictly_before:
        back = 7
    return p - timedelta(days=back)


def _month_year(month: int, p: date | None, past: bool) -> int | None:
    """The year of the latest ``month`` not after P's month (before it when ``past``)."""
    if p is None:
        return None
    if month < p.month or (month == p.month and not past):
        return p.year
    return p.year - 1


def find_dates(
    text: str | TextView, published: date | None = None, start: int = 0, end: int | None = None
) -> list[DateRef]:
    """Dates in ``text[start:end]``, resolved against ``published``; longest non-overlapping hits, in order."""
    view = text if isinstance(text, TextView) else normalize(text)
    t = _tables()
    key = view.key
    ks, ke = view.key_range(start, end)
    cands: list[tuple[int, int, date, int, str, str, bool]] = []  # kstart, kend, date, precision, kind, cal, future

    def add(a: int, b: int, d: date | None, prec: int, kind: str, cal: str = "gregorian", fut: bool = False) -> None:
        if d is not None:
            cands.append((a, b, d, prec, kind, cal, fut))

    # Relative dates are resolved only against a plausible news date: next to the ends of the calendar
    # (year 1, year 9999) "yesterday" or "next month" would overflow ``date``.
    p = published if published is not None and date(1800, 1, 1) <= published <= date(9000, 12, 31) else None
    # Cheap prefilter: a pattern runs only if one of its anchor words occurs in the range (substring tests run
    # at C speed; most sentences hold no date, so most patterns never run).
    seg = key[ks:ke]

    # One Aho-Corasick pass finds which patterns' anchor words occur (what testing each word with "in" told), and
    # where: every match of a pattern contains one of its anchor words, so a pattern is run only over windows
    # around them (see _Windows; the plain scan of the whole range when _WINDOWS is off, for the tests).
    at: dict[str, list[tuple[int, int]]] = {}
    auto = _anchor_automaton()
    if auto is not None:
        for last, (n, names) in auto.iter(seg):
            for name in names:
                at.setdefault(name, []).append((ks + last + 1 - n, ks + last + 1))
    if _WINDOWS and "month" in at:
        # most month anchor hits are no month name ("اب" in كتاب، الإرهاب): keep those a name can stand at
        kept = [x for x in at["month"] if _month_name_at(key, x[0], x[1])]
        if kept:
            at["month"] = kept
        else:
            del at["month"]
    win = _Windows(key, ks, ke)

    def has(name: str) -> bool:
        return name in at

    def scan(pattern: re.Pattern[str], name: str) -> Iterator[re.Match[str]]:
        if not _WINDOWS:
            return pattern.finditer(key, ks, ke)
        return win.finditer(pattern, at[name], _gaps(pattern))

    month_ok = has("month")
    none: Iterator[re.Match[str]] = iter(())
    hints = [(ks + m.start(), ks + m.end()) for m in _NUMERIC_HINT.finditer(seg)]
    if hints:
        at["num"] = hints
    for mt in scan(t.re_num, "num") if hints else none:
        if mt.group("d"):
            add(mt.start(), mt.end(), _safe_date(int(mt["y"]), int(mt["mo"]), int(mt["d"])), 1, "absolute")
        elif mt.group("y2"):
            add(mt.start(), mt.end(), _safe_date(int(mt["y2"]), int(mt["mo2"]), int(mt["d2"])), 1, "absolute")
        else:
            add(mt.start(), mt.end(), _safe_date(int(mt["y3"]), int(mt["mo3"]), int(mt["d3"])), 1, "absolute")
    for mt in scan(t.re_abs, "month") if month_ok else none:
        month = t.month_of[_norm_ws(mt["m1"])]
        if mt["year"]:
            y: int | None = int(mt["year"])
        else:
            y = _month_year(month, p, past=False)
            pw = mt["past"] or ""
            if y is not None and p is not None:
                d0 = _safe_date(y, month, _day(t, mt))
                if pw in t.future:
                    if d0 is not None and d0 < p:
                        y += 1  # "5 آذار المقبل" read in August: next year's
                elif d0 is not None and (d0 > p + timedelta(days=7) or (pw in t.past and d0 > p)):
                    y -= 1  # "30 ديسمبر" read in early January
        if y is None:
            continue
        fut = bool(mt["past"]) and mt["past"] in t.future
        add(mt.start(), mt.end(), _safe_date(y, month, _day(t, mt)), 1, "absolute", fut=fut)
    for mt in scan(t.re_month, "month") if month_ok else none:
        m1 = _norm_ws(mt["m1"])
        month = t.month_of[m1]
        strong = bool(mt["year"] or mt["m2"] or mt["shahr"] or mt["past"])
        if m1 in t.ambiguous and not strong:
            continue
        if mt["year"]:
            y = int(mt["year"])
        else:
            pw = mt["past"] or ""
            if pw in t.future:
                if p is None:
                    continue
                y = p.year if month > p.month else p.year + 1  # "أيلول المقبل": the next one (an announcement)
            else:
                y = _month_year(month, p, past=pw in t.past)
        if y is None:
            continue
        a = mt.start("mpart") if mt["mpart"] else mt.start("shahr") if mt["shahr"] else mt.start("m1")
        fut = bool(mt["past"]) and mt["past"] in t.future
        if mt["mpart"]:
            part = t.month_part[_norm_ws(mt["mpart"])]
            dd = calendar.monthrange(y, month)[1] if part == "last" else int(part)
            add(a, mt.end(), date(y, month, dd), 2, "absolute", fut=fut)
        else:
            add(a, mt.end(), date(y, month, 15), 3, "absolute", fut=fut)
    for mt in scan(t.re_hijri, "hijri") if has("hijri") else none:
        hm = t.hijri_of[_norm_ws(mt["hm"])]
        if not (mt["day"] or mt["dord"]):
            if mt["hyear"] and mt["hmark"]:
                g = _hijri(int(mt["hyear"]), hm, 15, None)
                add(mt.start(), mt.end(), g, 3, "absolute", "hijri")
            continue
        hy = int(mt["hyear"]) if mt["hyear"] else None
        if hy is None:
            if p is None:
                continue
            from hijridate import Gregorian

            try:
                hy = Gregorian(p.year, p.month, p.day).to_hijri().year
            except (ValueError, OverflowError):
                continue  # hijridate covers 1924-2077 only
        add(mt.start(), mt.end(), _hijri(hy, hm, _day(t, mt), p if not mt["hyear"] else None), 1, "absolute", "hijri")
    if p is not None:
        for mt in scan(t.re_rel, "rel") if has("rel") else none:
            off = t.day_offset[_norm_ws(mt["rel"])]
            named = mt["wd"] or mt["wdb"]
            if not named and t.re_not_today.match(key, mt.end()) and _norm_ws(mt["rel"]) == _TODAY:
                continue  # اليوم التالي / اليوم العالمي: not the publication day
            d = p + timedelta(days=off)
            if named and off <= 0:
                # "اليوم الأحد" in an article dated Tuesday: the publication date is late (a metadata or time-zone
                # lag), and the weekday the text names is the better evidence.
                d = latest_weekday(d, t.weekday_of[named])
            a = mt.start("part") if mt["part"] else mt.start("rel")
            add(a, mt.end(), d, 1, "relative", fut=off > 0)
        for mt in scan(t.re_wd, "wd") if has("wd") else none:
            wd = t.weekday_of[mt["wd"]]
            pw = mt["past"] or ""
            if pw in t.future:
                back = (wd - p.weekday()) % 7 or 7
                d = p + timedelta(days=back)
                fut = True
            else:
                d = latest_weekday(p, wd, strictly_before=bool(pw))
                fut = False
                if mt["wd2"] and mt["part"] and _norm_ws(mt["part"]) in t.after_midnight:
                    # "بعد منتصف ليل الجمعة - السبت": the night's second day (when it is not after publication)
                    d2 = d + timedelta(days=(t.weekday_of[mt["wd2"]] - wd) % 7)
                    d = d2 if d2 <= p else d
            a = mt.start("part") if mt["part"] else mt.start("wd")
            add(a, mt.end(), d, 1, "weekday", fut=fut)
        for mt in scan(t.re_period, "period") if has("period") else none:
            spec = t.periods[_norm_ws(mt["period"])]
            if "months" in spec:
                d0 = _add_months(p, int(spec["months"]))
                d = date(d0.year, d0.month, 15)
            else:
                d = p + timedelta(days=int(spec.get("days", 0)))
            add(mt.start("period"), mt.end(), d, int(spec["precision"]), "relative")
        for mt in scan(t.re_ago, "ago") if has("ago") else none:
            spec = t.ago_units[mt["unit"]]
            n_txt = mt["n"]
            count: int | None = spec.get("count")
            a = mt.start("ago")
            prec = int(spec["precision"])
            if count is None:
                if n_txt is None:
                    count = 1 if mt["unit"] in (fold("يوم"), fold("أسبوع"), fold("شهر")) else t.ago_vague
                    if count != 1:
                        prec = max(prec, 2)
                elif n_txt.isdigit():
                    count = int(n_txt)
                else:
                    count = t.unit_words.get(n_txt)
                    if count is None:
                        continue
            elif n_txt is not None:
                continue  # "قبل ثلاثة يومين" is not Arabic; do not guess
            if count > 1000:
                continue  # "99999999 days ago" is no date (and would overflow ``date``)
            if "months" in spec:
                d = _add_months(p, -count * int(spec["months"]))
            else:
                d = p - timedelta(days=count * int(spec["days"]))
            add(a, mt.end(), d, prec, "relative")
        for mt in scan(t.re_thismonth, "thismonth") if has("thismonth") else none:
            add(mt.start(), mt.end(), _safe_date(p.year, p.month, _day(t, mt)), 1, "relative")
    return _select(view, _merge_weekday_dates(key, cands))


def _merge_weekday_dates(key: str, cands: list[Any]) -> list[Any]:
    """ "الجمعة 3 فيفري" / "اليوم الجمعة 20 جانفي 2017": a weekday or day word right before an absolute date is
    part of it; the absolute date decides (the article may be older than its stated publication date)."""
    absolute = [c for c in cands if c[4] == "absolute" and c[3] == 1]
    if not absolute:
        return cands
    out = list(cands)
    for c in cands:
        if c[4] not in ("weekday", "relative") or c[3] != 1 or c[6]:
            continue
        for ab in absolute:
            gap = key[c[1] : ab[0]]
            if 0 < len(gap) <= 3 and not gap.strip(" ,"):
                out.remove(c)
                out[out.index(ab)] = (c[0], *ab[1:])
                absolute[absolute.index(ab)] = (c[0], *ab[1:])
                break
    return out


def _hijri(y: int, m: int, d: int, near: date | None) -> date | None:
    from hijridate import Hijri

    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    out = date(g.year, g.month, g.day)
    if near is not None and out > near + timedelta(days=7):
        # a Hijri date without a year in the coming weeks is last year's
        try:
            g = Hijri(y - 1, m, d).to_gregorian()
        except (ValueError, OverflowError):
            return None
        out = date(g.year, g.month, g.day)
    return out


def _select(view: TextView, cands: list[Any]) -> list[DateRef]:
    """Longest hits first, no overlaps; output in text order."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for a, b, d, prec, kind, cal, fut in cands:
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        s, e = view.to_original(a, b)
        out.append(DateRef(s, e, d, prec, kind, view.text[s:e], cal, fut))
    out.sort(key=lambda r: r.start)
    return out
