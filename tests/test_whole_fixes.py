"""A fix is whole or nothing, checked on every fixture the project has.

Every ``INVALID`` case of every rule and every whole-file fixture is fixed with
``--unsafe-fixes``. A fix that renames an ex-``deepseek-chat`` value in a Python
file must carry the thinking switch in the same fix (an edit that says
"disabled"), or say why none is needed (the request already sets thinking, or
is a FIM completion, which never thinks), or leave an error behind at that
line: a rename alone would turn thinking on silently. And the engine applies a
fix's edits together or not at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.api import check_source
from migrate.engine import Settings, finish
from migrate.kinds import file_kind
from migrate.model import Applicability, Edit, Finding, Fix, Report, Severity, Thinking
from migrate.registry import RULES
from migrate.rulepack import load_rules
from tests.test_flow import DISABLED, OPENAI, project, results

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapters"
# How a message says no switch is needed: the request sets thinking already, or never thinks.
NO_SWITCH_NEEDED = ("already set", "already sets", "non-thinking", "renamed only")
SWITCH_WORDS = ('"disabled"', "'disabled'", '"none"', "'none'", "=False")


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for rule in RULES:
        for i, case in enumerate(getattr(rule, "INVALID", ())):
            out.append((case.id or f"{rule.CODE}-invalid-{i}", case.code, case.path))
    for before in sorted(FIXTURES.glob("*/*/before.*")):
        out.append((f"{before.parent.parent.name}/{before.parent.name}", before.read_text(), before.name))
    return [c for c in out if file_kind(c[2]) == "python"]


CASES = _cases()


def _renames_ex_chat(finding: Finding) -> bool:
    fix = finding.fix
    return (
        fix is not None
        and finding.applied
        and finding.thinking is Thinking.DISABLED
        and finding.new is not None
        and any(finding.new in e.content for e in fix.edits)
    )


def _switched(finding: Finding) -> bool:
    assert finding.fix is not None
    return any(word in e.content for e in finding.fix.edits for word in SWITCH_WORDS)


@pytest.mark.parametrize(("source", "path"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_ex_chat_rename_is_whole(source: str, path: str) -> None:
    result = check_source(source, path=path, apply=True, unsafe=True)
    fixed = result.fixed if result.fixed is not None else source
    after = check_source(fixed, path=path)
    errors = {f.line for f in after.findings if f.severity is Severity.ERROR}
    applied = [e for f in result.findings if f.applied and f.fix is not None for e in f.fix.edits]
    for finding in filter(_renames_ex_chat, result.findings):
        at = _offset(source, finding.line)
        line = finding.line + sum(  # where the line is after the edits above it
            e.content.count("\n") - source.count("\n", e.start, e.end) for e in set(applied) if e.end <= at
        )
        assert (
            _switched(finding)
            or any(words in finding.message for words in NO_SWITCH_NEEDED)
            or line in errors
        ), f"{finding.code} at line {finding.line} renames without its thinking switch: {finding.message}"


def _offset(text: str, line: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at


def test_the_cases_are_enumerated() -> None:
    assert len(CASES) > 120


def test_a_fix_whose_edit_conflicts_is_skipped_whole() -> None:
    """Two fixes: the second's first edit is free, its second overlaps the first fix: none of it is applied."""
    text = "model = 'a'\nother = 'b'\n"
    first = Fix(Applicability.SAFE, "one", (Edit(9, 10, "x"),))
    second = Fix(Applicability.SAFE, "two", (Edit(21, 22, "y"), Edit(8, 11, "'z'")))
    reports = [
        Report(code="DSM101", start=9, end=10, message="one", fix=first),
        Report(code="DSM101", start=21, end=22, message="two", fix=second),
    ]
    settings = Settings(rules=load_rules(), apply=True, cwd="/")
    result = finish("app.py", text, reports, "python", settings, "utf-8")
    assert result.fixed == "model = 'x'\nother = 'b'\n"  # nothing of the second fix, not even its free edit
    applied = {f.message: f.applied for f in result.findings}
    assert applied == {"one": True, "two": False}


def test_a_constant_only_read_where_no_switch_can_go_gets_no_fix(tmp_path: Path) -> None:
    """Renaming it (even with --unsafe-fixes) would turn thinking on at a request the tool cannot see."""
    root = project(
        tmp_path,
        {
            "config.py": 'MODEL = "deepseek-chat"\n',
            "b.py": "from config import MODEL\nimport thirdparty\nthirdparty.run(MODEL)\n",
        },
    )
    out = results(root, unsafe=True)
    (finding,) = [f for f in out["config.py"].findings if f.old == "deepseek-chat"]
    assert finding.fix is None and finding.severity is Severity.ERROR, finding.message
    assert "no call the tool can see gets the thinking switch" in finding.message
    assert out["config.py"].fixed is None


def test_a_reasoner_constant_read_anywhere_is_still_renamed(tmp_path: Path) -> None:
    """Thinking on is the default: an ex-deepseek-reasoner rename needs no switch to be whole."""
    root = project(
        tmp_path,
        {
            "config.py": 'MODEL = "deepseek-reasoner"\n',
            "b.py": "from config import MODEL\nimport thirdparty\nthirdparty.run(MODEL)\n",
        },
    )
    out = results(root, unsafe=True)
    assert 'MODEL = "deepseek-v4-flash"' in (out["config.py"].fixed or "")


def test_a_switch_whose_rename_is_unsafe_in_its_own_module_is_unsafe(tmp_path: Path) -> None:
    """The constant's own module also sends it where the tool cannot follow: the rename is unsafe
    there, so the importer's switch is unsafe too, and neither is applied without the other."""
    root = project(
        tmp_path,
        {
            "config.py": 'MODEL = "deepseek-chat"\nimport thirdparty\nthirdparty.run(MODEL)\n',
            "a.py": OPENAI
            + "from config import MODEL\nclient.chat.completions.create(model=MODEL, messages=[])\n",
        },
    )
    out = results(root)
    rename = next(f for f in out["config.py"].findings if f.old == "deepseek-chat")
    switch = next(f for f in out["a.py"].findings if f.code == "DSM101")
    assert rename.fix is not None and rename.fix.applicability is Applicability.UNSAFE, rename.message
    assert switch.fix is not None and switch.fix.applicability is Applicability.UNSAFE, switch.message
    assert "also used at config.py itself" in switch.message
    assert out["a.py"].fixed is None and out["config.py"].fixed is None
    both = results(root, unsafe=True)
    assert "deepseek-v4-flash" in (both["config.py"].fixed or "") and DISABLED in (both["a.py"].fixed or "")


def test_a_clean_constant_keeps_its_safe_switch(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "config.py": 'MODEL = "deepseek-chat"\n',
            "a.py": OPENAI
            + "from config import MODEL\nclient.chat.completions.create(model=MODEL, messages=[])\n",
        },
    )
    out = results(root)
    assert DISABLED in (out["a.py"].fixed or "") and "deepseek-v4-flash" in (out["config.py"].fixed or "")
