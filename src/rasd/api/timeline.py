"""Counts of live events per day and type, for the page's stacked timeline.

The store answers with ``counts_by_day()`` (one GROUP BY). A store without that method (an older one, or a
third-party double) is counted from ``iter_events``, bounded, since that reads whole records.
"""

from __future__ import annotations

from typing import Any

from rasd.backends.store.base import EventQuery

MAX_SCAN = 200_000


def day_type_counts(store: Any) -> dict[str, dict[str, int]]:
    """``{"YYYY-MM-DD": {event_type: count}}`` over live events with a date."""
    fn = getattr(store, "counts_by_day", None)
    if callable(fn):
        return {str(d)[:10]: {str(t): int(n) for t, n in c.items()} for d, c in fn().items()}
    out: dict[str, dict[str, int]] = {}
    for i, ev in enumerate(store.iter_events(EventQuery(limit=MAX_SCAN))):
        if i >= MAX_SCAN:
            break
        day = ev.get("event_date")
        if day:
            c = out.setdefault(str(day)[:10], {})
            t = str(ev.get("event_type"))
            c[t] = c.get(t, 0) + 1
    return out
