"""Output does not depend on --jobs, nor on whether main()'s fast path or typer parsed the arguments.

Every command runs through the real CLI in a subprocess, on a generated tree
of about 40 files with findings (several packages whose modules import a
retired constant from their ``config.py``, SDK calls, raw request bodies,
a file that does not parse, and files with nothing to report).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONFIG = 'CHAT_MODEL = "deepseek-chat"\nREASONER_MODEL = "deepseek-reasoner"\n'

MODULE = '''"""Module {n}."""

import os

import requests
from openai import OpenAI

from .config import CHAT_MODEL, REASONER_MODEL

client = OpenAI(api_key=os.environ.get("DEEPSEEK_API_KEY"), base_url="https://api.deepseek.com")
LOCAL_{n} = "{name}"


def ask_{n}(text):
    response = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{{"role": "user", "content": text}}],
    )
    return response.choices[0].message.content


def think_{n}(text):
    return client.chat.completions.create(model=REASONER_MODEL, messages=[{{"role": "user", "content": text}}])


def literal_{n}(text):
    return client.chat.completions.create(model=LOCAL_{n}, messages=[{{"role": "user", "content": text}}])


def raw_{n}(prompt):
    payload = {{"model": "{name}", "messages": [{{"role": "user", "content": prompt}}]}}
    return requests.post("https://api.deepseek.com/chat/completions", json=payload, timeout=60).json()


def other_{n}(values):
    return sorted(v * {n} for v in values if v)
'''

CLEAN = '"""Nothing to report here."""\n\n\ndef add(a, b):\n    return a + b\n'


def make_tree(root: Path) -> Path:
    """4 packages x (config + 8 modules + __init__), a broken file, clean files: 42 files."""
    names = ("deepseek-chat", "deepseek-reasoner")
    n = 0
    for p in range(4):
        pkg = root / f"pkg_{p}"
        pkg.mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "config.py").write_text(CONFIG)
        for _ in range(8):
            (pkg / f"mod_{n:02d}.py").write_text(MODULE.format(n=n, name=names[n % 2]))
            n += 1
    (root / "broken.py").write_text('def f(:\n    model = "deepseek-chat"\n')
    (root / "clean_a.py").write_text(CLEAN)
    (root / "clean_b.py").write_text(CLEAN)
    return root


def cli(*args: str, cwd: Path) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True, env=env, timeout=300
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tree(tmp_path_factory.mktemp("jobs") / "tree")


COMMANDS = [
    ("check",),
    ("check", "--format", "json"),
    ("diff",),
    ("diff", "--format", "json"),
    ("check", "--format", "sarif"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_output_is_identical_for_any_jobs(tree: Path, command: tuple[str, ...]) -> None:
    one = cli(*command, "--jobs", "1", "tree", cwd=tree.parent)
    two = cli(*command, "--jobs", "2", "tree", cwd=tree.parent)
    assert one[1], "the tree must have findings"
    assert b"pkg_3/mod_31.py" in one[1]
    assert one == two


def test_fix_writes_the_same_files_for_any_jobs(tmp_path: Path) -> None:
    a = make_tree(tmp_path / "a" / "tree")
    b = make_tree(tmp_path / "b" / "tree")
    one = cli("fix", "--jobs", "1", "tree", cwd=a.parent)
    two = cli("fix", "--jobs", "2", "tree", cwd=b.parent)
    assert one == two
    files = sorted(p.relative_to(a) for p in a.rglob("*.py"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.py"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert "deepseek-v4-flash" in (a / "pkg_0" / "mod_00.py").read_text()


# main() parses common invocations itself; ``--jobs=N`` is a spelling only typer reads, so
# the two spellings compare the fast path with typer on the same run.
@pytest.mark.parametrize(
    "command",
    [("check",), ("check", "-q"), ("diff", "--format", "json"), ("check", "--format", "github")],
    ids=" ".join,
)
def test_fast_path_matches_typer(tree: Path, command: tuple[str, ...]) -> None:
    fast = cli(*command, "--jobs", "2", "tree", cwd=tree.parent)
    typer = cli(*command, "--jobs=2", "tree", cwd=tree.parent)
    assert fast == typer


@pytest.mark.parametrize("mode", ["check", "diff", "fix"])
def test_fast_path_matches_typer_with_nothing_to_report(tmp_path: Path, mode: str) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    (tmp_path / "notes.md").write_text("nothing\n")
    for target in ("clean.py", "."):
        fast = cli(mode, target, cwd=tmp_path)
        typer = cli(mode, "--jobs=0", target, cwd=tmp_path)
        assert fast == typer
        assert fast[0] == 0 and b" scanned; 0 errors" in fast[2]


def test_fast_path_matches_typer_on_errors(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CLEAN)
    assert cli("check", "missing.py", "a.py", cwd=tmp_path) == cli(
        "check", "--jobs=0", "missing.py", "a.py", cwd=tmp_path
    )
    # Not for the fast path: typer reports these.
    assert cli("check", "--jobs", "x", cwd=tmp_path)[0] == 2
    assert cli("check", "--bogus", cwd=tmp_path)[0] == 2
    assert cli("check", "--help", cwd=tmp_path)[0] == 0


def test_quiet_summary_is_what_rich_prints() -> None:
    from migrate.fastpath import quiet_summary as _quiet_summary
    from migrate.output.text import Summary

    for mode in ("check", "diff", "fix"):
        for files in (0, 1, 2, 13343):
            assert _quiet_summary(mode, files) == Summary(files_scanned=files).render(mode).plain


def test_no_match_check_imports_no_heavy_module(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)
    probe = (
        "import sys\n"
        "sys.argv = ['deepseek-migrate', 'check', 'clean.py']\n"
        "from migrate import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'libcst', 'typer', 'rich', 'pathspec', 'click'})\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.stderr.splitlines()[-1] == "0 []", proc.stderr


def _modules_after_check(tmp_path: Path, name: str) -> tuple[str, list[str]]:
    """Exit code and the migrate modules (and ``threading``) a one-file ``check`` of ``name`` imported."""
    probe = (
        "import sys\n"
        f"sys.argv = ['deepseek-migrate', 'check', {name!r}]\n"
        "from migrate import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, ' '.join(sorted(m for m in sys.modules if m.startswith(('migrate.', 'threading')))), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
    )
    code, _, modules = proc.stderr.splitlines()[-1].partition(" ")
    return code, modules.split()


def test_no_match_check_imports_neither_the_pool_nor_the_rules(tmp_path: Path) -> None:
    # Start-up is most of a pre-commit run: the pool (threading, signal) and the rule modules
    # (their classes and regular expressions) wait until a file has a candidate.
    (tmp_path / "clean.py").write_text(CLEAN)
    code, modules = _modules_after_check(tmp_path, "clean.py")
    assert code == "0"
    assert [
        m
        for m in modules
        if m.startswith(("migrate.pool", "migrate.report_rules", "migrate.adapters", "threading"))
        or m in ("migrate.python.crossmodule", "migrate.pins", "migrate.hosts", "migrate.model")
    ] == []


def test_check_with_a_match_imports_the_rules(tmp_path: Path) -> None:
    # The twin: a file with a retired name is analysed by the rules (the probe does see imports).
    (tmp_path / "hit.py").write_text('MODEL = "deepseek-chat"\n')
    code, modules = _modules_after_check(tmp_path, "hit.py")
    assert code == "1"
    assert "migrate.report_rules.python_strings" in modules


def _forked_readers_in_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 4 files the scan forks its readers, and hands them batches of 3: many batches per test."""
    from migrate import engine

    monkeypatch.setattr(engine, "SCAN_SERIAL_FILES", 4)
    monkeypatch.setattr(engine, "SCAN_BATCH", 3)
    monkeypatch.setattr(engine, "_WORKER_MATCHES", None)


