"""Wire proof for model names kept in a registry: what the real ``openai`` package sends, before and after ``fix``.

A dict of settings read by key and a list of settings iterated, both sending through
one ``create()``: after migration every request sends ``deepseek-v4-flash`` with the
thinking mode the old name implied, and every other field of every body is unchanged.
"""

from __future__ import annotations

import textwrap

import pytest

from migrate.api import fix_source
from tests.wire.harness import chat_bodies, run_capture

pytestmark = pytest.mark.wire

CODE = """
from openai import OpenAI

client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

PROFILES = {
    "terse": {"model": "deepseek-chat", "temperature": 0.1},
    "chatty": {"model": "deepseek-chat", "temperature": 0.9},
}
ROUTES = [{"name": "a", "model": "deepseek-reasoner"}, {"name": "b", "model": "deepseek-reasoner"}]


def ask(profile, prompt):
    settings = PROFILES[profile]
    return client.chat.completions.create(
        model=settings["model"],
        temperature=settings["temperature"],
        messages=[{"role": "user", "content": prompt}],
    )


def ask_all(prompt):
    for route in ROUTES:
        client.chat.completions.create(model=route["model"], messages=[{"role": "user", "content": prompt}])


ask("terse", "hi")
ask("chatty", "hello")
ask_all("2+2?")
"""


def test_registry_entries_reach_the_wire_renamed_with_their_thinking_mode() -> None:
    before = textwrap.dedent(CODE)
    after = fix_source(before)
    assert "deepseek-chat" not in after and "deepseek-reasoner" not in after
    assert fix_source(after) == after
    old, new = chat_bodies(run_capture(before)), chat_bodies(run_capture(after))
    assert [b["model"] for b in old] == ["deepseek-chat"] * 2 + ["deepseek-reasoner"] * 2
    assert [b["model"] for b in new] == ["deepseek-v4-flash"] * 4
    assert [b["thinking"] for b in new] == [{"type": "disabled"}] * 2 + [{"type": "enabled"}] * 2
    for o, n in zip(old, new, strict=True):
        assert {k: v for k, v in o.items() if k not in ("model", "thinking")} == {
            k: v for k, v in n.items() if k not in ("model", "thinking")
        }
