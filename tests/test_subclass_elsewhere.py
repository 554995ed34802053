"""A class field with a retired default whose class is subclassed in another module: the subclass may set
the field to another model, and its instances go through the class's requests, so the fix the class's
module gets (a rename and a thinking switch at the request) cannot be safe. Same-module subclasses are
covered in ``test_flow_objects.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult
from migrate.rulepack import load_rules

BOT = (
    "from openai import OpenAI\n\n"
    'client = OpenAI(base_url="https://api.deepseek.com")\n\n\n'
    "class Bot:\n"
    '    model = "deepseek-chat"\n\n'
    "    def ask(self, q):\n"
    "        return client.chat.completions.create(model=self.model, messages=q)\n"
)


def _results(tmp_path: Path, files: dict[str, str]) -> dict[str, FileResult]:
    for name, text in {"app/__init__.py": "", "app/bot.py": BOT, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    settings = Settings(rules=load_rules(), apply=True, cwd=str(tmp_path))
    found = run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats())
    return {r.path: r for r in found}


def _applicability(results: dict[str, FileResult]) -> Applicability | None:
    (finding,) = [f for f in results["app/bot.py"].findings if f.old == "deepseek-chat"]
    return finding.fix.applicability if finding.fix is not None else None


@pytest.mark.parametrize(
    "subclass",
    [
        'from app.bot import Bot\n\n\nclass Reasoner(Bot):\n    model = "deepseek-reasoner"\n',
        "from app import bot\n\n\nclass Quiet(\n    bot.Bot,\n):\n    pass\n",
        "from app.bot import Bot\n\n\nclass Mixin:\n    pass\n\n\nclass Other(Mixin, Bot):\n    ...\n",
        'from app.bot import Bot as Base\n\n\nclass Other(Base):\n    model = "gpt-4o"\n',
    ],
    ids=["overrides-the-field", "dotted-base-over-lines", "among-other-bases", "imported-under-another-name"],
)
def test_a_subclass_in_another_module_makes_the_fix_unsafe(tmp_path: Path, subclass: str) -> None:
    results = _results(tmp_path, {"app/sub.py": subclass})
    assert _applicability(results) is Applicability.UNSAFE
    (finding,) = [f for f in results["app/bot.py"].findings if f.old == "deepseek-chat"]
    assert "app/sub.py:" in finding.message, finding.message


@pytest.mark.parametrize(
    "other",
    [
        "from app.bot import Bot\n\nBot().ask([])\n",  # a use, not a subclass
        "import settings\n\n\nclass Config(settings.Bot.Base):\n    pass\n",  # Bot is not the base named
        "class Bot2(dict):\n    pass\n",  # another name that starts the same
    ],
    ids=["instance", "dotted-elsewhere", "similar-name"],
)
def test_twin_no_subclass_elsewhere_keeps_the_fix_safe(tmp_path: Path, other: str) -> None:
    assert _applicability(_results(tmp_path, {"app/other.py": other})) is Applicability.SAFE