def test_forked_scan_yields_what_the_serial_scan_yields(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SCAN_SERIAL_FILES the prefilter runs in forked workers: same files, same order, same bytes."""
    from migrate import engine
    from migrate.discovery import Discovery
    from migrate.rulepack import load_rules

    settings = engine.Settings(rules=load_rules(), cwd=str(tree))
    discovery = Discovery(project_root=tree)
    files = list(discovery.walk_paths([tree]))
    missing = (str(tree / "gone.py"), "python", False)  # deleted between the walk and the read
    files.insert(len(files) // 2, missing)
    assert len(files) > 30
    serial = list(engine.scan(files, settings, jobs=1))
    _forked_readers_in_small_batches(monkeypatch)
    forked = list(engine.scan(files, settings, jobs=2))
    assert engine._WORKER_MATCHES is not None  # the pool was used
    assert forked == serial
    assert sum(1 for _, _, data, _ in forked if data is not None) > 10
    assert any(error and "cannot read" in error for _, _, _, error in forked)


def test_forked_readers_answering_out_of_order_still_yield_in_walk_order(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch is read slowly: the other worker's later batches come back first, and wait."""
    import time

    from migrate import engine
    from migrate.discovery import Discovery
    from migrate.rulepack import load_rules

    settings = engine.Settings(rules=load_rules(), cwd=str(tree))
    files = list(Discovery(project_root=tree).walk_paths([tree]))
    serial = list(engine.scan(files, settings, jobs=1))
    answered: list[str] = []
    real = engine._read_kept

    slow = tree.parent / "slow.pid"

    def slow_first(path: str, kind: str, matches: engine._Test) -> bytes | None:
        if path == files[0][0]:  # in the worker that reads the first batch
            slow.write_text(str(os.getpid()))
            time.sleep(0.5)
        return real(path, kind, matches)

    monkeypatch.setattr(engine, "_read_kept", slow_first)
    _forked_readers_in_small_batches(monkeypatch)
    real_receive = engine._Reader.receive

    def receive(self: engine._Reader) -> list[tuple[int, bytes | None, str | None]] | None:
        found = real_receive(self)
        answered.append(str(self.pid))
        return found

    monkeypatch.setattr(engine._Reader, "receive", receive)
    started = time.perf_counter()
    forked = list(engine.scan(files, settings, jobs=2))
    assert forked == serial
    assert time.perf_counter() - started >= 0.5  # the slow batch was read
    assert answered.index(slow.read_text()) >= 2  # the other workers went on meanwhile


def test_the_cross_module_read_from_forked_readers_equals_the_serial_one(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_where: the Python files whose bytes pass the test, in the walk's order, the same by forked
    readers; one that cannot be read, or is past MAX_PARSE_BYTES, is left out either way."""
    from migrate import engine

    (tree / "huge.py").write_bytes(b"CHAT_MODEL = 1\n" + b"#" * engine.MAX_PARSE_BYTES)
    paths = sorted(str(p) for p in tree.rglob("*.py"))
    paths.insert(len(paths) // 2, str(tree / "gone.py"))  # deleted between the walk and the read
    assert len(paths) > 30

    def test(data: bytes) -> bool:
        return b"CHAT_MODEL" in data

    serial = list(engine.read_where(paths, test, jobs=1))
    _forked_readers_in_small_batches(monkeypatch)
    forked = list(engine.read_where(paths, test, jobs=2))
    assert engine._WORKER_MATCHES is not None  # the readers were forked
    assert forked == serial
    expected = [
        p for p in paths if Path(p).exists() and p != str(tree / "huge.py") and test(Path(p).read_bytes())
    ]
    assert [p for p, _ in serial] == expected
    assert len(expected) > 10
    assert all(data == Path(p).read_bytes() for p, data in serial)


def test_cross_module_facts_from_a_pool_equal_the_serial_ones(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several jobs and many candidates, the ``ast`` pass over the candidates runs in a pool."""
    from migrate import api, engine, pool
    from migrate.discovery import Discovery
    from migrate.rulepack import load_rules

    settings = engine.Settings(rules=load_rules(), cwd=str(tree), apply=True)
    serial = list(api.run([tree], settings, Discovery(project_root=tree), jobs=1))
    pools: list[int] = []
    make_pool = pool.pool

    def counting_pool(jobs: int, *rest):  # type: ignore[no-untyped-def]
        pools.append(jobs)
        return make_pool(jobs, *rest)

    monkeypatch.setattr(pool, "pool", counting_pool)
    monkeypatch.setattr(api, "FACTS_SERIAL_FILES", 1)
    pooled = list(api.run([tree], settings, Discovery(project_root=tree), jobs=2))
    assert len(pools) >= 2  # the facts, then the files
    assert pooled == serial
    assert sum(1 for r in serial if r.fixed is not None) > 10
    assert any(
        f.message.startswith("`CHAT_MODEL`") for r in serial for f in r.findings
    )  # cross-module facts used


def test_a_worker_that_dies_is_named_and_the_other_files_still_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A native crash in a worker breaks the pool; the files not done yet are checked again one per process."""
    import signal

    from migrate import api, engine
    from migrate.discovery import Discovery
    from migrate.rulepack import load_rules

    call = (
        "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com')\n"
        "client.chat.completions.create(model='deepseek-chat', messages=[])\n"
    )
    names = [f"m{i}.py" for i in range(6)] + ["crash.py"] + [f"z{i}.py" for i in range(6)]
    for name in names:
        (tmp_path / name).write_text(call)
    real = api.process

    def dies_on_crash_py(path: Path, *rest):  # type: ignore[no-untyped-def]
        if path.name == "crash.py":
            os.kill(os.getpid(), signal.SIGKILL)  # as a segfault in native code would end it
        return real(path, *rest)

    monkeypatch.setattr(api, "process", dies_on_crash_py)
    settings = engine.Settings(rules=load_rules(), cwd=str(tmp_path), apply=True)
    found = {r.path: r for r in api.run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=2)}
    assert sorted(found) == sorted(names)
    crashed = found["crash.py"]
    assert crashed.error is not None and crashed.error.startswith("the process checking this file died")
    assert [f.code for f in crashed.findings] == ["DSM901", "DSM199"]  # the text scan still names it
    for name in names:
        if name != "crash.py":
            assert found[name].error is None and "thinking" in (found[name].fixed or ""), name


@pytest.mark.parametrize("size", [0, 10, 1 << 16, (1 << 16) + 1, 3 << 16])
def test_the_scans_read_keeps_a_whole_file_of_any_size(tmp_path: Path, size: int) -> None:
    """One read for a small file, a second read from the start for a larger one: the bytes kept are
    the file's, as read_file reads them; a file the test does not keep gives None."""
    from migrate import engine

    path = tmp_path / "f.py"
    path.write_bytes((b"MODEL = 'deepseek-chat'\n" + b"#" * size)[:size])
    kept = engine._read_kept(str(path), "python", lambda p, k, data: True)
    assert kept == path.read_bytes() == engine.read_file(str(path), engine.MAX_PARSE_BYTES)
    assert engine._read_kept(str(path), "python", lambda p, k, data: False) is None
