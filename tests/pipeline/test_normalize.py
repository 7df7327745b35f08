"""The normalize stage fills Document.view."""

from __future__ import annotations

from rasd.lang.ar.normalize import TextView
from rasd.model import Document
from rasd.pipeline.normalize import Normalize


def test_normalize_fills_view() -> None:
    doc = Normalize()(Document(id="d", text="قالَ المسؤول"))
    assert isinstance(doc.view, TextView)
    assert doc.view.text is doc.text
    assert doc.view.key == "قال المسوول"
    assert doc.trace == ["normalize"]


def test_empty_text_is_fine() -> None:
    doc = Normalize()(Document(id="d", text=""))
    assert doc.view.key == ""
    assert doc.drop is None
