"""Wire proof for a model passed through a function's ``**kwargs``: the fixed caller's request.

The real ``openai`` package runs the code before and after ``fix`` against the
loopback server: after migration the request the wrapper makes carries the new
name and exactly the thinking field DeepSeek reads; nothing else changed.
"""

from __future__ import annotations

import textwrap

import pytest

from migrate.api import fix_source
from tests.test_wire_openai import DISABLED, ENABLED, PREAMBLE, _compare
from tests.wire.harness import chat_bodies, run_capture

pytestmark = pytest.mark.wire

CASES: dict[str, tuple[str, list[dict[str, str] | None]]] = {
    "sync-wrapper": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

        def chat(messages, **kwargs):
            return client.chat.completions.create(messages=messages, **kwargs)

        chat([{"role": "user", "content": "hi"}], model="deepseek-chat", temperature=0.3)
        """,
        [DISABLED],
    ),
    "async-method-wrapper-caller-extra-body": (
        """
        class Bot:
            def __init__(self):
                self.client = AsyncOpenAI(api_key="sk-test", base_url="https://api.deepseek.com/v1")

            async def _send(self, messages, **kw):
                return await self.client.chat.completions.create(messages=messages, **kw)

            async def run(self):
                return await self._send([{"role": "user", "content": "2+2?"}], model="deepseek-reasoner", extra_body={"user_tag": "t"})

        asyncio.run(Bot().run())
        """,
        [ENABLED],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_wire(name: str) -> None:
    body, expected = CASES[name]
    before = PREAMBLE + textwrap.dedent(body)
    after = fix_source(before)
    assert after != before
    assert fix_source(after) == after, "a second fix changed the code again"
    _compare(chat_bodies(run_capture(before)), chat_bodies(run_capture(after)), expected)


def test_wire_registry_thinking_entries() -> None:
    """The unsafe fix for one request sent both retired names from a registry of settings dicts."""
    before = PREAMBLE + textwrap.dedent(
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        MODELS = {
            "fast": {"model": "deepseek-chat", "temperature": 0.2},
            "smart": {"model": "deepseek-reasoner"},
        }

        def ask(kind):
            cfg = MODELS[kind]
            return client.chat.completions.create(model=cfg["model"], messages=[{"role": "user", "content": "q"}])

        ask("fast")
        ask("smart")
        """
    )
    after = fix_source(before, unsafe=True)
    assert fix_source(before) == before  # unsafe only
    assert fix_source(after, unsafe=True) == after
    _compare(chat_bodies(run_capture(before)), chat_bodies(run_capture(after)), [DISABLED, ENABLED])
