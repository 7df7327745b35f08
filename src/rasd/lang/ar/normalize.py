"""Arabic normalization for matching, with an exact offset map back to the display text.

The display text is never changed (every evidence span quotes the article exactly). Matching runs on a *key*:
the text with spelling variants folded (hamza carriers, alef forms, alef maqsura, teh marbuta, digits...) so
that أراضي / اراضي / إراضى all compare equal. Most folds replace one character by one character, so key offset
``i`` is text offset ``i``; only the deleting steps (tatweel, harakat, invisible marks) shift offsets, and the
map then records just the deleted *runs* (a few per article), not one entry per character.

The folding tables are data (``resources/ar/normalization.yaml``); this module compiles them once into
``str.translate`` tables, the fastest way CPython offers to rewrite a string.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache
from typing import Any

from rasd import resources

RESOURCE = "ar/normalization.yaml"


@cache
def _steps() -> dict[str, dict[str, str | None]]:
    """Step name -> {char: replacement or None (delete)}, in resource order."""
    data = resources.load(RESOURCE)
    out: dict[str, dict[str, str | None]] = {}
    for name, spec in data["steps"].items():
        table: dict[str, str | None] = {}
        for src, dst in (spec.get("map") or {}).items():
            for i, ch in enumerate(_expand(src)):
                # Range targets: "digit" maps the i-th character of a range to the ASCII digit i; "lower"
                # lower-cases it. Everything else is a literal one-character replacement.
                table[ch] = str(i % 10) if dst == "digit" else ch.lower() if dst == "lower" else dst
        for src in spec.get("delete") or []:
            for ch in _expand(src):
                table[ch] = None
        out[name] = table
    return out


def _expand(src: str) -> list[str]:
    """A resource key is a single character or a code-point range written ``U+0660..U+0669``."""
    if src.startswith("U+"):
        if ".." in src:
            a, b = src.split("..")
            return [chr(c) for c in range(int(a[2:], 16), int(b[2:], 16) + 1)]
        return [chr(int(src[2:], 16))]
    return list(src)


def step_names() -> tuple[str, ...]:
    """All step names, in the order they are applied."""
    return tuple(_steps())


@cache
def default_steps() -> tuple[str, ...]:
    data = resources.load(RESOURCE)
    return tuple(data.get("default") or step_names())


class _Compiled:
    __slots__ = ("delete_re", "deleted", "keys", "replace", "steps", "table")

    def __init__(self, steps: tuple[str, ...]) -> None:
        all_steps = _steps()
        unknown = [s for s in steps if s not in all_steps]
        if unknown:
            raise ValueError(f"unknown normalization step(s) {unknown}; known: {list(all_steps)}")
        self.steps = steps
        # Steps apply in resource order, each to the output of the previous ones; composing them into one
        # table makes the whole fold a single translate pass (and idempotent, as no output is re-mapped).
        order = [n for n in all_steps if n in steps]
        merged: dict[str, str | None] = {}
        for ch in {c for n in order for c in all_steps[n]}:
            x: str | None = ch
            for n in order:
                if x is None:
                    break
                if x in all_steps[n]:
                    x = all_steps[n][x]
            if x != ch:
                merged[ch] = x
        self.table: dict[int, str | None] = {ord(k): v for k, v in merged.items()}
        self.deleted = frozenset(k for k, v in merged.items() if v is None)
        self.delete_re = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(self.deleted)) + "]+") if self.deleted else None
        )
        # translate() looks every character of a text up in the table (~55 ns each, most of them unmapped);
        # replacing only the mapped characters the text holds (a text holds ~9 of the ~150) is about twice as
        # fast. Replacing one character after another equals one simultaneous translate as long as no
        # replacement holds a mapped character (else ``keys`` is empty and translate is used).
        self.replace = {k: v or "" for k, v in merged.items()}
        self.keys = frozenset(merged) if not any(set(v) & merged.keys() for v in self.replace.values()) else None

    def translate(self, text: str) -> str:
        """``text.translate(self.table)``."""
        if self.keys is None:
            return text.translate(self.table)
        rep = self.replace
        for ch in self.keys.intersection(text):
            text = text.replace(ch, rep[ch])
        return text


@cache
def _compiled(steps: tuple[str, ...]) -> _Compiled:
    return _Compiled(steps)


def _steps_key(steps: Iterable[str] | None) -> tuple[str, ...]:
    if steps is None:
        return default_steps()
    return tuple(steps)


class TextView:
    """The display text, its matching key, and the offset map between them.

    ``text`` is the original; ``key`` the folded text. ``to_original(kstart, kend)`` maps a half-open key
    range to the text range that produced it (a span ending on a letter also covers the harakat/tatweel
    written after that letter). ``orig(k)`` maps one key offset; ``to_key(i)`` maps a text offset back.
    When nothing was deleted the key is aligned with the text and every map is the identity.
    """

    __slots__ = ("_cache", "_kpos", "_ocum", "_ostart", "key", "steps", "text")

    def __init__(self, text: str, key: str, runs: list[tuple[int, int]], steps: tuple[str, ...]) -> None:
        self.text = text
        self.key = key
        self.steps = steps
        # For each deleted run (orig_start, orig_end): the key offset just after it and the running total of
        # deleted characters up to its end. Sorted, so one bisect maps an offset.
        kpos: list[int] = []
        ocum: list[int] = []
        ostart: list[int] = []
        total = 0
        for a, b in runs:
            ostart.append(a)
            kpos.append(a - total)
            total += b - a
            ocum.append(total)
        self._kpos = kpos
        self._ocum = ocum
        self._ostart = ostart
        self._cache: dict[str, Any] = {}  # per-view derived data (tokens...), filled lazily by users

    @property
    def identity(self) -> bool:
        """True when key offsets equal text offsets."""
        return not self._kpos

    def orig(self, k: int) -> int:
        """The text offset of key offset ``k`` (for ``k == len(key)``: ``len(text)``)."""
        if not self._kpos:
            return k
        j = bisect_right(self._kpos, k) - 1
        return k if j < 0 else min(k + self._ocum[j], len(self.text))

    def orig_many(self, offsets: list[int]) -> list[int]:
        """``[self.orig(k) for k in offsets]`` for ascending ``offsets`` (a view's token starts or ends), at C speed:
        between two deleted runs every key offset shifts by the same count, so each stretch is one slice."""
        kpos = self._kpos
        if not kpos:
            return offsets
        ocum = self._ocum
        cut = [bisect_left(offsets, kp) for kp in kpos]  # the first offset each run's shift applies to
        out = offsets[: cut[0]]
        for j, lo in enumerate(cut):
            c = ocum[j]
            out += [k + c for k in offsets[lo : cut[j + 1] if j + 1 < len(cut) else len(offsets)]]
        n = len(self.text)
        if out and out[-1] > n:  # orig's clamp (never reached by a key offset, kept to be the same map)
            out = [min(k, n) for k in out]
        return out

    def deleted_at(self) -> list[int]:
        """The key offsets where deleted runs stood (ascending; one per run: the key offset just after it)."""
        return self._kpos

    def orig_start(self, k: int) -> int:
        """Like :meth:`orig` but a start offset never swallows deleted marks that belong to the previous letter."""
        return self.orig(k)

    def orig_end(self, k: int) -> int:
        """The text end offset for key end ``k``: includes marks written after the last letter."""
        return self.orig(k)

    def to_original(self, kstart: int, kend: int) -> tuple[int, int]:
        return self.orig(kstart), self.orig(kend)

    def to_key(self, i: int) -> int:
        """The key offset of text offset ``i``; an offset inside a deleted run maps to where the run was."""
        if not self._kpos:
            return i
        j = bisect_right(self._ostart, i - 1) - 1  # last run starting before i
        if j < 0:
            return i
        run_end = self._kpos[j] + self._ocum[j]
        if i >= run_end:
            return i - self._ocum[j]
        return self._kpos[j]

    def key_range(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Key range for a text range (``end=None``: to the end)."""
        e = len(self.text) if end is None else end
        if not self._kpos:  # the identity (called for every sentence by every term set: skip two calls)
            return start, e
        return self.to_key(start), self.to_key(e)

    def span_text(self, kstart: int, kend: int) -> str:
        a, b = self.to_original(kstart, kend)
        return self.text[a:b]

    def __len__(self) -> int:
        return len(self.key)

    def __repr__(self) -> str:
        return f"<TextView {len(self.text)} chars, {len(self._kpos)} deleted runs>"


def normalize(text: str, steps: Iterable[str] | None = None) -> TextView:
    """Fold ``text`` into a matching key with an offset map. ``steps`` names the folds (default: all on)."""
    comp = _default() if steps is None else _compiled(tuple(steps))
    key = comp.translate(text)
    runs: list[tuple[int, int]] = []
    if len(key) != len(text) and comp.delete_re is not None:
        runs = [m.span() for m in comp.delete_re.finditer(text)]
    return TextView(text, key, runs, comp.steps)


@cache
def _default() -> _Compiled:
    return _compiled(default_steps())


def fold(s: str, steps: Iterable[str] | None = None) -> str:
    """The key of ``s`` alone, with runs of whitespace collapsed and the ends stripped (for lexicon entries)."""
    if steps is None:
        # The coder folds the same words and lexicon surfaces again and again: cached (translate with a dict
        # table is ~1 us a word).
        # Only short strings are cached: the store folds every document's whole text once (title + text, ~3 KB),
        # and caching those kept ~6 KB a document (key and value) up to the cap, most of an ingest's growth.
        if len(s) > _FOLD_CACHE_MAX_LEN:
            return " ".join(s.translate(_default().table).split())
        got = _FOLDED.get(s)
        if got is None:
            got = " ".join(s.translate(_default().table).split())
            if len(_FOLDED) > _FOLD_CACHE_LIMIT:
                _FOLDED.clear()
            _FOLDED[s] = got
        return got
    key = s.translate(_compiled(tuple(steps)).table)
    return " ".join(key.split())


_FOLDED: dict[str, str] = {}
_FOLD_CACHE_LIMIT = 100_000
_FOLD_CACHE_MAX_LEN = 200  # characters: words, names, lexicon surfaces and titles, not whole texts


def fold_key(s: str) -> str:
    """The key of ``s`` exactly as :func:`normalize` would produce it (no whitespace collapsing)."""
    return s.translate(_default().table)
