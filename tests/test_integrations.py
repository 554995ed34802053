"""Where users run the tool: suppressions, stdin, the git dirty-tree guard, config, and real pre-commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import suppress
from migrate.api import check_source
from migrate.engine import Settings, finish, process_bytes
from migrate.model import Applicability, Edit, Fix, Report
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent
CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
    )


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


# --- suppressions -----------------------------------------------------------------


def codes(source: str, path: str = "a.py", kind: str = "python") -> list[str]:
    return [f.code for f in check_source(source, path=path, kind=kind).findings]


def test_line_suppression_with_and_without_codes() -> None:
    assert codes(CALL.rstrip("\n") + "  # deepseek-migrate: ignore[DSM101]\n") == []
    assert codes(CALL.rstrip("\n") + "  # deepseek-migrate: ignore\n") == []
    assert codes(CALL.rstrip("\n") + "  # deepseek-migrate: ignore[DSM102]\n") == ["DSM101", "DSM902"]


def test_own_line_suppression_covers_the_multiline_call_below() -> None:
    source = (
        "# deepseek-migrate: ignore[DSM101]\n"
        "client.chat.completions.create(\n"
        '    model="deepseek-chat",\n'
        "    messages=[],\n"
        ")\n"
        'other = client.chat.completions.create(model="deepseek-chat", messages=[])\n'
    )
    found = check_source(source).findings
    assert [(f.code, f.line) for f in found] == [("DSM101", 6)]


def test_file_level_suppression() -> None:
    assert codes("# deepseek-migrate: ignore-file\n" + CALL + CALL) == []


def test_unused_and_unknown_suppressions_are_reported() -> None:
    found = check_source(
        "x = 1  # deepseek-migrate: ignore[DSM101]\ny = 2  # deepseek-migrate: ignore[XYZ9]\n"
    ).findings
    messages = [f.message for f in found if f.code == "DSM902"]
    assert len(messages) == 2
    assert "unused suppression" in messages[0] and "unknown rule codes: XYZ9" in messages[1]


@pytest.mark.parametrize(("select", "ignore"), [((), ("DSM101",)), (("DSM902",), ()), (("DSM9",), ("DSM1",))])
def test_suppression_of_a_code_left_out_of_the_run_is_not_unused(
    select: tuple[str, ...], ignore: tuple[str, ...]
) -> None:
    settings = Settings(rules=load_rules(), select=frozenset(select), ignore=frozenset(ignore))
    source = (
        CALL.rstrip("\n")
        + "  # deepseek-migrate: ignore[DSM101]\n"
        + "x = 1  # deepseek-migrate: ignore[DSM101]\n"
    )
    found = process_bytes(source.encode(), "python", settings, "a.py").findings
    assert [(f.code, f.line) for f in found] == [("DSM902", 2)]


@pytest.mark.parametrize(
    ("select", "ignore", "reported"),
    [((), (), True), ((), ("DSM903",), False), (("DSM1",), (), False), (("DSM1", "DSM903"), (), True)],
)
def test_refused_fix_honours_select_and_ignore(
    select: tuple[str, ...], ignore: tuple[str, ...], reported: bool
) -> None:
    settings = Settings(rules=load_rules(), apply=True, select=frozenset(select), ignore=frozenset(ignore))
    text = 'MODEL = "deepseek-chat"\n'
    breaks = Report("DSM101", 8, 23, "retired", fix=Fix(Applicability.SAFE, "break it", (Edit(8, 23, "("),)))
    result = finish("a.py", text, [breaks], "python", settings, "utf-8")
    assert result.fixed is None
    assert any(f.code == "DSM903" for f in result.findings) is reported


@pytest.mark.parametrize(
    ("path", "kind", "text"),
    [
        (".env", "env", "DEEPSEEK_MODEL=deepseek-reasoner  # deepseek-migrate: ignore\n"),
        ("agent.yaml", "yaml", "model: deepseek-reasoner  # deepseek-migrate: ignore\n"),
        ("agent.toml", "toml", 'model = "deepseek-reasoner"  # deepseek-migrate: ignore\n'),
    ],
)
def test_same_comment_syntax_in_config_files(path: str, kind: str, text: str) -> None:
    unsuppressed = text.split("  #")[0] + "\n"
    assert codes(unsuppressed, path, kind), "the twin without the comment must have a finding"
    assert codes(text, path, kind) == []


# --- stdin ------------------------------------------------------------------------


def test_stdin_fix_writes_fixed_source_to_stdout(tmp_path: Path) -> None:
    result = cli("fix", "--stdin-filename", "pkg/mod.py", cwd=tmp_path, stdin=CALL)
    assert result.returncode == 0
    assert result.stdout == CALL.replace(
        '"deepseek-chat", messages=[]',
        '"deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}}',
    )
    assert not (tmp_path / "pkg").exists()


def test_stdin_check_and_unsupported_name(tmp_path: Path) -> None:
    found = cli("check", "--stdin-filename", "mod.py", cwd=tmp_path, stdin=CALL)
    assert found.returncode == 1 and "mod.py:1:38: DSM101" in found.stdout
    passthrough = cli("fix", "--stdin-filename", "notes.pdf", cwd=tmp_path, stdin=CALL)
    assert passthrough.returncode == 0 and passthrough.stdout == CALL
    # A text kind the tool reads but cannot parse: reported, and `fix` without --unsafe-fixes leaves it.
    text = cli("fix", "--stdin-filename", "notes.txt", cwd=tmp_path, stdin=CALL)
    assert text.returncode == 1 and text.stdout == CALL and "DSM206" in text.stderr


# --- git dirty-tree guard -----------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "a.py").write_text(CALL)
    git("add", "a.py", cwd=tmp_path)
    git("commit", "-qm", "init", cwd=tmp_path)
    return tmp_path


def test_fix_writes_committed_files(repo: Path) -> None:
    assert cli("fix", ".", cwd=repo).returncode == 0
    assert "deepseek-v4-flash" in (repo / "a.py").read_text()


def test_fix_refuses_dirty_and_untracked_files_unless_allowed(repo: Path) -> None:
    (repo / "a.py").write_text("# edited\n" + CALL)
    (repo / "b.py").write_text(CALL)
    refused = cli("fix", ".", cwd=repo)
    assert refused.returncode == 2
    assert "has uncommitted changes in git" in refused.stdout + refused.stderr
    assert "is untracked" in refused.stdout + refused.stderr
    assert (repo / "a.py").read_text() == "# edited\n" + CALL
    assert (repo / "b.py").read_text() == CALL
    assert cli("fix", "--allow-dirty", ".", cwd=repo).returncode == 0
    assert (
        "deepseek-v4-flash" in (repo / "a.py").read_text()
        and "deepseek-v4-flash" in (repo / "b.py").read_text()
    )


def test_allow_staged_writes_staged_only_files(repo: Path) -> None:
    (repo / "a.py").write_text("# edited\n" + CALL)
    git("add", "a.py", cwd=repo)
    staged = cli("fix", ".", cwd=repo)
    assert "has staged changes" in staged.stdout + staged.stderr
    assert cli("fix", "--allow-staged", ".", cwd=repo).returncode == 0
    assert "deepseek-v4-flash" in (repo / "a.py").read_text()


# --- config -------------------------------------------------------------------------


def test_pyproject_config_is_used_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.deepseek-migrate]\ntarget = "deepseek-flash"\nextend-exclude = ["generated/"]\n'
        'per-file-ignores = {"legacy/*" = ["DSM101"]}\n'
    )
    for folder in ("src", "generated", "legacy"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(CALL)
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "src/m.py" in result.stdout and "generated" not in result.stdout and "legacy" not in result.stdout
    assert "`deepseek-flash`" in result.stdout
    overridden = cli("check", "--target", "deepseek-v4-flash", ".", cwd=tmp_path)
    assert "`deepseek-v4-flash`" in overridden.stdout


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fail-on = "sometimes"', "'fail-on' must be one of error, warning, info"),
        ("select = 3", "'select' must be a list"),
        ('select = ["DSM999"]', "unknown rule 'DSM999'"),
    ],
)
def test_config_errors(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.deepseek-migrate]\n{body}\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


# --- pre-commit, for real -------------------------------------------------------------


def test_pre_commit_hooks_match_every_kind_the_tool_reads() -> None:
    """The hooks' `files` pattern and discovery's kinds cannot drift apart."""
    import re

    import yaml

    from migrate.kinds import EXTENSIONS, NAMES, file_kind

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    names = [f"src/module{ext}" for ext in EXTENSIONS] + [f"conf/{name}" for name in NAMES]
    names += ["deploy/Dockerfile.dev", ".env", "app/.env.production"]
    for hook in hooks:
        pattern = re.compile(hook["files"])
        for name in names:
            assert file_kind(name.rsplit("/", 1)[-1]) is not None, name
            assert pattern.search(name), (hook["id"], name)
        for other in ("logo.png", "src/module.pyc", "Makefile", "notes.docx"):
            assert file_kind(other) is None and not pattern.search(other), (hook["id"], other)


def test_pre_commit_hooks_with_real_pre_commit(tmp_path: Path) -> None:
    """Check hook fails with the finding; fix hook rewrites and fails; the second run passes."""
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which(
        "pre-commit"
    )
    assert pre_commit is not None, "pre-commit is installed by the test extra"
    # try-repo needs a git repository: snapshot this checkout (with uncommitted work) into one.
    hook_repo = tmp_path / "hooks"
    shutil.copytree(
        ROOT,
        hook_repo,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache"
        ),
    )
    git("init", "-q", cwd=hook_repo)
    git("add", "-A", cwd=hook_repo)
    git("commit", "-qm", "snapshot", cwd=hook_repo)
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / "app.py").write_text(CALL)
    (project / ".env").write_text("DEEPSEEK_MODEL=deepseek-reasoner\n")
    (project / "README.md").write_text("uses deepseek-chat\n")
    git("add", "-A", cwd=project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(hook_repo), name, "--all-files", "--verbose"],
            cwd=project, capture_output=True, text=True, env=env, timeout=900,
        )  # fmt: skip

    checked = hook("deepseek-migrate-check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "app.py:1:38: DSM101" in checked.stdout
    fixed = hook("deepseek-migrate-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert "deepseek-v4-flash" in (project / "app.py").read_text()
    assert (project / ".env").read_text() == "DEEPSEEK_MODEL=deepseek-v4-flash\n"
    assert (project / "README.md").read_text() == "uses deepseek-chat\n"
    git("add", "-A", cwd=project)
    again = hook("deepseek-migrate-check")
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.parametrize(
    "statement",
    [
        'print("(")\n',
        "print('[{')\n",
        "x = 1  # (\n",
        'print("""\n(\n""")\n',
        "total = (1 +\n    2)  # )\n",
    ],
)
def test_own_line_suppression_ignores_brackets_in_strings_and_comments(statement: str) -> None:
    source = "# deepseek-migrate: ignore[DSM101]\n" + statement + CALL
    last = len(statement.splitlines()) + 2
    found = [(f.code, f.line) for f in check_source(source).findings]
    assert found == [("DSM902", 1), ("DSM101", last)]


@pytest.mark.parametrize(
    ("path", "kind", "entry"),
    [
        ("agent.yaml", "yaml", 'note: "("\n'),
        ("agent.yaml", "yaml", "note: '[x'  # (\n"),
        ("agent.toml", "toml", 'note = "(["\n'),
    ],
)
def test_own_line_suppression_in_config_files_ignores_quoted_brackets(
    path: str, kind: str, entry: str
) -> None:
    model = "model: deepseek-reasoner\n" if kind == "yaml" else 'model = "deepseek-reasoner"\n'
    source = "# deepseek-migrate: ignore\n" + entry + model
    found = [(f.code, f.line) for f in check_source(source, path=path, kind=kind).findings]
    assert ("DSM902", 1) in found and any(line == 3 and code != "DSM902" for code, line in found), found


def test_own_line_suppression_above_an_unclosed_bracket_covers_one_line() -> None:
    assert suppress.find("# deepseek-migrate: ignore\nx = (\n" + CALL)[0].last == 2
    nested = "f(\n    # deepseek-migrate: ignore\n    g(1,\n      2))\n" + CALL
    assert suppress.find(nested)[0].last == 4
    assert suppress.find("# deepseek-migrate: ignore\nx: [\n", "yaml")[0].last == 2
