"""The ``deepseek-migrate`` command line: check / diff / fix / rules / explain.

Thin by design: options become a :class:`~migrate.engine.Settings` and a
:class:`~migrate.discovery.Discovery`, ``api.run`` does the work, writers print.
Machine formats go to stdout; progress and summaries go to stderr.

Exit codes: 0 clean (or done), 1 findings / pending changes / manual review
left, 2 usage, configuration or internal errors, or a file that could not be
processed (after every other file is done).

Start-up is on every pre-commit run's path, so importing this module imports
neither typer nor rich nor libcst: the typer app is built on first use
(``app``), and :func:`main` runs the common ``check``/``diff``/``fix``
invocations (paths plus a few flags, see ``_fast_parse``) without typer,
through the same command functions; anything else goes through typer.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import os
import sys
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TextIO

from migrate.config import Config, ConfigError, find_config, load_config
from migrate.fastpath import plain_stderr, quiet_summary
from migrate.rulepack import REASONING_EFFORTS, RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import typer
    from rich.console import Console

    from migrate.api import RunStats
    from migrate.discovery import Discovery
    from migrate.engine import Settings
    from migrate.gitguard import GitGuard
    from migrate.model import FileResult, Severity
    from migrate.output.text import Summary
    from migrate.rulepack import Rules

EXIT_HELP = (
    "Exit codes: 0 clean, 1 findings (or pending changes), 2 usage/config/internal error or unreadable file."
)


class Format(str, enum.Enum):
    text = "text"
    full = "full"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"
    markdown = "markdown"


HUMAN = (Format.text, Format.full)  # the findings as people read them, printed as they come


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Effort(str, enum.Enum):
    high = "high"
    max = "max"


assert tuple(e.value for e in Effort) == REASONING_EFFORTS


def opt(
    *decls: str,
    help: str,
    commands: tuple[str, ...] = ("check", "diff", "fix"),
    panel: str | None = None,
    **typer_kwargs: object,
) -> dict[str, object]:
    """One command-line parameter: its flags (none for the paths argument), help, commands and
    help panel. The typer commands and main()'s fast path are both built from :class:`Options`."""
    if panel is not None:
        typer_kwargs["rich_help_panel"] = panel
    return {"decls": decls, "help": help, "commands": commands, "typer": typer_kwargs}


OUTPUT, RULES, FIXES, FILES, EXIT, RUN = "Output", "Rules", "Fixes", "Files", "Exit code", "Run"
# Shown in the epilog: typer would show the argument's Python type (list[Path]) in an Arguments panel.
PATHS_HELP = "PATH: files or folders to scan (default: '.'); '-' reads standard input."


