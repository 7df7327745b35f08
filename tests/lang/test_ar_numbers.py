"""Numbers: digits, words of both genders, compounds, duals, approximate and vague quantities."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.lang.ar.numbers import find_numbers, parse_number, to_words


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("7", 7),
        ("٢٥", 25),
        ("۱۲", 12),
        ("1,500", 1500),
        ("12,000,000", 12000000),
        ("٣٬٥٠٠", 3500),
        ("سبعة", 7),
        ("سبع", 7),
        ("ثلاث عشرة", 13),
        ("ثلاثة عشر", 13),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثنتي عشرة", 12),
        ("ثلاثة وعشرون", 23),
        ("خمس وأربعين", 45),
        ("مئة وخمسون", 150),
        ("مائة", 100),
        ("مئتان", 200),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("خمسمائة وستة", 506),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ألفان وخمسمئة", 2500),
        ("ثلاثة آلاف", 3000),
        ("3 آلاف", 3000),
        ("عشرين ألفا", 20000),
        ("1.5 مليون", 1500000),
        ("مليونين", 2000000),
        ("عشرات", 10),
        ("مئات", 100),
        ("مئات الآلاف", 100000),
        ("عشرات الآلاف", 10000),
        ("بضعة", 3),
        ("دزينة", 12),
        ("آلاف", 1000),
        ("وثلاثة", 3),
    ],
)
def test_parse_number_table(phrase: str, value: int) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize("phrase", ["", "قتل", "الأحد", "الثلاثاء", "الاثنين", "طالبان", "ثلاثة أربعة", "3 4"])
def test_not_a_single_number(phrase: str) -> None:
    assert parse_number(phrase) is None


@pytest.mark.parametrize(
    ("text", "span", "value", "approx", "vague", "noun"),
    [
        ("قتل نحو 20 شخصا", "نحو 20", 20, True, False, "شخصا"),
        ("قتل قرابة ثلاثين مدنيا", "قرابة ثلاثين", 30, True, False, "مدنيا"),
        ("أصيب أكثر من ١٢ آخرين", "أكثر من ١٢", 12, True, False, "آخرين"),
        ("قتل حوالي مئة مقاتل", "حوالي مئة", 100, True, False, "مقاتل"),
        ("قتل 5 على الأقل", "5 على الأقل", 5, True, False, None),
        ("سقط عشرات القتلى", "عشرات", 10, True, True, "القتلى"),
        ("نزح مئات الآلاف من السكان", "مئات الآلاف", 100000, True, True, "السكان"),
        ("قتل بضعة جنود", "بضعة", 3, True, True, "جنود"),
        ("قتل عدد من المدنيين", "عدد من", 10, True, True, "المدنيين"),
        ("وأصيب ثلاثة عشر طفلا", "ثلاثة عشر", 13, False, False, "طفلا"),
        ("قتل طفلان", "طفلان", 2, False, False, "طفلان"),
        ("قتل طفلين", "طفلين", 2, False, False, "طفلين"),
        ("سقط قتيلان", "قتيلان", 2, False, False, "قتيلان"),
        ("أصيب جنديين اثنين", "جنديين اثنين", 2, False, False, "جنديين"),
        ("أصيب مدنيان", "مدنيان", 2, False, False, "مدنيان"),
        ("شنت غارتين", "غارتين", 2, False, False, "غارتين"),
        ("سقوط 11مواطنا", "11", 11, False, False, "مواطنا"),
        ("قتل مع طفليه", "طفليه", 2, False, False, "طفليه"),
        ("بينهم نساء وطفلان", "طفلان", 2, False, False, "طفلان"),
        ("دفن القتيلين", "القتيلين", 2, False, False, "القتيلين"),
        ("قتل إسرائيليان", "إسرائيليان", 2, False, False, "إسرائيليان"),
        ("نزوح 3آلاف شخص", "3آلاف", 3000, False, False, "شخص"),
        ("وصل عددهم إلى ٢٬٥٠٠ لاجئ", "٢٬٥٠٠", 2500, False, False, "لاجئ"),
    ],
)
def test_find_numbers_table(text: str, span: str, value: int, approx: bool, vague: bool, noun: str | None) -> None:
    refs = find_numbers(text)
    assert len(refs) == 1, refs
    r = refs[0]
    assert text[r.start : r.end] == span
    assert (r.value, r.approx, r.vague, r.noun) == (value, approx, vague, noun)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ارتفعت بنسبة 45%", "percent"),
        ("ارتفعت بنسبة 4.5 %", "percent"),
        ("بلغت 30 في المئة", "percent"),
        ("دفع 500 دولار", "money"),
        ("على بعد 12 كيلومترا", "measure"),
        ("في عام 2023", "year"),
        ("استمرت 36 ساعة", "time"),
        ("قتل 7 جنود", "count"),
    ],
)
def test_number_kinds(text: str, kind: str) -> None:
    assert [r.kind for r in find_numbers(text)] == [kind]


def test_plural_nouns_are_not_duals() -> None:
    # مدنيين is the plural of مدني far more often than its dual: no count
    assert find_numbers("استهداف المدنيين") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("قتل ٣ وأصيب خمسة وعشرون آخرون", [("٣", 3), ("خمسة وعشرون", 25)]),
        ("قتل ثلاثة و أربعة", [("ثلاثة", 3), ("أربعة", 4)]),  # two figures, no dangling و
        ("في الحي التاسع عشر", []),  # an ordinal
        ("مساء الاثنين", []),  # the weekday, not "two"
        ("حركة طالبان", []),  # not a dual of طالب
    ],
)
def test_several_or_no_numbers(text: str, found: list[tuple[str, int]]) -> None:
    assert [(text[r.start : r.end], r.value) for r in find_numbers(text)] == found


@given(st.integers(1, 999_999), st.booleans(), st.booleans())
def test_number_words_round_trip(n: int, feminine: bool, oblique: bool) -> None:
    assert parse_number(to_words(n, feminine, oblique)) == n


@pytest.mark.parametrize(
    ("n", "feminine", "oblique", "words"),
    [
        (23, False, False, "ثلاثة وعشرون"),
        (23, False, True, "ثلاثة وعشرين"),
        (13, True, False, "ثلاث عشرة"),
        (12, False, True, "اثني عشر"),
        (2000, False, True, "ألفين"),
        (150, False, False, "مئة وخمسون"),
        (3500, False, False, "ثلاثة آلاف وخمسمئة"),
    ],
)
def test_renderer(n: int, feminine: bool, oblique: bool, words: str) -> None:
    assert to_words(n, feminine, oblique) == words


@given(st.integers(0, 10**9))
def test_digits_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n or n == 0
    assert parse_number(f"{n:,}") == n or n == 0
