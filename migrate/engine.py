"""The per-file pipeline: read once, prefilter, parse once, collect reports, apply fixes, verify.

:func:`process` takes a path and the run's :class:`Settings`, never raises,
and returns one frozen, picklable :class:`FileResult`, so a process pool is
a thin layer on top (see ``api.py``).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import errno
import itertools
import marshal
import os
import re
import select
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.enums import Applicability, Thinking
from migrate.rulepack import Rules
from migrate.textedit import LineIndex, OverlapError, apply_edits, check_overlaps, with_positions

# typing's flag without importing typing; migrate.model is imported where a result is made: a run
# that finds nothing never defines its dataclasses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from migrate.model import Edit, FileResult, Fix, Links, Report, Use

DOC_KINDS = frozenset({"markdown", "rst"})
CODE_KINDS = frozenset({"python", "notebook"})  # the kinds the Python rules read
# Larger files get only the text scan: libcst needs about 30 s and 600 MB per MB of
# source; the largest .py in the stdlib and a big site-packages is just under 4 MB.
MAX_PARSE_BYTES = 4 << 20
READ_SIZE = 1 << 18
# Files larger than MAX_PARSE_BYTES are read a block at a time, the blocks overlapping by more than
# the longest name a rule pack may hold, for the prefilter and the text scan: memory stays flat.
LARGE_BLOCK = 1 << 20
OVERLAP = 1024


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
        """The names, and the heads of names composed at run time: ``"deepseek-" "chat"``,
        ``f"deepseek-{mode}"``, ``"deepseek-%s" % mode``, ``"deepseek-" + mode`` (a head cut at a
        ``-`` and followed by a quote, a brace or a percent sign)."""
        names = self.rules.names_regex(current=True)
        heads = self.rules.composed_heads()
        if not heads:
            return re.compile(names.encode())
        composed = "(?:" + "|".join(re.escape(h) for h in heads) + ")(?=[\"'{%])"
        return re.compile(f"{names}|{composed}".encode())

    def prefilter_test(self) -> Callable[[bytes], bool]:
        """``prefilter().search(data)`` as a truth test, faster on files that match nothing.

        The names share a prefix (``deepseek-``); ``bytes in`` finds a plain substring
        several times faster than the regex engine scans for an alternation.
        """
        search = self.prefilter().search
        names = sorted(set(self.rules.renames) | set(self.rules.current) | set(self.rules.composed_heads()))
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

    def kind_test(self) -> Callable[[bytes, str], bool]:
        """The prefilter of a file of a given kind: a Python module (or notebook) with no name still passes
        when it may test a fragment of one (``"reasoner" in model``); see ``python/fragment_gate.py``."""
        from migrate.python.fragment_gate import BYTES_CONTEXT, DEEPSEEK_BYTES, contains, reasoner_test

        names, search, context = self.prefilter_test(), self.prefilter().search, BYTES_CONTEXT.search
        # With the default pack every name spells "deepseek-": one pass for that word serves both tests.
        shared = all(WORD in n.encode() for n in (*self.rules.renames, *self.rules.current))

        def test(data: bytes, kind: str) -> bool:
            if kind not in CODE_KINDS:
                return names(data)
            # One pass for "deepseek" serves the names ("deepseek-..."), their fragment tests and
            # the clients that send a retired name by default (``agno.models.deepseek``).
            word = contains(data, WORD)
            if word and DEEPSEEK_BYTES in data and (search(data) is not None or context(data) is not None):
                return True
            if not shared and names(data):  # a pack with a name that does not spell "deepseek"
                return True
            if word and _sends_by_default(data):
                return True
            return reasoner_test(data)

        return test


WORD = b"deepseek"  # in every name of the default pack, and in the default senders' module paths
# Clients that send a retired name with no name in the file: their default model (DSM115).
DEFAULT_SENDERS = re.compile(rb"(?:agno\.models|phi\.model|phi\.llm)\.deepseek\b")


def _sends_by_default(data: bytes) -> bool:
    return b".deepseek" in data and DEFAULT_SENDERS.search(data) is not None


def read_file(path: str, limit: int | None = None) -> bytes:
    """The file's bytes: ``open(path, "rb").read()`` without the buffered reader's extra system calls.

    With ``limit``, at most ``limit + 1`` bytes: a longer result means the file is larger than
    ``limit`` (a 1 GB file costs no more memory than a small one).
    """
    fd = os.open(path, READ_FLAGS)
    try:
        return _read_regular(fd, path, limit)
    finally:
        os.close(fd)


def _regular(fd: int, path: str) -> os.stat_result:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", path)
    return info


def _read_regular(fd: int, path: str, limit: int | None, *, rewind: bool = False) -> bytes:
    """:func:`read_file` of the file open at ``fd``: from where it stands, or with ``rewind`` from its
    start (once it is known to be a regular file, which can seek)."""
    size = _regular(fd, path).st_size
    if rewind:
        os.lseek(fd, 0, os.SEEK_SET)
    want = size + 1 if limit is None or size < limit else limit + 1
    data = os.read(fd, want)
    if len(data) == size or (limit is not None and len(data) > limit):
        return data  # all of it (one byte short of what was asked), or enough to know it is too large
    chunks = [data]  # it grew, or a short read: read on to the end (or past the limit)
    total = len(data)
    while limit is None or total <= limit:
        chunk = os.read(fd, READ_SIZE if limit is None else min(READ_SIZE, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_kept(path: str, kind: str, matches: _Test) -> bytes | None:
    """A walked file's bytes (as :func:`read_file` with MAX_PARSE_BYTES) when ``matches`` keeps them,
    else None; OSError when it cannot be read, or is no longer a regular file and would be kept.

    The scan's read of every file: most are small and kept by none, so a small file is read without
    ``fstat`` (a read that returns less than asked, then one that returns nothing, is the whole of
    it), and only a kept or empty one is then checked to be a regular file (the walk saw one; a FIFO
    or a device put in its place since reads as nothing, or as more than one read, and is refused as
    read_file refuses it). A larger file, or one that grew, is read again as read_file reads it.
    """
    fd = os.open(path, READ_FLAGS)
    try:
        data = os.read(fd, SCAN_READ)
        if len(data) < SCAN_READ and not os.read(fd, 1):
            keep = matches(path, kind, data)
            if keep or not data:  # nothing read: perhaps a FIFO or a device in the file's place
                _regular(fd, path)
            return data if keep else None
        data = _read_regular(fd, path, MAX_PARSE_BYTES, rewind=True)
        return data if matches(path, kind, data) else None
    finally:
        os.close(fd)


# One read for the scan's common file (most source files are smaller; a larger one takes one more).
SCAN_READ = 1 << 16


# O_NONBLOCK: a FIFO put in a file's place since the walk must not block the open.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def search_large(path: str, matches: Callable[[bytes], bool]) -> bool:
    """Whether the bytes test ``matches`` holds somewhere in a large file, read a block at a time."""
    with open(path, "rb") as f:
        tail = b""
        while block := f.read(LARGE_BLOCK):
            if matches(tail + block):
                return True
            tail = block[-OVERLAP:]
    return False


# One file of a scan: (path, kind, bytes when the prefilter keeps the file else None, read error or None);
# of a file larger than MAX_PARSE_BYTES, its first MAX_PARSE_BYTES + 1 bytes.
Scanned = tuple[str, str, "bytes | None", "str | None"]


# A tree with fewer files than this is read in this process: a pool would cost more than it saves.
SCAN_SERIAL_FILES = 1000
SCAN_BATCH = 512


def scan(files: Iterable[tuple[str, str, bool]], settings: Settings, jobs: int = 1) -> Iterator[Scanned]:
    """Read every file once and apply the bytes prefilter, yielding each file in the given order.

    A tree of fewer than ``SCAN_SERIAL_FILES`` files is read here. In a larger tree, with
    ``jobs`` > 1 on Linux, every file is read by forked workers in batches (the first ones
    while this process walks on); a worker sends back only the files that match
    or cannot be read. (Threads do not help: the bytes search holds the GIL.)
    """
    yield from _scan(files, _Matches(settings.kind_test(), settings.prefilter_test()), jobs)


def read_where(
    paths: Iterable[str], test: Callable[[bytes], bool], jobs: int = 1
) -> Iterator[tuple[str, bytes]]:
    """The Python files of ``paths`` whose bytes pass ``test``, with their bytes, in the given order: read
    as :func:`scan` reads (by forked readers in a large tree). A file that cannot be read, or is larger
    than MAX_PARSE_BYTES (only text-scanned: it neither exports nor imports), is left out."""
    files = ((path, "python", False) for path in paths)
    for path, _, data, _ in _scan(files, _Where(test), jobs):
        if data is not None:
            yield path, data


def _scan(files: Iterable[tuple[str, str, bool]], matches: _Test, jobs: int) -> Iterator[Scanned]:
    files = iter(files)
    head = list(itertools.islice(files, SCAN_SERIAL_FILES))  # walked, not read yet
    if len(head) == SCAN_SERIAL_FILES and jobs > 1 and sys.platform.startswith("linux"):
        yield from _scan_forked(itertools.chain(head, files), matches, jobs)
        return
    yield from _scan_here(head, matches)
    yield from _scan_here(files, matches)


# A scan's test of one file: (path, kind, its bytes, MAX_PARSE_BYTES + 1 of them at most) -> keep it?
_Test = Callable[[str, str, bytes], bool]


@dataclass(frozen=True)
class _Matches:
    """The prefilter of one scan: by kind for a file the engine parses, by names alone for a larger one
    (which only the text scan reads)."""

    kind_test: Callable[[bytes, str], bool]
    names: Callable[[bytes], bool]

    def __call__(self, path: str, kind: str, data: bytes) -> bool:
        if len(data) > MAX_PARSE_BYTES:
            return self.names(data) or search_large(path, self.names)
        return self.kind_test(data, kind)


@dataclass(frozen=True)
class _Where:
    """:func:`read_where`'s test: ``test`` on a file the engine would parse."""

    test: Callable[[bytes], bool]

    def __call__(self, path: str, kind: str, data: bytes) -> bool:
        return len(data) <= MAX_PARSE_BYTES and self.test(data)


