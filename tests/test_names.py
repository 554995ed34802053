"""File names that are not text: bytes that are not UTF-8, control and escape sequences, bidirectional
overrides. Every format prints them escaped (``\\xNN``, ``\\uNNNN``; SARIF percent-encodes its URIs), as
valid UTF-8, without a raw escape reaching the terminal, under a strict ``PYTHONIOENCODING=utf-8``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.output import shown_path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    b'import openai\nc = openai.OpenAI(base_url="https://api.deepseek.com")\n'
    b'c.chat.completions.create(model="deepseek-reasoner", messages=[])\n'
)
# name on disk -> how every format but SARIF shows it
NAMES = {
    b"\xff\xfe latin-1.py": "\\xff\\xfe latin-1.py",
    b"esc\x1b[31mred.py": "esc\\x1b[31mred.py",
    b"new\nline.py": "new\\x0aline.py",
    "bidi\u202eyp.py".encode(): "bidi\\u202eyp.py",
    "plain ünï 名前.py".encode(): "plain ünï 名前.py",
}
RAW = (b"\x1b", b"\xe2\x80\xae", b"line.py", b"\xff")  # what must never reach the output raw


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in NAMES:
        with open(os.fsencode(tmp_path) + b"/" + name, "wb") as handle:
            handle.write(SOURCE)
    return tmp_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "250",
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True, env=env, timeout=300
    )


def assert_clean(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: the output is valid UTF-8
    for raw in RAW[:2]:
        assert raw.decode("utf-8", "surrogateescape") not in text
    return text


@pytest.mark.parametrize("fmt", ["text", "json", "gitlab", "github", "markdown", "sarif"])
def test_every_format_escapes_names(tree: Path, fmt: str) -> None:
    result = run("check", "--format", fmt, ".", cwd=tree)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    out = assert_clean(result.stdout)
    assert_clean(result.stderr)
    if fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"]
        }
        assert uris == {"%FF%FE%20latin-1.py", "esc%1B%5B31mred.py", "new%0Aline.py", "bidi%E2%80%AEyp.py",
                        "plain%20%C3%BCn%C3%AF%20%E5%90%8D%E5%89%8D.py"}  # fmt: skip
        return
    if fmt == "json":
        assert {f["path"] for f in json.loads(out)["findings"]} == set(NAMES.values())
    elif fmt == "gitlab":
        assert {issue["location"]["path"] for issue in json.loads(out)} == set(NAMES.values())
    else:
        for shown in NAMES.values():
            assert shown in out, shown


def test_errors_and_diffs_escape_names(tree: Path) -> None:
    for name in NAMES:
        os.chmod(os.fsencode(tree) + b"/" + name, 0o444)  # refused by fix: an error line per file
    fixed = run("fix", ".", cwd=tree)
    assert fixed.returncode == 2
    errors = assert_clean(fixed.stderr).splitlines()
    for shown in NAMES.values():
        assert f"{shown}: error: not written: is read-only (mode 0444); make it writable to fix it" in errors
    diff = run("diff", ".", cwd=tree)
    assert diff.returncode == 0
    out = assert_clean(diff.stdout)
    for shown in NAMES.values():
        assert f"+++ b/{shown}" in out.splitlines()
    missing = run("check", "gone\x1b[2J.py", cwd=tree)
    assert "deepseek-migrate: error: gone\\x1b[2J.py: no such file or folder" in assert_clean(missing.stderr)


def test_shown_path() -> None:
    assert shown_path("src/app.py") == "src/app.py"
    assert shown_path(os.fsdecode(b"a\xff.py")) == "a\\xff.py"
    assert shown_path("tab\there\x7f\x9b\u2028\U000e0001") == "tab\\x09here\\x7f\\x9b\\u2028\\U000e0001"
