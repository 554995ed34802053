"""Output formats: the registry of names and what the machine-readable writers share.

``text`` and ``full`` (the human formats: one line a finding, or each with its
source lines) live in :mod:`migrate.output.text` with their own signatures; every other format is a module here whose ``write`` function has the
:class:`Writer` signature. Modules are imported only when their format is asked
for, so a plain ``check`` never pays for building SARIF.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from migrate.enums import Applicability, Severity

if TYPE_CHECKING:
    from migrate.adapters.base import Rule
    from migrate.model import FileResult, Finding

FORMATS = ("text", "full", "json", "github", "sarif", "gitlab", "markdown")
MACHINE_FORMATS = FORMATS[2:]


class Writer(Protocol):
    """Write ``results`` (sorted by path; paths relative to the current directory) to ``out``.

    ``rules`` lists every rule the run knew about (SARIF describes them all, not
    only those that fired); ``root`` is the repository root that SARIF and GitLab
    paths are made relative to.
    """

    def __call__(
        self, results: Sequence[FileResult], out: TextIO, *, rules: Sequence[type[Rule]], root: Path
    ) -> None: ...


def get_writer(name: str) -> Writer:
    """The ``write`` function of machine format ``name``; ``ValueError`` for any other name."""
    if name not in MACHINE_FORMATS:
        raise ValueError(f"no machine-readable writer for format {name!r}; choose from {MACHINE_FORMATS}")
    writer: Writer = importlib.import_module(f"{__name__}.{name}").write
    return writer


def all_findings(results: Sequence[FileResult]) -> Iterator[Finding]:
    """Every finding of every file, in the order given."""
    for result in results:
        yield from result.findings


@dataclass
class Tally:
    """What a run leaves to do, counted once for every format (text, JSON, Markdown say the same).

    A finding is fixed (this run wrote its fix), or remaining: fixable by ``fix``,
    fixable with ``--unsafe-fixes``, fixable in a document only with ``--docs``,
    or for manual review (no fix; ``info`` findings are not counted there).
    """

    findings: int = 0
    fixed: int = 0
    safe: int = 0
    unsafe: int = 0
    docs: int = 0
    manual: int = 0

    @property
    def remaining(self) -> int:
        return self.findings - self.fixed

    def add(self, findings: Iterable[Finding]) -> None:
        from migrate.kinds import file_kind

        for f in findings:
            self.findings += 1
            if f.applied:
                self.fixed += 1
            elif f.fix is None:
                if f.severity is not Severity.INFO:
                    self.manual += 1
            elif file_kind(os.path.basename(f.path)) in ("markdown", "rst"):
                self.docs += 1
            elif f.fix.applicability is Applicability.SAFE:
                self.safe += 1
            else:
                self.unsafe += 1

    def next_steps(self) -> list[str]:
        """What to run next, like ruff's "N fixable with the --fix option"."""
        steps = []
        if self.safe:
            steps.append(f"{self.safe} fixable with `deepseek-migrate fix`")
        if self.unsafe:
            steps.append(f"{self.unsafe} more with `fix --unsafe-fixes`")
        if self.docs:
            steps.append(f"{self.docs} {'needs' if self.docs == 1 else 'need'} `fix --docs`")
        if self.manual:
            steps.append(f"{self.manual} for manual review (`deepseek-migrate check` lists them)")
        return steps


def tally(results: Iterable[FileResult]) -> Tally:
    counts = Tally()
    for result in results:
        counts.add(result.findings)
    return counts


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 file``, ``2 files``; ``info`` has no plural."""
    return f"{count} {noun if count == 1 or noun == 'info' else (nouns or noun + 's')}"


def error_is_a_finding(result: FileResult) -> bool:
    """True when the file's error is also its unreadable-file finding: formats that list both show it once."""
    from migrate.report_rules.python_strings import UnparseableFile

    return any(f.code == UnparseableFile.CODE and f.message == result.error for f in result.findings)


def repo_path(path: str, root: Path) -> str | None:
    """``path`` (relative to the current directory) as a POSIX path relative to ``root``.

    ``None`` when the file lies outside ``root``. ``abspath`` rather than
    ``resolve`` so a symlinked checkout keeps the paths the user sees.
    """
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None


def cell_position(finding: Finding) -> str:
    """Where a notebook finding sits inside its cell, for formats that can only point at files.

    Line and column of a notebook finding count from the start of its cell, so
    they mean nothing as positions in the ``.ipynb`` JSON.
    """
    return f"cell {finding.cell}, line {finding.line}, column {finding.column}"


def shown_path(path: str) -> str:
    """``path`` safe to print in any format: every character that is not printable (control and
    escape characters, bidirectional overrides, line separators) as ``\\xNN``/``\\uNNNN``, and bytes
    that are not UTF-8 (surrogate-escaped by Python) as ``\\xNN``; the rest as it is."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        code = ord(char)
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode spells it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)
