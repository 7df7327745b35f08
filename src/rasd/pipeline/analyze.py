"""Stage ``analyze``: sentences over the article body, and number and date mentions.

Sentences are split only inside body spans (``Document.body_spans()``: title and body, furniture excluded), so a
"latest news" ticker never yields a sentence, a number or a date. Every mention carries the index of its sentence.
"""

from __future__ import annotations

from rasd.model import Document, Mention, Span
from rasd.pipeline.base import Stage


class Analyze(Stage):
    name = "analyze"
    needs = ("view",)
    fills = ("sentences", "mentions")

    def process(self, doc: Document) -> Document:
        from rasd.lang.ar.sentences import split_sentences

        text = doc.text
        sentences: list[Span] = []
        for body in sorted(doc.body_spans(), key=lambda s: s.start):
            for a, b in split_sentences(text, body.start, body.end):
                sentences.append(Span(a, b, text[a:b]))
        doc.sentences = sentences
        for s_idx, sent in enumerate(sentences):
            doc.mentions.extend(_mentions(doc, sent, s_idx))
        return doc


def _mentions(doc: Document, sent: Span, idx: int) -> list[Mention]:
    out: list[Mention] = []
    try:
        from rasd.lang.ar.numbers import find_numbers
    except ImportError:  # pragma: no cover - during bring-up
        find_numbers = None  # type: ignore[assignment]
    try:
        from rasd.lang.ar.dates import find_dates
    except ImportError:  # pragma: no cover - during bring-up
        find_dates = None  # type: ignore[assignment]
    text = doc.text
    if find_numbers is not None:
        for n in find_numbers(text, sent.start, sent.end):
            attrs = {"approx": n.approx, "vague": n.vague, "kind": n.kind}
            if n.noun:
                attrs["noun"] = n.noun
            out.append(Mention("number", Span(n.start, n.end, text[n.start : n.end]), n.value, idx, attrs))
    if find_dates is not None:
        for d in find_dates(text, doc.published, sent.start, sent.end):
            attrs = {"precision": d.precision, "kind": d.kind}
            out.append(Mention("date", Span(d.start, d.end, text[d.start : d.end]), d.date, idx, attrs))
    return out
