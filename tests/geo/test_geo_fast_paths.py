"""Fast paths of the geocoder against their plain definitions."""

from __future__ import annotations

import math
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from rasd.pipeline import geocode

_COORD = st.one_of(st.none(), st.sampled_from([0.0, 33.5, 36.2, 15.35, -1.0]), st.floats(-80, 80))
_PLACE = st.builds(
    SimpleNamespace,
    kind=st.sampled_from(["country", "admin1", "admin2", "populated_place"]),
    iso=st.sampled_from([None, "", "SY", "IQ", "YE"]),
    latitude=_COORD,
    longitude=_COORD,
)


@given(st.integers(0, 40_000_000))
def test_population_term_equals_its_formula(population: int) -> None:
    p = math.log10(population + 1) / 2 + (1.0 if population >= geocode._METROPOLIS else 0.0)
    assert geocode._pop_term(population) == (p, f"pop+{p:.1f}")
    assert geocode._POP_TERM[population] == (p, f"pop+{p:.1f}")  # the cached value rank reads


_ISO = st.sampled_from([None, "", "SY", "IQ", "YE", "PS", "IL", "LB", "SD", "SS"])


@given(
    st.lists(st.dictionaries(_ISO.filter(bool), st.sampled_from([0.0, 0.5, 1.5, -1.0])), min_size=1, max_size=3),
    st.lists(_ISO, max_size=12),
)
def test_unmentioned_equals_its_plain_definition(contexts: list[dict[str, float]], isos: list[str | None]) -> None:
    r = object.__new__(geocode.Resolver)  # no gazetteer needed: these read only the article's context
    r._unmentioned_memo = (geocode.Weights(float), {})
    for c in contexts:  # one article after another, each with its own context
        r._ctx1 = geocode.Weights(float, c)
        for iso in isos * 2:  # again, from the memo
            assert r.unmentioned(iso) == r._unmentioned_plain(iso)


_ROLE_WORDS = st.sampled_from(
    ["يبعد", "تبعد", "بعد", "بمسافة", "نحو", "20", "كم", "كيلومترا", "ميلا", "مترا", "من", "عن", "الحدود", "حدود",
     "الحدودية", "الحدودي", "السورية", "مع", "قرب", "مدينة", "x", "\n", "."]
)  # fmt: skip


@given(st.lists(st.tuples(_ROLE_WORDS, st.sampled_from([" ", "  ", "", "\n"])), max_size=24), st.integers(0, 30))
def test_role_equals_its_plain_definition(parts: list[tuple[str, str]], floor: int) -> None:
    from rasd.lang.ar.normalize import normalize

    view = normalize("".join(w + s for w, s in parts))
    for k in range(len(view.key) + 1):
        assert geocode.Resolver._role(view, floor, k) == geocode.Resolver._role_plain(view, floor, k)


_ADMIN = st.sampled_from([None, "", "Al-Anbar", "Anbar", "Al Anbar Governorate", "Aleppo", "Halab", "Idlib", "Idleb"])
_ENTRY = st.builds(SimpleNamespace, admin1=_ADMIN, name=_ADMIN, latitude=_COORD, longitude=_COORD)


@given(_ENTRY, _ENTRY)
def test_inside_equals_its_plain_definition(e: SimpleNamespace, prov: SimpleNamespace) -> None:
    assert geocode._inside(e, prov) == geocode._inside_plain(e, prov)
    assert geocode._inside(e, prov) == geocode._inside_plain(e, prov)  # again, from the cache


_ANCHOR = st.builds(
    SimpleNamespace,
    kind=st.sampled_from(["country", "admin1", "admin2", "populated_place"]),
    iso=st.sampled_from([None, "", "SY", "IQ", "YE"]),
    # latitudes 0.9 and 2.7 degrees apart: about 100 and 300 km, the limits rank asks
    latitude=st.one_of(st.none(), st.sampled_from([33.5, 34.4, 36.2, 36.2 - 2.7, 15.35, 15.35 + 0.9])),
    longitude=st.one_of(st.none(), st.sampled_from([36.3, 37.1, 44.2, 36.2])),
)


@given(
    st.lists(st.tuples(st.integers(0, 3), _ANCHOR), max_size=10),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 12)), min_size=1, max_size=6),
    st.lists(_PLACE, min_size=1, max_size=4),
)
def test_near_equals_nearest_km_over_the_other_anchors(
    anchors: list[tuple[int, SimpleNamespace]], names: list[tuple[int, int]], cands: list[SimpleNamespace]
) -> None:
    # names: (sentence, the anchor it holds if any); resolve gives each name one anchor in its own sentence, and
    # an article names the same points again and again. Here a name may also hold several, in other sentences.
    founds = [SimpleNamespace(sentence=si) for si, _ in names]
    holder = {k: founds[i] for i, (_si, k) in enumerate(names) if k < len(anchors)}
    triples = [(si, a, holder.get(k) or SimpleNamespace(sentence=si)) for k, (si, a) in enumerate(anchors)]
    triples += [(f.sentence, a, f) for f, (_si, a) in zip(founds, anchors[::3], strict=False)]
    near = geocode._Near(triples)
    for f in founds:
        for e in cands * 2:  # again, from the memo
            for same in (True, False):
                others = [a for si, a, src in triples if src is not f and (si == f.sentence or not same)]
                d = geocode._nearest_km_plain(e, others)  # type: ignore[arg-type]
                for limit in (100.0, 300.0, 1e9):
                    want = d if d is not None and d < limit else None
                    assert near.nearest(e, f, same, limit) == want  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(["الحدود", "حدود", "السورية", "مع", "تركيا", "x", "الحدودي", "معبر"]), max_size=5))
def test_border_name_prefilter_equals_the_pattern(words: list[str]) -> None:
    import re

    key = " ".join(words) + " "
    fast = "حدود" in key and geocode._BORDER_NAME_RX.match(key) is not None
    assert fast == (re.match(geocode._BORDER_NAME_RE, key) is not None)
