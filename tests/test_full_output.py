"""``--format full``: each finding with a code frame, carets under its range, a help line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len

from migrate.model import Applicability, Edit, FileResult, Finding, Fix, Severity
from migrate.output.text import full_finding, source_lines

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    "import openai\n"
    "\n"
    "client = openai.OpenAI(base_url='https://api.deepseek.com')\n"
    'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
    "if MODEL == 'deepseek-reasoner':\n"
    "    pass\n"
)


def run(*args: str, cwd: Path, color: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env |= {"COLUMNS": "200", "PYTHONPATH": str(ROOT)} | ({"FORCE_COLOR": "1"} if color else {})
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_full_shows_the_lines_the_range_and_the_help(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SOURCE)
    result = run("check", "--format", "full", "a.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout  # piped: plain text
    first = result.stdout.split("\n\n")[0].splitlines()
    assert first == [
        "DSM101 [*] " + first[0].split(" [*] ", 1)[1],
        " --> a.py:4:38",
        "  |",
        "2 |",
        "3 | client = openai.OpenAI(base_url='https://api.deepseek.com')",
        '4 | client.chat.completions.create(model="deepseek-chat", messages=[])',
        "  |                                      ^^^^^^^^^^^^^^^",
        "5 | if MODEL == 'deepseek-reasoner':",
        "6 |     pass",
        "  |",
        "help: Rename to `deepseek-v4-flash` and set thinking disabled",
    ]
    manual = result.stdout.split("\n\n")[1]
    assert manual.startswith("DSM301 ") and " --> a.py:5:13" in manual
    assert "help: no automatic fix; `deepseek-migrate explain DSM301` says what to do" in manual
    # ruff's name for the option, and the default stays one line per finding
    assert run("check", "--output-format", "full", "a.py", cwd=tmp_path).stdout == result.stdout
    concise = run("check", "a.py", cwd=tmp_path).stdout.splitlines()
    assert len(concise) == 2 and concise[0].startswith("a.py:4:38: DSM101 [*] ")


def test_full_is_coloured_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SOURCE)
    result = run("check", "--format", "full", "a.py", cwd=tmp_path, color=True)
    assert "\x1b[" in result.stdout and "^^^" in result.stdout


def test_full_in_fix_shows_the_source_fix_read(tmp_path: Path) -> None:
    """fix has rewritten the file: the remaining finding's frame shows the lines its position counts in."""
    (tmp_path / "a.py").write_text(SOURCE)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run("fix", "--allow-dirty", "--format", "full", "a.py", cwd=tmp_path)
    assert "deepseek-v4-flash" in (tmp_path / "a.py").read_text()
    assert "DSM101" not in result.stdout
    assert "5 | if MODEL == 'deepseek-reasoner':\n  |             ^^^^^^^^^^^^^^^^^^^\n" in result.stdout


def test_full_frames_a_notebook_cell_and_stdin(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# title\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["!pip install openai\n", 'client.chat.completions.create(model="deepseek-chat")\n'],
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook))
    result = run("check", "-f", "full", "n.ipynb", cwd=tmp_path)
    assert " --> n.ipynb:cell 2:2:38\n" in result.stdout
    assert "1 | !pip install openai\n" in result.stdout
    assert '2 | client.chat.completions.create(model="deepseek-chat")\n' in result.stdout
    piped = subprocess.run(
        [sys.executable, "-m", "migrate", "check", "-f", "full", "-"],
        input=SOURCE,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        timeout=120,
    )
    assert '4 | client.chat.completions.create(model="deepseek-chat", messages=[])' in piped.stdout


def test_text_and_full_together_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SOURCE)
    result = run("check", "-f", "text", "-f", "full=out.txt", "a.py", cwd=tmp_path)
    assert result.returncode == 2 and "text and full" in result.stderr


def finding(line: int, column: int, end_line: int, end_column: int, *, fix: Fix | None = None) -> Finding:
    return Finding(
        "x.py", line, column, end_line, end_column, "DSM101", "n", Severity.ERROR, "msg\x1b[2J", fix=fix
    )


def test_carets_align_under_tabs_and_wide_characters() -> None:
    lines = source_lines(FileResult("x.py", source='\tm = "日本"; k = "deepseek-chat"\n'), None)[None]
    fix = Fix(Applicability.UNSAFE, "Rename", (Edit(0, 1, "x"),))
    text = full_finding(finding(1, 16, 1, 31, fix=fix), lines).plain
    rows = text.splitlines()
    assert rows[0] == "DSM101 [unsafe] msg\ufffd[2J"  # a control character never reaches the terminal
    code, carets = rows[3], rows[4]
    assert code == '1 |     m = "日本"; k = "deepseek-chat"'
    assert carets == "  | " + " " * cell_len(code[4 : code.index('"deepseek')]) + "^" * 15  # 日本: 4 cells
    assert rows[-1] == "help: Rename (unsafe: applied by `deepseek-migrate fix --unsafe-fixes`)"


def test_a_long_range_is_cut_and_a_missing_source_leaves_the_frame_out() -> None:
    lines = [f"line {n}" for n in range(1, 31)]
    rows = full_finding(finding(3, 1, 20, 3), lines).plain.splitlines()
    assert "1 | line 1" in " ".join(rows) and ".. |" in rows
    assert sum(row.endswith("^") for row in rows) == 8  # the first and last four lines of the range
    assert "22 | line 22" in rows and all("line 23" not in row for row in rows)
    assert full_finding(finding(3, 1, 3, 2), None).plain.splitlines()[1:] == [
        " --> x.py:3:1",
        "help: no automatic fix; `deepseek-migrate explain DSM101` says what to do",
    ]


def test_help_names_the_flags_a_fix_needs_and_no_line_follows_the_last() -> None:
    safe = Fix(Applicability.SAFE, "Rename to `deepseek-v4-flash`", (Edit(0, 1, "x"),))
    doc = Finding("README.md", 1, 5, 1, 18, "DSM205", "n", Severity.INFO, "m", fix=safe)
    lines = source_lines(FileResult("README.md", source="Use deepseek-chat.\n"), None)[None]
    assert lines == ["Use deepseek-chat."]
    rows = full_finding(doc, lines).plain.splitlines()
    assert rows[-2:] == [
        "  |",
        "help: Rename to `deepseek-v4-flash` (applied by `deepseek-migrate fix --docs`)",
    ]
    assert rows[3:5] == ["1 | Use deepseek-chat.", "  |     ^^^^^^^^^^^^^"]
