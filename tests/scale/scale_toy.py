"""A small, deterministic pipeline for executor tests: it does not depend on the real stages' progress.

It exercises what matters to an executor: documents are filled, some are dropped, one stage raises (the
pipeline turns that into a ``stage_error`` drop), and one stage can kill its own worker process once.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from rasd.model import Document, Event, Span, content_id
from rasd.pipeline.base import Pipeline, Stage

KILLED = "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM}"  # qatl-root trigger word


class ToyExtract(Stage):
    name = "extract"
    needs = ("text",)
    fills = ("language",)

    def process(self, doc: Document) -> Document:
        if not doc.text.strip():
            return doc.reject(self.name, "empty", "no text")
        if "BOOM" in doc.text:
            raise RuntimeError("a library choked")
        doc.language = "ar"
        return doc


class ToyCode(Stage):
    name = "code"
    needs = ("language",)
    fills = ("events",)

    def process(self, doc: Document) -> Document:
        start = doc.text.find(KILLED)
        if start >= 0:
            ev = Event("Battles", "Armed clash", Span.of(doc.text, start, start + len(KILLED)))
            ev.fatalities = sum(ch.isdigit() for ch in doc.text)
            ev.doc_id = doc.id
            ev.id = content_id(f"{doc.id}:{start}")
            doc.events.append(ev)
        return doc


class Killer(Stage):
    """Kills its worker process the first time it sees a document naming a sentinel file that does not exist."""

    name = "killer"

    def process(self, doc: Document) -> Document:
        sentinel = doc.meta.get("kill_sentinel")
        if sentinel and not Path(sentinel).exists():
            Path(sentinel).write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return doc


def toy_pipeline() -> Pipeline:
    return Pipeline([Killer(), ToyExtract(), ToyCode()])


def make_docs(n: int, kill_at: int | None = None, sentinel: str | None = None) -> list[Document]:
    docs = []
    for i in range(n):
        if i % 17 == 5:
            text = "  "
        elif i % 23 == 7:
            text = f"BOOM {i}"
        else:
            text = f"{KILLED} {i % 10} \N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} {'x' * (i % 7)} #{i}"
        d = Document(id=content_id(f"{i}:{text}"), path=f"input.jsonl#L{i + 1}", text=text)
        if kill_at is not None and i == kill_at:
            d.meta["kill_sentinel"] = sentinel
        docs.append(d)
    return docs


def summary(docs: list[Document]) -> list[dict[str, object]]:
    """What must be identical between executors: every document's output record and the stages it went through."""
    return [d.to_dict() | {"trace": list(d.trace)} for d in docs]
