"""SIGKILL a real ``fix`` run at random moments: every file is always wholly old or wholly new.

A tree of 320 files (80 Python, five of them 2 MB; JSON, YAML, TOML, .env), each
with a retired name, is copied afresh for each run; ``fix --unsafe-fixes --jobs 2``
(so that every kind of file is written) is started in its own process group
and the whole group is killed with SIGKILL. Most kills are aimed at the write
phase (the run writes after analysing every file: the test watches the folders'
modification times for the first write, then waits a random part of the
measured write phase); the rest fall anywhere in the run. After each kill:

- every file holds exactly its original bytes or exactly its fixed bytes
  (computed once, with ``migrate.api``, from a pristine copy);
- the only other files are the writer's temporary files ``.<name>.<random>.dsm-tmp``,
  each beside the file it was for and holding a prefix of that file's fixed bytes.

At the end a complete run over the last killed tree fixes every file and leaves
the temporary files alone (discovery never reads them). The number of runs is
printed (``pytest -s``) and must reach ``MIN_RUNS``; at least one kill must have
landed between two writes, or the test proved nothing.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from migrate.api import run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.rulepack import load_rules
from migrate.writer import encoded

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = float(os.environ.get("DSM_KILL_SECONDS", "45"))
MIN_RUNS = 8
STOPS = 3  # SIGSTOP snapshots per run before its kill
ANYWHERE_SHARE = 0.2  # kills at a uniformly random moment of the whole run; the rest aim at the writes
TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.dsm-tmp$")
URL = "https://api.deepseek.com"
PY_CALL = (
    "import openai\n"
    'client = openai.OpenAI(base_url="{url}")\n\n\n'
    "def ask_{i}(messages):\n"
    "    return client.chat.completions.create(\n"
    '        model="{name}",\n'
    "        messages=messages,\n"
    "    )\n"
)
PY_ONE_LINE = (
    "from openai import OpenAI\n"
    "c = OpenAI(base_url='{url}')\n"
    "r = c.chat.completions.create(model='{name}', messages=[])  # {i}\n"
)


def build_tree(root: Path) -> None:
    """320 files in 16 folders, each with a retired name; five Python files of about 2 MB."""
    big_doc = '"""' + ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 36_000) + '"""\n'
    for i in range(320):
        folder = root / f"pkg{i % 16}" / ("deep" if i % 3 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        name = "deepseek-chat" if i % 2 else "deepseek-reasoner"
        other = "deepseek-reasoner" if i % 2 else "deepseek-chat"
        kind = i % 8
        if kind <= 1:
            text = (PY_CALL if i % 16 < 8 else PY_ONE_LINE).format(url=URL, name=name, i=i)
            if i % 64 == 0:
                text = big_doc + text
            if i % 5 == 0:
                text = text.replace("\n", "\r\n")
            (folder / f"mod_{i}.py").write_bytes(text.encode())
        elif kind == 2:
            (folder / f"cfg_{i}.json").write_text(f'{{"model": "{name}", "base_url": "{URL}", "n": {i}}}\n')
        elif kind == 3:
            # An ex-deepseek-chat value here has no fix (nowhere in the file for its thinking switch).
            (folder / f"cfg_{i}.yaml").write_text(
                f"llm:\n  model: deepseek-reasoner\n  base_url: {URL}\n  n: {i}\n"
            )
        elif kind == 4:
            (folder / f"cfg_{i}.toml").write_text(f'[llm]\nmodel = "{name}"\nbase_url = "{URL}"\n')
        elif kind == 5:
            (folder / f"s_{i}.env").write_text(
                f"DEEPSEEK_MODEL=deepseek-reasoner\nDEEPSEEK_BASE_URL={URL}\nN={i}\n"
            )
        elif kind == 6:
            entries = ", ".join(f'{{"model": "{n}", "base_url": "{URL}"}}' for n in (name, other) * 20)
            (folder / f"list_{i}.json").write_text(f"[{entries}]\n")
        else:
            (folder / f"proxy_{i}.yaml").write_text(
                f"model_list:\n  - model_name: m{i}\n    litellm_params:\n"
                f"      model: deepseek/{name}\n      api_base: {URL}\n"
            )


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Pristine:
    root: Path
    original: dict[str, bytes]
    fixed: dict[str, bytes]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    root = tmp_path_factory.mktemp("pristine") / "tree"
    build_tree(root)
    original = read_tree(root)
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=True, cwd=str(root))
    fixed = dict(original)
    for result in run([root], settings, Discovery(project_root=root), jobs=2):
        assert result.error is None, (result.path, result.error)
        if result.changed:
            fixed[result.path] = encoded(result)
    assert read_tree(root) == original, "computing the expected bytes wrote to the tree"
    unchanged = [p for p in original if fixed[p] == original[p]]
    assert not unchanged, f"every file must need a fix, or the test shows less: {unchanged[:5]}"
    return Pristine(root, original, fixed)


def start_fix(tree: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "migrate", "fix", "--unsafe-fixes", "--jobs", "2", "-q", "."],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def folder_times(tree: Path, folders: list[str]) -> list[int]:
    return [os.stat(tree / f).st_mtime_ns for f in folders]


def wait_first_write(proc: subprocess.Popen[bytes], tree: Path, folders: list[str]) -> float | None:
    """Poll the folders until one changes (the writer made a temporary file); None if the run ended first."""
    before = folder_times(tree, folders)
    while proc.poll() is None:
        if folder_times(tree, folders) != before:
            return time.monotonic()
        time.sleep(0.0005)
    return None


@dataclass
class Outcome:
    written: int
    temps: int


def check_whole(tree: Path, pristine: Pristine) -> Outcome:
    """Every file wholly old or wholly new; nothing else but the writer's temporary files."""
    now = read_tree(tree)
    written = 0
    temps = 0
    for rel, data in now.items():
        if rel in pristine.original:
            if data == pristine.fixed[rel]:
                written += 1
            else:
                assert data == pristine.original[rel], f"{rel}: neither the original nor the fixed bytes"
            continue
        folder, _, name = rel.rpartition("/")
        match = TEMP.match(name)
        assert match, f"an unexpected file was left: {rel}"
        target = f"{folder}/{match['name']}" if folder else match["name"]
        assert target in pristine.original, f"a temporary file for no known file: {rel}"
        # Being written: a prefix of the new bytes. Swapped in (the writer exchanges the two names, then
        # removes the temporary one): the whole old bytes, which the next run's clean-up removes.
        assert pristine.fixed[target].startswith(data) or data == pristine.original[target], (
            f"{rel} holds neither a prefix of the new bytes nor the old ones"
        )
        temps += 1
    missing = set(pristine.original) - set(now)
    assert not missing, f"files disappeared: {sorted(missing)[:5]}"
    return Outcome(written, temps)


