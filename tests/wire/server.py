"""Loopback HTTP server that records requests and answers like an LLM API.

`CaptureServer` listens on 127.0.0.1 on a random port, records every request
(method, path, headers, parsed JSON body) and answers with responses that are
realistic enough for the real client libraries to accept them:

* OpenAI chat completions (``.../chat/completions``): JSON, or an SSE stream when
  the body has ``"stream": true`` (usage in the last chunk, then ``[DONE]``).
* Legacy completions / FIM (``.../completions``): JSON or SSE.
* Anthropic messages (``.../messages``): JSON or the SSE event stream;
  ``.../messages/count_tokens`` too.
* OpenAI Responses (``.../responses``): JSON or the SSE event stream.
* ``.../models`` and ``.../embeddings``; a generic ``{"ok": true}`` otherwise.

The request's ``model`` is echoed back.  When the request forces a tool
(named/required ``tool_choice``, or an output tool such as pydantic-ai's
``final_result``) the answer is a tool call whose arguments are a minimal
instance of the tool's JSON schema; ``response_format`` JSON gets ``{}`` or a
minimal schema instance as content.  After a tool result has been sent back
(last message has role ``tool``) the answer is plain text, so agent loops end.

Usage::

    with CaptureServer() as srv:
        ...  # point a client at srv.url
        srv.captured[0].body["model"]
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["REPLY_TEXT", "CaptureServer", "Captured"]

REPLY_TEXT = "ok"
_PROMPT_TOKENS = 5
_COMPLETION_TOKENS = 1


@dataclass
class Captured:
    """One request received by the server."""

    method: str
    path: str  # path without the query string
    query: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or None when the body is empty / not JSON
    raw: bytes = field(repr=False)


# --------------------------------------------------------------------------- #
# Minimal instances of JSON schemas (for tool arguments / structured output)
# --------------------------------------------------------------------------- #


def example_from_schema(schema: Any, defs: dict[str, Any] | None = None, depth: int = 0) -> Any:
    """Return a small value that validates against ``schema`` (best effort)."""
    if not isinstance(schema, dict) or depth > 12:
        return {}
    if defs is None:
        defs = {**schema.get("$defs", {}), **schema.get("definitions", {})}
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return example_from_schema(defs.get(name, {}), defs, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if options:
            non_null = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            return example_from_schema((non_null or options)[0], defs, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object" or kind is None:
        props = schema.get("properties", {})
        required = schema.get("required", list(props))
        return {name: example_from_schema(props[name], defs, depth + 1) for name in required if name in props}
    if kind == "array":
        count = int(schema.get("minItems", 0))
        return [example_from_schema(schema.get("items", {}), defs, depth + 1) for _ in range(count)]
    if kind == "string":
        return "x" * int(schema.get("minLength", 0) or 0) or "ok"
    if kind == "integer":
        return int(schema.get("minimum", 0) or 0)
    if kind == "number":
        return float(schema.get("minimum", 0) or 0)
    if kind == "boolean":
        return False
    return None


# --------------------------------------------------------------------------- #
# Deciding what to answer
# --------------------------------------------------------------------------- #

_OUTPUT_TOOL_NAMES = ("final_result",)  # pydantic-ai's output tool


def _tool_spec(tool: Any) -> tuple[str, dict[str, Any]]:
    """(name, parameters schema) of an OpenAI- or Anthropic-style tool entry."""
    if not isinstance(tool, dict):
        return "tool", {}
    fn: dict[str, Any] = tool["function"] if isinstance(tool.get("function"), dict) else tool
    params = fn.get("parameters") or fn.get("input_schema") or {}
    return str(fn.get("name", "tool")), params if isinstance(params, dict) else {}


def _last_role(body: dict[str, Any]) -> str | None:
    messages = body.get("messages") or body.get("input")
    if isinstance(messages, list) and messages and isinstance(messages[-1], dict):
        last = messages[-1]
        if last.get("type") == "function_call_output":
            return "tool"
        content = last.get("content")
        if isinstance(content, list) and any(
            isinstance(c, dict) and c.get("type") == "tool_result" for c in content
        ):
            return "tool"
        return last.get("role")
    return None


def choose_tool(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """Tool to "call" for this request, or None to answer with text."""
    tools = body.get("tools")
    if not isinstance(tools, list) or not tools or _last_role(body) == "tool":
        return None
    specs = [_tool_spec(t) for t in tools]
    choice = body.get("tool_choice")
    wanted: str | None = None
    if isinstance(choice, dict):
        fn: dict[str, Any] = choice["function"] if isinstance(choice.get("function"), dict) else choice
        wanted = fn.get("name")
        if wanted is None and choice.get("type") in ("any", "required"):
            return specs[0]
    elif choice in ("required", "any"):
        return specs[0]
    elif choice == "none":
        return None
    for name, params in specs:
        if name == wanted or (wanted is None and name in _OUTPUT_TOOL_NAMES):
            return name, params
    return None


def schema_in_prompt(body: dict[str, Any]) -> dict[str, Any] | None:
    """First JSON schema (an object with ``properties``) embedded in the message texts.

    JSON-mode clients (e.g. instructor ``Mode.JSON``) put the schema in the prompt.
    """
    decoder = json.JSONDecoder()
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
        if not isinstance(content, str):
            continue
        start = content.find("{")
        while start != -1:
            try:
                value, _ = decoder.raw_decode(content, start)
            except ValueError:
                value = None
            if isinstance(value, dict) and isinstance(value.get("properties"), dict):
                return value
            start = content.find("{", start + 1)
    return None


def json_content(body: dict[str, Any]) -> str | None:
    """Content for a JSON-mode request (OpenAI ``response_format``/Responses ``text.format``)."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict):
        text = body.get("text")
        fmt = text.get("format") if isinstance(text, dict) else None
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_object":
        schema = schema_in_prompt(body)
        return json.dumps(example_from_schema(schema)) if schema else "{}"
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema", fmt)
        return json.dumps(example_from_schema(spec.get("schema", {})))
    return None


