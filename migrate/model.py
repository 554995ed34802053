"""Frozen data that flows from the adapters through the engine to the output writers.

Adapters produce :class:`Report` values (offsets into the text they were given).
The engine turns them into :class:`Finding` values with 1-based line/column
positions, decides which fixes to apply, and returns one :class:`FileResult`
per file. Everything here is picklable so results can cross process borders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.enums import Applicability, Severity, Thinking
from migrate.hosts import Host

TYPE_CHECKING = False  # typing's flag, without importing typing
if TYPE_CHECKING:
    from migrate.python.forwarding import Target


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``content``.

    Offsets index the text the adapter was given (a whole file, or one notebook
    cell's source). ``line``/``column``/``end_line``/``end_column`` are 1-based
    and filled in by the engine.
    """

    start: int
    end: int
    content: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Place:
    """The other end of a finding: where its value is defined, or the request that sends it."""

    path: str
    line: int
    column: int
    role: str  # "defined" (the finding is at the request) or "sent" (the finding is at the definition)


@dataclass(frozen=True)
class Report:
    """What an adapter says about one span of its text; the engine adds positions."""

    code: str
    start: int
    end: int
    message: str
    severity: Severity = Severity.ERROR
    old: str | None = None
    new: str | None = None
    thinking: Thinking | None = None
    fix: Fix | None = None
    read_by: str | None = None  # a config key the file cannot carry thinking for: name the code that reads it
    related: tuple[Place, ...] = ()  # the other end in the project's code (definition or request sites)


@dataclass(frozen=True)
class Finding:
    """One reported occurrence, as every output format sees it."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    old: str | None = None
    new: str | None = None
    thinking: Thinking | None = None
    fix: Fix | None = None
    cell: int | None = None
    applied: bool = False
    read_by: str | None = None  # from the report: the run names the Python files that read this config key
    related: tuple[Place, ...] = ()  # from the report: the definition, or the request sites it reaches

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.cell if self.cell is not None else -1, self.line, self.column, self.code)


@dataclass(frozen=True)
class Export:
    """A retired literal other modules can reach: a public module-level constant, or a parameter default.

    For a parameter default, ``name`` is the function and ``param`` the parameter:
    other modules reach it by calling the function without that argument, and a
    call that passes it sends a model the tool did not choose.
    """

    path: str  # display path of the defining file
    module: str  # its dotted module name
    name: str
    old: str  # the literal's value, e.g. "deepseek-chat" or "deepseek/deepseek-chat"
    new: str
    thinking: Thinking
    line: int
    param: str | None = None
    position: int = -1  # the parameter's positional index (-1: keyword-only), ``self`` not counted
    env: str | None = None  # a pydantic-settings field: the environment variable that overrides the default
    # An entry of a registry (a module-level dict or list display named ``name``): the keys from the
    # display down to the literal (None: a list position). Other modules' reads of it are not fixed.
    keys: tuple[str | None, ...] | None = None
    method: bool = False  # a parameter of a method other than ``__init__`` (called as ``obj.name()``)
    client: bool = False  # a parameter that carries a client object, not a model name (``old`` is empty)


# How a Use names a read of ``.<field>`` in a file that links nothing to the field's class (a guess).
UNTRACED_READ = "an untraced read of"


@dataclass(frozen=True)
class Use:
    """How another module uses an :class:`Export`: at a call the tool can fix, or somewhere it cannot follow."""

    export: Export
    path: str
    line: int
    ok: bool  # the value reaches a sink whose thinking placement is safe
    code: str  # the rule that speaks for the sink (or DSM199)
    what: str  # e.g. "`client.chat.completions.create()`"
    column: int = 1  # of the request (or the read the tool cannot follow)
    # The sink carries the thinking switch (already, or by this use's fix) even where ``ok`` is false
    # (an unsafe fix): an ex-deepseek-chat rename that reaches it is then never left without one.
    switched: bool = False
    # A call that passes a client to a parameter (``Export.client``): where the client it passes sends.
    host: Host | None = None


@dataclass(frozen=True)
class Links:
    """What the rest of the run knows about one file's cross-module values."""

    imported: tuple[tuple[str, Export], ...] = ()  # local spelling ("MODEL", "config.MODEL") -> export
    used: tuple[Use, ...] = ()  # uses of this file's exports in other modules
    # Imported exports whose rename is unsafe (another module uses them where no fix reaches), with
    # those places: a thinking switch for them here is unsafe too, as a fix is whole or nothing.
    unsafe: tuple[tuple[Export, str], ...] = ()
    # The first line of each top-level statement (ast's count), when the run has parsed the file
    # already: the engine then places statements without parsing it with ast again.
    statement_lines: tuple[int, ...] = ()
    # Functions of other modules whose ``**kwargs`` reach a request, by the name this file imports them as.
    forwarders: tuple[tuple[str, Target], ...] = ()
    # This file's requests that get retired names through a function's ``**kwargs`` from other modules:
    # (the request's line, the place of the literal passed).
    forwarded_in: tuple[tuple[int, Place], ...] = ()

    def lookup(self, spelling: str) -> Export | None:
        for key, export in self.imported:
            if key == spelling:
                return export
        return None


@dataclass(frozen=True)
class FileResult:
    """Everything the engine learned about one file.

    ``source``/``fixed`` hold the decoded text only when the fixed text differs,
    so results for the many unchanged files stay small. ``error`` is a one-line
    message when the file could not be processed (the run then exits 2).
    """

    path: str
    findings: tuple[Finding, ...] = ()
    source: str | None = None
    fixed: str | None = None
    error: str | None = None
    encoding: str = "utf-8"
    cells: tuple[tuple[int, str, str], ...] = field(default=())
    uses: tuple[Use, ...] = ()  # how this file uses exports of other files (feeds their fix safety)

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.fixed != self.source


__all__ = [
    "Applicability",
    "Edit",
    "Export",
    "FileResult",
    "Finding",
    "Fix",
    "Links",
    "Place",
    "Report",
    "Severity",
    "Thinking",
    "Use",
]
