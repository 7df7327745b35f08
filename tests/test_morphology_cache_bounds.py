"""The morphology's per-token-type caches stay within their cap whatever the vocabulary (issue 9: memory)."""

from __future__ import annotations

import pytest

from rasd.lang.ar import morphology as M


def test_analyses_cache_never_exceeds_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(M, "_CACHE_LIMIT", 50)
    monkeypatch.setattr(M, "_ANALYSES", {})
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    # 700 distinct made-up tokens: more than ten times the cap.
    tokens = [f"وال{a}{b}{c}" for a in letters[:10] for b in letters[:10] for c in letters[:7]]
    first = M.analyses(tokens[0])
    for t in tokens:
        M.analyses(t)
        assert len(M._ANALYSES) <= M._CACHE_LIMIT + 1
    # A token analysed again after the cache was cleared gets the same analyses.
    assert M.analyses(tokens[0]) == first


def test_cache_cap_bounds_memory() -> None:
    # ~1.3 KB per cached token type across the caches: the cap keeps a full set of them to tens of MB.
    assert M._CACHE_LIMIT * 1300 <= 80 * 2**20
