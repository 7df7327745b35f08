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
from itertools import accumulate
from typing import Any

from rasd import resources
from rasd.lang.ar.normalize import TextView, fold, normalize

RESOURCE = "ar/clitics.yaml"

# A token: letters and digits, with marks/tatweel kept inside (they are deleted from the key by default, but a
# view built with those steps switched off must not split words at every vowel sign).
# A figure written onto the Arabic word it counts ("سقوط 11مواطنا") is a token of its own, so the word still matches
# (Latin letters with digits, "F16", stay one token).
TOKEN_RE = re.compile(r"[0-9]+(?=[\u0621-\u064A])|(?:[^\W_]|[\u0640\u064B-\u065F\u0670])+")
_TOKEN_SPLIT = re.compile(f"({TOKEN_RE.pattern})")
# The default key has no marks or tatweel left, and then a token is a plain run of letters and digits (with the same
# figure rule): the same tokens, found about three times faster than through the alternation.
_MARK = re.compile(r"[\u0640\u064B-\u065F\u0670]")
_LETTERS_SPLIT = re.compile(r"([0-9]+(?=[\u0621-\u064A])|[^\W_]+)")

_TEH_MARBUTA = "\N{ARABIC LETTER TEH MARBUTA}"
# Entries per token-type cache (analyses, bare stems, lemmas, a matcher's candidates; cleared when full). A token
# type costs ~1.3 KB across them (tracemalloc over the dev articles, mostly a matcher's Candidates): 200,000 let
# a large real vocabulary (100,000 articles have several hundred thousand clitic forms) grow them to ~250 MB;
# 50,000 bounds them near 65 MB and still holds the frequent types that make most of the hits.
_CACHE_LIMIT = 50_000
_NEXT_MEMO_LIMIT = 1024  # per token type with candidates: next tokens whose filtered candidates are kept


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
    accusative: bool = True


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
        "accusative": data.get("accusative"),
        "construct_free": frozenset(data.get("construct_free") or ()),
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


_BARE_STEMS: dict[str, frozenset[str]] = {}
_PLAN_MIN = 16  # candidates from which _raw_at looks multi-word entries up by their last word
_Plan = tuple[tuple[int, ...], dict[int, dict[str, list[int]]]]


def _bare_stems(token: str) -> frozenset[str]:
    """The stems of the analyses of ``token`` without a proclitic (what the last word of an entry is matched on)."""
    got = _BARE_STEMS.get(token)
    if got is None:
        got = frozenset(stem for pre, stem, _, _ in analyses(token) if not pre)
        if len(_BARE_STEMS) > _CACHE_LIMIT:
            _BARE_STEMS.clear()
        _BARE_STEMS[token] = got
    return got


def _word_variants(word: str, e: Entry) -> list[tuple[str, str, bool]]:
    """(form, inflection, needs_enclitic) for one entry word."""
    cl = _clitics()
    stem = word[:-1] if word.endswith("ه") else word
    out: list[tuple[str, str, bool]] = [(word, "", False)]
    for flag, name in ((e.feminine, "feminine"), (e.plural, "plural"), (e.dual, "dual")):
        if flag:
            out += [(t.format(base=word, stem=stem), name, False) for t in cl["inflections"][name]]
    if e.accusative and cl["accusative"] and not word.endswith(("ه", "ا")):
        out.append((cl["accusative"].format(base=word, stem=stem), "accusative", False))
    for flag, name in ((e.plural, "plural"), (e.dual, "dual")):
        if flag and (e.enclitics or name in cl["construct_free"]):
            free = name in cl["construct_free"]
            out += [(t.format(base=word, stem=stem), "construct", not free) for t in cl["construct"][name]]
    if e.enclitics and word.endswith("ه"):
        out.append((cl["construct"]["teh_marbuta"].format(stem=stem), "construct", True))
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
        # proper names (entries without enclitics, e.g. places) take no tanween alef: حلب is not حلبا
        accusative=bool(flags.get("accusative", flags.get("enclitics", True))),
    )


