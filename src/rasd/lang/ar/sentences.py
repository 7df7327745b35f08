"""Sentence splitting for Arabic news text, with offsets into the original text.

Splits on Latin and Arabic sentence punctuation (. ! ? ؟ …) and on newlines. Does not split inside numbers
and dates (3.5, 12.03.2023), after abbreviations (م. هـ. د. ق.م.), or inside a quotation unless the quotation
itself ends with the sentence (قال: «قتل خمسة.» وأضاف). The Arabic comma and semicolon are not sentence ends:
Arabic news chains whole paragraphs with them.
"""

from __future__ import annotations

import re
from functools import cache

from rasd import resources
from rasd.lang.ar.normalize import fold

RESOURCE = "ar/abbreviations.yaml"

_EVENTS = re.compile(r"\n|[.!?\N{ARABIC QUESTION MARK}\N{HORIZONTAL ELLIPSIS}]+|[\"«»“”‹›„]")
_PREV_WORD = re.compile(r"([^\W\d_][^\W\d_\u0640.]*)[\u0640]*$")
_TRAIL_CLOSERS = "\"'»”›)]}"
# A paragraph hard-wrapped into short lines ("دارت في المدينة صباح اليوم\nمواجهات بين قوات الأمن\nومسلحين
# مجهولين."): its inner line breaks do not end sentences. Only when every line is this short, none but the
# last ends with sentence punctuation and the last does (a sub-headline over a paragraph has a long line under it).
SOFT_WRAP_MAX = 60
_BLOCKS = re.compile(r"\n[ \t\u00a0]*\n")
_ENDS = ".!?\N{ARABIC QUESTION MARK}\N{HORIZONTAL ELLIPSIS}:"


@cache
def _config() -> tuple[frozenset[str], dict[str, str], int]:
    data = resources.load(RESOURCE)
    abbr = frozenset(fold(str(a)).lower() for a in data["abbreviations"])
    return abbr, dict(data["quotes"]), int(data.get("max_quote", 400))


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[start:end]``, whitespace-trimmed, in order."""
    stop = len(text) if end is None else min(end, len(text))
    abbr, quotes, max_quote = _config()
    closers = set(quotes.values())
    out: list[tuple[int, int]] = []
    sent_start = start
    q_open = -1  # position of the open quotation mark, -1 when outside a quotation
    q_close = ""
    soft = _soft_breaks(text, start, stop) if "\n" in text[start:stop] else set()
    for m in _EVENTS.finditer(text, start, stop):
        a, b = m.span()
        tok = m.group()
        if tok == "\n" and a in soft:
            continue
        if tok == "\n":
            _emit(text, sent_start, a, out)
            sent_start = b
            q_open = -1
            continue
        if tok in quotes or tok in closers or tok == '"':
            if q_open >= 0 and (tok == q_close or (tok == '"' and q_close == '"')):
                q_open = -1
            elif q_open < 0 and (tok in quotes or tok == '"'):
                q_open, q_close = a, quotes.get(tok, '"')
            continue
        # A terminator. Look past closing quotes/brackets that belong to this sentence.
        j = b
        while j < stop and text[j] in _TRAIL_CLOSERS:
            if q_open >= 0 and (text[j] == q_close):
                q_open = -1
            j += 1
        if q_open >= 0 and a - q_open < max_quote:
            continue  # inside a quotation: the quoted sentence does not end the reported one
        if tok == "." and j == b:
            prev = text[a - 1] if a > 0 else ""
            nxt = text[b] if b < stop else ""
            if prev.isdigit() and nxt.isdigit():
                continue  # 3.5, 12.03.2023
            w = _PREV_WORD.search(text, max(start, a - 20), a)
            if w and (len(fold(w.group(1)).rstrip(".")) <= 1 or fold(w.group(1)).lower() in abbr):
                continue  # م. هـ. د. U.S.
            if nxt and not nxt.isspace() and not (_is_letter(nxt) and w and len(w.group(1)) >= 2):
                continue  # "example.com", "1.", a period glued to a non-letter
        elif j < stop and not text[j].isspace() and not _is_letter(text[j]):
            continue
        q_open = -1
        _emit(text, sent_start, j, out)
        sent_start = j
    _emit(text, sent_start, stop, out)
    return out


def _soft_breaks(text: str, start: int, stop: int) -> set[int]:
    """Offsets of the line breaks inside hard-wrapped paragraphs (see ``SOFT_WRAP_MAX``)."""
    soft: set[int] = set()
    pos = start
    for block_end in [*(m.start() for m in _BLOCKS.finditer(text, start, stop)), stop]:
        lines: list[tuple[int, int]] = []
        a = pos
        while True:
            nl = text.find("\n", a, block_end)
            if nl < 0:
                lines.append((a, block_end))
                break
            lines.append((a, nl))
            a = nl + 1
        lines = [(x, y) for x, y in lines if text[x:y].strip()]
        if len(lines) >= 2 and all(len(text[x:y].strip()) <= SOFT_WRAP_MAX for x, y in lines):
            tails = [text[x:y].rstrip()[-1] for x, y in lines]
            if tails[-1] in _ENDS and not any(c in _ENDS for c in tails[:-1]) and all(c.isalpha() for c in tails[:-1]):
                soft.update(y for _, y in lines[:-1])
        m = _BLOCKS.match(text, block_end) if block_end < stop else None
        pos = m.end() if m else block_end
    return soft


def _emit(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))
