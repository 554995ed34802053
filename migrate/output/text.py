"""Human output: one line per finding, coloured unified diffs, and the run summary.

Code is printed as ``rich.text.Text``, never parsed as markup, so a ``[`` in a
source line shows as it is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
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


def full_finding(f: Finding, lines: Sequence[str] | None) -> Text:
    """``--format full``: a finding as ruff's full output shows it. The header, ``--> path:line:col``,
    the lines of its range in a numbered gutter with ``^`` under the range and up to
    :data:`CONTEXT` lines around it, then ``help:`` (the fix, or where the manual steps are) and a
    ``note:`` per related place. ``lines`` are the file's (or the notebook cell's) source lines;
    None when they cannot be read (the frame is left out)."""
    text = Text()
    text.append(f.code, style=SEVERITY_STYLE[f.severity])
    text.append(_marker(f), style="green")
    text.append(" ")
    text.append(_printable(f.message), style="bold")
    text.append("\n --> ", style="blue")
    text.append(
        shown_path(f.path) + (f":cell {f.cell}" if f.cell is not None else "") + f":{f.line}:{f.column}"
    )
    frame = _frame(f, lines) if lines else []
    gutter = max((len(str(number)) for number, _, kind in frame if kind == "line"), default=1)
    if frame:
        text.append(f"\n{' ' * gutter} |", style="blue")
        for number, line, kind in frame:
            if kind == "gap":
                text.append(f"\n{'.' * gutter} |", style="blue")
            elif kind == "line":
                text.append(f"\n{number:>{gutter}} |" + (" " if line else ""), style="blue")
                text.append(line)
            else:
                text.append(f"\n{' ' * gutter} | ", style="blue")
                text.append(line, style=SEVERITY_STYLE[f.severity])
        text.append(f"\n{' ' * gutter} |", style="blue")
    text.append("\nhelp", style="bold cyan")
    text.append(": " + _help(f))
    for place in f.related:
        text.append("\nnote", style="bold")
        text.append(f": {place.role} at {shown_path(place.path)}:{place.line}:{place.column}")
    return text


def source_lines(result: FileResult, data: bytes | None) -> dict[int | None, list[str]]:
    """The lines ``result``'s findings point into, for :func:`full_finding`: the file's under the key
    None, a notebook's per cell number. The text the engine read when it kept it (``fix`` has
    written the file since), else ``data``, the file's bytes (None when they cannot be read)."""
    import json
    import os

    from migrate.kinds import file_kind

    text = result.source
    if text is None and data is not None:
        text = data.decode(result.encoding, errors="replace")
    if text is None:
        return {}
    if file_kind(os.path.basename(result.path)) != "notebook":
        return {None: _split(text)}
    cells: dict[int | None, list[str]] = {}
    try:
        for index, cell in enumerate(json.loads(text)["cells"], start=1):
            source = cell["source"]
            cells[index] = _split(source if isinstance(source, str) else "".join(source))
    except (ValueError, TypeError, KeyError):
        pass  # the frame is left out
    return cells