_LEMMAS: dict[str, tuple[str, ...]] = {}
_HARAKAT = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def lemmas(word: str) -> tuple[str, ...]:
    """Key-form lemmas of an (original-spelling) word from farahidi, the AlKhalil port: قتلوا -> (قتل,),
    جنود -> (جند,), قذائف -> (قذيفه,). Every reading's lemma, best first, cached per word type.

    farahidi costs 1-15 ms per new word type here (and ~0.5 s to load), so the pipeline does not call it on
    every token: ``LexiconMatcher(lemmas=True)`` uses it only for tokens no clitic analysis matched.
    """
    got = _LEMMAS.get(word)
    if got is not None:
        return got
    import farahidi

    seen: dict[str, None] = {}
    try:
        for a in farahidi.analyze(word):
            if a.lemma:
                seen.setdefault(fold(_HARAKAT.sub("", a.lemma)), None)
    except Exception:  # an analyzer failure on odd input means "no lemma", never a crash
        pass
    res = tuple(seen)
    if len(_LEMMAS) > _CACHE_LIMIT:
        _LEMMAS.clear()
    _LEMMAS[word] = res
    return res


_WEAK = frozenset("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER WAW}\N{ARABIC LETTER YEH}\N{ARABIC LETTER HAMZA}")


def _skeletons(surface: str) -> set[str]:
    """The strong root consonants of a word, by farahidi (weak letters drop out of inflected forms: اغتيل)."""
    import farahidi

    out: set[str] = set()
    try:
        for a in farahidi.analyze(surface):
            root = fold(a.root or "")
            sk = "".join(c for c in root if c not in _WEAK)
            if len(sk) >= 2:
                out.add(sk)
    except Exception:  # an analyzer failure means no lemma route for this entry
        pass
    return out


def _subsequence(sk: str, tok: str) -> bool:
    it = iter(tok)
    return all(c in it for c in sk)


def view_tokens(view: TextView) -> tuple[list[int], list[int], list[str]]:
    """Key-offset starts, ends and strings of the view's tokens (computed once per view)."""
    got = view._cache.get("tokens")
    if got is None:
        # The key split around its tokens alternates separator, token, ..., separator; the running sum of the
        # parts' lengths gives every token's start and end (same tokens as TOKEN_RE.finditer, at C speed).
        key = view.key
        parts = (_TOKEN_SPLIT if _MARK.search(key) else _LETTERS_SPLIT).split(key)
        offs = list(accumulate(map(len, parts)))
        got = (offs[0:-1:2], offs[1::2], parts[1::2])
        view._cache["tokens"] = got
    return got


class Candidates:
    """The entries a token type can start, for :meth:`LexiconMatcher.spans_at`.

    ``all``: ``(entry, proclitic, enclitic, stem_offset, inflection, stem_len)`` in the matcher's order. A common
    first word (قوات، وزارة) starts hundreds of multi-word entries; testing each one's second word against the
    next token was most of the matching time, so the multi-word entries are also indexed by the forms their
    second word may take (and, for two-word entries that allow an enclitic, by the stem it leaves)."""

    __slots__ = ("_single", "all", "memo", "multi_only", "next_forms", "next_stems", "plans")

    def __init__(self, cands: tuple[tuple[int, str, str, int, str, int], ...], matcher: LexiconMatcher) -> None:
        self.all = cands
        single: list[int] = []
        by_next: dict[str, list[int]] = {}
        by_next_stem: dict[str, list[int]] = {}
        for pos, c in enumerate(cands):
            if len(matcher.entries[c[0]].words) == 1:
                single.append(pos)
                continue
            second, via_enclitic = matcher._second[c[0]]
            for form in second:
                by_next.setdefault(form, []).append(pos)
                if via_enclitic:
                    by_next_stem.setdefault(form, []).append(pos)
        self._single = tuple(single)
        # For a caller's quick reject: with multi-word entries only, a next token that is none of next_forms
        # (and, when next_stems is not empty, leaves none of them without its enclitic) starts nothing here.
        self.multi_only = not single
        self.next_forms = by_next
        self.next_stems = by_next_stem
        self.memo: dict[str | None, tuple[tuple[int, str, str, int, str, int], ...]] = {}
        self.plans: dict[str | None, _Plan] = {}  # LexiconMatcher._plan, per next token

    def at(self, nxt: str | None) -> tuple[tuple[int, str, str, int, str, int], ...]:
        """The candidates still possible when the next token is ``nxt`` (None: no next token), in order: the
        one-word entries, and the multi-word entries whose second word ``nxt`` is, bare or (for those that
        allow it) with an enclitic. Cached per next token (``memo``; a caller may read it first)."""
        got = self.memo.get(nxt)
        if got is not None:
            return got
        if len(self._single) == len(self.all):
            res = self.all
        elif nxt is None:
            res = tuple(self.all[p] for p in self._single)
        else:
            keep = set(self._single)
            hit = self.next_forms.get(nxt)
            if hit:
                keep.update(hit)
            if self.next_stems:
                for p, stem, en, _ in analyses(nxt):
                    if en and not p:
                        hit = self.next_stems.get(stem)
                        if hit:
                            keep.update(hit)
            cands = self.all
            res = tuple(cands[p] for p in sorted(keep))
        if len(self.memo) > _NEXT_MEMO_LIMIT:
            self.memo.clear()
        self.memo[nxt] = res
        return res


