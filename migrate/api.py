"""Plain functions over paths and sources: what the CLI calls, usable from Python too.

``run`` walks the paths, hands candidate files to the engine (in a process
pool when there are several), and yields results in a stable path order, so
the output is identical for any number of jobs. Only ``fix`` writes, and only
through :func:`migrate.writer.write_result`.
"""

from __future__ import annotations

import heapq
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.discovery import Candidate, Discovery
from migrate.engine import (
    MAX_PARSE_BYTES,
    Settings,
    error_result,
    process,
    process_bytes,
    read_file,
    read_where,
    scan,
)
from migrate.enums import Applicability
from migrate.rulepack import Rules, load_rules

# typing's flag, without importing typing. migrate.model is imported where a result is made: a
# run that finds nothing never defines its dataclasses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from migrate.model import Export, FileResult, Links, Place, Use
    from migrate.python.crossmodule import ImportRow, ModelCall
    from migrate.python.forwarding import Target

    # What the cross-module pass learns from one candidate: (exports, import rows, statement
    # lines, calls with a model keyword), or the text of an internal error.
    Facts = tuple[list[Export], list[ImportRow], tuple[int, ...], tuple[ModelCall, ...]] | str

CHUNK = 8
# With the default --jobs (0), fewer candidates than this are analysed in this process: starting
# a pool costs more than it saves on a small repository (measured on a shared 2-core machine:
# 160 candidates took 1.0 s in one process, 1.4 s with two; 1,200 took about the same either way).
AUTO_POOL_FILES = 400
# ... unless they are large: libcst parses about 0.6 MB a second on that machine, so 1 MB of
# candidates is about 2 s of work in one process (216 candidates of a 1% tree, 3.2 MB, took 11 s).
AUTO_POOL_BYTES = 1 << 20


@dataclass
class RunStats:
    files_seen: int = 0
    missing: list[str] = field(default_factory=list)
    # Told how far the run is: ("scanned", files, None) while walking, ("analysed", files, of) after.
    progress: Callable[[str, int, int | None], None] | None = None


def run(
    paths: Sequence[Path],
    settings: Settings,
    discovery: Discovery,
    *,
    jobs: int = 0,
    stats: RunStats | None = None,
) -> Iterator[FileResult]:
    """Results for every file under ``paths`` that has something to say, in path order.

    Files are read once for the bytes prefilter; only candidates are parsed. When
    a candidate exports a retired constant, the other Python files that mention
    its name are analysed first, so the definition's fix knows every call it feeds.
    """
    pins = sys.modules.get("migrate.pins")  # imported when a rule first asks for a project's pins
    if pins is not None:
        pins.project_pins.cache_clear()  # a new run reads the projects' pinned versions afresh
    stats = stats if stats is not None else RunStats()
    auto = not jobs
    jobs = jobs or os.cpu_count() or 1
    walk = _walk(paths, settings, discovery, jobs, stats, auto)
    if auto and walk.small():
        jobs = 1
    links, used = _cross_module(walk, settings, jobs)
    forwarders, forwarded_in = _forwarders(walk, settings)
    for path, found in forwarders.items():  # a caller's own links carry them too
        if path in links:
            links[path] = replace(links[path], forwarders=found)
    for path, sent in forwarded_in.items():  # a wrapper's module is checked for its linked findings
        links[path] = replace(links[path], forwarded_in=sent) if path in links else _forwarded_links(sent)
    hit_paths = {c.path for c in walk.hits}
    importers = [Candidate(p, "python") for p in sorted(links) if p not in hit_paths]
    # A candidate that imports exports and exports nothing itself (it compares the imported name with
    # a retired literal...) is analysed first too: the definitions' fixes must know its uses.
    exporting = {e.path for e in walk.exports if not e.client}
    early_hits = {
        c.path
        for c in walk.hits
        if c.kind == "python" and c.path in links and _shown(c.path, settings) not in exporting
    }
    importers += [c for c in walk.hits if c.path in early_hits]
    total = len(importers) + len(walk.hits) - len(early_hits)
    first = list(_counted(_map(importers, settings, lambda c: links.get(c.path), jobs), stats, 0, total))
    for result in first:
        for use in result.uses:
            used.setdefault(use.export.path, []).append(use)
    first = _whole_fixes(first, importers, links, used, settings, jobs, walk.hits)
    walk.tables.clear()  # import rows and calls were for the cross-module passes only
    walk.calls.clear()
    link_of = _candidate_links(walk, links, used, settings, forwarders)
    # The candidates' results stream out in path order as they are made: a changed file's texts are
    # not held to the end of the run (the caller writes or prints each result and lets it go), and a
    # candidate's links are made when its turn comes.
    hits = sorted((c for c in walk.hits if c.path not in early_hits), key=lambda c: _shown(c.path, settings))
    second = _counted(_map(hits, settings, link_of, jobs), stats, len(first), total)
    walk.early.sort(key=lambda r: r.path)
    first.sort(key=lambda r: r.path)
    done = {r.path for r in walk.early} | {r.path for r in first} | {_shown(c.path, settings) for c in hits}
    others = [_error(path, why) for path, why in sorted(walk.broken.items()) if path not in done]
    readers = _EnvReaders(walk.python_names, settings)
    for result in heapq.merge(walk.early, first, second, others, key=lambda r: r.path):
        if result.path in walk.broken:  # the cross-module pass's internal error (exit 2, nothing hidden)
            result = replace(result, error=result.error or walk.broken[result.path])
        yield readers.named(result)


