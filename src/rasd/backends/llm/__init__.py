"""Optional LLM backend: any OpenAI-compatible chat endpoint (a local llama.cpp / vLLM server, or a hosted one).

rasd never needs an LLM: the rule-based coder is complete on its own and runs offline. An LLM can be
plugged in as a second reader that reviews coded events (``rasd.pipeline.llm_review``). Its answers are
*grounded*: they count only when they quote words that really are in the evidence sentence, so a model
that hallucinates cannot add a figure that no text supports.

``ScriptedLLM`` is the test double: canned or computed replies, with every call recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

Message = dict[str, str]


class LLMError(RuntimeError):
    """The endpoint failed or answered something that is not a chat completion."""


class LLM(Protocol):
    name: str

    def complete(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        """The assistant's reply text for ``messages``; raises LLMError when the endpoint fails."""
        ...


@dataclass
class OpenAICompatible:
    """A chat-completions client for ``{base_url}/chat/completions`` (OpenAI's wire format)."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 30.0
    json_mode: bool = True
    name: str = "openai-compatible"

    def complete(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        import httpx

        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "temperature": 0,  # a reviewer must be repeatable
            "max_tokens": max_tokens,
        }
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        url = self.base_url.rstrip("/") + "/chat/completions"
        try:
            resp = httpx.post(url, json=body, headers=headers, timeout=self.timeout_s)
            resp.raise_for_status()
            data = resp.json()
            return str(data["choices"][0]["message"]["content"])
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"{url}: {type(exc).__name__}: {exc}"[:300]) from exc


@dataclass
class ScriptedLLM:
    """Test double: replies from a list (in turn) or from a function of the messages; records every call."""

    replies: Sequence[str] | Callable[[Sequence[Message]], str] = ()
    calls: list[list[Message]] = field(default_factory=list)
    name: str = "scripted"

    def complete(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        self.calls.append(list(messages))
        if callable(self.replies):
            return self.replies(messages)
        if len(self.calls) > len(self.replies):
            raise LLMError("scripted replies exhausted")
        return self.replies[len(self.calls) - 1]


def from_env() -> LLM | None:
    """The LLM configured by ``RASD_LLM_URL`` / ``RASD_LLM_MODEL`` / ``RASD_LLM_KEY``, or None."""
    url = os.environ.get("RASD_LLM_URL")
    if not url:
        return None
    return OpenAICompatible(url, os.environ.get("RASD_LLM_MODEL", "default"), os.environ.get("RASD_LLM_KEY"))


def parse_json_reply(text: str) -> dict[str, Any]:
    """The first JSON object in a reply (models wrap JSON in prose or code fences despite instructions)."""
    start = text.find("{")
    if start < 0:
        raise LLMError("reply holds no JSON object")
    depth = 0
    in_str = False
    esc = False
    for i in range(start, len(text)):
        ch = text[i]
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                try:
                    obj = json.loads(text[start : i + 1])
                except ValueError as exc:
                    raise LLMError(f"bad JSON in reply: {exc}") from exc
                if not isinstance(obj, dict):
                    raise LLMError("reply JSON is not an object")
                return obj
    raise LLMError("unterminated JSON object in reply")
