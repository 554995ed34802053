"""Find the files to look at: walk directories, honour .gitignore and excludes, name each file's kind.

File kinds come from the name alone (never from content sniffing), so the
walk costs one ``scandir`` per directory and nothing per file.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migrate.kinds import TEMP_SUFFIX, file_kind, is_temp_name

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
# Ignore specs that apply to a folder's entries, deepest first, each with the
# entries' path prefix relative to the folder that holds the spec.
_Ignores = tuple[tuple["pathspec.PathSpec[Any]", str], ...]


@dataclass(frozen=True)
class Candidate:
    path: Path
    kind: str
    explicit: bool = False


@dataclass
class Discovery:
    """Walks roots in sorted order; ``exclude`` patterns are gitignore-style, relative to ``project_root``.

    Paths named on the command line are read even when an exclude pattern or a
    ``.gitignore`` covers them (ruff's semantics): naming a path asks for it.
    ``force_exclude`` applies the exclude patterns to named paths too (for
    pre-commit, which names every staged file); what it skips is listed in
    ``skipped``, with the other named paths that are not read.
    """

    project_root: Path
    exclude: Sequence[str] = ()
    respect_gitignore: bool = True
    default_excludes: bool = True
    force_exclude: bool = False
    missing: list[str] = field(default_factory=list)
    # Paths that exist but cannot be walked or read, with the reason (reported per path, exit 2).
    errors: list[tuple[str, str]] = field(default_factory=list)
    # The writer's temp files met in the walk: a killed ``fix`` leaves them (``writer.remove_leftovers``).
    leftovers: list[str] = field(default_factory=list)
    # Named paths that are not read, with the reason and how to include them (a warning each).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # The folder whose ancestors' ignore files do not apply (a named folder that they ignore).
    gitignore_floor: Path | None = None
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
        for path, kind, explicit in self.walk_paths(roots):
            yield Candidate(Path(path), kind, explicit=explicit)

    def walk_paths(self, roots: Sequence[Path]) -> Iterator[tuple[str, str, bool]]:
        """``walk`` as ``(path, kind, explicit)`` with ``str(path)``: no ``Path`` object per file."""
        seen: set[str] = set()
        cwd = os.getcwd()
        for root in roots:
            try:
                os.lstat(root)
            except (FileNotFoundError, NotADirectoryError):
                self.missing.append(str(root))
                continue
            except OSError as exc:  # a folder on the way without search permission
                self.errors.append((str(root), f"cannot read: {exc.strerror or exc}"))
                continue
            if os.path.isdir(root) and not os.path.islink(root):
                walker = self._named_folder(root)
                if walker is None:
                    continue
                if len(roots) == 1:  # one folder walked once has no duplicates to remember
                    for path, kind in walker._walk_dir(str(root)):
                        yield path, kind, False
                    continue
                for path, kind in walker._walk_dir(str(root)):
                    key = os.path.join(cwd, path)  # == str(Path(path).absolute())
                    if key not in seen:
                        seen.add(key)
                        yield path, kind, False
            elif os.path.isdir(root):
                self.errors.append((str(root), "is a symbolic link to a folder; not followed"))
            else:
                root_kind = file_kind(root.name)
                key = str(root.absolute())
                if root_kind is None:
                    self.skipped.append((str(root), "not a kind of file deepseek-migrate reads"))
                    continue
                if key in seen:
                    continue
                if self.force_exclude and self.config_excluded(root):
                    self.skipped.append((str(root), FORCE_EXCLUDED))
                    continue
                # a FIFO or a device would block the read
                if os.path.exists(root) and not os.path.isfile(root):
                    self.errors.append((str(root), "is not a regular file; not read"))
                    continue
                seen.add(key)
                yield str(root), root_kind, True

    def _named_folder(self, root: Path) -> Discovery | None:
        """The discovery that walks a folder named on the command line: the exclude patterns and
        ignore files that cover the folder itself do not apply inside it, deeper ones do.
        None when ``force_exclude`` skips it."""
        excluded = self._exclude_spec is not None and self._excludes(self._exclude_spec, root, folder=True)
        if excluded and self.force_exclude:
            self.skipped.append((str(root), FORCE_EXCLUDED))
            return None
        ignored = root.name not in ("", ".", "..") and _ignored_in(
            self._ignore_prefixes(str(root.parent)), root.name + "/"
        )
        if not (excluded or ignored):
            return self
        import pathspec

        kept = [
            p
            for p in self.exclude
            if not self._excludes(pathspec.PathSpec.from_lines("gitwildmatch", [p]), root, folder=True)
        ]
        floor = root.absolute() if ignored else self.gitignore_floor
        return replace(self, exclude=kept, gitignore_floor=floor)

    def config_excluded(self, path: Path) -> bool:
        return self._exclude_spec is not None and self._excludes(self._exclude_spec, path)

    def _excludes(self, spec: pathspec.PathSpec[Any], path: Path, folder: bool = False) -> bool:
        rel = _relative(path.absolute(), self.project_root)
        slash = "/" if folder else ""  # a folder pattern (``legacy/``) matches the folder spelt so
        if rel is None:
            return spec.match_file(path.name + slash)
        if rel == ".":
            return False
        parts = (rel + slash).split("/")
        # A pattern that names a folder excludes everything in it.
        return any(spec.match_file("/".join(parts[: i + 1])) for i in range(len(parts)))

    def _walk_dir(self, top: str) -> Iterator[tuple[str, str]]:
        # Strings, not Paths: ``_join`` spells a child exactly as ``str(Path(current) / name)``,
        # and ignore rules are prepared once per directory, not once per file.
        stack: list[tuple[str, _Ignores | None]] = [(top, None)]
        excludes = self._exclude_spec is not None
        while stack:
            current, inherited = stack.pop()
            try:
                with os.scandir(current) as it:
                    entries = sorted(it, key=_entry_name)
            except OSError as exc:
                self.errors.append((current, f"cannot read the folder: {exc.strerror or exc}"))
                continue
            if entries:  # listed, but can its entries be reached? (read without search permission)
                try:
                    os.lstat(entries[0].path)
                except PermissionError as exc:
                    self.errors.append((current, f"cannot search the folder: {exc.strerror or exc}"))
                    continue
            if inherited is None or any(e.name in _IGNORE_MARKERS for e in entries):
                ignores = self._ignore_prefixes(current)
            else:
                # No .gitignore and no .git here: the parent's rules apply, one folder deeper.
                ignores = inherited
            subdirs: list[tuple[str, _Ignores]] = []
            for entry in entries:
                name = entry.name
                # Symbolic links are never followed (no loops, no writes outside the roots), and
                # neither FIFOs nor devices are read (one named like a source file would block).
                if not entry.is_file(follow_symlinks=False):
                    if not entry.is_dir(follow_symlinks=False):
                        continue
                    if self.default_excludes and name in DEFAULT_EXCLUDES:
                        continue
                    path = _join(current, name)
                    if (ignores and _ignored_in(ignores, name + "/")) or (
                        excludes and self.config_excluded(Path(path))
                    ):
                        continue
                    subdirs.append((path, tuple((spec, f"{prefix}{name}/") for spec, prefix in ignores)))
                    continue
                kind = file_kind(name)
                if kind is None:
                    if name.endswith(TEMP_SUFFIX) and is_temp_name(name):
                        self.leftovers.append(_join(current, name))
                    continue
                path = _join(current, name)
                if (ignores and _ignored_in(ignores, name)) or (
                    excludes and self.config_excluded(Path(path))
                ):
                    continue
                yield path, kind
            stack.extend(reversed(subdirs))

    def _ignore_prefixes(self, directory: str) -> _Ignores:
        """The ignore specs for entries of ``directory``, deepest first, each with the
        entries' path prefix relative to the spec's folder."""
        if not self.respect_gitignore:
            return ()
        absolute = Path(directory).absolute()
        out = []
        for folder, spec in self._chain(absolute):
            rel = absolute.relative_to(folder).as_posix()
            out.append((spec, "" if rel == "." else rel + "/"))
        return tuple(out)

    def _chain(self, directory: Path) -> tuple[tuple[Path, pathspec.PathSpec[Any]], ...]:
        """The ignore specs that apply in ``directory``, deepest first, up to the repository root."""
        chain = self._chains.get(directory)
        if chain is None:
            own = self._spec_for(directory)
            head = ((directory, own),) if own is not None else ()
            at_top = (
                os.path.exists(directory / ".git")  # os.path: False, not PermissionError
                or directory.parent == directory
                or directory == self.gitignore_floor
            )
            chain = head if at_top else head + self._chain(directory.parent)
            self._chains[directory] = chain
        return chain

    def _spec_for(self, directory: Path) -> pathspec.PathSpec[Any] | None:
        lines: list[str] = []
        for name in (".gitignore", ".git/info/exclude"):
            with contextlib.suppress(OSError):
                lines += _read_regular_text(directory / name).splitlines()
        if not lines:
            return None
        import pathspec  # deferred: a tree without ignore files never needs it

        return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_regular_text(path: Path) -> str:
    """A regular file's text; "" for a FIFO or a device (opened without blocking, never read)."""
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return ""
        return handle.read().decode("utf-8", "replace")


# Entries that make a folder's ignore rules differ from its parent's (see ``_chain``).
_IGNORE_MARKERS = frozenset({".gitignore", ".git"})


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _join(directory: str, name: str) -> str:
    """``str(Path(directory) / name)`` for a ``directory`` that is itself a ``str(Path)``."""
    if directory == ".":
        return name
    if directory.endswith(os.sep):  # the file-system root
        return directory + name
    return directory + os.sep + name


def _ignored_in(ignores: _Ignores, rel: str) -> bool:
    # Deeper .gitignore files win; within one file, the last matching pattern wins.
    for spec, prefix in ignores:
        result = spec.check_file(prefix + rel)
        if result.include is not None:
            return bool(result.include)
    return False


FORCE_EXCLUDED = (
    "excluded by the configuration's exclude patterns (--force-exclude applies them to named paths)"
)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def matches_any(path: str, patterns: Sequence[str]) -> bool:
    """Glob match used by per-file-ignores (``fnmatch`` on the POSIX relative path)."""
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(os.path.basename(path), p) for p in patterns)