def _error(shown: str, why: str) -> FileResult:
    from migrate.model import FileResult  # not at the top: a run that finds nothing never needs the model

    return FileResult(path=shown, error=why)


def _whole_fixes(
    first: list[FileResult],
    importers: Sequence[Candidate],
    links: dict[Path, Links],
    used: dict[str, list[Use]],
    settings: Settings,
    jobs: int,
    hits: Sequence[Candidate] = (),
) -> list[FileResult]:
    """Analyse again the importers that set thinking safely for a constant whose rename is unsafe
    (another module uses it where no fix reaches, or its own module does), telling them so: their
    switch becomes unsafe, like the rename it belongs to, and is never applied without it."""
    bad: dict[Export, list[str]] = {}
    for uses in used.values():
        for use in uses:
            if not use.ok and not use.export.client:
                bad.setdefault(use.export, []).append(f"{use.path}:{use.line}")
    _unsafe_at_home(first, used, settings, hits, bad)
    if not bad:
        return first
    again = {r.path for r in first if any(u.ok and u.export in bad for u in r.uses)}
    redo = [c for c in importers if _shown(c.path, settings) in again]
    if not redo:
        return first

    def link_of(cand: Candidate) -> Links | None:
        link = links.get(cand.path)
        if link is None:
            return None
        unsafe = tuple(
            (export, ", ".join(dict.fromkeys(bad[export]))) for _, export in link.imported if export in bad
        )
        return replace(link, unsafe=tuple(dict.fromkeys(unsafe)))

    redone = {r.path: r for r in _map(redo, settings, link_of, jobs)}
    return [redone.get(r.path, r) for r in first]


def _unsafe_at_home(
    first: list[FileResult],
    used: dict[str, list[Use]],
    settings: Settings,
    hits: Sequence[Candidate],
    bad: dict[Export, list[str]],
) -> None:
    """Add to ``bad`` the exports safely switched by an importer whose own module's rename is not
    safe (the constant is also used there where the tool cannot follow it): the definitions are
    analysed once more here, with what the importers said, before the importers' fixes are final."""
    homes = {u.export.path for r in first for u in r.uses if u.ok and u.export not in bad}
    if not homes:
        return
    from migrate.model import Links

    checked = replace(settings, apply=False)
    for cand in hits:
        shown = _shown(cand.path, settings)
        if shown not in homes or cand.kind != "python":
            continue
        result = process(cand.path, cand.kind, checked, Links(used=tuple(used.get(shown, ()))))
        for export in {u.export for u in used.get(shown, ()) if u.ok}:
            rename = next(
                (f for f in result.findings if f.line == export.line and f.old == export.old and f.new),
                None,
            )
            if rename is not None and (
                rename.fix is None or rename.fix.applicability is not Applicability.SAFE
            ):
                bad.setdefault(export, []).append(f"{shown} itself")


def _counted(results: Iterator[FileResult], stats: RunStats, done: int, total: int) -> Iterator[FileResult]:
    """``results``, telling ``stats.progress`` of each one."""
    for result in results:
        done += 1
        if stats.progress is not None:
            stats.progress("analysed", done, total)
        yield result


