"""DSM117 on the wire: real haystack-ai, smolagents ``OpenAIServerModel`` and openai-agents, before and after.

Snippets follow each library's docs: haystack's ``OpenAIChatGenerator`` page
(an OpenAI-compatible ``api_base_url``), smolagents' guide to
OpenAI-compatible servers, and the openai-agents example for other providers
(``OpenAIChatCompletionsModel`` with an ``AsyncOpenAI`` client). The bodies are
deterministic and compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

HAYSTACK_DOCS = """
from haystack.components.generators.chat import OpenAIChatGenerator
from haystack.dataclasses import ChatMessage
from haystack.utils import Secret

client = OpenAIChatGenerator(
    model="deepseek-chat",
    api_key=Secret.from_env_var("DEEPSEEK_API_KEY"),
    api_base_url="https://api.deepseek.com",
)
response = client.run([ChatMessage.from_user("What's Natural Language Processing? Be brief.")])
print(response["replies"][0].text)

reasoner = OpenAIChatGenerator(
    model="deepseek-reasoner",
    api_key=Secret.from_env_var("DEEPSEEK_API_KEY"),
    api_base_url="https://api.deepseek.com/v1",
    generation_kwargs={"max_completion_tokens": 2048, "extra_body": {"user": "u-1"}},
)
print(reasoner.run([ChatMessage.from_user("Why is the sky blue?")])["replies"][0].text)
"""

SMOLAGENTS_DOCS = """
import os

from smolagents import OpenAIServerModel

model = OpenAIServerModel(
    model_id="deepseek-chat",
    api_base="https://api.deepseek.com",
    api_key=os.environ["DEEPSEEK_API_KEY"],
)
messages = [{"role": "user", "content": [{"type": "text", "text": "Hello, how are you?"}]}]
print(model.generate(messages).content)
reasoner = OpenAIServerModel("deepseek-reasoner", api_base="https://api.deepseek.com", temperature=0.6)
print(reasoner.generate(messages).content)
"""

AGENTS_DOCS = """
import os

from agents import Agent, ModelSettings, OpenAIChatCompletionsModel, Runner, set_tracing_disabled
from openai import AsyncOpenAI

client = AsyncOpenAI(base_url="https://api.deepseek.com", api_key=os.environ["DEEPSEEK_API_KEY"])
set_tracing_disabled(disabled=True)

agent = Agent(
    name="Assistant",
    instructions="You only respond in haikus.",
    model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=client),
)
result = Runner.run_sync(agent, "Tell me about recursion in programming.")
print(result.final_output)

reasoner = OpenAIChatCompletionsModel(model="deepseek-reasoner", openai_client=client)
thinker = Agent(
    name="Thinker",
    instructions="Think it through.",
    model=reasoner,
    model_settings=ModelSettings(temperature=0.3),
)
print(Runner.run_sync(thinker, "Why is the sky blue?").final_output)
"""


def test_haystack_openai_chat_generator() -> None:
    run = migrate_and_capture(HAYSTACK_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert 'generation_kwargs={"extra_body": {"thinking": {"type": "disabled"}}},' in run.source
    (chat_old, reasoner_old), (chat_new, reasoner_new) = run.before, run.after
    assert_migrated_body(chat_old, chat_new, thinking="disabled")
    assert_migrated_body(reasoner_old, reasoner_new, thinking="enabled")
    assert reasoner_new["user"] == "u-1" and reasoner_new["max_completion_tokens"] == 2048


def test_smolagents_openai_server_model() -> None:
    run = migrate_and_capture(SMOLAGENTS_DOCS)
    assert run.applicability == {Applicability.SAFE}
    (chat_old, reasoner_old), (chat_new, reasoner_new) = run.before, run.after
    assert_migrated_body(chat_old, chat_new, thinking="disabled")
    assert_migrated_body(reasoner_old, reasoner_new, thinking="enabled")


def test_openai_agents_model_settings_on_the_agent() -> None:
    run = migrate_and_capture(AGENTS_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert 'model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}}),' in run.source
    assert 'ModelSettings(temperature=0.3, extra_body={"thinking": {"type": "enabled"}})' in run.source
    (chat_old, reasoner_old), (chat_new, reasoner_new) = run.before, run.after
    assert_migrated_body(chat_old, chat_new, thinking="disabled")
    assert_migrated_body(reasoner_old, reasoner_new, thinking="enabled")


def test_reasoning_effort_in_each_wrapper() -> None:
    # One module: haystack's ``client`` renamed, so the agents' ``client`` is one AsyncOpenAI (a name
    # reassigned to another object is an unknown client, as everywhere).
    haystack = HAYSTACK_DOCS.replace("client", "generator")
    source = (haystack + SMOLAGENTS_DOCS + AGENTS_DOCS).replace("deepseek-chat", "deepseek-reasoner")
    run = migrate_and_capture(source, reasoning_effort="max")
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 6
    for old, new in zip(run.before, run.after, strict=True):
        assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})
