"""Event spans marked in a document's text, as runs the browser can render without ever parsing HTML.

Span offsets index ``Document.text`` in Python code points. JavaScript strings count UTF-16 units, so an
emoji before an evidence sentence would shift every offset computed in the browser. The server therefore
cuts the text into runs (consecutive pieces, each with the marks covering it) and the page puts each run in a
text node: the offsets never cross the language boundary, and article text is never interpreted as markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

# Span fields of an event worth showing in the article, in order of importance (first wins for colour).
MARK_KINDS = ("evidence", "trigger", "actor1", "actor2", "location", "event_date", "fatalities", "injuries")


def _span(v: Any) -> tuple[int, int] | None:
    if isinstance(v, dict):
        s, e = v.get("start"), v.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
            return s, e
    return None


def event_marks(events: Iterable[dict[str, Any]], text_len: int) -> list[dict[str, Any]]:
    """The marks of each event: its evidence sentence, then the spans of its fields and claims.

    Spans outside the text are dropped rather than clipped: a span that does not fit was computed on other text,
    and a mark in the wrong place would mislead the analyst more than a missing one.
    """
    out: list[dict[str, Any]] = []
    for ev in events:
        # A stored document's events are its reports: ``event_id`` is the (merged) event, ``report_id`` this
        # document's own report of it. A bare Event.to_dict() has only ``id``.
        eid = str(ev.get("event_id") or ev.get("id") or "")
        rid = str(ev.get("report_id") or "")

        def add(kind: str, v: Any, eid: str = eid, rid: str = rid) -> None:
            sp = _span(v)
            if sp and sp[1] <= text_len:
                out.append({"event_id": eid, "report_id": rid, "kind": kind, "start": sp[0], "end": sp[1]})

        add("evidence", ev.get("evidence"))
        spans = ev.get("spans") or {}
        if isinstance(spans, dict):
            for kind, lst in spans.items():
                for v in lst if isinstance(lst, list) else [lst]:
                    add(str(kind), v)
        for c in ev.get("claims") or []:
            if isinstance(c, dict):
                add(str(c.get("kind") or "claim"), c.get("span"))
    out.sort(key=lambda m: (m["start"], -m["end"], m["kind"]))
    return out


def runs(text: str, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every mark boundary; joined, the runs are ``text``.

    Each run is ``{"text", "kinds", "events", "reports"}``: the kinds of mark covering it, and the events and
    reports those marks belong to.
    """
    cuts = {0, len(text)}
    for m in marks:
        cuts.add(max(0, min(len(text), m["start"])))
        cuts.add(max(0, min(len(text), m["end"])))
    points = sorted(cuts)
    out: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(points):
        if a == b:
            continue
        covering = [m for m in marks if m["start"] <= a and m["end"] >= b]
        kinds = sorted({m["kind"] for m in covering}, key=lambda k: (MARK_KINDS.index(k) if k in MARK_KINDS else 99, k))
        events = sorted({m["event_id"] for m in covering if m["event_id"]})
        reports = sorted({m.get("report_id") or "" for m in covering} - {""})
        out.append({"text": text[a:b], "kinds": kinds, "events": events, "reports": reports})
    return out
