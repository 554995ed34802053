"""Write fixed files atomically: temp file beside the original, fsync, atomic swap.

A file is only replaced when its bytes on disk are still the ones the engine
read, checked three times: when it is opened for writing (content), right
before the swap (inode, size, mtime, ctime), and after it: on Linux the swap is
``renameat2(RENAME_EXCHANGE)``, which leaves the replaced file under the temp
name, so a save that landed between the last check and the swap (in place or by
rename) is seen there and put back by a second exchange. Elsewhere the swap is
``os.replace`` and the last check is the one right before it.

Mode bits, ownership (when permitted) and extended attributes are kept. A file
that is read-only to the user, not a regular file, or has other hard links is
not written. A reader, or a kill at any moment, sees either the whole old file
or the whole new one. Temp files are named ``.<name>.<random>.dsm-tmp`` and
locked (``flock``) while in use, so a later run can tell a leftover of a killed
run from a live one and remove it (``remove_leftovers``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

from migrate.kinds import TEMP_SUFFIX
from migrate.model import FileResult

CHANGED = "changed on disk since it was read; not overwritten"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC


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
    expected = hashlib.sha256(original_bytes(result)).digest()
    new = encoded(result)
    try:
        info, current = _read_regular(path)
    except OSError as exc:
        raise WriteError(f"cannot read before writing: {exc.strerror or exc}") from None
    if info is None:
        raise WriteError("is not a regular file; not written")
    if hashlib.sha256(current).digest() != expected:
        raise WriteError(CHANGED)
    if info.st_nlink > 1:  # the rename would give this name a new file and leave the other names the old one
        others = info.st_nlink - 1
        raise WriteError(
            f"has {others} other hard link{'s' if others > 1 else ''}; not written, to keep them the same file"
        )
    if not _writable(path, info):
        raise WriteError(f"is read-only (mode {stat.S_IMODE(info.st_mode):04o}); make it writable to fix it")
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as handle:  # locked until closed, after the swap: not a leftover
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            with contextlib.suppress(OSError):  # only root may give files away
                os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            _copy_xattrs(path, handle.fileno())
            ours = os.fstat(handle.fileno()).st_ino
        except BaseException as exc:
            _remove(tmp)
            if isinstance(exc, OSError):
                raise WriteError(f"cannot write: {exc.strerror or exc}") from None
            raise
        try:
            _swap(path, Path(tmp), info, expected, ours)
        except OSError as exc:
            raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    _fsync_dir(directory)


def remove_leftovers(paths: Iterable[str]) -> list[str]:
    """Remove the temp files in ``paths`` that no live run holds; the ones removed."""
    removed = []
    for path in paths:
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its run is alive
            os.unlink(path)
            removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _read_regular(path: Path) -> tuple[os.stat_result | None, bytes]:
    """The file's stat and bytes; None for the stat when it is not a regular file (a FIFO
    opened without O_NONBLOCK would block)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, b""
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return info, b"".join(chunks)
    finally:
        os.close(fd)


def _writable(path: Path, info: os.stat_result) -> bool:
    """Whether the user may write the file in place; a rename beside it would bypass its mode.
    Root may write any file, so for root the mode's write bits decide."""
    if os.geteuid() == 0:
        return bool(info.st_mode & 0o222)
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _copy_xattrs(path: Path, fd: int) -> None:
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return
        raise
    for name in names:
        value = os.getxattr(path, name, follow_symlinks=False)
        with contextlib.suppress(OSError):
            if os.getxattr(fd, name) == value:
                continue  # set on creation already (a security label the folder gives new files)
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            raise WriteError(
                f"has extended attribute {name} that cannot be kept ({exc.strerror or exc}); not written"
            ) from None


def _unchanged(path: Path, info: os.stat_result) -> bool:
    """Whether ``path`` is still the file ``info`` describes, as last written then."""
    try:
        now = os.lstat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns, now.st_ctime_ns) == (
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
    )  # fmt: skip


def _swap(path: Path, tmp: Path, info: os.stat_result, expected: bytes, ours: int) -> None:
    """Put ``tmp`` (inode ``ours``) in ``path``'s place unless a save landed since ``path`` was
    read (WriteError). ``tmp`` is gone afterwards, unless it holds a save (the error says so)."""
    try:
        if not _unchanged(path, info):
            raise WriteError(CHANGED)
        if not _exchange(tmp, path):
            os.replace(tmp, path)
            return
    except BaseException:
        _remove(tmp)
        raise
    # ``tmp`` now names what ``path`` held at the instant of the swap: the file that was read?
    try:
        replaced, data = _read_regular(tmp)
    except OSError:
        replaced, data = None, b""
    if (
        replaced is not None
        and (replaced.st_dev, replaced.st_ino) == (info.st_dev, info.st_ino)
        and hashlib.sha256(data).digest() == expected
    ):
        _remove(tmp)
        return
    _exchange(tmp, path)  # a save landed in between: put it back
    if os.lstat(tmp).st_ino != ours:  # and yet another one since: keep both, remove nothing
        raise WriteError(f"{CHANGED} (a later save is kept as {tmp.name})")
    _remove(tmp)
    raise WriteError(CHANGED)


def _remove(path: Path | str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically; False where the system cannot (then nothing happened)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):  # no support here
        return False
    raise OSError(err, os.strerror(err))


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return cast("Callable[[int, bytes, int, bytes, int], int]", function)


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
