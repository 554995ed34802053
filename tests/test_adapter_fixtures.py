"""Whole-file fixture pairs for the Python adapters, run through the whole engine.

Pairs live in ``fixtures/adapters/<CODE>-<name>/<case>/before.py`` and
``after.py``; ``after`` is ``before`` with every offered fix applied (safe and
unsafe), byte for byte. A case named ``noop`` is the no-op twin: the file stays
as it is and the directory's rule reports nothing in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrate.api import check_source
from migrate.registry import lookup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapters"
CASES = sorted(FIXTURES.glob("*/*/before.py"))


def _id(path: Path) -> str:
    return f"{path.parent.parent.name.split('-', 1)[0]}/{path.parent.name}"


def test_fixtures_exist() -> None:
    assert CASES, f"no fixture pairs under {FIXTURES}"


@pytest.mark.parametrize("before", CASES, ids=_id)
def test_fixture_pair(before: Path) -> None:
    code = before.parent.parent.name.split("-", 1)[0]
    assert lookup(code) is not None, f"{before.parent.parent.name} is not named after a rule code"
    source = before.read_bytes().decode("utf-8")
    expected = (before.parent / "after.py").read_bytes().decode("utf-8")
    result = check_source(source, path=before.name, apply=True, unsafe=True)
    assert result.error is None, result.error
    fixed = result.fixed if result.fixed is not None else source
    assert fixed == expected
    ast.parse(fixed)
    codes = {f.code for f in result.findings}
    if before.parent.name == "noop":
        assert fixed == source
        assert code not in codes, [f.message for f in result.findings if f.code == code]
    else:
        assert code in codes
    again = check_source(fixed, path=before.name, apply=True, unsafe=True)
    assert again.fixed is None or again.fixed == fixed, "a second run changed the file again"
