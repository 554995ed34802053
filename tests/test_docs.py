"""The docs stay true: the rule catalog is generated from the rules, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.catalog import END, START, render
from migrate.registry import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CATALOG = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_catalog_matches_the_rules() -> None:
    section = CATALOG[CATALOG.index(START) : CATALOG.index(END) + len(END)]
    assert section == render(RULES), "run `python -m migrate.catalog` to regenerate docs/rules.md"


def test_every_code_is_in_the_catalog() -> None:
    for rule in RULES:
        assert f"#### {rule.CODE} {rule.NAME}" in CATALOG


def _fenced_commands() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv [^\n]+)\n```", README)


def test_ci_runs_the_readme_test_command() -> None:
    commands = _fenced_commands()
    assert len(commands) == 2, commands
    demo, tests = commands
    assert "diff fixtures/demo-repo" in demo
    assert "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text()
