"""Exports: events leave rasd in the formats analysts' tools read.

- ``acled_csv``: ACLED's 31 columns in ACLED's order, then rasd's (evidence, claims, sources, p-codes);
- ``geojson``: a FeatureCollection of points for GIS (QGIS, Leaflet);
- ``parquet``: typed columns for pandas and DuckDB (pyarrow);
- ``jsonl``: the full event records, sources and claims included.

Every writer takes an iterable of event dicts (``Event.to_dict()`` shape, or the store's merged records) and
streams, so exporting a large store does not hold it in memory (Parquet buffers one row group at a time).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")


def export(events: Iterable[dict[str, Any]], fmt: str, out: IO[str] | IO[bytes] | str | Path) -> int:
    """Write ``events`` in ``fmt`` to ``out`` (a path, or a text stream; Parquet needs a path or binary stream)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        from rasd.export.parquet import write_parquet

        return write_parquet(events, out)  # type: ignore[arg-type]
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return export(events, fmt, fh)
    if fmt == "acled-csv":
        from rasd.export.acled_csv import write_csv

        return write_csv(events, out)  # type: ignore[arg-type]
    if fmt == "geojson":
        from rasd.export.geojson import write_geojson

        return write_geojson(events, out)  # type: ignore[arg-type]
    from rasd.export.jsonl import write_jsonl

    return write_jsonl(events, out)  # type: ignore[arg-type]


__all__ = ["FORMATS", "export"]
