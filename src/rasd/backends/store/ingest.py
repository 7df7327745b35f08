"""Running the pipeline into the store: the loop behind ``rasd ingest`` (and anything else that ingests).

Documents the store already holds are recognised by their content id *before* the pipeline runs, so resuming
an interrupted run costs only the reading of the inputs already done; the rest go through the executor and
are written one transaction each as they come back.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rasd.backends.store.base import WriteResult
from rasd.model import Document

BATCH = 256  # ids looked up per query when filtering out documents already stored


@dataclass
class IngestResult:
    read: int = 0  # documents read from the inputs
    skipped: int = 0  # already in the store: not processed again
    write: WriteResult = field(default_factory=WriteResult)

    def to_dict(self) -> dict[str, Any]:
        w = self.write
        return {
            "read": self.read,
            "already_stored": self.skipped,
            "processed": w.documents,
            "stored": w.new_documents,
            "reports": w.events,
            "new_events": w.new_events,
            "merged_into_existing": w.merged,
            "dropped": dict(sorted(w.dropped.items())),
        }


def _fresh(store: Any, docs: Iterable[Document], res: IngestResult, force: bool) -> Iterator[Document]:
    it = iter(docs)
    while True:
        batch = list(itertools.islice(it, BATCH))
        if not batch:
            return
        res.read += len(batch)
        known = set() if force else store.known_documents(d.id for d in batch)
        seen: set[str] = set()
        for d in batch:
            # The same content twice in one input (a file listed twice) is also a document already stored.
            if d.id in known or d.id in seen:
                res.skipped += 1
                continue
            seen.add(d.id)
            yield d


def ingest(
    store: Any,
    docs: Iterable[Document],
    executor: Any,
    factory: Callable[[], Any],
    run_id: str | None,
    force: bool = False,
    on_doc: Callable[[Document, IngestResult], None] | None = None,
) -> IngestResult:
    """Process the documents the store does not have yet and write each one, in its own transaction."""
    res = IngestResult()
    for doc in executor.map(factory, _fresh(store, docs, res, force)):
        store.write_one(doc, run_id, res.write, force=force)
        if on_doc is not None:
            on_doc(doc, res)
    return res
