"""Fast paths in the coder (docs/performance.md, "Speed (session 3)"), each against its plain definition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.lang.ar.normalize import fold
from rasd.pipeline.code.coder import _folded, _last_nonspace

_CHARS = st.sampled_from(["(", ")", " ", "\n", "\t", "\u00a0", "\u2003", "و", "ب", "،", "a", "1"])


@given(st.lists(_CHARS, max_size=30).map("".join), st.data())
def test_last_nonspace_is_the_end_of_the_stripped_prefix(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    assert _last_nonspace(text, end) == len(text[:end].rstrip()) - 1


@given(st.lists(st.sampled_from(["كان", "كانت", "الذي", "التي", "أعلن", "إلى", "فى", "مدينة"]), max_size=6))
def test_folded_word_lists_are_the_folded_set(words: list[str]) -> None:
    assert _folded(tuple(words)) == {fold(w) for w in words}


_WORDS = [
    "قصف",
    "اشتباكات",
    "مقتل",
    "قتل",
    "اعتقال",
    "هجوم",
    "غارة",
    "انفجار",
    "مسيرة",
    "متظاهرين",
    "محتجين",
    "تفريق",
    "قوات الأمن",
    "الجيش",
    "مسلحين",
    "أمس",
    "في حلب",
    "في مدينة",
    "بينهم",
    "فيما",
    "بينما",
    "كما",
    "، فيما",
    "، بعدما",
    "بالتزامن مع",
    "فضلا عن",
    "التي",
    "الذي",
    "كان",
    "قد",
    "لم",
    "5",
    "3 أشخاص",
    "عشرات",
    "المدنيين",
    "الشرطة",
    "وقال",
    "إن",
    "على",
    "من",
    "شارك",
    "حشود",
    "طائرة",
    "مسيرة إسرائيلية",
    "،",
    "و",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), min_size=1, max_size=4))
def test_sentences_no_clause_of_which_can_decide_are_not_split(
    coder: Callable[..., Any], sentences: list[list[str]]
) -> None:
    """The shortcut of _see_clauses (a sentence without a trigger word or a crowd is seen whole) codes every
    sentence as the full clause machinery does."""
    from rasd.pipeline.code import coder as coder_mod

    text = "\n".join(" ".join(words) + "." for words in sentences)
    doc, seen = coder(text)
    plain = coder_mod._may_decide
    try:
        coder_mod._may_decide = lambda *_: True
        doc2, seen2 = coder(text)
    finally:
        coder_mod._may_decide = plain
    assert [(x.span, x.decision, x.sub_event_type) for x in seen] == [
        (x.span, x.decision, x.sub_event_type) for x in seen2
    ]
    assert [e.to_dict() for e in doc.events] == [e.to_dict() for e in doc2.events]
    assert doc.interactions == doc2.interactions


def test_a_sentence_with_a_crowd_and_no_trigger_word_is_still_split(coder: Callable[..., Any]) -> None:
    """Two clauses that each tell a crowd dispersed, without any trigger word: each decides a protest, so the
    shortcut must not see the sentence whole (a crowd keeps `_may_decide` true)."""
    _, seen = coder("فرقت قوات الأمن المتظاهرين في حلب أمس، فيما تدخلت الشرطة لتفريق المحتجين في حمص.")
    assert [x.sub_event_type for x in seen] == ["Protest with intervention", "Protest with intervention"]


def _scan_pieces() -> list[str]:
    from rasd.resources import load

    words = load("ar/coder_words.yaml")
    keys = ("purpose_phrases", "belief_phrases", "same_scene_connectors", "toll_part_connectors")
    phrases = [p for k in keys for p in words[k]]
    # the phrases, their words apart, the clause connectors, marks a writer may add, and what stands between
    words_ = sorted({*phrases, *(w for p in phrases for w in p.split()), "في حين", "فيما", "كما", "بينما", "بعدما"})
    return [*words_, "حين", "\u064b", "\u064e", "\u0640", "و", "، ", ",", " ", "  ", "\n", "قتل", "x"]


_SCAN_PIECES = st.sampled_from(_scan_pieces())


@settings(max_examples=600, deadline=None)
@given(st.lists(_SCAN_PIECES, max_size=24).map("".join), st.data())
def test_prefiltered_connector_scans_find_what_their_patterns_find(text: str, data: st.DataObject) -> None:
    from rasd.pipeline.code import coder

    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for scan in (
        coder._PURPOSE,
        coder._BELIEF,
        coder._SAME_SCENE_SPLIT,
        coder._PART_SPLIT,
        coder._CLAUSE_SPLIT,
        coder._AFTER_SPLIT,
    ):
        assert [m.span() for m in scan.finditer(text, a, b)] == [m.span() for m in scan.rx.finditer(text, a, b)]


_TOKEN_PIECES = st.sampled_from(
    ["خلال", "وخلال", "فخلال", "شهر", "حصيلة", "وحصيلة", "العدوان", "منذ", "بدء", "الإجمالي", "قتل", "15", "شخصا",
     "على", "الأقل", "تقريبا", "أو", "أكثر", "سوريا", "وسوريا", "لسوريا", "بلبنان", "العراق", "و", "مصر", "x",
     "\u064e", "\u0640", "، ", ". ", " ", "  "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKEN_PIECES, max_size=30).map(" ".join), st.data())
def test_token_window_helpers_equal_their_plain_definitions(text: str, data: st.DataObject) -> None:
    from rasd.lang.ar.normalize import normalize
    from rasd.model import Span
    from rasd.pipeline.code import coder
    from rasd.pipeline.code.actors import state_countries

    view = normalize(text)
    toks = coder._Tokens(view)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    span = Span(a, b, text[a:b])
    countries = state_countries()
    assert coder._country_tokens(toks, span, countries) == coder._country_tokens_plain(toks, span, countries)
    for j in range(-1, len(toks.toks) + 1):
        assert coder._after_qualifier_len(toks, j) == coder._after_qualifier_len_plain(toks, j)
    for start in toks.starts:
        figure = Span(view.orig(start), view.orig(start) + 1, "")
        assert coder._period_recap(None, toks, figure) == coder._period_recap(None, toks, figure, skip=False)  # type: ignore[arg-type]


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4), st.sampled_from(["kill", "attack"])), max_size=4))
def test_dedupe_of_few_hits_equals_the_loop(spans: list[tuple[int, int, str]]) -> None:
    from rasd.pipeline.code import coder
    from rasd.pipeline.code.lexicon import Hit

    hits = [Hit(a, a + n, 0, 0, p, "x") for a, n, p in spans]

    assert coder._dedupe(hits) == coder._dedupe_all(hits)
