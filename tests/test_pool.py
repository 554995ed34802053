"""Worker pools: a worker killed in any phase is recovered from, the pool is kept, workers die with the run.

A worker is killed the way a native crash or the OOM killer would end it: it sends
itself SIGKILL when it reaches a file named ``crash.py``. Each scenario runs in a
subprocess with a time limit, so a run that would hang fails instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

CALL = (
    "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com')\n"
    "client.chat.completions.create(model='deepseek-chat', messages=[])\n"
)

# Prepended to every scenario: the run's main process never dies, only its workers.
PRELUDE = """
import json, os, signal, sys
from pathlib import Path
from migrate import api, engine, pool
from migrate.discovery import Discovery
from migrate.rulepack import load_rules

MAIN = os.getpid()
tree = Path(sys.argv[1])

def kill_on_crash_py(real, times=None):
    # real, but a worker reaching crash.py dies (the first `times` times, counted in a file)
    kills = tree.parent / (tree.name + ".kills")
    def patched(path, *rest):
        if Path(path).name == "crash.py" and os.getpid() != MAIN:
            if times is None or (kills.stat().st_size if kills.exists() else 0) < times:
                with open(kills, "a") as f:
                    f.write("k")
                os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *rest)
    return patched

pools = []
make_pool = pool.pool
def counting_pool(*args, **kwargs):
    pools.append(args[0])
    return make_pool(*args, **kwargs)
pool.pool = counting_pool

def report(results):
    out = {r.path: [r.error, r.fixed is not None] for r in results}
    print(json.dumps({"results": out, "pools": pools}))
"""


def scenario(body: str, tree: Path) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(body), str(tree)],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def make_files(root: Path, count: int) -> list[str]:
    names = [f"a{i:03d}.py" for i in range(count // 2)] + ["crash.py"]
    names += [f"z{i:03d}.py" for i in range(count - len(names))]
    for name in names:
        (root / name).write_text(CALL)
    return names


RUN = """
settings = engine.Settings(rules=load_rules(), cwd=str(tree), apply=True)
report(api.run([tree], settings, Discovery(project_root=tree), jobs=2))
"""


def test_a_worker_killed_in_the_startup_scan_does_not_hang_the_run(tmp_path: Path) -> None:
    """The forked readers of a large tree: the batch of the dead worker is read again, the rest counts."""
    names = make_files(tmp_path, 40)
    body = (
        "engine.SCAN_SERIAL_FILES = 4\nengine.SCAN_BATCH = 3\n"
        # Its scan worker dies (this process reads its batch), then the per-file phase's worker
        # reading it; the file is checked again in a process of its own, which no longer dies.
        "engine._read_kept = kill_on_crash_py(engine._read_kept, times=2)\n"
        "engine.read_file = kill_on_crash_py(engine.read_file, times=2)\n" + RUN
    )
    found = scenario(body, tmp_path)["results"]
    assert sorted(found) == sorted(names)
    assert all(error is None and fixed for error, fixed in found.values())  # crash.py read by the run
    assert (tmp_path.parent / (tmp_path.name + ".kills")).read_text() == "kk"


def test_a_worker_killed_in_the_cross_module_pass_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    names = make_files(tmp_path, 40)
    body = (
        "from migrate.python import crossmodule\napi.FACTS_SERIAL_FILES = 1\n"
        "crossmodule.module_facts = kill_on_crash_py(crossmodule.module_facts)\n" + RUN
    )
    found = scenario(body, tmp_path)["results"]
    assert sorted(found) == sorted(names)
    error, _ = found.pop("crash.py")
    assert error.startswith("the process of the cross-module pass died on this file")
    assert all(error is None and fixed for error, fixed in found.values())


def test_after_a_worker_died_in_the_per_file_phase_the_rest_still_runs_in_a_pool(tmp_path: Path) -> None:
    """One new pool for the rest of the run, one process for the file being checked: not one per file."""
    names = make_files(tmp_path, 60)
    body = "api.process = kill_on_crash_py(api.process)\n" + RUN
    out = scenario(body, tmp_path)
    found = out["results"]
    assert sorted(found) == sorted(names)
    error, fixed = found.pop("crash.py")
    assert error.startswith("the process checking this file died") and not fixed
    assert all(error is None and fixed for error, fixed in found.values())
    # The first pool, its replacement, and at most one process of its own per worker's file.
    assert len(out["pools"]) <= 2 + 2, out["pools"]


def test_ordered_map_retries_each_item_once_and_isolates_the_one_that_kills() -> None:
    """Several deaths in one stream: results stay in order, every other item is computed by ``fn``."""
    body = """
    from tests import test_pool as t
    out = list(pool.ordered_map(t.die_on_multiples_of_7, range(100), 3, t.crashed, chunk=4))
    print(json.dumps({"results": {"out": out}, "pools": pools}))
    """
    out = scenario(body, ROOT)
    expected = [f"crashed {i}" if i % 7 == 0 else i * 2 for i in range(100)]
    assert out["results"]["out"] == expected
    # Each death costs a new pool and runs the dead worker's items alone: 15 deaths, 100 items.
    assert len(out["pools"]) < 100


def die_on_multiples_of_7(i: int) -> int:
    if i % 7 == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return i * 2


def crashed(i: int) -> str:
    return f"crashed {i}"


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_when_the_main_process_is_killed(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    body = f"""
    from tests import test_pool as t
    list(pool.ordered_map(t.note_and_sleep, [{str(pids)!r}] * 2, 2, t.crashed))
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(body), str(tmp_path)], env=env)
    try:
        workers: list[int] = []
        for _ in range(600):  # both workers started and noted their pid
            workers = [int(p) for p in pids.read_text().split()] if pids.exists() else []
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2
        assert all(alive(pid) for pid in workers)
    finally:
        proc.kill()
        proc.wait()
    for _ in range(600):  # the kernel's SIGKILL comes at once; the watchdog within a second
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived the run"


def note_and_sleep(path: str) -> None:
    with open(path, "a") as f:
        f.write(f"{os.getpid()}\n")
    time.sleep(600)
