"""``--format github``: GitHub Actions workflow commands, which show as annotations on a pull request.

One ``::error``/``::warning``/``::notice`` line per finding, and an ``::error``
line per file that could not be processed (unless its DSM901 finding says it). Values are escaped exactly as
``@actions/core`` does (``toCommandValue``/``escapeData``/``escapeProperty`` in
``packages/core/src/command.ts``), so a message with a newline or a path with a
comma cannot break the command. ``file`` is relative to the repository root,
which is where GitHub resolves it (the checkout), whatever directory the
command ran in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from migrate.model import FileResult, Finding, Severity
from migrate.output import cell_position, error_is_a_finding, repo_path, shown_path

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

TITLE = "deepseek-migrate"
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def write(results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path) -> None:
    for result in results:
        path = shown_path(repo_path(result.path, root) or result.path)
        if result.error is not None and not error_is_a_finding(result):
            out.write(_command("error", {"file": path, "title": TITLE}, result.error))
        for finding in result.findings:
            out.write(_finding(finding, path))


def _finding(finding: Finding, path: str) -> str:
    title = f"{TITLE} ({finding.code})"
    if finding.cell is not None:
        # Cell-relative positions would point at the wrong lines of the .ipynb
        # file, so annotate the file and say where in the notebook.
        message = f"{cell_position(finding)}: {finding.message}"
        return _command(COMMANDS[finding.severity], {"file": path, "title": title}, message)
    properties = {
        "file": path,
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(finding.end_line),
        "endColumn": str(finding.end_column),
        "title": title,
    }
    return _command(COMMANDS[finding.severity], properties, finding.message)


def _command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}\n"


def escape_data(value: str) -> str:
    """Escape a command's message (``escapeData`` in ``@actions/core``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command property's value (``escapeProperty`` in ``@actions/core``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