def _usage_openai() -> dict[str, Any]:
    return {
        "prompt_tokens": _PROMPT_TOKENS,
        "completion_tokens": _COMPLETION_TOKENS,
        "total_tokens": _PROMPT_TOKENS + _COMPLETION_TOKENS,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


# --------------------------------------------------------------------------- #
# Response builders: each returns (content_type, bytes)
# --------------------------------------------------------------------------- #


def _sse(events: list[tuple[str | None, Any]], done: bool) -> bytes:
    out = []
    for event, data in events:
        prefix = f"event: {event}\n" if event else ""
        out.append(f"{prefix}data: {json.dumps(data)}\n\n")
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def chat_completion(body: dict[str, Any]) -> tuple[str, bytes]:
    """OpenAI ``/chat/completions`` answer (JSON or SSE)."""
    model = body.get("model", "unknown")
    ident, created = "chatcmpl-wire", int(time.time())
    tool = choose_tool(body)
    content = json_content(body) or REPLY_TEXT
    call = None
    if tool is not None:
        call = {
            "id": "call_wire_0",
            "type": "function",
            "function": {"name": tool[0], "arguments": json.dumps(example_from_schema(tool[1]))},
        }
    finish = "tool_calls" if call else "stop"
    base = {"id": ident, "created": created, "model": model, "system_fingerprint": "fp_wire"}
    if not body.get("stream"):
        message: dict[str, Any] = {"role": "assistant", "content": None if call else content}
        if call:
            message["tool_calls"] = [call]
        data = {
            **base,
            "object": "chat.completion",
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": _usage_openai(),
        }
        return "application/json", json.dumps(data).encode()

    def chunk(delta: dict[str, Any], finish_reason: str | None = None, **extra: Any) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
        return {**base, "object": "chat.completion.chunk", "choices": [choice], **extra}

    chunks = [chunk({"role": "assistant", "content": ""})]
    if call:
        chunks.append(chunk({"tool_calls": [{"index": 0, **call}]}))
    else:
        chunks.append(chunk({"content": content}))
    chunks.append(chunk({}, finish, usage=_usage_openai()))
    return "text/event-stream", _sse([(None, c) for c in chunks], done=True)


def text_completion(body: dict[str, Any]) -> tuple[str, bytes]:
    """Legacy ``/completions`` (also DeepSeek FIM on ``/beta``) answer."""
    model = body.get("model", "unknown")
    base = {"id": "cmpl-wire", "object": "text_completion", "created": int(time.time()), "model": model}
    choice = {"index": 0, "text": REPLY_TEXT, "logprobs": None, "finish_reason": "stop"}
    if not body.get("stream"):
        data = {**base, "choices": [choice], "usage": _usage_openai()}
        return "application/json", json.dumps(data).encode()
    chunks = [{**base, "choices": [{**choice, "finish_reason": None}]}]
    chunks.append({**base, "choices": [{**choice, "text": ""}], "usage": _usage_openai()})
    return "text/event-stream", _sse([(None, c) for c in chunks], done=True)


def anthropic_message(body: dict[str, Any]) -> tuple[str, bytes]:
    """Anthropic ``/v1/messages`` answer (JSON or SSE event stream)."""
    model = body.get("model", "unknown")
    tool = choose_tool(body)
    if tool is not None:
        block: dict[str, Any] = {
            "type": "tool_use",
            "id": "toolu_wire_0",
            "name": tool[0],
            "input": example_from_schema(tool[1]),
        }
        stop = "tool_use"
    else:
        block, stop = {"type": "text", "text": REPLY_TEXT}, "end_turn"
    usage = {
        "input_tokens": _PROMPT_TOKENS,
        "output_tokens": _COMPLETION_TOKENS,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }
    message = {
        "id": "msg_wire",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [block],
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }
    if not body.get("stream"):
        return "application/json", json.dumps(message).encode()
    start_block: dict[str, Any]
    delta: dict[str, Any]
    if block["type"] == "text":
        start_block, delta = {"type": "text", "text": ""}, {"type": "text_delta", "text": REPLY_TEXT}
    else:
        start_block = {**block, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
    events: list[tuple[str | None, Any]] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    **message,
                    "content": [],
                    "stop_reason": None,
                    "usage": {**usage, "output_tokens": 0},
                },
            },
        ),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start_block}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": _COMPLETION_TOKENS},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return "text/event-stream", _sse(events, done=False)


