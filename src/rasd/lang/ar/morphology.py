"""Clitic-aware, word-bounded lexicon matching over a normalized :class:`TextView`.

Arabic glues conjunctions, prepositions and the article to the front of a word (وبالقوات) and pronouns to its
end (قواته), so a plain substring search either misses these forms or fires inside unrelated words (مدني
inside مدنية). The matcher works on whole tokens of the key instead: each token is split into every plausible
``proclitic + stem + enclitic`` (from ``resources/ar/clitics.yaml``) and the stem is looked up in a dict of the
entries' forms (with the feminine/plural/dual inflections an entry allows). Analyses are cached per token
*type*, and token types repeat heavily across news text, so the steady-state cost is a few dict hits per token.

Offsets: ``Match.start``/``Match.end`` cover the stem plus its inflection suffix (what the entry names);
``Match.token_start``/``Match.token_end`` cover the whole token(s) including clitics. All are offsets into
the original text (``view.text``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd import resources
from rasd.lang.ar.normalize import TextView, fold, normalize

RESOURCE = "ar/clitics.yaml"

# A token: letters and digits, with marks/tatweel kept inside (they are deleted from the key by default, but a
# view built with those steps switched off must not split words at every vowel sign).
TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0640\u064B-\u065F\u0670])+")

_TEH_MARBUTA = "\N{ARABIC LETTER TEH MARBUTA}"
_CACHE_LIMIT = 200_000


@dataclass(slots=True, frozen=True)
class Match:
    """One lexicon hit. ``start``/``end``: the stem + inflection; ``token_*``: the full tokens with clitics."""

    start: int
    end: int
    token_start: int
    token_end: int
    payload: Any
    surface: str  # the entry's form as written in the lexicon
    proclitics: str = ""  # key form, e.g. "وبال"
    enclitic: str = ""  # key form, e.g. "ها"
    inflection: str = ""  # "", "feminine", "plural", "dual", "construct"
    entry: int = -1  # index of the entry in the matcher's list


@dataclass(slots=True, frozen=True)
class Entry:
    surface: str
    payload: Any
    words: tuple[str, ...]
    feminine: bool = False
    plural: bool = False
    dual: bool = False
    proclitics: bool = True
    enclitics: bool = True


@cache
def _clitics() -> dict[str, Any]:
    data = resources.load(RESOURCE)
    pro = tuple(sorted({fold(p) for p in data["proclitics"]}, key=len))
    enc = tuple(sorted({fold(e) for e in data["enclitics"]}, key=len))
    return {
        "proclitics": pro,
        "enclitics": enc,
        "inflections": {k: tuple(v) for k, v in data["inflections"].items()},
        "construct": data["construct"],
        "min_stem": int(data.get("min_stem", 2)),
    }


_ANALYSES: dict[str, tuple[tuple[str, str, str, int], ...]] = {}


def analyses(token: str) -> tuple[tuple[str, str, str, int], ...]:
    """Every ``(proclitic, stem, enclitic, stem_offset)`` split of a key token, the unsplit token first.

    ``stem_offset`` is where the stem starts inside the token. For ``لل`` (ل + ال with the alef elided) the stem is
    given back its article: للجيش -> ("ل", "الجيش", "", 1).
    """
    got = _ANALYSES.get(token)
    if got is not None:
        return got
    cl = _clitics()
    min_stem: int = cl["min_stem"]
    bases: list[tuple[str, str, int]] = [("", token, 0)]
    for p in cl["proclitics"]:
        if len(token) - len(p) >= min_stem and token.startswith(p):
            rest = token[len(p) :]
            bases.append((p, rest, len(p)))
            if p.endswith("لل"):
                bases.append((p[:-1], "ا" + token[len(p) - 1 :], len(p) - 1))
    out: list[tuple[str, str, str, int]] = []
    for p, stem, off in bases:
        out.append((p, stem, "", off))
        for e in cl["enclitics"]:
            if len(stem) - len(e) >= min_stem and stem.endswith(e):
                out.append((p, stem[: -len(e)], e, off))
    res = tuple(out)
    if len(_ANALYSES) > _CACHE_LIMIT:
        _ANALYSES.clear()
    _ANALYSES[token] = res
    return res


def _word_variants(word: str, e: Entry) -> list[tuple[str, str, bool]]:
    """(form, inflection, needs_enclitic) for one entry word."""
    cl = _clitics()
    stem = word[:-1] if word.endswith("ه") else word
    out: list[tuple[str, str, bool]] = [(word, "", False)]
    for flag, name in ((e.feminine, "feminine"), (e.plural, "plural"), (e.dual, "dual")):
        if flag:
            out += [(t.format(base=word, stem=stem), name, False) for t in cl["inflections"][name]]
    if e.enclitics:
        if word.endswith("ه"):
            out.append((cl["construct"]["teh_marbuta"].format(stem=stem), "construct", True))
        for flag, name in ((e.plural, "plural"), (e.dual, "dual")):
            if flag:
                out += [(t.format(base=word, stem=stem), "construct", True) for t in cl["construct"][name]]
    return out


def _coerce(item: Any) -> Entry:
    if isinstance(item, Entry):
        return item
    flags: Mapping[str, Any] = {}
    if isinstance(item, str):
        surface, payload = item, item
    elif isinstance(item, Mapping):
        surface = str(item.get("surface") or item.get("form") or item.get("ar") or "")
        payload = item.get("payload", surface)
        flags = item
    else:
        seq = tuple(item)
        surface, payload = str(seq[0]), seq[1] if len(seq) > 1 else seq[0]
        if len(seq) > 2 and isinstance(seq[2], Mapping):
            flags = seq[2]
    words = tuple(fold(surface).split())
    return Entry(
        surface=surface,
        payload=payload,
        words=words,
        feminine=bool(flags.get("feminine", False)),
        plural=bool(flags.get("plural", False)),
        dual=bool(flags.get("dual", False)),
        proclitics=bool(flags.get("proclitics", True)),
        enclitics=bool(flags.get("enclitics", True)),
    )


def view_tokens(view: TextView) -> tuple[list[int], list[int], list[str]]:
    """Key-offset starts, ends and strings of the view's tokens (computed once per view)."""
    got = view._cache.get("tokens")
    if got is None:
        starts: list[int] = []
        ends: list[int] = []
        toks: list[str] = []
        for m in TOKEN_RE.finditer(view.key):
            starts.append(m.start())
            ends.append(m.end())
            toks.append(m.group())
        got = (starts, ends, toks)
        view._cache["tokens"] = got
    return got


