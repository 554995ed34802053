"""DSM110 on the wire: the real `anthropic` package, before and after migration, against the loopback server.

Snippets are written the way DeepSeek's Anthropic-API guide writes them
(https://api-docs.deepseek.com/guides/anthropic_api). Nothing in the request
body is nondeterministic here, so the bodies are compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

DOCS_SNIPPET = """
import anthropic

client = anthropic.Anthropic(
    base_url="https://api.deepseek.com/anthropic",
    api_key="sk-wire-test",
)
message = client.messages.create(
    model="deepseek-chat",
    max_tokens=1000,
    system="You are a helpful assistant.",
    messages=[
        {"role": "user", "content": [{"type": "text", "text": "Hi, how are you?"}]}
    ],
)
print(message.content)
"""

# No base_url: ANTHROPIC_BASE_URL (set by the harness, as users set it for DeepSeek) decides. The tool
# cannot see it, so the host is unknown and the fix unsafe; with --unsafe-fixes the request is right.
STREAM_ENV_CLIENT = """
from anthropic import Anthropic

MODEL = "deepseek-reasoner"
client = Anthropic()
with client.messages.stream(
    model=MODEL,
    max_tokens=2048,
    messages=[{"role": "user", "content": "Why is the sky blue?"}],
) as stream:
    print(stream.get_final_text())
"""

ASYNC_AND_BETA = """
import asyncio
import anthropic as ac

async def main():
    client = ac.AsyncAnthropic(base_url="https://api.deepseek.com/anthropic")
    one = await client.messages.create(model="deepseek-chat", max_tokens=64, stop_sequences=["END"],
                                       messages=[{"role": "user", "content": "a"}])
    two = await client.beta.messages.create(model="deepseek-chat", max_tokens=64,
                                            messages=[{"role": "user", "content": "b"}])
    print(one.content, two.content)

asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("before", "thinking", "count", "fix"),
    [
        pytest.param(DOCS_SNIPPET, "disabled", 1, Applicability.SAFE, id="docs-create"),
        pytest.param(STREAM_ENV_CLIENT, "enabled", 1, Applicability.UNSAFE, id="stream-env-base-url"),
        pytest.param(ASYNC_AND_BETA, "disabled", 2, Applicability.SAFE, id="async-and-beta"),
    ],
)
def test_anthropic_sends_new_model_and_thinking(
    before: str, thinking: str, count: int, fix: Applicability
) -> None:
    run = migrate_and_capture(before, unsafe=fix is Applicability.UNSAFE)
    assert run.applicability == {fix}
    assert len(run.before) == len(run.after) == count
    for old, new in zip(run.before, run.after, strict=True):
        assert_migrated_body(old, new, thinking=thinking)


def test_anthropic_reasoning_effort_goes_to_output_config() -> None:
    run = migrate_and_capture(STREAM_ENV_CLIENT, reasoning_effort="max", unsafe=True)
    assert 'output_config={"effort": "max"}' in run.source
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"output_config": {"effort": "max"}})


def test_anthropic_existing_thinking_is_kept() -> None:
    run = migrate_and_capture(
        DOCS_SNIPPET.replace("max_tokens=1000,", 'max_tokens=4000, thinking={"type": "disabled"},')
    )
    (old,), (new,) = run.before, run.after
    assert old["thinking"] == new["thinking"] == {"type": "disabled"}
    assert_migrated_body(old, new, thinking="disabled")
