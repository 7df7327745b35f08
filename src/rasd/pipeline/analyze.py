"""Stage ``analyze``: sentences over the article body, and number and date mentions.

Sentences are split only inside body spans (``Document.body_spans()``: title and body, furniture excluded), so a
"latest news" ticker never yields a sentence, a number or a date. Numbers and dates are found once per body span
(one regex pass is much cheaper than one per sentence) and each mention gets the index of the sentence holding it;
a hit that straddles a sentence boundary is dropped.
"""

from __future__ import annotations

from bisect import bisect_right

from rasd.model import Document, Mention, Span
from rasd.pipeline.base import Stage


class Analyze(Stage):
    name = "analyze"
    needs = ("view",)
    fills = ("sentences", "mentions")

    def process(self, doc: Document) -> Document:
        from rasd.lang.ar.dates import find_dates
        from rasd.lang.ar.numbers import find_numbers
        from rasd.lang.ar.sentences import split_sentences

        text = doc.text
        view = doc.view if doc.view is not None and doc.view.text is text else None
        if view is None:
            from rasd.lang.ar.normalize import normalize

            view = doc.view = normalize(text)
        bodies = sorted(doc.body_spans(), key=lambda s: s.start)
        sentences: list[Span] = []
        for body in bodies:
            for a, b in split_sentences(text, body.start, body.end):
                sentences.append(Span(a, b, text[a:b]))
        doc.sentences = sentences
        starts = [s.start for s in sentences]

        def sentence_of(a: int, b: int) -> int:
            i = bisect_right(starts, a) - 1
            if i < 0 or b > sentences[i].end:
                return -1
            return i

        mentions: list[Mention] = []
        for body in bodies:
            dates = find_dates(view, doc.published, body.start, body.end)
            for d in dates:
                si = sentence_of(d.start, d.end)
                if si < 0:
                    continue
                attrs = {"precision": d.precision, "kind": d.kind, "calendar": d.calendar, "future": d.future}
                mentions.append(Mention("date", Span(d.start, d.end, text[d.start : d.end]), d.date, si, attrs))
            spans = [(d.start, d.end) for d in dates]
            for n in find_numbers(view, body.start, body.end):
                si = sentence_of(n.start, n.end)
                if si < 0:
                    continue
                if spans and any(a <= n.start and n.end <= b for a, b in spans):
                    continue  # the day or year of a date, the "3" of "قبل 3 أيام": not a count
                attrs2: dict[str, object] = {"approx": n.approx, "vague": n.vague, "kind": n.kind, "bound": n.bound}
                if n.noun:
                    attrs2["noun"] = n.noun
                mentions.append(Mention("number", Span(n.start, n.end, text[n.start : n.end]), n.value, si, attrs2))
        mentions.sort(key=lambda m: (m.span.start, m.kind))
        doc.mentions.extend(mentions)
        return doc