def responses_answer(body: dict[str, Any]) -> tuple[str, bytes]:
    """OpenAI ``/responses`` answer (JSON or SSE event stream)."""
    model = body.get("model", "unknown")
    tool = choose_tool(body)
    if tool is not None:
        item: dict[str, Any] = {
            "type": "function_call",
            "id": "fc_wire_0",
            "call_id": "call_wire_0",
            "name": tool[0],
            "arguments": json.dumps(example_from_schema(tool[1])),
            "status": "completed",
        }
    else:
        text = json_content(body) or REPLY_TEXT
        item = {
            "type": "message",
            "id": "msg_wire_0",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}],
        }
    usage = {
        "input_tokens": _PROMPT_TOKENS,
        "output_tokens": _COMPLETION_TOKENS,
        "total_tokens": _PROMPT_TOKENS + _COMPLETION_TOKENS,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens_details": {"reasoning_tokens": 0},
    }
    response = {
        "id": "resp_wire",
        "object": "response",
        "created_at": int(time.time()),
        "model": model,
        "status": "completed",
        "output": [item],
        "usage": usage,
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "parallel_tool_calls": True,
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []),
        "temperature": None,
        "top_p": None,
        "metadata": {},
    }
    if not body.get("stream"):
        return "application/json", json.dumps(response).encode()
    events: list[tuple[str | None, Any]] = [
        (
            "response.created",
            {"type": "response.created", "response": {**response, "status": "in_progress", "output": []}},
        ),
        (
            "response.output_item.added",
            {"type": "response.output_item.added", "output_index": 0, "item": item},
        ),
    ]
    if item["type"] == "message":
        part = item["content"][0]
        common = {"item_id": item["id"], "output_index": 0, "content_index": 0}
        events += [
            (
                "response.content_part.added",
                {"type": "response.content_part.added", **common, "part": {**part, "text": ""}},
            ),
            (
                "response.output_text.delta",
                {"type": "response.output_text.delta", **common, "delta": part["text"], "logprobs": []},
            ),
            (
                "response.output_text.done",
                {"type": "response.output_text.done", **common, "text": part["text"], "logprobs": []},
            ),
            ("response.content_part.done", {"type": "response.content_part.done", **common, "part": part}),
        ]
    events += [
        ("response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}),
        ("response.completed", {"type": "response.completed", "response": response}),
    ]
    for number, (_, data) in enumerate(events):
        data["sequence_number"] = number
    return "text/event-stream", _sse(events, done=False)


def route(method: str, path: str, body: Any) -> tuple[int, str, bytes]:
    """(status, content type, payload) for a request."""
    data = body if isinstance(body, dict) else {}
    p = path.rstrip("/")
    if p.endswith("/chat/completions"):
        return (200, *chat_completion(data))
    if p.endswith("/completions"):
        return (200, *text_completion(data))
    if p.endswith("/messages/count_tokens"):
        return 200, "application/json", json.dumps({"input_tokens": _PROMPT_TOKENS}).encode()
    if p.endswith("/messages"):
        return (200, *anthropic_message(data))
    if p.endswith("/responses"):
        return (200, *responses_answer(data))
    if p.endswith("/embeddings"):
        inputs = data.get("input")
        count = len(inputs) if isinstance(inputs, list) and inputs and not isinstance(inputs[0], int) else 1
        payload = {
            "object": "list",
            "model": data.get("model", "unknown"),
            "data": [{"object": "embedding", "index": i, "embedding": [0.0] * 8} for i in range(count)],
            "usage": {"prompt_tokens": _PROMPT_TOKENS, "total_tokens": _PROMPT_TOKENS},
        }
        return 200, "application/json", json.dumps(payload).encode()
    if method == "GET" and p.endswith("/models"):
        payload = {
            "object": "list",
            "data": [
                {"id": name, "object": "model", "created": 0, "owned_by": "deepseek"}
                for name in ("deepseek-v4-flash", "deepseek-v4-pro", "deepseek-chat", "deepseek-reasoner")
            ],
        }
        return 200, "application/json", json.dumps(payload).encode()
    return 200, "application/json", json.dumps({"ok": True, "model": data.get("model")}).encode()


# --------------------------------------------------------------------------- #
# The server
# --------------------------------------------------------------------------- #


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            raw = b"".join(parts)
        else:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        encoding = self.headers.get("Content-Encoding", "").lower()
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        return raw

    def _handle(self) -> None:
        raw = self._read_body()
        try:
            body = json.loads(raw) if raw.strip() else None
        except ValueError:
            body = None
        path, _, query = self.path.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.record(Captured(self.command, path, query, headers, body, raw))
        status, ctype, payload = route(self.command, path, body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-request-id", "req_wire")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.lock = threading.Lock()
        self.captured: list[Captured] = []

    def record(self, item: Captured) -> None:
        with self.lock:
            self.captured.append(item)


class CaptureServer:
    """Threaded recording server on 127.0.0.1; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = _Server((host, port))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:41234``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def captured(self) -> list[Captured]:
        """A snapshot of the requests recorded so far, oldest first."""
        with self._httpd.lock:
            return list(self._httpd.captured)

    def clear(self) -> None:
        with self._httpd.lock:
            self._httpd.captured.clear()

    def start(self) -> CaptureServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> CaptureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
