"""The coder's word lists, compiled once: triggers, cues, filters, reporting cues, PLOVER verbs, actors.

Every list is matched on the normalization key through ``rasd.lang.ar.morphology`` (clitic-aware, word-bounded).
The resources use one extra notation the morphology matcher does not have: a final ``*`` means "any ending"
(قصف* covers قصفت، قصفوا، قصفها), which verbs need since their inflections are suffixes of the stem. Such
terms are matched here by prefix on the clitic-stripped token.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import count
from operator import itemgetter
from typing import Any, NamedTuple

from rasd import resources
from rasd.lang.ar.morphology import Candidates, LexiconMatcher, analyses, view_tokens
from rasd.lang.ar.normalize import TextView, fold

_HITS = "rasd.code.lexicon.hits"  # TextView cache entry: TermSet serial -> the set's hits in the whole view
_RANGE = "rasd.code.lexicon.range"  # TextView cache entry: the last range asked and its key range
_EACH = "rasd.code.lexicon.each"  # TextView cache entry: find_each's sets and names, and those with hits (_each_plan)
_SERIALS = count()
_TOK_CACHE_LIMIT = 200_000

_Wild = tuple[tuple[int, ...], tuple[tuple[tuple[str, ...], Any, str], ...]]
# What a token type starts in one set: (set serial, its matcher, the matcher's candidates, the set's one-word
# wildcard terms, the indexes of those the token matches, the multi-word wildcard terms its stems can start,
# the candidates' payloads when they need no test beyond the token: see _fixed_spans)
_TokEntry = tuple[int, Any, Candidates | tuple[()], list[Any], tuple[int, ...], tuple[Any, ...], tuple[Any, ...] | None]
# A set's hits in a whole view: (hits with the key offsets of their first token's start and last token's end,
# those first-token offsets alone, sorted, to bisect a range), or None when the offsets did not map back exactly.
_Whole = tuple[list[tuple[int, int, "Hit"]], list[int]] | None


def _key_range(view: TextView, start: int, end: int | None) -> tuple[int, int]:
    """``view.key_range(start, end)``, kept in the view's cache: the coder asks many sets about the same sentence
    or clause in a row."""
    last = view._cache.get(_RANGE)
    if last is not None and last[0] == start and last[1] == end:
        return last[2], last[3]
    ks, ke = view.key_range(start, end)
    view._cache[_RANGE] = (start, end, ks, ke)
    return ks, ke


class Hit(NamedTuple):
    """A term found in the text: original offsets, token indexes (key tokens of the view), and its payload.

    A named tuple rather than a frozen dataclass: the walk builds ~170 a document, and a tuple is built in one C
    call (a frozen dataclass sets each field through ``object.__setattr__``); callgrind counts 1.3% fewer
    instructions for the whole pipeline. Read-only and compared by value either way; a copy with one field
    changed is ``h._replace(...)``."""

    start: int
    end: int
    tok_start: int  # index of the first token
    tok_end: int  # index of the last token (inclusive)
    payload: Any
    surface: str


_tuple_new = tuple.__new__


def _new_hit(start: int, end: int, tok_start: int, tok_end: int, payload: Any, surface: str) -> Hit:
    """``Hit(start, end, tok_start, tok_end, payload, surface)`` without the named tuple's own ``__new__`` frame
    (the same object: the test suite compares the walk's hits with TermSet._find's)."""
    return _tuple_new(Hit, (start, end, tok_start, tok_end, payload, surface))


class TermSet:
    """A list of ``(term, payload)`` with the ``*`` notation, found in a view."""

    def __init__(self, terms: Iterable[tuple[str, Any]]) -> None:
        exact: list[tuple[str, Any]] = []
        # wildcard terms: tuple of key words (last one a prefix) -> payloads
        self._wild: dict[str, list[tuple[tuple[str, ...], Any, str]]] = {}
        for term, payload in terms:
            t = term.strip()
            if not t:
                continue
            if t.endswith("*"):
                words = tuple(fold(t[:-1]).split())
                if not words:
                    continue
                self._wild.setdefault(words[0] if len(words) > 1 else "", []).append((words, payload, t))
            else:
                exact.append((t, payload))
        self._matcher = LexiconMatcher([(t, (p, t)) for t, p in exact]) if exact else None
        # One-word wildcard terms indexed by stem, so a token costs one dict lookup per stem length instead of
        # a startswith() against every term (this loop was most of the coder's time).
        self._prefix: dict[str, list[int]] = {}
        for idx, (words, _, _) in enumerate(self._wild.get("", ())):
            if len(words[0]) >= 2:
                self._prefix.setdefault(words[0], []).append(idx)
        self._prefix_lens = sorted({len(k) for k in self._prefix})
        self._tok_cache: dict[str, tuple[tuple[int, ...], tuple[tuple[tuple[str, ...], Any, str], ...]]] = {}
        self._serial = next(_SERIALS)  # key of this set's hits in a view's cache (never reused, unlike id())

    def find(self, view: TextView, start: int = 0, end: int | None = None) -> list[Hit]:
        """Hits whose tokens lie within text range ``[start, end)``, sorted by start (longest first).

        The coder asks ~24 sets about every sentence of a document. Each set searches the whole view once and
        keeps the hits, with their key-token bounds, in the view's cache; a range is then a filter over them.
        That is exact: a hit found in a range depends on the range only through "its first token starts and its
        last token ends inside it" (multi-word terms have a fixed length), and filtering keeps the sorted order.
        """
        got = view._cache.get(_HITS)
        if got is None:
            got = view._cache[_HITS] = {}
        whole = got.get(self._serial, False)
        if whole is False:
            _group(self).walk(view, got)
            whole = got[self._serial]
        if whole is None:  # offsets did not map back exactly (never seen): search the range itself
            return self._find(view, start, end)
        hits, firsts = whole
        if not hits:  # most sets, in most documents
            return []
        ks, ke = _key_range(view, start, end)
        # hits are sorted by start, so their first-token offsets are too: the hits starting in [ks, ke] are one
        # slice (a hit starting after ke also ends after it), and only their ends remain to test
        lo, hi = bisect_left(firsts, ks), bisect_right(firsts, ke)
        return [h for _, b, h in hits[lo:hi] if b <= ke] if lo < hi else []

    def _find_all(self, view: TextView) -> _Whole:
        """Every hit of the whole view, searched by this set alone (the reference for :class:`_Group`)."""
        return _whole(view, self._find(view, 0, None))

    def _find(self, view: TextView, start: int = 0, end: int | None = None) -> list[Hit]:
        starts, ends, toks = view_tokens(view)
        out: list[Hit] = []
        if self._matcher is not None:
            for m in self._matcher.find(view, start, end, overlapping=True):
                ti = _tok_index(view, starts, m.token_start)
                tj = _tok_index(view, starts, m.token_end - 1)
                payload, surface = m.payload
                out.append(Hit(m.token_start, m.token_end, ti, tj, payload, surface))
        if self._wild:
            ks, ke = view.key_range(start, end)
            i = bisect_left(starts, ks)
            single = self._wild.get("", [])
            while i < len(toks) and ends[i] <= ke:
                singles, multis = self._tok_wild(toks[i])
                for idx in singles:
                    _, payload, surface = single[idx]
                    out.append(Hit(view.orig(starts[i]), view.orig(ends[i]), i, i, payload, surface))
                for words, payload, surface in multis:
                    j = i + len(words) - 1
                    if j >= len(toks) or ends[j] > ke:
                        continue
                    if all(toks[i + k] == words[k] for k in range(1, len(words) - 1)) and toks[j].startswith(words[-1]):
                        out.append(Hit(view.orig(starts[i]), view.orig(ends[j]), i, j, payload, surface))
                i += 1
        out.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return out

    def _tok_wild(self, tok: str) -> _Wild:
        """:meth:`_wild_of`, cached per token type."""
        got = self._tok_cache.get(tok)
        if got is not None:
            return got
        res = self._wild_of(tok)
        if len(self._tok_cache) > _TOK_CACHE_LIMIT:
            self._tok_cache.clear()
        self._tok_cache[tok] = res
        return res

    def _wild_of(self, tok: str) -> _Wild:
        """For a token type: the one-word wildcard terms it matches (term order) and the multi-word wildcard
        terms its stems can start (stem order). Both depend on the token string only."""
        stems = [s for _, s, e, _ in analyses(tok) if not e]
        matched: set[int] = set()
        if self._prefix:
            for s in stems:
                for n in self._prefix_lens:
                    if n > len(s):
                        break
                    idxs = self._prefix.get(s[:n])
                    if idxs:
                        matched.update(idxs)
        multis: list[tuple[tuple[str, ...], Any, str]] = []
        for s in stems:
            multis += self._wild.get(s, ())
        return (tuple(sorted(matched)), tuple(multis))


def find_each(
    sets: Mapping[str, TermSet], names: Iterable[str], view: TextView, start: int = 0, end: int | None = None
) -> dict[str, list[Hit]]:
    """``{name: sets[name].find(view, start, end) for name in names}``, in one call.

    The coder asks its ~25 filter sets about every sentence and clause; most of them have no hit in the
    document. Asked one by one, the per-call steps (cache lookups, the range) cost more than the answers; here
    they are taken once, and each set is one lookup (a set not searched yet in this view goes through find)."""
    got = view._cache.get(_HITS)
    if got is None:
        got = view._cache[_HITS] = {}
    if not isinstance(names, Mapping | list | tuple):
        names = list(names)  # an iterator is read once here (a fresh list never matches a kept plan)
    plan = view._cache.get(_EACH)
    if plan is None or plan[0] is not sets or plan[1] is not names:
        plan = _each_plan(sets, names, got)
        if plan is not None:
            view._cache[_EACH] = plan
    if plan is not None:
        # every set searched already: the names whose sets have no hit in the view get [] without a lookup (the
        # same answers as the loop below, in the same key order)
        _, _, order, busy = plan
        out: dict[str, list[Hit]] = {name: [] for name in order}
        out.update(_busy_in_range(busy, view, start, end))
        return out
    out = {}
    ks = ke = -1
    for name in names:
        ts = sets[name]
        whole = got.get(ts._serial)
        if whole is None:  # not searched yet (or offsets that did not map back): find knows what to do
            out[name] = ts.find(view, start, end)
            continue
        hits, firsts = whole
        if not hits:
            out[name] = []
            continue
        if ks < 0:
            ks, ke = _key_range(view, start, end)
        lo, hi = bisect_left(firsts, ks), bisect_right(firsts, ke)
        out[name] = [h for _, b, h in hits[lo:hi] if b <= ke] if lo < hi else []
    return out


def find_busy(
    sets: Mapping[str, TermSet], names: Iterable[str], view: TextView, start: int = 0, end: int | None = None
) -> dict[str, list[Hit]]:
    """:func:`find_each` without the names that have no hit in the range (most of them, for most sentences): the
    coder's filters read their hits with ``.get(name, [])``, and building the ~40 empty entries of every
    sentence cost more than finding the few with hits. Same hits, in the same key order."""
    plan = view._cache.get(_EACH)
    if view._cache.get(_HITS) is not None and plan is not None and plan[0] is sets and plan[1] is names:
        return _busy_in_range(plan[3], view, start, end)
    return {name: hits for name, hits in find_each(sets, names, view, start, end).items() if hits}


def _busy_in_range(
    busy: list[tuple[str, Any, list[int]]], view: TextView, start: int, end: int | None
) -> dict[str, list[Hit]]:
    """The hits in text range ``[start, end)`` of a kept plan's sets with hits in the view (``busy``, see
    :func:`_each_plan`), by name, for the names that have one there."""
    out: dict[str, list[Hit]] = {}
    if busy:
        ks, ke = _key_range(view, start, end)
        for name, hits, firsts in busy:
            lo, hi = bisect_left(firsts, ks), bisect_right(firsts, ke)
            if lo < hi:
                found = [h for _, b, h in hits[lo:hi] if b <= ke]
                if found:
                    out[name] = found
    return out


def _each_plan(sets: Mapping[str, TermSet], names: Iterable[str], got: dict[int, _Whole]) -> tuple[Any, ...] | None:
    """For :func:`find_each` on one view: ``(sets, names, the names in order, (name, hits, first offsets) of the
    sets with a hit in the view)``, or None while a set is not searched yet (or its offsets did not map back):
    then find_each asks set by set. ``sets`` and ``names`` are kept, so they are the same objects when reused."""
    order = list(names)
    busy = []
    for name in order:
        whole = got.get(sets[name]._serial)
        if whole is None:
            return None
        if whole[0]:
            busy.append((name, whole[0], whole[1]))
    return sets, names, order, busy


def _whole(view: TextView, hits: list[Hit]) -> _Whole:
    """A set's hits in the whole view with the key offsets of their first token's start and last token's end."""
    starts, ends, _ = view_tokens(view)
    out: list[tuple[int, int, Hit]] = []
    for h in hits:
        a = view.to_key(h.start)
        b = view.to_key(h.end)
        # key -> text offsets are strictly increasing, so this round trip identifies the tokens exactly
        ia = bisect_left(starts, a)
        ib = bisect_left(ends, b)
        if ia >= len(starts) or ib >= len(ends) or starts[ia] != a or ends[ib] != b:
            return None
        if view.orig(starts[ia]) != h.start or view.orig(ends[ib]) != h.end:
            return None
        out.append((a, b, h))
    return out, [a for a, _, _ in out]


