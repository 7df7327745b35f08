"""The term sets are searched together (one walk over a view's tokens for every set, ``lexicon._Group``): each
set must get exactly the hits its own search finds (``TermSet._find``), for any text and any range, including
texts with harakat and tatweel (whose key offsets differ from the text's) and words the lists start but do not
finish."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rasd.lang.ar.normalize import normalize
from rasd.pipeline.code import lexicon as lexmod
from rasd.pipeline.code.coder import _role_sets
from rasd.pipeline.code.lexicon import TermSet, lexicon


def _sets() -> list[TermSet]:
    lex = lexicon()
    out = [lex.triggers, lex.cues, lex.reporting, lex.denial, lex.claim, lex.plover, lex.actors]
    out += [*lex.filters.values(), *_role_sets().values()]
    out += [c["not_future_set"] for c in lex.filter_cfg.values() if "not_future_set" in c]
    return out


def _vocabulary() -> tuple[list[str], list[str]]:
    """Words of the lists themselves (wildcard stems with an ending) and their first words alone; and apart,
    the multi-word terms (rarer in a random draw, and where the walk does the most)."""
    single: set[str] = set()
    multi: set[str] = set()
    for ts in _sets():
        if ts._matcher is not None:
            for e in ts._matcher.entries[:400]:
                (multi if len(e.words) > 1 else single).add(e.surface)
                single.add(e.surface.split()[0])
        for terms in ts._wild.values():
            for ws, _, _ in terms[:200]:
                (multi if len(ws) > 1 else single).add(" ".join(ws) + "ت")
                single.add(ws[0])
    return sorted(single), sorted(multi)


VOCAB, MULTI = _vocabulary()
CLITICS = ["", "", "", "و", "ب", "ل", "ال", "وال", "فال", "لل"]
ENDINGS = ["", "", "", "ه", "ها", "هم", "ات", "ون", "ة"]
FILLER = ["في", "من", "على", "أن", "قال", "اليوم", "مدينة", "حلب", "عشرة", "2024", "كان", "قد", "لم"]
SEPARATORS = [" ", " ", " ", " ", "، ", ". ", "\n", "  ", " - ", ": ", "«", "» "]
MARKS = ["\u064e", "\u0650", "\u064f", "\u0651", "\u0640", "\u064b"]


def _text(seed: int, n: int, marks: bool) -> str:
    rnd = random.Random(seed)
    parts: list[str] = []
    for _ in range(n):
        r = rnd.random()
        w = rnd.choice(MULTI) if r < 0.3 else rnd.choice(VOCAB) if r < 0.7 else rnd.choice(FILLER)
        w = rnd.choice(CLITICS) + w + rnd.choice(ENDINGS)
        if marks and rnd.random() < 0.3:
            at = rnd.randrange(1, len(w) + 1)
            w = w[:at] + rnd.choice(MARKS) + w[at:]
        parts.append(w + rnd.choice(SEPARATORS))
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 40), st.booleans(), st.data())
def test_every_set_gets_its_own_hits(seed: int, n: int, marks: bool, data: st.DataObject) -> None:
    text = _text(seed, n, marks)
    view = normalize(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.one_of(st.none(), st.integers(a, len(text))))
    for ts in _sets():
        assert ts.find(view) == ts._find(view)
        assert ts.find(view, a, b) == ts._find(view, a, b)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**9), st.booleans())
def test_group_walk_equals_each_sets_whole_view_search(seed: int, marks: bool) -> None:
    text = _text(seed, 30, marks)
    view = normalize(text)
    sets = _sets()
    for ts in sets:
        ts.find(view)  # every set joins the group
    got: dict[int, object] = {}
    group = lexmod._CURRENT
    assert group is not None
    group.walk(view, got)  # type: ignore[arg-type]
    for ts in sets:
        assert got[ts._serial] == ts._find_all(view)


def test_a_set_built_later_joins_the_group() -> None:
    view = normalize("قصفت الطائرات المدينة وقتل مدنيان، وقال مصدر إن الجيش نفى ذلك.")
    lexicon().triggers.find(view)
    late = TermSet([("نفى", "deny"), ("قصف*", "strike"), ("مصدر محلي", "src")])
    assert [h.surface for h in late.find(view)] == ["قصف*", "نفى"]
    assert late.find(view) == late._find(view)
    assert lexmod._CURRENT is not None and late in lexmod._CURRENT.sets


def _plain_entry(entry: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """An entry with each matcher's candidates by value (a Candidates object is built afresh on each call)."""
    return [(t[0], t[1], getattr(t[2], "all", t[2]), *t[3:]) for t in entry]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9))
def test_a_tokens_entry_asks_only_the_indexed_sets_and_equals_asking_every_set(seed: int) -> None:
    for ts in _sets():
        ts.find(normalize("قصف"))  # every set joins the group
    group = lexmod._CURRENT
    assert group is not None
    rnd = random.Random(seed)
    toks = normalize(_text(seed, 40, rnd.random() < 0.5)).key.split()
    toks += [rnd.choice(VOCAB)[: rnd.randrange(1, 6)] for _ in range(10)]  # word beginnings, partial stems
    for tok in toks:
        assert _plain_entry(group._entry(tok)) == _plain_entry(group._entry_plain(tok))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.booleans(), st.data())
