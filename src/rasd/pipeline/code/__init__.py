"""Stage ``code``: ACLED events (type, actors, fatalities, claims, evidence spans) and verbal interactions.

The coder reads each body sentence with the trigger lexicon, the event-hood filters and the actor dictionary
(``resources/ar/{triggers,filters,reporting,plover,actors}.yaml``) together with the number, date and place
mentions filled upstream; see :mod:`rasd.pipeline.code.coder` and docs/coder.md.
"""

from __future__ import annotations

from rasd.model import Document
from rasd.pipeline.base import Stage


class Code(Stage):
    name = "code"
    needs = ("view", "sentences", "mentions")
    fills = ("events", "interactions")

    def __init__(self, background: bool = False) -> None:
        # background=True also keeps events older than a week / recaps, flagged optional=True
        self.background = background

    def process(self, doc: Document) -> Document:
        from rasd.pipeline.code.coder import code_document

        if not doc.sentences:
            doc.events, doc.interactions = [], []
            return doc
        code_document(doc, background=self.background)
        return doc


__all__ = ["Code"]
