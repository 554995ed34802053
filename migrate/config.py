"""``[tool.deepseek-migrate]`` in pyproject.toml, merged with CLI flags (flags win).

The nearest pyproject.toml that has the table, walking up from the first path
given (or ``--config FILE``), is the project's configuration; its folder is the
project root that ``exclude`` patterns are relative to.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from migrate.rulepack import REASONING_EFFORTS, RulePackError, read_settings_file, validate_model_name

TYPE_CHECKING = False  # typing's flag, without importing typing
if TYPE_CHECKING:
    from types import ModuleType

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

SEVERITIES = ("error", "warning", "info")
KEYS = {
    "target": str,
    "reasoning-effort": str,
    "select": list,
    "ignore": list,
    "exclude": list,
    "extend-exclude": list,
    "per-file-ignores": dict,
    "unsafe-fixes": bool,
    "fail-on": str,
    "rule-packs": list,
    "respect-gitignore": bool,
    "allow-unknown-target": bool,
}
POSITION = re.compile(r" \(at line (\d+), column (\d+)\)$")
KEY_LINE = re.compile(r"\s*([^=\s\[#][^=]*?)\s*=")
HEADER_LINE = re.compile(r"\s*\[+\s*([^\]]+?)\s*\]+")


class ConfigError(Exception):
    """Invalid configuration; the message is one line naming the file and key."""


@dataclass
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    target: str | None = None
    reasoning_effort: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    fail_on: str = "error"
    rule_packs: list[Path] = field(default_factory=list)
    respect_gitignore: bool = True
    allow_unknown_target: bool = False

    def name(self, key: str) -> str:
        """How an error names the config key ``key``: the file and the key as the user wrote it."""
        return f"{self.path}: '{key}'"


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.deepseek-migrate] table, walking up from ``start``."""
    here = start.resolve()
    if not os.path.isdir(here):  # os.path: False, not PermissionError, in an unsearchable folder
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if os.path.isfile(candidate):
            tomllib = _toml_parser()  # not at the top: a run without a pyproject.toml never needs one
            try:
                text = read_settings_file(candidate)
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:  # a ValueError too: this clause comes first
                # Fail closed: a broken file may hold the table, and dropping it would change the run.
                raise toml_error(str(candidate), text, exc) from None
            except (OSError, ValueError):  # unreadable, not a regular file, too large, not UTF-8
                continue
            if "deepseek-migrate" in data.get("tool", {}):
                return candidate
        if os.path.exists(directory / ".git"):
            return None
    return None


def load_config(path: Path | None, *, explicit: bool = False) -> Config:
    if path is None:
        return Config()
    tomllib = _toml_parser()
    where = str(path)
    try:
        text = read_settings_file(path)
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{where}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(where, text, exc) from None
    table = data.get("tool", {}).get("deepseek-migrate")
    if table is None:
        if path.name != "pyproject.toml" or explicit:
            # A dedicated file may hold the keys at top level.
            table = data if path.name != "pyproject.toml" else {}
        else:
            table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.deepseek-migrate] must be a table")
    config = Config(path=path, root=path.resolve().parent)
    for key, value in table.items():
        expected = KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{where}: unknown key '{key}' (valid: {', '.join(sorted(KEYS))})")
        if not isinstance(value, expected):
            raise ConfigError(
                f"{where}: '{key}' must be a {_type_name(expected)}, got {type(value).__name__}"
            )
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
    if "fail-on" in table and table["fail-on"] not in SEVERITIES:
        raise ConfigError(
            f"{where}: 'fail-on' must be one of {', '.join(SEVERITIES)}, got {table['fail-on']!r}"
        )
    pfi = table.get("per-file-ignores", {})
    for pattern, codes in pfi.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: 'per-file-ignores.{pattern}' must be a list of rule codes")
    config.target = table.get("target")
    if config.target is not None:
        try:
            validate_model_name(config.target, f"{where}: 'target'")
        except RulePackError as exc:
            raise ConfigError(str(exc)) from None
    config.reasoning_effort = table.get("reasoning-effort")
    if config.reasoning_effort is not None and config.reasoning_effort not in REASONING_EFFORTS:
        raise ConfigError(
            f"{where}: 'reasoning-effort' must be one of {', '.join(REASONING_EFFORTS)}, "
            f"got {config.reasoning_effort!r}"
        )
    config.select = list(table.get("select", []))
    config.ignore = list(table.get("ignore", []))
    config.exclude = list(table.get("exclude", []))
    config.extend_exclude = list(table.get("extend-exclude", []))
    config.per_file_ignores = {k: list(v) for k, v in pfi.items()}
    config.unsafe_fixes = bool(table.get("unsafe-fixes", False))
    config.fail_on = str(table.get("fail-on", "error"))
    config.rule_packs = [_in_project(config.root, p, where) for p in table.get("rule-packs", [])]
    config.respect_gitignore = bool(table.get("respect-gitignore", True))
    config.allow_unknown_target = bool(table.get("allow-unknown-target", False))
    return config


def _in_project(root: Path, entry: str, where: str) -> Path:
    """A rule pack named by the configuration: it must lie in the project (a repository's settings
    must not make the run read, say, ``/dev/zero`` or a file of the user's)."""
    path = root / entry
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ConfigError(f"{where}: 'rule-packs' entry {entry!r} is outside the project ({root})") from None
    return path


def toml_error(where: str, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """``file:line:column: invalid TOML: what (key or table)``: a duplicate key is named as one."""
    message = str(exc)
    match = POSITION.search(message)
    if match is None:
        return ConfigError(f"{where}: invalid TOML: {message}")
    line, column = int(match.group(1)), int(match.group(2))
    message = message[: match.start()]
    lines = text.splitlines()
    source = lines[line - 1] if line <= len(lines) else ""
    table = next((m.group(1) for s in reversed(lines[: line - 1]) if (m := HEADER_LINE.match(s))), "")
    key = KEY_LINE.match(source)
    header = HEADER_LINE.match(source)
    if message.startswith("Cannot overwrite a value") and key is not None:
        message = f"duplicate key '{key.group(1)}'" + (f" in [{table}]" if table else "")
        column = key.start(1) + 1
    elif message.startswith("Cannot declare") and header is not None:
        message = f"duplicate table [{header.group(1)}]"
        column = len(source) - len(source.lstrip()) + 1
    elif key is not None:
        message += f" (key '{key.group(1)}'" + (f" in [{table}])" if table else ")")
    return ConfigError(f"{where}:{line}:{column}: invalid TOML: {message}")


def _toml_parser() -> ModuleType:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


def _type_name(kind: type) -> str:
    return {str: "string", list: "list", dict: "table", bool: "boolean"}[kind]
