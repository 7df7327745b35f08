"""Sentence splitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.lang.ar.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل جندي. وأصيب آخر.", ["قتل جندي.", "وأصيب آخر."]),
        ("هل انتهت الحرب؟ لا أحد يعلم!", ["هل انتهت الحرب؟", "لا أحد يعلم!"]),
        ("بلغت النسبة 3.5 في المئة. وارتفعت", ["بلغت النسبة 3.5 في المئة.", "وارتفعت"]),
        ("وقع الهجوم في 12.03.2023 صباحا.", ["وقع الهجوم في 12.03.2023 صباحا."]),
        ("قال د. أحمد إن الوضع خطير.", ["قال د. أحمد إن الوضع خطير."]),
        ("ولد عام 1400 هـ. في مكة", ["ولد عام 1400 هـ. في مكة"]),
        ("بني عام 300 ق.م. في المدينة", ["بني عام 300 ق.م. في المدينة"]),
        ("العنوان\nالنص الأول", ["العنوان", "النص الأول"]),
        (
            "قال: «قتل خمسة. وجرح عشرة.» وأضاف أن الهجوم وقع ليلا.",
            ["قال: «قتل خمسة. وجرح عشرة.»", "وأضاف أن الهجوم وقع ليلا."],
        ),
        ('قال "انتهى الأمر." ثم غادر.', ['قال "انتهى الأمر."', "ثم غادر."]),
        ("قصف، ثم انسحب؛ وعاد", ["قصف، ثم انسحب؛ وعاد"]),
        ("انتهى.وبدأ آخر", ["انتهى.", "وبدأ آخر"]),
        ("  \n  ", []),
    ],
)
def test_split_table(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_range_limits_and_offsets_index_the_text() -> None:
    text = "تذييل. قتل جندي. وأصيب آخر. تذييل"
    spans = split_sentences(text, 7, 27)
    assert [text[a:b] for a, b in spans] == ["قتل جندي.", "وأصيب آخر."]


def test_unbalanced_quote_does_not_swallow_the_text() -> None:
    text = "«" + "قتل جندي. " * 60
    assert len(split_sentences(text)) > 10


PIECES = st.sampled_from(
    ["قتل", "جندي", "3.5", "د.", "هـ.", "«", "»", '"', ".", "؟", "!", "\n", " ", "،", "…", "2023", "م."]
)


@given(st.lists(PIECES, max_size=40).map(" ".join), st.integers(0, 20), st.integers(0, 400))
def test_spans_are_ordered_trimmed_and_inside_the_range(text: str, start: int, end: int) -> None:
    spans = split_sentences(text, start, end)
    stop = min(end, len(text))
    prev = start
    for a, b in spans:
        assert prev <= a < b <= stop
        assert not text[a].isspace() and not text[b - 1].isspace()
        prev = b
    # nothing but whitespace is left out
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    assert all(text[i].isspace() for i in range(start, stop) if i not in covered)
