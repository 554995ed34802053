"""Write fixed files atomically: temp file beside the original, fsync, ``os.replace``.

A file is only replaced when its bytes on disk are still the ones the engine
read; mode bits (and ownership, when permitted) are kept. A reader, or a kill
at any moment, sees either the whole old file or the whole new one. A file with
other hard links is not written: a rename would split it from them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from migrate.model import FileResult


class WriteError(Exception):
    """The file was not written; the message says why in one line."""


def encoded(result: FileResult) -> bytes:
    assert result.fixed is not None
    return result.fixed.encode(result.encoding)


def original_bytes(result: FileResult) -> bytes:
    assert result.source is not None
    return result.source.encode(result.encoding)


def write_result(path: Path, result: FileResult) -> None:
    """Replace ``path`` with ``result.fixed`` if it still holds ``result.source``."""
    if path.is_symlink():
        raise WriteError("is a symbolic link; not written through")
    expected = original_bytes(result)
    new = encoded(result)
    try:
        current = path.read_bytes()
        info = path.stat()
    except OSError as exc:
        raise WriteError(f"cannot read before writing: {exc.strerror or exc}") from None
    if hashlib.sha256(current).digest() != hashlib.sha256(expected).digest():
        raise WriteError("changed on disk since it was read; not overwritten")
    if info.st_nlink > 1:  # the rename would give this name a new file and leave the other names the old one
        others = info.st_nlink - 1
        raise WriteError(
            f"has {others} other hard link{'s' if others > 1 else ''}; not written, to keep them the same file"
        )
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".dsm-tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(OSError):  # only root may give files away
            os.chown(tmp, info.st_uid, info.st_gid)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