PROGRESS_EVERY = 256  # files between two progress reports of the walk


@dataclass
class Walk:
    """What the walk learns: the candidates, every Python file, and the candidates' cross-module facts."""

    hits: list[Candidate] = field(default_factory=list)
    python_names: list[str] = field(
        default_factory=list
    )  # strings: a Path per file costs more than reading most files
    exports: list[Export] = field(default_factory=list)
    early: list[FileResult] = field(default_factory=list)  # files that failed before the engine
    tables: dict[Path, list[ImportRow]] = field(default_factory=dict)  # import statements of the candidates
    calls: dict[Path, tuple[ModelCall, ...]] = field(default_factory=dict)  # their calls with a model keyword
    # where their top-level statements start, packed (4 bytes a statement, not a Python int's 36)
    lines: dict[Path, array[int]] = field(default_factory=dict)
    broken: dict[str, str] = field(
        default_factory=dict
    )  # shown path -> internal error of the cross-module pass
    hit_bytes: int = 0  # the candidates' size

    def small(self) -> bool:
        """Whether the candidates are analysed faster in this process than by a pool (default --jobs)."""
        return len(self.hits) < AUTO_POOL_FILES and self.hit_bytes < AUTO_POOL_BYTES

    def keep(self, path: Path, facts: Facts, settings: Settings) -> None:
        if isinstance(facts, str):
            self.broken[_shown(path, settings)] = facts
            return
        found, rows, starts, calls = facts
        self.exports.extend(found)
        self.tables[path] = rows
        if calls:
            self.calls[path] = calls
        self.lines[path] = array("I", starts)


def _walk(
    paths: Sequence[Path], settings: Settings, discovery: Discovery, jobs: int, stats: RunStats, auto: bool
) -> Walk:
    """Walk and prefilter; the facts of the Python candidates (from a pool, after the walk, with several jobs)."""
    walk = Walk()
    deferred: list[Candidate] = []
    for name, kind, data, error in scan(discovery.walk_paths(paths), settings, jobs):
        stats.files_seen += 1
        if stats.progress is not None and stats.files_seen % PROGRESS_EVERY == 0:
            stats.progress("scanned", stats.files_seen, None)
        if error is not None:
            walk.early.append(_error(_shown(name, settings), error))
            continue
        if kind == "python":
            walk.python_names.append(name)
        if data is not None:
            cand = Candidate(Path(name), kind)
            walk.hits.append(cand)
            walk.hit_bytes += len(data)
            if kind == "python" and len(data) <= MAX_PARSE_BYTES:  # the engine only text-scans larger ones
                if jobs > 1:
                    deferred.append(cand)
                    continue
                walk.keep(
                    cand.path, _facts(cand.path, _shown(name, settings), data, settings.rules), settings
                )
    if deferred:
        if auto and walk.small():  # a small repository: no pool (see run)
            found: Iterator[Facts] = (
                _facts(c.path, _shown(c.path, settings), None, settings.rules) for c in deferred
            )
        else:
            found = _map_facts(deferred, settings, jobs)
        for cand, facts in zip(deferred, found, strict=True):
            walk.keep(cand.path, facts, settings)
    stats.missing.extend(discovery.missing)
    walk.early.extend(_error(_shown(path, settings), why) for path, why in discovery.errors)
    return walk


def _cross_module(
    walk: Walk, settings: Settings, jobs: int
) -> tuple[dict[Path, Links], dict[str, list[Use]]]:
    """The files that import an exported constant, and the calls in other files that pass a parameter.

    Each pass has a bytes test for the files it looks at; every Python file of the run is read once
    for all of them (by forked readers in a large tree, :func:`migrate.engine.read_where`).
    """
    if not walk.exports:
        return {}, {}
    from migrate.python.crossmodule import mentions_any

    constants = [e for e in walk.exports if e.param is None]
    params = [e for e in walk.exports if e.param is not None]
    imports = mentions_any(constants) if constants else None
    fields = _FieldReads.of(walk.exports)
    calls = _param_test(params) if params else None
    tests = [t for t in (imports, fields.test if fields else None, calls) if t is not None]
    found = [(Path(p), d) for p, d in read_where(walk.python_names, lambda d: any(t(d) for t in tests), jobs)]
    links = (
        _importers([f for f in found if imports(f[1])], constants, walk.tables, walk.broken, settings)
        if imports is not None
        else {}
    )
    used: dict[str, list[Use]] = {}
    if fields is not None:
        for use in fields.uses([f for f in found if fields.test(f[1])], links, settings):
            used.setdefault(use.export.path, []).append(use)
    if calls is not None:
        for use in _param_callers([f for f in found if calls(f[1])], params, settings):
            used.setdefault(use.export.path, []).append(use)
    return links, used


