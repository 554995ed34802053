"""DSM113 on the wire: real pydantic-ai-slim[openai], before and after migration.

Snippets follow pydantic-ai's docs (the agents page and the DeepSeek section of
the OpenAI-compatible models page). ``DeepSeekProvider`` hard-codes DeepSeek's
URL; the harness's sitecustomize redirects it to the loopback server. Request
bodies are deterministic and compared whole, except ``tool_choice`` in the
``output_type`` case, which pydantic-ai's DeepSeek profile itself changes
after the rename (asserted separately).
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

AGENT_DOCS = """
from pydantic_ai import Agent

agent = Agent(
    "deepseek:deepseek-chat",
    instructions="Be concise, reply with one sentence.",
)
result = agent.run_sync('Where does "hello world" come from?')
print(result.output)
"""

CHAT_MODEL_DEEPSEEK_PROVIDER = """
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.deepseek import DeepSeekProvider

model = OpenAIChatModel(
    "deepseek-chat",
    provider=DeepSeekProvider(api_key="your-deepseek-api-key"),
)
agent = Agent(model)
print(agent.run_sync("Hello").output)
"""

CHAT_MODEL_OPENAI_PROVIDER = """
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider

model = OpenAIChatModel(
    "deepseek-reasoner",
    provider=OpenAIProvider(base_url="https://api.deepseek.com", api_key="your-deepseek-api-key"),
)
agent = Agent(model, model_settings={"temperature": 0.0})
print(agent.run_sync("What is 2 + 2?").output)
"""

OUTPUT_TYPE = """
from pydantic import BaseModel
from pydantic_ai import Agent

class CityLocation(BaseModel):
    city: str
    country: str

agent = Agent("deepseek:deepseek-chat", output_type=CityLocation)
result = agent.run_sync("Where were the olympics held in 2012?")
print(result.output)
"""


@pytest.mark.parametrize(
    ("before", "thinking"),
    [
        pytest.param(AGENT_DOCS, "disabled", id="Agent-docs"),
        pytest.param(CHAT_MODEL_DEEPSEEK_PROVIDER, "disabled", id="OpenAIChatModel-DeepSeekProvider"),
        pytest.param(CHAT_MODEL_OPENAI_PROVIDER, "enabled", id="OpenAIChatModel-OpenAIProvider"),
    ],
)
def test_pydantic_ai_sends_new_model_and_thinking(before: str, thinking: str) -> None:
    run = migrate_and_capture(before)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking=thinking)


def test_output_type_tool_choice_follows_the_library_profile() -> None:
    run = migrate_and_capture(OUTPUT_TYPE)
    (old,), (new,) = run.before, run.after
    # pydantic-ai's DeepSeek profile: deepseek-chat may force the output tool, deepseek-v4-* may not.
    assert (old["tool_choice"], new["tool_choice"]) == ("required", "auto")
    assert_migrated_body({**old, "tool_choice": "auto"}, new, thinking="disabled")


@pytest.mark.parametrize("before", [AGENT_DOCS, CHAT_MODEL_OPENAI_PROVIDER])
def test_pydantic_ai_reasoning_effort(before: str) -> None:
    run = migrate_and_capture(before.replace("deepseek-chat", "deepseek-reasoner"), reasoning_effort="max")
    assert '"openai_reasoning_effort": "max"' in run.source
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


def test_an_ex_reasoner_output_type_agent_moved_to_deepseek_flash_forces_its_tool_in_thinking_mode() -> None:
    """Issue 15: with ``--target deepseek-flash`` the migrated agent sends thinking plus a forced tool (400); DSM305 says so."""
    from migrate.api import check_source
    from migrate.rulepack import load_rules
    from tests.wire.harness import chat_bodies, run_capture

    before = OUTPUT_TYPE.replace("deepseek-chat", "deepseek-reasoner")
    result = check_source(before, apply=True, rules=load_rules(target="deepseek-flash"))
    assert result.fixed is not None and '"deepseek:deepseek-flash"' in result.fixed
    assert "DSM305" in [f.code for f in result.findings]
    (body,) = chat_bodies(run_capture(result.fixed, allow_empty=True))
    assert (body["model"], body["thinking"], body["tool_choice"]) == (
        "deepseek-flash",
        {"type": "enabled"},
        "required",
    )


RUN_SETTINGS_EXTRA_BODY = """
from pydantic_ai import Agent

agent = Agent("deepseek:deepseek-chat", instructions="Be concise.")
result = agent.run_sync("Hello", model_settings={"extra_body": {"user": "u1"}})
print(result.output)
"""

AGENT_SETTINGS_OVER_MODEL = """
from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.deepseek import DeepSeekProvider

model = OpenAIChatModel("deepseek-chat", provider=DeepSeekProvider(api_key="k"))
agent = Agent(model, model_settings={"extra_body": {"user": "u1"}})
print(agent.run_sync("Hello").output)
"""


@pytest.mark.parametrize(
    "before",
    [
        pytest.param(RUN_SETTINGS_EXTRA_BODY, id="run_sync-model_settings"),
        pytest.param(AGENT_SETTINGS_OVER_MODEL, id="Agent-model_settings-over-model-settings"),
    ],
)
def test_a_later_extra_body_replaces_the_fixed_one_so_it_gets_thinking_too(before: str) -> None:
    """Issue 14: pydantic-ai merges settings one level deep; a later extra_body must carry thinking too."""
    run = migrate_and_capture(before)
    assert run.applicability == {Applicability.SAFE}
    (old,), (new,) = run.before, run.after
    assert old["user"] == new["user"] == "u1"
    assert_migrated_body(old, new, thinking="disabled")
