"""The last write: a save that lands while ``fix`` writes is never overwritten; what the file
was (mode, extended attributes, kind) is respected.

The race tests are deterministic: they wrap ``writer._unchanged``, the check the writer makes
right before its atomic swap, and save the file just before or just after it.
"""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from migrate import writer
from migrate.kinds import is_temp_name
from migrate.model import FileResult
from migrate.writer import WriteError, write_result

OLD = 'MODEL = "deepseek-chat"\n'
NEW = 'MODEL = "deepseek-v4-flash"\n'
CHANGED = "changed on disk since it was read; not overwritten"
SAVED = 'MODEL = "my-own-choice"\n'
RESULT = FileResult(path="m.py", source=OLD, fixed=NEW)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "m.py"
    path.write_text(OLD)
    return path


def in_place(path: Path) -> None:
    """An editor that truncates and rewrites the same file (same inode)."""
    with open(path, "r+b") as handle:
        handle.truncate(0)
        handle.write(SAVED.encode())


def in_place_same_size_and_times(path: Path) -> None:
    """A save the stat data cannot show: same size, times put back."""
    before = path.stat()
    with open(path, "r+b") as handle:
        handle.write(OLD.replace("chat", "CHAT").encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def by_rename(path: Path) -> None:
    """An editor that writes a new file and renames it over the old one (a new inode)."""
    other = path.with_name("m.py.save")
    other.write_text(SAVED)
    os.replace(other, path)


def saving(monkeypatch: pytest.MonkeyPatch, save: Callable[[Path], None], *, after_check: bool) -> list[Path]:
    """Make the save happen right before or right after the writer's last check."""
    real = writer._unchanged
    saved: list[Path] = []

    def check(path: Path, info: os.stat_result) -> bool:
        if not after_check:
            save(path)
        unchanged = real(path, info)
        if after_check:
            save(path)
        saved.append(path)
        return unchanged

    monkeypatch.setattr(writer, "_unchanged", check)
    return saved


def leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".dsm-tmp") or n.endswith(".save"))


def test_unchallenged_write(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = saving(monkeypatch, lambda path: None, after_check=True)
    write_result(target, RESULT)
    assert saved == [target], "the writer makes its last check through _unchanged"
    assert target.read_text() == NEW
    assert leftovers(target.parent) == []


def test_the_temp_file_stays_locked_until_the_swap(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run's clean-up must not take the temp file from under the swap."""
    taken: list[list[str]] = []

    def try_to_take(path: Path) -> None:
        temps = [str(path.parent / n) for n in os.listdir(path.parent) if is_temp_name(n)]
        assert len(temps) == 1
        taken.append(writer.remove_leftovers(temps))

    saving(monkeypatch, try_to_take, after_check=True)
    write_result(target, RESULT)
    assert taken == [[]]
    assert target.read_text() == NEW


@pytest.mark.parametrize("save", [in_place, in_place_same_size_and_times, by_rename])
@pytest.mark.parametrize("after_check", [False, True], ids=["before-last-check", "after-last-check"])
def test_a_save_in_the_last_window_is_never_overwritten(
    target: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[[Path], None], after_check: bool
) -> None:
    saving(monkeypatch, save, after_check=after_check)
    with pytest.raises(WriteError) as caught:
        write_result(target, RESULT)
    assert str(caught.value) == CHANGED
    saved = SAVED if save is not in_place_same_size_and_times else OLD.replace("chat", "CHAT")
    assert target.read_text() == saved
    assert leftovers(target.parent) == []


def test_without_an_atomic_exchange_a_save_before_the_last_check_is_still_refused(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Systems without ``renameat2(RENAME_EXCHANGE)`` fall back to ``os.replace`` after the check."""
    monkeypatch.setattr(writer, "_renameat2", lambda: None)
    write_result(target, RESULT)
    assert target.read_text() == NEW
    target.write_text(OLD)
    saving(monkeypatch, by_rename, after_check=False)
    with pytest.raises(WriteError, match="changed on disk"):
        write_result(target, RESULT)
    assert target.read_text() == SAVED
    assert leftovers(target.parent) == []


# --- what the file was ------------------------------------------------------------------------


def test_extended_attributes_are_kept(target: Path) -> None:
    os.setxattr(target, "user.origin", b"downloaded")
    os.setxattr(target, "user.empty", b"")
    write_result(target, RESULT)
    assert target.read_text() == NEW
    assert sorted(os.listxattr(target)) == ["user.empty", "user.origin"]
    assert os.getxattr(target, "user.origin") == b"downloaded"


def test_mode_is_kept(target: Path) -> None:
    target.chmod(0o604)
    write_result(target, RESULT)
    assert target.read_text() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


@pytest.mark.parametrize("bits", [0o444, 0o400, 0o000])
def test_a_read_only_file_is_not_written(target: Path, bits: int) -> None:
    target.chmod(bits)
    with pytest.raises(WriteError) as caught:
        write_result(target, RESULT)
    assert str(caught.value) == f"is read-only (mode {bits:04o}); make it writable to fix it"
    target.chmod(0o600)
    assert target.read_text() == OLD
    assert leftovers(target.parent) == []


def test_a_file_swapped_for_a_fifo_is_not_opened_for_reading_and_blocked_on(tmp_path: Path) -> None:
    """Run in a subprocess: without O_NONBLOCK the open would wait for a writer for ever."""
    os.mkfifo(tmp_path / "m.py")
    code = (
        "import sys; from pathlib import Path; from migrate.writer import WriteError, write_result\n"
        "from migrate.model import FileResult\n"
        f"try: write_result(Path('m.py'), FileResult(path='m.py', source={OLD!r}, fixed={NEW!r}))\n"
        "except WriteError as e: print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    assert done.stdout == "is not a regular file; not written\n", done.stderr
    assert stat.S_ISFIFO((tmp_path / "m.py").lstat().st_mode)


# --- temp files -----------------------------------------------------------------------------


def test_leftover_temp_files_are_removed_unless_a_live_run_holds_them(tmp_path: Path) -> None:
    dead = tmp_path / ".m.py.k2j3h4.dsm-tmp"
    live = tmp_path / ".m.py.x9y8z7.dsm-tmp"
    look_alike = tmp_path / "notes.dsm-tmp"
    for path in (dead, live, look_alike):
        path.write_text(OLD)
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        removed = writer.remove_leftovers([str(dead), str(live)])
    assert removed == [str(dead)]
    assert not dead.exists() and live.exists() and look_alike.exists()
    assert is_temp_name(dead.name) and is_temp_name(live.name)
    assert not is_temp_name(look_alike.name) and not is_temp_name(".env.dsm-tmp")