def _forwarded_links(sent: tuple[tuple[int, Place], ...]) -> Links:
    from migrate.model import Links

    return Links(forwarded_in=sent)


def _forwarders(
    walk: Walk, settings: Settings
) -> tuple[dict[Path, tuple[tuple[str, Target], ...]], dict[Path, tuple[tuple[int, Place], ...]]]:
    """The functions of other modules, called with a model keyword by a Python candidate, whose
    ``**kwargs`` reach a request (see :func:`migrate.python.crossmodule.imported_targets`). A bug in
    this pass leaves those callers for manual review, as if it had found nothing."""
    callers = {
        c.path: (walk.tables[c.path], walk.calls[c.path])
        for c in walk.hits
        if c.kind == "python" and walk.tables.get(c.path) and c.path in walk.calls
    }
    if not callers:
        return {}, {}
    from migrate.python.crossmodule import imported_targets

    try:
        return imported_targets(
            callers, walk.python_names, settings.rules, lambda p: _shown(p, settings), _read
        )
    except Exception:  # fail closed: no forwarding is followed across modules
        return {}, {}


def _candidate_links(
    walk: Walk,
    links: dict[Path, Links],
    used: dict[str, list[Use]],
    settings: Settings,
    forwarders: dict[Path, tuple[tuple[str, Target], ...]],
) -> Callable[[Candidate], Links | None]:
    """The links a candidate is analysed with (what it imports, who uses its exports, where its
    statements start), made when it is asked for."""

    def link_of(cand: Candidate) -> Links | None:
        shown = _shown(cand.path, settings)
        starts = walk.lines.pop(cand.path, ())
        link = links.get(cand.path)
        forwards = forwarders.get(cand.path, ())
        if shown in used or link is not None or starts or forwards:
            from migrate.model import Links

            imported = link.imported if link is not None else ()
            return Links(
                imported=imported,
                used=tuple(used.get(shown, ())),
                statement_lines=tuple(starts),
                forwarders=forwards,
                forwarded_in=link.forwarded_in if link is not None else (),
            )
        return None

    return link_of


# Below this many candidates, their facts are computed here: a pool would cost more than it saves.
FACTS_SERIAL_FILES = 64


def _facts(path: Path, shown: str, data: bytes | None, rules: Rules) -> Facts:
    """One candidate's facts (:func:`module_facts`); a bug in this pass becomes its message."""
    from migrate.python.crossmodule import module_facts

    if data is None:
        try:
            data = _read(str(path))
        except OSError:  # gone since the walk: the engine reports it when it reads the file
            return [], [], (), ()
    try:
        return module_facts(path, shown, data, rules)
    except Exception as exc:  # reported with the file, which is still checked
        return _internal(exc)


def _facts_work(args: tuple[Path, str, Rules]) -> Facts:
    path, shown, rules = args
    return _facts(path, shown, None, rules)


def _map_facts(cands: Sequence[Candidate], settings: Settings, jobs: int) -> Iterator[Facts]:
    """Facts of ``cands`` in order; in a pool when there are many (the files are read again there)."""
    args = [(c.path, _shown(c.path, settings), settings.rules) for c in cands]
    if len(args) < FACTS_SERIAL_FILES:
        yield from (_facts_work(a) for a in args)
        return
    from migrate.pool import ordered_map  # deferred: a run with few candidates never needs a pool

    yield from ordered_map(_facts_work, args, jobs, _facts_crashed, chunk=_chunk(len(args), jobs))


def _facts_crashed(args: tuple[Path, str, Rules]) -> Facts:
    return "the process of the cross-module pass died on this file (a crash in a native parser)"


