"""The coder's word lists, compiled once: triggers, cues, filters, reporting cues, PLOVER verbs, actors.

Every list is matched on the normalization key through ``rasd.lang.ar.morphology`` (clitic-aware, word-bounded).
The resources use one extra notation the morphology matcher does not have: a final ``*`` means "any ending"
(قصف* covers قصفت، قصفوا، قصفها), which verbs need since their inflections are suffixes of the stem. Such
terms are matched here by prefix on the clitic-stripped token.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import count
from typing import Any

from rasd import resources
from rasd.lang.ar.morphology import LexiconMatcher, analyses, view_tokens
from rasd.lang.ar.normalize import TextView, fold

_HITS = "rasd.code.lexicon.hits"  # TextView cache entry: TermSet serial -> the set's hits in the whole view
_SERIALS = count()
_TOK_CACHE_LIMIT = 200_000


@dataclass(slots=True, frozen=True)
class Hit:
    """A term found in the text: original offsets, token indexes (key tokens of the view), and its payload."""

    start: int
    end: int
    tok_start: int  # index of the first token
    tok_end: int  # index of the last token (inclusive)
    payload: Any
    surface: str


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
        if self._serial not in got:
            got[self._serial] = self._find_all(view)
        whole = got[self._serial]
        if whole is None:  # offsets did not map back exactly (never seen): search the range itself
            return self._find(view, start, end)
        ks, ke = view.key_range(start, end)
        return [h for a, b, h in whole if a >= ks and b <= ke]

    def _find_all(self, view: TextView) -> list[tuple[int, int, Hit]] | None:
        """Every hit of the whole view with the key offsets of its first token's start and last token's end."""
        starts, ends, _ = view_tokens(view)
        out: list[tuple[int, int, Hit]] = []
        for h in self._find(view, 0, None):
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
        return out

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

    def _tok_wild(self, tok: str) -> tuple[tuple[int, ...], tuple[tuple[tuple[str, ...], Any, str], ...]]:
        """For a token type: the one-word wildcard terms it matches (term order) and the multi-word wildcard
        terms its stems can start (stem order), cached: both depend on the token string only."""
        got = self._tok_cache.get(tok)
        if got is not None:
            return got
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
        res = (tuple(sorted(matched)), tuple(multis))
        if len(self._tok_cache) > _TOK_CACHE_LIMIT:
            self._tok_cache.clear()
        self._tok_cache[tok] = res
        return res


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
