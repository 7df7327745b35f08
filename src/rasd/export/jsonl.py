"""JSON Lines: one full event record per line (sources, claims and spans included)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for d in events:
        out.write(json.dumps(d, ensure_ascii=False, sort_keys=True, default=str) + "\n")
        n += 1
    return n
