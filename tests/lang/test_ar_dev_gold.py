"""The text layer against the dev gold (read from ../shared at test time, never copied): are the gold figures and
dates among the mentions of the evidence sentence? Run with ``-s`` to see the figures.

A gold figure can be missing from its evidence sentence (the toll is in another sentence, or implied), so the
floors are below 1; they guard against regressions of the number and date layers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rasd.model import Document
from rasd.pipeline.analyze import Analyze
from rasd.pipeline.normalize import Normalize


def test_gold_fatalities_and_dates_are_found(shared_dir: Path) -> None:
    stage_n, stage_a = Normalize(), Analyze()
    fat = [0, 0]
    dates = [0, 0]
    sentences = [0, 0]
    for line in (shared_dir / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        path = shared_dir / "corpus" / (g["doc"] + ".txt")
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        pub = date.fromisoformat(g["published"]) if g.get("published") else None
        doc = stage_a(stage_n(Document(id=g["doc"], text=text, published=pub)))
        assert doc.drop is None
        spans = [(s.start, s.end) for s in doc.sentences]
        for e in g["events"]:
            if e.get("optional"):
                continue
            ev = e["evidence"] if isinstance(e["evidence"], str) else e["evidence"]["text"]
            i = text.find(ev)
            if i < 0:
                continue
            j = i + len(ev)
            sentences[1] += 1
            sentences[0] += any(a <= i and j <= b for a, b in spans)
            near = {k for k, (a, b) in enumerate(spans) if a < j and i < b}
            ms = [m for m in doc.mentions if m.sentence in near]
            if e.get("fatalities"):
                fat[1] += 1
                fat[0] += e["fatalities"] in [m.value for m in ms if m.kind == "number"]
            if e.get("event_date"):
                dates[1] += 1
                got = next((m.value.isoformat() for m in ms if m.kind == "date"), pub.isoformat() if pub else None)
                dates[0] += got == e["event_date"]
    print(f"\nevidence inside one sentence: {sentences[0]}/{sentences[1]}")
    print(f"gold fatalities among evidence-sentence numbers: {fat[0]}/{fat[1]}")
    print(f"gold event_date = first evidence-sentence date, else published: {dates[0]}/{dates[1]}")
    assert sentences[0] >= 0.9 * sentences[1]
    assert fat[0] >= 0.45 * fat[1]
    assert dates[0] >= 0.6 * dates[1]
