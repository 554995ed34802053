"""Bounded memory from tiny or hostile inputs: YAML alias bombs, rule packs and config that are devices,
FIFOs, huge or outside the project, and huge sparse source files.

Memory is measured as the peak resident size of a subprocess (``resource.getrusage``), or
capped with ``RLIMIT_AS`` so a run that would need gigabytes fails; never by timing.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import engine
from migrate.adapters.files.yaml_files import YamlAdapter
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="devices, FIFOs and rlimits")


def cli(*args: str, cwd: Path, limit_mb: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}

    def cap() -> None:
        if limit_mb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        preexec_fn=cap,
    )


def bomb(levels: int) -> str:
    """``levels`` lists of nine aliases to the previous one: 9 ** levels places in a few hundred bytes."""
    lines = [f"a0: &a0 [{', '.join(['deepseek-chat'] * 9)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\nmodel: deepseek-chat\n"


def yaml_reports(text: str) -> list[str]:
    from migrate.adapters.base import Context

    return [r.message for r in YamlAdapter().check(text, Context(path="agent.yaml", rules=load_rules()))]


def test_a_yaml_alias_bomb_is_refused_as_unparsed() -> None:
    messages = yaml_reports(bomb(6))  # 531,441 places from 55 nodes
    assert messages and all("refused as an alias bomb" in m and "not fixed" in m for m in messages)


def test_yaml_aliases_within_bounds_are_still_fixed() -> None:
    """The no-op twin: anchors and aliases used as configs use them."""
    text = "base: &base\n  temperature: 0\nprod:\n  <<: *base\n  model: deepseek-chat\nlist: [*base, *base]\n"
    messages = yaml_reports(text)
    assert len(messages) == 1 and "alias bomb" not in messages[0]


@posix_only
def test_a_398_byte_alias_bomb_runs_in_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "agent.yaml").write_text(bomb(9))  # 387 million places
    result = cli("check", "agent.yaml", cwd=tmp_path, limit_mb=1500)
    assert "refused as an alias bomb" in result.stdout, result.stderr[-2000:]


PACK = (
    '[pack]\nid = "x"\nsummary = "s"\nsource = "u"\nretired = 2026-01-01T00:00:00Z\n'
    '[[rename]]\nold = "old-model"\nnew = "new-model"\nthinking = "disabled"\n'
)


def project(tmp_path: Path, packs: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.deepseek-migrate]\nrule-packs = [{packs}]\n")
    (tmp_path / "a.py").write_text('MODEL = "old-model"\n')
    return tmp_path


@posix_only
@pytest.mark.parametrize("pack", ["/dev/zero", "../outside.toml"])
def test_a_rule_pack_outside_the_project_is_refused(tmp_path: Path, pack: str) -> None:
    (tmp_path / "outside.toml").write_text(PACK)
    (tmp_path / "repo").mkdir()
    root = project(tmp_path / "repo", f'"{pack}"')
    result = cli("check", ".", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(f"'rule-packs' entry '{pack}' is outside the project ({root})")
    assert len(result.stderr.strip().splitlines()) == 1


@posix_only
def test_a_rule_pack_that_is_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    os.mkfifo(tmp_path / "proj" / "pack.toml")  # nobody writes: an open that waits would hang the run
    result = cli("check", ".", cwd=project(tmp_path / "proj", '"pack.toml"'))
    assert result.returncode == 2
    assert "pack.toml: cannot read rule pack: not a regular file" in result.stderr
    (tmp_path / "other").mkdir()
    result = cli("check", "--rule-pack", "/dev/zero", ".", cwd=tmp_path / "other", limit_mb=1000)
    assert result.returncode == 2
    assert "/dev/zero: cannot read rule pack: not a regular file" in result.stderr


def test_an_oversized_rule_pack_or_config_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(PACK + "#" * (1 << 20))
    result = cli("check", ".", cwd=project(tmp_path, '"pack.toml"'))
    assert result.returncode == 2
    assert "pack.toml: cannot read rule pack: too large (" in result.stderr
    big = tmp_path / "big"
    big.mkdir()
    (big / "settings.toml").write_text("target = 'deepseek-v4-flash'\n" + "#" * (1 << 20))
    result = cli("check", "--config", "settings.toml", ".", cwd=big)
    assert result.returncode == 2
    assert "settings.toml: cannot read: too large (" in result.stderr


def test_a_rule_pack_error_does_not_quote_the_file(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(PACK.replace('"old-model"', '"hunter2 secret token"'))
    result = cli("check", ".", cwd=project(tmp_path, '"pack.toml"'))
    assert result.returncode == 2
    assert "rename[0].old must be a model name, got a string of 20 characters" in result.stderr
    assert "hunter2" not in result.stderr


@posix_only
def test_a_huge_sparse_source_file_is_checked_in_flat_memory(tmp_path: Path) -> None:
    """1 GB of NULs with no retired name: skipped after a block-by-block search, not read whole."""
    with open(tmp_path / "big.py", "wb") as f:
        f.truncate(1 << 30)
    (tmp_path / "a.py").write_text('MODEL = "deepseek-chat"\n')
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'migrate', 'check', '--jobs', '1', '.'])\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=240
    )
    code, peak_kb = map(int, out.stdout.split()[-2:])
    assert code == 1 and "a.py:1:9: DSM199" in out.stdout
    assert "big.py" not in out.stdout
    assert peak_kb < 300 << 10, f"peak {peak_kb >> 10} MB"


@pytest.mark.parametrize("seed", range(4))
def test_the_block_by_block_text_scan_finds_what_the_whole_text_scan_finds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names across block edges, CR/LF/CRLF split between blocks, multi-byte and invalid UTF-8."""
    settings = engine.Settings(rules=load_rules())
    rng = random.Random(seed)
    parts = [
        "deepseek-chat",
        "deepseek-reasoner",
        "\r\n",
        "\n",
        "\r",
        "x",
        "é",
        "漢",
        " ",
        "-",
        "a deepseek-chat.b",
    ]
    path = tmp_path / "big.py"
    for _ in range(100):
        monkeypatch.setattr(engine, "LARGE_BLOCK", rng.choice([7, 13, 64, 200]))
        monkeypatch.setattr(engine, "OVERLAP", rng.choice([20, 30, 50]))
        data = "".join(rng.choice(parts) for _ in range(rng.randint(0, 120))).encode()
        data += rng.choice([b"", b"\xff", b"\xe6\xbc"])
        path.write_bytes(data)
        whole = engine._backstop("big.py", data, "e", settings).findings
        blocks = engine._large_backstop(path, "big.py", settings).findings
        assert [(f.line, f.column, f.end_line, f.end_column, f.old) for f in blocks[1:]] == [
            (f.line, f.column, f.end_line, f.end_column, f.old) for f in whole[1:]
        ], data
