"""Wire proof for DSM307: the openai SDK sends what DeepSeek rejects or ignores, and the warning names it."""

from __future__ import annotations

import textwrap

import pytest

from migrate.api import check_source
from tests.wire.harness import chat_bodies, run_capture

pytestmark = pytest.mark.wire

PREAMBLE = "from openai import OpenAI\nfrom pydantic import BaseModel\n"
CLIENT = 'client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")\n'


def _dsm307(source: str) -> list[str]:
    return [f.message for f in check_source(source).findings if f.code == "DSM307"]


def test_max_completion_tokens_reaches_the_wire_and_the_warning_recommends_max_tokens() -> None:
    code = (
        PREAMBLE
        + CLIENT
        + textwrap.dedent(
            """
        client.chat.completions.create(
            model="deepseek-v4-flash",
            messages=[{"role": "user", "content": "summarise"}],
            max_completion_tokens=512,
            extra_body={"thinking": {"type": "disabled"}},
        )
        """
        )
    )
    [body] = chat_bodies(run_capture(code))
    assert body["max_completion_tokens"] == 512 and "max_tokens" not in body
    [message] = _dsm307(code)
    assert "use max_tokens" in message
    twin = code.replace("max_completion_tokens=512", "max_tokens=512")
    [twin_body] = chat_bodies(run_capture(twin))
    assert twin_body["max_tokens"] == 512
    assert _dsm307(twin) == []


def test_parse_with_a_pydantic_model_sends_json_schema() -> None:
    code = (
        PREAMBLE
        + CLIENT
        + textwrap.dedent(
            """
        class Answer(BaseModel):
            city: str

        try:
            client.beta.chat.completions.parse(
                model="deepseek-chat", messages=[{"role": "user", "content": "capital of France"}], response_format=Answer
            )
        except Exception:
            pass
        """
        )
    )
    [body] = chat_bodies(run_capture(code))
    assert body["response_format"]["type"] == "json_schema"
    [message] = _dsm307(code)
    assert '"json_object"' in message
    twin = code.replace("beta.chat.completions.parse", "chat.completions.create").replace(
        "response_format=Answer", 'response_format={"type": "json_object"}'
    )
    [twin_body] = chat_bodies(run_capture(twin))
    assert twin_body["response_format"] == {"type": "json_object"}
    assert _dsm307(twin) == []


def test_a_boolean_thinking_in_extra_body_reaches_the_wire_as_a_boolean() -> None:
    code = (
        PREAMBLE
        + CLIENT
        + (
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": True})\n'
        )
    )
    [body] = chat_bodies(run_capture(code))
    assert body["thinking"] is True
    [message] = _dsm307(code)
    assert '{"type": "enabled"}' in message
    twin = code.replace('{"thinking": True}', '{"thinking": {"type": "enabled"}}')
    assert chat_bodies(run_capture(twin))[0]["thinking"] == {"type": "enabled"}
    assert _dsm307(twin) == []
