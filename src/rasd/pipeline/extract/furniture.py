"""Cut page furniture out of article text as labelled segments, without touching the text.

The text keeps every character (every offset stays valid); furniture becomes ``Segment(kind="furniture",
reason=...)`` and the article ``title`` / ``dateline`` / ``body`` segments. Two signals decide together:

- **markers** from ``resources/ar/furniture.yaml`` ("اترك رداً", "آخر الأخبار", "اقرأ أيضاً", share and copyright
  words), matched on a folded key at the start of a *short* line only, so that an article sentence starting
  with "شارك ..." is kept;
- **shape**: a run of short headline-like lines without sentence punctuation, one long line made of headlines
  joined by ".." or by wide gaps (a flattened ticker), trailing category labels. After a terminal marker
  (comment form, ticker, tags, copyright) the rest of the page is furniture unless an article paragraph
  follows.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rasd.model import Segment, Span

_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")
_PUNCT = re.compile(r"[\s\"'«»“”‘’()\[\]{}<>:;,،؛.!?؟|/\\*#@+=_~^`…\-–—]+")
# A period between digits (2023.05.12, 3.5) ends no sentence.
_UNPUNCT = re.compile("[^" + _PUNCT.pattern[1:-2] + "]+")  # runs of anything else (fold)
_SENT_END = re.compile(r"(?<![.])[.!?؟](?![.\d])")
_JOIN_DOTS = re.compile(r"\.\.(?!\.)")
_GAP = re.compile(r"\S\s{3,}\S")
_WORD = re.compile(r"\w+")
_LATIN_WORDS = re.compile(r"[A-Za-z]+")
# Whitespace, controls and invisible format characters (bidi marks, zero-width) at the end of a line.
_VISIBLE_END = re.compile(r"[\s\x00-\x1f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$")
_ALNUM = re.compile(r"[^\W_]")
# Four letters or digits: found in a line iff len(_ALNUM.findall(line)) > 3, without listing every character of
# every body line ([\W_] is exactly what _ALNUM does not match, so the search cannot backtrack far).
_FOUR_ALNUM = re.compile(r"[^\W_](?:[\W_]*[^\W_]){3}")
# "name – outlet", "outlet / section": the separators of bylines and labels.
_LABEL_SEP = re.compile(r"\s[-–—|]\s|/")
# A line that is only an e-mail address or a social-media handle: the author's contact, after the article.
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,30}")

# Markers whose words also open ordinary sentences ("شارك مئات...", "كتب الرئيس..."): cut only very short lines.
_WEAK_WORDS = 6


def fold(s: str) -> str:
    """Matching key for furniture markers: harakat and tatweel removed, alef/yeh/teh marbuta folded."""
    # An article's body is folded twice in a row (the publication-date header test, then dedup): the last long
    # text's key is kept (one tuple, replaced whole: safe across threads).
    global _LAST_FOLD
    last = _LAST_FOLD
    if len(s) >= _FOLD_MEMO_MIN:
        if last[0] == s:
            return last[1]
        known = _KNOWN.get(s)
        if known is not None:
            return known
    key = _fold(s)
    if len(s) >= _FOLD_MEMO_MIN:
        _LAST_FOLD = (s, key)
    return key


_FOLD_MEMO_MIN = 500
_LAST_FOLD: tuple[str, str] = ("", "")
# The keys of the current document's body texts, put together from its lines' keys (see span_key; replaced
# whole for every document by remember_keys).
_KNOWN: dict[str, str] = {}


def remember_keys(keys: dict[str, str]) -> None:
    """Let :func:`fold` answer these texts (of the document being extracted) with these keys, each of which must
    be the text's fold (:func:`span_key` gives them); the previous document's are forgotten."""
    global _KNOWN
    _KNOWN = keys


def span_key(text: str, a: int, b: int, lines: list[tuple[int, int, str]]) -> str:
    """:func:`fold` of ``text[a:b]``, from the keys of the lines it covers (``(start, end, key)`` in text order,
    each key the fold of ``text[start:end]``). The fold of a text is the keys of its parts joined by one space
    when whitespace separates them (every fold step but the run split is per character, and whitespace splits
    runs): whole lines give their key, a line the range cuts is folded on its part. Where anything but
    whitespace lies outside the lines, the text is folded whole."""
    keys: list[str] = []
    pos = a
    for ls, le, k in lines:
        if le <= a or le <= pos:
            continue
        if ls >= b:
            break
        x, y = max(ls, pos), min(le, b)
        if (x > pos or pos > a) and not text[pos:x].isspace():
            return _fold(text[a:b])  # (after the first part, only whitespace may separate two parts)
        k = k if (x, y) == (ls, le) else _fold(text[x:y])
        if k:
            keys.append(k)
        pos = y
    if pos < b and not text[pos:b].isspace():
        return _fold(text[a:b])
    return " ".join(keys)


def _fold(s: str) -> str:
    """The plain definition of :func:`fold`."""
    s = _HARAKAT.sub("", s)
    s = (
        s.replace("\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}", "\N{ARABIC LETTER ALEF}")
        .replace("\N{ARABIC LETTER ALEF WITH HAMZA BELOW}", "\N{ARABIC LETTER ALEF}")
        .replace("\N{ARABIC LETTER ALEF WITH MADDA ABOVE}", "\N{ARABIC LETTER ALEF}")
        .replace("\N{ARABIC LETTER ALEF WASLA}", "\N{ARABIC LETTER ALEF}")
        .replace("\N{ARABIC LETTER ALEF MAKSURA}", "\N{ARABIC LETTER YEH}")
        .replace("\N{ARABIC LETTER TEH MARBUTA}", "\N{ARABIC LETTER HEH}")
    )
    # The runs between punctuation and whitespace, joined by one space: what replacing the runs of _PUNCT by a
    # space and splitting on whitespace gives (_PUNCT holds every whitespace), in one regex pass.
    return " ".join(_UNPUNCT.findall(s.lower()))


@dataclass(frozen=True, slots=True)
class Rules:
    markers: tuple[tuple[str, str, int], ...]  # (folded marker, reason, number of words), longest first
    latin: dict[str, frozenset[str]]
    terminal: frozenset[str]
    contains: tuple[tuple[str, frozenset[str]], ...]  # (reason, folded phrases found anywhere in a line)
    inline_tail: re.Pattern[str] | None
    inline_reason: dict[str, str]
    version: str


@cache
def rules() -> Rules:
    from rasd.resources import load

    data: dict[str, Any] = load("ar/furniture.yaml")
    out: list[tuple[str, str, int]] = []
    for reason, words in data["markers"].items():
        for w in words:
            f = fold(str(w)) or str(w)
            out.append((f, reason, len(f.split())))
    out.sort(key=lambda t: -len(t[0]))
    latin = {k: frozenset(str(x).lower() for x in v) for k, v in (data.get("latin") or {}).items()}
    contains = tuple(
        (str(reason), frozenset(fold(str(p)) for p in phrases))
        for reason, phrases in (data.get("contains") or {}).items()
    )
    reasons: dict[str, str] = {}
    for reason, phrases in (data.get("inline_tail") or {}).items():
        for p in phrases:
            reasons[_HARAKAT.sub("", str(p))] = str(reason)
    tail_rx = None
    if reasons:
        alt = "|".join(sorted((_loose(p) for p in reasons), key=len, reverse=True))
        tail_rx = re.compile(rf"(?:(?<=[.!?؟»”\"])\s+|\s{{3,}})(?P<m>{alt})\s*[:：]?\s*(?P<rest>[^\n]*)$")
    return Rules(
        tuple(out), latin, frozenset(data.get("terminal") or ()), contains, tail_rx, reasons, str(data["version"])
    )


def _loose(phrase: str) -> str:
    """A regex for ``phrase`` that tolerates the alef/hamza and yeh spellings of the same words."""
    out = []
    for ch in phrase:
        if (
            ch
            in "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER ALEF WITH MADDA ABOVE}"
        ):
            out.append(
                "[\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER ALEF WITH MADDA ABOVE}]"
            )
        elif ch in "\N{ARABIC LETTER YEH}\N{ARABIC LETTER ALEF MAKSURA}":
            out.append("[\N{ARABIC LETTER YEH}\N{ARABIC LETTER ALEF MAKSURA}]")
        elif ch == " ":
            out.append("\\s+")
        else:
            out.append(re.escape(ch))
        out.append("[\u064b-\u0652\u0640]*")
    return "".join(out)


@dataclass(slots=True)
class Line:
    start: int
    end: int  # exclusive, without the newline
    text: str
    words: int
    sent: int  # sentence-final punctuation marks (not "..")
    commas: int
    marker: str | None = None
    role: str | None = None  # "title" | "dateline" | "body" | "furniture" | None for blank
    reason: str = ""
    # blob, kept once known: cut asks it of a line two or three times, and a long line costs two regex scans
    known_blob: bool | None = field(default=None, repr=False, compare=False)
    key: str | None = field(default=None, repr=False, compare=False)  # fold(text), once marker_of has it

    @property
    def blank(self) -> bool:
        return self.words == 0

    @property
    def joined(self) -> bool:
        """Headlines strung together by "..": no sentence end, (almost) no commas."""
        joins = len(_JOIN_DOTS.findall(self.text)) + len(_GAP.findall(self.text))
        return joins >= 2 and self.sent <= self.words / 80 and self.commas <= self.words / 50

    @property
    def blob(self) -> bool:
        """One long line made of many headlines: joined by "..", by wide gaps, or with no punctuation at all."""
        if self.words < 25:
            return False
        if self.known_blob is None:
            self.known_blob = self._blob()
        return self.known_blob

    def _blob(self) -> bool:
        """:attr:`blob` of a line of 25 words or more, computed."""
        gaps = len(_GAP.findall(self.text))
        joins = len(_JOIN_DOTS.findall(self.text)) + gaps
        # Arabic prose also uses ".." as a pause, but keeps its commas; a flattened ticker has next to none.
        if joins >= 3 and self.words >= 50 and self.sent <= self.words / 80 and self.commas <= self.words / 50:
            return True
        if gaps >= 5 and gaps >= 2 * self.sent:  # headlines laid side by side, some ending in "?" or "!"
            return True
        return self.words >= 60 and self.sent == 0 and self.commas <= self.words / 60

    @property
    def prose(self) -> bool:
        """An article paragraph: sentence punctuation and enough words, or long running text."""
        if self.blank or self.blob:
            return False
        if self.words >= 8 and (self.sent >= 1 or self.commas >= 1):
            return True
        return self.words >= 20

    @property
    def headline(self) -> bool:
        """Short, no sentence end: a link text, a headline, a label."""
        return 0 < self.words <= 22 and self.sent == 0


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        seg = text[pos:stop]
        # Trim whitespace inside the line so spans start and end on text.
        lstrip = len(seg) - len(seg.lstrip())
        rstrip = len(seg) - len(seg.rstrip())
        s, e = pos + lstrip, stop - rstrip
        if e <= s:
            out.append(Line(s, s, "", 0, 0, 0))  # a blank line (half the lines of a page): nothing to count
        else:
            body = text[s:e]
            out.append(
                Line(
                    s,
                    e,
                    body,
                    len(_WORD.findall(body)),
                    len(_SENT_END.findall(body)),
                    body.count("\N{ARABIC COMMA}") + body.count(","),
                )
            )
        if nl < 0:
            break
        pos = nl + 1
    return out


def marker_of(line: Line, r: Rules) -> str | None:
    if line.blank:
        return None
    key = line.key = fold(line.text)
    if not key:
        return None
    got = _contains_of(key, line.words, r)
    if got is not None:
        return got
    if _CONTACT.fullmatch(line.text.strip()):
        return "byline"
    if line.words > 40:
        return None
    for m, reason, n in _markers_at(key, r):
        if key == m:
            return reason
        if key.startswith(m + " "):
            rest = line.words - n
            after = line.text.lstrip()[len(m) : len(m) + 3] if line.text.lstrip().startswith(m) else ""
            colon = ":" in line.text[: len(line.text) // 2 + 1][:40] or ":" in after
            if reason in {"share", "byline"} or m in {"التعليق", "المزيد", "نشر", "كتب", "حفظ", "عاجل"}:
                if (line.words <= _WEAK_WORDS and line.sent == 0) or (colon and line.words <= 10 and line.sent <= 1):
                    return reason
                continue
            if line.sent == 0 and (rest <= 14 or colon):
                return reason
    words = [w.lower() for w in _LATIN_WORDS.findall(line.text)]
    if words and len(words) >= line.words - 1:
        for reason, vocab in r.latin.items():
            if sum(w in vocab for w in words) >= max(1, len(words) // 2):
                return reason
    if "\N{COPYRIGHT SIGN}" in line.text and line.words <= 20:
        return "copyright"
    return None


def _contains_of(key: str, words: int, r: Rules) -> str | None:
    """The first ``contains`` reason with enough of its phrases in ``key`` (a line of ``words`` words), or None.

    The phrases the key holds are found in one Aho-Corasick pass (about three substring tests of ~10 phrases
    each a line before). An empty phrase, were one listed, would be in every key but never counted: it is inside
    every other hit, and alone it is one hit of the two needed."""
    got = _CONTAINS_AUTO.get(id(r))
    if got is None or got[0] is not r:
        got = _CONTAINS_AUTO[id(r)] = (r, _contains_automaton(r))
    if got[1] is None:
        return None
    found = {p for _end, p in got[1].iter(key)}
    return _contains_reason(found, words, r) if found else None


def _contains_plain(key: str, words: int, r: Rules) -> str | None:
    """The plain definition of :func:`_contains_of`: every phrase tested as a substring of the key."""
    return _contains_reason(key, words, r)


def _contains_reason(present: Container[str], words: int, r: Rules) -> str | None:
    """The first ``contains`` reason with enough of its phrases ``in present``: the set of phrases a key holds, or
    the key itself (``in`` a string is a substring test)."""
    for reason, phrases in r.contains:
        hits = [p for p in phrases if p in present]
        # Count distinct phrases only ("بدون إذن" also contains "دون إذن"); long paragraphs need more evidence.
        hits = [p for p in hits if not any(p != q and p in q for q in hits)]
        if len(hits) >= (2 if words <= 60 else 3):
            return reason
    return None


def _contains_automaton(r: Rules) -> Any:
    """An automaton of every non-empty ``contains`` phrase (None when there is none: an empty automaton cannot be
    searched)."""
    import ahocorasick

    words = {p for _reason, phrases in r.contains for p in phrases if p}
    if not words:
        return None
    auto = ahocorasick.Automaton()
    for p in words:
        auto.add_word(p, p)
    auto.make_automaton()
    return auto


_CONTAINS_AUTO: dict[int, tuple[Rules, Any]] = {}


def _markers_at(key: str, r: Rules) -> list[tuple[str, str, int]]:
    """The markers, in rule order, that equal ``key`` or that it starts with followed by a space: those the
    loop of :func:`marker_of` can act on. The key is words joined by single spaces, so such a marker is one of
    its first-k-words prefixes, looked up in an index of the markers (instead of ~100 tests a line)."""
    got = _MARKER_INDEX.get(id(r))
    if got is None or got[0] is not r:
        index: dict[str, list[int]] = {}
        for i, (m, _, _) in enumerate(r.markers):
            index.setdefault(m, []).append(i)
        most = max((m.count(" ") + 1 for m in index), default=0)
        got = _MARKER_INDEX[id(r)] = (r, index, most)
    _, index, most = got
    hit: list[int] = []
    end = -1
    for _ in range(most):
        end = key.find(" ", end + 1)
        found = index.get(key if end < 0 else key[:end])
        if found:
            hit += found
        if end < 0:
            break
    if not hit:
        return []
    hit.sort()
    return [r.markers[i] for i in hit]


_MARKER_INDEX: dict[int, tuple[Rules, dict[str, list[int]], int]] = {}


@dataclass(slots=True)
class Cut:
    segments: list[Segment]
    title: str | None
    dateline_line: tuple[int, int] | None  # an "OUTLET | PLACE" line, for the dateline parser
    # (start, end, key) of the body lines, in order: what span_key puts a body text's key together from
    body_keys: list[tuple[int, int, str]] = field(default_factory=list)


def cut(
    text: str,
    *,
    title: str | None = None,
    first_line_title: bool = True,
    byline: str | None = None,
    dateline_line: Any = None,
    credit_line: Any = None,
) -> Cut:
    """Segment ``text``: title, dateline line, body blocks and furniture blocks with reasons.

    ``dateline_line(line_text) -> bool`` says whether a short header line is an outlet/dateline line;
    ``credit_line(line_text) -> bool`` whether a last line is a source credit ("فرانس 24/ أ ف ب/ رويترز").
    """
    r = rules()
    lines = split_lines(text)
    for ln in lines:
        ln.marker = marker_of(ln, r)
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    if not nonblank:
        return Cut([], title, None)

    # Title: the first line when it reads like a headline (the txt contract: title line, blank line, body).
    first = nonblank[0]
    fl = lines[first]
    found_title = None
    if (title and fold(fl.text) == fold(title)) or (
        first_line_title
        and len(nonblank) > 1  # a text of one line is all body, never a title alone
        and fl.words <= 35
        and not _VISIBLE_END.sub("", fl.text).endswith((".", "\N{ARABIC FULL STOP}"))
        and fl.marker is None
        and not fl.blob
    ):
        fl.role = "title"
        found_title = fl.text
    # A short line printed twice in a row is an image caption (alt text, then the visible caption).
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if a.role is None and b.role is None and not a.blank and a.sent == 0 and a.words <= 30 and a.text == b.text:
            a.role, a.reason = "furniture", "caption"
            b.role, b.reason = "furniture", "caption"
    # A line of joined headlines right under a ticker/related heading is that list, not a paragraph.
    prev_marker: str | None = None
    for ln in lines:
        if ln.blank:
            continue
        if prev_marker in {"ticker", "related"} and ln.marker is None and ln.joined:
            ln.marker = prev_marker
        prev_marker = ln.marker
    prose_idx = [i for i, ln in enumerate(lines) if ln.prose and ln.role is None and ln.marker is None]
    first_prose = prose_idx[0] if prose_idx else len(lines)
    last_prose = prose_idx[-1] if prose_idx else -1

    # Furniture blocks opened by a marker; a terminal marker with no article paragraph after it takes the rest.
    i = 0
    dl: tuple[int, int] | None = None
    while i < len(lines):
        ln = lines[i]
        if ln.role is not None or ln.blank:
            i += 1
            continue
        if ln.marker is None and ln.blob:
            ln.role, ln.reason = "furniture", "ticker"
            i += 1
            continue
        if ln.marker is None:
            i += 1
            continue
        reason = ln.marker
        ln.role, ln.reason = "furniture", reason
        terminal = i > last_prose
        j = i + 1
        while j < len(lines):
            nx = lines[j]
            if nx.blank:
                j += 1
                continue
            if nx.marker is not None:
                reason = nx.marker
                if reason in r.terminal or j > last_prose:
                    terminal = j > last_prose
            elif (
                (nx.prose and not terminal)
                or not (nx.headline or nx.blob or terminal or (reason in {"byline"} and nx.words <= 6))
                or (reason in {"share", "copyright"} and not nx.blob and nx.words > 8)
                or (reason == "byline" and nx.marker is None and nx.words > 6 and not terminal)
            ):
                break
            nx.role, nx.reason = "furniture", reason
            j += 1
        i = j

    # Header lines between the title and the first article paragraph: outlet/dateline line, else short
    # labels (section, author, date stamps) are furniture; longer lines (a standfirst) stay in the body.
    # A header label stands as a paragraph of its own (a blank line after it); consecutive short lines are
    # wrapped text or verse, and a long run of short lines is content (a poem, a list), not page chrome.
    head = [k for k in range(first, min(first_prose, len(lines))) if lines[k].role is None and not lines[k].blank]
    for k in head:
        ln = lines[k]
        if dl is None and dateline_line is not None and dateline_line(ln.text):
            ln.role = "dateline"
            dl = (ln.start, ln.end)
            continue
        own_par = k + 1 >= len(lines) or lines[k + 1].blank
        labelled = ln.words <= 3 or bool(_LABEL_SEP.search(ln.text))
        # A short line glued to a long paragraph is a caption or a byline; wrapped text has short neighbours.
        before_par = k + 1 < len(lines) and lines[k + 1].prose and lines[k + 1].words >= 15
        if (own_par or labelled or before_par) and ln.words <= 6 and ln.sent == 0:
            ln.role, ln.reason = "furniture", "header"

    # Tail: after the last article paragraph, a run of headline-like lines is a link list; one or two very
    # short lines are labels (category, author name). A repeated byline is a byline.
    tail = [k for k in range(last_prose + 1, len(lines)) if lines[k].role is None and not lines[k].blank]
    if tail and last_prose >= 0:
        if len(tail) >= 3 and all(lines[k].headline for k in tail):
            for k in tail:
                lines[k].role, lines[k].reason = "furniture", "related"
        else:
            for k in tail:
                ln = lines[k]
                if (byline and fold(ln.text) == fold(byline)) or (ln.words <= 3 and ln.sent == 0 and k > last_prose):
                    ln.role, ln.reason = "furniture", "byline" if byline and fold(ln.text) == fold(byline) else "label"

    # Inside the article: a run of two or three consecutive headline-like lines between paragraphs is a
    # block of related links (a lone short line is a subheading and stays).
    k = first_prose + 1
    while k < last_prose:
        run = []
        while (
            k < last_prose
            and lines[k].role is None
            and not lines[k].blank
            and lines[k].headline
            and 4 <= lines[k].words <= 12
        ):
            run.append(k)
            k += 1
        if 2 <= len(run) <= 3 and lines[k].prose and lines[run[0] - 1].prose:
            for q in run:
                lines[q].role, lines[q].reason = "furniture", "related"
        k += 1
    for ln in lines:
        if ln.role is None and not ln.blank and _FOUR_ALNUM.search(ln.text) is None:
            ln.role, ln.reason = "furniture", "label"  # "+A", "TT", "____": widget and rule lines
        elif ln.role is None and not ln.blank:
            ln.role = "body"
    body_idx = [k for k, ln in enumerate(lines) if ln.role == "body"]
    if body_idx:
        last = body_idx[-1]
        ln = lines[last]
        if credit_line is not None and last > last_prose and ln.words <= 8 and credit_line(ln.text):
            ln.role, ln.reason = "furniture", "byline"
        else:
            tail_line = _split_inline_tail(text, ln, r)
            if tail_line is not None:
                lines.insert(last + 1, tail_line)
                ln.key = None  # its text was cut short: folded again below
    keys = [(ln.start, ln.end, ln.key if ln.key is not None else fold(ln.text)) for ln in lines if ln.role == "body"]
    return Cut(_segments(text, lines), found_title, dl, keys)


def _split_inline_tail(text: str, ln: Line, r: Rules) -> Line | None:
    """Cut furniture glued to the end of the last body line; returns the furniture part as a Line."""
    if r.inline_tail is None:
        return None
    m = r.inline_tail.search(ln.text)
    if not m:
        return None
    rest = m.group("rest")
    rest_words = len(_WORD.findall(rest))
    if rest_words == 0 or rest_words > 30 or _SENT_END.search(rest.rstrip(" .")):
        return None
    start = ln.start + m.start("m")
    if len(_WORD.findall(text[ln.start : start])) < 3:
        return None  # the whole line is the furniture; the line rules handle that
    end_body = start
    while end_body > ln.start and text[end_body - 1].isspace():
        end_body -= 1
    reason = r.inline_reason.get(_HARAKAT.sub("", m.group("m")), "related")
    piece = text[start : ln.end]
    ln.end = end_body
    ln.text = text[ln.start : end_body]
    return Line(start, start + len(piece), piece, rest_words + 1, 0, 0, role="furniture", reason=reason)


def _segments(text: str, lines: list[Line]) -> list[Segment]:
    """Merge consecutive lines of one role (and reason), skipping blank lines between them."""
    segs: list[Segment] = []
    cur: tuple[str, str, int, int] | None = None
    for ln in lines:
        if ln.blank or ln.role is None:
            continue
        key = (ln.role, ln.reason)
        if cur is not None and (cur[0], cur[1]) == key and ln.role in {"body", "furniture"}:
            cur = (cur[0], cur[1], cur[2], ln.end)
            continue
        if cur is not None:
            segs.append(Segment(Span.of(text, cur[2], cur[3]), cur[0], cur[1]))
        cur = (ln.role, ln.reason, ln.start, ln.end)
    if cur is not None:
        segs.append(Segment(Span.of(text, cur[2], cur[3]), cur[0], cur[1]))
    return segs
