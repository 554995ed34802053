"""The per-file pipeline: read once, prefilter, parse once, collect reports, apply fixes, verify.

:func:`process` takes a path and the run's :class:`Settings`, never raises,
and returns one frozen, picklable :class:`FileResult`, so a process pool is
a thin layer on top (see ``api.py``).
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
import sys
import tokenize
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.model import (
    Applicability,
    Edit,
    FileResult,
    Finding,
    Fix,
    Links,
    Report,
    Severity,
    Thinking,
    Use,
)
from migrate.rulepack import Rules
from migrate.textedit import LineIndex, OverlapError, apply_edits, check_overlaps, with_positions

DOC_KINDS = frozenset({"markdown", "rst"})
# Larger files get only the text scan: libcst needs about 30 s and 600 MB per MB of
# source; the largest .py in the stdlib and a big site-packages is just under 4 MB.
MAX_PARSE_BYTES = 4 << 20
READ_SIZE = 1 << 18


@dataclass(frozen=True)
class Settings:
    """What a run asks of the engine; picklable so workers receive it once."""

    rules: Rules
    apply: bool = False  # compute the fixed text (diff and fix)
    unsafe_fixes: bool = False
    docs: bool = False  # apply fixes in Markdown / reStructuredText
    select: frozenset[str] = frozenset()  # empty: every code
    ignore: frozenset[str] = frozenset()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    cwd: str = field(default_factory=os.getcwd)

    def prefilter(self) -> re.Pattern[bytes]:
        names = sorted(set(self.rules.renames) | set(self.rules.current), key=len, reverse=True)
        return re.compile(b"|".join(re.escape(n.encode()) for n in names))

    def prefilter_test(self) -> Callable[[bytes], bool]:
        """``prefilter().search(data)`` as a truth test, faster on files that match nothing.

        The names share a prefix (``deepseek-``); ``bytes in`` finds a plain substring
        several times faster than the regex engine scans for an alternation.
        """
        search = self.prefilter().search
        names = sorted(set(self.rules.renames) | set(self.rules.current))
        common = b""
        if names:  # the common prefix of a sorted list is that of its first and last names
            first, last = names[0].encode(), names[-1].encode()
            size = next(
                (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                min(len(first), len(last)),
            )
            common = first[:size]
        if len(common) < 3:
            return lambda data: search(data) is not None
        return lambda data: common in data and search(data) is not None


def read_file(path: str) -> bytes:
    """The file's bytes: ``open(path, "rb").read()`` without the buffered reader's extra system calls."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) == size:  # one byte short of what was asked: the end of the file
            return data
        chunks = [data]  # it grew, or a short read: read on to the end
        while True:
            chunk = os.read(fd, READ_SIZE)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


# One file of a scan: (path, kind, bytes when the prefilter keeps the file else None, read error or None).
Scanned = tuple[str, str, "bytes | None", "str | None"]


# A tree with fewer files than this is read in this process: a pool would cost more than it saves.
SCAN_SERIAL_FILES = 1000
SCAN_BATCH = 512


def scan(files: Iterable[tuple[str, str, bool]], settings: Settings, jobs: int = 1) -> Iterator[Scanned]:
    """Read every file once and apply the bytes prefilter, yielding each file in the given order.

    The first ``SCAN_SERIAL_FILES`` files are read here. In a larger tree, with
    ``jobs`` > 1 on Linux, the rest are read by forked workers in batches while this
    process goes on walking the tree; a worker sends back only the files that match
    or cannot be read. (Threads do not help: the bytes search holds the GIL.)
    """
    matches = settings.prefilter_test()
    files = iter(files)
    head = list(itertools.islice(files, SCAN_SERIAL_FILES))
    yield from _scan_here(head, matches)
    if len(head) < SCAN_SERIAL_FILES:
        return
    if jobs > 1 and sys.platform.startswith("linux"):
        yield from _scan_forked(files, matches, jobs)
    else:
        yield from _scan_here(files, matches)


def _scan_here(files: Iterable[tuple[str, str, bool]], matches: Callable[[bytes], bool]) -> Iterator[Scanned]:
    for path, kind, _ in files:
        try:
            data = read_file(path)
        except OSError as exc:
            yield path, kind, None, f"cannot read: {exc.strerror or exc}"
            continue
        yield path, kind, data if matches(data) else None, None


_WORKER_MATCHES: Callable[[bytes], bool] | None = None  # set before the fork; workers inherit it


