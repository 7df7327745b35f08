"""Fast paths in the coder (docs/performance.md, "Speed (session 3)"), each against its plain definition."""

from __future__ import annotations

from hypothesis import given
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
