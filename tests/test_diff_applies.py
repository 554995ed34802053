"""``diff`` prints a patch that ``git apply`` accepts, and applying it gives what ``fix`` writes.

Every fixture's ``before`` file, the demo repository (a notebook among them) and files whose bytes a
text pipeline would change (CRLF, tabs, a form feed, no final line break, Latin-1, a space in the
name) are committed to a git repository; ``diff`` runs on it, the patch is checked and applied with
``git apply``, and the result is compared, byte for byte, with what ``fix`` writes in a copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CALL = 'client.chat.completions.create(model="deepseek-chat", messages=[])'
EDGE_FILES = {
    "crlf.py": f"import os\r\n{CALL}\r\nx = 1\r\n".encode(),
    "tabs.py": f"def f(client):\n\tif True:\n\t\treturn {CALL}\n".encode(),
    "formfeed.py": f"x = 1\n\x0c\n# section\n{CALL}\n".encode(),
    "no-newline.py": f"import os\n{CALL}".encode(),
    "latin1.py": f"# -*- coding: latin-1 -*-\n# caf\xe9\n{CALL}\n".encode("latin-1"),
    "with space.py": f"{CALL}\n".encode(),
    "sub/dir/.env": b"MODEL=deepseek-chat\n",
}


def git(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)


def migrate(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True, env=env, timeout=300
    )


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("patch") / "repo"
    shutil.copytree(ROOT / "fixtures" / "demo-repo", root)
    for before in sorted((ROOT / "fixtures" / "adapters").glob("*/*/before.*")):
        dest = root / "cases" / before.parent.parent.name / before.parent.name / before.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(before, dest)
    for name, data in EDGE_FILES.items():
        (root / "edge" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "edge" / name).write_bytes(data)
    for args in (["init", "-q"], ["add", "-A"]):
        assert git(*args, cwd=root).returncode == 0
    commit = git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", cwd=root)
    assert commit.returncode == 0, commit.stderr
    return root


@pytest.mark.parametrize("extra", [[], ["--unsafe-fixes", "--docs"]])
def test_diff_output_is_a_patch_git_apply_takes(repo: Path, tmp_path: Path, extra: list[str]) -> None:
    patched, fixed = tmp_path / "patched", tmp_path / "fixed"
    shutil.copytree(repo, patched)
    shutil.copytree(repo, fixed)
    patch = migrate("diff", *extra, ".", cwd=patched)
    assert patch.returncode == 0, patch.stderr
    assert patch.stdout.startswith(b"--- a/") and b"\x1b[" not in patch.stdout
    for name in ("edge/crlf.py", "edge/latin1.py", "edge/with space.py", "notebooks/explore.ipynb"):
        assert f"+++ b/{name}".encode() in patch.stdout, name
    check = git("apply", "--check", "-", cwd=patched, stdin=patch.stdout)
    assert check.returncode == 0, check.stderr.decode()
    assert git("apply", "-", cwd=patched, stdin=patch.stdout).returncode == 0
    assert migrate("fix", *extra, ".", cwd=fixed).returncode in (0, 1)
    after, expected = files(patched), files(fixed)
    assert after.keys() == expected.keys()
    assert [name for name in after if after[name] != expected[name]] == []
    assert after != files(repo)  # the patch did change something
    # the fixed tree has nothing left for diff
    assert migrate("diff", *extra, ".", cwd=fixed).stdout == b""


def test_diff_to_a_file_is_the_same_patch(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "w"
    shutil.copytree(repo, work)
    to_stdout = migrate("diff", "edge", cwd=work)
    assert migrate("diff", "-o", "../out.patch", "edge", cwd=work).stdout == b""
    assert (tmp_path / "out.patch").read_bytes() == to_stdout.stdout
