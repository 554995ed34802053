"""Which versions of a package a project pins: requirements*.txt, pyproject.toml, poetry.lock, uv.lock.

Read only when a rule asks (a client whose behaviour depends on its version),
once per project folder and process: the nearest folder above a file that holds
one of these files (or a ``.git``) is the project. Lock files give the exact
version; requirement specifiers give a range (``==``, ``~=``, ``<``, ``<=``,
``>=``, ``>``, ``==1.2.*``, and poetry's ``^`` / ``~``). Anything unreadable is
treated as not pinned, which the rules take as "the version is unknown".
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.rulepack import read_settings_file


def _toml_loads(text: str) -> dict[str, Any] | None:
    """``tomllib.loads``, None for invalid TOML; imported here: a run that reads no manifest parses no TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


Version = tuple[int, ...]
LOCKS = ("poetry.lock", "uv.lock")
MANIFESTS = ("pyproject.toml",)
MAX_LOCK_BYTES = 16 << 20
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")
CLAUSE = re.compile(r"^\s*(===|==|~=|!=|<=|>=|<|>|\^|~)?\s*v?([0-9]+(?:\.[0-9]+)*)(\.\*)?")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_version(text: str) -> Version | None:
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def show(version: Version) -> str:
    return ".".join(map(str, version))


def _cmp(a: Version, b: Version) -> int:
    width = max(len(a), len(b))
    a, b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return (a > b) - (a < b)


@dataclass(frozen=True)
class Pin:
    """The versions of one package a project allows: ``low`` (inclusive) to ``high``, as written in ``source``."""

    spec: str  # as written, e.g. "agno==1.7.0" or "agno 1.7.0 (uv.lock)"
    source: str  # the file name
    low: Version | None = None
    high: Version | None = None
    high_inclusive: bool = False

    @property
    def exact(self) -> bool:
        return self.low is not None and self.high == self.low and self.high_inclusive

    def all_below(self, version: Version) -> bool:
        """Whether every allowed version is older than ``version``."""
        if self.high is None:
            return False
        order = _cmp(self.high, version)
        return order < 0 or (order == 0 and not self.high_inclusive)

    def all_at_least(self, version: Version) -> bool:
        return self.low is not None and _cmp(self.low, version) >= 0


class Pins:
    """The pins of one project, by normalised package name; a lock file's exact version wins."""

    def __init__(self, pins: Mapping[str, Pin] | None = None) -> None:
        self._pins = dict(pins or {})

    def get(self, package: str) -> Pin | None:
        return self._pins.get(normalise(package))


NO_PINS = Pins()


def pins_near(path: str | None) -> Pins:
    """The pins of the project the file at ``path`` belongs to (none for an in-memory source)."""
    if not path:
        return NO_PINS
    return project_pins(os.path.dirname(os.path.abspath(path)))


@functools.lru_cache(maxsize=1024)
def project_pins(directory: str) -> Pins:
    folder = Path(directory)
    for candidate in (folder, *folder.parents):
        files = _project_files(candidate)
        if files:
            return Pins(_read(files))
        if (candidate / ".git").exists():
            return NO_PINS
    return NO_PINS


def _project_files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    wanted = [
        n
        for n in names
        if n in LOCKS or n in MANIFESTS or (n.startswith("requirements") and n.endswith((".txt", ".in")))
    ]
    return [folder / n for n in wanted]


def _read(files: list[Path]) -> dict[str, Pin]:
    locked: dict[str, Pin] = {}
    ranges: dict[str, Pin] = {}
    for path in files:
        try:
            text = read_settings_file(path, MAX_LOCK_BYTES)
        except (OSError, ValueError):
            continue
        if path.name in LOCKS:
            for name, pin in _lock_pins(text, path.name):
                locked.setdefault(name, pin)
            continue
        found = _pyproject_pins(text) if path.name == "pyproject.toml" else _requirement_lines(text)
        for name, spec in found:
            read = requirement_pin(spec, path.name)
            if read is not None and (read.low is not None or read.high is not None):
                ranges[name] = _narrower(ranges.get(name), read)
    return {**ranges, **locked}


def _narrower(old: Pin | None, new: Pin) -> Pin:
    """Both constraints hold: keep the tighter bound on each side."""
    if old is None:
        return new
    low = old.low if new.low is None or (old.low is not None and _cmp(old.low, new.low) >= 0) else new.low
    if new.high is None or (old.high is not None and _cmp(old.high, new.high) <= 0):
        high, inclusive = old.high, old.high_inclusive
    else:
        high, inclusive = new.high, new.high_inclusive
    return Pin(f"{old.spec}; {new.spec}", old.source, low, high, inclusive)


