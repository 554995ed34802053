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

import enum
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from migrate.config import Config, ConfigError, find_config, load_config
from migrate.rulepack import REASONING_EFFORTS, RulePackError

if TYPE_CHECKING:
    from collections.abc import Callable

    import typer
    from rich.console import Console

    from migrate.discovery import Discovery
    from migrate.engine import Settings
    from migrate.gitguard import GitGuard
    from migrate.model import FileResult
    from migrate.output.text import Summary

EXIT_HELP = (
    "Exit codes: 0 clean, 1 findings (or pending changes), 2 usage/config/internal error or unreadable file."
)


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"
    markdown = "markdown"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Effort(str, enum.Enum):
    high = "high"
    max = "max"


assert tuple(e.value for e in Effort) == REASONING_EFFORTS

if TYPE_CHECKING:  # for type checkers; the Annotated forms typer reads are made in _build_app
    PathsArg = list[Path] | None
    FormatOpt = Format
    TargetOpt = str | None
    EffortOpt = Effort | None
    SelectOpt = list[str] | None
    IgnoreOpt = list[str] | None
    ConfigOpt = Path | None
    JobsOpt = int
    FailOnOpt = FailOn | None
    UnsafeOpt = bool | None
    DocsOpt = bool
    ExcludeOpt = list[str] | None
    ForceExcludeOpt = bool
    RulePackOpt = list[Path] | None
    QuietOpt = bool
    DebugOpt = bool
    StdinOpt = str | None
    AllowDirtyOpt = bool
    AllowStagedOpt = bool
    ExitCodeOpt = bool
    CodeArg = str


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


