"""DSM111 on the wire: real langchain, langchain-deepseek and langchain-openai, before and after migration.

Snippets follow LangChain's own docs (the ChatDeepSeek integration page, the
init_chat_model and create_agent guides). Request bodies are deterministic, so
they are compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

CHAT_DEEPSEEK_DOCS = """
from langchain_deepseek import ChatDeepSeek

llm = ChatDeepSeek(
    model="deepseek-chat",
    temperature=0,
    max_tokens=None,
    timeout=None,
    max_retries=2,
    # other params...
)
messages = [
    (
        "system",
        "You are a helpful assistant that translates English to French. Translate the user sentence.",
    ),
    ("human", "I love programming."),
]
ai_msg = llm.invoke(messages)
print(ai_msg.content)
"""

# with_structured_output() sends a named tool_choice: a 400 if thinking were left on.
STRUCTURED_OUTPUT = """
from pydantic import BaseModel, Field
from langchain_deepseek import ChatDeepSeek

class Joke(BaseModel):
    setup: str = Field(description="The setup of the joke")
    punchline: str = Field(description="The punchline to the joke")

llm = ChatDeepSeek(model="deepseek-chat", extra_body={"user": "u-1"})
print(llm.with_structured_output(Joke).invoke("Tell me a joke about cats"))
"""

CHAT_OPENAI = """
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(
    model="deepseek-reasoner",
    api_key="sk-wire-test",
    base_url="https://api.deepseek.com",
)
print(llm.invoke("What is 2 + 2?").content)
"""

INIT_PREFIX = """
from langchain.chat_models import init_chat_model

model = init_chat_model("deepseek:deepseek-chat")
print(model.invoke("Hello, world!").content)
"""

INIT_PROVIDER = """
from langchain.chat_models import init_chat_model

model = init_chat_model("deepseek-chat", model_provider="deepseek", temperature=0)
for chunk in model.stream("Hello"):
    print(chunk.content, end="")
"""

INIT_BARE = """
from langchain.chat_models import init_chat_model

model = init_chat_model("deepseek-reasoner")
print(model.invoke("Hello").content)
"""

CREATE_AGENT = '''
from langchain.agents import create_agent

def get_weather(city: str) -> str:
    """Get weather for a given city."""
    return f"It's always sunny in {city}!"

agent = create_agent(
    "deepseek:deepseek-chat",
    tools=[get_weather],
    system_prompt="You are a helpful assistant",
)
result = agent.invoke({"messages": [{"role": "user", "content": "what is the weather in sf"}]})
print(result["messages"][-1].content)
'''


@pytest.mark.parametrize(
    ("before", "thinking"),
    [
        pytest.param(CHAT_DEEPSEEK_DOCS, "disabled", id="ChatDeepSeek-docs"),
        pytest.param(STRUCTURED_OUTPUT, "disabled", id="ChatDeepSeek-structured-output"),
        pytest.param(CHAT_OPENAI, "enabled", id="ChatOpenAI-deepseek-base-url"),
        pytest.param(INIT_PREFIX, "disabled", id="init_chat_model-prefix"),
        pytest.param(INIT_PROVIDER, "disabled", id="init_chat_model-model_provider-stream"),
        pytest.param(INIT_BARE, "enabled", id="init_chat_model-bare-name"),
    ],
)
def test_langchain_sends_new_model_and_thinking(before: str, thinking: str) -> None:
    run = migrate_and_capture(before)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking=thinking)


def test_structured_output_keeps_named_tool_choice_and_extra_body() -> None:
    run = migrate_and_capture(STRUCTURED_OUTPUT)
    (body,) = run.after
    assert body["tool_choice"]["type"] == "function"
    assert body["user"] == "u-1"  # the existing extra_body entry is still sent
    assert body["thinking"] == {"type": "disabled"}


def test_create_agent_spec_is_wrapped_in_init_chat_model() -> None:
    run = migrate_and_capture(CREATE_AGENT, unsafe=True)
    assert run.applicability == {Applicability.UNSAFE}
    assert "from langchain.chat_models import init_chat_model" in run.source
    assert 'init_chat_model("deepseek:deepseek-v4-flash", extra_body=' in run.source
    (old,), (new,) = run.before, run.after
    assert old["tools"][0]["function"]["name"] == "get_weather"
    assert_migrated_body(old, new, thinking="disabled")


def test_create_agent_reasoner_spec_is_renamed_only() -> None:
    run = migrate_and_capture(CREATE_AGENT.replace("deepseek-chat", "deepseek-reasoner"))
    assert run.applicability == {Applicability.SAFE}
    assert 'create_agent(\n    "deepseek:deepseek-v4-flash",' in run.source
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking=None)  # the server default (enabled), as before


def test_create_agent_reasoner_spec_with_effort_is_wrapped() -> None:
    run = migrate_and_capture(
        CREATE_AGENT.replace("deepseek-chat", "deepseek-reasoner"), unsafe=True, reasoning_effort="max"
    )
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


@pytest.mark.parametrize("before", [CHAT_OPENAI, INIT_BARE])
def test_langchain_reasoning_effort(before: str) -> None:
    run = migrate_and_capture(before, reasoning_effort="max")
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


def test_langgraph_create_react_agent_spec_is_wrapped() -> None:
    run = migrate_and_capture(
        """
from langgraph.prebuilt import create_react_agent

agent = create_react_agent(model="deepseek:deepseek-chat", tools=[])
print(agent.invoke({"messages": [{"role": "user", "content": "hi"}]})["messages"][-1].content)
""",
        unsafe=True,
    )
    assert 'create_react_agent(model=init_chat_model("deepseek:deepseek-v4-flash", extra_body=' in run.source
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="disabled")
