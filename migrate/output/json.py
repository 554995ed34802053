"""``--format json``: every finding with its fix, and a summary, as one JSON document.

The document is versioned (``"version": 1``) so scripts can rely on its shape:
keys keep the order they are written in here, positions are 1-based, and a
fix lists its edits with their replacement text (as ruff's JSON does).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from migrate.model import Applicability, FileResult, Finding, Fix, Severity
from migrate.output import all_findings, shown_path, tally

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

SCHEMA_VERSION = 1
NO_FIX = "manual"


def write(results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path) -> None:
    findings = list(all_findings(results))
    document = {
        "version": SCHEMA_VERSION,
        "findings": [_finding(finding) for finding in findings],
        "summary": _summary(results, findings),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "path": shown_path(finding.path),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "old": finding.old,
        "new": finding.new,
        "thinking": finding.thinking.value if finding.thinking else None,
        "fix": _fix(finding.fix) if finding.fix else None,
        "cell": finding.cell,
        "applied": finding.applied,
        "related": [
            {"path": shown_path(p.path), "line": p.line, "column": p.column} for p in finding.related
        ],
    }


def _fix(fix: Fix) -> dict[str, Any]:
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [
            {
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
                "content": edit.content,
            }
            for edit in fix.edits
        ],
    }


def _summary(results: Sequence[FileResult], findings: list[Finding]) -> dict[str, Any]:
    counts = tally(results)
    by_severity = dict.fromkeys((severity.value for severity in Severity), 0)
    by_applicability = dict.fromkeys([*(a.value for a in Applicability), NO_FIX], 0)
    for finding in findings:
        by_severity[finding.severity.value] += 1
        by_applicability[finding.fix.applicability.value if finding.fix else NO_FIX] += 1
    return {
        "files_with_findings": sum(1 for result in results if result.findings),
        "findings": len(findings),
        "errors": [
            {"path": shown_path(result.path), "message": result.error}
            for result in results
            if result.error is not None
        ],
        "by_severity": by_severity,
        "by_applicability": by_applicability,
        "fixes_applied": counts.fixed,
        "fixed": counts.fixed,
        "remaining": counts.remaining,
        "fixable": {"safe": counts.safe, "unsafe": counts.unsafe, "docs": counts.docs},
        "manual_review": counts.manual,
        "next_steps": counts.next_steps(),
    }
