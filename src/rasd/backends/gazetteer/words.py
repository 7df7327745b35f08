"""How often a name is also an ordinary Arabic word: the refusal of weak single-word place matches needs it.

Counts are the stems of farahidi's MSA training corpus (AlKhalil data, pip-installed), folded with the
name-key function; proper nouns are farahidi's proper-noun lexicon. Reading them from farahidi takes about
2.5 s, so the default build copies both tables into the gazetteer file, where a lookup is one indexed query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path


@cache
def farahidi_counts() -> dict[str, int]:
    """Folded stem -> count in farahidi's MSA corpus."""
    from rasd.lang.ar.normalize import fold

    try:
        from farahidi.lexicon import load_map
    except ImportError:  # pragma: no cover - farahidi is a pinned dependency
        return {}
    out: dict[str, int] = {}
    for k, v in load_map("DATA.MSA.SHA.STEM.map").items():
        f = fold(k)
        out[f] = out.get(f, 0) + int(v)
    return out


@cache
def farahidi_proper_nouns() -> frozenset[str]:
    """Folded proper nouns of farahidi's lexicon."""
    from rasd.lang.ar.normalize import fold

    try:
        from farahidi.lexicon import load_map
    except ImportError:  # pragma: no cover
        return frozenset()
    return frozenset(fold(k) for k in load_map("DATA.NonDerived.Propernoun.Unvoweled.map"))


def write_tables(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS words (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE TABLE IF NOT EXISTS propernouns (key TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)", farahidi_counts().items())
    conn.executemany("INSERT OR IGNORE INTO propernouns VALUES (?)", ((k,) for k in farahidi_proper_nouns()))
    conn.commit()


class SqlWords:
    """Read side of the two tables, with per-process caches (token types repeat heavily in news)."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._n: dict[str, int] = {}
        self._pn: dict[str, bool] = {}

    def count(self, key: str) -> int:
        got = self._n.get(key)
        if got is None:
            row = self._conn.execute("SELECT n FROM words WHERE key = ?", (key,)).fetchone()
            got = self._n[key] = int(row[0]) if row else 0
        return got

    def proper(self, key: str) -> bool:
        got = self._pn.get(key)
        if got is None:
            got = self._pn[key] = (
                self._conn.execute("SELECT 1 FROM propernouns WHERE key = ?", (key,)).fetchone() is not None
            )
        return got


class FarahidiWords:
    """The same answers straight from farahidi (for gazetteers without the tables: tests, imports-only files)."""

    def count(self, key: str) -> int:
        return farahidi_counts().get(key, 0)

    def proper(self, key: str) -> bool:
        return key in farahidi_proper_nouns()


def has_tables(conn: sqlite3.Connection) -> bool:
    names: Iterator[tuple[str]] = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {"words", "propernouns"} <= {n for (n,) in names}
