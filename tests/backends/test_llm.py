"""The optional LLM backend: a real OpenAI-compatible HTTP exchange on loopback, and the grounding rules."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from rasd.backends.llm import LLMError, OpenAICompatible, ScriptedLLM, parse_json_reply
from rasd.model import Document, Event, Mention, Span
from rasd.pipeline.llm_review import LLMReview

SENTENCE = "قتل ثلاثة مدنيين بقصف مدفعي على بلدة سرمين أمس."


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict]] = []
    reply = "{}"
    status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": _Handler.reply}}]}).encode()
        self.send_response(_Handler.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    _Handler.seen, _Handler.status = [], 200
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()


def test_openai_compatible_client_speaks_the_wire_format(server: str) -> None:
    _Handler.reply = '{"is_event": true}'
    llm = OpenAICompatible(server, "tiny", api_key="k")
    assert llm.complete([{"role": "user", "content": "مرحبا"}]) == '{"is_event": true}'
    (call,) = _Handler.seen
    assert call["path"] == "/v1/chat/completions" and call["auth"] == "Bearer k"
    assert call["body"]["model"] == "tiny" and call["body"]["temperature"] == 0
    assert call["body"]["messages"][0]["content"] == "مرحبا"


def test_http_failure_is_an_llm_error(server: str) -> None:
    _Handler.status = 500
    with pytest.raises(LLMError):
        OpenAICompatible(server, "tiny").complete([{"role": "user", "content": "x"}])


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Sure! ```json\n{"a": "}"}\n```', {"a": "}"}),
        ('prefix {"a": {"b": [1, 2]}} suffix {"c": 3}', {"a": {"b": [1, 2]}}),
    ],
)
def test_parse_json_reply_finds_the_first_object(reply: str, expected: dict) -> None:
    assert parse_json_reply(reply) == expected


@pytest.mark.parametrize("reply", ["no json", '{"a": ', "[1, 2]"])
def test_parse_json_reply_refuses_non_objects(reply: str) -> None:
    with pytest.raises(LLMError):
        parse_json_reply(reply)


def _doc() -> Document:
    doc = Document(id="d", text=SENTENCE)
    ev = Event(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        Span.of(SENTENCE, 0, len(SENTENCE)),
        fatalities=3,
    )
    doc.events = [ev]
    three = SENTENCE.index("ثلاثة")
    doc.mentions = [Mention("number", Span.of(SENTENCE, three, three + 5), 3)]
    return doc


def _answer(**kw: object) -> str:
    base: dict[str, object] = {"is_event": True, "quote": "بقصف مدفعي", "reason": "r"}
    base.update(kw)
    return json.dumps(base, ensure_ascii=False)


def test_grounded_rejection_removes_the_event_and_keeps_it_in_meta() -> None:
    doc = LLMReview(ScriptedLLM([_answer(is_event=False, quote="قتل ثلاثة مدنيين")]))(_doc())
    assert doc.events == [] and doc.meta["llm_rejected"][0]["why"].startswith("llm: not an event")


def test_ungrounded_answer_changes_nothing() -> None:
    doc = LLMReview(ScriptedLLM([_answer(is_event=False, quote="كلمات ليست في الجملة")]))(_doc())
    assert len(doc.events) == 1 and "quote is not in the sentence" in doc.events[0].notes[-1]


def test_sub_event_correction_must_be_a_known_type() -> None:
    doc = LLMReview(ScriptedLLM([_answer(sub_event_type="Air/drone strike")]))(_doc())
    assert doc.events[0].sub_event_type == "Air/drone strike"
    doc = LLMReview(ScriptedLLM([_answer(sub_event_type="Drone party")]))(_doc())
    assert doc.events[0].sub_event_type == "Shelling/artillery/missile attack"


def test_death_toll_correction_needs_a_number_in_the_sentence() -> None:
    doc = _doc()
    doc.events[0].fatalities = 10
    doc = LLMReview(ScriptedLLM([_answer(fatalities=3)]))(doc)
    assert doc.events[0].fatalities == 3
    doc = LLMReview(ScriptedLLM([_answer(fatalities=40)]))(_doc())
    assert doc.events[0].fatalities == 3 and "ignored" in doc.events[0].notes[-1]


def test_unreachable_llm_leaves_events_as_coded() -> None:
    doc = LLMReview(OpenAICompatible("http://127.0.0.1:9", "x", timeout_s=2))(_doc())
    assert len(doc.events) == 1 and doc.events[0].notes[-1].startswith("llm: unavailable")
    assert doc.drop is None


def test_review_prompt_carries_the_sentence_and_the_taxonomy() -> None:
    llm = ScriptedLLM([_answer()])
    LLMReview(llm)(_doc())
    user = llm.calls[0][1]["content"]
    assert SENTENCE in user and "Government regains territory" in user
