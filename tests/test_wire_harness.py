"""Tests of the wire-test harness with the real openai, requests and httpx packages."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.wire import CaptureServer, bodies, chat_bodies, run_capture, run_snippet
from tests.wire.harness import DEEPSEEK_URL_RE
from tests.wire.server import example_from_schema, json_content

pytestmark = pytest.mark.wire

OPENAI_CLIENT = """
from openai import OpenAI
client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
"""


def test_openai_sync_extra_body_reaches_top_level() -> None:
    captured = run_capture(
        OPENAI_CLIENT
        + """
resp = client.chat.completions.create(
    model="deepseek-v4-flash",
    messages=[{"role": "user", "content": "Hi"}],
    extra_body={"thinking": {"type": "disabled"}},
)
assert resp.model == "deepseek-v4-flash", resp.model
assert resp.choices[0].message.content == "ok"
assert resp.usage.total_tokens > 0
"""
    )
    assert len(captured) == 1
    req = captured[0]
    assert (req.method, req.path) == ("POST", "/chat/completions")
    assert req.headers["authorization"] == "Bearer sk-test"
    assert req.body == {
        "model": "deepseek-v4-flash",
        "messages": [{"role": "user", "content": "Hi"}],
        "thinking": {"type": "disabled"},
    }


def test_openai_async_and_path_suffix_kept() -> None:
    captured = run_capture(
        """
import asyncio
from openai import AsyncOpenAI

async def main():
    client = AsyncOpenAI(api_key="sk-test", base_url="https://api.deepseek.com/v1")
    resp = await client.chat.completions.create(
        model="deepseek-v4-flash",
        messages=[{"role": "user", "content": "Hi"}],
        reasoning_effort="high",
        extra_body={"thinking": {"type": "enabled"}},
    )
    assert resp.choices[0].message.content == "ok"

asyncio.run(main())
"""
    )
    assert [c.path for c in captured] == ["/v1/chat/completions"]
    body = captured[0].body
    assert body["thinking"] == {"type": "enabled"}
    assert body["reasoning_effort"] == "high"


def test_openai_streaming_with_usage() -> None:
    captured = run_capture(
        OPENAI_CLIENT
        + """
stream = client.chat.completions.create(
    model="deepseek-v4-flash",
    messages=[{"role": "user", "content": "Hi"}],
    stream=True,
    stream_options={"include_usage": True},
    extra_body={"thinking": {"type": "disabled"}},
)
chunks = list(stream)
text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
assert text == "ok", text
assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0
assert {c.model for c in chunks} == {"deepseek-v4-flash"}
"""
    )
    (body,) = bodies(captured)
    assert body["stream"] is True
    assert body["thinking"] == {"type": "disabled"}


def test_openai_fim_beta_completions() -> None:
    captured = run_capture(
        """
from openai import OpenAI
client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com/beta")
resp = client.completions.create(model="deepseek-v4-flash", prompt="def f(", suffix="return 1")
assert resp.choices[0].text == "ok"
for chunk in client.completions.create(model="deepseek-v4-flash", prompt="x", stream=True):
    pass
"""
    )
    assert [c.path for c in captured] == ["/beta/completions", "/beta/completions"]
    assert captured[0].body["suffix"] == "return 1"
    assert "thinking" not in captured[0].body


def test_openai_tool_choice_and_json_mode_get_parseable_answers() -> None:
    captured = run_capture(
        OPENAI_CLIENT
        + """
import json
tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
    "required": ["city", "days"]}}}]
resp = client.chat.completions.create(
    model="deepseek-v4-flash", messages=[{"role": "user", "content": "Hi"}], tools=tools,
    tool_choice={"type": "function", "function": {"name": "get_weather"}},
)
call = resp.choices[0].message.tool_calls[0]
assert call.function.name == "get_weather"
assert json.loads(call.function.arguments) == {"city": "ok", "days": 0}
assert resp.choices[0].finish_reason == "tool_calls"

resp = client.chat.completions.create(
    model="deepseek-v4-flash", messages=[{"role": "user", "content": "json please"}],
    response_format={"type": "json_object"},
)
assert json.loads(resp.choices[0].message.content) == {}
"""
    )
    assert len(chat_bodies(captured)) == 2


def test_openai_responses_api() -> None:
    captured = run_capture(
        OPENAI_CLIENT
        + """
resp = client.responses.create(model="deepseek-v4-flash", input="Hi", reasoning={"effort": "none"})
assert resp.output_text == "ok", resp
with client.responses.stream(model="deepseek-v4-flash", input="Hi") as stream:
    for _ in stream:
        pass
    assert stream.get_final_response().output_text == "ok"
"""
    )
    assert [c.path for c in captured] == ["/responses", "/responses"]
    assert captured[0].body["reasoning"] == {"effort": "none"}


def test_requests_and_httpx_raw_json() -> None:
    captured = run_capture(
        """
import requests, httpx
payload = {"model": "deepseek-v4-flash", "messages": [{"role": "user", "content": "Hi"}],
           "thinking": {"type": "disabled"}}
r = requests.post("https://api.deepseek.com/chat/completions", json=payload,
                  headers={"Authorization": "Bearer sk-test"}, timeout=10)
r.raise_for_status()
assert r.json()["model"] == "deepseek-v4-flash"
r = httpx.post("https://api.deepseek.com/v1/chat/completions", json={**payload, "stream": True})
assert r.status_code == 200 and r.text.rstrip().endswith("data: [DONE]")
"""
    )
    assert [c.path for c in captured] == ["/chat/completions", "/v1/chat/completions"]
    assert all(b["thinking"] == {"type": "disabled"} for b in bodies(captured))


def test_hardcoded_deepseek_url_is_redirected_without_code_rewrite() -> None:
    # The URL is built at run time, so only the sitecustomize redirect can catch it.
    captured = run_capture(
        """
