"""The dirty-tree guard: ``fix`` only rewrites files whose current content git can give back.

Like ``cargo fix``: a file with uncommitted changes (or untracked) is not
written unless ``--allow-dirty``; ``--allow-staged`` allows files whose changes
are all staged, which is the state pre-commit leaves files in while its hooks
run. Outside a git work tree, or without git, every file may be written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class GitGuard:
    def __init__(self, *, allow_dirty: bool = False, allow_staged: bool = False) -> None:
        self.allow_dirty = allow_dirty
        self.allow_staged = allow_staged
        self._git = shutil.which("git")
        self._status: dict[Path, dict[str, str] | None] = {}

    def refusal(self, path: Path) -> str | None:
        """Why ``path`` must not be written, or None."""
        if self.allow_dirty or self._git is None:
            return None
        root = _work_tree(path.resolve().parent)
        if root is None:
            return None
        status = self._repo_status(root)
        if status is None:
            return None
        rel = path.resolve().relative_to(root).as_posix()
        code = status.get(rel)
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

    def _repo_status(self, root: Path) -> dict[str, str] | None:
        if root not in self._status:
            assert self._git is not None
            try:
                out = subprocess.run(
                    [self._git, "status", "--porcelain=v1", "-z", "--untracked-files=all"],
                    cwd=root,
                    capture_output=True,
                    timeout=60,
                    check=True,
                ).stdout.decode("utf-8", "surrogateescape")
            except (OSError, subprocess.SubprocessError):
                self._status[root] = None
                return None
            entries: dict[str, str] = {}
            items = out.split("\0")
            i = 0
            while i < len(items):
                item = items[i]
                if len(item) > 3:
                    code, name = item[:2], item[3:]
                    entries[name] = code
                    if code[0] in "RC":
                        i += 1  # a rename or copy is followed by its source path
                i += 1
            self._status[root] = entries
        return self._status[root]


def _work_tree(directory: Path) -> Path | None:
    for candidate in (directory, *directory.parents):
        if os.path.exists(candidate / ".git"):
            return candidate
    return None
