"""Optional grounded LLM review of coded events (off by default; ``rasd extract --llm``).

The rules decide; the LLM may only *remove* an event it shows is not one, or correct a sub-event type or a
death toll, and only when its answer quotes words that are really in the evidence sentence and, for a
death toll, names a number that the sentence contains. Anything else (an ungrounded quote, an unknown
type, a failed call) leaves the event as the rules coded it and is noted on the event, so the analyst can
see what the model said and why it was not taken.
"""

from __future__ import annotations

import json
from typing import Any

from rasd.backends.llm import LLM, LLMError, parse_json_reply
from rasd.model import SUB_EVENT_TYPES, Document, Event
from rasd.pipeline.base import Stage
from rasd.resources import load


def _squash(s: str) -> str:
    return " ".join(s.split())


def _numbers_in(doc: Document, ev: Event) -> set[int]:
    return {
        int(m.value)
        for m in doc.mentions
        if m.kind == "number"
        and isinstance(m.value, int)
        and ev.evidence.start <= m.span.start
        and m.span.end <= ev.evidence.end
    }


class LLMReview(Stage):
    name = "llm_review"
    needs = ("events",)
    fills = ("events",)

    def __init__(self, llm: LLM, max_calls_per_doc: int = 20) -> None:
        self.llm = llm
        self.max_calls = max_calls_per_doc
        self.prompt = load("llm/review.yaml")

    def messages(self, ev: Event) -> list[dict[str, str]]:
        coded = {
            "event_type": ev.event_type,
            "sub_event_type": ev.sub_event_type,
            "fatalities": ev.fatalities,
            "actor1": ev.actor1.name if ev.actor1 else None,
            "location": ev.place.name if ev.place else None,
        }
        user = self.prompt["user"].format(
            sentence=ev.evidence.text,
            event=json.dumps(coded, ensure_ascii=False),
            sub_event_types=", ".join(SUB_EVENT_TYPES),
        )
        return [{"role": "system", "content": self.prompt["system"]}, {"role": "user", "content": user}]

    def review(self, doc: Document, ev: Event) -> tuple[bool, str]:
        """Apply one grounded review to ``ev``. Returns (keep, note)."""
        try:
            ans: dict[str, Any] = parse_json_reply(self.llm.complete(self.messages(ev)))
        except LLMError as exc:
            return True, f"llm: unavailable ({exc})"[:200]
        quote = ans.get("quote")
        if not isinstance(quote, str) or not quote.strip() or _squash(quote) not in _squash(ev.evidence.text):
            return True, "llm: answer ignored, its quote is not in the sentence"
        if ans.get("is_event") is False:
            return False, f"llm: not an event ({str(ans.get('reason') or '')[:120]})"
        notes = ["llm: confirmed"]
        sub = ans.get("sub_event_type")
        if isinstance(sub, str) and sub != ev.sub_event_type:
            if sub in SUB_EVENT_TYPES:
                notes.append(f"llm: sub-event {ev.sub_event_type} -> {sub}")
                ev.sub_event_type, ev.event_type = sub, SUB_EVENT_TYPES[sub]
            else:
                notes.append(f"llm: unknown sub-event type {sub!r} ignored")
        deaths = ans.get("fatalities")
        if isinstance(deaths, int) and not isinstance(deaths, bool) and deaths != ev.fatalities:
            if deaths == 0 or deaths in _numbers_in(doc, ev):
                notes.append(f"llm: fatalities {ev.fatalities} -> {deaths}")
                ev.fatalities = deaths
            else:
                notes.append(f"llm: fatalities {deaths} ignored, no such number in the sentence")
        return True, "; ".join(notes)

    def process(self, doc: Document) -> Document:
        kept: list[Event] = []
        rejected: list[dict[str, Any]] = []
        for i, ev in enumerate(doc.events):
            if i >= self.max_calls:
                kept.append(ev)
                continue
            keep, note = self.review(doc, ev)
            ev.notes.append(note)
            if keep:
                kept.append(ev)
            else:
                rejected.append({"event": ev.to_dict(), "why": note})
        doc.events = kept
        if rejected:
            doc.meta.setdefault("llm_rejected", []).extend(rejected)
        return doc