class _EnvReaders:
    """A config value the file cannot carry a thinking mode for: name the Python code that reads it.

    The Python files are searched for a key when a result first names it, so results need not wait
    for the whole run.
    """

    def __init__(self, python_files: Sequence[str], settings: Settings) -> None:
        self.python_files = python_files
        self.settings = settings
        self.readers: dict[str, list[str]] = {}
        self.searched: set[str] = set()

    def named(self, result: FileResult) -> FileResult:
        keys = {f.read_by for f in result.findings if f.read_by is not None}
        if not keys:
            return result
        self._search(keys - self.searched)
        findings = []
        for f in result.findings:
            if f.read_by is not None:
                where = self.readers.get(f.read_by)
                extra = f"read by {', '.join(where[:3])}" if where else "no Python file in this run reads it"
                f = replace(f, message=f"{f.message}; {extra}")
            findings.append(f)
        return replace(result, findings=tuple(findings))

    def _search(self, keys: set[str]) -> None:
        if not keys:
            return
        self.searched |= keys
        pattern = re.compile(rb"[\"'](" + b"|".join(re.escape(k.encode()) for k in sorted(keys)) + rb")[\"']")
        for path in self.python_files:
            try:
                data = _read(path)
            except OSError:
                continue
            for hit in pattern.finditer(data):
                line = data.count(b"\n", 0, hit.start()) + 1
                where = f"{_shown(path, self.settings)}:{line}"
                self.readers.setdefault(hit.group(1).decode(), []).append(where)


def _read(path: str) -> bytes:
    """A Python file's bytes for the cross-module pass; empty past MAX_PARSE_BYTES (such a file is
    only text-scanned, so it neither exports nor imports, and is not read whole)."""
    data = read_file(path, MAX_PARSE_BYTES)
    return b"" if len(data) > MAX_PARSE_BYTES else data


def _internal(exc: Exception) -> str:
    return f"internal error in the cross-module pass: {type(exc).__name__}: {exc}"


def _importers(
    files: Sequence[tuple[Path, bytes]],
    constants: Sequence[Export],
    tables: dict[Path, list[ImportRow]],
    broken: dict[str, str],
    settings: Settings,
) -> dict[Path, Links]:
    """Of ``files`` (the Python files that mention an exported constant, with their bytes), those that
    import one, following re-exports (``from .config import MODEL`` in a package ``__init__`` makes
    ``from pkg import MODEL`` work too)."""
    from migrate.python.crossmodule import export_index, import_table, module_name, resolve_imports

    candidates: list[tuple[Path, list[ImportRow]]] = []
    for path, data in files:
        rows = tables.get(path)
        if rows is None:
            try:
                rows = import_table(path, data)
            except Exception as exc:  # as for module_facts in run()
                broken[_shown(path, settings)] = _internal(exc)
                continue
        candidates.append((path, rows))
    known = list(constants)
    seen = set(known)  # membership in a set: a list costs files x exports comparisons
    out: dict[Path, Links] = {}
    for _ in range(4):  # re-export chains are short; stop when nothing new appears
        added: list[Export] = []
        index = export_index(known)  # once per round: per file it made the pass quadratic
        for path, rows in candidates:
            found = resolve_imports(rows, index)
            if not found.imported:
                continue
            out[path] = found
            module = module_name(path)
            for spelling, export in found.imported:
                alias = replace(export, module=module, name=spelling)
                # A constant imported by name, or a field of an instance or class imported by name
                # (``from .config import settings`` gives ``settings.llm_model``), is re-exported.
                if _imported_by_name(spelling, export, rows) and alias not in seen:
                    added.append(alias)
                    seen.add(alias)
        if not added:
            break
        known += added
    return out


