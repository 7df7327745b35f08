"""GeoJSON for GIS: one Point feature per event with coordinates, properties = the ACLED row + rasd columns.

Events without coordinates are left out of the map (they cannot be placed) and counted, so a caller can say
how many were skipped. Coordinates are [longitude, latitude] as RFC 7946 requires; properties carry the ACLED
CSV row (strings, as in the CSV) plus typed numbers for styling and the per-source list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from rasd.export.acled_csv import event_row


def feature(d: dict[str, Any]) -> dict[str, Any] | None:
    lat, lon = d.get("latitude"), d.get("longitude")
    if lat is None or lon is None:
        return None
    props: dict[str, Any] = dict(event_row(d))
    props["fatalities"] = int(d.get("fatalities") or 0)
    props["sources_count"] = int(d.get("sources_count") or max(len(d.get("sources") or []), 1))
    props["contested"] = bool(d.get("contested") or d.get("denied_by"))
    props["sources"] = [
        {k: s.get(k) for k in ("outlet", "url", "published", "fatalities", "reported_by", "denied_by")}
        for s in d.get("sources") or []
    ]
    return {
        "type": "Feature",
        "id": d.get("id") or None,
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]},
        "properties": props,
    }


def features(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for d in events:
        f = feature(d)
        if f is not None:
            yield f


def write_geojson(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Stream a FeatureCollection (one feature per line inside it); returns the number of features written."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for f in features(events):
        if n:
            out.write(",\n")
        out.write(json.dumps(f, ensure_ascii=False, default=str))
        n += 1
    out.write("\n]}\n")
    return n


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features(events))}
