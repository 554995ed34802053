"""Human output: one line per finding, coloured unified diffs, and the run summary.

Code is printed as ``rich.text.Text``, never parsed as markup, so a ``[`` in a
source line shows as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from migrate.model import Applicability, FileResult, Finding, Severity
from migrate.output import Tally, plural, shown_path

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def finding_line(f: Finding) -> Text:
    where = (
        f"{shown_path(f.path)}:" + (f"cell {f.cell}:" if f.cell is not None else "") + f"{f.line}:{f.column}:"
    )
    text = Text()
    text.append(where, style="bold")
    text.append(" ")
    text.append(f.code, style=SEVERITY_STYLE[f.severity])
    if f.applied:
        text.append(" [fixed]", style="green")
    elif f.fix is not None:
        text.append(" [*]" if f.fix.applicability is Applicability.SAFE else " [unsafe]", style="green")
    text.append(" ")
    text.append(f.message)
    if f.related:
        text.append(" (" + "; ".join(f"{p.role} at {shown_path(p.path)}:{p.line}" for p in f.related) + ")")
    return text


def statistics(results: Iterable[FileResult]) -> list[Text]:
    """``--statistics``: one line per rule, most frequent first: count, code, name and fix marker."""
    counts: dict[str, list[Finding]] = {}
    for result in results:
        for f in result.findings:
            if not f.applied:
                counts.setdefault(f.code, []).append(f)
    width = len(str(max((len(v) for v in counts.values()), default=0)))
    lines = []
    for code, found in sorted(counts.items(), key=lambda item: (-len(item[1]), item[0])):
        text = Text(f"{len(found):>{width}}  ")
        text.append(code, style=SEVERITY_STYLE[found[0].severity])
        text.append(f"  {found[0].name}")
        fixes = {f.fix.applicability for f in found if f.fix is not None}
        if fixes:
            text.append(" [*]" if Applicability.SAFE in fixes else " [unsafe]", style="green")
        lines.append(text)
    return lines


def unified_diff(result: FileResult, context: int = 3) -> list[str]:
    """The diff of a file; for a notebook, one diff per changed cell (``path:cell N``)."""
    assert result.source is not None and result.fixed is not None
    if result.cells:
        lines: list[str] = []
        for index, old, new in result.cells:
            lines += _diff(old, new, f"{shown_path(result.path)}:cell {index}", context)
        return lines
    return _diff(result.source, result.fixed, shown_path(result.path), context)


def _diff(old: str, new: str, name: str, context: int) -> list[str]:
    return list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
            n=context,
        )
    )


def print_diff(console: Console, lines: Iterable[str]) -> None:
    for line in lines:
        body = line.rstrip("\r\n")
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = ""
        console.print(Text(body, style=style), soft_wrap=True, highlight=False)
        if not line.endswith(("\n", "\r")):
            console.print(Text("\\ No newline at end of file", style="dim"), soft_wrap=True)


@dataclass
class Summary:
    """The run summary on stderr: what was found, what this run did, and what to run next."""

    files_scanned: int = 0
    files_changed: int = 0
    counts: Tally = field(default_factory=Tally)
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    errors: int = 0

    def add(self, result: FileResult) -> None:
        if result.changed:
            self.files_changed += 1
        if result.error:
            self.errors += 1
        self.counts.add(result.findings)
        for f in result.findings:
            self.by_severity[f.severity] += 1

    def render(self, mode: str) -> Text:
        s, c = self.by_severity, self.counts
        text = Text()
        text.append(f"{plural(self.files_scanned, 'file')} scanned", style="bold")
        text.append(
            f"; {plural(s[Severity.ERROR], 'error')}, {plural(s[Severity.WARNING], 'warning')}, "
            f"{s[Severity.INFO]} info"
        )
        if mode == "fix":
            text.append(f"; {c.fixed} fixed, {c.remaining} remaining")
        elif mode == "diff":
            text.append(
                f"; {plural(c.fixed, 'fix', 'fixes')} would be applied in {plural(self.files_changed, 'file')}"
            )
        if self.errors:
            text.append(f"; {plural(self.errors, 'file')} could not be processed", style="bold red")
        if mode == "fix" and not self.files_changed:
            text.append("; no files were modified")
        steps = c.next_steps()
        if mode == "check" and c.manual:  # check has just listed them
            steps[-1] = f"{c.manual} for manual review"
        if steps:
            text.append("\n" + "; ".join(steps), style="yellow")
        return text