@dataclass(frozen=True)
class _FieldReads:
    """Reads of ``.<field>`` of a class field with a retired default in files that import nothing the
    tool links it to: the object may have been passed there, so the definition's fix cannot be safe.
    So with a subclass of the class in another file (``class Reasoner(Bot): model = ...``): what its
    instances send through the class's requests is not what the fix chose for."""

    by_field: dict[str, list[Export]]
    by_class: dict[str, list[Export]]
    words: list[bytes]
    pattern: re.Pattern[bytes]
    class_words: list[bytes]
    classes: re.Pattern[bytes]
    renamed: re.Pattern[bytes]

    @classmethod
    def of(cls, exports: Sequence[Export]) -> _FieldReads | None:
        by_field: dict[str, list[Export]] = {}
        by_class: dict[str, list[Export]] = {}
        for export in exports:
            if export.param is None and "." in export.name:
                same = by_field.setdefault(export.name.rpartition(".")[2], [])
                if all((e.path, e.line) != (export.path, export.line) for e in same):
                    same.append(export)  # one use per definition (the class, its instances, its factory)
                    by_class.setdefault(export.name.partition(".")[0], []).append(export)
        if not by_field:
            return None
        names = sorted(by_field, key=len, reverse=True)
        # A class's name, as the last part of a dotted base (``Bot``, ``bots.Bot``; not ``settings.Base``).
        spelt = b"|".join(re.escape(c.encode()) for c in sorted(by_class))
        return cls(
            by_field,
            by_class,
            words=[b"." + n.encode() for n in names],
            pattern=re.compile(
                rb"(?<!\bself)\.(" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b"
            ),
            class_words=[c.encode() for c in by_class],  # a substring test first, as for the fields
            classes=re.compile(rb"\b(" + spelt + rb")\b(?!\s*\.)"),
            renamed=re.compile(rb"\b(" + spelt + rb")\s+as\s+(\w+)"),  # ``from app.bot import Bot as Base``
        )

    def subclasses(self, data: bytes) -> bool:
        return (
            b"class" in data
            and any(c in data for c in self.class_words)
            and self.classes.search(data) is not None
        )

    def test(self, data: bytes) -> bool:
        """Whether ``data`` may hold a use: a subclass of such a class, or a read of such a field."""
        return self.subclasses(data) or any(w in data for w in self.words)

    def uses(
        self, files: Sequence[tuple[Path, bytes]], links: dict[Path, Links], settings: Settings
    ) -> list[Use]:
        # deferred: the model, the rules and their regexes
        from migrate.model import UNTRACED_READ, Use
        from migrate.report_rules.python_strings import RetiredModelString

        out = []
        for path, data in files:
            shown = _shown(path, settings)
            link = links.get(path)
            linked = {key.rpartition(".")[2] for key, _ in link.imported} if link is not None else set()
            if self.subclasses(data):
                out += _subclasses_elsewhere(data, shown, self.by_class, self.classes, self.renamed)
            if not any(w in data for w in self.words):
                continue  # a substring test first: most files name none of the fields
            for hit in self.pattern.finditer(data):
                field = hit.group(1).decode()
                if field in linked:
                    continue  # the file's own pass follows these reads
                line_start = data.rfind(b"\n", 0, hit.start()) + 1
                if data[line_start : hit.start()].lstrip().startswith((b"from ", b"import ")):
                    continue  # ``from .model import Model``: a module, not a field
                line = data.count(b"\n", 0, hit.start()) + 1
                for export in self.by_field[field]:
                    if export.path != shown:
                        what = f"{UNTRACED_READ} `.{field}`"
                        out.append(Use(export, shown, line, False, RetiredModelString.CODE, what))
        return out