@dataclass(frozen=True)
class Options:
    """Every parameter of check / diff / fix, declared once (order: the help's order)."""

    paths: list[Path] | None = field(
        default=None,
        metadata=opt(help=PATHS_HELP, metavar="PATH", hidden=True),
    )
    fmt: list[str] | None = field(
        default=None,
        metadata=opt(
            "--format",
            "--output-format",
            "-f",
            help=(
                f"Output format: {', '.join(Format.__members__)} (default: text, one line a finding; "
                "full: with its source lines and a help line). Repeat for several outputs of one run: "
                "FORMAT=FILE writes that one to FILE; one may go to stdout."
            ),
            metavar="FORMAT[=FILE]",
            panel=OUTPUT,
        ),
    )
    output_file: Path | None = field(
        default=None,
        metadata=opt(
            "--output-file",
            "-o",
            help="Write the stdout format to FILE instead.",
            metavar="FILE",
            panel=OUTPUT,
        ),
    )
    statistics: bool = field(
        default=False,
        metadata=opt(
            "--statistics",
            help="Text: a count per rule instead of each finding.",
            commands=("check",),
            panel=OUTPUT,
        ),
    )
    quiet: bool = field(
        default=False, metadata=opt("--quiet", "-q", help="No summary or progress on stderr.", panel=OUTPUT)
    )
    unsafe_fixes: bool | None = field(
        default=None,
        metadata=opt(
            "--unsafe-fixes/--no-unsafe-fixes",
            help="Also apply unsafe fixes.",
            commands=("diff", "fix"),
            panel=FIXES,
        ),
    )
    docs: bool = field(
        default=False,
        metadata=opt(
            "--docs",
            help="Also rewrite Markdown / reStructuredText docs.",
            commands=("diff", "fix"),
            panel=FIXES,
        ),
    )
    allow_dirty: bool = field(
        default=False,
        metadata=opt(
            "--allow-dirty",
            help="Write files that have uncommitted git changes.",
            commands=("fix",),
            panel=FIXES,
        ),
    )
    allow_staged: bool = field(
        default=False,
        metadata=opt(
            "--allow-staged",
            help="Write files whose git changes are all staged (pre-commit).",
            commands=("fix",),
            panel=FIXES,
        ),
    )
    target: str | None = field(
        default=None,
        metadata=opt(
            "--target", help="Model name to migrate to, e.g. deepseek-flash.", metavar="MODEL", panel=RULES
        ),
    )
    allow_unknown_target: bool = field(
        default=False,
        metadata=opt(
            "--allow-unknown-target", help="Accept a --target that no rule pack names.", panel=RULES
        ),
    )
    reasoning_effort: Effort | None = field(
        default=None,
        metadata=opt(
            "--reasoning-effort", help="Add this reasoning_effort where thinking is enabled.", panel=RULES
        ),
    )
    select: list[str] | None = field(
        default=None,
        metadata=opt("--select", help="Only these rule codes (prefixes ok).", metavar="CODE", panel=RULES),
    )
    ignore: list[str] | None = field(
        default=None,
        metadata=opt("--ignore", help="Skip these rule codes (prefixes ok).", metavar="CODE", panel=RULES),
    )
    rule_pack: list[Path] | None = field(
        default=None,
        metadata=opt("--rule-pack", help="An extra rule pack (TOML).", metavar="FILE", panel=RULES),
    )
    config: Path | None = field(
        default=None,
        metadata=opt(
            "--config", help="Config file (default: nearest pyproject.toml).", metavar="FILE", panel=RULES
        ),
    )
    extend_exclude: list[str] | None = field(
        default=None,
        metadata=opt(
            "--extend-exclude", help="More gitignore-style excludes.", metavar="PATTERN", panel=FILES
        ),
    )
    force_exclude: bool = field(
        default=False,
        metadata=opt("--force-exclude", help="Apply excludes to files named explicitly too.", panel=FILES),
    )
    stdin_filename: str | None = field(
        default=None,
        metadata=opt(
            "--stdin-filename",
            help="Read the source from stdin, as if it were this file.",
            metavar="NAME",
            panel=FILES,
        ),
    )
    exit_code: bool = field(
        default=False,
        metadata=opt("--exit-code", help="Exit 1 when changes are pending.", commands=("diff",), panel=EXIT),
    )
    fail_on: FailOn | None = field(
        default=None,
        metadata=opt(
            "--fail-on", help="Lowest severity that fails the run.", commands=("check", "fix"), panel=EXIT
        ),
    )
    exit_zero: bool = field(
        default=False,
        metadata=opt(
            "--exit-zero",
            help="Exit 0 even when findings remain (errors still exit 2).",
            commands=("check", "fix"),
            panel=EXIT,
        ),
    )
    jobs: int = field(
        default=0,
        metadata=opt(
            "--jobs", "-j", help="Worker processes (0: one per CPU).", min=0, metavar="N", panel=RUN
        ),
    )
    debug: bool = field(
        default=False, metadata=opt("--debug", help="Show tracebacks for internal errors.", panel=RUN)
    )


COMMAND_HELP = {
    "check": "CI gate: report every retired model name that can reach an API. Writes nothing.",
    "diff": "Dry run: show a coloured unified diff of what `fix` would change. Writes nothing.",
    "fix": """Apply the safe fixes (and unsafe ones with --unsafe-fixes); report what is left for manual review.

    In a git work tree, files with uncommitted changes are not written unless
    --allow-dirty (--allow-staged: changes that are all staged, as under pre-commit).
    With --stdin-filename the fixed source goes to stdout and findings to stderr.
    """,
}


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _load(paths: list[Path], config_path: Path | None) -> Config:
    if config_path is not None:
        if not config_path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
        return load_config(config_path, explicit=True)
    start = paths[0] if paths else Path.cwd()
    return load_config(find_config(start if os.path.exists(start) else Path.cwd()))


