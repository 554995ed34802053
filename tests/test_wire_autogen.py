"""DSM116 on the wire: real autogen-ext / autogen-agentchat and ag2 (classic ``autogen``), before and after.

Snippets follow the libraries' own docs: autogen-ext's "models" guide for
OpenAI-compatible endpoints (``OpenAIChatCompletionClient`` with ``base_url``
and ``model_info``), and ag2's ``config_list`` / ``llm_config`` quick start
and DeepSeek page (``"api_type": "deepseek"``). The bodies are deterministic
and compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

AUTOGEN_EXT_DOCS = """
import asyncio

from autogen_agentchat.agents import AssistantAgent
from autogen_core.models import ModelFamily, UserMessage
from autogen_ext.models.openai import OpenAIChatCompletionClient


async def main() -> None:
    model_client = OpenAIChatCompletionClient(
        model="deepseek-chat",
        base_url="https://api.deepseek.com",
        api_key="sk-placeholder",
        model_info={
            "vision": False,
            "function_calling": True,
            "json_output": True,
            "family": ModelFamily.UNKNOWN,
            "structured_output": True,
        },
    )
    agent = AssistantAgent("assistant", model_client=model_client, system_message="You are a helpful assistant.")
    result = await agent.run(task="Say hi")
    print(result.messages[-1].content)

    reasoner = OpenAIChatCompletionClient(
        model="deepseek-reasoner",
        base_url="https://api.deepseek.com/v1",
        api_key="sk-placeholder",
        model_info={
            "vision": False,
            "function_calling": False,
            "json_output": False,
            "family": ModelFamily.R1,
            "structured_output": False,
        },
        extra_body={"user": "u-1"},
    )
    response = await reasoner.create([UserMessage(content="Why is the sky blue?", source="user")])
    print(response.content)
    await model_client.close()
    await reasoner.close()


asyncio.run(main())
"""

AG2_DOCS = """
import os

from autogen import AssistantAgent, UserProxyAgent

config_list = [
    {
        "model": "deepseek-chat",
        "api_key": os.environ["DEEPSEEK_API_KEY"],
        "api_type": "deepseek",
    }
]
assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": None})
user_proxy = UserProxyAgent("user_proxy", human_input_mode="NEVER", code_execution_config=False)
user_proxy.initiate_chat(assistant, message="Tell me a joke.", max_turns=1)

llm_config = {
    "config_list": [
        {
            "model": "deepseek-reasoner",
            "base_url": "https://api.deepseek.com/v1",
            "api_key": os.environ["DEEPSEEK_API_KEY"],
            "extra_body": {"user": "u-1"},
        }
    ],
    "temperature": 0.5,
}
writer = AssistantAgent("writer", llm_config=llm_config)
print(writer.generate_reply(messages=[{"role": "user", "content": "Hello"}]))
"""


def test_autogen_ext_client_and_agent() -> None:
    run = migrate_and_capture(AUTOGEN_EXT_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert 'extra_body={"user": "u-1", "thinking": {"type": "enabled"}},' in run.source
    (chat_old, reasoner_old), (chat_new, reasoner_new) = run.before, run.after
    assert_migrated_body(chat_old, chat_new, thinking="disabled")
    assert_migrated_body(reasoner_old, reasoner_new, thinking="enabled")
    assert reasoner_new["user"] == "u-1"  # the existing extra_body entry is still sent


def test_ag2_config_list_api_type_deepseek_and_base_url() -> None:
    run = migrate_and_capture(AG2_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert (
        '"api_type": "deepseek",\n        "extra_body": {"thinking": {"type": "disabled"}},\n' in run.source
    )
    (chat_old, reasoner_old), (chat_new, reasoner_new) = run.before, run.after
    assert_migrated_body(chat_old, chat_new, thinking="disabled")
    assert_migrated_body(reasoner_old, reasoner_new, thinking="enabled")
    assert reasoner_new["user"] == "u-1" and reasoner_new["temperature"] == 0.5


def test_reasoning_effort_in_both_libraries() -> None:
    source = (AUTOGEN_EXT_DOCS + AG2_DOCS).replace("deepseek-chat", "deepseek-reasoner")
    run = migrate_and_capture(source, reasoning_effort="max")
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 4
    for old, new in zip(run.before, run.after, strict=True):
        assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


COMPONENT = """
import asyncio

from autogen_core.models import ChatCompletionClient, UserMessage

spec = {
    "provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",
    "component_type": "model",
    "config": {
        "model": "deepseek-chat",
        "base_url": "https://api.deepseek.com/v1",
        "api_key": "k",
        "model_info": {"vision": False, "function_calling": True, "json_output": True, "family": "unknown", "structured_output": True},
        EXTRA
    },
}


async def main() -> None:
    client = ChatCompletionClient.load_component(spec)
    print((await client.create([UserMessage(content="Hello", source="user")])).content)


asyncio.run(main())
"""


def test_a_component_config_drops_extra_body_so_an_ex_chat_model_there_gets_no_fix() -> None:
    """Issue 14: AutoGen's component loader has no field for thinking; the tool never adds one there."""
    from migrate.adapters.python.autogen import AutoGen
    from migrate.api import check_source
    from tests.wire.harness import chat_bodies, run_capture

    carried = COMPONENT.replace("EXTRA", '"extra_body": {"thinking": {"type": "disabled"}},')
    (body,) = chat_bodies(run_capture(carried))
    assert "thinking" not in body  # the loader dropped it
    before = COMPONENT.replace("EXTRA", "")
    result = check_source(before, apply=True, unsafe=True)
    assert result.fixed is None
    assert any(f.code == AutoGen.CODE and f.fix is None for f in result.findings)
    renamed = check_source(before.replace("deepseek-chat", "deepseek-reasoner"), apply=True)
    assert renamed.fixed is not None
    (after,) = chat_bodies(run_capture(renamed.fixed))
    assert after["model"] == "deepseek-v4-flash" and "thinking" not in after
