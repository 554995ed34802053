"""Plain functions over paths and sources: what the CLI calls, usable from Python too.

``run`` walks the paths, hands candidate files to the engine (in a process
pool when there are several), and yields results in a stable path order, so
the output is identical for any number of jobs. Only ``fix`` writes, and only
through :func:`migrate.writer.write_result`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from migrate.discovery import Candidate, Discovery
from migrate.engine import Settings, process, process_bytes
from migrate.model import Export, FileResult, Links, Use
from migrate.repo import find_exports, imported_exports, name_pattern
from migrate.rulepack import Rules, load_rules

CHUNK = 8


@dataclass
class RunStats:
    files_seen: int = 0
    missing: list[str] = field(default_factory=list)


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
    stats = stats if stats is not None else RunStats()
    jobs = jobs or os.cpu_count() or 1
    pattern = settings.prefilter()
    hits: list[Candidate] = []
    python_files: list[Path] = []
    exports: list[Export] = []
    early: list[FileResult] = []
    for cand in discovery.walk(paths):
        stats.files_seen += 1
        try:
            with open(cand.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            early.append(
                FileResult(path=_shown(cand.path, settings), error=f"cannot read: {exc.strerror or exc}")
            )
            continue
        if cand.kind == "python":
            python_files.append(cand.path)
        if pattern.search(data):
            hits.append(cand)
            if cand.kind == "python":
                exports.extend(find_exports(cand.path, _shown(cand.path, settings), data, settings.rules))
    stats.missing.extend(discovery.missing)
    links = _importers(python_files, exports) if exports else {}
    hit_paths = {c.path for c in hits}
    importers = [Candidate(p, "python") for p in sorted(links) if p not in hit_paths]
    first = list(_map(importers, settings, links, jobs))
    used: dict[str, list[Use]] = {}
    for result in first:
        for use in result.uses:
            used.setdefault(use.export.path, []).append(use)
    for path, link in list(links.items()):
        links[path] = Links(imported=link.imported)
    for cand in hits:
        shown = _shown(cand.path, settings)
        if shown in used or cand.path in links:
            imported = links[cand.path].imported if cand.path in links else ()
            links[cand.path] = Links(imported=imported, used=tuple(used.get(shown, ())))
    second = list(_map(sorted(hits, key=lambda c: str(c.path)), settings, links, jobs))
    yield from sorted(early + first + second, key=lambda r: r.path)


def _importers(python_files: Sequence[Path], exports: Sequence[Export]) -> dict[Path, Links]:
    names = name_pattern(exports)
    out: dict[Path, Links] = {}
    for path in python_files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if names.search(data):
            found = imported_exports(path, data, exports)
            if found.imported:
                out[path] = found
    return out


def _map(
    cands: Sequence[Candidate], settings: Settings, links: dict[Path, Links], jobs: int
) -> Iterator[FileResult]:
    args = [(c.path, c.kind, settings, links.get(c.path)) for c in cands]
    if len(args) <= 1 or jobs == 1:
        yield from (process(*a) for a in args)
        return
    with _pool(min(jobs, len(args))) as pool:
        yield from pool.map(_work, args, chunksize=_chunk(len(args), jobs))


def _work(args: tuple[Path, str, Settings, Links | None]) -> FileResult:
    return process(*args)


def _chunk(n: int, jobs: int) -> int:
    return max(1, min(CHUNK, n // (jobs * 4) or 1))


def _pool(jobs: int) -> Executor:
    return ProcessPoolExecutor(max_workers=jobs)


def _shown(path: Path, settings: Settings) -> str:
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
