"""File kinds from names alone: which files the tool reads, and as what.

Kept apart from :mod:`migrate.discovery` (and free of imports beyond ``os``) because the
command line's fast path (:mod:`migrate.fastpath`) needs it before anything else is loaded.
"""

from __future__ import annotations

import os

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
    # Kinds the tool reads but cannot parse: reported, edited only with --unsafe-fixes (text_files.py).
    ".sql": "sql",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".dockerfile": "dockerfile",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "javascript",
    ".mts": "javascript",
    ".cts": "javascript",
    ".tsx": "javascript",
    ".txt": "text",
}
# Files known by their whole name (ag2's config list is JSON without an extension).
NAMES = {"OAI_CONFIG_LIST": "json", "Dockerfile": "dockerfile", "Containerfile": "dockerfile"}
KINDS = frozenset(EXTENSIONS.values()) | frozenset(NAMES.values())
_EXACT = EXTENSIONS.get
_DOCKERFILES = ("Dockerfile.", "Containerfile.")
# The writer's temp files: ``.<name>.<random>.dsm-tmp`` beside the file being written.
TEMP_SUFFIX = ".dsm-tmp"


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of the writer's temp files (``.<name>.<random>.dsm-tmp``)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


def file_kind(name: str) -> str | None:
    """The kind of a file from its base name, or None when the tool does not read it."""
    dot = name.rfind(".")
    # The common case first (a walk asks for every file): ``x.py``, not a dotfile, not ``Dockerfile.x``.
    if dot > 0 and name[0] != "." and not name.startswith(_DOCKERFILES):
        kind = _EXACT(name[dot:])
        if kind is not None:
            return kind
    if name in NAMES:
        return NAMES[name]
    if name == ".env" or name.startswith(".env."):
        return "env"
    if name.startswith(_DOCKERFILES):
        return "dockerfile"
    if dot > 0 and name[0] != ".":  # what os.path.splitext finds, without its general case
        return EXTENSIONS.get(name[dot:].lower())
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())
