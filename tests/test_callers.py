"""Callers in other modules that pass a parameter whose default is a retired name (issue 14).

A caller is linked to a function through the caller's imports, not by the
function's name alone: a module that defines (or imports from elsewhere) its
own function of the same name does not make the rename unsafe.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult
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
