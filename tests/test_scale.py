"""Scale: work grows linearly with the findings of a file, and results are not held to the end of a run.

Complexity is checked by counting operations at two sizes (never by timing): a linear
step does twice the work for twice the findings, a quadratic one four times.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate import api, engine
from migrate.discovery import Discovery
from migrate.python import crossmodule as repo
from migrate.rulepack import load_rules

HEAD = "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com')\n"
CALL = "r{i} = client.chat.completions.create(model='deepseek-chat', messages=[])  # deepseek-chat\n"


def calls(n: int) -> str:
    return HEAD + "".join(CALL.format(i=i) for i in range(n))


def fix(source: str) -> engine.FileResult:
    return api.check_source(source, apply=True)


def test_each_fix_is_checked_against_its_neighbours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accepting the fixes of a file checked every edit again for every fix (quadratic)."""
    seen = [0]
    real = engine.check_overlaps

    def counting(edits):  # type: ignore[no-untyped-def]
        edits = list(edits)
        seen[0] += len(edits)
        return real(edits)

    monkeypatch.setattr(engine, "check_overlaps", counting)
    work = {}
    for n in (150, 300):
        seen[0] = 0
        result = fix(calls(n))
        assert result.fixed is not None and result.fixed.count("thinking") == n
        work[n] = seen[0]
    assert work[300] <= 2.2 * work[150], work


def test_python_work_is_linear_in_findings() -> None:
    """Python-level calls of the whole pipeline, text backstop included, for n and 2n calls."""
    fix(calls(10))  # imports, compiled patterns

    def count(n: int) -> int:
        source = calls(n)
        counted = [0]

        def profile(_frame, event, _arg):  # type: ignore[no-untyped-def]
            if event == "call":
                counted[0] += 1

        sys.setprofile(profile)
        try:
            fix(source)
        finally:
            sys.setprofile(None)
        return counted[0]

    small, large = count(150), count(300)
    assert large <= 2.2 * small, (small, large)


def test_hit_lines_reads_each_byte_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines of a module's retired names, counted on from the previous hit, not from the top."""
    scanned = [0]

    class Counting:
        def findall(self, data: bytes, pos: int, endpos: int) -> list[bytes]:
            scanned[0] += endpos - pos
            return re.compile(rb"\r\n?|\n").findall(data, pos, endpos)

    monkeypatch.setattr(repo, "NEWLINE_BYTES", Counting())
    data = calls(2000).replace("\n", "\r\n", 500).encode()
    lines = repo._hit_lines(data, load_rules())
    text = data.decode()
    expected = [
        len(re.findall(r"\r\n?|\n", text[: m.start()])) + 1 for m in re.finditer("deepseek-chat", text)
    ]
    assert lines == expected
    assert scanned[0] <= len(data)


def test_results_stream_out_before_the_run_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed file's result (with both texts) reaches the caller before the next files are checked."""
    for i in range(12):
        (tmp_path / f"m{i:02d}.py").write_text(calls(1))
    checked: list[Path] = []
    real = api.process

    def counting(path: Path, *rest):  # type: ignore[no-untyped-def]
        checked.append(path)
        return real(path, *rest)

    monkeypatch.setattr(api, "process", counting)
    settings = engine.Settings(rules=load_rules(), cwd=str(tmp_path), apply=True)
    results: Iterator[engine.FileResult] = api.run(
        [tmp_path], settings, Discovery(project_root=tmp_path), jobs=1
    )
    seen = []
    for result in results:
        assert result.fixed is not None
        seen.append(result.path)
        assert len(checked) == len(seen), "results were held back"
    assert seen == sorted(seen) and len(seen) == 12