class LexiconMatcher:
    """Find lexicon entries in a :class:`TextView`, through clitics and the inflections each entry allows.

    ``entries``: ``(surface, payload)`` pairs, ``(surface, payload, flags)`` triples, plain strings, or dicts
    ``{"surface": ..., "payload": ..., "feminine": bool, "plural": bool, "dual": bool, "proclitics": bool,
    "enclitics": bool, "accusative": bool}`` (indefinite accusative alef; defaults to the enclitics flag). Multi-word entries match across whitespace only; the first word may carry
    proclitics, the last an enclitic.
    """

    def __init__(self, entries: Iterable[Any], lemmas: bool = False) -> None:
        self.entries: list[Entry] = [e for e in (_coerce(x) for x in entries) if e.words]
        # Opt-in farahidi fallback (see :func:`lemmas`): single-word entries are also found through the lemma of
        # a token that nothing else matched (broken plurals جنود, conjugated verbs قتلوا, passives أصيب).
        self.use_lemmas = lemmas
        self._by_lemma: dict[str, list[int]] = {}
        self._skeletons: tuple[str, ...] = ()
        self._lemma_cache: dict[str, tuple[int, ...]] = {}
        if lemmas:
            skeletons: set[str] = set()
            for i, e in enumerate(self.entries):
                if len(e.words) == 1:
                    self._by_lemma.setdefault(e.words[0], []).append(i)
                    skeletons.update(_skeletons(e.surface))
            self._skeletons = tuple(sorted(skeletons))
        # first-word form -> [(entry index, inflection, needs_enclitic)]
        self._first: dict[str, list[tuple[int, str, bool]]] = {}
        # per multi-word entry: allowed forms of words 1..n-1 (last word: form -> needs_enclitic)
        self._rest: dict[int, tuple[list[frozenset[str]], dict[str, tuple[str, bool]]]] = {}
        self._second: dict[int, tuple[frozenset[str], bool]] = {}
        for i, e in enumerate(self.entries):
            for form, infl, needs in _word_variants(e.words[0], e):
                if len(e.words) > 1 and needs:
                    continue
                self._first.setdefault(form, []).append((i, infl, needs))
            if len(e.words) > 1:
                middle = [frozenset(f for f, _, n in _word_variants(w, e) if not n) for w in e.words[1:-1]]
                last = {f: (infl, n) for f, infl, n in _word_variants(e.words[-1], e)}
                self._rest[i] = (middle, last)
                # quick reject on the second token before the full check (most first-word hits go no further)
                second = middle[0] if middle else frozenset(last)
                self._second[i] = (second, not middle and e.enclitics)
        self._tok_cache: dict[str, Candidates | tuple[()]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, tok: str) -> Candidates | tuple[()]:
        """:meth:`candidates`, cached per token type."""
        got = self._tok_cache.get(tok)
        if got is not None:
            return got
        res = self.candidates(tok)
        if len(self._tok_cache) > _CACHE_LIMIT:
            self._tok_cache.clear()
        self._tok_cache[tok] = res
        return res

    def candidates(self, tok: str) -> Candidates | tuple[()]:
        """The entries a key token can start (:class:`Candidates`), or ``()`` when it starts none.

        Depends on the token string only, so callers cache it per token type (:meth:`find` does, and so does a
        caller that walks a view once for several matchers, see :meth:`spans_at`)."""
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
        if not out:
            return ()
        return Candidates(tuple(out), self)

    def find(
        self, view: TextView | str, start: int = 0, end: int | None = None, overlapping: bool = False
    ) -> list[Match]:
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
        check_teh = "teh_marbuta" in view.steps
        out: list[Match] = []
        tok_cache = self._tok_cache
        use_lemmas = self.use_lemmas
        # the end bound as a token index, so the hot loop below is a plain range test
        stop = bisect_left(ends, ke + 1)
        n = len(toks)
        while i < stop:
            cands = tok_cache.get(toks[i])
            if cands is None:
                cands = self._candidates(toks[i])
            if not use_lemmas:
                if not cands:
                    i += 1  # the common case: a token that starts no entry
                    continue
                if cands.memo.get(toks[i + 1] if i + 1 < n else None) == ():
                    # Candidates.at's memo says no entry can start here before this next token (a word that
                    # starts only multi-word names, followed by none of their second words): _best_at finds none
                    i += 1
                    continue
            best = self._best_at(view, i, cands, starts, ends, toks, ke, check_teh)
            if not best:
                i += 1
                continue
            if overlapping:
                out += [m for *_, m in best]
                i += 1
                continue
            top = max((nt, sl, ex) for nt, sl, ex, _ in best)
            seen: set[int] = set()
            for nt, sl, ex, m in best:
                if (nt, sl, ex) == top and m.entry not in seen:
                    seen.add(m.entry)
                    out.append(m)
            i += top[0]
        return out

    def spans_at(
        self,
        view: TextView,
        i: int,
        cands: Candidates | tuple[()] | None = None,
        ke: int | None = None,
    ) -> list[tuple[int, int]]:
        """``(entry index, last token index)`` of every match whose first token is token ``i`` of the view
        (:func:`view_tokens`) and whose last token ends at or before key offset ``ke`` (default: the end of the
        key): the matches ``find(view, ..., overlapping=True)`` gives for that token, in the same order.

        The per-token step of :meth:`find`, for a caller that walks a view once for many matchers: it can pass
        ``cands``, :meth:`candidates` of the token, from a cache of its own (and skip tokens without any)."""
        starts, ends, toks = view_tokens(view)
        if cands is None:
            cands = self._candidates(toks[i])
        if ke is None:
            ke = len(view.key)
        if not cands:
            if not self.use_lemmas:
                return []
            raw = []
        else:
            raw = self._raw_at(view, i, cands, starts, ends, toks, ke, "teh_marbuta" in view.steps)
        if not raw and self.use_lemmas:
            a, b = view.orig(starts[i]), view.orig(ends[i])
            return [(idx, i) for idx in self._lemma_entries(toks[i], view.text[a:b])]
        return [(r[0], r[4]) for r in raw]

    def _raw_at(
        self,
        view: TextView,
        i: int,
        cands: Candidates,
        starts: list[int],
        ends: list[int],
        toks: list[str],
        ke: int,
        check_teh: bool,
    ) -> list[tuple[int, str, int, int, int, str, str]]:
        """``(entry, proclitic, stem_offset, stem_len, last token, its enclitic, inflection)`` of the clitic
        analyses of token ``i`` that match an entry (lemmas aside), in candidate order."""
        key = view.key
        n = len(toks)
        out: list[tuple[int, str, int, int, int, str, str]] = []
        entries = self.entries
        rest = self._rest
        nxt = toks[i + 1] if i + 1 < n else None
        todo = cands.memo.get(nxt)  # `at`'s own memo, read here first: most calls are answered by it
        if todo is None:
            todo = cands.at(nxt)
        if len(todo) > _PLAN_MIN:
            # Many candidates share their first two words (an actor list's "وزير الخارجية ..."): look their last
            # word up by the stems of the token where it would stand, instead of testing each candidate.
            plan = cands.plans.get(nxt)
            if plan is None:
                plan = self._plan(cands, nxt, todo)
            keep, by_last = plan
            if by_last:
                pos = set(keep)
                for k, index in by_last.items():
                    if i + k < n:
                        for stem in _bare_stems(toks[i + k]):
                            hit = index.get(stem)
                            if hit:
                                pos.update(hit)
                todo = tuple(todo[p] for p in sorted(pos))
        for idx, pre, enc, off, infl, stem_len in todo:
            if enc and check_teh and enc[0] == "ه" and view.text[view.orig(ends[i] - len(enc))] == _TEH_MARBUTA:
                continue  # the "ه" is a folded ة: مدنية is not مدني + ه
            if len(entries[idx].words) > 1:
                # (Candidates.at kept only the entries whose second word the next token can be)
                # Many entries share their first two words ("قوات الأمن ..."): _match_rest fails for most of them
                # on the last word, whose stems (without a proclitic) must be a form of the entry's last word.
                # Testing that first, against the stems of that token, is the same test without the call.
                jl = i + len(rest[idx][0]) + 1
                if jl >= n or rest[idx][1].keys().isdisjoint(_bare_stems(toks[jl])):
                    continue
                j = self._match_rest(idx, i, starts, ends, toks, key, ke, view, check_teh)
                if j is None:
                    continue
                out.append((idx, pre, off, stem_len, j[0], j[1], j[2]))
            else:
                out.append((idx, pre, off, stem_len, i, enc, infl))
        return out

    def _plan(self, cands: Candidates, nxt: str | None, todo: tuple[tuple[int, str, str, int, str, int], ...]) -> _Plan:
        """For the candidates ``todo`` (= ``cands.at(nxt)``): the positions of the one-word entries, and the
        multi-word ones indexed by the distance from the first token to their last word and that word's forms
        (the keys of its ``_rest`` table, matched against a token's proclitic-free stems)."""
        keep: list[int] = []
        by_last: dict[int, dict[str, list[int]]] = {}
        for p, c in enumerate(todo):
            if len(self.entries[c[0]].words) == 1:
                keep.append(p)
                continue
            middle, last = self._rest[c[0]]
            index = by_last.setdefault(len(middle) + 1, {})
            for form in last:
                index.setdefault(form, []).append(p)
        plan = (tuple(keep), by_last)
        if len(cands.plans) > _NEXT_MEMO_LIMIT:
            cands.plans.clear()
        cands.plans[nxt] = plan
        return plan

    def _best_at(
        self,
        view: TextView,
        i: int,
        cands: Candidates | tuple[()],
        starts: list[int],
        ends: list[int],
        toks: list[str],
        ke: int,
        check_teh: bool,
    ) -> list[tuple[int, int, int, Match]]:
        """The matches starting at token ``i``, each with its rank (tokens, stem length, uninflected)."""
        best: list[tuple[int, int, int, Match]] = []
        if cands:
            for idx, pre, off, stem_len, last, last_enc, last_infl in self._raw_at(
                view, i, cands, starts, ends, toks, ke, check_teh
            ):
                e = self.entries[idx]
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
                # rank: most tokens, then the longest stem, then an uninflected reading (حلبا the town over
                # حلب + accusative alef)
                best.append((last - i + 1, stem_len, int(last_infl == ""), m))
        if not best and self.use_lemmas:
            a, b = view.orig(starts[i]), view.orig(ends[i])
            for idx in self._lemma_entries(toks[i], view.text[a:b]):
                e = self.entries[idx]
                best.append((1, 0, 0, Match(a, b, a, b, e.payload, e.surface, inflection="lemma", entry=idx)))
        return best

    def _lemma_entries(self, key_tok: str, word: str) -> tuple[int, ...]:
        """Entries whose form is a lemma of ``word``. farahidi is asked only when the token holds the strong
        consonants of some entry's root in order (a cheap filter that skips ~95% of tokens), cached per type."""
        got = self._lemma_cache.get(word)
        if got is not None:
            return got
        out: tuple[int, ...] = ()
        if any(_subsequence(sk, key_tok) for sk in self._skeletons):
            for lem in lemmas(word):
                hit = self._by_lemma.get(lem)
                if hit:
                    out = tuple(hit)
                    break
        if len(self._lemma_cache) > _CACHE_LIMIT:
            self._lemma_cache.clear()
        self._lemma_cache[word] = out
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
        n = len(toks)
        # Words of a multi-word entry may be separated by whitespace only (not punctuation or a line of other
        # text): the gap tests are inline, as this runs for every candidate that passed the second-token test.
        for allowed in middle:
            j += 1
            if j >= n or ends[j] > ke or toks[j] not in allowed:
                return None
            a, b = ends[j - 1], starts[j]
            if not (0 < b - a <= 3 and key[a:b].isspace()):
                return None
        j += 1
        if j >= n or ends[j] > ke:
            return None
        a, b = ends[j - 1], starts[j]
        if not (0 < b - a <= 3 and key[a:b].isspace()):
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
