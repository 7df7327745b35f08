"""``normalize.fold`` caches short strings only: a whole document's text is folded without being kept (issue 9)."""

from __future__ import annotations

import pytest

from rasd.lang.ar import normalize as N


def test_fold_does_not_cache_long_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(N, "_FOLDED", {})
    long_text = "قصفت الطائرات مواقع في المدينة. " * 40
    assert len(long_text) > N._FOLD_CACHE_MAX_LEN
    assert N.fold(long_text) == N.fold(long_text, N.default_steps())
    assert long_text not in N._FOLDED
    assert N.fold("  قصفتْ   الطائرات ") == N.fold("  قصفتْ   الطائرات ", N.default_steps())
    assert "  قصفتْ   الطائرات " in N._FOLDED


def test_fold_cache_never_exceeds_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(N, "_FOLDED", {})
    monkeypatch.setattr(N, "_FOLD_CACHE_LIMIT", 20)
    for i in range(200):
        N.fold(f"كلمة{i}")
        assert len(N._FOLDED) <= N._FOLD_CACHE_LIMIT + 1
