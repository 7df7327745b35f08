"""The furniture markers a line can match are looked up by its leading words (``furniture._markers_at``): the
same markers, in the same order, as testing every marker of the rules against the line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline.extract.furniture import _markers_at, fold, rules

MARKERS = [m for m, _, _ in rules().markers]
PIECES = st.sampled_from([*MARKERS, "كلمة", "قال", ":", "|", "2024", "اقرأ", "أيضا", "-", "©", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=8))
def test_markers_at_equals_testing_every_marker(pieces: list[str]) -> None:
    key = fold(" ".join(pieces))
    r = rules()
    expected = [t for t in r.markers if key == t[0] or key.startswith(t[0] + " ")]
    assert _markers_at(key, r) == expected