class _Group:
    """The term sets in use, searched together: one walk over a view's tokens finds the hits of every set.

    The coder asks ~35 sets about each document. Searched one by one, each set walked all the tokens of the
    article (a dict lookup or two per token per set, most of the coder's time); here a token type is looked up
    once, in a cache of what it starts in any set (nothing, for most tokens), and only the sets it starts
    something in do more. Each set's hits are built exactly as :meth:`TermSet._find` builds them (same
    matcher and wildcard steps, same order, same sort), so they are the same hits.
    """

    def __init__(self, sets: list[TermSet]) -> None:
        self.sets = sets
        self.serials = frozenset(ts._serial for ts in sets)
        self._tok: dict[str, tuple[_TokEntry, ...]] = {}
        ix = _INDEX
        for ts in sets:
            ix.add(ts)
        self._ix = ix  # the index this group's sets are in (a later rebuild makes a new one; see _group)
        self._pos = {ts._serial: k for k, ts in enumerate(sets)}

    def _entry(self, tok: str) -> tuple[_TokEntry, ...]:
        """What ``tok`` starts in each set (:meth:`_entry_plain`), asking only the sets the start index names.

        A token type new to the process was looked up in all ~40 sets (two analyses loops each, ~30 us): on
        real news, with hundreds of new types an article, that was most of the coder's time. The index gives
        the few sets where one of its stems is a first-word form, a multi-word wildcard's first word or a
        one-word wildcard's stem prefix; any other set finds nothing for the token (the same lookups as
        ``candidates`` and ``_wild_of``), so the entry is the same."""
        ix = self._ix
        first, wild, prefix, lens = ix.first, ix.wild, ix.prefix, ix.lens
        hit: set[int] = set()
        for _, stem, enc, _ in analyses(tok):
            got = first.get(stem)
            if got:
                hit.update(got)
            if enc:
                continue  # wildcard terms match stems without an enclitic (_wild_of)
            got = wild.get(stem)
            if got:
                hit.update(got)
            for n in lens:
                if n > len(stem):
                    break
                got = prefix.get(stem[:n])
                if got:
                    hit.update(got)
        out: list[_TokEntry] = []
        if hit:
            pos, sets = self._pos, self.sets
            for k in sorted(pos[s] for s in hit if s in pos):
                ts = sets[k]
                # through the sets' own per-token caches: a set joining makes a new group, whose token cache
                # refills from these instead of building every Candidates again
                cands = ts._matcher._candidates(tok) if ts._matcher is not None else ()
                singles, multis = ts._tok_wild(tok) if ts._wild else ((), ())
                if cands or singles or multis:
                    fixed = _fixed_spans(ts._matcher, cands) if cands else None
                    out.append((ts._serial, ts._matcher, cands, ts._wild.get("", []), singles, multis, fixed))
        res = tuple(out)
        if len(self._tok) > _TOK_CACHE_LIMIT:
            self._tok.clear()
        self._tok[tok] = res
        return res

    def _entry_plain(self, tok: str) -> tuple[_TokEntry, ...]:
        """The plain definition of :meth:`_entry`: every set asked (not cached; the reference for tests)."""
        out: list[_TokEntry] = []
        for ts in self.sets:
            cands = ts._matcher.candidates(tok) if ts._matcher is not None else ()
            singles, multis = ts._wild_of(tok) if ts._wild else ((), ())
            if cands or singles or multis:
                fixed = _fixed_spans(ts._matcher, cands) if cands else None
                out.append((ts._serial, ts._matcher, cands, ts._wild.get("", []), singles, multis, fixed))
        return tuple(out)

    def walk(self, view: TextView, got: dict[int, _Whole]) -> None:
        """Fill ``got`` (a view's cache of whole-view hits by set serial) for every set of the group not in it."""
        want = {ts._serial for ts in self.sets if ts._serial not in got}
        if not want:
            return
        starts, ends, toks = view_tokens(view)
        ks, ke = view.key_range(0, None)
        check_teh = "teh_marbuta" in view.steps  # as spans_at reads it
        # Token bounds as hits use them (see _Bounds): a hit from token i to token j has text offsets
        # (ost[i], oen[j]), token indexes (i, etk[j]) and key bounds (starts[i], ends[j]).
        bounds = _Bounds(view, starts, ends)
        ost, oen, etk = bounds.ostarts, bounds.oends, bounds.etoks
        # per set: its hits as (key start, key end, hit), matcher and wildcard hits apart, as TermSet._find
        # collects them before its stable sort. A list is in text order by itself (tokens are walked in order);
        # it needs the sort only when one token gave it two hits or more (`mixed`), and the two lists of a set
        # need it when both have hits.
        mhits: dict[int, list[tuple[int, int, Hit]]] = {k: [] for k in want}
        whits: dict[int, list[tuple[int, int, Hit]]] = {k: [] for k in want}
        mixed: set[int] = set()
        every = len(want) == len(self.sets)
        tok_cache = self._tok
        i = bisect_left(starts, ks)
        n = len(toks)
        while i < n and ends[i] <= ke:
            entry = tok_cache.get(toks[i])
            if entry is None:
                entry = self._entry(toks[i])
            if not entry:
                i += 1
                continue
            nxt = toks[i + 1] if i + 1 < n else None
            a, ts_start = starts[i], ost[i]
            for k, matcher, cands, single, singles, multis, fixed in entry:
                if not every and k not in want:
                    continue
                if fixed is not None:
                    # one-word entries only: spans_at would give each of them at this token (see _fixed_spans)
                    out = mhits[k]
                    b, te, ti = ends[i], oen[i], etk[i]
                    for payload, surface in fixed:
                        out.append((a, b, _new_hit(ts_start, te, i, ti, payload, surface)))
                    if len(fixed) > 1:
                        mixed.add(k)
                # the matcher's own second-token test, read from its memo first: most multi-word candidates
                # stop here (a memo entry, empty or not, is the answer: `at` is asked only without one)
                elif cands and (
                    not cands.multi_only or (cands.at(nxt) if (todo := cands.memo.get(nxt)) is None else todo)
                ):
                    if matcher.use_lemmas:
                        spans = matcher.spans_at(view, i, cands, ke)
                    else:
                        # spans_at's own step for a token with candidates and no lemma fallback, without its
                        # per-call set-up (the view's tokens, the teh marbuta step): the same (entry, last token)
                        spans = [
                            (r[0], r[4]) for r in matcher._raw_at(view, i, cands, starts, ends, toks, ke, check_teh)
                        ]
                    if spans:
                        out = mhits[k]
                        entries = matcher.entries
                        for idx, last in spans:
                            payload, surface = entries[idx].payload
                            out.append((a, ends[last], _new_hit(ts_start, oen[last], i, etk[last], payload, surface)))
                        if len(spans) > 1:
                            mixed.add(k)
                if singles or multis:
                    out = whits[k]
                    before = len(out)
                    if singles:
                        # (wildcard hits keep the walk's own token indexes, as TermSet._find builds them)
                        b, te = ends[i], oen[i]
                        for idx in singles:
                            _, payload, surface = single[idx]
                            out.append((a, b, _new_hit(ts_start, te, i, i, payload, surface)))
                    for words, payload, surface in multis:
                        j = i + len(words) - 1
                        if j >= n or ends[j] > ke:
                            continue
                        if all(toks[i + q] == words[q] for q in range(1, len(words) - 1)) and toks[j].startswith(
                            words[-1]
                        ):
                            out.append((a, ends[j], _new_hit(ts_start, oen[j], i, j, payload, surface)))
                    if len(out) - before > 1:
                        mixed.add(k)
            i += 1
        for k in want:
            mh, wh = mhits[k], whits[k]
            if mh and wh:
                hits = mh + wh
                mixed.add(k)
            else:
                hits = mh or wh
            if not hits:
                got[k] = ([], [])
                continue
            if k in mixed:
                # TermSet._find's order (by start, the longest first), by the key bounds kept with each hit, through
                # C key functions (no Python call per hit): the key start and end are the text start and end mapped
                # back exactly (see _Bounds), and orig is strictly increasing on key offsets, so they order hits as
                # the text offsets do.
                # By end, longest first, then by start: sort is stable (also in reverse), so hits with the same
                # start stay longest first, and hits with the same bounds in the walk's order.
                hits.sort(key=_KEY_END, reverse=True)
                hits.sort(key=_KEY_START)
            got[k] = (hits, [t[0] for t in hits])


