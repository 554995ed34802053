"""Both ends of a retired name that reaches a request through the project's code are reported, linked.

The definition's finding names the request sites (``related``, role "sent"); the request site's finding
names the definition (role "defined"). JSON, SARIF and text carry the link.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.engine import Settings, finish
from migrate.model import Applicability, Edit, Finding, Fix, Place, Report
from migrate.output import json as json_writer
from migrate.output import sarif as sarif_writer
from migrate.output.text import finding_line
from migrate.registry import RULES
from migrate.rulepack import load_rules
from migrate.textedit import apply_edits
from tests.test_flow import OPENAI, project, results
from tests.test_output import sarif_validator

CONFIG = 'MODEL = "deepseek-chat"\n'
SERVICE = OPENAI + (
    "from core.config import MODEL\n"
    "\n"
    "\n"
    "def answer(question):\n"
    '    return client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])\n'
)


def _shape(tmp_path: Path, service: str) -> Path:
    return project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": CONFIG,
            "services/__init__.py": "",
            "services/chat.py": service,
        },
    )


def _retired(findings: tuple[Finding, ...]) -> Finding:
    return next(f for f in findings if f.old == "deepseek-chat")


def test_settings_constant_and_the_service_that_sends_it_are_linked(tmp_path: Path) -> None:
    out = results(_shape(tmp_path, SERVICE))
    definition = _retired(out["core/config.py"].findings)
    request = _retired(out["services/chat.py"].findings)
    assert definition.related == (Place("services/chat.py", 7, 12, "sent"),)
    assert request.related == (Place("core/config.py", 1, 1, "defined"),)


def test_a_constant_read_only_in_its_own_module_has_no_link(tmp_path: Path) -> None:
    """The no-op twin: the name is sent where it is defined, so there is no other end to name."""
    root = project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": OPENAI + CONFIG + "client.chat.completions.create(model=MODEL, messages=[])\n",
        },
    )
    out = results(root)
    assert _retired(out["core/config.py"].findings).related == ()


def test_the_link_is_written_in_json_sarif_and_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _shape(tmp_path, SERVICE)
    monkeypatch.chdir(root)
    out = list(results(root).values())
    buffer = io.StringIO()
    json_writer.write(out, buffer, rules=RULES, root=root)
    rows = json.loads(buffer.getvalue())["findings"]
    definition = next(r for r in rows if r["path"] == "core/config.py" and r["old"] == "deepseek-chat")
    assert definition["related"] == [{"path": "services/chat.py", "line": 7, "column": 12}]
    buffer = io.StringIO()
    sarif_writer.write(out, buffer, rules=RULES, root=root)
    document = json.loads(buffer.getvalue())
    sarif_validator().validate(document)
    sarif = document["runs"][0]["results"]
    linked = [r for r in sarif if "relatedLocations" in r]
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"] for r in linked for loc in r["relatedLocations"]
    }
    assert uris == {"services/chat.py", "core/config.py"}
    request = _retired(results(root)["services/chat.py"].findings)
    assert str(finding_line(request)).endswith("(defined at core/config.py:1)")
    assert "sent at services/chat.py:7" in str(
        finding_line(_retired(results(root)["core/config.py"].findings))
    )


@st.composite
def _fixes(draw: st.DrawFn) -> tuple[str, list[Report]]:
    """A text and reports whose fixes hold several edits each, some overlapping another fix's."""
    text = draw(st.text(alphabet="ab \n", min_size=8, max_size=40))
    reports = []
    for _ in range(draw(st.integers(1, 5))):
        edits = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, min(len(text), start + 4)))
            edits.append(Edit(start, end, draw(st.sampled_from(["X", "YY", ""]))))
        fix = Fix(Applicability.SAFE, "fix", tuple(edits))
        reports.append(Report(code="DSM101", start=edits[0].start, end=edits[0].end, message="m", fix=fix))
    return text, reports


@settings(max_examples=200, deadline=None)
@given(case=_fixes())
def test_no_fix_is_ever_applied_in_part(case: tuple[str, list[Report]]) -> None:
    """The written text is the original with exactly the edits of the fixes marked applied, every one whole."""
    text, reports = case
    run_settings = Settings(rules=load_rules(), apply=True, cwd="/")
    result = finish("notes.env", text, reports, "env", run_settings, "utf-8")
    applied = [f.fix for f in result.findings if f.applied and f.fix is not None]
    edits = [e for fix in applied for e in fix.edits]
    expected = apply_edits(text, edits)
    assert (result.fixed or text) == expected
    unapplied = [f for f in result.findings if not f.applied and f.fix is not None]
    assert len(applied) + len(unapplied) == len(reports)
