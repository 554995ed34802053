"""Cross-module links: retired names defined in one module and sent from another.

A model name usually lives in ``config.py`` and is used elsewhere. Before the
per-file pass, this module finds (with ``ast``, which is ten times cheaper than
libcst) the public module-level constants bound to retired literals in the
candidate files, then the other Python files of the run that import them
(``from app.config import MODEL``, ``from .config import *``,
``import app.config as cfg`` + ``cfg.MODEL``, ``from app import config`` +
``config.MODEL``). A bytes search for the exported names keeps this to the few
files that can matter.

We build this small import graph ourselves rather than use libcst's
``FullRepoManager``: it needs a fixed file list up front and computes full
qualified names for every file, which costs a parse of every file in the repo;
here only files containing an exported name are parsed, with ``ast``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from migrate.model import Export, Links
from migrate.rulepack import Rules


def module_name(path: Path) -> str:
    """Dotted module name from the package structure (``__init__.py`` folders) around ``path``."""
    parts = [path.stem] if path.stem != "__init__" else []
    directory = path.parent
    while (directory / "__init__.py").is_file():
        parts.insert(0, directory.name)
        if directory.parent == directory:
            break
        directory = directory.parent
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.stem == "__init__"


def find_exports(path: Path, shown: str, data: bytes, rules: Rules) -> list[Export]:
    """Public module-level names bound to a retired model id (exact value, optional provider prefix)."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    renames = rules.renames
    pattern = re.compile(r"(?P<prefix>(?:[\w.-]+[/:])*)(?P<name>" + "|".join(map(re.escape, renames)) + ")")
    module = module_name(path)
    out = []
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        match = pattern.fullmatch(value.value)
        if match is None:
            continue
        rename = renames[match.group("name")]
        for target in targets:
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                out.append(
                    Export(
                        path=shown,
                        module=module,
                        name=target.id,
                        old=value.value,
                        new=match.group("prefix") + rename.new,
                        thinking=rename.thinking,
                        line=node.lineno,
                    )
                )
    return out


def name_pattern(exports: Iterable[Export]) -> re.Pattern[bytes]:
    names = sorted({e.name for e in exports}, key=len, reverse=True)
    return re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b")


def imported_exports(path: Path, data: bytes, exports: Iterable[Export]) -> Links:
    """How ``path`` spells the exports it imports: local name or ``alias.NAME``."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Links()
    by_module: dict[str, dict[str, Export]] = {}
    for export in exports:
        by_module.setdefault(export.module, {})[export.name] = export
    here = module_name(path)
    package = here if _is_package(path) else here.rpartition(".")[0]
    spellings: dict[str, Export] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if base is None:
                continue
            for alias in node.names:
                if alias.name == "*":
                    for name, export in by_module.get(base, {}).items():
                        spellings[name] = export
                    continue
                direct = by_module.get(base, {}).get(alias.name)
                if direct is not None:
                    spellings[alias.asname or alias.name] = direct
                    continue
                # ``from app import config`` then ``config.MODEL``
                for name, export in by_module.get(f"{base}.{alias.name}" if base else alias.name, {}).items():
                    spellings[f"{alias.asname or alias.name}.{name}"] = export
        elif isinstance(node, ast.Import):
            for alias in node.names:
                for name, export in by_module.get(alias.name, {}).items():
                    spellings[f"{alias.asname or alias.name}.{name}"] = export
    return Links(imported=tuple(sorted(spellings.items(), key=lambda kv: kv[0])))


def _absolute(module: str | None, level: int, package: str) -> str | None:
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base)
