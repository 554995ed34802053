"""Proof on large real code: ``diff`` (through the API, two jobs) over this Python's stdlib and site-packages.

    /work/venv/bin/python scripts/large_code_run.py [--jobs N] [ROOT ...]

Without roots it walks the running interpreter's stdlib (its own
``site-packages`` folder left out) and the environment's site-packages (every
folder, nothing excluded). It reports files, bytes, time, files with findings,
proposed changes and errors, and checks that:

- nothing crashed (no internal error, no dead worker, no exception out of the run);
- no file changed on disk (``diff`` writes nothing: every file is hashed before and after);
- every proposed change is in a file that contains a retired model name.

The exit code is 1 when any check fails, else 0. Files that cannot be decoded
or parsed are listed but are not failures: they are the engine doing its job.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import FileResult
from migrate.rulepack import load_rules

RETIRED = re.compile(rb"deepseek-(?:chat|reasoner)")
CRASH_MARKERS = ("internal error", "BrokenProcessPool", "out of memory")


@dataclass
class Totals:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    findings_files: int = 0
    findings: int = 0
    changed_files: int = 0
    edits: int = 0
    errors: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    changed_on_disk: list[str] = field(default_factory=list)
    unexplained_changes: list[str] = field(default_factory=list)


def _snapshot(paths: list[str]) -> dict[str, tuple[int, bytes]]:
    out = {}
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        out[path] = (len(data), hashlib.sha256(data).digest())
    return out


def run_root(root: Path, *, default_excludes: bool, jobs: int, totals: Totals) -> None:
    root = root.resolve()
    settings = Settings(rules=load_rules(), apply=True, cwd=str(root))

    def discovery() -> Discovery:
        return Discovery(project_root=root, respect_gitignore=False, default_excludes=default_excludes)

    files = [path for path, _, _ in discovery().walk_paths([root])]
    before = _snapshot(files)
    stats = RunStats()
    results: list[FileResult] = []
    start = time.perf_counter()
    try:
        results = list(run([root], settings, discovery(), jobs=jobs, stats=stats))
    except Exception as exc:  # the run itself must never raise
        totals.crashes.append(f"{root}: {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    after = _snapshot(files)
    total = sum(size for size, _ in before.values())
    print(f"{root}: {stats.files_seen} files, {total / 2**20:.1f} MB, {seconds:.1f} s")
    totals.seconds += seconds
    totals.files += stats.files_seen
    totals.bytes += total
    totals.changed_on_disk += [p for p in files if before.get(p) != after.get(p)]
    for result in results:
        where = f"{root}/{result.path}"
        if result.findings:
            totals.findings_files += 1
            totals.findings += len(result.findings)
        if result.error:
            bucket = totals.crashes if any(m in result.error for m in CRASH_MARKERS) else totals.errors
            bucket.append(f"{where}: {result.error}")
        if result.changed:
            totals.changed_files += 1
            totals.edits += sum(len(f.fix.edits) for f in result.findings if f.applied and f.fix)
            if not RETIRED.search((root / result.path).read_bytes()):
                totals.unexplained_changes.append(where)
        print(
            f"  {where}: {len(result.findings)} findings"
            + (", would change" if result.changed else "")
            + (f", error: {result.error}" if result.error else ""),
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    totals = Totals()
    if args.roots:
        for root in args.roots:
            run_root(root, default_excludes=False, jobs=args.jobs, totals=totals)
    else:
        stdlib = Path(sysconfig.get_paths()["stdlib"])
        purelib = Path(sysconfig.get_paths()["purelib"])
        print(f"stdlib: {stdlib}\nsite-packages: {purelib}", file=sys.stderr)
        # The stdlib folder holds the base interpreter's own site-packages: default excludes skip it.
        run_root(stdlib, default_excludes=True, jobs=args.jobs, totals=totals)
        run_root(purelib, default_excludes=False, jobs=args.jobs, totals=totals)
    print(
        f"files: {totals.files}\nbytes: {totals.bytes} ({totals.bytes / 2**20:.1f} MB)\n"
        f"time: {totals.seconds:.1f} s\nfiles with findings: {totals.findings_files} "
        f"({totals.findings} findings)\nfiles diff would change: {totals.changed_files} "
        f"({totals.edits} edits)\nfiles that could not be processed: {len(totals.errors)}\n"
        f"crashes: {len(totals.crashes)}\nfiles changed on disk: {len(totals.changed_on_disk)}\n"
        f"changes in files without a retired name: {len(totals.unexplained_changes)}"
    )
    for label, items in (
        ("could not be processed", totals.errors),
        ("CRASH", totals.crashes),
        ("CHANGED ON DISK", totals.changed_on_disk),
        ("CHANGE WITHOUT A RETIRED NAME", totals.unexplained_changes),
    ):
        for item in items:
            print(f"{label}: {item}")
    failed = totals.crashes or totals.changed_on_disk or totals.unexplained_changes
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("LIBCST_PARSER_TYPE", "native")
    sys.exit(main())
