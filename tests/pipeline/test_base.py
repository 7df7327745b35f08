from __future__ import annotations

import pytest

from rasd.model import Document
from rasd.pipeline.base import Counts, Pipeline, PipelineError, Stage


class Upper(Stage):
    name = "upper"
    needs = ("text",)
    fills = ("title",)

    def process(self, doc: Document) -> Document:
        doc.title = doc.text.upper()
        return doc


class Explodes(Stage):
    name = "explodes"
    needs = ("title",)

    def process(self, doc: Document) -> Document:
        if "BOOM" in (doc.title or ""):
            raise RuntimeError("library choked")
        return doc


class RefusesEmpty(Stage):
    name = "refuse"
    needs = ("text",)

    def process(self, doc: Document) -> Document:
        return doc.reject(self.name, "empty", "no text") if not doc.text else doc


class NeedsEvents(Stage):
    name = "needs_events"
    needs = ("events",)


def test_pipeline_checks_needs_against_fills() -> None:
    with pytest.raises(PipelineError, match="needs_events"):
        Pipeline([Upper(), NeedsEvents()])
    with pytest.raises(PipelineError):
        Pipeline([Explodes()], provided=("text",))  # title is filled by nothing before it
    assert Pipeline([Upper(), Explodes()]).names == ["upper", "explodes"]


def test_a_stage_exception_drops_only_that_document() -> None:
    pipe = Pipeline([RefusesEmpty(), Upper(), Explodes()])
    docs = [Document(id="a", text="fine"), Document(id="b", text="boom"), Document(id="c", text="")]
    out = list(pipe.pipe(docs))
    assert [d.id for d in out] == ["a", "b", "c"]  # nothing lost, order kept
    assert out[0].drop is None and out[0].trace == ["refuse", "upper", "explodes"]
    assert out[1].drop is not None and out[1].drop.reason == "stage_error" and "library choked" in out[1].drop.detail
    assert out[2].drop is not None and out[2].drop.reason == "empty"
    assert out[2].trace == ["refuse"]  # later stages skipped the dropped document


def test_counts_account_for_every_document() -> None:
    pipe = Pipeline([RefusesEmpty(), Upper(), Explodes()])
    counts = Counts()
    for d in pipe.pipe([Document(id=str(i), text=t) for i, t in enumerate(["a", "", "boom", "", "b"])]):
        counts.add(d)
    assert counts.documents == 5
    assert counts.dropped == {"empty": 2, "stage_error": 1}
    assert counts.documents == counts.dropped_total + 2


def test_a_stage_settles_the_collector_once_after_its_first_document() -> None:
    import gc

    from rasd.pipeline import base

    class Settles(Upper):
        name = "settles_gc_test"

    young = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        docs = [Document(id=f"d{i}", text=f"text {i}") for i in range(3)]
        out = list(Settles().pipe(docs))
        assert [d.title for d in out] == ["TEXT 0", "TEXT 1", "TEXT 2"]  # every document, in order
        assert "settles_gc_test" in base._GC_SETTLED
        assert gc.get_threshold()[0] == base._GC_YOUNG
        gc.set_threshold(700, 10, 10)
        list(Settles().pipe(docs))  # once per stage name and process: a new pipeline does not settle again
        assert gc.get_threshold()[0] == 700
    finally:
        gc.set_threshold(*young)
        gc.unfreeze()
