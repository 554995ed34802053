"""One analysis, several outputs: --format NAME=FILE, --output-file, --statistics,
--exit-zero, --version, '-' for stdin, did-you-mean, ``rules --format json``, help without Python types."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migrate.cli import _fast_parse

ROOT = Path(__file__).resolve().parent.parent
CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
CHECK_ONLY = 'if model == "deepseek-chat":\n    pass\n'


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Sources in src/; the runs' output files go beside it, out of the scanned tree."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(CALL)
    (tmp_path / "src" / "b.py").write_text(CALL + CHECK_ONLY)
    return tmp_path


def test_several_formats_in_one_run_match_separate_runs(tree: Path) -> None:
    one = cli(
        "check", "--format", "github", "--format", "sarif=out.sarif", "-f", "markdown=summary.md",
        "--format", "json=out.json", "src", cwd=tree,
    )  # fmt: skip
    assert one.returncode == 1
    assert one.stdout == cli("check", "--format", "github", "src", cwd=tree).stdout
    for fmt, name in (("sarif", "out.sarif"), ("markdown", "summary.md"), ("json", "out.json")):
        alone = cli("check", "--format", fmt, "--quiet", "src", cwd=tree)
        assert (tree / name).read_text() == alone.stdout, fmt
    assert json.loads((tree / "out.json").read_text())["findings"]


def test_output_file_takes_the_stdout_format(tree: Path) -> None:
    result = cli("check", "-o", "report.txt", "src", cwd=tree)
    assert result.returncode == 1 and result.stdout == ""
    assert "src/a.py:1:38: DSM101" in (tree / "report.txt").read_text()
    assert "files scanned" in result.stderr


def test_output_errors_are_usage_errors_before_any_write(tree: Path) -> None:
    two = cli("check", "--format", "json", "--format", "sarif", "src", cwd=tree)
    assert two.returncode == 2 and "only one format can go to stdout" in two.stderr
    typo = cli("check", "--format", "jsn", "src", cwd=tree)
    assert typo.returncode == 2 and "unknown format 'jsn' (did you mean 'json'?)" in typo.stderr
    unwritable = cli("fix", "--format", "json=no/such/dir/out.json", "src", cwd=tree)
    assert unwritable.returncode == 2 and "cannot write the output" in unwritable.stderr
    assert (tree / "src" / "a.py").read_text() == CALL


def test_statistics_counts_per_rule(tree: Path) -> None:
    result = cli("check", "--statistics", "src", cwd=tree)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "2  DSM101  retired-model-in-openai-call [*]"
    assert any(re.fullmatch(r"1  DSM301  retired-model-comparison", line) for line in lines)
    assert "src/a.py:1:38" not in result.stdout


def test_exit_zero_keeps_errors(tree: Path) -> None:
    assert cli("check", "--exit-zero", "src", cwd=tree).returncode == 0
    (tree / "src" / "bad.py").write_text('def f(:\n    m = "deepseek-chat"\n')
    assert cli("check", "--exit-zero", "src", cwd=tree).returncode == 2


def test_version() -> None:
    result = cli("--version", cwd=ROOT)
    assert result.returncode == 0
    assert re.fullmatch(r"deepseek-migrate \d+\.\d+\.\d+\S*\n", result.stdout)


def test_dash_reads_stdin_as_python(tmp_path: Path) -> None:
    found = cli("check", "-", cwd=tmp_path, stdin=CALL)
    assert found.returncode == 1 and "-:1:38: DSM101" in found.stdout
    fixed = cli("fix", "-", cwd=tmp_path, stdin=CALL)
    assert fixed.returncode == 0
    assert fixed.stdout.startswith('client.chat.completions.create(model="deepseek-v4-flash"')
    named = cli("check", "--stdin-filename", "conf.yaml", "-", cwd=tmp_path, stdin="model: deepseek-chat\n")
    assert "conf.yaml:1:8: DSM202" in named.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--select", "DSM10l", "."], "unknown rule 'DSM10l' (did you mean 'DSM110'?)"),
        (
            ["check", "--ignore", "retired-model-comparision", "src"],
            "(did you mean 'retired-model-comparison'?)",
        ),
        (["explain", "DSM3O1"], "unknown rule 'DSM3O1' (did you mean 'DSM301'?)"),
    ],
)
def test_did_you_mean_for_rule_codes(tmp_path: Path, args: list[str], message: str) -> None:
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_rules_as_json_with_fix_safety() -> None:
    result = cli("rules", "--format", "json", cwd=ROOT)
    assert result.returncode == 0
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert rows["DSM101"]["fix"] == "safe / unsafe"
    assert rows["DSM301"]["fix"] == "report only"
    assert set(rows["DSM101"]) == {"code", "name", "severity", "fix", "summary"}


@pytest.mark.parametrize("command", ["check", "diff", "fix"])
def test_help_shows_no_python_types_and_groups_options(command: str) -> None:
    result = cli(command, "--help", cwd=ROOT)
    assert result.returncode == 0
    ours = [line for line in result.stdout.splitlines() if "--help" not in line]  # typer's own option
    assert not re.search(r"<(bool|str|int|path|list\[\w+\])>", "\n".join(ours), re.IGNORECASE), result.stdout
    for panel in ("Output", "Rules", "Files", "Exit code", "Run"):
        assert f"─ {panel} ─" in result.stdout
    assert "FORMAT[=FILE]" in result.stdout and "PATH: files or folders" in result.stdout


@pytest.mark.parametrize("command", [[], ["check"], ["diff"], ["fix"], ["rules"], ["explain"]])
def test_help_of_every_command_names_values_not_python_types(command: list[str]) -> None:
    """Issue 17.5: no ``<bool>`` after a flag (``--help`` included), no click type names
    (``BOOLEAN``, ``TEXT``, ``<str>``) where a metavar says more, the epilog shown once."""
    result = cli(*command, "--help", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert not re.search(r"<(bool|str|int|path|list\[\w+\])>|\bBOOLEAN\b|\bTEXT\b", result.stdout), (
        result.stdout
    )
    assert re.search(r"--help\s+Show this message", result.stdout)
    assert result.stdout.count("Exit codes: 0 clean") <= 1
    if command == ["explain"]:
        assert "CODE" in result.stdout
    if command and command[0] in ("check", "diff", "fix"):
        assert "[PATH]..." in result.stdout and "PATH: files or folders" in result.stdout


def test_fast_path_reads_repeated_formats_as_typer_does() -> None:
    assert _fast_parse(["check", "-f", "github", "--format", "sarif=x.sarif", "-o", "o.txt", "-"]) == (
        "check",
        {"fmt": ["github", "sarif=x.sarif"], "output_file": Path("o.txt"), "paths": [Path("-")]},
    )
    assert _fast_parse(["check", "--format", "--quiet"]) is None  # typer reports the missing value


def test_action_analyses_once() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    scripts = "\n".join(step["run"] for step in action["runs"]["steps"])
    assert len(re.findall(r"^\s*deepseek-migrate check\b", scripts, re.MULTILINE)) == 1


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A safe fix, an unsafe one, a docs fix, one for manual review and an info finding."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(CALL + CHECK_ONLY)
    (tmp_path / "src" / "b.py").write_text(
        'def ask(p, model="deepseek-chat"):\n    return wrap(p, model=model)\n'
    )
    (tmp_path / "src" / "NOTES.md").write_text("Use `deepseek-chat` for speed.\n")
    (tmp_path / "src" / "c.py").write_text(CALL.replace("messages=[]", "messages=[], extra_body=EXTRA"))
    return tmp_path


def numbers(text: str) -> list[tuple[str, int]]:
    found = re.findall(r"(\d+) (fixed|remaining|fixable with|more with|needs?|for manual review)", text)
    return sorted((word.rstrip("s") if word.startswith("need") else word, int(n)) for n, word in found)


def test_summaries_say_what_to_run_next_with_the_same_numbers(mixed: Path) -> None:
    text = cli("check", "src", cwd=mixed).stderr
    document = json.loads(cli("check", "--format", "json", "-q", "src", cwd=mixed).stdout)["summary"]
    markdown = cli("check", "--format", "markdown", "-q", "src", cwd=mixed).stdout
    steps = text.splitlines()[-1]
    for step in (
        "fixable with `deepseek-migrate fix`",
        "more with `fix --unsafe-fixes`",
        "needs `fix --docs`",
    ):
        assert step in steps, text
    expected = numbers("; ".join(document["next_steps"]))
    assert numbers(steps) == expected
    assert numbers(markdown.split("remaining", 1)[1].split("\n")[0]) == expected
    assert document["remaining"] == document["findings"] - document["fixed"]
    assert f"0 fixed, {document['remaining']} remaining" in markdown


def test_fix_says_how_many_were_fixed_and_remain(mixed: Path) -> None:
    before = json.loads(cli("check", "--format", "json", "-q", "src", cwd=mixed).stdout)["summary"]
    result = cli("fix", "src", cwd=mixed)
    fixed = before["fixable"]["safe"]
    assert f"; {fixed} fixed, {before['findings'] - fixed} remaining" in result.stderr
    assert "more with `fix --unsafe-fixes`" in result.stderr
    assert "(`deepseek-migrate check` lists them)" in result.stderr


def test_plurals_in_the_summary(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CALL)
    result = cli("check", "a.py", cwd=tmp_path)
    assert "1 file scanned; 1 error, 0 warnings, 0 info" in result.stderr
    assert "1 fixable with `deepseek-migrate fix`" in result.stderr


def test_diff_reports_nothing_as_applied(mixed: Path) -> None:
    document = json.loads(cli("diff", "--format", "json", "-q", "src", cwd=mixed).stdout)
    assert document["findings"] and not any(f["applied"] for f in document["findings"])
    assert document["summary"]["fixes_applied"] == 0
    assert (mixed / "src" / "a.py").read_text() == CALL + CHECK_ONLY
