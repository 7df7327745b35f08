"""Counts of live events per day and type, for the page's stacked timeline.

The store Protocol's ``stats()`` gives totals by type and country but not by day. Until the store offers a
``counts_by_day()`` method, this module asks, in order: that method; the SQL store's ``events`` table through
its engine (one GROUP BY, read-only, parameter-free); and, for any other store, a pass over ``iter_events``
(bounded, since it reads whole records).
"""

from __future__ import annotations

import logging
from typing import Any

from rasd.backends.store.base import EventQuery

log = logging.getLogger(__name__)

MAX_SCAN = 200_000


def day_type_counts(store: Any) -> dict[str, dict[str, int]]:
    """``{"YYYY-MM-DD": {event_type: count}}`` over live events with a date."""
    fn = getattr(store, "counts_by_day", None)
    if callable(fn):
        return {str(d): {str(t): int(n) for t, n in c.items()} for d, c in fn().items()}
    engine = getattr(store, "engine", None)
    if engine is not None:
        try:
            return _sql_counts(engine)
        except Exception as exc:
            log.info("timeline SQL failed (%s); counting from records", exc)
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


def _sql_counts(engine: Any) -> dict[str, dict[str, int]]:
    import sqlalchemy as sa

    from rasd.backends.store import schema as S

    e = S.events
    sel = (
        sa.select(e.c.event_date, e.c.event_type, sa.func.count())
        .where(e.c.merged_into.is_(None), e.c.sources_count > 0, e.c.event_date.is_not(None))
        .group_by(e.c.event_date, e.c.event_type)
    )
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as c:
        for day, typ, n in c.execute(sel):
            key = day.isoformat() if hasattr(day, "isoformat") else str(day)[:10]
            out.setdefault(key, {})[str(typ)] = int(n)
    return out
