"""The command line's fast answer (``migrate/fastpath.py``) prints what the full run prints, byte for byte.

Each case runs the real entry point (``python -m migrate``, which tries the fast path first)
and the full command line (``migrate.cli.main``) in subprocesses on the same files, and
compares exit code, stdout and stderr; it also says whether the fast path answers the case,
so a fast path that never fires (or fires where it must not) fails here too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import fastpath
from migrate.engine import DEFAULT_SENDERS, Settings
from migrate.python.fragment_gate import REASONER
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent
CLEAN = 'import os\n\n\ndef ask(model="gpt-4o-mini"):\n    return os.environ.get("KEY"), model\n'
FULL = "import sys\nsys.argv = ['deepseek-migrate', *sys.argv[1:]]\nfrom migrate.cli import main\nmain()\n"


def _run(cwd: Path, argv: list[str], *, full: bool) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["PYTHONPATH"] = str(ROOT)
    head = [sys.executable, "-c", FULL] if full else [sys.executable, "-m", "migrate"]
    proc = subprocess.run([*head, *argv], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _project(tmp_path: Path, files: dict[str, str], pyproject: str | None = None) -> Path:
    (tmp_path / ".git").mkdir()  # the configuration search stops here, as in a repository
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


KINDS = {
    "a.py": CLEAN,
    "pkg/b.pyi": "def f() -> int: ...\n",
    "c.yaml": "model: gpt-4o-mini\n",
    "d.md": "# Notes\n\nNothing here.\n",
    ".env": "OPENAI_MODEL=gpt-4o-mini\n",
    "Dockerfile": "FROM python:3.12\n",
    "web/e.ts": "export const model = 'gpt-4o-mini';\n",
    "OAI_CONFIG_LIST": '[{"model": "gpt-4o-mini"}]\n',
    "empty.py": "",
}
PLAIN_PYPROJECT = '[project]\nname = "demo"\nversion = "0"\n\n[tool.ruff]\nline-length = 100\n'

# (id, files, pyproject, argv, whether the fast path answers)
CASES = [
    ("one-clean-file", {"a.py": CLEAN}, None, ["check", "a.py"], True),
    ("every-kind", KINDS, None, ["check", *KINDS], True),
    ("force-exclude", KINDS, None, ["check", "--force-exclude", *KINDS], True),
    (
        "force-exclude-default-folders",
        {".venv/lib/x.py": CLEAN, "build/y.py": CLEAN, "node_modules/z.js": "let a = 1;\n"},
        None,
        ["check", "--force-exclude", ".venv/lib/x.py", "build/y.py", "node_modules/z.js"],
        True,
    ),
    (
        "gitignored-files-named",
        {".gitignore": "generated/\n*.log.py\n", "generated/a.py": CLEAN, "b.log.py": CLEAN},
        None,
        ["check", "--force-exclude", "generated/a.py", "b.log.py"],
        True,
    ),
    ("pyproject-without-table", {"a.py": CLEAN}, PLAIN_PYPROJECT, ["check", "--force-exclude", "a.py"], True),
    (
        "pyproject-with-table",
        {"a.py": CLEAN, "b.py": CLEAN},
        '[tool.deepseek-migrate]\nexclude = ["b.py"]\n',
        ["check", "--force-exclude", "a.py", "b.py"],
        False,
    ),
    (
        "pyproject-with-quoted-table",
        {"a.py": CLEAN},
        '[tool."deepseek-migrate"]\nfail-on = "warning"\n',
        ["check", "a.py"],
        False,
    ),
    ("pyproject-broken", {"a.py": CLEAN}, "[tool.ruff\n", ["check", "a.py"], False),
    ("pyproject-tool-not-a-table", {"a.py": CLEAN}, 'tool = "x"\n', ["check", "a.py"], False),
    (
        "deepseek-base-url-other-model",
        {
            "a.py": 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\nMODEL = "gpt-4o"\n'
        },
        None,
        ["check", "a.py"],
        True,
    ),
    ("current-name", {"a.py": 'MODEL = "deepseek-v4-flash"\n'}, None, ["check", "a.py"], False),
    ("retired-name", {"a.py": 'MODEL = "deepseek-chat"\n'}, None, ["check", "a.py"], False),
    (
        "retired-name-in-a-second-file",
        {"a.py": CLEAN, "b.env": "DEEPSEEK_MODEL=deepseek-reasoner\n"},
        None,
        ["check", "a.py", "b.env"],
        False,
    ),
    (
        "fragment-test",
        {"a.py": 'def thinks(model):\n    return "reasoner" in model\n'},
        None,
        ["check", "a.py"],
        False,
    ),
    (
        "default-sender",
        {"a.py": "from agno.models.deepseek import DeepSeek\n\nllm = DeepSeek()\n"},
        None,
        ["check", "a.py"],
        False,
    ),
    ("missing-file", {"a.py": CLEAN}, None, ["check", "a.py", "gone.py"], False),
    ("folder", {"src/a.py": CLEAN}, None, ["check", "src"], False),
    ("no-path", {"a.py": CLEAN}, None, ["check"], False),
    ("unread-kind", {"a.py": CLEAN, "logo.png": "x"}, None, ["check", "a.py", "logo.png"], False),
    ("same-file-twice", {"a.py": CLEAN}, None, ["check", "a.py", "./a.py"], False),
    ("another-option", {"a.py": CLEAN}, None, ["check", "--format", "json", "a.py"], False),
    ("another-command", {"a.py": CLEAN}, None, ["diff", "a.py"], False),
    ("stdin", {"a.py": CLEAN}, None, ["check", "-"], False),
]


@pytest.mark.parametrize(
    ("files", "pyproject", "argv", "fast"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_fast_path_prints_what_the_full_run_prints(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    pyproject: str | None,
    argv: list[str],
    fast: bool,
) -> None:
    project = _project(tmp_path, files, pyproject)
    assert _run(project, argv, full=False) == _run(project, argv, full=True)
    monkeypatch.chdir(project)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert (fastpath.quick_check(argv) is not None) is fast
    if fast:
        assert (
            capsys.readouterr().err
            == fastpath.quiet_summary("check", len(argv) - 1 - argv.count("--force-exclude")) + "\n"
        )


def test_a_symlink_to_a_clean_file_is_answered_like_the_file(tmp_path: Path) -> None:
    project = _project(tmp_path, {"real/a.py": CLEAN})
    (project / "link.py").symlink_to(project / "real" / "a.py")
    argv = ["check", "link.py"]
    assert (
        _run(project, argv, full=False)
        == _run(project, argv, full=True)
        == (
            0,
            "",
            "1 file scanned; 0 errors, 0 warnings, 0 info\n",
        )
    )


def test_forced_colour_goes_to_the_full_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, {"a.py": CLEAN}))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert fastpath.quick_check(["check", "a.py"]) is None


def test_the_fast_answer_loads_nothing_of_the_full_run(tmp_path: Path) -> None:
    project = _project(tmp_path, {"a.py": CLEAN}, PLAIN_PYPROJECT)
    probe = (
        "import sys\nsys.argv = ['deepseek-migrate', 'check', 'a.py']\nfrom migrate.fastpath import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('migrate.')), 'dataclasses' in sys.modules,"
        " file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.stderr.splitlines()[-1] == "0 ['migrate.fastpath', 'migrate.kinds'] False", proc.stderr


def test_every_bundled_name_spells_what_the_fast_path_looks_for() -> None:
    rules = load_rules()
    names = [
        *rules.renames,
        *rules.current,
        *rules.composed_heads(),
        *(r.new for r in rules.renames.values()),
    ]
    assert names
    assert all(fastpath.NAME_WORD in name.encode() for name in names), names
    assert REASONER.encode() == fastpath.FRAGMENT_WORD
    for sender in ("agno.models.deepseek", "phi.model.deepseek", "phi.llm.deepseek"):
        assert DEFAULT_SENDERS.search(sender.encode())
        assert fastpath.may_match(f"from {sender} import DeepSeek".encode())


SOURCES = sorted(
    p
    for folder in ("fixtures", "tests/realworld", "docs", "migrate")
    for p in (ROOT / folder).rglob("*")
    if p.is_file() and p.suffix in {".py", ".md", ".yaml", ".toml", ".json", ".env", ".ipynb", ".txt"}
)


def test_the_fast_path_never_drops_what_the_full_prefilter_keeps() -> None:
    """``may_match`` is a superset of the full run's prefilter with the bundled pack, on every source of
    the suite and on each with its names spelt in other ways."""
    from migrate.kinds import file_kind

    test = Settings(rules=load_rules()).kind_test()
    assert len(SOURCES) > 300
    kept = dropped = 0
    for path in SOURCES:
        data = path.read_bytes()
        kind = file_kind(path.name) or "python"
        for variant in (
            data,
            data.replace(b"deepseek-", b"DeepSeek-"),
            data.replace(b"api.deepseek.com", b"example.com"),
            data.replace(b"deepseek-chat", b"deepseek-chat"),
        ):
            if test(variant, kind):
                kept += 1
                assert fastpath.may_match(variant), path
            else:
                dropped += 1
    assert kept and dropped  # both sides seen
    # A project's own base URL and key names are no reason to run the rules.
    clean = b'client = OpenAI(base_url="https://api.deepseek.com", api_key=os.environ["DEEPSEEK_API_KEY"])\n'
    assert not test(clean, "python")
    assert not fastpath.may_match(clean)