def _execute(
    mode: str,
    paths: list[Path] | None,
    *,
    fmt: Format,
    target: str | None,
    effort: Effort | None,
    select: list[str] | None,
    ignore: list[str] | None,
    config_path: Path | None,
    jobs: int,
    fail_on: FailOn | None,
    unsafe: bool | None,
    docs: bool,
    extend_exclude: list[str] | None,
    force_exclude: bool,
    rule_packs: list[Path] | None,
    quiet: bool,
    debug: bool,
    exit_code: bool = False,
    allow_dirty: bool = False,
    allow_staged: bool = False,
    stdin_filename: str | None = None,
) -> int:
    from migrate.api import RunStats, run
    from migrate.discovery import Discovery
    from migrate.engine import Settings
    from migrate.model import Severity
    from migrate.rulepack import load_rules

    paths = list(paths or [Path(".")])
    config = _load(paths, config_path)
    rules = load_rules(
        tuple(config.rule_packs) + tuple(rule_packs or ()),
        target=target or config.target,
        reasoning_effort=(effort.value if effort else None) or config.reasoning_effort,
    )
    select_codes = _codes(select if select is not None else config.select, "--select")
    ignore_codes = _codes((ignore or []) + config.ignore, "--ignore")
    settings = Settings(
        rules=rules,
        apply=mode in ("diff", "fix"),
        unsafe_fixes=config.unsafe_fixes if unsafe is None else unsafe,
        docs=docs,
        select=frozenset(select_codes),
        ignore=frozenset(ignore_codes),
        per_file_ignores=tuple(
            (p, frozenset(_codes(c, "per-file-ignores"))) for p, c in config.per_file_ignores.items()
        ),
    )
    excludes = list(config.exclude) + list(config.extend_exclude) + list(extend_exclude or [])
    discovery = Discovery(
        project_root=config.root, exclude=excludes, respect_gitignore=config.respect_gitignore
    )
    if force_exclude:
        paths = [p for p in paths if not (p.is_file() and discovery.config_excluded(p))]
    fail_severity = Severity((fail_on.value if fail_on else None) or config.fail_on)

    # rich, the summary, the git guard and the writer are imported when first needed:
    # a run with nothing to report prints one plain line (see _print_summary).
    consoles: dict[str, Console] = {}
    out_to_stderr = False

    def out() -> Console:
        if "out" not in consoles:
            from rich.console import Console

            consoles["out"] = Console(stderr=out_to_stderr, highlight=False, soft_wrap=True)
        return consoles["out"]

    def err() -> Console:
        if "err" not in consoles:
            consoles["err"] = _stderr()
        return consoles["err"]

    from migrate.output import shown_path

    stats = RunStats()
    summary: Summary | None = None
    results = []
    failed = False
    pending = False
    write_errors = 0
    root = config.root
    guard: GitGuard | None = None
    if stdin_filename is not None:
        results = [_stdin_result(stdin_filename, settings, discovery, paths)]
        source = iter(results)
        results = []
    else:
        source = run(paths, settings, discovery, jobs=jobs, stats=stats)
    for result in source:
        if mode == "fix" and stdin_filename is not None:
            sys.stdout.buffer.write(_stdin_output(result))
            sys.stdout.flush()
            out_to_stderr = True
            consoles.pop("out", None)
        elif mode == "fix" and result.changed:
            from migrate.writer import WriteError, write_result

            dest = Path(settings.cwd) / result.path
            if guard is None:
                from migrate.gitguard import GitGuard

                guard = GitGuard(allow_dirty=allow_dirty, allow_staged=allow_staged)
            try:
                refusal = guard.refusal(dest)
                if refusal is not None:
                    raise WriteError(refusal)
                write_result(dest, result)
            except WriteError as exc:
                from dataclasses import replace

                result = replace(
                    result,
                    findings=tuple(replace(f, applied=False) for f in result.findings),
                    source=None,
                    fixed=None,
                    error=f"not written: {exc}",
                )
                write_errors += 1
        if not result.findings and not result.error:
            continue
        if summary is None:
            from migrate.output.text import Summary

            summary = Summary()
        summary.add(result)
        if result.error:
            failed = True
        for f in result.findings:
            if not f.applied and f.severity.rank >= fail_severity.rank:
                pending = True
        if fmt is Format.text:
            from migrate.output.text import finding_line, print_diff, unified_diff

            if mode == "diff" and result.changed:
                print_diff(out(), unified_diff(result))
            elif mode != "diff":
                for f in result.findings:
                    if mode == "check" or not f.applied:
                        out().print(finding_line(f))
                if result.error:
                    err().print(
                        f"{shown_path(result.path)}: error: {result.error}", markup=False, soft_wrap=True
                    )
            elif result.error:
                err().print(f"{shown_path(result.path)}: error: {result.error}", markup=False, soft_wrap=True)
        else:
            results.append(result)
        if mode == "diff" and result.changed:
            pending = True
    if mode == "fix" and discovery.leftovers:
        from migrate.writer import remove_leftovers

        for leftover in remove_leftovers(discovery.leftovers):
            err().print(
                f"{shown_path(leftover)}: removed a temporary file left by an interrupted run", markup=False
            )
    files_scanned = 1 if stdin_filename is not None else stats.files_seen
    for missing in stats.missing:
        err().print(
            f"deepseek-migrate: error: {shown_path(missing)}: no such file or folder",
            markup=False,
            soft_wrap=True,
        )
        failed = True
    if fmt is not Format.text:
        from migrate.output import get_writer
        from migrate.registry import RULES

        get_writer(fmt.value)(sorted(results, key=lambda r: r.path), sys.stdout, rules=RULES, root=root)
    if not quiet:
        if summary is None and _plain_stderr():
            sys.stderr.write(_quiet_summary(mode, files_scanned) + "\n")
            sys.stderr.flush()
        else:
            if summary is None:
                from migrate.output.text import Summary

                summary = Summary()
            summary.files_scanned = files_scanned
            err().print(summary.render(mode), soft_wrap=True)
    if failed:
        return 2
    if mode == "diff":
        return 1 if (exit_code and pending) else 0
    return 1 if pending else 0


_STDIN_DATA: dict[str, bytes] = {}


def _stdin_result(name: str, settings: Settings, discovery: Discovery, paths: list[Path]) -> FileResult:
    """Run the engine on standard input as if it were the file ``name`` (editors, other tools)."""
    from migrate.discovery import file_kind
    from migrate.engine import process_bytes
    from migrate.model import FileResult

    data = sys.stdin.buffer.read()
    _STDIN_DATA[name] = data
    kind = file_kind(Path(name).name)
    shown = name.replace(os.sep, "/")
    if kind is None or discovery.config_excluded(Path(name)):
        return FileResult(path=shown)
    return process_bytes(data, kind, settings, shown)


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
                valid = ", ".join(sorted(BY_CODE))
                raise ConfigError(f"{what}: unknown rule {item!r} (valid: {valid})")
    return out


