"""Load and validate rule packs (``rules/*.toml``): which names are retired and what replaces them.

A rule pack is data only. The spelling of a thinking mode for each client lives
in the adapters. Packs are validated strictly so a typo fails loudly with the
file and key named, never silently.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from migrate.enums import Thinking

TYPE_CHECKING = False  # typing's flag, without importing typing
if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        pass
    else:  # pragma: no cover - exercised on 3.10 only
        pass

PACK_KEYS = {"id", "summary", "source", "docs", "retired", "current"}
RENAME_KEYS = {"old", "new", "thinking"}
REASONING_EFFORTS = ("high", "max")
MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")


class RulePackError(Exception):
    """A rule pack is missing, unreadable or invalid; the message is one line."""


# Rule packs and configuration files are small; a larger one is refused before it is read.
MAX_SETTINGS_BYTES = 1 << 20


def read_settings_file(path: Path, limit: int = MAX_SETTINGS_BYTES) -> str:
    """The text of a rule pack or configuration file: a regular file of at most ``limit`` bytes, UTF-8.

    Raises OSError (cannot be opened), or ValueError with a message that quotes nothing of the
    file: a device (``/dev/zero``), a FIFO (opened without waiting for a writer), a folder, an
    oversized file or one that is not UTF-8.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > limit:
            raise ValueError(f"too large ({info.st_size} bytes; the limit is {limit})")
        chunks = []
        size = 0
        while chunk := os.read(fd, limit + 1 - size):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew since the check
                raise ValueError(f"too large (over {limit} bytes)")
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start})") from None


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    thinking: Thinking


@dataclass(frozen=True)
class RulePack:
    id: str
    summary: str
    source: str
    docs: str
    retired: dt.datetime
    current: tuple[str, ...]
    renames: tuple[Rename, ...]
    path: str = ""


@dataclass(frozen=True)
class Rules:
    """The merged view the engine and adapters use: every pack, with CLI/config overrides applied."""

    packs: tuple[RulePack, ...]
    target: str | None = None
    reasoning_effort: str | None = None

    @property
    def renames(self) -> dict[str, Rename]:
        out: dict[str, Rename] = {}
        for pack in self.packs:
            for rename in pack.renames:
                out[rename.old] = replace(rename, new=self.target) if self.target else rename
        return out

    @property
    def current(self) -> tuple[str, ...]:
        names: list[str] = []
        for pack in self.packs:
            names.extend(pack.current)
        if self.target and self.target not in names:
            names.append(self.target)
        return tuple(names)

    def names_regex(self, *, current: bool = False) -> str:
        """The one pattern of the retired names (and the current ones when ``current``), longest first,
        so a name never cuts a longer one short; every scan for model names is built from it."""
        names = {*self.renames, *(self.current if current else ())}
        return "|".join(re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n)))

    def composed_heads(self) -> list[str]:
        """The heads a retired name is cut into when it is composed at run time: each prefix that
        ends with ``-`` (``deepseek-`` of ``deepseek-chat``), longest first."""
        heads = {old[: i + 1] for old in self.renames for i, ch in enumerate(old[:-1]) if ch == "-"}
        return sorted(heads, key=lambda h: (-len(h), h))

    def model_id_regex(self, *, current: bool = False) -> str:
        """:meth:`names_regex` behind an optional provider path: groups ``prefix`` (``openrouter/deepseek/``) and ``name``."""
        return rf"(?P<prefix>(?:[A-Za-z0-9_.-]+[/:])*)(?P<name>{self.names_regex(current=current)})"

    def pack_for(self, old: str) -> RulePack:
        for pack in self.packs:
            if any(r.old == old for r in pack.renames):
                return pack
        raise KeyError(old)


