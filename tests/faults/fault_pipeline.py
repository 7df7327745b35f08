"""A deterministic stand-in pipeline for the fault tests (``rasd ingest --pipeline fault_pipeline:pipeline``).

The fault tests are about the store and the executor, not about coding quality, so they must not depend on the
coder's current behaviour: this stage turns every document into two events with evidence spans, and sleeps
``RASD_FAULT_DELAY`` seconds per document so that a test can kill or disturb a run half-way through.
"""

from __future__ import annotations

import os
import time

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.base import Pipeline, Stage


class FakeCode(Stage):
    name = "fakecode"
    needs = ("text",)
    fills = ("events", "sentences")

    def process(self, doc: Document) -> Document:
        if not doc.text and doc.html:
            doc.text = doc.html
        text = doc.text
        half = max(1, len(text) // 2)
        doc.sentences = [Span.of(text, 0, half), Span.of(text, half, len(text))]
        doc.language = "ar"
        n = sum(map(ord, text)) % 50  # a deterministic "fatalities" figure
        for k, (a, b) in enumerate(((0, half), (half, len(text)))):
            ev = Event(
                event_type="Battles",
                sub_event_type="Armed clash",
                evidence=Span.of(text, a, b),
                event_date=doc.published,
                time_precision=1,
                actor1=Actor(f"Armed group {n % 7}", 2),
                actor2=Actor("Military Forces of Syria (2000-)", 1),
                place=Place(name=f"Place {n}", country="Syria", iso="SY", latitude=35.0 + k, longitude=37.0 + n / 100),
                fatalities=n + k,
                spans={"trigger": [Span.of(text, a, min(b, a + 3))]},
            )
            doc.events.append(ev)
        delay = float(os.environ.get("RASD_FAULT_DELAY", "0"))
        if delay:
            time.sleep(delay)
        return doc


def pipeline() -> Pipeline:
    return Pipeline([FakeCode()])
