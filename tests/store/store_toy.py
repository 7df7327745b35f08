"""A toy pipeline for the ingest tests: codes invented one-line reports without the real coder.

Used by ``rasd ingest --pipeline store_toy:pipeline`` in subprocess tests, so that the store's crash-resume and
idempotency are tested independently of extraction quality. ``STORE_TOY_DELAY`` (seconds per document) slows
it down so a test can kill the process mid-run.
"""

from __future__ import annotations

import os
import re
import time

from rasd.model import Actor, Document, Event, Place, Span
from rasd.pipeline.base import Pipeline, Stage

TOWNS = {
    "أريحا": Place(
        "Ariha",
        "أريحا",
        "Syria",
        "SY",
        "Idlib",
        "Ariha",
        latitude=35.8126,
        longitude=36.6103,
        geo_precision=1,
        gazetteer_id="gn:toy1",
    ),
    "سراقب": Place(
        "Saraqib",
        "سراقب",
        "Syria",
        "SY",
        "Idlib",
        "Idlib",
        latitude=35.8647,
        longitude=36.8006,
        geo_precision=1,
        gazetteer_id="gn:toy2",
    ),
    "دوما": Place(
        "Douma",
        "دوما",
        "Syria",
        "SY",
        "Rural Damascus",
        "Duma",
        latitude=33.5711,
        longitude=36.4033,
        geo_precision=1,
        gazetteer_id="gn:toy3",
    ),
}


class ToyCode(Stage):
    name = "toy_code"
    fills = ("events",)

    def process(self, doc: Document) -> Document:
        delay = float(os.environ.get("STORE_TOY_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        text = doc.text
        if "قصف" not in text and "غارة" not in text:
            return doc
        town = next((t for t in TOWNS if t in text), None)
        n = re.search(r"\d+", text)
        sub = "Air/drone strike" if "غارة" in text else "Shelling/artillery/missile attack"
        doc.sentences = [Span.of(text, 0, len(text))]
        doc.events.append(
            Event(
                event_type="Explosions/Remote violence",
                sub_event_type=sub,
                evidence=Span.of(text, 0, len(text)),
                event_date=doc.published,
                time_precision=1,
                actor2=Actor("Civilians (Syria)", 7),
                civilian_targeting=True,
                place=TOWNS[town] if town else None,
                fatalities=int(n.group()) if n else 0,
            )
        )
        return doc


def pipeline() -> Pipeline:
    return Pipeline([ToyCode()])