def _lock_pins(text: str, source: str) -> Iterator[tuple[str, Pin]]:
    data = _toml_loads(text)
    if data is None:
        return
    packages = data.get("package")
    for package in packages if isinstance(packages, list) else []:
        if not isinstance(package, dict):
            continue
        name, version = package.get("name"), package.get("version")
        if isinstance(name, str) and isinstance(version, str):
            parsed = parse_version(version)
            if parsed is not None:
                yield normalise(name), Pin(f"{name} {version} ({source})", source, parsed, parsed, True)


def _requirement_lines(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        spec = _requirement(line)
        if spec is not None:
            yield spec


def _requirement(line: str) -> tuple[str, str] | None:
    match = REQUIREMENT.match(line.split(";", 1)[0])
    if match is None:
        return None
    return normalise(match.group(1)), line.split(";", 1)[0].strip()


def _pyproject_pins(text: str) -> Iterator[tuple[str, str]]:
    data = _toml_loads(text)
    if data is None:
        return
    project = data.get("project")
    if isinstance(project, dict):
        yield from _strings(project.get("dependencies"))
        optional = project.get("optional-dependencies")
        if isinstance(optional, dict):
            for group in optional.values():
                yield from _strings(group)
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group in groups.values():
            yield from _strings(group)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        group_tables = poetry.get("group")
        if isinstance(group_tables, dict):
            tables.extend(g.get("dependencies") for g in group_tables.values() if isinstance(g, dict))
        for table in tables:
            if isinstance(table, dict):
                yield from _poetry_table(table)


def _strings(values: object) -> Iterator[tuple[str, str]]:
    for value in values if isinstance(values, list) else []:
        if isinstance(value, str):
            spec = _requirement(value)
            if spec is not None:
                yield spec


def _poetry_table(table: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    for name, value in table.items():
        version = value.get("version") if isinstance(value, dict) else value
        if isinstance(version, str):
            bare = parse_version(version) is not None and version.strip()[0].isdigit()
            yield normalise(name), f"{name}{'==' if bare else ''}{version}"


def requirement_pin(spec: str, source: str) -> Pin | None:
    """The range a requirement allows (``agno>=1.0,<2``, poetry's ``agno^1.2``); None when it cannot be read."""
    match = REQUIREMENT.match(spec)
    if match is None:
        return None
    low: Version | None = None
    high: Version | None = None
    inclusive = False
    for clause in _clauses(match.group(2)):
        parsed = CLAUSE.match(clause)
        if parsed is None:
            if clause.strip() in ("", "*"):
                continue
            return None  # a URL, a path, something this reader does not know: not pinned
        op, text, star = parsed.group(1) or "==", parsed.group(2).rstrip("."), parsed.group(3)
        version = parse_version(text)
        if version is None:
            return None
        lo, hi, inc = _bounds(op, version, bool(star))
        if lo is not None and (low is None or _cmp(lo, low) > 0):
            low = lo
        if hi is not None and (high is None or _cmp(hi, high) < 0):
            high, inclusive = hi, inc
    return Pin(spec.strip(), source, low, high, inclusive)


def _clauses(text: str) -> Iterable[str]:
    text = text.strip().strip("()")
    return [c for c in re.split(r"[,\s]+(?=[<>=!~^])|,", text) if c.strip()] if text else []


def _bounds(op: str, version: Version, star: bool) -> tuple[Version | None, Version | None, bool]:
    """``(low, high, high inclusive)`` of one clause."""
    if op in ("==", "===") and star:
        return version, _bump(version, len(version) - 1), False
    if op in ("==", "==="):
        return version, version, True
    if op == "~=":
        return version, _bump(version, max(len(version) - 2, 0)), False
    if op == "^":
        first = next((i for i, part in enumerate(version) if part), len(version) - 1)
        return version, _bump(version, first), False
    if op == "~":
        return version, _bump(version, min(1, len(version) - 1)), False
    if op == "<":
        return None, version, False
    if op == "<=":
        return None, version, True
    if op in (">=", ">"):
        return version, None, False
    return None, None, False  # "!=": excludes one version, bounds nothing


def _bump(version: Version, index: int) -> Version:
    """The first version after every ``version[: index + 1]`` release: (1, 4, 2), 1 -> (1, 5)."""
    return (*version[:index], version[index] + 1)
