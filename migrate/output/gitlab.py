"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array with one issue per finding. GitLab matches issues between the base
and head pipelines by ``fingerprint``, so it must survive unrelated edits: it
hashes the path, the code, the retired name and the finding's ordinal among
identical findings in that file, never the line number. Files that could not be
processed have no place in this format; the run's exit code reports them.

Format: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from migrate.model import FileResult, Finding, Severity
from migrate.output import cell_position, repo_path, shown_path

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
ENGINE = "deepseek-migrate"
CATEGORIES = ["Compatibility"]  # Code Climate's category for code that breaks on a new platform version


def write(results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path) -> None:
    issues = []
    for result in results:
        path = repo_path(result.path, root) or result.path
        seen: Counter[tuple[str, str | None]] = Counter()
        # Ordinals follow position order, whatever order the findings came in.
        for finding in sorted(result.findings, key=lambda finding: finding.sort_key):
            key = (finding.code, finding.old)
            issues.append(_issue(finding, path, seen[key]))
            seen[key] += 1
    json.dump(issues, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _issue(finding: Finding, path: str, ordinal: int) -> dict[str, Any]:
    if finding.cell is not None:
        # Cell-relative lines mean nothing in the .ipynb file: point at its top.
        description, line = f"{cell_position(finding)}: {finding.message}", 1
    else:
        description, line = finding.message, finding.line
    return {
        "type": "issue",
        "description": description,
        "check_name": finding.code,
        "engine_name": ENGINE,
        "categories": CATEGORIES,
        "fingerprint": fingerprint(path, finding.code, finding.old, ordinal),
        "severity": SEVERITIES[finding.severity],
        "location": {"path": shown_path(path), "lines": {"begin": line}},
    }


def fingerprint(path: str, code: str, old: str | None, ordinal: int) -> str:
    """A stable identity for the ``ordinal``-th finding of ``code`` about ``old`` in ``path``."""
    # NUL cannot occur in any of the parts, so distinct tuples never hash the same text.
    key = "\0".join((path, code, old or "", str(ordinal)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