@dataclass
class Plan:
    """What the options and the configuration ask of a run."""

    paths: list[Path]
    settings: Settings
    discovery: Discovery
    fail_severity: Severity
    root: Path
    outputs: list[tuple[Format, Path | None]]  # each format and its file (None: stdout)
    stdin_name: str | None  # --stdin-filename, or '-' for a path '-'


def _outputs(o: Options) -> list[tuple[Format, Path | None]]:
    """``--format`` values as (format, file); the one without a file goes to --output-file or stdout."""
    values = o.fmt or ["text"]
    outputs: list[tuple[Format, Path | None]] = []
    for value in values:
        name, eq, file = value.partition("=")
        if name not in Format.__members__:
            raise ConfigError(
                f"--format: unknown format {name!r}{_did_you_mean(name, list(Format.__members__))} "
                f"(valid: {', '.join(Format.__members__)})"
            )
        if eq and not file:
            raise ConfigError(f"--format {value!r}: a file name must follow '='")
        outputs.append((Format(name), Path(file) if eq else o.output_file))
    if sum(fmt in HUMAN for fmt, _ in outputs) > 1:
        raise ConfigError("--format: text and full show the same findings; give only one of them")
    if sum("=" not in v for v in values) > 1:
        raise ConfigError("--format: only one format can go to stdout; give the others a file (FORMAT=FILE)")
    return outputs


