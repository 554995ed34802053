"""DSM112 on the wire: real litellm, dspy, crewai, smolagents and instructor, before and after migration.

Snippets follow each library's own docs (litellm's DeepSeek provider page and
Router quick start, dspy's language-model guide, crewai's LLM page,
smolagents' ``LiteLLMModel`` docstring, instructor's ``from_provider`` guide).
litellm strips the ``deepseek/`` prefix, so the body's ``model`` is the bare
name on both sides. The bodies are deterministic and compared whole.

crewai 1.15 pins ``openai<3``, ``pydantic<2.13`` and ``instructor<1.16``, so it
lives in its own virtualenv: ``WIRE_CREWAI_PYTHON`` names its interpreter, else
``deepseek-migrate/crewai-<version>-py<X.Y>`` under the user's cache directory
(``$XDG_CACHE_HOME``, default ``~/.cache``), which the first crewai test creates
(``pip install crewai==1.15.30``, about a minute) when it is missing; never in
the repository.
"""

from __future__ import annotations

import textwrap
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from migrate.api import check_source
from migrate.model import Applicability
from migrate.rulepack import load_rules
from tests.wire import CaptureServer, chat_bodies, run_snippet
from tests.wire.before_after import BeforeAfter, assert_migrated_body, migrate_and_capture
from tests.wire.harness import pinned_python

pytestmark = pytest.mark.wire

LITELLM_DOCS = """
import asyncio
import os

import litellm
from litellm import Router, completion

messages = [{"role": "user", "content": "hello from litellm"}]
response = completion(model="deepseek/deepseek-chat", messages=messages)
print(response.choices[0].message.content)

for chunk in completion(model="deepseek/deepseek-chat", messages=messages, stream=True):
    print(chunk.choices[0].delta.content or "", end="")


async def main():
    return await litellm.acompletion(model="deepseek/deepseek-reasoner", messages=messages, max_tokens=512)

print(asyncio.run(main()).choices[0].message.content)

model_list = [
    {
        "model_name": "deepseek",
        "litellm_params": {
            "model": "deepseek/deepseek-chat",
            "api_key": os.getenv("DEEPSEEK_API_KEY"),
        },
    }
]
router = Router(model_list=model_list)
print(router.completion(model="deepseek", messages=messages).choices[0].message.content)

# An OpenAI-compatible route pointed at DeepSeek: litellm's openai provider rejects thinking=.
completion(model="openai/deepseek-reasoner", api_base="https://api.deepseek.com", messages=messages)
completion(model="deepseek-chat", custom_llm_provider="deepseek", messages=messages, temperature=0.2)
# A look-alike: another model, never renamed.
completion(model="deepseek/deepseek-chat-v3-0324", messages=messages)
"""

DSPY_DOCS = """
import os

import dspy

lm = dspy.LM("deepseek/deepseek-chat", api_key=os.environ["DEEPSEEK_API_KEY"])
dspy.configure(lm=lm)
print(lm("Say this is a test!", temperature=0.7))
qa = dspy.Predict("question -> answer")
print(qa(question="What is the capital of France?"))
"""

SMOLAGENTS_DOCS = """
from smolagents import LiteLLMModel

model = LiteLLMModel(model_id="deepseek/deepseek-reasoner", temperature=0.2, max_tokens=1000)
messages = [{"role": "user", "content": [{"type": "text", "text": "Hello, how are you?"}]}]
print(model.generate(messages).content)
"""

INSTRUCTOR_DOCS = """
import asyncio

import instructor
from pydantic import BaseModel


class User(BaseModel):
    name: str
    age: int


client = instructor.from_provider("deepseek/deepseek-chat")
user = client.create(
    response_model=User,
    messages=[{"role": "user", "content": "Extract: Jason is 25 years old"}],
)
print(user)
user = client.chat.completions.create(
    response_model=User,
    messages=[{"role": "user", "content": "Extract: Ann is 31 years old"}],
)
print(user)


async def main():
    aclient = instructor.from_provider("deepseek/deepseek-chat", async_client=True)
    return await aclient.create(response_model=User, messages=[{"role": "user", "content": "Bo is 7"}])

print(asyncio.run(main()))
"""

CREWAI_DOCS = """
from crewai import LLM

llm = LLM(model="deepseek/deepseek-chat", temperature=0.7)
print(llm.call("Hello"))
reasoner = LLM(model="deepseek/deepseek-reasoner", max_tokens=4096)
print(reasoner.call([{"role": "user", "content": "Why is the sky blue?"}]))
# The provider named apart, and crewai's native OpenAI provider pointed at DeepSeek.
print(LLM(model="deepseek-chat", provider="deepseek").call("Hi"))
print(LLM(model="deepseek-reasoner", base_url="https://api.deepseek.com", api_key="sk-placeholder").call("Hi"))
"""