def test_sigkill_at_random_moments_never_leaves_a_torn_file(pristine: Pristine, tmp_path: Path) -> None:
    seed = int(os.environ.get("DSM_KILL_SEED", str(time.time_ns())))
    print(f"\nkill test seed: {seed} (DSM_KILL_SEED={seed} repeats the kill moments)")
    rng = random.Random(seed)
    folders = sorted({rel.rpartition("/")[0] or "." for rel in pristine.original})
    # A complete run first: the expected bytes are what `fix` writes, and it gives the timings.
    calibrate = tmp_path / "calibrate"
    shutil.copytree(pristine.root, calibrate)
    started = time.monotonic()
    proc = start_fix(calibrate)
    first_write = wait_first_write(proc, calibrate, folders)
    _, err = proc.communicate(timeout=300)
    ended = time.monotonic()
    assert proc.returncode == 0, err.decode()
    assert first_write is not None
    assert read_tree(calibrate) == pristine.fixed
    whole_run = ended - started
    write_phase = ended - first_write

    runs = mid_write = temps_seen = snapshots = snapshots_mid_write = 0
    tree = calibrate
    deadline = time.monotonic() + BUDGET_SECONDS
    while time.monotonic() < deadline or runs < MIN_RUNS:
        tree = tmp_path / f"run{runs}"
        shutil.copytree(pristine.root, tree)
        proc = start_fix(tree)
        start = time.monotonic()
        if rng.random() < ANYWHERE_SHARE:
            time.sleep(rng.uniform(0, whole_run))
        else:
            seen = wait_first_write(proc, tree, folders)
            if seen is not None:
                # Freeze the run (SIGSTOP) at a few random moments of the write phase and check
                # the tree as a kill there would leave it; then the kill, at a later random moment.
                *stops, kill_at = sorted(rng.uniform(0, write_phase) for _ in range(STOPS + 1))
                for moment in stops:
                    time.sleep(max(0.0, seen + moment - time.monotonic()))
                    if proc.poll() is not None:
                        break
                    paused = time.monotonic()
                    os.killpg(proc.pid, signal.SIGSTOP)
                    try:
                        outcome = check_whole(tree, pristine)
                    except BaseException:  # a failed check must not leave a stopped run behind
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.communicate(timeout=60)
                        raise
                    snapshots += 1
                    snapshots_mid_write += 0 < outcome.written < len(pristine.original)
                    os.killpg(proc.pid, signal.SIGCONT)
                    seen += time.monotonic() - paused  # the run made no progress while stopped
                time.sleep(max(0.0, seen + kill_at - time.monotonic()))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        outcome = check_whole(tree, pristine)
        runs += 1
        mid_write += 0 < outcome.written < len(pristine.original)
        temps_seen += outcome.temps
        if runs > 1:
            shutil.rmtree(tmp_path / f"run{runs - 2}", ignore_errors=True)
        if time.monotonic() - start > 120:
            pytest.fail("a run took more than two minutes")
    print(
        f"\nkill test: {runs} runs killed with SIGKILL ({mid_write} between two writes, "
        f"{temps_seen} temporary files left); {snapshots} SIGSTOP snapshots ({snapshots_mid_write} "
        f"between two writes); whole run {whole_run:.1f} s, write phase {write_phase:.2f} s"
    )
    assert runs >= MIN_RUNS
    assert mid_write >= 1, "no kill landed between two writes: the test proved nothing"

    # The last killed tree: temporary files are never read as sources, a complete run finishes the
    # job, and it removes the temporary files the killed run left (saying so).
    leftovers = sorted(rel for rel in read_tree(tree) if rel not in pristine.original)
    proc = start_fix(tree)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    after = read_tree(tree)
    assert {rel: after[rel] for rel in pristine.original} == pristine.fixed
    assert not [rel for rel in after if rel not in pristine.original]
    for rel in leftovers:
        assert f"{rel}: removed a temporary file left by an interrupted run" in err.decode()