_KEY_START = itemgetter(0)
_KEY_END = itemgetter(1)


def _fixed_spans(matcher: LexiconMatcher | None, cands: Candidates | tuple[()]) -> tuple[Any, ...] | None:
    """The entries' payloads when ``spans_at`` gives every candidate at the token itself whatever the view: all
    are one-word entries (nothing to test on later tokens), none with an enclitic "ه" (tested against the text:
    it may be a folded ة) and no lemma fallback. None otherwise (the walk then calls ``spans_at``)."""
    if not cands or matcher is None or matcher.use_lemmas:
        return None
    entries = matcher.entries
    out = []
    for idx, _, enc, _, _, _ in cands.all:
        if len(entries[idx].words) > 1 or enc[:1] == "ه":
            return None
        out.append(entries[idx].payload)
    return tuple(out)


class _Bounds:
    """Text offsets and key bounds of tokens as hits use them, for every token of a view at once.

    For the token starting a hit: its text start, the token index :func:`_tok_index` finds for it (matcher
    hits), and its key start if it maps back exactly (the test of :func:`_whole`; None otherwise); likewise for
    the token ending a hit. These are ``(orig(start), i, start)`` and ``(orig(end), etoks[j], end)``, so the walk
    builds them from ``ostarts``/``oends`` (``orig_many``: a slice per deleted run) instead of asking
    ``orig``/``to_key`` per token, which was a quarter of its time on texts with harakat or tatweel.

    Why: normalization only deletes runs of characters, so the key offset of a token's first letter maps to that
    letter (``orig``) and back (``to_key``); a token's key end maps past the marks written after its last letter
    and back. ``_tok_index`` of the text offset before that end (the last letter, or a mark after it) finds the
    token itself, except when marks follow it and the next token starts right there (a number and a word
    written together, "11ءا"): the key offset of a mark is the next token's start, so the index is the next
    token's (``etoks``). ``test_token_bounds_on_any_text_equal_their_plain_definition`` checks all of this
    against the step-by-step definition."""

    __slots__ = ("ends", "etoks", "oends", "ostarts", "starts")

    def __init__(self, view: TextView, starts: list[int], ends: list[int]) -> None:
        self.starts = starts
        self.ends = ends
        self.ostarts = view.orig_many(starts)
        self.oends = view.orig_many(ends)
        etoks = list(range(len(ends)))
        # deleted runs are few (a handful an article), so look for the exception run by run
        for kp in view.deleted_at():
            j = bisect_left(ends, kp)
            if j + 1 < len(ends) and ends[j] == kp and starts[j + 1] == kp:
                etoks[j] = j + 1
        self.etoks = etoks

    def start(self, i: int) -> tuple[int, int, int | None]:
        return self.ostarts[i], i, self.starts[i]

    def end(self, j: int) -> tuple[int, int, int | None]:
        return self.oends[j], self.etoks[j], self.ends[j]


