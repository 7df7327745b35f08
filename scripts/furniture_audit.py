#!/usr/bin/env python3
"""Audit the furniture cut over a corpus: flag documents where the cut may be wrong, for manual review.

Usage: .venv/bin/python scripts/furniture_audit.py ../shared/corpus [--show N] [--sample K] [--seed S]

A document is flagged when
- a body line still looks like furniture: it starts with a furniture marker word whatever its length, holds
  a furniture phrase, or the body ends in short headline-like lines;
- a furniture segment holds a line that reads like an article paragraph (>= 12 words with sentence
  punctuation), which may be an article sentence cut away;
- a header line was cut (between the title and the first paragraph).
Unflagged documents are presumed correct; ``--sample`` prints K of them at random to check that presumption.
The figure to report: share of documents judged correct = (unflagged + flagged judged correct on review) / all.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from rasd.pipeline.extract import Extract
from rasd.pipeline.extract.furniture import fold, rules, split_lines
from rasd.pipeline.ingest import read


def flags_for(doc) -> list[str]:  # type: ignore[no-untyped-def]
    r = rules()
    out: list[str] = []
    weak_markers = {m for m, _, _ in r.markers}
    for seg in doc.segments:
        lines = [ln for ln in split_lines(doc.text, seg.span.start, seg.span.end) if ln.words]
        if seg.kind == "body":
            for ln in lines:
                key = fold(ln.text)
                first = " ".join(key.split()[:3])
                if any(first == m or first.startswith(m + " ") for m in weak_markers if len(m) > 3):
                    out.append(f"body line starts with a marker: {ln.text[:70]!r}")
                for _reason, phrases in r.contains:
                    if any(p in key for p in phrases):
                        out.append(f"body line holds a furniture phrase: {ln.text[:70]!r}")
                        break
            tail = lines[-2:]
            if tail and all(ln.headline for ln in tail) and len(lines) > 2:
                out.append(f"body ends in headline-like lines: {tail[-1].text[:70]!r}")
        elif seg.kind == "furniture":
            for ln in lines:
                if ln.words >= 12 and ln.sent >= 1 and not ln.blob:
                    out.append(f"furniture ({seg.reason}) holds a paragraph: {ln.text[:70]!r}")
            if seg.reason == "header":
                out.append(f"header cut: {seg.span.text[:70]!r}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--show", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    ex = Extract(dedup=False)
    total, flagged, unflagged = 0, [], []
    for doc in read([args.corpus]):
        if doc.path.endswith(".expected_text.txt"):
            continue  # a reference answer, not an input page
        doc = ex(doc)
        total += 1
        if doc.drop is not None and not doc.segments:
            flagged.append((doc, [f"dropped: {doc.drop}"]))
            continue
        f = flags_for(doc)
        (flagged if f else unflagged).append((doc, f) if f else doc)
    print(f"documents: {total}; flagged for review: {len(flagged)}; unflagged: {len(unflagged)}")
    for doc, f in flagged[: args.show]:
        print(f"\n== {Path(doc.path).parent.name}/{Path(doc.path).name}")
        for x in f:
            print("   ", x)
    if args.sample:
        rng = random.Random(args.seed)
        for doc in rng.sample(unflagged, min(args.sample, len(unflagged))):
            print(f"\n-- sample {doc.path}")
            for s in doc.segments:
                print(f"   [{s.kind}{'/' + s.reason if s.reason else ''}] {s.span.text[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