def bundled_rules_dir() -> Path:
    """``rules/`` inside an installed wheel, else the checkout's top-level ``rules/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RulePackError(f"bundled rule packs not found next to {here}")


def load_pack(path: Path) -> RulePack:
    where = str(path)
    try:
        text = read_settings_file(path)
    except OSError as exc:
        raise RulePackError(f"{where}: cannot read rule pack: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise RulePackError(f"{where}: cannot read rule pack: {exc}") from None
    from migrate._rulecache import PACKS

    cached = PACKS.get(text)  # keyed by the whole text: a pack edited since is parsed, never stale
    if cached is not None:
        return _from_fields(cached, where)
    return parse_pack(text, where)


# A pack as plain data: id, summary, source, docs, retired (its fields and UTC offset in
# microseconds), current names, renames.
PackFields = tuple[
    str,
    str,
    str,
    str,
    tuple[int, int, int, int, int, int, int, int],
    tuple[str, ...],
    tuple[tuple[str, str, str], ...],
]


def pack_fields(pack: RulePack) -> PackFields:
    """What :mod:`migrate._rulecache` holds of a pack (the inverse of :func:`_from_fields`)."""
    r = pack.retired
    offset = r.utcoffset()
    assert offset is not None  # validated: a date-time with a UTC offset
    return (
        pack.id,
        pack.summary,
        pack.source,
        pack.docs,
        (
            r.year,
            r.month,
            r.day,
            r.hour,
            r.minute,
            r.second,
            r.microsecond,
            offset // dt.timedelta(microseconds=1),
        ),
        pack.current,
        tuple((r.old, r.new, r.thinking.value) for r in pack.renames),
    )


def _from_fields(fields: PackFields, where: str) -> RulePack:
    pack_id, summary, source, docs, retired, current, renames = fields
    year, month, day, hour, minute, second, micro, offset = retired
    return RulePack(
        id=pack_id,
        summary=summary,
        source=source,
        docs=docs,
        retired=dt.datetime(
            year, month, day, hour, minute, second, micro, dt.timezone(dt.timedelta(microseconds=offset))
        ),
        current=current,
        renames=tuple(Rename(old, new, Thinking(thinking)) for old, new, thinking in renames),
        path=where,
    )


def parse_pack(text: str, where: str) -> RulePack:
    """A rule pack from its TOML text, strictly validated; ``where`` names it in errors."""
    if sys.version_info >= (3, 11):  # imported here: packs found in migrate._rulecache need no parser
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{where}: invalid TOML: {exc}") from None
    _unknown(where, "", data, {"pack", "rename"})
    pack = data.get("pack")
    if not isinstance(pack, dict):
        raise RulePackError(f"{where}: missing table [pack]")
    _unknown(where, "pack.", pack, PACK_KEYS)
    for key in ("id", "summary", "source"):
        if not isinstance(pack.get(key), str) or not pack[key]:
            raise RulePackError(f"{where}: pack.{key} must be a non-empty string")
    retired = pack.get("retired")
    if not isinstance(retired, dt.datetime) or retired.tzinfo is None:
        raise RulePackError(f"{where}: pack.retired must be a date-time with a UTC offset")
    current = pack.get("current", [])
    if not isinstance(current, list) or not all(isinstance(c, str) and MODEL_NAME.match(c) for c in current):
        raise RulePackError(f"{where}: pack.current must be a list of model names")
    renames_raw = data.get("rename")
    if not isinstance(renames_raw, list) or not renames_raw:
        raise RulePackError(f"{where}: at least one [[rename]] table is required")
    renames: list[Rename] = []
    for i, item in enumerate(renames_raw):
        prefix = f"rename[{i}]."
        if not isinstance(item, dict):
            raise RulePackError(f"{where}: rename[{i}] must be a table")
        _unknown(where, prefix, item, RENAME_KEYS)
        for key in ("old", "new"):
            value = item.get(key)
            if not isinstance(value, str) or not MODEL_NAME.match(value):
                raise RulePackError(f"{where}: {prefix}{key} must be a model name, got {_described(value)}")
        thinking = item.get("thinking")
        if thinking not in {t.value for t in Thinking}:
            raise RulePackError(
                f"{where}: {prefix}thinking must be 'disabled' or 'enabled', got {_described(thinking)}"
            )
        renames.append(Rename(item["old"], item["new"], Thinking(thinking)))
    return RulePack(
        id=pack["id"],
        summary=pack["summary"],
        source=pack["source"],
        docs=str(pack.get("docs", pack["source"])),
        retired=retired,
        current=tuple(current),
        renames=tuple(renames),
        path=where,
    )


def _described(value: object) -> str:
    """A wrong value, named without its content: the file may be anything (a pack path from a
    repository's configuration), and the message may end up in a shared log."""
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return "nothing" if value is None else f"a {type(value).__name__}"


def _unknown(where: str, prefix: str, table: dict[str, object], valid: set[str]) -> None:
    for key in table:
        if key not in valid:
            raise RulePackError(f"{where}: unknown key '{prefix}{key}' (valid: {', '.join(sorted(valid))})")


def validate_model_name(value: str, what: str) -> str:
    if not MODEL_NAME.match(value):
        raise RulePackError(f"{what} must be a model name, got {value!r}")
    return value


def load_rules(
    extra: tuple[Path, ...] = (),
    *,
    target: str | None = None,
    reasoning_effort: str | None = None,
) -> Rules:
    """Every bundled pack plus ``extra`` packs, in a stable order."""
    paths = sorted(bundled_rules_dir().glob("*.toml")) + list(extra)
    packs = tuple(load_pack(p) for p in paths)
    seen: dict[str, str] = {}
    for pack in packs:
        for rename in pack.renames:
            if rename.old in seen and seen[rename.old] != pack.path:
                raise RulePackError(f"{pack.path}: '{rename.old}' is already renamed by {seen[rename.old]}")
            seen[rename.old] = pack.path
    if target is not None:
        validate_model_name(target, "--target")
    if reasoning_effort is not None and reasoning_effort not in REASONING_EFFORTS:
        raise RulePackError(
            f"--reasoning-effort must be one of {', '.join(REASONING_EFFORTS)}, got {reasoning_effort!r}"
        )
    return Rules(packs=packs, target=target, reasoning_effort=reasoning_effort)


CACHE_HEADER = '''"""The bundled rule packs, parsed: generated by ``PYTHONPATH=. python -m migrate.rulepack``.

Do not edit. :func:`migrate.rulepack.load_pack` takes an entry only when a pack's text is the
entry's key, exactly: a pack edited since is parsed again (slower, never stale), and
``tests/test_rulecache.py`` fails until this file is generated again.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from migrate.rulepack import PackFields

# fmt: off
'''


def render_cache(paths: list[Path]) -> str:
    """The text of ``migrate/_rulecache.py`` for the packs at ``paths`` (each parsed, never cached)."""
    lines = [CACHE_HEADER, "PACKS: dict[str, PackFields] = {\n"]
    for path in paths:
        text = read_settings_file(path)
        lines.append(f"    {text!r}:\n        {pack_fields(parse_pack(text, str(path)))!r},\n")
    lines.append("}\n# fmt: on\n")
    return "".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render_cache(sorted(bundled_rules_dir().glob("*.toml"))))
