"""An in-memory gazetteer: the test double, and the shape every backend answers with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rasd.backends.gazetteer.base import Entry, entries_fingerprint, name_key


class MemoryGazetteer:
    """Entries held in dicts. Same lookups and the same key function as the SQLite gazetteer."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_id: dict[str, Entry] = {}
        self._by_key: dict[str, list[str]] = {}
        self._fp: str | None = None
        self.add(entries)

    def add(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self._by_id[e.id] = e
            for n in e.names():
                k = name_key(n)
                if k:
                    ids = self._by_key.setdefault(k, [])
                    if e.id not in ids:
                        ids.append(e.id)
        self._fp = None

    def lookup(self, key: str) -> list[Entry]:
        return [self._by_id[i] for i in self._by_key.get(key, ())]

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def keys(self) -> Iterator[str]:
        return iter(list(self._by_key))

    def search(self, text: str, limit: int = 10) -> list[Entry]:
        k = name_key(text)
        hits = [self._by_id[i] for key, ids in self._by_key.items() if k in key for i in ids]
        seen: dict[str, Entry] = {e.id: e for e in hits}
        return sorted(seen.values(), key=lambda e: -e.population)[:limit]

    def entries(self) -> Iterator[Entry]:
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def fingerprint(self) -> str:
        if self._fp is None:
            self._fp = "mem-" + entries_fingerprint(sorted(self._by_id.values(), key=lambda e: e.id))
        return self._fp