def _read_batch(batch: list[tuple[str, str, bool]]) -> list[tuple[int, bytes | None, str | None]]:
    """In a forked worker: (index, bytes, error) for each file of ``batch`` that matches or cannot be read."""
    matches = _WORKER_MATCHES
    assert matches is not None
    out: list[tuple[int, bytes | None, str | None]] = []
    for i, (path, _, _) in enumerate(batch):
        try:
            data = read_file(path)
        except OSError as exc:
            out.append((i, None, f"cannot read: {exc.strerror or exc}"))
            continue
        if matches(data):
            out.append((i, data, None))
    return out


def _scan_forked(
    files: Iterator[tuple[str, str, bool]], matches: Callable[[bytes], bool], jobs: int
) -> Iterator[Scanned]:
    import collections
    import multiprocessing

    global _WORKER_MATCHES
    _WORKER_MATCHES = matches
    pending: collections.deque[list[tuple[str, str, bool]]] = collections.deque()

    def batches() -> Iterator[list[tuple[str, str, bool]]]:
        # Runs in the pool's task thread: the walk goes on while the workers read.
        while batch := list(itertools.islice(files, SCAN_BATCH)):
            pending.append(batch)
            yield batch

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for found in pool.imap(_read_batch, batches()):
            batch = pending.popleft()
            hits = {i: (data, error) for i, data, error in found}
            for i, (path, kind, _) in enumerate(batch):
                data, error = hits.get(i, (None, None))
                yield path, kind, data, error


def display_path(path: Path | str, cwd: str) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return rel.replace(os.sep, "/")


def process(path: Path, kind: str, settings: Settings, links: Links | None = None) -> FileResult:
    shown = display_path(path, settings.cwd)
    try:
        return _process(path, kind, settings, shown, links)
    except RecursionError:
        return error_result(shown, "the file is nested too deeply to parse (RecursionError)", path, settings)
    except MemoryError:
        return FileResult(path=shown, error="out of memory while processing the file")
    except Exception as exc:  # a bug must not stop the run: report it with the file
        return FileResult(path=shown, error=f"internal error: {type(exc).__name__}: {exc}")


def _process(path: Path, kind: str, settings: Settings, shown: str, links: Links | None) -> FileResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(path=shown, error=f"cannot read: {exc.strerror or exc}")
    if links is None and not settings.prefilter().search(data):
        return FileResult(path=shown)
    return process_bytes(data, kind, settings, shown, links)


def process_bytes(
    data: bytes, kind: str, settings: Settings, shown: str, links: Links | None = None
) -> FileResult:
    """The pipeline after reading; also used for ``--stdin-filename``."""
    if b"\0" in data:
        return _backstop(shown, data, "the file contains NUL bytes (binary data?); not parsed", settings)
    if len(data) > MAX_PARSE_BYTES:
        size, limit = len(data) / (1 << 20), MAX_PARSE_BYTES >> 20
        why = f"the file is too large to parse ({size:.1f} MB > {limit} MB)"
        return _backstop(shown, data, why, settings)
    try:
        encoding = detect_encoding(data, kind)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return _backstop(shown, data, f"cannot decode: {_one_line(exc)}", settings)
    try:
        if kind == "notebook":
            from migrate.python.notebook import process_notebook

            return process_notebook(text, settings, shown, encoding)
        uses: list[Use] = []
        ranges: list[tuple[int, int]] = []
        if kind == "python":
            reports, uses, ranges = _python_reports(text, settings, links)
        else:
            reports = collect(text, kind, settings, shown)
    except RecursionError:
        return _backstop(shown, data, "the file is nested too deeply to parse (RecursionError)", settings)
    except _ParseFailure as exc:
        return _backstop(shown, data, str(exc), settings, text=text, at=exc.position)
    result = finish(shown, text, reports, kind, settings, encoding, ranges=ranges)
    return replace(result, uses=tuple(replace(u, path=shown) for u in uses)) if uses else result


class _ParseFailure(Exception):
    def __init__(self, message: str, position: tuple[int, int] = (1, 1)) -> None:
        super().__init__(message)
        self.position = position  # (line, column) where DSM901 points: the syntax error's


def detect_encoding(data: bytes, kind: str) -> str:
    """PEP 263 cookies and BOMs for Python; UTF-8 (BOM kept) for everything else."""
    if kind == "python":
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return encoding
    return "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


def collect(text: str, kind: str, settings: Settings, shown: str) -> list[Report]:
    """Every report the adapters for ``kind`` make on ``text``."""
    from migrate import registry  # deferred: keeps libcst out of the no-match path

    if kind == "python":
        return _python_reports(text, settings)[0]
    from migrate.adapters.base import Context

    ctx = Context(path=shown, rules=settings.rules)
    reports: list[Report] = []
    for adapter in registry.file_adapters_for(kind):
        reports.extend(adapter().check(text, ctx))
    return reports