def _did_you_mean(value: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _plan(mode: str, o: Options) -> Plan:
    from migrate.discovery import Discovery
    from migrate.engine import Settings
    from migrate.enums import Severity
    from migrate.rulepack import load_rules

    paths = list(o.paths or [Path(".")])
    config = _load([p for p in paths if p != Path("-")], o.config)
    rules = load_rules(
        tuple(config.rule_packs) + tuple(o.rule_pack or ()),
        target=o.target or config.target,
        reasoning_effort=(o.reasoning_effort.value if o.reasoning_effort else None)
        or config.reasoning_effort,
    )
    _check_target(rules, o, config)
    if o.select is not None:
        select_codes = _codes(o.select, "--select")
    else:
        select_codes = _codes(config.select, config.name("select"))
    ignore_codes = _codes(o.ignore or [], "--ignore") + _codes(config.ignore, config.name("ignore"))
    settings = Settings(
        rules=rules,
        apply=mode in ("diff", "fix"),
        unsafe_fixes=config.unsafe_fixes if o.unsafe_fixes is None else o.unsafe_fixes,
        docs=o.docs,
        select=frozenset(select_codes),
        ignore=frozenset(ignore_codes),
        per_file_ignores=tuple(
            (p, frozenset(_codes(c, config.name(f"per-file-ignores.{p}"))))
            for p, c in config.per_file_ignores.items()
        ),
    )
    excludes = list(config.exclude) + list(config.extend_exclude) + list(o.extend_exclude or [])
    discovery = Discovery(
        project_root=config.root,
        exclude=excludes,
        respect_gitignore=config.respect_gitignore,
        force_exclude=o.force_exclude,
    )
    fail_severity = Severity((o.fail_on.value if o.fail_on else None) or config.fail_on)
    stdin_name = o.stdin_filename
    if stdin_name is None and paths == [Path("-")]:
        stdin_name = "-"
    return Plan(paths, settings, discovery, fail_severity, config.root, _outputs(o), stdin_name)


def _check_target(rules: Rules, o: Options, config: Config) -> None:
    """A target the rule packs do not name is a typo until the user says otherwise."""
    target = o.target or config.target
    if target is None or o.allow_unknown_target or config.allow_unknown_target:
        return
    known = sorted(
        {n for p in rules.packs for n in p.current} | {r.new for p in rules.packs for r in p.renames}
    )
    if target in known:
        return
    import difflib

    what = "--target" if o.target else config.name("target")
    close = difflib.get_close_matches(target, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    optin = "--allow-unknown-target" if o.target else "allow-unknown-target = true"
    raise ConfigError(
        f"{what}: unknown model name {target!r} ({hint}known: {', '.join(known)}; {optin} to use it anyway)"
    )


class Reporter:
    """Takes the results of a run one by one: writes fixes, prints findings, keeps the counts.

    rich, the summary, the git guard and the writer are imported when first needed:
    a run with nothing to report prints one plain line (see :meth:`finish`).
    """

    def __init__(self, mode: str, o: Options, plan: Plan, files: dict[Path, TextIO]) -> None:
        self.mode = mode
        self.o = o
        self.plan = plan
        self.files = files  # the outputs' open files
        self.summary: Summary | None = None
        self.results: list[FileResult] = []  # kept for machine formats and --statistics
        self.failed = False
        self.pending = False
        self.guard: GitGuard | None = None
        self._out: Console | None = None
        self._err: Console | None = None
        self.out_to_stderr = False
        text = [(fmt, dest) for fmt, dest in plan.outputs if fmt in HUMAN]
        self.text = bool(text)
        self.full = bool(text) and text[0][0] is Format.full
        self.text_file = text[0][1] if text else None
        self.statistics = o.statistics and self.text
        self.collect = self.statistics or any(fmt not in HUMAN for fmt, _ in plan.outputs)

    def out(self) -> Console:
        """Where the text format goes: stdout, stderr (under ``fix -`` stdout is the source) or a file."""
        if self._out is None:
            from rich.console import Console

            if self.text_file is not None:
                self._out = Console(file=self.files[self.text_file], highlight=False, soft_wrap=True)
            else:
                self._out = Console(stderr=self.out_to_stderr, highlight=False, soft_wrap=True)
        return self._out

    def err(self) -> Console:
        if self._err is None:
            self._err = _stderr()
        return self._err

    def take(self, result: FileResult) -> None:
        if self.mode == "fix" and self.plan.stdin_name is not None:
            sys.stdout.buffer.write(_stdin_output(result))
            sys.stdout.flush()
            self.out_to_stderr = True
            self._out = None
        elif self.mode == "fix" and result.changed:
            result = self._write(result)
        if not result.findings and not result.error:
            return
        self._count(result)
        if self.text:
            self._print(result)
        if self.collect:
            if self.mode == "diff":  # nothing was written: the reports say what fix would do
                result = replace(result, findings=tuple(replace(f, applied=False) for f in result.findings))
            self.results.append(result)

    def _write(self, result: FileResult) -> FileResult:
        """Write a fixed file; one that cannot be written keeps its findings, unapplied, and an error."""
        from migrate.writer import WriteError, write_result

        dest = Path(self.plan.settings.cwd) / result.path
        if self.guard is None:
            from migrate.gitguard import GitGuard

            self.guard = GitGuard(allow_dirty=self.o.allow_dirty, allow_staged=self.o.allow_staged)
        try:
            refusal = self.guard.refusal(dest)
            if refusal is not None:
                raise WriteError(refusal)
            write_result(dest, result)
        except WriteError as exc:
            return replace(
                result,
                findings=tuple(replace(f, applied=False) for f in result.findings),
                source=None,
                fixed=None,
                error=f"not written: {exc}",
            )
        return result

    def _count(self, result: FileResult) -> None:
        if self.summary is None:
            from migrate.output.text import Summary

            self.summary = Summary()
        self.summary.add(result)
        if result.error:
            self.failed = True
        rank = self.plan.fail_severity.rank
        if any(not f.applied and f.severity.rank >= rank for f in result.findings):
            self.pending = True
        if self.mode == "diff" and result.changed:
            self.pending = True

    def _print(self, result: FileResult) -> None:
        from migrate.output import shown_path
        from migrate.output.text import finding_line, print_diff, unified_diff

        shown: set[tuple[str, str]] = set()
        if self.mode == "diff":
            if result.changed:
                console = self.out()
                if console.is_terminal:
                    print_diff(console, unified_diff(result), result.encoding)
                else:  # a pipe or a file: the patch's bytes, for git apply
                    _write_bytes(console.file, b"".join(unified_diff(result)))
                return
        elif not self.statistics:
            lines = self._source_lines(result) if self.full else {}
            for f in result.findings:
                if self.mode == "check" or not f.applied:
                    if self.full:
                        from migrate.output.text import full_finding

                        self.out().print(full_finding(f, lines.get(f.cell)))
                        self.out().print()
                    else:
                        self.out().print(finding_line(f))
                    shown.add((f.code, f.message))
        # A file that does not parse is reported once: by its DSM901 finding when that was printed.
        from migrate.report_rules.python_strings import UnparseableFile

        if result.error and (UnparseableFile.CODE, result.error) not in shown:
            self.err().print(
                f"{shown_path(result.path)}: error: {result.error}", markup=False, soft_wrap=True
            )

    def _source_lines(self, result: FileResult) -> dict[int | None, list[str]]:
        """The lines ``--format full`` shows around the findings of ``result``."""
        from migrate.output.text import source_lines

        data = None
        if result.source is None:
            if self.plan.stdin_name is not None:
                data = _STDIN_DATA.get(result.path)
            else:
                with contextlib.suppress(OSError):
                    data = (Path(self.plan.settings.cwd) / result.path).read_bytes()
        return source_lines(result, data)

    def finish(self, files_scanned: int, missing: list[str]) -> int:
        """Report missing and skipped paths, write a machine format, print the summary; the exit code."""
        from migrate.output import shown_path

        for path in missing:
            self.err().print(
                f"deepseek-migrate: error: {shown_path(path)}: no such file or folder",
                markup=False,
                soft_wrap=True,
            )
            self.failed = True
        if self.mode == "fix" and self.plan.discovery.leftovers:
            from migrate.writer import remove_leftovers

            for leftover in remove_leftovers(self.plan.discovery.leftovers):
                self.err().print(
                    f"{shown_path(leftover)}: removed a temporary file left by an interrupted run",
                    markup=False,
                    soft_wrap=True,
                )
        self._warn_skipped(files_scanned)
        results = sorted(self.results, key=lambda r: r.path)
        if self.statistics:
            from migrate.output.text import statistics

            for line in statistics(results):
                self.out().print(line)
        for fmt, dest in self.plan.outputs:
            if fmt not in HUMAN:
                from migrate.output import get_writer
                from migrate.registry import RULES

                out = self.files[dest] if dest is not None else sys.stdout
                get_writer(fmt.value)(results, out, rules=RULES, root=self.plan.root)
        if not self.o.quiet:
            self._print_summary(files_scanned)
        if self.failed:
            return 2
        if self.o.exit_zero:
            return 0
        if self.mode == "diff":
            return 1 if (self.o.exit_code and self.pending) else 0
        return 1 if self.pending else 0

    def _warn_skipped(self, files_scanned: int) -> None:
        """Named paths that were not read, and a run that read nothing: never a silent pass."""
        for path, why in self.plan.discovery.skipped:
            sys.stderr.write(f"deepseek-migrate: warning: {path}: not checked: {why}\n")
        if files_scanned == 0 and not self.failed and not self.plan.discovery.skipped:
            sys.stderr.write(f"deepseek-migrate: warning: {EMPTY_RUN}\n")
        sys.stderr.flush()

    def _print_summary(self, files_scanned: int) -> None:
        if self.summary is None and plain_stderr():
            sys.stderr.write(quiet_summary(self.mode, files_scanned) + "\n")
            sys.stderr.flush()
            return
        if self.summary is None:
            from migrate.output.text import Summary

            self.summary = Summary()
        self.summary.files_scanned = files_scanned
        self.err().print(self.summary.render(self.mode), soft_wrap=True)


def _write_bytes(stream: IO[str], data: bytes) -> None:
    """``data`` as it is to a text stream: through its buffer when it has one."""
    buffer = getattr(stream, "buffer", None)
    stream.flush()
    if buffer is None:
        stream.write(data.decode("utf-8", errors="replace"))
    else:
        buffer.write(data)
        buffer.flush()


EMPTY_RUN = (
    "no file was checked: nothing under the given paths is a kind of file deepseek-migrate reads, "
    "or every one is excluded or gitignored (name a file or folder to check it anyway)"
)


def _execute(mode: str, o: Options) -> int:
    from migrate.api import RunStats, run

    plan = _plan(mode, o)
    with contextlib.ExitStack() as stack:
        files: dict[Path, TextIO] = {}
        for _, dest in plan.outputs:
            if dest is not None and dest not in files:
                try:  # before the run: a fix is never written when its report cannot be
                    files[dest] = stack.enter_context(dest.open("w", encoding="utf-8"))
                except OSError as exc:
                    raise ConfigError(f"{dest}: cannot write the output: {exc.strerror or exc}") from None
        reporter = Reporter(mode, o, plan, files)
        stats = RunStats()
        if plan.stdin_name is not None:
            reporter.take(_stdin_result(plan.stdin_name, plan.settings, plan.discovery))
            stats.files_seen = 1
        else:
            results = run(plan.paths, plan.settings, plan.discovery, jobs=o.jobs, stats=stats)
            with _progress(o, stats) as shown:
                if shown:  # the display is gone before the findings are printed
                    results = iter(list(results))
            for result in results:  # otherwise each result is printed (and written) as it comes
                reporter.take(result)
        return reporter.finish(stats.files_seen, stats.missing)


@contextlib.contextmanager
def _progress(o: Options, stats: RunStats) -> Iterator[bool]:
    """A progress display on stderr while the run works, when stderr is a terminal and not --quiet;
    yields whether it is shown."""
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        terminal = False
    if o.quiet or not terminal:
        yield False
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_stderr(), transient=True) as display:
        task = display.add_task("scanning files", total=None)

        def update(stage: str, done: int, total: int | None) -> None:
            display.update(task, description=f"{stage} files", completed=done, total=total)

        stats.progress = update
        yield True


_STDIN_DATA: dict[str, bytes] = {}


def _stdin_result(name: str, settings: Settings, discovery: Discovery) -> FileResult:
    """Run the engine on standard input as if it were the file ``name`` (editors, other tools)."""
    from migrate.engine import process_bytes
    from migrate.kinds import file_kind
    from migrate.model import FileResult

    data = sys.stdin.buffer.read()
    _STDIN_DATA[name] = data
    kind = file_kind(Path(name).name) or ("python" if name == "-" else None)
    shown = name.replace(os.sep, "/")
    if kind is None or (discovery.force_exclude and discovery.config_excluded(Path(name))):
        return FileResult(path=shown)
    # The project of the named file decides the pinned versions some rules read.
    return process_bytes(data, kind, settings, shown, location=None if name == "-" else name)


def _stdin_output(result: FileResult) -> bytes:
    if result.changed:
        from migrate.writer import encoded

        return encoded(result)
    return _STDIN_DATA.get(result.path, b"")


def _codes(values: list[str], what: str) -> list[str]:
    if not values:
        return []  # the registry imports every adapter, and libcst with them
    from migrate.registry import BY_CODE, lookup

    out = []
    for value in values:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            rule = lookup(item)
            if rule is not None:
                out.append(rule.CODE)
            elif item.upper().startswith("DSM") and any(c.startswith(item.upper()) for c in BY_CODE):
                out.append(item.upper())
            else:
                raise ConfigError(f"{what}: unknown rule {item!r}{_rule_hint(item)}")
    return out


def _rule_hint(item: str) -> str:
    """`` (did you mean '<code>'?) (valid: ...)`` for an unknown rule code or name."""
    from migrate.registry import BY_CODE, RULES

    names = [r.NAME for r in RULES]
    guess = _did_you_mean(item.upper(), list(BY_CODE)) or _did_you_mean(item.lower(), names)
    return f"{guess} (valid: {', '.join(sorted(BY_CODE))})"


def _run_code(mode: str, o: Options) -> int:
    """The exit code of one check / diff / fix run; errors are reported here."""
    try:
        return _execute(mode, o)
    except (ConfigError, RulePackError) as exc:
        _stderr().print(f"deepseek-migrate: error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if o.debug:
            raise
        _stderr().print(
            f"deepseek-migrate: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return 2


def _command(mode: str) -> Callable[..., None]:
    """The typer command for ``mode``: its signature is made from :class:`Options` in _build_app."""

    def command(**kwargs: Any) -> None:
        code = _run_code(mode, Options(**kwargs))
        import typer

        raise typer.Exit(code)

    command.__name__ = mode
    command.__doc__ = COMMAND_HELP[mode]
    return command


class RulesFormat(str, enum.Enum):
    text = "text"
    json = "json"


def rules(fmt: RulesFormat = RulesFormat.text) -> None:
    """List every rule: code, name, severity and what it finds (JSON: and its fix safety)."""
    from migrate.catalog import fix_kind
    from migrate.registry import RULES

    listed = sorted(RULES, key=lambda r: r.CODE)
    if fmt is RulesFormat.json:
        import json

        rows = [
            {
                "code": r.CODE,
                "name": r.NAME,
                "severity": r.SEVERITY.value,
                "fix": fix_kind(r),
                "summary": r.summary(),
            }
            for r in listed
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("code", "name", "severity", "what it finds"):
        table.add_column(column, overflow="fold")
    for rule in listed:
        table.add_row(rule.CODE, rule.NAME, rule.SEVERITY.value, rule.summary())
    Console(highlight=False).print(table)


def explain(code: str) -> None:
    """Print one rule's documentation."""
    import typer
    from rich.console import Console
    from rich.markdown import Markdown

    from migrate.registry import lookup

    rule = lookup(code)
    if rule is None:
        _stderr().print(
            f"deepseek-migrate: error: unknown rule {code!r}{_rule_hint(code)}", markup=False, soft_wrap=True
        )
        raise typer.Exit(2)
    console = Console(highlight=False)
    header = f"# {rule.CODE} {rule.NAME}\n\nSeverity: {rule.SEVERITY.value}\n\n"
    if console.is_terminal:
        console.print(Markdown(header + rule.documentation().split("\n", 1)[-1]))
    else:
        sys.stdout.write(header + rule.documentation().split("\n", 1)[-1].strip() + "\n")


_APP: typer.Typer | None = None


def _build_app() -> typer.Typer:
    """The typer app: the three run commands' parameters come from :class:`Options`."""
    import inspect
    from typing import get_type_hints

    import typer

    types = get_type_hints(Options)

    def parameter(f: Field[Any]) -> inspect.Parameter:
        meta = f.metadata
        info: Any
        if meta["decls"]:
            flag = types[f.name] in (bool, bool | None)  # no "<bool>" after a flag
            settings = {"metavar": ""} if flag else {}
            info = typer.Option(*meta["decls"], help=meta["help"], **(settings | meta["typer"]))
        else:
            info = typer.Argument(help=meta["help"], show_default=False, **meta["typer"])
        return inspect.Parameter(f.name, kind, default=f.default, annotation=Annotated[types[f.name], info])

    kind = inspect.Parameter.KEYWORD_ONLY

    class NamedArgument(typer.core.TyperArgument):
        def display_type_rich(self, ctx: Any) -> str | None:
            return None  # its metavar (CODE) says what it is: no "<str>" beside it

    class Command(typer.core.TyperCommand):
        """A command whose help shows no Python type: none after ``--help``, none beside an argument."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for param in self.params:
                if isinstance(param, typer.core.TyperArgument) and param.metavar:
                    param.__class__ = NamedArgument

        def get_help_option(self, ctx: Any) -> Any:
            return _flag_metavar(super().get_help_option(ctx))

    class Group(typer.core.TyperGroup):
        def get_help_option(self, ctx: Any) -> Any:
            return _flag_metavar(super().get_help_option(ctx))

    app = typer.Typer(
        cls=Group,
        name="deepseek-migrate",
        help=(
            "Move Python code off DeepSeek's retired model names (deepseek-chat, deepseek-reasoner), "
            "carrying the thinking mode each name implied.\n\n" + EXIT_HELP
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="markdown",
        pretty_exceptions_enable=False,
    )

    def show_version(value: bool) -> None:
        if value:
            sys.stdout.write(_version() + "\n")
            raise typer.Exit(0)

    version = typer.Option(
        "--version", help="Print the version and exit.", is_eager=True, callback=show_version, metavar=""
    )

    def top(**_: object) -> None:
        """The options before the command (--version)."""

    top.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("version", kind, default=False, annotation=Annotated[bool, version])]
    )
    app.callback()(top)
    for mode in COMMAND_HELP:
        command = _command(mode)
        params = [parameter(f) for f in fields(Options) if mode in f.metadata["commands"]]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        app.command(cls=Command, epilog=f"{PATHS_HELP}\n\n{EXIT_HELP}")(command)
    listing = Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.", show_default=True)]
    rules.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "fmt", inspect.Parameter.KEYWORD_ONLY, default=RulesFormat.text, annotation=listing
            )
        ]
    )
    app.command(cls=Command)(rules)
    code = Annotated[str, typer.Argument(help="A rule code (DSM101) or name.", metavar="CODE")]
    explain.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("code", inspect.Parameter.KEYWORD_ONLY, annotation=code)]
    )
    app.command(cls=Command)(explain)
    return app


def _flag_metavar(option: Any) -> Any:
    """typer shows a flag's type (``<bool>``) unless its metavar is set: an empty one shows nothing."""
    if option is not None:
        option.metavar = ""
    return option


def _typer_app() -> typer.Typer:
    global _APP
    if _APP is None:
        _APP = _build_app()
    return _APP


def __getattr__(name: str) -> object:
    """``migrate.cli.app`` is built on first use."""
    if name == "app":
        return _typer_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fast_value(kind: object, value: str | None) -> object:
    """What typer makes of ``value`` for an option of type ``kind`` (for a list, one item);
    None when the fast path cannot tell (no value, or one that looks like an option)."""
    if not value or value.startswith("-"):
        return None
    if kind is int:
        return int(value) if value.isascii() and value.isdigit() else None
    choices = _enum_of(kind)
    if choices is not None:
        return choices(value) if value in choices.__members__ else None
    item = _list_item(kind) or next(t for t in getattr(kind, "__args__", (kind,)) if t is not type(None))
    return item(value) if item in (str, Path) else None


def _list_item(kind: object) -> Any:
    """``str`` for ``list[str] | None``; None for a type that is not a list."""
    from typing import get_args, get_origin

    for member in getattr(kind, "__args__", (kind,)):
        if get_origin(member) is list:
            return get_args(member)[0]
    return None


def _enum_of(kind: object) -> type[enum.Enum] | None:
    for member in getattr(kind, "__args__", (kind,)):
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return member
    return None


def _fast_table(command: str) -> dict[str, tuple[str, object, object]]:
    """main()'s fast path for ``command``: flag -> (parameter, value of a flag, type of a valued option)."""
    from typing import get_type_hints

    types = get_type_hints(Options)
    table: dict[str, tuple[str, object, object]] = {}
    for f in fields(Options):
        if command not in f.metadata["commands"] or not f.metadata["decls"]:
            continue
        kind = types[f.name]
        if kind in (bool, bool | None):
            on, _, off = f.metadata["decls"][0].partition("/")
            table.update(dict.fromkeys((on, *f.metadata["decls"][1:]), (f.name, True, None)))
            if off:
                table[off] = (f.name, False, None)
        else:
            table.update(dict.fromkeys(f.metadata["decls"], (f.name, None, kind)))
    return table


def _fast_parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """``(command, keyword arguments)`` when typer would call the command with exactly these
    (paths, flags, and options with a plain value, see :func:`_fast_value`); None for anything
    else, help and errors included, which typer then handles."""
    if not argv or argv[0] not in COMMAND_HELP:
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # click's shell completion
    table = _fast_table(argv[0])
    options: dict[str, Any] = {}
    paths: list[Path] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-" or not arg.startswith("-"):
            paths.append(Path(arg))
        elif arg in table and table[arg][2] is None:
            options[table[arg][0]] = table[arg][1]
        elif arg in table:
            name, _, kind = table[arg]
            value = _fast_value(kind, args[i + 1] if i + 1 < len(args) else None)
            if value is None:
                return None
            if _list_item(kind) is not None:
                options.setdefault(name, []).append(value)
            else:
                options[name] = value
            i += 1
        else:
            return None
        i += 1
    if paths:
        options["paths"] = paths
    return argv[0], options


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"deepseek-migrate {version('deepseek-migrate')}"
    except PackageNotFoundError:
        return "deepseek-migrate (not installed: no version)"


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(_version() + "\n")
        raise SystemExit(0)
    os.environ.setdefault("LIBCST_PARSER_TYPE", "native")
    # A libcst tree is ~100,000 objects without reference cycles: the default collector
    # thresholds run a collection every 700 allocations while a file is parsed (8% of the run).
    gc.set_threshold(100_000, 50, 100)
    parsed = _fast_parse(sys.argv[1:])
    if parsed is not None:
        command, options = parsed
        raise SystemExit(_run_code(command, Options(**options)))  # type: ignore[arg-type]
    _typer_app()()
