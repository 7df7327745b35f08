"""The output contract a document must meet after the pipeline, whatever the input was.

Shared by the hostile-corpus test, the hypothesis properties and the fuzz targets: every span lies inside
``Document.text`` and quotes it exactly, every coded field is inside the ACLED vocabulary and its ranges, and
the document's record serialises to JSON that encodes as UTF-8 (a lone surrogate would crash the writer).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from rasd.model import EVENT_TYPES, INTER_CODES, SUB_EVENT_TYPES, Document, Span

# A Drop with this reason means a stage raised: a bug that the base class contained, not a refusal.
BUG_REASONS = frozenset({"stage_error"})


def pipeline_or_skip() -> Any:
    """The default pipeline, or a pytest skip while its stages have not landed yet."""
    import pytest

    try:
        from rasd.pipeline import default_pipeline

        return default_pipeline()
    except ImportError as exc:  # the stages are being written in parallel
        pytest.skip(f"default pipeline not available yet: {exc}")


def spans_of(doc: Document) -> Iterator[tuple[str, Span]]:
    for i, seg in enumerate(doc.segments):
        yield f"segment[{i}]", seg.span
    for i, s in enumerate(doc.sentences):
        yield f"sentence[{i}]", s
    for i, m in enumerate(doc.mentions):
        yield f"mention[{i}]:{m.kind}", m.span
        place = m.value
        if place is not None and getattr(place, "span", None) is not None and isinstance(place.span, Span):
            yield f"mention[{i}].place", place.span
    for i, ev in enumerate(doc.events):
        yield f"event[{i}].evidence", ev.evidence
        for name, spans in ev.spans.items():
            for j, s in enumerate(spans):
                yield f"event[{i}].spans[{name}][{j}]", s
        for j, c in enumerate(ev.claims):
            if c.span is not None:
                yield f"event[{i}].claim[{j}]", c.span
        for role in ("actor1", "actor2"):
            a = getattr(ev, role)
            if a is not None and a.span is not None:
                yield f"event[{i}].{role}", a.span
        if ev.place is not None and ev.place.span is not None:
            yield f"event[{i}].place", ev.place.span
    for i, it in enumerate(doc.interactions):
        yield f"interaction[{i}].evidence", it.evidence
        if it.trigger is not None:
            yield f"interaction[{i}].trigger", it.trigger


def contract_problems(doc: Document, allow_bug_drops: bool = False) -> list[str]:
    """Every way ``doc`` breaks the output contract, as readable lines (empty when it holds)."""
    problems: list[str] = []
    text = doc.text
    if doc.drop is not None:
        if not doc.drop.reason or not isinstance(doc.drop.reason, str):
            problems.append(f"drop without a reason: {doc.drop!r}")
        if doc.drop.reason in BUG_REASONS and not allow_bug_drops:
            problems.append(f"a stage raised: {doc.drop}")
    for where, s in spans_of(doc):
        if not (0 <= s.start <= s.end <= len(text)):
            problems.append(f"{where} {s.start}:{s.end} outside text of length {len(text)}")
        elif s.text and s.text != text[s.start : s.end]:
            problems.append(
                f"{where} quotes {s.text[:40]!r} but text[{s.start}:{s.end}] is {text[s.start : s.end][:40]!r}"
            )
    try:
        record = doc.to_dict()
        line = json.dumps(record, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        problems.append(f"record does not serialise as UTF-8 JSON: {type(exc).__name__}: {exc}"[:300])
        return problems
    if "\n" in line:
        problems.append("record line contains a raw newline")
    for i, ev in enumerate(record["events"]):
        problems += [f"event[{i}]: {p}" for p in event_problems(ev, len(text))]
    for f in record.get("furniture") or []:
        if not 0 <= f["start"] <= f["end"] <= len(text):
            problems.append(f"furniture {f} outside the text")
    return problems


def event_problems(ev: dict[str, Any], n: int) -> list[str]:
    out: list[str] = []
    et, sub = ev.get("event_type"), ev.get("sub_event_type")
    if et not in EVENT_TYPES:
        out.append(f"unknown event_type {et!r}")
    if SUB_EVENT_TYPES.get(sub or "") != et:
        out.append(f"sub_event_type {sub!r} does not belong to {et!r}")
    fat = ev.get("fatalities")
    if not isinstance(fat, int) or isinstance(fat, bool) or fat < 0:
        out.append(f"fatalities {fat!r} is not a count")
    inj = ev.get("injuries")
    if inj is not None and (not isinstance(inj, int) or inj < 0):
        out.append(f"injuries {inj!r} is not a count")
    for k in ("inter1", "inter2"):
        if ev.get(k) is not None and ev[k] not in INTER_CODES:
            out.append(f"{k} {ev[k]!r} is not an ACLED inter code")
    for k in ("time_precision", "geo_precision"):
        if ev.get(k) not in (None, 1, 2, 3):
            out.append(f"{k} {ev.get(k)!r} not in 1..3")
    lat, lon = ev.get("latitude"), ev.get("longitude")
    if lat is not None and not (isinstance(lat, float | int) and math.isfinite(lat) and -90 <= lat <= 90):
        out.append(f"latitude {lat!r}")
    if lon is not None and not (isinstance(lon, float | int) and math.isfinite(lon) and -180 <= lon <= 180):
        out.append(f"longitude {lon!r}")
    d = ev.get("event_date")
    if d is not None and not (isinstance(d, str) and len(d) == 10):
        out.append(f"event_date {d!r} is not YYYY-MM-DD")
    evid = ev.get("evidence") or {}
    if not (0 <= evid.get("start", -1) <= evid.get("end", -1) <= n):
        out.append(f"evidence {evid.get('start')}:{evid.get('end')} outside the text")
    return out