def _python_reports(
    text: str, settings: Settings, links: Links | None = None
) -> tuple[list[Report], list[Use], list[tuple[int, int]]]:
    """Reports, uses of other modules' exports, and the extent of the statements the reports point into."""
    import libcst

    from migrate import registry
    from migrate.python.analysis import Module
    from migrate.python.checker import check_module
    from migrate.python.nesting import MAX_DEPTH, nesting_depth

    depth = nesting_depth(text)
    if depth > MAX_DEPTH:  # libcst's parser would overflow the C stack and kill the process
        raise _ParseFailure(f"the file is nested too deeply to parse (depth estimate {depth} > {MAX_DEPTH})")
    try:
        module = Module(text, settings.rules, links)
    except libcst.ParserSyntaxError as exc:
        raise _ParseFailure(*_syntax_error(text, exc)) from None
    try:
        reports, uses = check_module(module, [a() for a in registry.PYTHON_ADAPTERS])
        return reports, uses, module.statement_ranges()
    finally:
        module.release()  # the tree goes now, by reference counting, not at the next cyclic collection


def _syntax_error(text: str, exc: Exception) -> tuple[str, tuple[int, int]]:
    """The message for a file libcst cannot parse: CPython's account when CPython agrees (its messages
    name the cause, such as "'(' was never closed", at the right line); libcst's otherwise."""
    import ast
    import warnings

    cpython_parses = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
        cpython_parses = True
    except SyntaxError as err:
        if err.lineno:
            where = (err.lineno, err.offset or 1)
            return f"syntax error at line {where[0]}, column {where[1]}: {err.msg}", where
    except (ValueError, RecursionError, MemoryError):
        pass
    line, column = getattr(exc, "raw_line", 0), getattr(exc, "raw_column", 0) + 1
    detail = " ".join(str(getattr(exc, "message", exc)).split())
    whose = " (libcst's parser; not an error for CPython)" if cpython_parses else ""
    return f"syntax error at line {line}, column {column}{whose}: {detail}", (max(line, 1), column)


def finish(
    shown: str,
    text: str,
    reports: Sequence[Report],
    kind: str,
    settings: Settings,
    encoding: str,
    *,
    cell: int | None = None,
    ranges: Sequence[tuple[int, int]] = (),
) -> FileResult:
    """Filter reports, apply the allowed fixes in one pass, verify, and build the result.

    ``ranges``: exact extents of top-level statements (Python), which lets the
    verification parse only the statements the fixes change.
    """
    from migrate import registry, suppress

    index = LineIndex.of(text)
    reports = [r for r in reports if selected(r.code, shown, settings)]
    reports = suppress.apply(text, reports, kind, frozenset(registry.BY_CODE))
    reports = [r for r in reports if selected(r.code, shown, settings)]
    reports.sort(key=lambda r: (r.start, r.end, r.code))
    accepted: list[Edit] = []
    applied: set[int] = set()
    if settings.apply:
        for i, report in enumerate(reports):
            if report.fix is None or not _allowed(report.fix, kind, settings):
                continue
            trial = accepted + list(report.fix.edits)
            try:
                check_overlaps(trial)
            except OverlapError:
                continue  # stays pending; a second run picks it up
            accepted = trial
            applied.add(i)
    fixed: str | None = None
    refused: str | None = None
    if accepted:
        fixed = apply_edits(text, accepted)
        refused = verify(fixed, kind, encoding, original=text, edits=accepted, ranges=ranges)
        if refused is not None:
            fixed, applied = None, set()
    findings = []
    for i, report in enumerate(reports):
        rule = registry.BY_CODE.get(report.code)
        line, col = index.position(report.start)
        end_line, end_col = index.position(report.end)
        fix = report.fix
        if fix is not None:
            fix = replace(fix, edits=with_positions(index, fix.edits))
        findings.append(
            Finding(
                path=shown,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                code=report.code,
                name=rule.NAME if rule else report.code,
                severity=report.severity,
                message=report.message,
                old=report.old,
                new=report.new,
                thinking=report.thinking,
                fix=fix,
                cell=cell,
                applied=i in applied,
            )
        )
    if refused is not None:
        findings.append(
            Finding(
                path=shown, line=1, column=1, end_line=1, end_column=1, code="DSM903",
                name="fix-refused", severity=Severity.ERROR,
                message=f"fixes for this file were refused: {refused}",
            )
        )  # fmt: skip
    findings.sort(key=lambda f: f.sort_key)
    changed = fixed is not None and fixed != text
    return FileResult(
        path=shown,
        findings=tuple(findings),
        source=text if changed else None,
        fixed=fixed if changed else None,
        encoding=encoding,
    )


