"""Normalization: named folds, exact offset map back to the display text, idempotence."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.lang.ar.normalize import fold, normalize, step_names

FATHA = "\N{ARABIC FATHA}"
SHADDA = "\N{ARABIC SHADDA}"
TATWEEL = "\N{ARABIC TATWEEL}"
RLM = "\N{RIGHT-TO-LEFT MARK}"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("أحمد", "احمد"),
        ("إسرائيل", "اسراييل"),
        ("آلاف", "الاف"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("مستشفى", "مستشفي"),
        ("مدينة", "مدينه"),
        ("الـ" + TATWEEL + "مدينة", "المدينه"),
        ("قَتَلَ", "قتل"),
        ("شدّة", "شده"),
        ("١٢٣", "123"),
        ("۴۵", "45"),
        ("أ، ب؛ ج؟", "ا, ب; ج?"),
        ("قال" + RLM + " ", "قال "),
        ("ABC", "abc"),
        # a hashtag's words are matched as words, one character for one
        ("#تحالف_دعم_الشرعية", " تحالف دعم الشرعيه"),
    ],
)
def test_fold_table(text: str, key: str) -> None:
    assert normalize(text).key == key


@pytest.mark.parametrize(
    ("steps", "text", "key"),
    [
        (["alef_variants"], "أحمد مسؤول", "احمد مسؤول"),
        (["hamza_carriers"], "أحمد مسؤول", "أحمد مسوول"),
        (["teh_marbuta"], "مدينة", "مدينه"),
        (["alef_maqsura"], "على", "علي"),
        (["digits"], "٣ قتلى", "3 قتلى"),
        (["harakat"], "قَتَلَ", "قتل"),
        (["tatweel"], "قتـ" + TATWEEL + "ل", "قتل"),
        (["punctuation"], "أ،ب", "أ,ب"),
        ([], "أحمد", "أحمد"),
    ],
)
def test_steps_switch_independently(steps: list[str], text: str, key: str) -> None:
    assert normalize(text, steps).key == key


def test_unknown_step_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown normalization step"):
        normalize("x", ["no_such_step"])


def test_every_step_named_in_issue_exists() -> None:
    for name in ("hamza_carriers", "alef_variants", "alef_maqsura", "teh_marbuta", "tatweel", "harakat", "digits"):
        assert name in step_names()


def test_span_on_key_maps_back_to_original_word() -> None:
    text = "قالَ مسؤولٌ إنّ الـ" + TATWEEL + "مدينةَ قُصفت"
    v = normalize(text)
    m = re.search("المدينه", v.key)
    assert m
    a, b = v.to_original(*m.span())
    # the span covers the word with its marks, and nothing of its neighbours
    assert text[a:b] == "الـ" + TATWEEL + "مدينةَ"
    assert v.orig(len(v.key)) == len(text)


def test_identity_view_when_nothing_deleted() -> None:
    v = normalize("أحمد ١٢")
    assert v.identity
    assert v.to_original(1, 3) == (1, 3)


def test_fold_collapses_whitespace() -> None:
    assert fold("  وزارة   الدفاع ") == "وزاره الدفاع"


ARABIC = st.sampled_from(
    [
        *"ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة ٠١٢٣٤٥٦٧٨٩،؛.",
        *(FATHA, SHADDA, TATWEEL, RLM, "\N{ARABIC KASRATAN}", "\N{ZERO WIDTH NON-JOINER}", "\N{NO-BREAK SPACE}"),
    ]
)
TEXTS = st.lists(st.one_of(ARABIC, st.characters(codec="utf-8")), max_size=60).map("".join)


@given(TEXTS)
def test_normalization_is_idempotent(text: str) -> None:
    key = normalize(text).key
    assert normalize(key).key == key
    assert fold(fold(text)) == fold(text)


@given(TEXTS, st.data())
def test_offsets_round_trip(text: str, data: st.DataObject) -> None:
    v = normalize(text)
    n = len(v.key)
    ks = data.draw(st.integers(0, n))
    ke = data.draw(st.integers(ks, n))
    a, b = v.to_original(ks, ke)
    assert 0 <= a <= b <= len(text)
    # the original range folds back to exactly the key range
    assert normalize(text[a:b]).key == v.key[ks:ke]
    # and key offsets survive a trip through the text
    assert v.to_key(v.orig(ks)) == ks


@given(TEXTS, st.data())
def test_orig_many_is_orig_of_each_offset(text: str, data: st.DataObject) -> None:
    """The bulk map (a slice per deleted run) gives what ``orig`` gives offset by offset, for any ascending
    offsets: the view's own token bounds or any others, the key's end included."""
    v = normalize(text)
    offsets = sorted(data.draw(st.lists(st.integers(0, len(v.key)), max_size=30)))
    assert v.orig_many(offsets) == [v.orig(k) for k in offsets]
    every = list(range(len(v.key) + 1))
    assert v.orig_many(every) == [v.orig(k) for k in every]
