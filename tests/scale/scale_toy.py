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
    return [
        d.to_dict()
        | {
            "trace": list(d.trace),
            "near_duplicates": list(d.near_duplicates),
            "meta": {k: v for k, v in d.meta.items() if k != "kill_sentinel"},
            "sentences": [(s.start, s.end) for s in d.sentences],
            "mentions": [(m.kind, m.span.start, m.span.end, repr(m.value)) for m in d.mentions],
            "view": None if d.view is None else d.view.key,
        }
        for d in docs
    ]


def real_front_pipeline() -> Pipeline:
    """The real first stages (extract with its run-level dedup, normalize, analyze), as far as they exist."""
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.extract import Extract
    from rasd.pipeline.normalize import Normalize

    return Pipeline([Extract(), Normalize(), Analyze()])


ARTICLE = (
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} {n} "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON} "
    "\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} "
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER FEH} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER BEH}\N{ARABIC LETTER LAM}\N{ARABIC LETTER DAL}"
    "\N{ARABIC LETTER TEH MARBUTA} "
    "\N{ARABIC LETTER YEH}\N{ARABIC LETTER WAW}\N{ARABIC LETTER MEEM} "
    "{day} {extra}"
)


def dup_docs() -> list[Document]:
    """Articles where some repeat (same text, same URL, or nearly the same text) far apart in the input."""
    days = [
        "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER HAH}\N{ARABIC LETTER DAL}",
        "",
    ]
    filler = " ".join(
        [
            "\N{ARABIC LETTER WAW}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER TEH}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER REH}"
        ]
        * 4
    )
    docs: list[Document] = []
    for i in range(40):
        n = i % 13  # texts repeat every 13 documents: exact duplicates in other shards
        line = ARTICLE.format(n=n + 2, day=days[i % 2], extra=filler + f" {n}")
        text = f"{line}\n\n{line}.\n\n{filler} {line}."
        if i % 13 == 3 and i > 13:
            text += " \N{ARABIC LETTER ALEF}\N{ARABIC LETTER YEH}\N{ARABIC LETTER DAD}\N{ARABIC LETTER ALEF}"  # near-duplicate
        url = f"https://example.org/a/{i % 17}" if i % 5 == 0 else None  # some URLs repeat with other text
        docs.append(Document(id=content_id(f"{i}:{text}"), path=f"in.jsonl#L{i + 1}", text=text, url=url))
    return docs