def _run_code(mode: str, debug: bool, **kwargs: object) -> int:
    """The exit code of one check / diff / fix run; errors are reported here."""
    try:
        return _execute(mode, debug=debug, **kwargs)  # type: ignore[arg-type]
    except (ConfigError, RulePackError) as exc:
        _stderr().print(f"deepseek-migrate: error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            raise
        _stderr().print(
            f"deepseek-migrate: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return 2


_FAST_EXIT = False  # set by main's fast path: commands end with SystemExit, typer never imported


def _run_mode(mode: str, debug: bool, **kwargs: object) -> None:
    code = _run_code(mode, debug, **kwargs)
    if _FAST_EXIT:
        raise SystemExit(code)
    import typer

    raise typer.Exit(code)


def _plain_stderr() -> bool:
    """True when rich would print plain text to stderr: not a terminal, nothing forcing one."""
    env = os.environ
    if sys.stderr is None or "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env:
        return False
    try:
        return not sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _quiet_summary(mode: str, files: int) -> str:
    """``Summary(files_scanned=files).render(mode).plain``, without importing rich (tests compare)."""
    text = f"{files} file{'' if files == 1 else 's'} scanned; 0 errors, 0 warnings, 0 info"
    if mode == "fix":
        text += "; 0 fixes applied in 0 files; no files were modified"
    elif mode == "diff":
        text += "; 0 fixes would be applied in 0 files"
    return text


# Typer's parameters are declared in _build_app (string annotations: ``from __future__``);
# the command functions are plain functions that _build_app registers.


def check(
    paths: PathsArg = None,
    fmt: FormatOpt = Format.text,
    target: TargetOpt = None,
    reasoning_effort: EffortOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    fail_on: FailOnOpt = None,
    extend_exclude: ExcludeOpt = None,
    force_exclude: ForceExcludeOpt = False,
    rule_pack: RulePackOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    stdin_filename: StdinOpt = None,
) -> None:
    """CI gate: report every retired model name that can reach an API. Writes nothing."""
    _run_mode(
        "check", debug, paths=paths, fmt=fmt, target=target, effort=reasoning_effort, select=select,
        ignore=ignore, config_path=config, jobs=jobs, fail_on=fail_on, unsafe=None, docs=False,
        extend_exclude=extend_exclude, force_exclude=force_exclude, rule_packs=rule_pack, quiet=quiet,
        stdin_filename=stdin_filename,
    )  # fmt: skip


def diff(
    paths: PathsArg = None,
    exit_code: ExitCodeOpt = False,
    unsafe_fixes: UnsafeOpt = None,
    docs: DocsOpt = False,
    fmt: FormatOpt = Format.text,
    target: TargetOpt = None,
    reasoning_effort: EffortOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    extend_exclude: ExcludeOpt = None,
    force_exclude: ForceExcludeOpt = False,
    rule_pack: RulePackOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    stdin_filename: StdinOpt = None,
) -> None:
    """Dry run: show a coloured unified diff of what `fix` would change. Writes nothing."""
    _run_mode(
        "diff", debug, paths=paths, fmt=fmt, target=target, effort=reasoning_effort, select=select,
        ignore=ignore, config_path=config, jobs=jobs, fail_on=None, unsafe=unsafe_fixes, docs=docs,
        extend_exclude=extend_exclude, force_exclude=force_exclude, rule_packs=rule_pack, quiet=quiet,
        exit_code=exit_code, stdin_filename=stdin_filename,
    )  # fmt: skip


def fix(
    paths: PathsArg = None,
    unsafe_fixes: UnsafeOpt = None,
    docs: DocsOpt = False,
    fmt: FormatOpt = Format.text,
    target: TargetOpt = None,
    reasoning_effort: EffortOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    fail_on: FailOnOpt = None,
    extend_exclude: ExcludeOpt = None,
    force_exclude: ForceExcludeOpt = False,
    rule_pack: RulePackOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    allow_dirty: AllowDirtyOpt = False,
    allow_staged: AllowStagedOpt = False,
    stdin_filename: StdinOpt = None,
) -> None:
    """Apply the safe fixes (and unsafe ones with --unsafe-fixes); report what is left for manual review.

    In a git work tree, files with uncommitted changes are not written unless
    --allow-dirty (--allow-staged: changes that are all staged, as under pre-commit).
    With --stdin-filename the fixed source goes to stdout and findings to stderr.
    """
    _run_mode(
        "fix", debug, paths=paths, fmt=fmt, target=target, effort=reasoning_effort, select=select,
        ignore=ignore, config_path=config, jobs=jobs, fail_on=fail_on, unsafe=unsafe_fixes, docs=docs,
        extend_exclude=extend_exclude, force_exclude=force_exclude, rule_packs=rule_pack, quiet=quiet,
        allow_dirty=allow_dirty, allow_staged=allow_staged, stdin_filename=stdin_filename,
    )  # fmt: skip


def rules() -> None:
    """List every rule: code, name, severity and what it finds."""
    from rich.console import Console
    from rich.table import Table

    from migrate.registry import RULES

    table = Table(box=None, pad_edge=False)
    for column in ("code", "name", "severity", "what it finds"):
        table.add_column(column, overflow="fold")
    for rule in sorted(RULES, key=lambda r: r.CODE):
        table.add_row(rule.CODE, rule.NAME, rule.SEVERITY.value, rule.summary())
    Console(highlight=False).print(table)


def explain(code: CodeArg) -> None:
    """Print one rule's documentation."""
    import typer
    from rich.console import Console
    from rich.markdown import Markdown

    from migrate.registry import BY_CODE, lookup

    rule = lookup(code)
    if rule is None:
        _stderr().print(
            f"deepseek-migrate: error: unknown rule {code!r} (valid: {', '.join(sorted(BY_CODE))})",
            markup=False,
            soft_wrap=True,
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
    """The typer app: parameter declarations, then the five commands."""
    import typer

    PathsArg = Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to scan (default: '.').", show_default=False)
    ]
    FormatOpt = Annotated[
        Format, typer.Option("--format", "-f", help="Output format (machine formats go to stdout).")
    ]
    TargetOpt = Annotated[
        str | None, typer.Option("--target", help="Model name to migrate to, e.g. deepseek-flash.")
    ]
    EffortOpt = Annotated[
        Effort | None,
        typer.Option("--reasoning-effort", help="Add this reasoning_effort where thinking is enabled."),
    ]
    SelectOpt = Annotated[
        list[str] | None, typer.Option("--select", help="Only these rule codes (prefixes ok).")
    ]
    IgnoreOpt = Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rule codes (prefixes ok).")
    ]
    ConfigOpt = Annotated[
        Path | None, typer.Option("--config", help="Config file (default: nearest pyproject.toml).")
    ]
    JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU).", min=0)]
    FailOnOpt = Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that fails the run.")
    ]
    UnsafeOpt = Annotated[
        bool | None, typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply unsafe fixes.")
    ]
    DocsOpt = Annotated[bool, typer.Option("--docs", help="Also rewrite Markdown / reStructuredText docs.")]
    ExcludeOpt = Annotated[
        list[str] | None, typer.Option("--extend-exclude", help="More gitignore-style excludes.")
    ]
    ForceExcludeOpt = Annotated[
        bool, typer.Option("--force-exclude", help="Apply excludes to files named explicitly too.")
    ]
    RulePackOpt = Annotated[list[Path] | None, typer.Option("--rule-pack", help="An extra rule pack (TOML).")]
    QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or progress on stderr.")]
    DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")]
    StdinOpt = Annotated[
        str | None,
        typer.Option("--stdin-filename", help="Read the source from stdin, as if it were this file."),
    ]
    AllowDirtyOpt = Annotated[
        bool, typer.Option("--allow-dirty", help="Write files that have uncommitted git changes.")
    ]
    AllowStagedOpt = Annotated[
        bool,
        typer.Option("--allow-staged", help="Write files whose git changes are all staged (pre-commit)."),
    ]
    ExitCodeOpt = Annotated[bool, typer.Option("--exit-code", help="Exit 1 when changes are pending.")]
    CodeArg = Annotated[str, typer.Argument(help="A rule code (DSM101) or name.")]
    # Module globals: typer resolves the commands' (string) annotations there.
    globals().update({k: v for k, v in locals().items() if k.endswith(("Opt", "Arg"))})

    app = typer.Typer(
        name="deepseek-migrate",
        help=(
            "Move Python code off DeepSeek's retired model names (deepseek-chat, deepseek-reasoner), "
            "carrying the thinking mode each name implied.\n\n" + EXIT_HELP
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.command(epilog=EXIT_HELP)(check)
    app.command(epilog=EXIT_HELP)(diff)
    app.command(epilog=EXIT_HELP)(fix)
    app.command()(rules)
    app.command()(explain)
    return app


def _typer_app() -> typer.Typer:
    global _APP
    if _APP is None:
        _APP = _build_app()
    return _APP


def __getattr__(name: str) -> object:
    """``migrate.cli.app`` (and the parameter aliases) are built on first use."""
    if name == "app" or (name.endswith(("Opt", "Arg")) and name[:1].isupper()):
        app = _typer_app()
        return app if name == "app" else globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# main()'s fast path: the flags it understands, per command, as (parameter, value).
_FAST_FLAGS: dict[str, dict[str, tuple[str, object]]] = {
    "check": {
        "-q": ("quiet", True), "--quiet": ("quiet", True), "--debug": ("debug", True),
        "--force-exclude": ("force_exclude", True),
    },
}  # fmt: skip
_FAST_FLAGS["diff"] = {
    **_FAST_FLAGS["check"], "--exit-code": ("exit_code", True), "--docs": ("docs", True),
    "--unsafe-fixes": ("unsafe_fixes", True), "--no-unsafe-fixes": ("unsafe_fixes", False),
}  # fmt: skip
_FAST_FLAGS["fix"] = {
    **_FAST_FLAGS["check"], "--docs": ("docs", True), "--allow-dirty": ("allow_dirty", True),
    "--allow-staged": ("allow_staged", True),
    "--unsafe-fixes": ("unsafe_fixes", True), "--no-unsafe-fixes": ("unsafe_fixes", False),
}  # fmt: skip


def _fast_parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """``(command, keyword arguments)`` when typer would call the command with exactly these
    (paths, the flags above, ``--jobs/-j N``, ``--format/-f NAME``); None for anything else,
    help and errors included, which typer then handles."""
    if not argv or argv[0] not in _FAST_FLAGS:
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # click's shell completion
    flags = _FAST_FLAGS[argv[0]]
    options: dict[str, object] = {}
    paths: list[Path] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        value = args[i + 1] if i + 1 < len(args) else None
        if not arg.startswith("-"):
            paths.append(Path(arg))
        elif arg in flags:
            options[flags[arg][0]] = flags[arg][1]
        elif arg in ("--jobs", "-j") and value is not None and value.isascii() and value.isdigit():
            options["jobs"] = int(value)
            i += 1
        elif arg in ("--format", "-f") and value in Format.__members__:
            options["fmt"] = Format(value)
            i += 1
        else:
            return None
        i += 1
    if paths:
        options["paths"] = paths
    return argv[0], options


def main() -> None:
    os.environ.setdefault("LIBCST_PARSER_TYPE", "native")
    # A libcst tree is ~100,000 objects without reference cycles: the default collector
    # thresholds run a collection every 700 allocations while a file is parsed (8% of the run).
    gc.set_threshold(100_000, 50, 100)
    parsed = _fast_parse(sys.argv[1:])
    if parsed is not None:
        global _FAST_EXIT
        _FAST_EXIT = True
        command, options = parsed
        commands: dict[str, Callable[..., None]] = {"check": check, "diff": diff, "fix": fix}
        commands[command](**options)
    _typer_app()()