def _split(text: str) -> list[str]:
    """The lines of ``text`` as the engine counts them; no empty line after the last line break."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if len(lines) > 1 and not lines[-1] else lines


LINE_BREAK = re.compile(r"\r\n|\r|\n")
CONTEXT = 2  # source lines shown before and after a finding's range
MAX_RANGE_LINES = 8  # a longer range shows its first and last lines around a "..."
TAB = "    "


def _marker(f: Finding) -> str:
    if f.applied:
        return " [fixed]"
    if f.fix is not None:
        return " [*]" if f.fix.applicability is Applicability.SAFE else " [unsafe]"
    return ""


def _help(f: Finding) -> str:
    if f.fix is None:
        return f"no automatic fix; `deepseek-migrate explain {f.code}` says what to do"
    if f.applied:
        return f"fixed: {f.fix.message}"
    import os

    from migrate.kinds import file_kind

    flags = " --docs" if file_kind(os.path.basename(f.path)) in ("markdown", "rst") else ""
    if f.fix.applicability is Applicability.UNSAFE:
        return f"{f.fix.message} (unsafe: applied by `deepseek-migrate fix{flags} --unsafe-fixes`)"
    return f.fix.message + (f" (applied by `deepseek-migrate fix{flags}`)" if flags else "")


def _printable(value: str) -> str:
    """``value`` with every character that is not printable as U+FFFD: a source line on the
    terminal can neither move the cursor nor reorder what follows (bidirectional overrides)."""
    return value if value.isprintable() else "".join(c if c.isprintable() else "\ufffd" for c in value)


def _frame(f: Finding, lines: Sequence[str]) -> list[tuple[int, str, str]]:
    """(line number, text, kind) rows of the frame: kind ``line``, ``carets`` (after each line of
    the range: the underline, in display cells, so tabs and wide characters keep it aligned) or
    ``gap`` (lines of a long range left out)."""
    first, last = f.line, max(f.end_line, f.line)
    if not 1 <= first <= len(lines):
        return []
    last = min(last, len(lines))
    shown = list(range(max(1, first - CONTEXT), last + CONTEXT + 1))
    shown = [n for n in shown if n <= len(lines)]
    if last - first + 1 > MAX_RANGE_LINES:
        keep = MAX_RANGE_LINES // 2
        shown = [n for n in shown if n < first + keep or n > last - keep]
    rows: list[tuple[int, str, str]] = []
    previous = None
    for number in shown:
        if previous is not None and number != previous + 1:
            rows.append((number, "", "gap"))
        previous = number
        raw = lines[number - 1].rstrip("\r\n")
        line = _printable(raw.replace("\t", TAB))
        rows.append((number, line, "line"))
        if first <= number <= last:
            start = f.column - 1 if number == first else len(raw) - len(raw.lstrip())
            end = f.end_column - 1 if number == f.end_line else len(raw)
            start, end = min(start, len(raw)), min(max(end, start + 1), max(len(raw), start + 1))
            lead = cell_len(_printable(raw[:start].replace("\t", TAB)))
            width = max(1, cell_len(_printable(raw[start:end].replace("\t", TAB))))
            rows.append((number, " " * lead + "^" * width, "carets"))
    return rows


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


def unified_diff(result: FileResult, context: int = 3) -> list[bytes]:
    """The patch of a file, as ``git apply`` takes it: the lines are the file's bytes (its
    encoding, CRLF, tabs, form feeds kept), split at ``\\n`` only, as git splits them; a notebook's
    is the diff of its JSON, which is what ``fix`` writes (``git diff`` shows the same)."""
    from migrate.writer import encoded, original_bytes

    name = shown_path(result.path).encode("utf-8", "surrogateescape")
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        _byte_lines(original_bytes(result)),
        _byte_lines(encoded(result)),
        fromfile=b"a/" + name,
        tofile=b"b/" + name,
        n=context,
    )
    out = []
    for line in lines:
        if not line.endswith(b"\n"):
            line += b"\n\\ No newline at end of file\n"
        out.append(line)
    return out


def _byte_lines(data: bytes) -> list[bytes]:
    return BYTE_LINE.findall(data)


BYTE_LINE = re.compile(rb"[^\n]*\n|[^\n]+")


def print_diff(console: Console, lines: Iterable[bytes], encoding: str) -> None:
    """The patch coloured, for a terminal; each line decoded for display."""
    for raw in lines:
        line = raw.decode("utf-8" if raw.startswith((b"---", b"+++")) else encoding, errors="replace")
        for body in line.rstrip("\n").split("\n"):  # "\\ No newline" comes as a second line
            if body.startswith(("+++", "---")):
                style = "bold"
            elif body.startswith("@@"):
                style = "cyan"
            elif body.startswith("+"):
                style = "green"
            elif body.startswith("-"):
                style = "red"
            elif body.startswith("\\"):
                style = "dim"
            else:
                style = ""
            console.print(Text(body.rstrip("\r"), style=style), soft_wrap=True, highlight=False)


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