def _scan_here(files: Iterable[tuple[str, str, bool]], matches: _Test) -> Iterator[Scanned]:
    for path, kind, _ in files:
        try:
            data = _read_kept(path, kind, matches)
        except OSError as exc:
            yield path, kind, None, f"cannot read: {exc.strerror or exc}"
            continue
        yield path, kind, data, None


_WORKER_MATCHES: _Test | None = None  # set before the fork; workers inherit it


def _read_batch(batch: list[tuple[str, str, bool]]) -> list[tuple[int, bytes | None, str | None]]:
    """In a forked worker: (index, bytes, error) for each file of ``batch`` that matches or cannot be read."""
    matches = _WORKER_MATCHES
    assert matches is not None
    out: list[tuple[int, bytes | None, str | None]] = []
    for i, (path, kind, _) in enumerate(batch):
        try:
            data = _read_kept(path, kind, matches)
        except OSError as exc:
            out.append((i, None, f"cannot read: {exc.strerror or exc}"))
            continue
        if data is not None:
            out.append((i, data, None))
    return out


def _scan_forked(files: Iterator[tuple[str, str, bool]], matches: _Test, jobs: int) -> Iterator[Scanned]:
    """The rest of the scan in ``jobs`` + 1 forked readers, each with one batch at a time.

    No executor, no thread: a worker reads its batch's paths from a pipe and answers with the
    files that match or cannot be read (:func:`_read_batch`). This process answers whichever
    worker is done first with the next batch, which it walked while the workers read, and yields
    the batches in order. One batch in flight per worker means neither side can block the other
    on a full pipe. A worker that dies (or answers nonsense) is dropped, and its batch is read
    here (reading and a bytes search cannot crash); a worker ends when its pipe closes, so it
    ends with this process.
    """
    global _WORKER_MATCHES
    _WORKER_MATCHES = matches
    # This process mostly waits (its walk is a fraction of the reading): one reader more than jobs
    # keeps every core busy while it walks or hands out a batch.
    workers = _fork_readers(jobs + 1)
    try:
        batches = iter(lambda: list(itertools.islice(files, SCAN_BATCH)), [])
        ready = next(batches, None)  # walked, not sent yet
        sent = 0  # batches numbered from 0 in walk order: how many were handed out
        shown = 0  # how many were yielded
        reading: dict[int, tuple[int, list[tuple[str, str, bool]], _Reader]] = {}  # fd -> batch
        done: dict[int, tuple[list[tuple[str, str, bool]], list[tuple[int, bytes | None, str | None]]]] = {}
        idle = list(workers)
        while True:
            while ready is not None and (idle or not reading):
                worker = idle.pop(0) if idle else None
                if worker is not None and worker.send(ready):
                    reading[worker.from_worker] = (sent, ready, worker)
                elif not idle and not reading:  # no worker left: read here
                    done[sent] = (ready, _read_batch(ready))
                else:
                    continue  # that worker died: the next one, or this process
                sent += 1
                ready = next(batches, None)  # the next batch is walked while the workers read
            while shown in done:
                batch, found = done.pop(shown)
                shown += 1
                hits = {i: (data, error) for i, data, error in found}
                for i, (path, kind, _) in enumerate(batch):
                    data, error = hits.get(i, (None, None))
                    yield path, kind, data, error
            if not reading:
                if ready is None:
                    return
                continue
            answered, _, _ = select.select(list(reading), [], [])
            for fd in answered:
                number, batch, reader = reading.pop(fd)
                answer = reader.receive()
                if answer is None:  # it died: read its batch here
                    answer = _read_batch(batch)
                else:
                    idle.append(reader)
                done[number] = (batch, answer)
    finally:
        for reader in workers:
            reader.close()


