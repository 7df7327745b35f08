"""Place resolution measured against a gold file (``../shared/gold/*.jsonl``), without the event coder.

For every gold event with coordinates: the gold ``evidence`` sentence is found in the article as rasd
extracts it, and two places are compared with the gold point:
- *mention*: the place mention rasd found over the gold ``location_ar`` words (did rasd resolve those words
  right?);
- *sentence*: ``best_place`` of the evidence sentence(s), what the event coder gets for the event.
Reported: share within 25 km (score.py's ``location_25km``), share within the precision-dependent reach (25 /
50 / 100 km for gold precision 1 / 2 / 3), share with the right country, per gold geo_precision.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasd.model import Document, Place

REACH = {1: 25, 2: 50, 3: 100}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _docs(gold: list[dict[str, Any]], corpus: Path) -> Iterator[Document]:
    from rasd.pipeline.ingest import read

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "docs.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for g in gold:
                base = corpus / g["doc"]
                rec: dict[str, Any] = {"id": g["doc"], "published": g.get("published")}
                if base.with_suffix(".html").exists():
                    rec["html"] = base.with_suffix(".html").read_text(encoding="utf-8", errors="replace")
                elif base.with_suffix(".txt").exists():
                    rec["text"] = base.with_suffix(".txt").read_text(encoding="utf-8")
                else:
                    continue
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        yield from read([path])


def evaluate(
    gold_path: str | Path, corpus: str | Path, gazetteer: Any, include_optional: bool = False
) -> dict[str, Any]:
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.extract import Extract
    from rasd.pipeline.geocode import Geocode, best_place, place_mentions
    from rasd.pipeline.normalize import Normalize

    gold = [json.loads(ln) for ln in Path(gold_path).read_text(encoding="utf-8").splitlines() if ln.strip()]
    by_id = {g["doc"]: g for g in gold}
    stages = [Extract(), Normalize(), Analyze(), Geocode(gazetteer)]
    tallies: dict[str, dict[Any, list[int]]] = {k: defaultdict(lambda: [0, 0, 0, 0]) for k in ("mention", "sentence")}
    misses: list[str] = []
    skipped = 0
    for doc in _docs(gold, Path(corpus)):
        for st in stages:
            doc = st(doc)
        g = by_id.get(doc.id)
        if g is None:
            continue
        for ev in g["events"]:
            if ev.get("latitude") is None or (ev.get("optional") and not include_optional):
                continue
            gp = (float(ev["latitude"]), float(ev["longitude"]))
            prec = ev.get("geo_precision") or 3
            evid = ev.get("evidence") or ""
            a = doc.text.find(evid) if evid else -1
            if a < 0 or doc.dropped:
                skipped += 1
                continue
            b = a + len(evid)
            sents = [i for i, s in enumerate(doc.sentences) if s.start < b and s.end > a]
            # mention over the gold words
            m_place: Place | None = None
            loc = ev.get("location_ar")
            if loc:
                la = doc.text.find(loc, a, b)
                if la < 0:
                    la = doc.text.find(loc)
                if la >= 0:
                    lb = la + len(loc)
                    over = [m for m in place_mentions(doc) if m.span.start < lb and m.span.end > la]
                    if over:
                        m_place = min(over, key=lambda m: m.value.geo_precision or 3).value
            cands = [p for i in sents if (p := best_place(doc, i, fallback=False))]
            s_place = (
                min(cands, key=lambda p: p.geo_precision or 3)
                if cands
                else (best_place(doc, sents[0]) if sents else None)
            )
            for kind, p in (("mention", m_place), ("sentence", s_place)):
                if kind == "mention" and not loc:
                    continue
                t = tallies[kind]
                for key in ("all", prec):
                    t[key][0] += 1
                ok25 = okr = okc = False
                if p is not None and p.latitude is not None and p.longitude is not None:
                    d = _km(gp, (p.latitude, p.longitude))
                    ok25, okr = d <= 25, d <= REACH.get(prec, 25)
                if p is not None and p.country and ev.get("country"):
                    okc = _country_eq(p.country, ev["country"])
                for key in ("all", prec):
                    t[key][1] += ok25
                    t[key][2] += okr
                    t[key][3] += okc
                if not ok25:
                    got = f"{p.name} ({p.country}) p{p.geo_precision}" if p else "nothing"
                    misses.append(f"{kind} {doc.id}: gold {ev.get('location')!r} [{loc}] p{prec} -> {got}")
    out: dict[str, Any] = {"skipped_events": skipped}
    for kind, t in tallies.items():
        out[kind] = {
            str(k): {
                "n": n,
                "within_25km": round(a25 / n, 3),
                "within_reach": round(ar / n, 3),
                "country": round(ac / n, 3),
            }
            for k, (n, a25, ar, ac) in sorted(t.items(), key=lambda kv: str(kv[0]))
            if n
        }
    out["misses"] = misses
    return out


def _country_eq(a: str, b: str) -> bool:
    alias = {"palestinian territory": "palestine", "palestinian territories": "palestine"}
    x, y = a.strip().lower(), b.strip().lower()
    return alias.get(x, x) == alias.get(y, y)
