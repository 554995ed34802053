"""Progress on stderr when it is a terminal: tested through a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'


def run_with_terminal_stderr(args: list[str], cwd: Path) -> tuple[str, str, int]:
    """Run the CLI with stderr on a pty (a terminal), stdout on a pipe; (stdout, terminal text, code)."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrate", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=slave
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    out, _ = proc.communicate(timeout=120)
    stdout, code = out.decode(), proc.returncode
    return stdout, b"".join(chunks).decode(errors="replace"), code


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for i in range(5):
        (tmp_path / f"m{i}.py").write_text(CALL)
    return tmp_path


def test_progress_is_shown_on_a_terminal(tree: Path) -> None:
    stdout, terminal, code = run_with_terminal_stderr(["check", "."], tree)
    assert code == 1
    assert "analysed files" in terminal and "5/5" in terminal, terminal
    assert "5 files scanned" in terminal  # the summary follows
    assert "analysed" not in stdout and "m0.py:1:38: DSM101" in stdout


def test_no_progress_with_quiet_or_when_piped(tree: Path) -> None:
    _, terminal, _ = run_with_terminal_stderr(["check", "--quiet", "."], tree)
    assert "analysed" not in terminal and "scanning" not in terminal
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    piped = subprocess.run(
        [sys.executable, "-m", "migrate", "check", "."], cwd=tree, env=env, capture_output=True, text=True
    )
    assert "analysed" not in piped.stderr and "scanning" not in piped.stderr
    assert piped.stderr.startswith("5 files scanned")
