"""Clitic-aware, word-bounded lexicon matching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.lang.ar.morphology import LexiconMatcher, analyses
from rasd.lang.ar.normalize import fold, normalize

LEXICON = LexiconMatcher(
    [
        ("قوات", "forces"),
        ("أراضي", "lands"),
        ("عملية", "operation"),
        {"surface": "مدني", "payload": "civilian", "plural": True, "dual": True},
        ("مدينة", "city"),
        ("وزارة الدفاع", "mod"),
        {"surface": "سيارة مفخخة", "payload": "vbied", "plural": True, "dual": True},
        {"surface": "غارة", "payload": "airstrike", "plural": True, "dual": True},
        ("الجيش", "army"),
        ("قصف", "shelling"),
        {"surface": "جندي", "payload": "soldier", "feminine": False},
    ]
)


@pytest.mark.parametrize(
    ("text", "payload", "stem", "token", "pro", "enc"),
    [
        ("وصلت قواته", "forces", "قوات", "قواته", "", "ه"),
        ("عاد لأراضيه", "lands", "أراضي", "لأراضيه", "ل", "ه"),
        ("قام بالعملية", "operation", "عملية", "بالعملية", "بال", ""),
        ("قتل المدنيين", "civilian", "مدنيين", "المدنيين", "ال", ""),
        ("أصيب مدنيان", "civilian", "مدنيان", "مدنيان", "", ""),
        ("في المدينة", "city", "مدينة", "المدينة", "ال", ""),
        ("بيان لوزارة الدفاع", "mod", "وزارة الدفاع", "لوزارة الدفاع", "ل", ""),
        ("انفجرت سيارتان مفخختان", "vbied", "سيارتان مفخختان", "سيارتان مفخختان", "", ""),
        ("وسيارات مفخخة", "vbied", "سيارات مفخخة", "وسيارات مفخخة", "و", ""),
        ("شن غارته", "airstrike", "غارت", "غارته", "", "ه"),
        ("شن الغارات", "airstrike", "غارات", "الغارات", "ال", ""),
        ("شن غارتين", "airstrike", "غارتين", "غارتين", "", ""),
        ("دعم للجيش", "army", "لجيش", "للجيش", "ل", ""),
        ("وبالجيش", "army", "الجيش", "وبالجيش", "وب", ""),
        ("وقصفها", "shelling", "قصف", "وقصفها", "و", "ها"),
        ("قَصَفَ الجيشُ", "shelling", "قَصَفَ", "قَصَفَ", "", ""),
        ("قال الـمدنيون", "civilian", "مدنيون", "الـمدنيون", "ال", ""),
    ],
)
def test_matches_through_clitics(text: str, payload: str, stem: str, token: str, pro: str, enc: str) -> None:
    hits = [m for m in LEXICON.find(normalize(text)) if m.payload == payload]
    assert len(hits) == 1, hits
    m = hits[0]
    assert text[m.start : m.end] == stem
    assert text[m.token_start : m.token_end] == token
    assert m.proclitics == fold(pro)
    assert m.enclitic == fold(enc)


@pytest.mark.parametrize(
    "text",
    [
        "في الحياة المدنية",  # مدني must not fire inside مدنية (no feminine flag)
        "مدنيته",  # teh marbuta + pronoun: not مدني
        "قصفات",  # no plural allowed for قصف
        "جندية",  # a folded teh marbuta is not the pronoun ه
        "الجيشان",  # dual not allowed for الجيش
        "وزارة للدفاع",  # multi-word entries need their exact inner words
        "وزارة، الدفاع",  # not across punctuation
        "مقصف",  # not inside a longer word
    ],
)
def test_never_fires_inside_unrelated_words(text: str) -> None:
    only = LexiconMatcher(
        [("مدني", "civilian", {"plural": True}), ("قصف", "s"), ("جندي", "j"), ("الجيش", "a"), ("وزارة الدفاع", "m")]
    )
    assert only.find(normalize(text)) == []


def test_feminine_only_when_asked() -> None:
    fem = LexiconMatcher([("مدني", "civilian", {"feminine": True})])
    assert [m.inflection for m in fem.find(normalize("الحماية المدنية"))] == ["feminine"]
    plain = LexiconMatcher([("مدني", "civilian")])
    assert plain.find(normalize("الحماية المدنية")) == []


def test_range_and_longest_match() -> None:
    text = "قصف الجيش. ثم وزارة الدفاع"
    m = LexiconMatcher([("الدفاع", "d"), ("وزارة الدفاع", "mod"), ("الجيش", "a")])
    v = normalize(text)
    assert [x.payload for x in m.find(v)] == ["a", "mod"]
    assert [x.payload for x in m.find(v, 0, 10)] == ["a"]
    assert {x.payload for x in m.find(v, overlapping=True)} == {"a", "mod", "d"}


def test_a_figure_written_onto_a_word_does_not_hide_it() -> None:
    # "سقوط 11مواطنا": the count is a token of its own; Latin letters with digits ("F16") stay one token
    m = LexiconMatcher([{"surface": "مواطن", "payload": "citizen", "plural": True}, ("f16", "jet")])
    assert [x.payload for x in m.find("سقوط 11مواطنا في الانفجار")] == ["citizen"]
    assert [x.payload for x in m.find("قصفت طائرة F16 المنطقة")] == ["jet"]


def test_ambiguous_entries_are_all_returned() -> None:
    m = LexiconMatcher([("حماة", "city"), ("حماة", "protectors")])
    assert sorted(x.payload for x in m.find("في حماة")) == ["city", "protectors"]


def test_analyses_restore_article_after_lam_lam() -> None:
    assert ("ل", "الجيش", "", 1) in analyses(fold("للجيش"))


@pytest.mark.parametrize(
    ("text", "surface", "inflection"),
    [
        ("شن هجوما", "هجوم", "accusative"),
        ("قتل جنديا", "جندي", "accusative"),
        ("مسلحي التنظيم", "مسلح", "construct"),
        ("مسلحو الحركة", "مسلح", "construct"),
    ],
)
def test_accusative_and_plural_construct(text: str, surface: str, inflection: str) -> None:
    m = LexiconMatcher([("هجوم", "a"), ("جندي", "s"), {"surface": "مسلح", "payload": "g", "plural": True}])
    hits = m.find(text)
    assert [(h.surface, h.inflection) for h in hits] == [(surface, inflection)]


def test_names_take_no_accusative_and_exact_beats_inflected() -> None:
    places = LexiconMatcher([("حلب", "Aleppo", {"enclitics": False})])
    assert places.find("في حلبا") == []
    both = LexiconMatcher([("حلب", "Aleppo"), ("حلبا", "Halba")])
    assert [h.payload for h in both.find("في حلبا")] == ["Halba"]


ENTRIES = ["قوات", "مسلح", "غارة", "الجيش", "قصف", "مدني"]
PROCLITICS = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "وب", "ول"]
ENCLITICS = ["", "ه", "ها", "هم", "هما", "هن", "كم", "نا"]
PROPERTY_MATCHER = LexiconMatcher([(e, e) for e in ENTRIES])


@given(
    st.sampled_from(ENTRIES),
    st.sampled_from(PROCLITICS),
    st.sampled_from(ENCLITICS),
    st.sampled_from(["", "قال ", "في "]),
    st.sampled_from(["", " أمس", "، ثم"]),
)
def test_any_clitic_combination_is_found_with_exact_offsets(
    entry: str, pro: str, enc: str, left: str, right: str
) -> None:
    if entry.startswith("ال") and "ال" in pro:
        pro = pro.replace("ال", "")  # no double article
    word = entry
    if enc and word.endswith("ة"):
        word = word[:-1] + "ت"  # غارة + ه = غارته
    token = pro + word + enc
    text = left + token + right
    hits = [m for m in PROPERTY_MATCHER.find(normalize(text)) if m.payload == entry]
    assert len(hits) == 1, (text, hits)
    m = hits[0]
    assert text[m.token_start : m.token_end] == token
    assert text[m.start : m.end] == word
    assert m.enclitic == fold(enc)