class _StartIndex:
    """Which sets a token type can start something in, by the strings :meth:`_Group._entry` looks a token's
    stems up by: ``first`` the first-word forms of a set's matcher (what ``LexiconMatcher.candidates`` looks
    up), ``wild`` the first words of its wildcard terms (``_wild_of``'s multi-word lookup) and ``prefix`` the
    stems of its one-word wildcard terms (``_wild_of``'s prefix lookup, by the lengths in ``lens``); each string
    -> the serials of the sets that have it. A set is added once; serials of sets gone stay until a rebuild."""

    __slots__ = ("first", "lens", "prefix", "serials", "wild")

    def __init__(self) -> None:
        self.first: dict[str, list[int]] = {}
        self.wild: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        self.lens: list[int] = []
        self.serials: set[int] = set()

    def add(self, ts: TermSet) -> None:
        s = ts._serial
        if s in self.serials:
            return
        if ts._matcher is not None:
            for form in ts._matcher._first:
                self.first.setdefault(form, []).append(s)
        for word in ts._wild:
            self.wild.setdefault(word, []).append(s)
        for stem in ts._prefix:
            self.prefix.setdefault(stem, []).append(s)
        self.lens = sorted({*self.lens, *ts._prefix_lens})
        self.serials.add(s)


_INDEX = _StartIndex()
_LIVE: weakref.WeakValueDictionary[int, TermSet] = weakref.WeakValueDictionary()  # queried sets, by serial
_CURRENT: _Group | None = None  # the group of the sets in _LIVE (read without the lock: one reference)
_LOCK = threading.Lock()