EFFORT_ACROSS_THE_FAMILY = """
import dspy
import instructor
from litellm import completion
from pydantic import BaseModel
from smolagents import LiteLLMModel

messages = [{"role": "user", "content": "hi"}]
completion(model="deepseek/deepseek-reasoner", messages=messages)
completion(model="openai/deepseek-reasoner", api_base="https://api.deepseek.com", messages=messages)
dspy.LM("deepseek/deepseek-reasoner")("Say this is a test!")
LiteLLMModel(model_id="deepseek/deepseek-reasoner").generate([{"role": "user", "content": "hi"}])


class User(BaseModel):
    name: str


instructor.from_provider("deepseek/deepseek-reasoner", mode=instructor.Mode.JSON).create(
    response_model=User, messages=messages
)
"""

SAME = "same"  # a look-alike: the body must not change at all


def _assert_pairs(run: BeforeAfter, modes: list[str], extra: dict[str, Any] | None = None) -> None:
    assert len(run.before) == len(run.after) == len(modes), (run.before, run.after)
    for old, new, mode in zip(run.before, run.after, modes, strict=True):
        if mode == SAME:
            assert old == new
            continue
        assert_migrated_body(old, new, thinking=mode, extra=extra if mode == "enabled" else None)


def test_litellm_completion_stream_async_router_openai_route_and_lookalike() -> None:
    run = migrate_and_capture(LITELLM_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert (
        'completion(model="openai/deepseek-v4-flash", api_base="https://api.deepseek.com", messages=messages, '
        'extra_body={"thinking": {"type": "enabled"}})'
    ) in run.source
    assert '"deepseek/deepseek-chat-v3-0324"' in run.source
    _assert_pairs(run, ["disabled", "disabled", "enabled", "disabled", "enabled", "disabled", SAME])
    assert run.after[1]["stream"] is True
    assert run.after[-1]["model"] == "deepseek-chat-v3-0324"


def test_dspy_lm_and_predict() -> None:
    run = migrate_and_capture(DSPY_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) >= 2  # the direct call, then Predict (plus its JSON-adapter retry)
    _assert_pairs(run, ["disabled"] * len(run.before))


def test_smolagents_litellm_model() -> None:
    run = migrate_and_capture(SMOLAGENTS_DOCS)
    assert run.applicability == {Applicability.SAFE}
    _assert_pairs(run, ["enabled"])


def test_instructor_from_provider_defaults_reach_every_create() -> None:
    run = migrate_and_capture(INSTRUCTOR_DOCS)
    assert run.applicability == {Applicability.SAFE}
    assert (
        'from_provider("deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})'
        in run.source
    )
    # TOOLS mode sends a named tool_choice, which thinking mode would reject: thinking must be off.
    assert all(body["tool_choice"]["type"] == "function" for body in run.after)
    _assert_pairs(run, ["disabled"] * 3)


def test_reasoning_effort_across_the_family() -> None:
    run = migrate_and_capture(EFFORT_ACROSS_THE_FAMILY, reasoning_effort="max")
    assert run.applicability == {Applicability.SAFE}
    _assert_pairs(run, ["enabled"] * 5, extra={"reasoning_effort": "max"})


CREWAI_REQUIREMENT = "crewai==1.15.30"


def _crewai_python() -> str:
    return pinned_python((CREWAI_REQUIREMENT,), "WIRE_CREWAI_PYTHON")


def _crewai_capture(before: str, reasoning_effort: str | None = None) -> BeforeAfter:
    """``migrate_and_capture`` with crewai's own interpreter."""
    before = textwrap.dedent(before)
    result = check_source(before, apply=True, rules=load_rules(reasoning_effort=reasoning_effort))
    after = result.fixed
    assert after is not None and after != before, [f.message for f in result.findings]
    python = _crewai_python()

    def run(code: str) -> Any:
        with CaptureServer() as server:
            return run_snippet(code, server=server, python=python, timeout=180)

    with ThreadPoolExecutor(max_workers=2) as pool:
        old, new = pool.map(run, (before, after))
    applicability = {f.fix.applicability for f in result.findings if f.fix is not None and f.applied}
    return BeforeAfter(
        after, chat_bodies(old.captured), chat_bodies(new.captured), old.stdout, new.stdout, applicability
    )


def test_crewai_llm_with_reasoning_effort() -> None:
    run = _crewai_capture(CREWAI_DOCS, reasoning_effort="max")
    assert run.applicability == {Applicability.SAFE}
    assert (
        'LLM(model="deepseek/deepseek-v4-flash", temperature=0.7, extra_body={"thinking": {"type": "disabled"}})'
        in run.source
    )
    _assert_pairs(run, ["disabled", "enabled", "disabled", "enabled"], extra={"reasoning_effort": "max"})
