"""``--format markdown``: a summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A heading, the counts, and one GitHub-flavoured Markdown table of findings
grouped by file, with the change ``fix`` would make. Everything that comes from
the scanned code (paths, names, messages) is escaped, so a ``|`` cannot split a
cell; a message's backtick spans become code spans of their own, so they
render as inline code and whatever they hold shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from migrate.model import FileResult, Finding, Severity
from migrate.output import all_findings, plural, shown_path, tally

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

HEADING = "## deepseek-migrate"
CLEAN = "No retired DeepSeek model names found."
TABLE_HEADER = "| File | Line | Rule | Severity | Message | Fix |\n| --- | --- | --- | --- | --- | --- |\n"
# ASCII punctuation that could start Markdown or HTML inside a table cell; "|" is
# escaped separately, for the whole cell, because GFM splits rows before it parses code spans.
SPECIAL = re.compile(r"([\\`*_\[\]<>~&])")
BACKTICKS = re.compile(r"`+")
# A code span in a message: a run of backticks, then text up to a run of the same length (CommonMark 6.1).
SPAN = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
MAX_BYTES = 1_000_000  # below GitHub's 1 MiB limit for $GITHUB_STEP_SUMMARY


def write(results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path) -> None:
    findings = list(all_findings(results))
    errors = [result for result in results if result.error is not None]
    tail = ""
    if errors:
        tail = f"\n### {plural(len(errors), 'file')} could not be processed\n\n"
        for index, result in enumerate(errors):
            item = f"- {_code(shown_path(result.path))}: {_message(str(result.error))}\n"
            if len((tail + item).encode()) > MAX_BYTES // 4:  # the findings keep most of the room
                tail += f"- …and {plural(len(errors) - index, 'more file')}\n"
                break
            tail += item
    head = f"{HEADING}\n\n"
    if not findings:
        out.write(f"{head}{CLEAN}\n{tail}")
        return
    head += _counts(results, findings) + TABLE_HEADER
    # GitHub refuses a step summary over 1 MiB: the table stops early, and says how much is left out.
    budget = MAX_BYTES - len(head.encode()) - len(tail.encode()) - len(_more(len(findings)).encode())
    out.write(head)
    shown = 0
    for result in results:
        for index, finding in enumerate(result.findings):
            row = _row(finding, first_of_file=index == 0)
            budget -= len(row.encode())
            if budget < 0:
                out.write(_more(len(findings) - shown))
                out.write(tail)
                return
            out.write(row)
            shown += 1
    out.write(tail)


def _more(count: int) -> str:
    return f"\n…and {plural(count, 'more finding')} (the report stops below GitHub's 1 MiB summary limit).\n"


def _counts(results: Sequence[FileResult], findings: list[Finding]) -> str:
    files = sum(1 for result in results if result.findings)
    by_severity = ", ".join(
        plural(count, severity.value)
        for severity in Severity
        if (count := sum(1 for finding in findings if finding.severity is severity))
    )
    counts = tally(results)
    steps = counts.next_steps()
    return (
        f"**{plural(len(findings), 'finding')}** in **{plural(files, 'file')}** ({by_severity}).\n"
        f"{counts.fixed} fixed, {counts.remaining} remaining"
        + (": " + "; ".join(steps) if steps else "")
        + ".\n\n"
    )


def _row(finding: Finding, *, first_of_file: bool) -> str:
    position = f"{finding.line}:{finding.column}"
    cells = (
        _code(shown_path(finding.path)) if first_of_file else "",
        position if finding.cell is None else f"cell {finding.cell}, {position}",
        f"{_text(finding.code)} ({_text(finding.name)})",
        finding.severity.value,
        _message(finding.message),
        _fix(finding),
    )
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n"


def _fix(finding: Finding) -> str:
    if finding.fix is None:
        return "manual review"
    state = finding.fix.applicability.value + (", applied" if finding.applied else "")
    if finding.old is not None and finding.new is not None:
        return f"{_code(finding.old)} → {_code(finding.new)} ({state})"
    return f"{_message(finding.fix.message)} ({state})"


def _message(value: str) -> str:
    """A message whose backtick spans (`deepseek-chat`, ``thinking``) render as inline code on
    GitHub, the text around them as itself: every span becomes a fresh code span (whatever it
    holds shows literally), every other character is escaped, a backtick without its pair too."""
    out, end = [], 0
    for span in SPAN.finditer(value):
        out += [_text(value[end : span.start()]), _code(span.group(2))]
        end = span.end()
    return "".join([*out, _text(value[end:])])


def _text(value: str) -> str:
    """Plain text that renders as itself in a table cell, line breaks included."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(SPECIAL.sub(r"\\\1", line) for line in lines)


def _code(value: str) -> str:
    """A code span that shows ``value`` literally, whatever backticks it holds (CommonMark 6.1)."""
    value = " ".join(value.splitlines())
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(value)), default=0) + 1)
    pad = " " if value.startswith(("`", " ")) or value.endswith(("`", " ")) else ""
    return f"{fence}{pad}{value}{pad}{fence}"
