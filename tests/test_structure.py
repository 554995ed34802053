"""The shape the code must keep: one home per rule code, every adapter registered, every file kind read."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from migrate import kinds, registry
from migrate.adapters.base import FileAdapter, Rule
from migrate.adapters.python.base import PythonAdapter

ROOT = Path(__file__).resolve().parent.parent
CODE_LITERAL = re.compile(r"""["']DSM\d{3}["']""")
DECLARATION = re.compile(r"""^\s*CODE = "DSM\d{3}"\s*$""")


def _sources() -> list[Path]:
    return sorted(
        path for folder in ("migrate", "scripts", "bench") for path in (ROOT / folder).rglob("*.py")
    )


def _adapter_modules() -> list[str]:
    """Every module under migrate/adapters/ and migrate/report_rules/, as a dotted name."""
    folders = (ROOT / "migrate" / "adapters", ROOT / "migrate" / "report_rules")
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for folder in folders
        for path in folder.rglob("*.py")
        if path.name != "__init__.py"
    )


def code_literals(text: str) -> list[tuple[int, str]]:
    """Lines that spell a rule code as a string literal anywhere but in the rule's ``CODE = ...``."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if CODE_LITERAL.search(line) and not DECLARATION.match(line)
    ]


def test_code_literal_check_sees_a_literal_outside_a_declaration() -> None:
    assert code_literals('    CODE = "DSM902"\n') == []
    assert code_literals('Report(code="DSM902", start=0)\n') == [(1, 'Report(code="DSM902", start=0)')]
    assert code_literals("if f.code == 'DSM903':\n") == [(1, "if f.code == 'DSM903':")]


def test_rule_codes_are_spelled_only_where_declared() -> None:
    """A rule's reports are built by the rule (``Rule.report`` / ``Rule.finding``), never by spelling its code."""
    found = {
        str(path.relative_to(ROOT)): hits
        for path in _sources()
        if (hits := code_literals(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize("name", _adapter_modules())
def test_every_rule_in_an_adapter_module_is_registered(name: str) -> None:
    module = importlib.import_module(name)
    rules = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Rule)
        and cls.__module__ == name
        and cls not in (Rule, PythonAdapter, FileAdapter)
        and "CODE" in vars(cls)
    ]
    assert [r for r in rules if r not in registry.RULES] == []


def test_every_registered_rule_lives_in_an_adapter_module() -> None:
    assert {rule.__module__ for rule in registry.RULES} <= set(_adapter_modules())


@pytest.mark.parametrize("adapter", registry.FILE_ADAPTERS, ids=lambda a: a.__name__)
def test_every_file_kind_an_adapter_reads_is_discovered(adapter: type[FileAdapter]) -> None:
    assert adapter.KINDS <= kinds.KINDS
    for kind in adapter.KINDS:
        assert adapter in registry.file_adapters_for(kind)
