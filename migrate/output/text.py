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
from migrate.output import shown_path

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
    files_scanned: int = 0
    files_changed: int = 0
    safe_fixes: int = 0
    unsafe_fixes: int = 0
    applied: int = 0
    manual: int = 0
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    errors: int = 0

    def add(self, result: FileResult) -> None:
        if result.changed:
            self.files_changed += 1
        if result.error:
            self.errors += 1
        for f in result.findings:
            self.by_severity[f.severity] += 1
            if f.applied:
                self.applied += 1
            elif f.fix is None:
                if f.severity is not Severity.INFO:
                    self.manual += 1
            elif f.fix.applicability is Applicability.SAFE:
                self.safe_fixes += 1
            else:
                self.unsafe_fixes += 1

    def render(self, mode: str) -> Text:
        s = self.by_severity
        text = Text()
        text.append(f"{_n(self.files_scanned, 'file')} scanned", style="bold")
        text.append(f"; {s[Severity.ERROR]} errors, {s[Severity.WARNING]} warnings, {s[Severity.INFO]} info")
        if mode == "fix":
            text.append(f"; {_n(self.applied, 'fix', 'fixes')} applied in {_n(self.files_changed, 'file')}")
        elif mode == "diff":
            text.append(
                f"; {_n(self.applied, 'fix', 'fixes')} would be applied in {_n(self.files_changed, 'file')}"
            )
        pending = self.safe_fixes + self.unsafe_fixes
        if pending:
            text.append(f"; {pending} fixes pending ({self.safe_fixes} safe, {self.unsafe_fixes} unsafe)")
        if self.manual:
            text.append(f"; {self.manual} for manual review", style="yellow")
        if self.errors:
            text.append(f"; {_n(self.errors, 'file')} could not be processed", style="bold red")
        if mode == "fix" and not self.files_changed:
            text.append("; no files were modified")
        return text


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"