def test_find_each_equals_asking_each_set(seed: int, marks: bool, data: st.DataObject) -> None:
    text = _text(seed, 30, marks)
    view = normalize(text)
    lex = lexicon()
    for _ in range(3):  # the first call searches the view; the next ones read its cache (and another range)
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.one_of(st.none(), st.integers(a, len(text))))
        got = lexmod.find_each(lex.filters, lex.filter_cfg, view, a, b)
        assert got == {name: lex.filters[name]._find(view, a, b) for name in lex.filter_cfg}


@given(st.integers(), st.integers(), st.integers(), st.integers(), st.text(max_size=5), st.text(max_size=5))
def test_the_walks_hit_builder_builds_the_same_hit(a: int, b: int, c: int, d: int, p: str, s: str) -> None:
    fast, plain = lexmod._new_hit(a, b, c, d, p, s), lexmod.Hit(a, b, c, d, p, s)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)


def _bounds_plain(view: Any, starts: list[int], ends: list[int], i: int) -> tuple[Any, Any]:
    """_Bounds.start / .end as first written (every step, no shortcut for the round trip to the token itself)."""
    from bisect import bisect_left, bisect_right

    t = view.orig(starts[i])
    a = view.to_key(t)
    ia = bisect_left(starts, a)
    at_start = ia < len(starts) and starts[ia] == a
    ok = at_start and view.orig(starts[ia]) == t
    ti = ia if at_start else max(0, bisect_right(starts, a) - 1)
    te = view.orig(ends[i])
    b = view.to_key(te)
    ib = bisect_left(ends, b)
    ok_e = ib < len(ends) and ends[ib] == b and view.orig(ends[ib]) == te
    return (t, ti, a if ok else None), (te, lexmod._tok_index(view, starts, te - 1), b if ok_e else None)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 30), st.booleans())
def test_token_bounds_equal_their_plain_definition(seed: int, n: int, marks: bool) -> None:
    from rasd.lang.ar.morphology import view_tokens

    text = _text(seed, n, marks)
    if marks:  # marks and tatweel also before a word and after its last letter
        rnd = random.Random(seed)
        text = "".join(c + (rnd.choice(MARKS) if c == " " and rnd.random() < 0.3 else "") for c in text)
    view = normalize(text)
    starts, ends, _ = view_tokens(view)
    bounds = lexmod._Bounds(view, starts, ends)
    for i in range(len(starts)):
        assert (bounds.start(i), bounds.end(i)) == _bounds_plain(view, starts, ends, i)


# any characters, with the deleted ones (harakat, tatweel, invisible marks) often and anywhere: before, inside,
# after and between words, alone, at both ends of the text
_DELETED = ["\u064e", "\u0651", "\u0640", "\u200c", "\u200f", "\ufeff", "\u00ad", "\u0670"]
_ANY = st.lists(
    st.one_of(st.sampled_from([*"ابتقلمنهوية", " ", "،", ".", "1", "٢", *_DELETED]), st.characters()), max_size=80
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ANY)
@example("\u0640\u0651 قتل 11\u064eءا \u200f12\u0651\u0640قصف\u064e")  # a mark between a number and a word
def test_token_bounds_on_any_text_equal_their_plain_definition(text: str) -> None:
    """The walk takes every token's bounds as (orig(start), i, start) and (orig(end), j, end) (see _Bounds): the
    step-by-step definition must agree on any text, whatever it deletes and where."""
    from rasd.lang.ar.morphology import view_tokens

    view = normalize(text)
    starts, ends, _ = view_tokens(view)
    bounds = lexmod._Bounds(view, starts, ends)
    for i in range(len(starts)):
        assert (bounds.start(i), bounds.end(i)) == _bounds_plain(view, starts, ends, i)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9), st.booleans(), st.data())
def test_find_each_with_a_kept_plan_equals_asking_each_set(seed: int, marks: bool, data: st.DataObject) -> None:
    """The second call on a view reads the kept plan (the names whose sets have a hit); other names, a tuple or an
    iterator of them, make another plan or none."""
    text = _text(seed, 30, marks)
    view = normalize(text)
    lex = lexicon()
    subset = tuple(data.draw(st.lists(st.sampled_from(sorted(lex.filter_cfg)), max_size=8)))
    for names in (lex.filter_cfg, lex.filter_cfg, subset, subset, iter(subset), lex.filter_cfg):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.one_of(st.none(), st.integers(a, len(text))))
        want = {
            name: lex.filters[name]._find(view, a, b) for name in (subset if names is not lex.filter_cfg else names)
        }
        assert lexmod.find_each(lex.filters, names, view, a, b) == want


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9), st.booleans(), st.data())
def test_find_busy_is_find_each_without_the_empty_names(seed: int, marks: bool, data: st.DataObject) -> None:
    """On a fresh view (no plan yet: through find_each) and then with the kept plan, for the filters' names and
    for a subset of them."""
    text = _text(seed, 30, marks)
    view = normalize(text)
    lex = lexicon()
    subset = tuple(data.draw(st.lists(st.sampled_from(sorted(lex.filter_cfg)), max_size=8)))
    for names in (lex.filter_cfg, lex.filter_cfg, subset, subset, lex.filter_cfg, lex.filter_cfg):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.one_of(st.none(), st.integers(a, len(text))))
        want = {name: lex.filters[name]._find(view, a, b) for name in names}
        got = lexmod.find_busy(lex.filters, names, view, a, b)
        assert got == {name: hits for name, hits in want.items() if hits}
        assert list(got) == [name for name in want if want[name]]