# ``class Name(Base, ...):`` at the start of a line (the bases may span lines).
SUBCLASS = re.compile(rb"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)


def _subclasses_elsewhere(
    data: bytes,
    shown: str,
    by_class: dict[str, list[Export]],
    classes: re.Pattern[bytes],
    renamed: re.Pattern[bytes],
) -> list[Use]:
    """A use that cannot be followed for each retired field of a class that ``data`` subclasses (named
    as a base, ``Bot``, ``bots.Bot``, or an alias its import gives), when ``data`` is not the class's
    own module."""
    from migrate.model import Use
    from migrate.report_rules.python_strings import RetiredModelString

    out = []
    aliases = {m.group(2): m.group(1).decode() for m in renamed.finditer(data)}
    named = (
        re.compile(rb"\b(" + b"|".join(re.escape(a) for a in aliases) + rb")\b(?!\s*\.)") if aliases else None
    )
    for hit in SUBCLASS.finditer(data):
        bases = {m.group(1).decode() for m in classes.finditer(hit.group(1))}
        if named is not None:
            bases |= {aliases[m.group(1)] for m in named.finditer(hit.group(1))}
        line = data.count(b"\n", 0, hit.start()) + 1
        for base in bases:
            for export in by_class[base]:
                if export.path != shown:
                    field = export.name.rpartition(".")[2]
                    what = f"a subclass of `{base}`, which may set `{field}` to another model"
                    out.append(Use(export, shown, line, False, RetiredModelString.CODE, what))
    return out


def _imported_by_name(spelling: str, export: Export, rows: list[ImportRow]) -> bool:
    """Whether the import that gives ``spelling`` binds a name of the export's module (not the module)."""
    if "." not in spelling:
        return True
    head = spelling.partition(".")[0]
    return any(
        base == export.module
        and (asname or name) == head
        and export.name.startswith((name + ".", name + "()."))
        for base, name, asname in rows
    )


def _param_test(params: Sequence[Export]) -> Callable[[bytes], bool]:
    """Whether a file can call a function with an exported parameter: it spells a call of it, defines
    it, or imports it under another name."""
    from migrate.python.crossmodule import mentions_any

    mentions = mentions_any(params)
    names = sorted({e.name for e in params}, key=len, reverse=True)
    calls = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b\s*(?:\(|as\b)")
    return lambda data: mentions(data) and calls.search(data) is not None


def _param_callers(
    files: Sequence[tuple[Path, bytes]], params: Sequence[Export], settings: Settings
) -> list[Use]:
    """Calls in ``files`` (those :func:`_param_test` keeps, with their bytes) that pass a parameter whose
    default is a retired name."""
    from migrate.model import Use
    from migrate.python.crossmodule import module_name, passing_calls, top_level_names
    from migrate.report_rules.python_strings import RetiredModelString  # deferred: rules and their regexes

    out = []
    mentioned = [(path, _shown(path, settings), data) for path, data in files]
    # Which modules define a function of such a name themselves (so do not re-export the exported one).
    defined = {(module_name(path), name) for path, _, data in mentioned for name in top_level_names(data)}
    for path, shown, data in mentioned:
        plain, clients = passing_calls(data, params, path, defined)
        for export, line in plain:
            if export.path == shown:
                continue  # the defining module checks its own calls with libcst
            what = f"a call of `{export.name}()` passing `{export.param}`"
            out.append(Use(export, shown, line, False, RetiredModelString.CODE, what))
        for export, line, host in clients:
            if export.path != shown:  # the defining module follows its own calls with libcst
                what = f"a call of `{export.name}()` passing a client as `{export.param}`"
                out.append(Use(export, shown, line, host.deepseek, RetiredModelString.CODE, what, host=host))
    return out


def _map(
    cands: Sequence[Candidate],
    settings: Settings,
    link_of: Callable[[Candidate], Links | None],
    jobs: int,
) -> Iterator[FileResult]:
    args = ((c.path, c.kind, settings, link_of(c)) for c in cands)  # made as the pool takes them
    if len(cands) <= 1 or jobs == 1:
        yield from (process(*a) for a in args)
        return
    from migrate.pool import ordered_map

    yield from ordered_map(_work, args, min(jobs, len(cands)), _crashed, chunk=_chunk(len(cands), jobs))


def _crashed(args: tuple[Path, str, Settings, Links | None]) -> FileResult:
    """A file whose process died twice (a crash in a native parser): named, and text-scanned."""
    path, _, settings, _ = args
    why = "the process checking this file died (a crash in a native parser); only a text scan was done"
    return error_result(_shown(path, settings), why, path, settings)


def _work(args: tuple[Path, str, Settings, Links | None]) -> FileResult:
    return process(*args)


def _chunk(n: int, jobs: int) -> int:
    return max(1, min(CHUNK, n // (jobs * 4) or 1))


def _shown(path: Path | str, settings: Settings) -> str:
    from migrate.engine import display_path

    return display_path(path, settings.cwd)


def fix_source(
    source: str,
    *,
    path: str = "example.py",
    kind: str = "python",
    unsafe: bool = False,
    rules: Rules | None = None,
) -> str:
    """The source with its fixes applied (safe ones, plus unsafe ones when asked)."""
    result = check_source(source, path=path, kind=kind, apply=True, unsafe=unsafe, rules=rules)
    return result.fixed if result.fixed is not None else source


def check_source(
    source: str,
    *,
    path: str = "example.py",
    kind: str = "python",
    apply: bool = False,
    unsafe: bool = False,
    docs: bool = False,
    rules: Rules | None = None,
) -> FileResult:
    """Run the engine on an in-memory source (UTF-8)."""
    settings = Settings(rules=rules or load_rules(), apply=apply, unsafe_fixes=unsafe, docs=docs)
    return process_bytes(source.encode("utf-8"), kind, settings, path)
