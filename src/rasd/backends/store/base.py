"""The store interface. SQLAlchemy (SQLite/PostgreSQL) implements it; ``MemoryStore`` is the test double.

Records crossing this interface are plain dicts built from ``rasd.model`` (``Event.to_dict()`` plus store
fields such as ``sources``), so the API and the exports never redefine an event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rasd.model import Document


@dataclass
class EventQuery:
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    near: tuple[float, float, float] | None = None  # lat, lon, km
    text: str | None = None
    limit: int = 100
    offset: int = 0
    sort: str = "-event_date"  # a field name, "-" for descending


@dataclass
class WriteResult:
    documents: int = 0
    new_documents: int = 0
    events: int = 0
    new_events: int = 0
    merged: int = 0
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class Store(Protocol):
    def write(self, docs: Iterable[Document], run_id: str | None = None, force: bool = False) -> WriteResult: ...

    def start_run(self, meta: dict[str, Any]) -> str: ...

    def finish_run(self, run_id: str, counts: dict[str, Any], status: str = "complete") -> None: ...

    def query_events(self, q: EventQuery) -> Page: ...

    def iter_events(self, q: EventQuery) -> Iterator[dict[str, Any]]: ...

    def get_event(self, event_id: str) -> dict[str, Any] | None: ...

    def get_document(self, doc_id: str) -> dict[str, Any] | None: ...

    def stats(self) -> dict[str, Any]: ...

    def status(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class CorrectableStore(Store, Protocol):
    """A store analysts can correct. Every decision is logged in ``corrections`` and survives re-runs."""

    def split(self, event_id: str, report_ids: Iterable[str], who: str, note: str = "") -> str: ...

    def merge(self, event_ids: Iterable[str], who: str, note: str = "") -> str: ...

    def correct(self, event_id: str, changes: dict[str, Any], who: str, note: str = "") -> dict[str, Any]: ...

    def corrections(self) -> list[dict[str, Any]]: ...

    def recluster(self) -> dict[str, int]: ...

    def counts_by_day(self) -> dict[str, dict[str, int]]: ...