def _allowed(fix: Fix, kind: str, settings: Settings) -> bool:
    if kind in DOC_KINDS and not settings.docs:
        return False
    return fix.applicability is Applicability.SAFE or settings.unsafe_fixes


def selected(code: str, shown: str, settings: Settings) -> bool:
    from migrate.discovery import matches_any

    if settings.select and not any(code.startswith(s) for s in settings.select):
        return False
    if any(code.startswith(i) for i in settings.ignore):
        return False
    return not any(
        any(code.startswith(c) for c in codes) and matches_any(shown, [pattern])
        for pattern, codes in settings.per_file_ignores
    )


def verify(
    fixed: str,
    kind: str,
    encoding: str,
    *,
    original: str = "",
    edits: Sequence[Edit] = (),
    ranges: Sequence[tuple[int, int]] = (),
) -> str | None:
    """Why the fixed text must not be written, or None when it is sound.

    Python: when every edit lies inside a top-level statement of ``ranges``
    (exact extents in ``original``), only those statements are parsed again, each
    on its own: a top-level statement starts at column 0 with no bracket open, so
    the file parses if each of its statements does, and the others are unchanged.
    Anything else, or any doubt, parses the whole fixed text.
    """
    try:
        fixed.encode(encoding)
    except UnicodeEncodeError as exc:
        return f"the new text cannot be encoded as {encoding}: {exc.reason}"
    if kind == "python" and edits and ranges and _statements_parse(original, edits, ranges):
        return None
    if kind == "python":
        import ast
        import warnings

        try:
            # CPython's own parser: a tenth of libcst's cost, and the judge of what runs.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like are the file's own
                ast.parse(fixed)
        except (SyntaxError, ValueError):
            # Newer syntax than this interpreter knows (libcst parses it): libcst decides.
            import libcst

            try:
                libcst.parse_module(fixed)
            except libcst.ParserSyntaxError as exc:
                return f"the fixed code does not parse ({exc.message})"
    return None


def _statements_parse(text: str, edits: Sequence[Edit], ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether each statement of ``ranges`` touched by ``edits`` parses on its own once edited."""
    import ast
    import bisect
    import warnings

    spans = sorted(ranges)
    starts = [start for start, _ in spans]
    touched: dict[int, list[Edit]] = {}
    for edit in edits:
        i = bisect.bisect_right(starts, edit.start) - 1
        if i < 0 or edit.end > spans[i][1]:
            return False  # outside every known statement
        touched.setdefault(i, []).append(edit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, group in touched.items():
            start, end = spans[i]
            shifted = [Edit(e.start - start, e.end - start, e.content) for e in group]
            try:
                ast.parse(apply_edits(text[start:end], shifted))
            except (SyntaxError, ValueError, OverlapError):
                return False
    return True


def _backstop(
    shown: str,
    data: bytes,
    error: str,
    settings: Settings,
    text: str | None = None,
    at: tuple[int, int] = (1, 1),
) -> FileResult:
    """A file that cannot be parsed still reports every retired name a plain text scan finds."""
    from migrate.python.analysis import retired_mentions

    if text is None:
        text = data.decode("utf-8", errors="replace")
    index = LineIndex(text)
    findings = [
        Finding(path=shown, line=at[0], column=at[1], end_line=at[0], end_column=at[1], code="DSM901",
                name="unreadable-file", severity=Severity.ERROR, message=error)
    ]  # fmt: skip
    renames = settings.rules.renames
    for start, end, name in retired_mentions(text, settings.rules):
        line, col = index.position(start)
        end_line, end_col = index.position(end)
        findings.append(
            Finding(
                path=shown, line=line, column=col, end_line=end_line, end_column=end_col,
                code="DSM199", name="retired-model-string", severity=Severity.ERROR,
                message=f"`{name}` is retired (found by a text scan; the file could not be parsed)",
                old=name, new=renames[name].new, thinking=renames[name].thinking,
            )
        )  # fmt: skip
    if not selected("DSM901", shown, settings):
        findings = findings[1:]
    return FileResult(path=shown, findings=tuple(findings), error=error)


def error_result(shown: str, error: str, path: Path, settings: Settings) -> FileResult:
    """A file that could not be checked: the error, plus what a plain text scan of it finds."""
    try:
        data = path.read_bytes()
    except OSError:
        return FileResult(path=shown, error=error)
    return _backstop(shown, data, error, settings)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


__all__ = ["Settings", "Thinking", "process", "process_bytes"]
