"""The dirty-tree guard: ``fix`` only rewrites files whose current content git can give back.

Like ``cargo fix``: a file with uncommitted changes (or untracked, or ignored)
is not written unless ``--allow-dirty``; ``--allow-staged`` allows files whose
changes are all staged, which is the state pre-commit leaves files in while its
hooks run. Inside a git work tree the guard fails closed: when git is missing or
cannot answer (dubious ownership, a broken ``HEAD``), nothing there is written.
Outside any git work tree every file may be written.

The scanned repository is not trusted: git runs with every setting that would
make ``git status`` execute a command from the repository switched off (the
file-system monitor, hooks, lazy fetches, and filter drivers the repository's
own config defines; the user's own config still applies).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# Options that stop git from running anything a repository's config names while it reports status:
# core.fsmonitor runs a hook command (or starts a daemon); hooks (post-index-change) run when the
# index is written, which --no-optional-locks also prevents; a partial clone fetches missing objects
# through a transport (core.sshCommand, remote helpers). Filter drivers are handled per repository.
_SAFE_OPTIONS = (
    "--no-pager",
    "--no-optional-locks",
    "-c", "core.fsmonitor=false",
    "-c", "core.useBuiltinFSMonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.allow=never",
)  # fmt: skip
_SAFE_ENV = {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}
# filter.<driver>.{clean,process} run on changed files when status compares them with the index.
_FILTER_KEYS = r"^filter\..*\.(clean|smudge|process|required)$"
_TIMEOUT = 60
_HINT = "pass --allow-dirty to write it anyway"


@dataclass
class _Repo:
    """What git says about one work tree: its status entries, or why it could not say."""

    status: dict[str, str] = field(default_factory=dict)
    tracked: set[str] | None = None  # read only when a file is in no status entry
    error: str | None = None


class GitGuard:
    def __init__(self, *, allow_dirty: bool = False, allow_staged: bool = False) -> None:
        self.allow_dirty = allow_dirty
        self.allow_staged = allow_staged
        self._git = shutil.which("git")
        self._repos: dict[Path, _Repo] = {}

    def refusal(self, path: Path) -> str | None:
        """Why ``path`` must not be written, or None."""
        if self.allow_dirty:
            return None
        resolved = path.resolve()
        root = _work_tree(resolved.parent)
        if root is None:
            return None
        repo = self._repo(root)
        rel = resolved.relative_to(root).as_posix()
        code = repo.status.get(rel)
        if code is None and repo.error is None and rel not in self._tracked(root, repo):
            return f"is ignored by git, which cannot give it back; {_HINT}"
        if repo.error is not None:
            return (
                f"is in a git work tree but {repo.error}; cannot tell whether git can give it back; {_HINT}"
            )
        if code is None:
            return None
        staged_only = code[0] not in " ?" and code[1] == " "
        if staged_only and self.allow_staged:
            return None
        what = (
            "is untracked"
            if code == "??"
            else "has staged changes"
            if staged_only
            else "has uncommitted changes"
        )
        hint = "--allow-staged" if staged_only else "--allow-dirty"
        return f"{what} in git; commit or stash them first, or pass {hint}"

    def _repo(self, root: Path) -> _Repo:
        repo = self._repos.get(root)
        if repo is None:
            repo = self._repos[root] = _Repo()
            out = self._run(root, repo, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                            "--no-renames", "--ignore-submodules=all")  # fmt: skip
            for item in (out or "").split("\0"):
                if len(item) > 3:
                    repo.status[item[3:]] = item[:2]
        return repo

    def _tracked(self, root: Path, repo: _Repo) -> set[str]:
        if repo.tracked is None:
            out = self._run(root, repo, "ls-files", "-z", "--cached")
            repo.tracked = set((out or "").split("\0")) - {""}
        return repo.tracked

    def _run(self, root: Path, repo: _Repo, *args: str) -> str | None:
        """``git args`` in ``root`` without running anything the repository names; None on failure
        (``repo.error`` then says why)."""
        if self._git is None:
            repo.error = "git is not installed"
            return None
        env = {**os.environ, **_SAFE_ENV}
        try:
            found = subprocess.run(
                [self._git, *_SAFE_OPTIONS, "config", "-z", "--show-scope", "--get-regexp", _FILTER_KEYS],
                cwd=root, capture_output=True, timeout=_TIMEOUT, env=env,
            )  # fmt: skip
            done = subprocess.run(
                [self._git, *_SAFE_OPTIONS, *_unset_filters(found.stdout), *args],
                cwd=root, capture_output=True, timeout=_TIMEOUT, env=env,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            repo.error = f"git {args[0]} did not answer within {_TIMEOUT} s"
            return None
        except OSError as exc:
            repo.error = f"git could not be run ({exc.strerror or exc})"
            return None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            repo.error = f"git {args[0]} failed ({message[0] if message else f'exit {done.returncode}'})"
            return None
        return done.stdout.decode("utf-8", "surrogateescape")


def _unset_filters(config: bytes) -> list[str]:
    """``-c`` options that switch off the filter drivers a repository's own config defines.

    ``config`` is ``git config -z --show-scope --get-regexp`` output: ``scope NUL key LF value NUL``.
    An empty command is no command to git, and a driver that is not required may do nothing.
    """
    items = config.decode("utf-8", "surrogateescape").split("\0")[:-1]  # each item ends with NUL
    drivers = {
        key[: key.rfind(".")]
        for scope, key in zip(items[::2], (entry.split("\n", 1)[0] for entry in items[1::2]), strict=True)
        if scope in ("local", "worktree")
    }
    out: list[str] = []
    for driver in sorted(drivers):
        for setting in ("clean=", "smudge=", "process=", "required=false"):
            out += ["-c", f"{driver}.{setting}"]
    return out


def _work_tree(directory: Path) -> Path | None:
    for candidate in (directory, *directory.parents):
        if os.path.exists(candidate / ".git"):
            return candidate
    return None
