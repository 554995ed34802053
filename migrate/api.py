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
from migrate.model import FileResult
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
    """Results for every file under ``paths``; files without a retired name come back empty."""
    stats = stats if stats is not None else RunStats()
    candidates = discovery.walk(paths)
    jobs = jobs or os.cpu_count() or 1
    pattern = settings.prefilter()
    hits: list[Candidate] = []
    for cand in candidates:
        stats.files_seen += 1
        try:
            with open(cand.path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            yield FileResult(path=_shown(cand.path, settings), error=f"cannot read: {exc.strerror or exc}")
            continue
        if pattern.search(data):
            hits.append(cand)
    stats.missing.extend(discovery.missing)
    hits.sort(key=lambda c: str(c.path))
    if len(hits) <= 1 or jobs == 1:
        for cand in hits:
            yield process(cand.path, cand.kind, settings)
        return
    with _pool(min(jobs, len(hits))) as pool:
        yield from pool.map(
            _work, [(c.path, c.kind, settings) for c in hits], chunksize=_chunk(len(hits), jobs)
        )


def _work(args: tuple[Path, str, Settings]) -> FileResult:
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
