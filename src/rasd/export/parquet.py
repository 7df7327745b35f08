"""Parquet for pandas and DuckDB: the ACLED columns typed (dates as dates, numbers as numbers), rasd's after.

The per-source list and the claims are nested as JSON strings: every Parquet reader handles strings, while
nested list<struct> columns still trip some DuckDB/pandas versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from rasd.export.acled_csv import COLUMNS, event_row

INT_COLUMNS = {
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "fatalities",
    "timestamp",
    "sources_count",
    "injuries",
}
FLOAT_COLUMNS = {"latitude", "longitude"}
BATCH = 5000


def _schema() -> Any:
    import pyarrow as pa

    fields = []
    for c in COLUMNS:
        if c == "event_date":
            fields.append(pa.field(c, pa.date32()))
        elif c in INT_COLUMNS:
            fields.append(pa.field(c, pa.int64()))
        elif c in FLOAT_COLUMNS:
            fields.append(pa.field(c, pa.float64()))
        else:
            fields.append(pa.field(c, pa.string()))
    fields += [
        pa.field("contested", pa.bool_()),
        pa.field("sources_json", pa.string()),
        pa.field("claims_json", pa.string()),
    ]
    return pa.schema(fields)


def _typed(d: dict[str, Any]) -> dict[str, Any]:
    row = event_row(d)
    out: dict[str, Any] = {}
    for c, v in row.items():
        if v == "":
            out[c] = None
        elif c == "event_date":
            out[c] = date.fromisoformat(v)
        elif c in INT_COLUMNS:
            out[c] = int(v)
        elif c in FLOAT_COLUMNS:
            out[c] = float(v)
        else:
            out[c] = v
    out["contested"] = bool(d.get("contested") or d.get("denied_by"))
    out["sources_json"] = json.dumps(d.get("sources") or [], ensure_ascii=False, default=str)
    out["claims_json"] = json.dumps(d.get("claims") or [], ensure_ascii=False, default=str)
    return out


def write_parquet(events: Iterable[dict[str, Any]], out: str | Path | IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as w:
        batch: list[dict[str, Any]] = []
        for d in events:
            batch.append(_typed(d))
            if len(batch) >= BATCH:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            w.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
