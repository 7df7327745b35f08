"""The one stage interface, and the pipeline that chains stages.

A stage is a callable ``Stage(doc) -> doc`` with a ``pipe(docs)`` that defaults to a loop. It declares the
Document fields it needs and the ones it fills, so a pipeline can be checked before it runs. A stage never
raises for bad input: it marks the document with a Drop. If a stage does raise (a bug, or a library choking
on hostile input) the pipeline catches it and drops that one document with reason ``stage_error``, so one
bad page never stops a run and nothing is lost.
"""

from __future__ import annotations

import gc
import logging
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rasd.errors import RasdError
from rasd.model import Document

log = logging.getLogger(__name__)

# Fields a source (a reader) fills before any stage runs.
SOURCE_FIELDS: frozenset[str] = frozenset({"id", "path", "raw", "html", "text", "url", "published", "source", "title"})


class Stage:
    """Base class for pipeline stages. Subclasses set ``name``, ``needs``, ``fills`` and implement ``process``."""

    name: ClassVar[str] = "stage"
    needs: ClassVar[tuple[str, ...]] = ()
    fills: ClassVar[tuple[str, ...]] = ()
    # Most stages skip dropped documents; a stage that must see them (the store) sets this.
    sees_dropped: ClassVar[bool] = False

    def process(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        if doc.drop is not None and not self.sees_dropped:
            return doc
        try:
            out = self.process(doc)
        except RasdError:
            # A corrupt resource or gazetteer, a database down: the user must act, and dropping every document
            # as a "stage_error" would bury it (and a resumed ingest would then skip those documents for good).
            raise
        except Exception as exc:  # isolation per document is the contract
            log.debug("stage %s failed on %s\n%s", self.name, doc.id, traceback.format_exc())
            doc.reject(self.name, "stage_error", f"{type(exc).__name__}: {exc}"[:300])
            return doc
        out.trace.append(self.name)
        return out

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        it = iter(docs)
        for doc in it:
            yield self(doc)
            settle_gc(self.name)  # after the stage's first document: its lazy resources are loaded
            break
        for doc in it:
            yield self(doc)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


# CPython collects its youngest generation every 700 net allocations of container objects; coding a document
# makes tens of thousands (hits, spans, tuples), most dead within the document. Collected every 10,000, fewer
# of them live long enough to be promoted, and the full collections they trigger come less often.
_GC_YOUNG = 10_000
_GC_SETTLED: set[str] = set()


def settle_gc(stage: str) -> None:
    """Once per stage name and process, after the stage's first document: move every object alive now into
    CPython's permanent generation (``gc.freeze``) and collect the young generation less often (``_GC_YOUNG``).

    What a stage loads on its first document (lexicons, matchers, the gazetteer's maps: hundreds of thousands
    of objects) lives as long as the process; the cyclic collector traversed all of it on every full
    collection, a few percent of the coding time (docs/performance.md, "Speed (session 3)"). Frozen objects are
    still freed by reference counting; only a reference cycle among them (say, in the first document) would
    outlive its use, once per stage, a bounded cost. Results are the same: collection only reclaims
    unreachable objects."""
    if stage in _GC_SETTLED:
        return
    _GC_SETTLED.add(stage)
    gc.freeze()
    young, mid, old = gc.get_threshold()
    if 0 < young < _GC_YOUNG:  # 0: collection disabled by the caller, left so
        gc.set_threshold(_GC_YOUNG, mid, old)


class PipelineError(ValueError):
    """A pipeline whose stages do not fit together (a stage needs a field nothing fills)."""


@dataclass
class Counts:
    """What a run did: every input is accounted for as coded, empty (no events) or dropped with a reason."""

    documents: int = 0
    with_events: int = 0
    events: int = 0
    interactions: int = 0
    dropped: dict[str, int] = field(default_factory=dict)

    def add(self, doc: Document) -> None:
        self.documents += 1
        if doc.drop is not None:
            key = doc.drop.reason
            self.dropped[key] = self.dropped.get(key, 0) + 1
            return
        self.events += len(doc.events)
        self.interactions += len(doc.interactions)
        if doc.events:
            self.with_events += 1

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "with_events": self.with_events,
            "events": self.events,
            "interactions": self.interactions,
            "dropped": dict(sorted(self.dropped.items())),
        }


class Pipeline:
    """An ordered list of stages, validated so that every stage's needs are filled upstream."""

    def __init__(self, stages: Sequence[Stage], provided: Iterable[str] = SOURCE_FIELDS) -> None:
        have = set(provided)
        for st in stages:
            missing = [n for n in st.needs if n not in have]
            if missing:
                raise PipelineError(f"stage {st.name!r} needs {missing}, which no earlier stage fills")
            have.update(st.fills)
        self.stages = list(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        stream: Iterable[Document] = docs
        for st in self.stages:
            stream = st.pipe(stream)
        yield from stream