class _Reader:
    """One forked reader of :func:`_scan_forked`, seen from this process: its pipes and pid."""

    def __init__(self, pid: int, to_worker: int, from_worker: int) -> None:
        self.pid, self.to_worker, self.from_worker = pid, to_worker, from_worker
        self.alive = True

    def send(self, batch: list[tuple[str, str, bool]]) -> bool:
        if self.alive:
            try:
                _send(self.to_worker, [(path, kind) for path, kind, _ in batch])
                return True
            except OSError:  # it died (EPIPE)
                self.close()
        return False

    def receive(self) -> list[tuple[int, bytes | None, str | None]] | None:
        found: list[tuple[int, bytes | None, str | None]] | None
        try:
            found = _receive(self.from_worker)
        except (OSError, EOFError, ValueError, TypeError):
            found = None
        if found is None:
            self.close()
        return found

    def close(self) -> None:
        if self.alive:
            self.alive = False
            os.close(self.to_worker)  # the worker sees the end of its input and exits
            os.close(self.from_worker)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


def _fork_readers(jobs: int) -> list[_Reader]:
    readers: list[_Reader] = []
    for _ in range(jobs):
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, result_r, result_w):
                os.close(fd)
            break
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                # Other workers' pipes stay open in this one otherwise, and would hide their end.
                for other in readers:
                    os.close(other.to_worker)
                    os.close(other.from_worker)
                os.close(task_w)
                os.close(result_r)
                _serve(task_r, result_w)
                code = 0
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        readers.append(_Reader(pid, task_w, result_r))
    return readers


