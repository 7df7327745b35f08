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


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_shingle_hashes_are_datasketch_sha1_hashes(pieces: list[str]) -> None:
    from datasketch import MinHash
    from datasketch.hashfunc import sha1_hash32

    from rasd.pipeline.extract.dedup import _SHINGLE, _shingle_hashes

    words = fold(" ".join(pieces)).split()
    shingles = [" ".join(words[i : i + _SHINGLE]).encode("utf-8") for i in range(len(words) - _SHINGLE + 1)]
    assert _shingle_hashes(words) == [sha1_hash32(s) for s in shingles]
    plain, fast = MinHash(num_perm=64), MinHash(num_perm=64, hashfunc=int)
    plain.update_batch(shingles)
    fast.update_batch(_shingle_hashes(words))
    assert (plain.hashvalues == fast.hashvalues).all()
