"""Whole-file fixture pairs, for every adapter, run through the whole engine by one runner.

A pair is ``<case>/before.<ext>`` and ``<case>/after.<ext>`` in the folder of
its rule, ``fixtures/adapters/<CODE>-<name>/``, for Python and file adapters
alike (the file's extension says its kind). ``after`` is ``before`` with every offered fix applied (safe and
unsafe, docs included), byte for byte (read as bytes, so CRLF survives); it
still parses, and a second run changes nothing. The rule reports in ``before``.
A case named ``noop`` (or ``<prefix>-noop``) is the no-op twin: the file stays as it is and the rule
offers no fix in it; a Python adapter reports nothing there at all (a file
adapter may still report what needs a human, such as a commented-out name).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrate.adapters.files.config_values import ConfigAdapter
from migrate.api import check_source
from migrate.kinds import file_kind
from migrate.registry import lookup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAIRS = sorted(FIXTURES.glob("adapters/*/*/before.*"))


def _rule_code(before: Path) -> str:
    folder = before.parent.parent
    rule = lookup(folder.name.split("-", 1)[0])
    assert rule is not None and folder.name == f"{rule.CODE}-{rule.NAME}", f"{folder.name}: not <CODE>-<name>"
    return rule.CODE


def _parses(text: str, kind: str, code: str) -> None:
    """With the parser the adapter itself reads the file with (JSON with comments, YAML with tags)."""
    if kind == "python":
        ast.parse(text)
        return
    rule = lookup(code)
    if rule is not None and issubclass(rule, ConfigAdapter):
        rule().load(text)


def _id(before: Path) -> str:
    return f"{before.parent.parent.name.split('-', 1)[0]}/{before.parent.name}"


def test_fixtures_exist() -> None:
    assert PAIRS, f"no fixture pairs under {FIXTURES}"
    kinds = {file_kind(p.name) for p in PAIRS}
    assert {"python", "env", "yaml", "toml", "json", "markdown", "rst"} <= kinds, kinds


@pytest.mark.parametrize("before", PAIRS, ids=_id)
def test_fixture_pair(before: Path) -> None:
    code = _rule_code(before)
    kind = file_kind(before.name)
    assert kind is not None, before
    source = before.read_bytes().decode("utf-8")
    expected = before.with_name("after" + before.suffix).read_bytes().decode("utf-8")
    result = check_source(source, path=before.name, kind=kind, apply=True, unsafe=True, docs=True)
    assert result.error is None, result.error
    fixed = result.fixed if result.fixed is not None else source
    assert fixed == expected
    _parses(fixed, kind, code)
    mine = [f for f in result.findings if f.code == code]
    if before.parent.name == "noop" or before.parent.name.endswith("-noop"):
        assert fixed == source
        assert all(f.fix is None for f in mine), [f.message for f in mine]
        assert kind != "python" or not mine, [f.message for f in mine]
    else:
        assert mine, f"no {code} finding; got {[(f.code, f.message) for f in result.findings]}"
    again = check_source(fixed, path=before.name, kind=kind, apply=True, unsafe=True, docs=True)
    assert again.fixed is None or again.fixed == fixed, "a second run changed the file again"