def _serve(tasks: int, results: int) -> None:
    """In a worker: answer batches of paths until the input ends."""
    while True:
        try:
            paths = _receive(tasks)
        except EOFError:
            return
        _send(results, _read_batch([(path, kind, False) for path, kind in paths]))


_HEADER = 8


def _send(fd: int, value: list[tuple[str, str]] | list[tuple[int, bytes | None, str | None]]) -> None:
    payload = marshal.dumps(value)
    view = memoryview(len(payload).to_bytes(_HEADER, "little") + payload)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    size = int.from_bytes(_read_exactly(fd, _HEADER), "little")
    return marshal.loads(_read_exactly(fd, size))


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def display_path(path: Path | str, cwd: str) -> str:
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return rel.replace(os.sep, "/")


def process(path: Path, kind: str, settings: Settings, links: Links | None = None) -> FileResult:
    from migrate.model import FileResult

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
    from migrate.model import FileResult

    try:
        data = read_file(str(path), MAX_PARSE_BYTES)
        if len(data) > MAX_PARSE_BYTES:
            if links is None and not search_large(str(path), settings.prefilter_test()):
                return FileResult(path=shown)
            return _large_backstop(path, shown, settings)
    except OSError as exc:
        return FileResult(path=shown, error=f"cannot read: {exc.strerror or exc}")
    if links is None and not settings.kind_test()(data, kind):
        return FileResult(path=shown)
    result = process_bytes(data, kind, settings, shown, links, location=str(path))
    if result.error is not None and links is None and not settings.prefilter().search(data):
        # Let in only for a fragment test, with no name in it: a file the tool cannot read is not news.
        return FileResult(path=shown)
    return result


