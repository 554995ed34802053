"""Find the files to look at: walk directories, honour .gitignore and excludes, name each file's kind.

File kinds come from the name alone (never from content sniffing), so the
walk costs one ``scandir`` per directory and nothing per file.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pathspec

# ruff's default excludes, the ones a Python project expects.
DEFAULT_EXCLUDES = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
        ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype",
        ".ruff_cache", ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "__pycache__",
        "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
    }
)  # fmt: skip
EXTENSIONS = {
    ".py": "python",
    ".pyi": "python",
    ".ipynb": "notebook",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
    ".env": "env",
}
# Files known by their whole name (ag2's config list is JSON without an extension).
NAMES = {"OAI_CONFIG_LIST": "json"}
KINDS = frozenset(EXTENSIONS.values()) | frozenset(NAMES.values())


def file_kind(name: str) -> str | None:
    """The kind of a file from its base name, or None when the tool does not read it."""
    if name in NAMES:
        return NAMES[name]
    if name == ".env" or name.startswith(".env."):
        return "env"
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


@dataclass(frozen=True)
class Candidate:
    path: Path
    kind: str
    explicit: bool = False


@dataclass
class Discovery:
    """Walks roots in sorted order; ``exclude`` patterns are gitignore-style, relative to ``project_root``."""

    project_root: Path
    exclude: Sequence[str] = ()
    respect_gitignore: bool = True
    default_excludes: bool = True
    missing: list[str] = field(default_factory=list)
    _exclude_spec: pathspec.PathSpec[Any] | None = field(default=None, init=False)
    _chains: dict[Path, tuple[tuple[Path, pathspec.PathSpec[Any]], ...]] = field(
        default_factory=dict, init=False
    )

    def __post_init__(self) -> None:
        self.project_root = self.project_root.resolve()
        if self.exclude:
            import pathspec  # deferred: most runs never need it

            self._exclude_spec = pathspec.PathSpec.from_lines("gitwildmatch", self.exclude)

    def walk(self, roots: Sequence[Path]) -> Iterator[Candidate]:
        seen: set[Path] = set()
        for root in roots:
            if not os.path.lexists(root):
                self.missing.append(str(root))
                continue
            if root.is_dir() and not root.is_symlink():
                for cand in self._walk_dir(root):
                    key = cand.path.absolute()
                    if key not in seen:
                        seen.add(key)
                        yield cand
            else:
                kind = file_kind(root.name)
                key = root.absolute()
                if kind is None or key in seen or self.config_excluded(root):
                    continue
                seen.add(key)
                yield Candidate(root, kind, explicit=True)

    def config_excluded(self, path: Path) -> bool:
        if self._exclude_spec is None:
            return False
        rel = _relative(path.absolute(), self.project_root)
        if rel is None:
            return self._exclude_spec.match_file(path.name)
        parts = rel.split("/")
        # A pattern that names a folder excludes everything in it.
        return any(self._exclude_spec.match_file("/".join(parts[: i + 1])) for i in range(len(parts)))

    def _walk_dir(self, top: Path) -> Iterator[Candidate]:
        stack = [top]
        while stack:
            current = stack.pop()
            try:
                with os.scandir(current) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.missing.append(f"{current}: {exc.strerror or exc}")
                continue
            subdirs: list[Path] = []
            for entry in entries:
                if entry.is_symlink():
                    continue  # never followed: avoids loops and writes outside the roots
                path = current / entry.name
                if entry.is_dir(follow_symlinks=False):
                    if self.default_excludes and entry.name in DEFAULT_EXCLUDES:
                        continue
                    if self._ignored(path, is_dir=True) or self.config_excluded(path):
                        continue
                    subdirs.append(path)
                    continue
                kind = file_kind(entry.name)
                if kind is None or self._ignored(path, is_dir=False) or self.config_excluded(path):
                    continue
                yield Candidate(path, kind)
            stack.extend(reversed(subdirs))

    def _ignored(self, path: Path, *, is_dir: bool) -> bool:
        if not self.respect_gitignore:
            return False
        absolute = path.absolute()
        # Deeper .gitignore files win; within one file, the last matching pattern wins.
        for directory, spec in self._chain(absolute.parent):
            rel = absolute.relative_to(directory).as_posix() + ("/" if is_dir else "")
            result = spec.check_file(rel)
            if result.include is not None:
                return bool(result.include)
        return False

    def _chain(self, directory: Path) -> tuple[tuple[Path, pathspec.PathSpec[Any]], ...]:
        """The ignore specs that apply in ``directory``, deepest first, up to the repository root."""
        chain = self._chains.get(directory)
        if chain is None:
            own = self._spec_for(directory)
            head = ((directory, own),) if own is not None else ()
            at_top = (directory / ".git").exists() or directory.parent == directory
            chain = head if at_top else head + self._chain(directory.parent)
            self._chains[directory] = chain
        return chain

    def _spec_for(self, directory: Path) -> pathspec.PathSpec[Any] | None:
        import pathspec

        lines: list[str] = []
        for name in (".gitignore", ".git/info/exclude"):
            with contextlib.suppress(OSError):
                lines += (directory / name).read_text(encoding="utf-8", errors="replace").splitlines()
        return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def matches_any(path: str, patterns: Sequence[str]) -> bool:
    """Glob match used by per-file-ignores (``fnmatch`` on the POSIX relative path)."""
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(os.path.basename(path), p) for p in patterns)