def _group(ts: TermSet) -> _Group:
    """The group of the sets queried so far in this process, ``ts`` included. A set joins on its first query
    (sets are built once per process, so the group settles after the first documents); joining starts a new
    group, whose token cache refills."""
    global _CURRENT, _INDEX
    g = _CURRENT
    if g is not None and ts._serial in g.serials:
        return g
    with _LOCK:
        g = _CURRENT
        if g is not None and ts._serial in g.serials:
            return g
        _LIVE[ts._serial] = ts
        # Drop the old group first, so that sets nothing else holds (a test's) leave _LIVE instead of being
        # carried into every later group.
        _CURRENT = g = None
        if len(_INDEX.serials) > 2 * len(_LIVE) + 64:
            _INDEX = _StartIndex()  # mostly sets gone (tests build many): start over from the live ones
        g = _CURRENT = _Group(sorted(_LIVE.values(), key=lambda t: t._serial))
        return g


def _tok_index(view: TextView, starts: list[int], orig_offset: int) -> int:
    k = view.to_key(orig_offset)
    return max(0, bisect_right(starts, k) - 1)


def _terms(items: Iterable[Any], payload: Any) -> list[tuple[str, Any]]:
    return [(str(t), payload) for t in items or ()]


@dataclass(slots=True)
class Lexicon:
    triggers: TermSet
    families: dict[str, dict[str, Any]]
    cues: TermSet
    filters: dict[str, TermSet]
    filter_cfg: dict[str, dict[str, Any]]
    reporting: TermSet  # payload: ("after"|"speech"|"source", term)
    report_stop: frozenset[str]
    report_max: int
    denial: TermSet
    denial_stop: frozenset[str]
    claim: TermSet
    claim_stop: frozenset[str]
    plover: TermSet
    actors: TermSet  # payload: actor entry dict
    versions: dict[str, str]