def _too_large(size: int) -> str:
    return f"the file is too large to parse ({size / (1 << 20):.1f} MB > {MAX_PARSE_BYTES >> 20} MB)"


def _large_backstop(path: Path, shown: str, settings: Settings) -> FileResult:
    """:func:`_backstop` for a file too large to hold: its text is scanned a block at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    size = os.stat(path).st_size
    found: list[tuple[int, int, int, int, str]] = []
    line, column = 1, 1  # where ``window`` starts
    window = ""
    first = True
    with open(path, "rb") as f:
        while True:
            block = f.read(LARGE_BLOCK)
            window += decoder.decode(block, final=not block)
            # Matches starting in [low, high) are taken from this window; it keeps OVERLAP characters
            # of context after them, and one before (a name's boundary test looks at it).
            low = 0 if first else 1
            high = len(window) if not block else max(low, len(window) - OVERLAP)
            if high > 1 and window[high - 2] == "\r":
                high -= 1  # a "\r\n" must not be split between windows: it is one line break
            found.extend(_mentions_in(window, low, high, line, column, settings))
            if not block:
                break
            if high <= low:
                continue  # not enough text yet to take anything from
            done = window[: high - 1]
            breaks = LineIndex(done).starts
            if len(breaks) > 1:
                line, column = line + len(breaks) - 1, len(done) - breaks[-1] + 1
            else:
                column += len(done)
            window = window[high - 1 :]
            first = False
    return _backstop_result(shown, _too_large(size), found, settings)


def _mentions_in(
    window: str, low: int, high: int, line: int, column: int, settings: Settings
) -> Iterator[tuple[int, int, int, int, str]]:
    from migrate.python.analysis import retired_mentions

    index = LineIndex(window)
    for start, end, name in retired_mentions(window, settings.rules):
        if low <= start < high:
            (l1, c1), (l2, c2) = index.position(start), index.position(end)
            yield (
                line + l1 - 1, c1 + column - 1 if l1 == 1 else c1,
                line + l2 - 1, c2 + column - 1 if l2 == 1 else c2, name,
            )  # fmt: skip


def process_bytes(
    data: bytes,
    kind: str,
    settings: Settings,
    shown: str,
    links: Links | None = None,
    location: str | None = None,
) -> FileResult:
    """The pipeline after reading; also used for ``--stdin-filename``. ``location`` is the file on
    disk, whose project's pinned versions some rules read (None for an in-memory source)."""
    if b"\0" in data:
        return _backstop(shown, data, "the file contains NUL bytes (binary data?); not parsed", settings)
    if len(data) > MAX_PARSE_BYTES:
        return _backstop(shown, data, _too_large(len(data)), settings)
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
        unparsed = None
        if kind == "python":
            reports, uses, ranges = _python_reports(text, settings, links, location)
        else:
            reports, unparsed = _file_reports(text, kind, settings, shown)
    except RecursionError:
        return _backstop(shown, data, "the file is nested too deeply to parse (RecursionError)", settings)
    except _ParseFailure as exc:
        return _backstop(shown, data, str(exc), settings, text=text, at=exc.position)
    unwritable = None
    if settings.apply and text.encode(encoding, errors="replace") != data:
        # Some character has two spellings in this encoding (cp932, for one): writing the text back
        # would change bytes no fix touched.
        unwritable = f"the file's bytes do not survive decoding and encoding again as {encoding}"
    result = finish(shown, text, reports, kind, settings, encoding, ranges=ranges, unwritable=unwritable)
    if unparsed is not None:  # reported like a Python file that does not parse: an error, exit 2
        found = _backstop_result(shown, unparsed, (), settings).findings
        result = replace(result, findings=tuple(sorted(found + result.findings, key=lambda f: f.sort_key)))
        result = replace(result, error=unparsed)
    return replace(result, uses=tuple(replace(u, path=shown) for u in uses)) if uses else result


