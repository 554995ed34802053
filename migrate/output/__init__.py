"""Output formats: the registry of names and what the machine-readable writers share.

``text`` (the human format) lives in :mod:`migrate.output.text` with its own
signature; every other format is a module here whose ``write`` function has the
:class:`Writer` signature. Modules are imported only when their format is asked
for, so a plain ``check`` never pays for building SARIF.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from migrate.model import FileResult, Finding

if TYPE_CHECKING:
    from migrate.adapters.base import Rule

FORMATS = ("text", "json", "github", "sarif", "gitlab", "markdown")
MACHINE_FORMATS = FORMATS[1:]


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
