"""Stage ``normalize``: build the matching key and offset map (``Document.view``) for the display text."""

from __future__ import annotations

from rasd.model import Document
from rasd.pipeline.base import Stage


class Normalize(Stage):
    name = "normalize"
    needs = ("text",)
    fills = ("view",)

    def process(self, doc: Document) -> Document:
        from rasd.lang.ar.normalize import normalize

        doc.view = normalize(doc.text or "")
        return doc
