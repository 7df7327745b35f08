"""The event store: SQLite (embedded default) or PostgreSQL, one SQLAlchemy Core schema; ``MemoryStore`` for tests.

``open_store(url)`` picks the backend from the URL (``sqlite:///PATH``, ``postgresql://...``, or ``memory:``);
without a URL it opens ``rasd.config.default_db_url()``. See docs/store.md. SQLAlchemy is imported only when a
store is opened, so importing this package stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasd.backends.store.base import EventQuery, Page, Store, WriteResult

if TYPE_CHECKING:
    from rasd.backends.store.sql import MemoryStore, SqlStore

MEMORY_URLS = ("memory:", "memory://", "sqlite://", "sqlite:///:memory:")


def open_store(url: str | None = None) -> SqlStore:
    """Open (and migrate) the store at ``url``; ``memory:`` gives a fresh in-memory store."""
    from rasd.backends.store.sql import MemoryStore, SqlStore
    from rasd.config import default_db_url

    url = url or default_db_url()
    if url in MEMORY_URLS:
        return MemoryStore()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return SqlStore(url)


def __getattr__(name: str) -> Any:
    if name in ("MemoryStore", "SqlStore"):
        from rasd.backends.store import sql

        return getattr(sql, name)
    raise AttributeError(name)


__all__ = ["EventQuery", "MemoryStore", "Page", "SqlStore", "Store", "WriteResult", "open_store"]
