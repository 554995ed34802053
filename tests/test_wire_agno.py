"""DSM115 on the wire: real agno, before and after migration.

Snippets follow agno's DeepSeek docs (https://docs.agno.com/models/providers/native/deepseek/overview).
``DeepSeek`` hard-codes ``base_url="https://api.deepseek.com"``; the harness's
sitecustomize redirects it to the loopback server. Request bodies are
deterministic and compared whole. phidata has no wire test: its finding has no
fix (manual review), so there is no after to run.

agno before 2.6.10 defaults ``DeepSeek()`` to ``deepseek-chat`` and has no
``use_thinking``; the fixes for a project that pins such a version run in their
own virtualenv: ``WIRE_OLD_AGNO_PYTHON`` names its interpreter, else
``deepseek-migrate/agno-<version>-py<X.Y>`` under the user's cache directory
(``$XDG_CACHE_HOME``, default ``~/.cache``), created by the first such test
(``pip install agno==2.6.9 openai``) when missing; never in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture
from tests.wire.harness import pinned_python

pytestmark = pytest.mark.wire

DOCS_AGENT = """
from agno.agent import Agent
from agno.models.deepseek import DeepSeek

agent = Agent(model=DeepSeek(id="deepseek-chat"), markdown=True)

# Print the response in the terminal
agent.print_response("Share a 2 sentence horror story.")
"""

REASONER = """
from agno.agent import Agent
from agno.models.deepseek import DeepSeek

agent = Agent(
    model=DeepSeek(id="deepseek-reasoner", temperature=0.3),
    instructions="Think step by step.",
)
print(agent.run("9.11 and 9.9 -- which is bigger?").content)
"""

MODEL_STRING = """
from agno.agent import Agent

agent = Agent(model="deepseek:deepseek-chat", markdown=True)
print(agent.run("Share a 2 sentence horror story.").content)
"""


@pytest.mark.parametrize(
    ("before", "thinking"),
    [
        pytest.param(DOCS_AGENT, "disabled", id="DeepSeek-chat-docs"),
        pytest.param(REASONER, "enabled", id="DeepSeek-reasoner"),
    ],
)
def test_agno_sends_new_model_and_thinking(before: str, thinking: str) -> None:
    run = migrate_and_capture(before)
    assert run.applicability == {Applicability.SAFE}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking=thinking)


def test_agno_model_string_is_replaced_by_deepseek_object() -> None:
    run = migrate_and_capture(MODEL_STRING, unsafe=True)
    assert run.applicability == {Applicability.UNSAFE}
    assert 'Agent(model=DeepSeek(id="deepseek-v4-flash", use_thinking=False), markdown=True)' in run.source
    (old,), (new,) = run.before, run.after
    assert "thinking" not in old  # agno treats the legacy deepseek-chat id as non-thinking
    assert_migrated_body(old, new, thinking="disabled")


def test_agno_reasoner_model_string_is_renamed_only() -> None:
    run = migrate_and_capture(MODEL_STRING.replace("deepseek-chat", "deepseek-reasoner"))
    assert run.applicability == {Applicability.SAFE}
    assert 'Agent(model="deepseek:deepseek-v4-flash", markdown=True)' in run.source
    (old,), (new,) = run.before, run.after
    assert old["thinking"] == {"type": "enabled"}  # agno sends it explicitly for both names
    assert_migrated_body(old, new, thinking="enabled")


def test_agno_reasoning_effort() -> None:
    run = migrate_and_capture(REASONER, reasoning_effort="max")
    (old,), (new,) = run.before, run.after
    assert_migrated_body(old, new, thinking="enabled", extra={"reasoning_effort": "max"})


OLD_AGNO_REQUIREMENT = "agno==2.6.9"
OLD_AGNO = """
from agno.agent import Agent
from agno.models.deepseek import DeepSeek

agent = Agent(model=DeepSeek(api_key="k"), markdown=True)
agent.print_response("Share a 2 sentence horror story.")
named = Agent(model=DeepSeek(id="deepseek-chat", api_key="k"))
named.print_response("Another one.")
"""


def _old_agno_python() -> str:
    return pinned_python((OLD_AGNO_REQUIREMENT, "openai"), "WIRE_OLD_AGNO_PYTHON")


def test_a_pinned_pre_2_6_10_agno_gets_request_params_and_the_default_id_named(tmp_path: Path) -> None:
    """Issue 15: the pinned agno sends deepseek-chat for DeepSeek(); after the fix both models send
    deepseek-v4-flash with thinking disabled, in the spelling that agno version has."""
    from migrate.engine import Settings, process
    from migrate.pins import project_pins
    from migrate.rulepack import load_rules
    from tests.wire.harness import chat_bodies, run_capture

    (tmp_path / "requirements.txt").write_text(OLD_AGNO_REQUIREMENT + "\n")
    source = tmp_path / "agent.py"
    source.write_text(OLD_AGNO)
    project_pins.cache_clear()
    result = process(source, "python", Settings(rules=load_rules(), apply=True, cwd=str(tmp_path)))
    assert result.fixed is not None and "use_thinking" not in result.fixed
    assert {f.fix.applicability for f in result.findings if f.fix is not None} == {Applicability.SAFE}
    python = _old_agno_python()
    before = chat_bodies(run_capture(OLD_AGNO, python=python))
    after = chat_bodies(run_capture(result.fixed, python=python))
    assert [b["model"] for b in before] == ["deepseek-chat", "deepseek-chat"]
    for old, new in zip(before, after, strict=True):
        assert_migrated_body(old, new, thinking="disabled")
