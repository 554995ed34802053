"""The dirty-tree guard fails closed, and never runs a command the scanned repository names.

Each test runs a real ``deepseek-migrate fix`` subprocess on a real git repository. The user's
global git config is replaced by an empty file, so a ``safe.directory`` there cannot change what
git answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
FIXED = CALL.replace(
    '"deepseek-chat", messages=[]',
    '"deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}}',
)
HINT = "cannot tell whether git can give it back; pass --allow-dirty to write it anyway"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "gitconfig").write_text("")
    return {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "250",
        "PYTHONPATH": str(ROOT),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
    }


def cli(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A repository with ``a.py`` committed (it needs a fix), and a clean tree."""
    root = tmp_path / "repo"
    root.mkdir()
    git("init", "-q", cwd=root, env=env)
    (root / "a.py").write_text(CALL)
    git("add", "a.py", cwd=root, env=env)
    git("commit", "-qm", "init", cwd=root, env=env)
    return root


def test_a_committed_file_is_written(repo: Path, env: dict[str, str]) -> None:
    result = cli("fix", "a.py", cwd=repo, env=env)
    assert result.returncode == 0, result.stderr
    assert (repo / "a.py").read_text() == FIXED


def test_dubious_ownership_refuses(repo: Path, env: dict[str, str]) -> None:
    """git will not answer for a repository another user owns; the guard must not take that as "clean"."""
    os.chown(repo, os.geteuid() + 4321, os.getegid())
    result = cli("fix", "a.py", cwd=repo, env=env)
    assert result.returncode == 2, result.stderr
    assert (repo / "a.py").read_text() == CALL
    [line] = [x for x in result.stderr.splitlines() if x.startswith("a.py: error:")]
    assert line.startswith(
        "a.py: error: not written: is in a git work tree but git status failed (fatal: detected dubious ownership"
    ), line
    assert line.endswith(HINT)
    assert cli("fix", "--allow-dirty", "a.py", cwd=repo, env=env).returncode == 0
    assert (repo / "a.py").read_text() == FIXED


def test_broken_head_refuses(repo: Path, env: dict[str, str]) -> None:
    (repo / ".git" / "HEAD").write_text("garbage\n")
    result = cli("fix", "a.py", cwd=repo, env=env)
    assert result.returncode == 2, result.stderr
    assert (repo / "a.py").read_text() == CALL
    assert "a.py: error: not written: is in a git work tree but git status failed (" in result.stderr
    assert HINT in result.stderr


def test_no_git_in_a_work_tree_refuses_and_outside_writes(
    repo: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    no_git = {**env, "PATH": str(Path(sys.executable).parent)}
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "b.py").write_text(CALL)
    result = cli("fix", "a.py", "../loose/b.py", cwd=repo, env=no_git)
    assert result.returncode == 2, result.stderr
    assert f"a.py: error: not written: is in a git work tree but git is not installed; {HINT}" in (
        result.stderr.splitlines()
    )
    assert (repo / "a.py").read_text() == CALL
    assert (tmp_path / "loose" / "b.py").read_text() == FIXED  # outside any work tree: written


@pytest.mark.parametrize("how", ["named", "walked"])
def test_ignored_files_are_refused(repo: Path, env: dict[str, str], how: str) -> None:
    """git cannot give back a file it ignores: named on the command line or walked with
    ``respect-gitignore = false``, it is refused like an untracked one."""
    (repo / ".gitignore").write_text("gen/\n")
    (repo / "pyproject.toml").write_text("[tool.deepseek-migrate]\nrespect-gitignore = false\n")
    git("add", ".gitignore", "pyproject.toml", cwd=repo, env=env)
    git("commit", "-qm", "ignore", cwd=repo, env=env)
    (repo / "gen").mkdir()
    (repo / "gen" / "x.py").write_text(CALL)
    result = cli("fix", *(["gen/x.py", "a.py"] if how == "named" else ["."]), cwd=repo, env=env)
    assert result.returncode == 2, result.stderr
    assert (
        "gen/x.py: error: not written: is ignored by git, which cannot give it back; "
        "pass --allow-dirty to write it anyway" in result.stderr.splitlines()
    )
    assert (repo / "gen" / "x.py").read_text() == CALL
    assert (repo / "a.py").read_text() == FIXED  # the tracked file is still fixed
    assert cli("fix", "--allow-dirty", "gen/x.py", cwd=repo, env=env).returncode == 0
    assert (repo / "gen" / "x.py").read_text() == FIXED


def test_a_force_added_ignored_file_is_written(repo: Path, env: dict[str, str]) -> None:
    """Tracked despite a matching ignore pattern: git can give it back."""
    (repo / ".gitignore").write_text("gen/\n")
    (repo / "gen").mkdir()
    (repo / "gen" / "x.py").write_text(CALL)
    git("add", "-f", ".gitignore", "gen/x.py", cwd=repo, env=env)
    git("commit", "-qm", "forced", cwd=repo, env=env)
    result = cli("fix", "gen/x.py", cwd=repo, env=env)
    assert result.returncode == 0, result.stderr
    assert (repo / "gen" / "x.py").read_text() == FIXED


@pytest.mark.parametrize("mechanism", ["fsmonitor", "filter", "hook"])
def test_repository_config_runs_no_command(
    repo: Path, env: dict[str, str], tmp_path: Path, mechanism: str
) -> None:
    """An untrusted repository names commands for git status to run: a file-system monitor hook, a
    filter driver (run on files whose stat data changed), a post-index-change hook (run when status
    refreshes the index). Plain ``git status`` runs each; the guard must run none, and still tell a
    clean file from a staged one."""
    (repo / "b.py").write_text(CALL)
    git("add", "b.py", cwd=repo, env=env)  # staged: b.py refused, a.py clean
    marker = tmp_path / "ran"
    touch = f"touch {marker}"
    if mechanism == "fsmonitor":
        git("config", "core.fsmonitor", touch, cwd=repo, env=env)
    elif mechanism == "filter":
        git("config", "filter.evil.clean", f"{touch}; cat", cwd=repo, env=env)
        git("config", "filter.evil.process", touch, cwd=repo, env=env)
        git("config", "filter.evil.required", "true", cwd=repo, env=env)
        (repo / ".git" / "info" / "attributes").write_text("*.py filter=evil\n")
    else:
        hook = repo / ".git" / "hooks" / "post-index-change"
        hook.write_text(f"#!/bin/sh\n{touch}\n")
        hook.chmod(0o755)
    os.utime(repo / "a.py", ns=(1, 1))  # stat data no longer matches the index: git must read it
    result = cli("fix", "a.py", "b.py", cwd=repo, env=env)
    assert not marker.exists(), f"git ran a command from the scanned repository ({mechanism})"
    assert result.returncode == 2, result.stderr
    assert "b.py: error: not written: has staged changes in git" in result.stderr
    assert (repo / "a.py").read_text() == FIXED
    assert (repo / "b.py").read_text() == CALL
