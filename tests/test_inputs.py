"""Inputs that were refused, or misread, for the wrong reason.

Each case runs the real CLI; each has a twin that must keep working as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CALL = (
    'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
    'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
)


def cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def test_a_cr_only_file_is_read_with_its_lines(tmp_path: Path) -> None:
    """A CR-only file was one line to the cookie search, which took ``encoding=None`` in the code for one."""
    source = "# settings\n" + CALL + 'open("x", encoding=None)\n'
    (tmp_path / "cr.py").write_bytes(source.replace("\n", "\r").encode())
    latin = "# coding: latin-1\n" + CALL + 'X = "\xe9"\n'
    (tmp_path / "latin.py").write_bytes(latin.replace("\n", "\r").encode("latin-1"))
    result = cli("fix", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for name, text, encoding in (("cr.py", source, "utf-8"), ("latin.py", latin, "latin-1")):
        fixed = (tmp_path / name).read_bytes().decode(encoding)
        assert "\n" not in fixed and fixed.count("\r") == text.count("\n"), name
        assert fixed.replace("\r", "\n") == text.replace(
            "messages=[])", 'messages=[], extra_body={"thinking": {"type": "disabled"}})'
        ).replace("deepseek-chat", "deepseek-v4-flash"), name


CP932 = "# -*- coding: cp932 -*-\n" + CALL + 'X = "{char}"\n'


def test_a_file_whose_bytes_do_not_survive_its_codec_is_not_fixed_and_says_why(tmp_path: Path) -> None:
    """cp932 spells some characters two ways: rewriting the text would change bytes no fix touched."""
    data = CP932.format(char="").encode("cp932").replace(b'X = ""', b'X = "\x87\x90"')  # NEC's "≒"
    assert data.decode("cp932").encode("cp932") != data
    (tmp_path / "sjis.py").write_bytes(data)
    result = cli("fix", "sjis.py", cwd=tmp_path)
    out = result.stdout.decode()
    assert "DSM903 fixes for this file were refused: the file's bytes do not survive decoding and " in out
    assert "changed on disk" not in out + result.stderr.decode()
    assert (tmp_path / "sjis.py").read_bytes() == data
    piped = cli("fix", "--stdin-filename", "sjis.py", cwd=tmp_path, stdin=data)
    assert piped.stdout == data  # not re-encoded outside the edit


def test_a_cp932_file_that_round_trips_is_fixed(tmp_path: Path) -> None:
    data = CP932.format(char="≒").encode("cp932")  # the standard spelling, 0x81E0
    (tmp_path / "sjis.py").write_bytes(data)
    assert cli("fix", "sjis.py", cwd=tmp_path).returncode == 0
    fixed = (tmp_path / "sjis.py").read_bytes()
    assert b"deepseek-v4-flash" in fixed and b'X = "\x81\xe0"' in fixed


def notebook(*sources: list[str]) -> str:
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": s}
        for s in sources
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_a_notebook_string_with_a_line_separator_or_form_feed_is_not_a_syntax_error(tmp_path: Path) -> None:
    """str.splitlines ended lines at U+2028 and form feeds inside strings; the text after looked like a magic."""
    first = ['x = "a\u2028!b"\n', *CALL.splitlines(keepends=True)]
    (tmp_path / "nb.ipynb").write_text(notebook(first, ['y = "p\x0c%q"\n', "print(y)\n"]))
    result = cli("fix", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    cells = json.loads((tmp_path / "nb.ipynb").read_text())["cells"]
    assert cells[0]["source"][0] == 'x = "a\u2028!b"\n'
    assert "deepseek-v4-flash" in cells[0]["source"][-1]
    assert cells[1]["source"] == ['y = "p\x0c%q"\n', "print(y)\n"]


def test_a_notebook_magic_line_is_still_masked(tmp_path: Path) -> None:
    (tmp_path / "nb.ipynb").write_text(notebook(["!pip install openai\n", *CALL.splitlines(keepends=True)]))
    result = cli("fix", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    cells = json.loads((tmp_path / "nb.ipynb").read_text())["cells"]
    assert cells[0]["source"][0] == "!pip install openai\n" and "deepseek-v4-flash" in cells[0]["source"][-1]


def test_unparseable_yaml_and_toml_are_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("a: [\nmodel: deepseek-chat\n")
    (tmp_path / "bad.toml").write_text('model = "deepseek-chat\nx=\n')
    for name, what in (("bad.yaml", "YAML"), ("bad.toml", "TOML")):
        result = cli("check", name, cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert f"{name}:1:1: DSM901 not valid {what}: ".encode() in result.stdout
        assert f"{name}: error:".encode() not in result.stderr  # reported once, by its DSM901
        diff = cli("diff", name, cwd=tmp_path)  # diff prints no findings: the error goes to stderr
        assert diff.returncode == 2, diff.stdout
        assert f"{name}: error: not valid {what}: ".encode() in diff.stderr


def test_valid_yaml_and_toml_with_findings_exit_1(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("model: deepseek-chat\n")
    (tmp_path / "ok.toml").write_text('model = "deepseek-chat"\n')
    for name in ("ok.yaml", "ok.toml"):
        result = cli("check", name, cwd=tmp_path)
        assert result.returncode == 1 and b"DSM901" not in result.stdout


def test_an_env_value_with_text_after_its_closing_quote_is_not_read_as_the_quoted_name(
    tmp_path: Path,
) -> None:
    """python-dotenv refuses ``KEY='deepseek-chat'"x"`` and sets nothing; it is not a model value."""
    (tmp_path / ".env").write_text(
        "MODEL='deepseek-chat'\"x\"\nOTHER='deepseek-reasoner'  # the reasoning model\n"
    )
    result = cli("fix", "--unsafe-fixes", ".env", cwd=tmp_path)
    assert (tmp_path / ".env").read_text() == (
        "MODEL='deepseek-chat'\"x\"\nOTHER='deepseek-v4-flash'  # the reasoning model\n"
    ), result.stdout
    assert b".env:1:8: DSM201 `deepseek-chat` is mentioned outside any value" in result.stdout


def test_a_libcst_only_syntax_error_points_at_the_token_libcst_names() -> None:
    """libcst's own position is the start of a statement (or past it); its message names the token.

    A file only libcst rejects is simulated with libcst's error for a near twin that CPython rejects too.
    """
    import libcst

    from migrate.engine import _syntax_error

    with pytest.raises(libcst.ParserSyntaxError) as caught:
        libcst.parse_module("def f(\n    a,\n    b c):\n    pass\n")
    assert (caught.value.raw_line, caught.value.raw_column) == (4, 7)  # "    pass", past it
    message, position = _syntax_error("def f(\n    a,\n    b, c):\n    pass\n", caught.value)
    assert position == (3, 7)
    assert message.startswith(
        "syntax error at line 3, column 7 (libcst's parser; not an error for CPython): "
    )
