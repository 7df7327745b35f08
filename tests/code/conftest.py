"""Helpers for the coder tests: short passages we write ourselves, run through normalize + analyze + code.

Geocoding is left out on purpose (the gazetteer has its own tests and takes seconds to build): these tests are
about triggers, filters, actors, figures and claims. Place-dependent behaviour is covered by the seed test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rasd.model import Document, content_id
from rasd.pipeline.analyze import Analyze
from rasd.pipeline.base import Pipeline
from rasd.pipeline.code.coder import Seen, code_document
from rasd.pipeline.normalize import Normalize


def run_coder(
    text: str, published: date | None = date(2024, 3, 6), background: bool = True
) -> tuple[Document, list[Seen]]:
    doc = Document(id=content_id(text), text=text, published=published)
    doc = Pipeline([Normalize(), Analyze()])(doc)
    assert doc.drop is None, doc.drop
    seen = code_document(doc, keep_seen=True, background=background)
    return doc, seen


@pytest.fixture
def coder() -> Callable[..., Any]:
    return run_coder


def full_pipeline_runner(default_published: str) -> Callable[..., Document]:
    """The default pipeline (with the gazetteer) as a function of a passage and its publication date. A fresh
    pipeline per call: its in-run duplicate check must not see another module's passages."""
    from rasd.pipeline import default_pipeline
    from rasd.pipeline.ingest import from_record

    pipe = default_pipeline()

    def run(text: str, published: str = default_published) -> Document:
        doc = pipe(from_record({"id": content_id(text), "text": text, "published": published}, "t"))
        assert doc.drop is None, doc.drop
        return doc

    return run


@pytest.fixture(scope="module")
def geocoded() -> Callable[..., Document]:
    """Passages through the whole pipeline, published on 2024-03-06 unless a test says otherwise."""
    return full_pipeline_runner("2024-03-06")


@pytest.fixture(scope="session")
def pipeline_at() -> Callable[[str], Callable[..., Document]]:
    """For modules whose passages are dated another day: ``geocoded = pipeline_at("2018-05-14")``."""
    return full_pipeline_runner


def _first_event_has_actors(sentence: str, a1: str, a2: str | None) -> None:
    """The sentence codes an event whose actor1 (and actor2, when given) start with these names."""
    doc, seen = run_coder(sentence)
    assert doc.events, [s.decision for s in seen]
    ev = doc.events[0]
    assert ev.actor1 is not None and ev.actor1.name.startswith(a1), (ev.actor1, ev.actor2)
    if a2 is not None:
        assert ev.actor2 is not None and ev.actor2.name.startswith(a2), (ev.actor1, ev.actor2)


@pytest.fixture
def first_event_has_actors() -> Callable[[str, str, str | None], None]:
    return _first_event_has_actors
