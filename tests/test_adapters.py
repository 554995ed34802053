"""Every rule's inline VALID / INVALID cases, run through the whole engine.

For each INVALID case: a finding of the rule exists at ``range`` (every case
gives one) with the expected applicability, or with no fix at all when the
applicability is None; applying the fixes (unsafe ones included when the case
is unsafe) gives exactly ``after`` (or leaves the text as it is when there is no
``after``), ``after`` still parses, and a second run on ``after`` has nothing
left to fix. For each VALID case: no finding of the rule.
"""

from __future__ import annotations

import ast
import json
import sys

import pytest
import yaml

from migrate.adapters.base import Invalid, Rule, Valid
from migrate.api import check_source
from migrate.kinds import file_kind
from migrate.model import Applicability
from migrate.registry import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def _cases(kind: type) -> list[object]:
    params = []
    for rule in RULES:
        cases = rule.VALID if kind is Valid else rule.INVALID
        for i, case in enumerate(cases):
            params.append(pytest.param(rule, case, id=case.id or f"{rule.CODE}-{kind.__name__.lower()}-{i}"))
    return params


def _kind(path: str) -> str:
    kind = file_kind(path.rsplit("/", 1)[-1])
    assert kind is not None, path
    return kind


def _parses(text: str, kind: str) -> None:
    if kind == "python":
        ast.parse(text)
    elif kind == "json":
        json.loads(text)
    elif kind == "yaml":
        list(yaml.safe_load_all(text))
    elif kind == "toml":
        tomllib.loads(text)
    elif kind == "notebook":
        json.loads(text)


@pytest.mark.parametrize(("rule", "case"), _cases(Valid))
def test_valid(rule: type[Rule], case: Valid) -> None:
    result = check_source(
        case.code, path=case.path, kind=_kind(case.path), apply=True, unsafe=True, docs=True
    )
    assert result.error is None
    codes = [f.code for f in result.findings]
    assert rule.CODE not in codes, [f.message for f in result.findings]


@pytest.mark.parametrize(("rule", "case"), _cases(Invalid))
def test_invalid(rule: type[Rule], case: Invalid) -> None:
    kind = _kind(case.path)
    unsafe = case.applicability is Applicability.UNSAFE
    result = check_source(case.code, path=case.path, kind=kind, apply=True, unsafe=unsafe, docs=True)
    mine = [f for f in result.findings if f.code == rule.CODE]
    assert mine, f"no {rule.CODE} finding; got {[(f.code, f.message) for f in result.findings]}"
    if case.message is not None:
        assert any(case.message in f.message for f in mine), [f.message for f in mine]
    ranges = [(f.line, f.column, f.end_line, f.end_column) for f in mine]
    assert case.range is not None, f"give the case the range of its finding, e.g. range={ranges[0]}"
    assert case.range in ranges, ranges
    if case.applicability is None:
        assert all(f.fix is None for f in mine), [f.fix for f in mine]
    else:
        fixable = [f for f in mine if f.fix is not None]
        assert fixable, "expected a fix"
        assert {f.fix.applicability for f in fixable if f.fix} == {case.applicability}
    if case.after is None:
        assert result.fixed is None, "the text changed: give the expected text as `after`"
        return
    fixed = result.fixed if result.fixed is not None else case.code
    assert fixed == case.after
    _parses(fixed, kind)
    again = check_source(fixed, path=case.path, kind=kind, apply=True, unsafe=True, docs=True)
    assert again.fixed is None or again.fixed == fixed, "a second run changed the file again"
    assert not [f for f in again.findings if f.fix is not None and not f.applied and f.code == rule.CODE]


def test_every_rule_documented() -> None:
    codes = [r.CODE for r in RULES]
    names = [r.NAME for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.CODE.startswith("DSM") and len(rule.CODE) == 6
        doc = rule.documentation()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in doc, f"{rule.CODE} lacks {section}"
        assert rule.summary()


def test_every_rule_has_cases() -> None:
    for rule in RULES:
        assert rule.INVALID or rule.CODE.startswith("DSM9"), f"{rule.CODE} has no INVALID case"