import httpx, requests
host = "api." + "deepseek.com"
httpx.post(f"https://{host}/chat/completions", json={"model": "m1"}).raise_for_status()
requests.post(f"https://{host}/anthropic/v1/messages", json={"model": "m2", "max_tokens": 1,
              "messages": []}, timeout=10).raise_for_status()
try:
    import httpx2  # the HTTP stack of openai 3.x
except ImportError:
    httpx.post(f"https://{host}/v1/chat/completions", json={"model": "m3"})
else:
    httpx2.post(f"https://{host}/v1/chat/completions", json={"model": "m3"}).raise_for_status()
"""
    )
    assert [(c.path, c.body["model"]) for c in captured] == [
        ("/chat/completions", "m1"),
        ("/anthropic/v1/messages", "m2"),
        ("/v1/chat/completions", "m3"),
    ]


def test_env_defaults_and_override() -> None:
    captured = run_capture(
        """
import os, httpx
assert os.environ["DEEPSEEK_API_KEY"] and os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
httpx.post(os.environ["DEEPSEEK_API_BASE"] + "/x", json={"who": os.environ["WHO"]})
assert os.environ["HTTPS_PROXY"] == "http://127.0.0.1:9"
""",
        env={"WHO": "me"},
    )
    assert bodies(captured) == [{"who": "me"}]


def test_client_without_base_url_goes_to_openai_default_path() -> None:
    captured = run_capture(
        """
from openai import OpenAI
OpenAI().chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": "Hi"}])
"""
    )
    assert [c.path for c in captured] == ["/openai-default/v1/chat/completions"]


def test_deepseek_url_in_env_is_rewritten() -> None:
    captured = run_capture(
        "import os, httpx; httpx.post(os.environ['MY_BASE'] + '/chat/completions', json={'a': 1})",
        env={"MY_BASE": "https://api.deepseek.com/v1"},
    )
    assert [c.path for c in captured] == ["/v1/chat/completions"]


def test_request_to_other_host_fails_fast() -> None:
    with pytest.raises(AssertionError, match=r"ProxyError|ConnectError|Connection refused"):
        run_capture("import httpx; httpx.get('https://example.invalid/x', timeout=5)", timeout=30)


def test_run_without_request_raises_unless_allowed() -> None:
    with pytest.raises(AssertionError, match="sent no request"):
        run_capture("print('swallowed error')")
    run = run_snippet("print('fine')", allow_empty=True)
    assert run.captured == [] and run.stdout == "fine\n"


def test_failure_raises_with_stderr() -> None:
    with pytest.raises(AssertionError, match="boom-marker"):
        run_capture("raise SystemExit('boom-marker')")


def test_timeout_raises() -> None:
    with pytest.raises(AssertionError, match="timed out"):
        run_capture("import time; time.sleep(30)", timeout=1)


def test_shared_server_returns_only_this_runs_requests() -> None:
    snippet = "import httpx; httpx.post('https://api.deepseek.com/a', json={'n': %d})"
    with CaptureServer() as server:
        first = run_capture(snippet % 1, server=server)
        second = run_capture(snippet % 2, server=server)
        assert bodies(first) == [{"n": 1}] and bodies(second) == [{"n": 2}]
        assert len(server.captured) == 2


def test_server_anthropic_stream_and_generic_routes() -> None:
    with CaptureServer() as server:
        req = urllib.request.Request(
            server.url + "/anthropic/v1/messages",
            data=json.dumps({"model": "deepseek-v4-flash", "stream": True, "messages": []}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read().decode()
        assert "event: message_start" in text and "event: message_stop" in text
        assert '"model": "deepseek-v4-flash"' in text
        with urllib.request.urlopen(server.url + "/anything", timeout=10) as resp:
            assert json.loads(resp.read()) == {"ok": True, "model": None}
        assert [(c.method, c.path, c.body) for c in server.captured][1] == ("GET", "/anything", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://api.deepseek.com", "URL"),
        ("https://api.deepseek.com/v1", "URL/v1"),
        ("'https://api.deepseek.com/anthropic'", "'URL/anthropic'"),
        ("https://api.deepseek.com.evil.example", "https://api.deepseek.com.evil.example"),
        ("https://api.deepseek.community", "https://api.deepseek.community"),
    ],
)
def test_url_rewrite(text: str, expected: str) -> None:
    assert DEEPSEEK_URL_RE.sub("URL", text) == expected


def test_json_mode_answers_with_schema_from_prompt() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    body = {
        "messages": [{"role": "system", "content": f"Reply as JSON matching: {json.dumps(schema)} only."}],
        "response_format": {"type": "json_object"},
    }
    assert json_content(body) == '{"name": "ok"}'
    assert json_content({"messages": [], "response_format": {"type": "json_object"}}) == "{}"


def test_example_from_schema() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "kind": {"enum": ["a", "b"]},
            "child": {"$ref": "#/$defs/Child"},
            "maybe": {"anyOf": [{"type": "null"}, {"type": "number"}]},
        },
        "required": ["name", "tags", "kind", "child", "maybe"],
        "$defs": {"Child": {"type": "object", "properties": {"ok": {"type": "boolean"}}}},
    }
    assert example_from_schema(schema) == {
        "name": "ok",
        "tags": [],
        "kind": "a",
        "child": {"ok": False},
        "maybe": 0.0,
    }