@cache
def lexicon() -> Lexicon:
    """All coder resources, compiled (cached per process)."""
    trig = resources.load("ar/triggers.yaml")
    filt = resources.load("ar/filters.yaml")
    rep = resources.load("ar/reporting.yaml")
    plo = resources.load("ar/plover.yaml")
    from rasd.pipeline.code.actors import actor_terms

    trig_terms: list[tuple[str, Any]] = []
    for fam, spec in trig["families"].items():
        trig_terms += _terms(spec["terms"], fam)
    cue_terms: list[tuple[str, Any]] = []
    for cue, words in trig["cues"].items():
        cue_terms += _terms(words, cue)
    filters: dict[str, TermSet] = {}
    cfg: dict[str, dict[str, Any]] = {}
    for name, spec in filt.items():
        if name == "version" or not isinstance(spec, dict):
            continue
        terms = spec.get("terms") or spec.get("heads") or []
        filters[name] = TermSet(_terms(terms, name))
        cfg[name] = dict(spec)
        if "exempt" in spec:
            filters[name + ":exempt"] = TermSet(_terms(spec["exempt"], "exempt"))
        if "not_future" in spec:
            cfg[name]["not_future_set"] = TermSet(_terms(spec["not_future"], "not"))
    rb = rep["reported_by"]
    rep_terms = (
        [(t, ("after", t)) for t in rb["after"]]
        + [(t, ("speech", t)) for t in rb["speech"]]
        + [(t, ("source", t)) for t in rb["sources"]]
    )
    plover_terms: list[tuple[str, Any]] = []
    for typ, words in plo["types"].items():
        plover_terms += _terms(words, typ)
    return Lexicon(
        triggers=TermSet(trig_terms),
        families=dict(trig["families"]),
        cues=TermSet(cue_terms),
        filters=filters,
        filter_cfg=cfg,
        reporting=TermSet(rep_terms),
        report_stop=frozenset(fold(s) for s in rb["stop"]),
        report_max=int(rb.get("max_words", 9)),
        denial=TermSet(_terms(rep["denied_by"]["verbs"], "deny")),
        denial_stop=frozenset(fold(s.rstrip("*")) for s in rep["denied_by"]["stop"]),
        claim=TermSet(
            _terms(rep["claimed_by"]["verbs"], "claim") + _terms(rep["claimed_by"]["responsibility"], "resp")
        ),
        claim_stop=frozenset(fold(s) for s in rep["claimed_by"]["stop"]),
        plover=TermSet(plover_terms),
        actors=TermSet(actor_terms()),
        versions={
            name: str(resources.load(f"ar/{name}.yaml").get("version"))
            for name in ("triggers", "filters", "reporting", "plover", "actors")
        },
    )
