"""The SQLite gazetteer: entries, a name-key index for exact lookups and an FTS5 trigram index for search.

The file sits next to a manifest (``<file>.manifest.json``) holding its SHA-256, the build version and the
fingerprint of the name-key function. A file whose bytes differ from the manifest is refused with a message
saying how to rebuild it, rather than silently geocoding with a damaged table.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rasd.backends.gazetteer.base import (
    BUILD_VERSION,
    Entry,
    GazetteerError,
    key_fingerprint,
    name_key,
    resources_fingerprint,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, name_ar TEXT, alternates TEXT,
  latitude REAL, longitude REAL, iso TEXT, country TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT,
  population INTEGER DEFAULT 0, pcodes TEXT, source TEXT, priority INTEGER DEFAULT 0, precision INTEGER
);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, entry_id TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (key, entry_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_entry ON names(entry_id);
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(key, entry_id UNINDEXED, tokenize='trigram');
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""

REBUILD_HINT = "rebuild it with `rasd gazetteer build` (then re-run any `rasd gazetteer import-*` you had done)"


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(path: Path) -> dict[str, Any]:
    mp = manifest_path(path)
    if not mp.exists():
        return {}
    try:
        data: dict[str, Any] = json.loads(mp.read_text())
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"gazetteer manifest {mp} is unreadable ({exc}); {REBUILD_HINT}") from exc
    return data


class GazetteerWriter:
    """Writes entries into a gazetteer file and seals it with a manifest when closed."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path)
        self.conn.executescript(SCHEMA)
        self.counts: dict[str, int] = {}

    def add(self, entries: Iterable[Entry]) -> int:
        n = 0
        cur = self.conn.cursor()
        for e in entries:
            row = e.to_row()
            cur.execute(
                f"INSERT OR REPLACE INTO entries ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            cur.execute("DELETE FROM names WHERE entry_id = ?", (e.id,))
            seen: set[str] = set()
            for nm in e.names():
                k = name_key(nm)
                if k and k not in seen:
                    seen.add(k)
                    cur.execute("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", (k, e.id, nm))
            self.counts[e.source] = self.counts.get(e.source, 0) + 1
            n += 1
        self.conn.commit()
        return n

    def close(self, extra_meta: dict[str, Any] | None = None) -> Path:
        """Commit, compact and write the manifest. Returns the manifest path."""
        old = read_manifest(self.path) if manifest_path(self.path).exists() else {}
        # The search index is rebuilt whole: deleting one entry's rows from FTS5 by an unindexed column would
        # scan the table for every replaced entry.
        self.conn.execute("DELETE FROM names_fts")
        self.conn.execute("INSERT INTO names_fts SELECT key, entry_id FROM names")
        counts = dict(self.conn.execute("SELECT source, count(*) FROM entries GROUP BY source").fetchall())
        # An import keeps what the build recorded (its version and fingerprints), so a stale file stays stale.
        meta: dict[str, Any] = {k: v for k, v in old.items() if k != "sha256"}
        meta.update(
            {
                "build_version": old.get("build_version", BUILD_VERSION),
                "key_fingerprint": old.get("key_fingerprint", key_fingerprint()),
                "entries": counts,
                "imports": list(old.get("imports", [])),
                "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        if extra_meta:
            imports = extra_meta.pop("imports", None)
            meta.update(extra_meta)
            if imports:
                meta["imports"] += imports
        for k, v in meta.items():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, json.dumps(v)))
        self.conn.commit()
        self.conn.execute("VACUUM")
        self.conn.close()
        meta["sha256"] = file_sha256(self.path)
        mp = manifest_path(self.path)
        tmp = mp.with_name(mp.name + ".tmp")
        tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, mp)
        return mp


class SqliteGazetteer:
    """Read side of a gazetteer file. Lookups are cached per instance; the connection is per thread."""

    def __init__(self, path: str | Path, verify: bool = True) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"no gazetteer at {self.path}; build it with `rasd gazetteer build`")
        self.manifest = read_manifest(self.path)
        if verify:
            self.verify()
        self._local = threading.local()
        self._cache: dict[str, list[Entry]] = {}
        self._ids: dict[str, Entry | None] = {}
        self._words: Any = False  # not looked for yet

    def __getstate__(self) -> dict[str, Any]:
        # Connections and caches do not travel to another process (Dask workers): the path does.
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], verify=False)  # type: ignore[misc]

    def verify(self) -> None:
        if not self.manifest:
            raise GazetteerError(
                f"gazetteer {self.path} has no manifest ({manifest_path(self.path).name}); {REBUILD_HINT}"
            )
        got = file_sha256(self.path)
        if got != self.manifest.get("sha256"):
            raise GazetteerError(
                f"gazetteer {self.path} fails its checksum (sha256 {got[:12]}…, manifest says "
                f"{str(self.manifest.get('sha256'))[:12]}…): the file is corrupt or was changed outside rasd; {REBUILD_HINT}"
            )

    @property
    def stale(self) -> str | None:
        """Why this file no longer fits the code (another build version or name-key function), or None."""
        if self.manifest.get("build_version") != BUILD_VERSION:
            return (
                f"built by gazetteer build version {self.manifest.get('build_version')}, this rasd uses {BUILD_VERSION}"
            )
        if self.manifest.get("key_fingerprint") != key_fingerprint():
            return "built with another Arabic name-key function than this rasd's"
        want = self.manifest.get("resources_fingerprint")
        if want is not None and want != resources_fingerprint():
            return "built from other curated place resources (ar/places.yaml, ar/countries.yaml)"
        return None

    @property
    def conn(self) -> sqlite3.Connection:
        c: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            c.row_factory = sqlite3.Row
            self._local.conn = c
        return c

    def lookup(self, key: str) -> list[Entry]:
        hit = self._cache.get(key)
        if hit is None:
            rows = self.conn.execute(
                "SELECT e.* FROM names n JOIN entries e ON e.id = n.entry_id WHERE n.key = ? ORDER BY e.id", (key,)
            ).fetchall()
            hit = [Entry.from_row(r) for r in rows]
            self._cache[key] = hit
        return list(hit)

    def get(self, entry_id: str) -> Entry | None:
        if entry_id not in self._ids:
            row = self.conn.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
            self._ids[entry_id] = Entry.from_row(row) if row else None
        return self._ids[entry_id]

    def keys(self) -> Iterator[str]:
        for (k,) in self.conn.execute("SELECT DISTINCT key FROM names"):
            yield k

    def search(self, text: str, limit: int = 10) -> list[Entry]:
        k = name_key(text)
        if len(k) < 3:
            return self.lookup(k)[:limit]
        q = '"' + k.replace('"', " ") + '"'
        rows = self.conn.execute(
            "SELECT DISTINCT e.* FROM names_fts f JOIN entries e ON e.id = f.entry_id WHERE names_fts MATCH ? "
            "ORDER BY e.population DESC LIMIT ?",
            (q, limit),
        ).fetchall()
        return [Entry.from_row(r) for r in rows]

    def words(self) -> Any:
        """Ordinary-word counts and proper nouns stored by the default build (None if this file has none)."""
        from rasd.backends.gazetteer.words import SqlWords, has_tables

        if self._words is False:
            self._words = SqlWords(self.path) if has_tables(self.conn) else None
        return self._words

    def entries(self) -> Iterator[Entry]:
        for r in self.conn.execute("SELECT * FROM entries"):
            yield Entry.from_row(r)

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    @property
    def fingerprint(self) -> str:
        return "sqlite-" + str(self.manifest.get("sha256", ""))[:16]