FIRST_TWO_LINES = re.compile(rb"[^\r\n]*(?:\r\n?|\n)?[^\r\n]*(?:\r\n?|\n)?")


class _ParseFailure(Exception):
    def __init__(self, message: str, position: tuple[int, int] = (1, 1)) -> None:
        super().__init__(message)
        self.position = position  # (line, column) where DSM901 points: the syntax error's


def detect_encoding(data: bytes, kind: str) -> str:
    """PEP 263 cookies and BOMs for Python; UTF-8 (BOM kept) for everything else."""
    if kind == "python":
        # The cookie may be on the first two lines, which end at CR, LF or CRLF, as CPython reads them
        # (``readline`` would see a CR-only file as one line, and take ``encoding=None`` in the code
        # for a cookie).
        import tokenize  # not at the top: a run that finds nothing never decodes a file

        lines = iter(FIRST_TWO_LINES.match(data).group().splitlines(keepends=True))  # type: ignore[union-attr]
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
        return encoding
    return "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


def collect(text: str, kind: str, settings: Settings, shown: str) -> list[Report]:
    """Every report the adapters for ``kind`` make on ``text``."""
    if kind == "python":
        return _python_reports(text, settings)[0]
    return _file_reports(text, kind, settings, shown)[0]


def _file_reports(text: str, kind: str, settings: Settings, shown: str) -> tuple[list[Report], str | None]:
    """The reports of a non-Python file's adapters, and why the file does not parse, if it does not."""
    from migrate import registry  # deferred: keeps libcst out of the no-match path
    from migrate.adapters.base import Context

    ctx = Context(path=shown, rules=settings.rules)
    reports: list[Report] = []
    error = None
    for adapter in registry.file_adapters_for(kind):
        instance = adapter()
        reports.extend(instance.check(text, ctx))
        error = error or getattr(instance, "parse_error", None)
    return reports, error


def _python_reports(
    text: str, settings: Settings, links: Links | None = None, location: str | None = None
) -> tuple[list[Report], list[Use], list[tuple[int, int]]]:
    """Reports, uses of other modules' exports, and the extent of the statements the reports point into."""
    import libcst

    from migrate import registry
    from migrate.python.analysis import Module
    from migrate.python.checker import check_module
    from migrate.python.cstindex import identity_hash
    from migrate.python.nesting import MAX_DEPTH, nesting_depth

    depth = nesting_depth(text)
    if depth > MAX_DEPTH:  # libcst's parser would overflow the C stack and kill the process
        raise _ParseFailure(f"the file is nested too deeply to parse (depth estimate {depth} > {MAX_DEPTH})")
    with identity_hash:  # the tree's node dicts live and die inside
        try:
            module = Module(text, settings.rules, links, location)
        except libcst.ParserSyntaxError as exc:
            raise _ParseFailure(*_syntax_error(text, exc)) from None
        try:
            reports, uses = check_module(module, [a() for a in registry.PYTHON_ADAPTERS])
            return reports, uses, module.statement_ranges()
        finally:
            module.release()  # the tree goes now, by reference counting, not at the next cyclic collection


