"""The command line's entry point, and its answer to the commonest run before anything is loaded.

pre-commit runs ``deepseek-migrate check --force-exclude FILE...`` on every commit, and
almost every file it names spells no retired name. :func:`quick_check` answers that run
with ``os`` alone: when every named path is a regular file of a kind the tool reads, no
configuration applies, and no file holds what any bundled rule starts from
(:func:`may_match`), the full run would read each file, keep none, and print only its
summary; this prints the same summary and exits 0. Anything else (a folder, a
configuration, a word found, an option it does not know, a terminal on stderr, any
error) returns None and the full command line (:mod:`migrate.cli`) runs as it always
does. ``tests/test_fastpath.py`` runs both on the same inputs and compares every byte.
"""

from __future__ import annotations

import os
import stat
import sys

from migrate.kinds import file_kind

# What every file the bundled rules can report spells (``Settings.kind_test`` with the bundled
# pack; ``tests/test_fastpath.py`` checks that nothing it lets through is missed here): a name or
# a composed head ("deepseek-"), a fragment test ("reasoner"), or the module of a client that
# sends a retired name by default (``engine.DEFAULT_SENDERS``: "agno.models.deepseek"...).
NAME_WORD = b"deepseek-"
FRAGMENT_WORD = b"reasoner"
SENDER_WORDS = (b"model.deepseek", b"models.deepseek", b"llm.deepseek")
# The options that change nothing in a run that reads no file further. (--force-exclude
# applies the configuration's exclude patterns to named files, and no configuration applies.)
FLAGS = frozenset({"--force-exclude"})
# Larger files are left to the full run, which reads them in blocks.
MAX_BYTES = 1 << 20


def main() -> None:
    """``deepseek-migrate``: the fast answer when it applies, else the full command line."""
    code = quick_check(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    from migrate.cli import main as full

    full()


def quick_check(argv: list[str]) -> int | None:
    """The exit code of ``check`` on named files that need no further reading, its summary printed;
    None when the full command line must run."""
    if not argv or argv[0] != "check" or not plain_stderr():
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # click's shell completion
    paths = []
    for arg in argv[1:]:
        if arg.startswith("-"):
            if arg not in FLAGS:
                return None
        else:
            paths.append(arg)
    if not paths or len({os.path.abspath(p) for p in paths}) != len(paths):
        return None
    if not _no_config(paths[0]):
        return None
    for path in paths:
        if not _reads_nothing(path):
            return None
    sys.stderr.write(quiet_summary("check", len(paths)) + "\n")
    sys.stderr.flush()
    return 0


def _reads_nothing(path: str) -> bool:
    """Whether the full run would read ``path`` and find no word to look further at."""
    if file_kind(os.path.basename(path)) is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return False
        data = os.read(fd, info.st_size + 1)
    except OSError:
        return False
    finally:
        os.close(fd)
    return len(data) == info.st_size and not may_match(data)


def may_match(data: bytes) -> bool:
    """Whether the bundled rules may read the file: a superset of the full run's prefilter that
    needs neither the rule packs nor a regular expression. A project's own URL
    (``api.deepseek.com``) or an environment variable's name is not a reason to look further."""
    if NAME_WORD in data or FRAGMENT_WORD in data:
        return True
    return b".deepseek" in data and any(word in data for word in SENDER_WORDS)


def _no_config(start: str) -> bool:
    """Whether the full run would find no configuration for a run on ``start``: the pyproject.toml
    files it reads on the way up to the repository root (``config.find_config``) parse and hold
    no ``[tool.deepseek-migrate]`` table."""
    here = os.path.realpath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        candidate = os.path.join(here, "pyproject.toml")
        if os.path.isfile(candidate) and not _no_table(candidate):
            return False
        if os.path.exists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return True
        here = parent


def _no_table(path: str) -> bool:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return False
        with open(path, "rb") as handle:
            data = handle.read()
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib
        tool = tomllib.loads(data.decode("utf-8")).get("tool", {})
    except (OSError, ValueError):  # unreadable, not UTF-8, not TOML (TOMLDecodeError): the full run says
        return False
    return isinstance(tool, dict) and "deepseek-migrate" not in tool


def plain_stderr() -> bool:
    """True when rich would print plain text to stderr: not a terminal, nothing forcing one."""
    env = os.environ
    if sys.stderr is None or "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env:
        return False
    try:
        return not sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def quiet_summary(mode: str, files: int) -> str:
    """``Summary(files_scanned=files).render(mode).plain``, without importing rich (tests compare)."""
    text = f"{files} file{'' if files == 1 else 's'} scanned; 0 errors, 0 warnings, 0 info"
    if mode == "fix":
        text += "; 0 fixed, 0 remaining; no files were modified"
    elif mode == "diff":
        text += "; 0 fixes would be applied in 0 files"
    return text
