"""DSM114 on the wire: real llama-index-llms-deepseek, before and after migration.

Snippets follow the package's docs page (https://docs.llamaindex.ai/en/stable/examples/llm/deepseek/).
The class hard-codes ``api_base="https://api.deepseek.com"``; the harness's
sitecustomize redirects it to the loopback server. Request bodies are
deterministic (the package always adds ``temperature: 0.1``) and compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

pytestmark = pytest.mark.wire

DOCS_COMPLETE = """
from llama_index.llms.deepseek import DeepSeek

# you can also set DEEPSEEK_API_KEY in your environment variables
llm = DeepSeek(model="deepseek-reasoner", api_key="you_api_key")
print("function calling:", llm.metadata.is_function_calling_model)

response = llm.complete("Is 9.9 or 9.11 bigger?")
print(response)
"""

DOCS_CHAT_STREAM = """
from llama_index.core.llms import ChatMessage
from llama_index.llms.deepseek import DeepSeek

llm = DeepSeek(model="deepseek-chat", api_key="you_api_key")
print("function calling:", llm.metadata.is_function_calling_model)
messages = [
    ChatMessage(role="system", content="You are a pirate with a colorful personality"),
    ChatMessage(role="user", content="What is your name"),
]
for r in llm.stream_chat(messages):
    print(r.delta, end="")
"""

TOOLS = '''
from llama_index.core.tools import FunctionTool
from llama_index.llms.deepseek import DeepSeek

def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b

llm = DeepSeek(model="deepseek-chat", api_key="you_api_key", additional_kwargs={"user": "u-1"})
print("function calling:", llm.metadata.is_function_calling_model)
response = llm.chat_with_tools([FunctionTool.from_defaults(fn=multiply)], user_msg="What is 3 * 4?")
print(llm.get_tool_calls_from_response(response, error_on_no_tool_call=False))
'''


@pytest.mark.parametrize(
    ("before", "thinking"),
    [
        pytest.param(DOCS_COMPLETE, "enabled", id="complete-reasoner"),
        pytest.param(DOCS_CHAT_STREAM, "disabled", id="stream_chat-chat"),
        pytest.param(TOOLS, "disabled", id="chat_with_tools-existing-additional_kwargs"),
    ],
)
def test_llama_index_sends_new_model_and_thinking(before: str, thinking: str) -> None:
    run = migrate_and_capture(before)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking=thinking)
    # Tool support as the package computed it for the old name: True for deepseek-chat, False for the reasoner.
    flag = "function calling: True" if thinking == "disabled" else "function calling: False"
    assert flag in run.before_stdout and flag in run.after_stdout


def test_tools_body_keeps_tools_and_user() -> None:
    run = migrate_and_capture(TOOLS)
    (new,) = run.after
    assert new["tools"][0]["function"]["name"] == "multiply"
    assert new["user"] == "u-1"


def test_llama_index_reasoning_effort_goes_in_additional_kwargs() -> None:
    run = migrate_and_capture(DOCS_COMPLETE, reasoning_effort="max")
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


OPENAI_LIKE_CHAT = """
from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike

llm = OpenAILike(model="deepseek-chat", api_base="https://api.deepseek.com/v1", api_key="sk-x", is_chat_model=True)
print(llm.chat([ChatMessage(role="user", content="What is your name")]))
"""


def test_openai_like_chat_sends_new_model_and_thinking() -> None:
    run = migrate_and_capture(OPENAI_LIKE_CHAT)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking="disabled")