class LexiconMatcher:
    """Find lexicon entries in a :class:`TextView`, through clitics and the inflections each entry allows.

    ``entries``: ``(surface, payload)`` pairs, ``(surface, payload, flags)`` triples, plain strings, or dicts
    ``{"surface": ..., "payload": ..., "feminine": bool, "plural": bool, "dual": bool, "proclitics": bool,
    "enclitics": bool}``. Multi-word entries match across whitespace only; the first word may carry
    proclitics, the last an enclitic.
    """

    def __init__(self, entries: Iterable[Any]) -> None:
        self.entries: list[Entry] = [e for e in (_coerce(x) for x in entries) if e.words]
        # first-word form -> [(entry index, inflection, needs_enclitic)]
        self._first: dict[str, list[tuple[int, str, bool]]] = {}
        # per multi-word entry: allowed forms of words 1..n-1 (last word: form -> needs_enclitic)
        self._rest: dict[int, tuple[list[frozenset[str]], dict[str, tuple[str, bool]]]] = {}
        for i, e in enumerate(self.entries):
            for form, infl, needs in _word_variants(e.words[0], e):
                if len(e.words) > 1 and needs:
                    continue
                self._first.setdefault(form, []).append((i, infl, needs))
            if len(e.words) > 1:
                middle = [frozenset(f for f, _, n in _word_variants(w, e) if not n) for w in e.words[1:-1]]
                last = {f: (infl, n) for f, infl, n in _word_variants(e.words[-1], e)}
                self._rest[i] = (middle, last)
        self._tok_cache: dict[str, tuple[tuple[int, str, str, int, str, int], ...]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, tok: str) -> tuple[tuple[int, str, str, int, str, int], ...]:
        """(entry, proclitic, enclitic, stem_offset, inflection, stem_len) for a first token, cached per type."""
        got = self._tok_cache.get(tok)
        if got is not None:
            return got
        out: list[tuple[int, str, str, int, str, int]] = []
        for pre, stem, enc, off in analyses(tok):
            for idx, infl, needs in self._first.get(stem, ()):
                e = self.entries[idx]
                if pre and not e.proclitics:
                    continue
                if enc and (not e.enclitics or len(e.words) > 1):
                    continue
                if needs and not enc:
                    continue
                out.append((idx, pre, enc, off, infl, len(stem)))
        res = tuple(out)
        if len(self._tok_cache) > _CACHE_LIMIT:
            self._tok_cache.clear()
        self._tok_cache[tok] = res
        return res

    def find(self, view: TextView | str, start: int = 0, end: int | None = None, overlapping: bool = False) -> list[Match]:
        """Matches within text range ``[start, end)``, in text order.

        By default the longest match wins at each position (most tokens, then the longest stem) and matches
        do not overlap; entries tied on the same tokens are all returned (ambiguity is the caller's to
        resolve). ``overlapping=True`` returns every candidate.
        """
        if isinstance(view, str):
            view = normalize(view)
        starts, ends, toks = view_tokens(view)
        ks, ke = view.key_range(start, end)
        i = bisect_left(starts, ks)
        n = len(toks)
        key = view.key
        check_teh = "teh_marbuta" in view.steps
        out: list[Match] = []
        while i < n and ends[i] <= ke:
            cands = self._candidates(toks[i])
            best: list[tuple[int, int, Match]] = []
            for idx, pre, enc, off, infl, stem_len in cands:
                if enc and check_teh and enc[0] == "ه" and view.text[view.orig(ends[i] - len(enc))] == _TEH_MARBUTA:
                    continue  # the "ه" is a folded ة: مدنية is not مدني + ه
                e = self.entries[idx]
                last = i
                last_enc = enc
                last_infl = infl
                if len(e.words) > 1:
                    j = self._match_rest(idx, i, starts, ends, toks, key, ke, view, check_teh)
                    if j is None:
                        continue
                    last, last_enc, last_infl = j
                m = Match(
                    start=view.orig(starts[i] + off),
                    end=view.orig(ends[last] - len(last_enc)),
                    token_start=view.orig(starts[i]),
                    token_end=view.orig(ends[last]),
                    payload=e.payload,
                    surface=e.surface,
                    proclitics=pre,
                    enclitic=last_enc,
                    inflection=last_infl,
                    entry=idx,
                )
                best.append((last - i + 1, stem_len, m))
            if not best:
                i += 1
                continue
            if overlapping:
                out += [m for _, _, m in best]
                i += 1
                continue
            top = max((nt, sl) for nt, sl, _ in best)
            seen: set[int] = set()
            for nt, sl, m in best:
                if (nt, sl) == top and m.entry not in seen:
                    seen.add(m.entry)
                    out.append(m)
            i += top[0]
        return out

    def _match_rest(
        self,
        idx: int,
        i: int,
        starts: list[int],
        ends: list[int],
        toks: list[str],
        key: str,
        ke: int,
        view: TextView,
        check_teh: bool,
    ) -> tuple[int, str, str] | None:
        middle, last = self._rest[idx]
        e = self.entries[idx]
        j = i
        for allowed in middle:
            j += 1
            if j >= len(toks) or ends[j] > ke or not _gap_ok(key, ends[j - 1], starts[j]) or toks[j] not in allowed:
                return None
        j += 1
        if j >= len(toks) or ends[j] > ke or not _gap_ok(key, ends[j - 1], starts[j]):
            return None
        for pre, stem, enc, _ in analyses(toks[j]):
            if pre:
                continue
            got = last.get(stem)
            if got is None:
                continue
            infl, needs = got
            if enc:
                if not e.enclitics:
                    continue
                if check_teh and enc[0] == "ه" and view.text[view.orig(ends[j] - len(enc))] == _TEH_MARBUTA:
                    continue
            elif needs:
                continue
            return j, enc, infl
        return None


def _gap_ok(key: str, a: int, b: int) -> bool:
    """Words of a multi-word entry may be separated by whitespace only (not punctuation or a line of other text)."""
    return 0 < b - a <= 3 and key[a:b].isspace()
