"""Gazetteer backend: Arabic and English place names to coordinates, admin areas, p-codes.

``default_gazetteer()`` opens the SQLite gazetteer at ``rasd.config.gazetteer_path()``, building it from
pip-installed data on first use (a few seconds) and caching it per process. Nothing is loaded at import time.
``MemoryGazetteer`` is the in-memory double for tests.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from rasd.backends.gazetteer.base import (
    KINDS,
    Entry,
    Gazetteer,
    GazetteerError,
    default_precision,
    name_key,
)
from rasd.backends.gazetteer.memory import MemoryGazetteer
from rasd.backends.gazetteer.sqlite import SqliteGazetteer, read_manifest

__all__ = [
    "KINDS",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "MemoryGazetteer",
    "SqliteGazetteer",
    "build",
    "default_gazetteer",
    "default_precision",
    "name_key",
]

log = logging.getLogger(__name__)
_lock = threading.Lock()
_default: dict[str, SqliteGazetteer] = {}


def build(path: str | Path | None = None) -> Path:
    """(Re)build the default gazetteer at ``path`` (default: ``rasd.config.gazetteer_path()``)."""
    from rasd import config
    from rasd.backends.gazetteer.build import build_default

    p = Path(path) if path else config.gazetteer_path()
    with _lock:
        _default.pop(str(p), None)
        return build_default(p)


def default_gazetteer(path: str | Path | None = None) -> SqliteGazetteer:
    """The process-wide gazetteer: opened once, built first if absent or built by an older rasd.

    A file that fails its checksum is refused (``GazetteerError``, saying how to rebuild); a stale file is
    rebuilt automatically only when it holds nothing imported by the user, whose imports would be lost.
    """
    from rasd import config
    from rasd.backends.gazetteer.build import build_default

    p = Path(path) if path else config.gazetteer_path()
    key = str(p)
    got = _default.get(key)
    if got is not None:
        return got
    with _lock:
        got = _default.get(key)
        if got is not None:
            return got
        if not p.exists() or not read_manifest(p):
            log.warning("building the gazetteer at %s (first use; takes a few seconds)", p)
            build_default(p)
        gz = SqliteGazetteer(p)
        why = gz.stale
        if why:
            if gz.manifest.get("imports"):
                raise GazetteerError(
                    f"gazetteer {p} is out of date ({why}) and holds your imports; rebuild it with "
                    f"`rasd gazetteer build` and re-run your `rasd gazetteer import-*` commands"
                )
            log.warning("rebuilding the gazetteer at %s: %s", p, why)
            build_default(p)
            gz = SqliteGazetteer(p)
        _default[key] = gz
        return gz