LIBCST_AT = re.compile(r"\berror at (\d+):(\d+)")  # in libcst's parser messages; 1-based


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
    at = LIBCST_AT.search(detail)
    if at:  # libcst's own position is where the statement starts (or past it); its message has the token
        line, column = int(at.group(1)), int(at.group(2))
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
    unwritable: str | None = None,
) -> FileResult:
    """Filter reports, apply the allowed fixes in one pass, verify, and build the result.

    ``ranges``: exact extents of top-level statements (Python), which lets the
    verification parse only the statements the fixes change. ``unwritable``: why
    no fix may be written to this file, if so.
    """
    from migrate import registry, suppress
    from migrate.model import FileResult, Finding

    index = LineIndex.of(text)
    # Suppressions see every report, so one that covers an ignored code is not "unused" (DSM902).
    reports = suppress.apply(text, list(reports), kind, frozenset(registry.BY_CODE))
    reports = [r for r in reports if selected(r.code, shown, settings)]
    reports.sort(key=lambda r: (r.start, r.end, r.code))
    taken = _Accepted()
    applied: set[int] = set()
    if settings.apply:
        for i, report in enumerate(reports):
            if report.fix is None or not _allowed(report.fix, kind, settings):
                continue
            if taken.add(report.fix.edits):
                applied.add(i)
            # else it stays pending; a second run picks it up
    accepted = taken.edits
    fixed: str | None = None
    refused: str | None = None
    if accepted and unwritable is not None:
        refused, applied = unwritable, set()
    elif accepted:
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
                read_by=report.read_by,
                # A place with no path is in this file (a request reached through ``**kwargs``).
                related=tuple(p if p.path else replace(p, path=shown) for p in report.related),
            )
        )
    from migrate.report_rules.python_strings import FixRefused

    if refused is not None and selected(FixRefused.CODE, shown, settings):
        findings.append(FixRefused.finding(shown, f"fixes for this file were refused: {refused}"))
    findings.sort(key=lambda f: f.sort_key)
    changed = fixed is not None and fixed != text
    return FileResult(
        path=shown,
        findings=tuple(findings),
        source=text if changed else None,
        fixed=fixed if changed else None,
        encoding=encoding,
    )


class _Accepted:
    """The edits accepted so far, in the order :func:`check_overlaps` gives them; each new fix is checked
    against its neighbours only (an overlap is always between neighbours), not against every edit."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self.keys: list[tuple[int, int]] = []
        self.seen: set[Edit] = set()

    def add(self, edits: Sequence[Edit]) -> bool:
        """Take ``edits`` if none overlaps an accepted edit or another of them; whether they were taken."""
        new = [e for e in dict.fromkeys(edits) if e not in self.seen]
        near: list[Edit] = []
        for edit in new:
            key = (edit.start, edit.end)
            low, high = bisect.bisect_left(self.keys, key), bisect.bisect_right(self.keys, key)
            near.extend(self.edits[max(0, low - 1) : high + 1])
        try:
            check_overlaps(near + new)  # accepted first: among equal keys, they stay first
        except OverlapError:
            return False
        for edit in new:
            at = bisect.bisect_right(self.keys, (edit.start, edit.end))
            self.keys.insert(at, (edit.start, edit.end))
            self.edits.insert(at, edit)
            self.seen.add(edit)
        return True


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

    from migrate.model import Edit

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
    found = [
        (*index.position(start), *index.position(end), name)
        for start, end, name in retired_mentions(text, settings.rules)
    ]
    return _backstop_result(shown, error, found, settings, at)


def _backstop_result(
    shown: str,
    error: str,
    found: Iterable[tuple[int, int, int, int, str]],
    settings: Settings,
    at: tuple[int, int] = (1, 1),
) -> FileResult:
    from migrate.model import FileResult
    from migrate.report_rules.python_strings import RetiredModelString, UnparseableFile

    line, column = at
    findings = [
        UnparseableFile.finding(shown, error, line=line, column=column, end_line=line, end_column=column)
    ]
    renames = settings.rules.renames
    for line, col, end_line, end_col, name in found:
        findings.append(
            RetiredModelString.finding(
                shown, f"`{name}` is retired (found by a text scan; the file could not be parsed)",
                line=line, column=col, end_line=end_line, end_column=end_col,
                old=name, new=renames[name].new, thinking=renames[name].thinking,
            )
        )  # fmt: skip
    if not selected(UnparseableFile.CODE, shown, settings):
        findings = findings[1:]
    return FileResult(path=shown, findings=tuple(findings), error=error)


def error_result(shown: str, error: str, path: Path, settings: Settings) -> FileResult:
    """A file that could not be checked: the error, plus what a plain text scan of it finds."""
    from migrate.model import FileResult

    try:
        data = read_file(str(path), MAX_PARSE_BYTES)
    except OSError:
        return FileResult(path=shown, error=error)
    if len(data) > MAX_PARSE_BYTES:
        return replace(_large_backstop(path, shown, settings), error=error)
    return _backstop(shown, data, error, settings)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


__all__ = ["Settings", "Thinking", "process", "process_bytes"]
