"""Notebooks: code cells are checked as one module, magics and outputs are left alone, JSON keeps its bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from migrate.api import check_source

CELLS = [
    {"cell_type": "markdown", "id": "c1", "metadata": {}, "source": ["# Démo: deepseek-chat in prose ✓\n"]},
    {
        "cell_type": "code",
        "id": "c2",
        "execution_count": 1,
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": ["deepseek-chat\n"]}],
        "source": [
            "%pip install openai\n",
            "from openai import OpenAI\n",
            'MODEL = "deepseek-chat"\n',
            'client = OpenAI(base_url="https://api.deepseek.com")',
        ],
    },
    {
        "cell_type": "code",
        "id": "c3",
        "execution_count": 2,
        "metadata": {},
        "outputs": [],
        "source": [
            "!echo deepseek-reasoner\n",
            "r = client.chat.completions.create(\n",
            "    model=MODEL,\n",
            '    messages=[{"role": "user", "content": "héllo"}],\n',
            ")",
        ],
    },
    {
        "cell_type": "code",
        "id": "c4",
        "execution_count": 3,
        "metadata": {},
        "outputs": [],
        "source": "%%bash\necho deepseek-chat\n",
    },
    {
        "cell_type": "code",
        "id": "c5",
        "execution_count": 4,
        "metadata": {},
        "outputs": [],
        "source": ['print(client.models.list(), "ok")'],
    },
]


def notebook(indent: int = 1, ensure_ascii: bool = False, newline: str = "\n") -> str:
    nb = {
        "cells": CELLS,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii).replace("\n", newline) + newline


@pytest.mark.parametrize(
    ("indent", "ensure_ascii", "newline"), [(1, False, "\n"), (2, True, "\n"), (1, False, "\r\n")]
)
def test_fix_changes_only_the_code_cells_that_need_it(indent: int, ensure_ascii: bool, newline: str) -> None:
    text = notebook(indent, ensure_ascii, newline)
    result = check_source(text, path="demo.ipynb", kind="notebook", apply=True)
    assert result.error is None
    fixed = result.fixed
    assert fixed is not None
    before, after = json.loads(text), json.loads(fixed)
    assert after["cells"][1]["source"][2] == 'MODEL = "deepseek-v4-flash"\n'
    assert after["cells"][2]["source"] == [
        "!echo deepseek-reasoner\n",
        "r = client.chat.completions.create(\n",
        "    model=MODEL,\n",
        '    messages=[{"role": "user", "content": "héllo"}],\n',
        '    extra_body={"thinking": {"type": "disabled"}},\n',
        ")",
    ]
    # Everything else, outputs and magics included, is the same document...
    for i in (0, 3, 4):
        assert after["cells"][i] == before["cells"][i]
    assert after["cells"][1]["outputs"] == before["cells"][1]["outputs"]
    after["cells"][1]["source"] = before["cells"][1]["source"]
    after["cells"][2]["source"] = before["cells"][2]["source"]
    assert after == before
    # ...and the same bytes outside the two changed lines.
    changed = [line for line in fixed.split(newline) if line not in text.split(newline)]
    assert len(changed) == 2
    nbformat.validate(nbformat.reads(fixed, as_version=4))
    assert check_source(fixed, path="demo.ipynb", kind="notebook", apply=True).fixed is None


def test_findings_carry_cell_and_line_within_cell() -> None:
    result = check_source(notebook(), path="demo.ipynb", kind="notebook")
    found = {(f.code, f.cell, f.line) for f in result.findings}
    assert ("DSM101", 2, 3) in found
    # Shell lines and cell magics are reported as text only; outputs and markdown not as code.
    assert ("DSM198", 3, 1) in found and ("DSM198", 4, 2) in found
    assert all(f.cell != 1 for f in result.findings)
    assert not [f for f in result.findings if f.severity.value == "error" and f.code != "DSM101"]


def test_broken_cell_is_reported_with_its_number() -> None:
    nb = json.loads(notebook())
    nb["cells"][4]["source"] = ['x = "deepseek-chat"\n', "def broken(:\n"]
    result = check_source(json.dumps(nb), path="demo.ipynb", kind="notebook", apply=True)
    assert result.error is not None and "cell 5" in result.error
    assert result.fixed is None


def test_not_a_notebook() -> None:
    result = check_source('{"cells": 3, "x": "deepseek-chat"}', path="bad.ipynb", kind="notebook")
    assert result.error is not None and "not a readable notebook" in result.error


def test_cli_diff_is_the_notebook_json_patch(tmp_path: Path) -> None:
    path = tmp_path / "demo.ipynb"
    path.write_text(notebook(), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "migrate", "diff", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert out.returncode == 0
    assert "--- a/demo.ipynb\n+++ b/demo.ipynb\n@@ " in out.stdout and ":cell" not in out.stdout
    assert path.read_text(encoding="utf-8") == notebook()


def test_finding_at_the_start_of_a_cell_belongs_to_that_cell() -> None:
    def cell(source: list[str]) -> dict[str, object]:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    cells = [
        cell(["x = 1\n"]),
        cell(['"deepseek-chat" == m\n']),
        cell([]),
        cell(['"deepseek-reasoner" == m']),
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    result = check_source(json.dumps(nb), path="demo.ipynb", kind="notebook")
    assert {(f.cell, f.line, f.column, f.old) for f in result.findings} == {
        (2, 1, 1, "deepseek-chat"),
        (4, 1, 1, "deepseek-reasoner"),
    }
