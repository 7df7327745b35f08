"""Executors run a pipeline over documents. The in-process one is the default; Dask scales out.

Executors see only stages (DESIGN.md): they receive a zero-argument factory that builds the pipeline, so a
remote worker can build its own copy instead of receiving a pickled one with open database handles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from rasd.model import Document
from rasd.pipeline.base import Pipeline

PipelineFactory = Callable[[], Pipeline]


class Executor(Protocol):
    name: str

    def map(self, factory: PipelineFactory, docs: Iterable[Document]) -> Iterator[Document]:
        """Run the pipeline over ``docs`` and yield every document (coded or dropped), none lost."""
        ...


class LocalExecutor:
    """Runs the pipeline in this process, streaming: memory stays flat whatever the input size."""

    name = "local"

    def map(self, factory: PipelineFactory, docs: Iterable[Document]) -> Iterator[Document]:
        yield from factory().pipe(docs)


def make_executor(name: str = "local", scheduler: str | None = None) -> Executor:
    """Build an executor by name: ``local`` or ``dask`` (with a scheduler address or ``local:N``)."""
    if name == "local":
        return LocalExecutor()
    if name == "dask":
        from rasd.backends.executor.dask import DaskExecutor  # heavy import only when asked for

        return DaskExecutor(scheduler)
    raise ValueError(f"unknown executor {name!r}; use 'local' or 'dask'")
