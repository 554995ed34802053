"""Calls that pass a model name to a function of the project.

In one module, the arguments every call of a helper passes are followed to the
request the helper makes. Across modules, callers of a function whose default is
a retired name are found.

A caller is linked to a function through the caller's imports, not by the
function's name alone: a module that defines (or imports from elsewhere) its
own function of the same name does not make the rename unsafe.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, check_source, fix_source, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult, Finding
from migrate.rulepack import load_rules

LLM = (
    'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\n\n\n'
    'def ask(prompt, model="deepseek-chat"):\n'
    "    return client.chat.completions.create(model=model, messages=[prompt])\n"
)
OWN_ASK = "def ask(prompt, model):\n    return prompt + model\n\n\n"


def _results(tmp_path: Path, files: dict[str, str]) -> dict[str, FileResult]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=False, cwd=str(tmp_path))
    found = run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats())
    return {r.path: r for r in found}


def _applicability(result: FileResult) -> Applicability:
    (finding,) = [f for f in result.findings if f.old == "deepseek-chat"]
    assert finding.fix is not None, finding.message
    return finding.fix.applicability


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # another module's own ask(): not a caller of app/llm.py's
        ({"app/other.py": OWN_ASK + 'ask("hi", model="gpt-4o")\n'}, Applicability.SAFE),
        (
            {"app/other.py": 'from tools import ask\n\nask("hi", "gpt-4o")\n', "tools.py": OWN_ASK},
            Applicability.SAFE,
        ),
        # twins: the same call, resolved to app/llm.py's ask()
        ({"app/other.py": 'from app.llm import ask\n\nask("hi", model="gpt-4o")\n'}, Applicability.UNSAFE),
        ({"app/other.py": 'from app.llm import ask as q\n\nq("hi", "gpt-4o")\n'}, Applicability.UNSAFE),
        ({"app/other.py": 'import app.llm as llm\n\nllm.ask("hi", model="gpt-4o")\n'}, Applicability.UNSAFE),
        ({"app/other.py": 'import app.llm\n\napp.llm.ask("hi", model="gpt-4o")\n'}, Applicability.UNSAFE),
        ({"app/other.py": 'from app import llm\n\nllm.ask("hi", model="gpt-4o")\n'}, Applicability.UNSAFE),
        ({"app/other.py": 'from app.llm import *\n\nask("hi", model="gpt-4o")\n'}, Applicability.UNSAFE),
        # a re-export through the package: still the same function
        (
            {
                "app/__init__.py": "from .llm import ask\n",
                "main.py": 'from app import ask\n\nask("hi", model="o1")\n',
            },
            Applicability.UNSAFE,
        ),
    ],
)
def test_a_caller_is_resolved_through_its_imports(
    tmp_path: Path, files: dict[str, str], expected: Applicability
) -> None:
    out = _results(tmp_path, {"app/__init__.py": "", "app/llm.py": LLM, **files})
    assert _applicability(out["app/llm.py"]) is expected


def test_two_functions_of_one_name_are_told_apart_by_the_import(tmp_path: Path) -> None:
    out = _results(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/llm.py": LLM,
            "app/chat.py": LLM,
            "main.py": 'from app.chat import ask\n\nask("hi", model="gpt-4o")\n',
        },
    )
    assert _applicability(out["app/llm.py"]) is Applicability.SAFE
    assert _applicability(out["app/chat.py"]) is Applicability.UNSAFE


HEAD = 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\n'


def _code(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def _found(source: str) -> list[Finding]:
    return [f for f in check_source(source).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]


def test_arguments_of_every_call_of_a_private_helper_are_followed_to_its_request() -> None:
    source = _code(
        """
        def _ask(prompt, model):
            return client.chat.completions.create(model=model, messages=[prompt])


        _ask("hi", "deepseek-chat")
        _ask("hello", model="deepseek-chat")
        """
    )
    found = _found(source)
    assert len(found) == 2
    assert all(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in found)
    after = fix_source(source)
    assert after.count("deepseek-v4-flash") == 2
    assert after.count('extra_body={"thinking": {"type": "disabled"}}') == 1


def test_a_method_called_through_self_is_followed() -> None:
    source = _code(
        """
        class Bot:
            def _send(self, prompt, model):
                return client.chat.completions.create(model=model, messages=[prompt])

            def think(self, prompt):
                return self._send(prompt, "deepseek-reasoner")
        """
    )
    (finding,) = _found(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert 'extra_body={"thinking": {"type": "enabled"}}' in fix_source(source)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (  # a public function: other modules may call it with other names
            """
            def ask(prompt, model):
                return client.chat.completions.create(model=model, messages=[prompt])


            ask("hi", "deepseek-chat")
            """,
            "calls from other modules",
        ),
        (  # the helper is passed on: its calls are not all seen
            """
            def _ask(prompt, model):
                return client.chat.completions.create(model=model, messages=[prompt])


            _ask("hi", "deepseek-chat")
            handlers = [_ask]
            """,
            "passed on (line 10)",
        ),
        (  # a framework calls a decorated handler with its own arguments
            """
            @router.post("/chat")
            def _chat(prompt, model):
                return client.chat.completions.create(model=model, messages=[prompt])


            _chat("hi", "deepseek-chat")
            """,
            'the decorator `@router.post("/chat")`',
        ),
        (  # a call that unpacks its arguments
            """
            def _ask(prompt, model):
                return client.chat.completions.create(model=model, messages=[prompt])


            _ask("hi", "deepseek-chat")
            _ask(*pair)
            """,
            "unpacks its arguments",
        ),
    ],
)
def test_twin_a_helper_whose_callers_are_not_all_seen_is_unsafe(body: str, reason: str) -> None:
    (finding,) = _found(_code(body))
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert reason in finding.message


def test_twin_a_helper_that_also_gets_another_vendor_model_is_manual() -> None:
    source = _code(
        """
        def _ask(prompt, model):
            return client.chat.completions.create(model=model, messages=[prompt])


        _ask("hi", "deepseek-chat")
        _ask("hi", "gpt-4o")
        """
    )
    (finding,) = _found(source)
    assert finding.fix is None and "gpt-4o" in finding.message


def test_a_constructor_argument_is_followed_and_type_annotations_are_not_calls() -> None:
    source = _code(
        """
        class _Bot:
            def __init__(self, model):
                self.model = model

            def ask(self, prompt):
                return client.chat.completions.create(model=self.model, messages=[prompt])


        def run(bot: _Bot) -> str:
            return bot.ask("hi")


        run(_Bot("deepseek-chat"))
        """
    )
    (finding,) = _found(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message


def test_the_default_of_a_public_function_counts_even_when_every_call_here_passes_the_argument() -> None:
    source = _code(
        """
        def ask(prompt, model="deepseek-reasoner"):
            return client.chat.completions.create(model=model, messages=[prompt])


        ask("hi", model="deepseek-chat")
        """
    )
    found = _found(source)
    assert len(found) == 2 and all(f.fix is None for f in found)  # two modes at one request: by hand
    assert "sends both retired names" in found[0].message
