"""Executors run a pipeline over documents. The in-process one is the default; Dask scales out.

Executors see only stages (DESIGN.md): they receive a zero-argument factory that builds the pipeline, so a
remote worker can build its own copy instead of receiving a pickled one with open database handles.

Both executors cut the input stream into *shards*: runs of consecutive documents (files, WARC records, JSONL
lines, in reading order) with an id derived from the documents' content ids. A shard is the unit of work that
goes to a worker, the unit that is retried when a worker dies, and the unit a :class:`~rasd.backends.executor.
ledger.ShardLedger` records once its documents are written, so that a re-run skips it. :func:`run_sharded`
ties the three together for a writer such as ``Store.write``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rasd.model import Document
from rasd.pipeline.base import Pipeline

if TYPE_CHECKING:
    from rasd.backends.executor.ledger import ShardLedger

PipelineFactory = Callable[[], Pipeline]

# Documents per shard. Large enough that scheduling overhead (a few ms per task) is noise against coding
# 64 articles, small enough that a lost worker costs little and memory per in-flight shard stays small.
DEFAULT_SHARD_SIZE = 64


@dataclass
class Shard:
    """A run of consecutive input documents, processed, retried and recorded as one unit."""

    id: str
    index: int  # position in this run's input, from 0
    docs: list[Document] = field(default_factory=list)


def shard_id(docs: Iterable[Document], fingerprint: str = "") -> str:
    """A stable id for a shard: the same documents in the same order (and the same fingerprint) give the same id.

    The fingerprint lets a caller tie the id to the code and resource versions, so that an upgrade re-runs
    shards that an older version completed.
    """
    h = hashlib.sha256(fingerprint.encode())
    for d in docs:
        h.update(b"\x00")
        h.update(d.id.encode())
        h.update(b"\x01")
        h.update(d.path.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:20]


def iter_shards(docs: Iterable[Document], size: int = DEFAULT_SHARD_SIZE, fingerprint: str = "") -> Iterator[Shard]:
    """Cut a document stream into shards of ``size`` documents, lazily (the input may not fit in memory)."""
    if size < 1:
        raise ValueError("shard size must be at least 1")
    it = iter(docs)
    for index in itertools.count():
        batch = list(itertools.islice(it, size))
        if not batch:
            return
        yield Shard(shard_id(batch, fingerprint), index, batch)


class Executor(Protocol):
    name: str

    def map(self, factory: PipelineFactory, docs: Iterable[Document]) -> Iterator[Document]:
        """Run the pipeline over ``docs`` and yield every document (coded or dropped), none lost, in input order."""
        ...

    def map_shards(
        self,
        factory: PipelineFactory,
        docs: Iterable[Document],
        skip: Callable[[str], bool] | None = None,
        fingerprint: str = "",
    ) -> Iterator[Shard]:
        """Like ``map`` but yield processed shards in input order; shards for which ``skip(id)`` holds are not run."""
        ...


class LocalExecutor:
    """Runs the pipeline in this process, streaming: memory stays flat whatever the input size."""

    name = "local"

    def __init__(self, shard_size: int = DEFAULT_SHARD_SIZE) -> None:
        self.shard_size = shard_size

    def map(self, factory: PipelineFactory, docs: Iterable[Document]) -> Iterator[Document]:
        yield from factory().pipe(docs)

    def map_shards(
        self,
        factory: PipelineFactory,
        docs: Iterable[Document],
        skip: Callable[[str], bool] | None = None,
        fingerprint: str = "",
    ) -> Iterator[Shard]:
        pipeline = factory()
        for shard in iter_shards(docs, self.shard_size, fingerprint):
            if skip is not None and skip(shard.id):
                continue
            shard.docs = list(pipeline.pipe(shard.docs))
            yield shard

    def close(self) -> None:
        """Nothing to release; present so callers can close any executor."""


@dataclass
class ShardRun:
    """What :func:`run_sharded` did."""

    shards: int = 0  # processed and written in this run
    skipped: int = 0  # already recorded by an earlier run
    documents: int = 0  # documents written in this run

    def to_dict(self) -> dict[str, int]:
        return {"shards": self.shards, "skipped": self.skipped, "documents": self.documents}


def run_sharded(
    executor: Executor,
    factory: PipelineFactory,
    docs: Iterable[Document],
    write: Callable[[list[Document]], Any],
    ledger: ShardLedger | None = None,
    fingerprint: str = "",
    on_shard: Callable[[Shard], None] | None = None,
) -> ShardRun:
    """Process ``docs`` shard by shard and hand each processed shard to ``write`` (a single writer, here).

    A shard is marked done in ``ledger`` only after ``write`` returned, so a run killed at any point loses
    nothing: the shard being written when it died is not marked, and the next run does it again (the store's
    writes are idempotent by content id, so a shard written but not yet marked is harmless).
    """
    out = ShardRun()
    skip: Callable[[str], bool] | None = None
    if ledger is not None:
        done = ledger.done

        def _skip(sid: str) -> bool:
            if done(sid):
                out.skipped += 1
                return True
            return False

        skip = _skip

    for shard in executor.map_shards(factory, docs, skip=skip, fingerprint=fingerprint):
        write(shard.docs)
        if ledger is not None:
            ledger.mark(shard.id, len(shard.docs))
        out.shards += 1
        out.documents += len(shard.docs)
        if on_shard is not None:
            on_shard(shard)
    return out


def fingerprint() -> str:
    """The code and resource versions, for shard ids: an upgrade re-runs shards an older version completed."""
    from rasd import __version__
    from rasd.resources import versions

    return f"{__version__}|" + ",".join(f"{k}={v}" for k, v in sorted(versions().items()))


def store_ledger(store: Any) -> ShardLedger:
    """The shard ledger in the store's own database (same engine, so in-memory stores work too)."""
    from rasd.backends.executor.ledger import SqlLedger

    engine = getattr(store, "engine", None)
    url = getattr(store, "url", None) or "sqlite://"
    return SqlLedger(url, engine=engine)


def make_executor(name: str = "local", scheduler: str | None = None, **kwargs: Any) -> Executor:
    """Build an executor by name: ``local`` or ``dask`` (with a scheduler address or ``local:N``)."""
    if name == "local":
        return LocalExecutor(**kwargs)
    if name == "dask":
        from rasd.backends.executor.dask import DaskExecutor  # heavy import only when asked for

        return DaskExecutor(scheduler, **kwargs)
    raise ValueError(f"unknown executor {name!r}; use 'local' or 'dask'")


__all__ = [
    "DEFAULT_SHARD_SIZE",
    "Executor",
    "LocalExecutor",
    "PipelineFactory",
    "Shard",
    "ShardRun",
    "fingerprint",
    "iter_shards",
    "make_executor",
    "run_sharded",
    "shard_id",
    "store_ledger",
]
