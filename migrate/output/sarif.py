"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` describes every rule from its docstring (the
same text ``explain`` prints), results point at files through the
``%SRCROOT%`` base (the repository root), and fixes become ``fixes`` with one
replacement per edit. Files that could not be processed are reported as tool
execution notifications and make ``executionSuccessful`` false.

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from migrate.model import FileResult, Finding, Fix, Severity
from migrate.output import all_findings, cell_position, repo_path
from migrate.output.gitlab import fingerprint

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "deepseek-migrate"
INFORMATION_URI = "https://pypi.org/project/deepseek-migrate/"
# Where each rule's documentation is (the catalog's headings are ``DSM101 retired-model-...``).
FINGERPRINT = "deepseekMigrate/v1"
RULES_URI = "https://github.com/deepseek-migrate/deepseek-migrate/blob/main/docs/rules.md#"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def write(results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path) -> None:
    rule_index = {rule.CODE: index for index, rule in enumerate(rules)}
    errors = [result for result in results if result.error is not None]
    fingerprints = _fingerprints(results, root)
    run = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "informationUri": INFORMATION_URI,
                "version": tool_version(),
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(errors, root)],
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(root)}},
        "results": [
            _result(finding, rule_index, root, fingerprints[id(finding)]) for finding in all_findings(results)
        ],
        # Columns count characters of the decoded text, not UTF-16 code units (the SARIF default).
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    json.dump(log, out, indent=2, ensure_ascii=False)
    out.write("\n")


def tool_version() -> str:
    """The installed distribution's version; ``"0"`` when running from a source tree."""
    try:
        return metadata.version(TOOL_NAME)
    except metadata.PackageNotFoundError:
        return "0"


def _directory_uri(root: Path) -> str:
    """``root`` as an absolute ``file:`` URI; SARIF requires a base URI to end with a slash."""
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rule(rule: type[Rule]) -> dict[str, Any]:
    sections = (rule.section("What it does"), rule.section("Why is this bad?"))
    full = "\n\n".join(section for section in sections if section)
    documentation = rule.documentation()
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": rule.NAME.replace("-", " ").capitalize()},
        "fullDescription": {"text": full},
        "helpUri": f"{RULES_URI}{rule.CODE.lower()}-{rule.NAME}",
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": LEVELS[rule.SEVERITY]},
    }


def _invocation(errors: list[FileResult], root: Path) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": str(result.error)},
                "locations": [
                    {"physicalLocation": {"artifactLocation": artifact_location(result.path, root)}}
                ],
            }
            for result in errors
        ]
    return invocation


def _fingerprints(results: Sequence[FileResult], root: Path) -> dict[int, str]:
    """Each finding's stable identity (``id(finding)`` -> the GitLab report's fingerprint), which
    survives edits elsewhere in the file: code scanning matches results across runs by it."""
    out = {}
    for result in results:
        path = repo_path(result.path, root) or result.path
        seen: Counter[tuple[str, str | None]] = Counter()
        for finding in sorted(result.findings, key=lambda finding: finding.sort_key):
            key = (finding.code, finding.old)
            out[id(finding)] = fingerprint(path, finding.code, finding.old, seen[key])
            seen[key] += 1
    return out


def _result(finding: Finding, rule_index: dict[str, int], root: Path, identity: str) -> dict[str, Any]:
    artifact = artifact_location(finding.path, root)
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    result["level"] = LEVELS[finding.severity]
    result["partialFingerprints"] = {FINGERPRINT: identity}
    if finding.cell is not None:
        # A region would count lines of the .ipynb JSON, not of the cell: point at
        # the file, say where in the notebook, and offer no fix.
        result["message"] = {"text": f"{cell_position(finding)}: {finding.message}"}
        result["locations"] = [{"physicalLocation": {"artifactLocation": artifact}}]
        result["properties"] = {"cell": finding.cell}
        return result
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
            }
        }
    ]
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": {
                    "artifactLocation": artifact_location(p.path, root),
                    "region": {"startLine": p.line, "startColumn": p.column},
                },
                "message": {"text": f"{p.role} here"},
            }
            for i, p in enumerate(finding.related)
        ]
    # An applied fix already changed the file; offering it again would point at stale text.
    if finding.fix is not None and not finding.applied:
        result["fixes"] = [_fix(finding.fix, artifact)]
    return result


def _fix(fix: Fix, artifact: dict[str, str]) -> dict[str, Any]:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": artifact,
                "replacements": [
                    {
                        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
                        "insertedContent": {"text": edit.content},
                    }
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"applicability": fix.applicability.value},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def artifact_location(path: str, root: Path) -> dict[str, str]:
    """``path`` as a percent-encoded URI relative to ``%SRCROOT%``; an absolute ``file:`` URI outside it."""
    relative = repo_path(path, root)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    # quote() keeps only RFC 3986 unreserved characters and "/"; everything else,
    # non-ASCII included, becomes %XX of its UTF-8 bytes.
    # A file name that is not valid UTF-8 (surrogate-escaped by Python) is quoted from its raw bytes.
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}
