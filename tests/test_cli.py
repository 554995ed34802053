"""The command line, end to end: exit codes, what is written and what is not, output streams."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate.cli import app

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo-repo"


def cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def tree_hash(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def test_check_demo_exits_1_and_lists_findings(demo: Path) -> None:
    result = cli("check", str(demo))
    assert result.returncode == 1, result.stderr
    assert "DSM101" in result.stdout and "DSM102" in result.stdout and "DSM103" in result.stdout
    assert "files scanned" in result.stderr


def test_diff_writes_nothing_and_shows_the_change(demo: Path) -> None:
    before = tree_hash(demo)
    result = cli("diff", str(demo))
    assert result.returncode == 0, result.stderr
    assert '+CHAT_MODEL = "deepseek-v4-flash"' in result.stdout
    assert '+        extra_body={"thinking": {"type": "disabled"}},' in result.stdout
    assert tree_hash(demo) == before
    assert cli("diff", "--exit-code", str(demo)).returncode == 1


def test_fix_writes_then_second_run_changes_nothing(demo: Path) -> None:
    first = cli("fix", str(demo))
    # What remains (comparison, lookup table, OpenRouter) are warnings: below the default fail-on.
    assert first.returncode == 0, first.stderr
    assert "for manual review" in first.stderr
    assert cli("fix", "--fail-on", "warning", str(demo)).returncode == 1
    assert "7 fixed, 6 remaining" in first.stderr
    text = (demo / "assistant" / "llm.py").read_text()
    assert 'CHAT_MODEL = "deepseek-v4-flash"' in text
    after = tree_hash(demo)
    second = cli("fix", str(demo))
    assert tree_hash(demo) == after
    assert "no files were modified" in second.stderr
    assert cli("diff", "--exit-code", str(demo)).returncode == 0


def test_fix_exits_1_while_an_error_needs_manual_review(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        'def ask(prompt, model="deepseek-chat"):\n    return wrapper(prompt, model=model)\n'
    )
    result = cli("fix", str(tmp_path))
    assert result.returncode == 1
    assert "DSM199" in result.stdout


def test_fix_keeps_crlf_bom_and_missing_final_newline(tmp_path: Path) -> None:
    src = '\ufeffimport openai\r\nc = openai.OpenAI(base_url="https://api.deepseek.com")\r\nc.chat.completions.create(model="deepseek-chat", messages=[])'
    path = tmp_path / "crlf.py"
    path.write_bytes(src.encode("utf-8"))
    assert cli("fix", str(path)).returncode == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert data.endswith(b'extra_body={"thinking": {"type": "disabled"}})')


def test_latin1_file_with_coding_cookie_keeps_its_encoding(tmp_path: Path) -> None:
    src = '# -*- coding: latin-1 -*-\n# caf\xe9\nclient.chat.completions.create(model="deepseek-reasoner", messages=[])\n'
    path = tmp_path / "latin.py"
    path.write_bytes(src.encode("latin-1"))
    assert cli("fix", str(path)).returncode == 0
    assert path.read_bytes().decode("latin-1") == src.replace(
        'model="deepseek-reasoner", messages=[]',
        'model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "enabled"}}',
    )


def test_syntax_error_is_reported_and_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text('def f(:\n    model = "deepseek-chat"\n')
    (tmp_path / "good.py").write_text('client.chat.completions.create(model="deepseek-chat", messages=[])\n')
    result = cli("fix", str(tmp_path))
    assert result.returncode == 2
    assert "bad.py:1:7: DSM901 syntax error at line 1, column 7" in result.stdout
    assert "bad.py:2:14: DSM199" in result.stdout
    assert "deepseek-v4-flash" in (tmp_path / "good.py").read_text()
    assert (tmp_path / "bad.py").read_text() == 'def f(:\n    model = "deepseek-chat"\n'


def test_json_format_goes_to_stdout_only(demo: Path) -> None:
    result = cli("check", "--format", "json", "--quiet", str(demo))
    assert result.returncode == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["version"] == 1
    finding = next(f for f in data["findings"] if f["code"] == "DSM101")
    assert set(finding) >= {
        "path", "line", "column", "end_line", "end_column", "code", "name", "severity",
        "message", "old", "new", "thinking", "fix", "cell",
    }  # fmt: skip
    assert finding["fix"]["applicability"] == "safe"
    assert not finding["path"].startswith("/")


def test_target_and_reasoning_effort(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text('client.chat.completions.create(model="deepseek-reasoner", messages=[])\n')
    assert cli("fix", "--target", "deepseek-flash", "--reasoning-effort", "max", str(path)).returncode == 0
    assert path.read_text() == (
        'client.chat.completions.create(model="deepseek-flash", messages=[], '
        'extra_body={"thinking": {"type": "enabled"}}, reasoning_effort="max")\n'
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/path"], "no/such/path: no such file or folder"),
        (["check", "--select", "DSM999", "."], "unknown rule 'DSM999'"),
        (["check", "--target", "bad name!", "."], "--target must be a model name"),
        (["explain", "DSM000"], "unknown rule 'DSM000'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_key_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.deepseek-migrate]\ntarget = "deepseek-flash"\nbogus = 1\n'
    )
    (tmp_path / "a.py").write_text("x = 1\n")
    result = cli("check", str(tmp_path / "a.py"))
    assert result.returncode == 2
    assert "unknown key 'bogus' (valid:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_rule_pack_is_one_line_exit_2(tmp_path: Path) -> None:
    pack = tmp_path / "extra.toml"
    pack.write_text(
        '[pack]\nid = "x"\nsummary = "s"\nsource = "u"\nretired = 2026-01-01T00:00:00Z\n'
        '[[rename]]\nold = "old-model"\nnew = "new-model"\nthinking = "maybe"\n'
    )
    result = cli("check", "--rule-pack", str(pack), str(tmp_path))
    assert result.returncode == 2
    assert "rename[0].thinking must be 'disabled' or 'enabled'" in result.stderr


def test_rules_and_explain() -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0
    assert "DSM101" in listing.output and "retired-model-in-openai-call" in listing.output
    explained = runner.invoke(app, ["explain", "DSM101"])
    assert explained.exit_code == 0
    assert "## Fix safety" in explained.output and "extra_body" in explained.output
    by_name = runner.invoke(app, ["explain", "retired-model-comparison"])
    assert by_name.exit_code == 0 and "DSM301" in by_name.output


def test_markup_in_code_prints_as_is(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        'x: list[str] = ["[/]"]\nclient.chat.completions.create(model="deepseek-chat", messages=x)\n'
    )
    result = cli("diff", str(path))
    assert result.returncode == 0, result.stderr
    assert 'x: list[str] = ["[/]"]' in result.stdout or "[/]" in result.stdout
    assert "Traceback" not in result.stderr


def test_clean_tree_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('model = "deepseek-v4-flash"\n')
    result = cli("check", str(tmp_path))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[tool.deepseek-migrate]\ntarget = "deepseek-flash"\ntarget = "deepseek-v4-pro"\n',
            ":3:1: invalid TOML: duplicate key 'target' in [tool.deepseek-migrate]",
        ),
        (
            '[tool.deepseek-migrate]\nselect = ["DSM101"\nignore = []\n',
            ":3:1: invalid TOML: Unclosed array",
        ),
        (
            "[tool.deepseek-migrate]\n[tool.deepseek-migrate]\n",
            ":2:1: invalid TOML: duplicate table [tool.deepseek-migrate]",
        ),
    ],
)
def test_broken_pyproject_is_an_error_naming_file_line_and_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    """A TOML error used to drop the whole table silently: the run went on with the defaults."""
    (tmp_path / "pyproject.toml").write_text(toml)
    (tmp_path / "a.py").write_text('client.chat.completions.create(model="deepseek-chat", messages=[])\n')
    result = cli("fix", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("deepseek-migrate: error: ")
    assert f"pyproject.toml{message}" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "deepseek-chat" in (tmp_path / "a.py").read_text()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('select = ["DSM999"]', "pyproject.toml: 'select': unknown rule 'DSM999'"),
        ('ignore = ["nope"]', "pyproject.toml: 'ignore': unknown rule 'nope'"),
        ('per-file-ignores = {"a.py" = ["DSM999"]}', "pyproject.toml: 'per-file-ignores.a.py': unknown rule"),
        ('target = "bad name!"', "pyproject.toml: 'target' must be a model name"),
        ('reasoning-effort = "low"', "pyproject.toml: 'reasoning-effort' must be one of high, max"),
    ],
)
def test_config_values_are_named_by_their_key(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.deepseek-migrate]\n{toml}\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    result = cli("check", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "--" not in result.stderr.split("valid:")[0]


def test_unknown_target_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    """A typo in --target used to rewrite every file to the misspelt name."""
    path = tmp_path / "a.py"
    source = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
    path.write_text(source)
    result = cli("fix", "--target", "deepseek-v4-flsh", str(path))
    assert result.returncode == 2
    assert (
        "--target: unknown model name 'deepseek-v4-flsh' (did you mean 'deepseek-v4-flash'?" in result.stderr
    )
    assert "--allow-unknown-target" in result.stderr
    assert path.read_text() == source
    assert cli("fix", "--target", "deepseek-v4-pro", str(path), cwd=tmp_path).returncode == 0
    assert "deepseek-v4-pro" in path.read_text()


def test_unknown_target_needs_an_explicit_opt_in(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text('client.chat.completions.create(model="deepseek-chat", messages=[])\n')
    result = cli("fix", "--target", "my-proxy-model", "--allow-unknown-target", str(path))
    assert result.returncode == 0, result.stderr
    assert 'model="my-proxy-model"' in path.read_text()


def test_unknown_target_in_config_names_the_key_and_its_opt_in(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.deepseek-migrate]\ntarget = "deepseek-v4-flsh"\n')
    (tmp_path / "a.py").write_text('client.chat.completions.create(model="deepseek-chat", messages=[])\n')
    result = cli("check", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml: 'target': unknown model name 'deepseek-v4-flsh'" in result.stderr
    assert "allow-unknown-target = true" in result.stderr
    with (tmp_path / "pyproject.toml").open("a") as fh:
        fh.write("allow-unknown-target = true\n")
    assert cli("check", "a.py", cwd=tmp_path).returncode == 1


def test_syntax_error_points_at_its_line_and_column_once(tmp_path: Path) -> None:
    """DSM901 used to sit at 1:1 whatever the line, and --format github annotated the file twice."""
    (tmp_path / "bad.py").write_text('import os\n\ndef f(:\n    model = "deepseek-chat"\n')
    text = cli("check", "bad.py", cwd=tmp_path)
    assert text.returncode == 2
    assert "bad.py:3:7: DSM901 syntax error at line 3, column 7: invalid syntax" in text.stdout.splitlines()
    github = cli("check", "--format", "github", "bad.py", cwd=tmp_path)
    assert github.returncode == 2
    annotations = [line for line in github.stdout.splitlines() if "syntax error" in line]
    assert annotations == [
        "::error file=bad.py,line=3,col=7,endLine=3,endColumn=7,title=deepseek-migrate (DSM901)"
        "::syntax error at line 3, column 7: invalid syntax"
    ]
    ignored = cli("check", "--format", "github", "--ignore", "DSM901", "bad.py", cwd=tmp_path)
    assert "::error file=bad.py,title=deepseek-migrate::syntax error at line 3" in ignored.stdout


CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'


@pytest.fixture
def excluding(tmp_path: Path) -> Path:
    """A git work tree whose config excludes legacy/ and whose .gitignore ignores generated/."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "pyproject.toml").write_text('[tool.deepseek-migrate]\nextend-exclude = ["legacy/"]\n')
    (tmp_path / ".gitignore").write_text("generated/\n*.log\n")
    for folder in ("src", "legacy", "generated"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(CALL)
    (tmp_path / "generated" / "inner").mkdir()
    (tmp_path / "generated" / "inner" / ".gitignore").write_text("skip.py\n")
    (tmp_path / "generated" / "inner" / "skip.py").write_text(CALL)
    return tmp_path


def test_whole_tree_leaves_out_excluded_and_ignored_folders(excluding: Path) -> None:
    result = cli("check", ".", cwd=excluding)
    assert result.returncode == 1
    assert "src/m.py" in result.stdout
    assert "legacy" not in result.stdout and "generated" not in result.stdout


@pytest.mark.parametrize("folder", ["legacy", "generated"])
def test_named_folder_is_checked_even_when_excluded_or_ignored(excluding: Path, folder: str) -> None:
    """Ruff's semantics: naming a path asks for it. It used to be 0 files scanned, exit 0."""
    result = cli("check", folder, cwd=excluding)
    assert result.returncode == 1, result.stderr
    assert f"{folder}/m.py:1:38: DSM101" in result.stdout
    assert "1 file scanned" in result.stderr
    # An ignore file inside the named folder still applies.
    assert "skip.py" not in result.stdout


def test_named_file_is_checked_even_when_excluded(excluding: Path) -> None:
    result = cli("check", "legacy/m.py", cwd=excluding)
    assert result.returncode == 1, result.stderr
    assert "legacy/m.py:1:38: DSM101" in result.stdout


@pytest.mark.parametrize("named", ["legacy", "legacy/m.py"])
def test_force_exclude_skips_a_named_path_and_says_so(excluding: Path, named: str) -> None:
    result = cli("check", "--force-exclude", named, cwd=excluding)
    assert result.returncode == 0
    assert result.stdout == ""
    assert (
        f"deepseek-migrate: warning: {named}: not checked: excluded by the configuration's exclude patterns"
        in result.stderr
    )
    assert "--force-exclude" in result.stderr


def test_named_file_of_unknown_kind_and_empty_run_are_warnings(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text(CALL)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.pdf").write_text(CALL)
    named = cli("check", "notes.pdf", cwd=tmp_path)
    assert named.returncode == 0
    assert "deepseek-migrate: warning: notes.pdf: not checked: not a kind of file" in named.stderr
    empty = cli("check", "docs", cwd=tmp_path)
    assert empty.returncode == 0
    assert "deepseek-migrate: warning: no file was checked" in empty.stderr
    assert "0 files scanned" in empty.stderr
