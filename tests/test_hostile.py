"""Hostile and odd inputs, each through a real ``deepseek-migrate`` subprocess.

Every test puts the odd file next to a plain file that needs a fix and a clean
bystander, then checks: the exit code (2 when a file could not be processed),
the exact one-line message, that the run went on (the plain file is fixed),
and that no file changed that should not have (byte for byte).

Permissions: the tests may run as root, which ignores file modes. Those tests
then run the tool without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (dropped from
the bounding set before ``exec``), so root is refused like any other user.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import re
import stat
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import MAX_PARSE_BYTES, Settings
from migrate.python.nesting import MAX_DEPTH, nesting_depth
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent
URL = "https://api.deepseek.com"
CALL = (
    "import openai\n"
    f'client = openai.OpenAI(base_url="{URL}")\n'
    "\n"
    "\n"
    "def ask(messages):\n"
    "    return client.chat.completions.create(\n"
    '        model="deepseek-chat",\n'
    "        messages=messages,\n"
    "    )\n"
)
CALL_FIXED = CALL.replace("deepseek-chat", "deepseek-v4-flash").replace(
    "        messages=messages,\n",
    '        messages=messages,\n        extra_body={"thinking": {"type": "disabled"}},\n',
)
ONE_LINE = f'import openai\nc = openai.OpenAI(base_url="{URL}")\nc.chat.completions.create(model="deepseek-reasoner", messages=[])\n'
ONE_LINE_FIXED = ONE_LINE.replace(
    'model="deepseek-reasoner", messages=[]',
    'model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "enabled"}}',
)
CLEAN = "import os\n\nprint(os.getcwd())\n"
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def cli(
    *args: str, cwd: Path, preexec: Callable[[], None] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "250", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=timeout,
        preexec_fn=preexec,  # only drops capabilities, before exec
    )


def snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file():
                continue
            with contextlib.suppress(OSError):
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def assert_changed_only(before: dict[str, bytes], after: dict[str, bytes], changed: dict[str, bytes]) -> None:
    """Exactly the files in ``changed`` now hold the given bytes; every other file is as it was."""
    assert set(after) == set(before), f"files appeared or vanished: {set(after) ^ set(before)}"
    for rel, data in after.items():
        expected = changed.get(rel, before[rel])
        assert data == expected, f"{rel}: unexpected bytes"


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder with ``good.py`` (needs a fix) and ``clean.py`` (no retired name)."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "good.py").write_text(CALL)
    (root / "clean.py").write_text(CLEAN)
    return root


def _drop_dac() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def unprivileged() -> Callable[[], None] | None:
    """A ``preexec_fn`` under which file modes bind even root; None when not root (they already bind)."""
    if os.geteuid() != 0:
        return None
    try:
        subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_dac, check=True)
    except subprocess.SubprocessError:  # no CAP_SETPCAP here: nothing can make modes bind root
        pytest.skip("running as root without CAP_SETPCAP: cannot drop CAP_DAC_OVERRIDE")
    return _drop_dac


@contextlib.contextmanager
def mode(path: Path, bits: int) -> Iterator[None]:
    old = stat.S_IMODE(path.stat().st_mode)
    path.chmod(bits)
    try:
        yield
    finally:
        path.chmod(old)


# --- syntax and encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('x = foo(\ny = 2\nclient.create(model="deepseek-chat")\n', "line 1, column 8: '(' was never closed"),
        ('x = "deepseek-chat"\nif x\n    pass\n', "line 2, column 5: expected ':'"),
        ('def f(:\n    return "deepseek-chat"\n', "line 1, column 7: invalid syntax"),
    ],
    ids=["unclosed", "missing-colon", "bad-parameter"],
)
def test_syntax_errors_say_what_and_where(source: str, message: str) -> None:
    """CPython's account of the error: its cause, at the line where it is (libcst's was a line late)."""
    from migrate.api import check_source

    result = check_source(source)
    assert result.error == f"syntax error at {message}"
    assert [f.code for f in result.findings] == ["DSM901", "DSM199"]


def test_libcst_only_syntax_errors_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where CPython parses what libcst cannot, the message is libcst's, and says whose it is."""
    import libcst

    from migrate.api import check_source
    from migrate.python import cstindex

    def refuse(text: str) -> libcst.Module:
        raise libcst.ParserSyntaxError(
            "tokenizer error: something new", lines=["x = 1"], raw_line=1, raw_column=4
        )

    monkeypatch.setattr("migrate.python.analysis.parse_module", refuse)
    assert cstindex.parse_module is not refuse
    result = check_source('x = "deepseek-chat"\n')
    assert result.error is not None
    assert result.error.startswith(
        "syntax error at line 1, column 5 (libcst's parser; not an error for CPython): "
    )
    assert "something new" in result.error


def test_syntax_error_is_reported_and_the_run_goes_on(tree: Path) -> None:
    (tree / "bad.py").write_text('def f(:\n    model = "deepseek-chat"\n')
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 2, result.stderr
    out = lines(result.stdout)
    assert any(
        re.fullmatch(r"bad\.py:1:7: DSM901 syntax error at line 1, column 7: .+", line) for line in out
    )
    assert (
        "bad.py:2:14: DSM199 `deepseek-chat` is retired (found by a text scan; the file could not be parsed)"
        in out
    )
    assert not any(line.startswith("bad.py: error:") for line in lines(result.stderr))  # reported once
    assert "1 file could not be processed" in result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b'# caf\xe9\nm = "deepseek-chat"\n',
            "cannot decode: invalid or missing encoding declaration",
            id="latin1-first-lines-no-cookie",
        ),
        pytest.param(
            b'import os\n\n\n\nm = "deepseek-chat"  # caf\xe9\n',
            "cannot decode: 'utf-8' codec can't decode byte 0xe9 in position {pos}: invalid continuation byte",
            id="latin1-later-line-no-cookie",
        ),
        pytest.param(
            b'# -*- coding: klingon -*-\nm = "deepseek-chat"\n',
            "cannot decode: unknown encoding: klingon",
            id="unknown-cookie",
        ),
        pytest.param(
            b'# -*- coding: utf-8 -*-\nm = "deepseek-chat"  # caf\xe9\n',
            "cannot decode: 'utf-8' codec can't decode byte 0xe9 in position {pos}: invalid continuation byte",
            id="cookie-that-lies",
        ),
        pytest.param(
            b'\xef\xbb\xbf# -*- coding: latin-1 -*-\nm = "deepseek-chat"\n',
            "cannot decode: encoding problem: utf-8",
            id="bom-with-other-cookie",
        ),
    ],
)
def test_undecodable_file_is_reported_not_touched(tree: Path, data: bytes, message: str) -> None:
    (tree / "odd.py").write_bytes(data)
    message = message.format(pos=data.find(b"\xe9"))
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 2, result.stderr
    assert f"odd.py:1:1: DSM901 {message}" in lines(result.stdout)
    assert any(
        re.fullmatch(r"odd\.py:\d+:\d+: DSM199 `deepseek-chat` is retired .*", x)
        for x in lines(result.stdout)
    )
    assert f"odd.py: error: {message}" not in lines(result.stderr)  # reported once, as DSM901
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8"])
def test_coding_cookie_file_is_fixed_in_its_own_encoding(tree: Path, encoding: str) -> None:
    text = f"# -*- coding: {encoding} -*-\n# café, naïve, €uro\n" + CALL
    if encoding == "latin-1":
        text = text.replace("€uro", "euro")
    (tree / "cookie.py").write_bytes(text.encode(encoding))
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    fixed = text.replace(CALL, CALL_FIXED).encode(encoding)
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode(), "cookie.py": fixed})


def test_utf8_bom_is_kept(tree: Path) -> None:
    (tree / "bom.py").write_bytes(b"\xef\xbb\xbf" + ONE_LINE.encode())
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    expected = b"\xef\xbb\xbf" + ONE_LINE_FIXED.encode()
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode(), "bom.py": expected})


# --- line endings, tabs, form feeds -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(CALL.replace("\n", "\r\n"), CALL_FIXED.replace("\n", "\r\n"), id="crlf"),
        pytest.param(CALL.replace("\n", "\r"), CALL_FIXED.replace("\n", "\r"), id="cr-only"),
        pytest.param(ONE_LINE.replace("\n", "\r"), ONE_LINE_FIXED.replace("\n", "\r"), id="cr-only-one-line"),
        pytest.param(
            ONE_LINE.replace("\n", "\r\n").rstrip("\r\n"),
            ONE_LINE_FIXED.replace("\n", "\r\n").rstrip("\r\n"),
            id="crlf-no-final-newline",
        ),
        pytest.param(
            # Mixed: each existing line keeps its own ending; the new line takes the file's usual one (CRLF).
            "import openai\r\nclient = openai.OpenAI(base_url='https://api.deepseek.com')\nr = client.chat.completions.create(\r"
            '  model="deepseek-reasoner",\r\n  messages=[],\n)\r\nx = 1\r\n',
            "import openai\r\nclient = openai.OpenAI(base_url='https://api.deepseek.com')\nr = client.chat.completions.create(\r"
            '  model="deepseek-v4-flash",\r\n  messages=[],\n'
            '  extra_body={"thinking": {"type": "enabled"}},\r\n)\r\nx = 1\r\n',
            id="mixed",
        ),
        pytest.param(
            'import openai\n\x0c\nclient = openai.OpenAI(base_url="https://api.deepseek.com")\n\x0c\n'
            'def f(m):\n\treturn client.chat.completions.create(\n\t\tmodel="deepseek-chat",\t# tab\n'
            "\t\tmessages=m,\n\t)\n",
            'import openai\n\x0c\nclient = openai.OpenAI(base_url="https://api.deepseek.com")\n\x0c\n'
            'def f(m):\n\treturn client.chat.completions.create(\n\t\tmodel="deepseek-v4-flash",\t# tab\n'
            '\t\tmessages=m,\n\t\textra_body={"thinking": {"type": "disabled"}},\n\t)\n',
            id="tabs-and-form-feeds",
        ),
    ],
)
def test_line_endings_tabs_and_form_feeds_are_kept_exactly(tree: Path, source: str, expected: str) -> None:
    (tree / "odd.py").write_bytes(source.encode())
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode(), "odd.py": expected.encode()})
    assert cli("fix", ".", cwd=tree).returncode == 0
    assert (tree / "odd.py").read_bytes() == expected.encode(), "a second run changed the file"


# --- binary data, size, depth -----------------------------------------------------------------


def test_nul_bytes_and_binary_data(tree: Path) -> None:
    (tree / "nul.py").write_bytes(b'import openai\nm = "deepseek-chat"\x00\n')
    (tree / "binary.py").write_bytes(bytes(range(256)) * 64)  # no retired name: never parsed
    (tree / "image.py").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"deepseek-reasoner" + b"\xff" * 100
    )
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 2, result.stderr
    out = lines(result.stdout)
    message = "the file contains NUL bytes (binary data?); not parsed"
    assert f"nul.py:1:1: DSM901 {message}" in out
    assert f"image.py:1:1: DSM901 {message}" in out
    assert any(x.startswith("nul.py:2:6: DSM199 `deepseek-chat` is retired") for x in out)
    assert not any(x.startswith("binary.py") for x in out + lines(result.stderr))
    assert f"nul.py: error: {message}" not in lines(result.stderr)  # reported once, as DSM901
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


def _big_source(size: int, tail: str) -> bytes:
    block = b"def f_%d(x):\n    return [x, x * 2, 'padding text to fill the block']\n\n\n"
    count = size // len(block % 0) + 1
    return b"".join(block % i for i in range(count)) + tail.encode()


def _peak_rss_cli(tree: Path, report: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI under a wrapper that writes its own and its children's peak RSS (kB) at exit."""
    code = (
        "import atexit, resource, runpy, sys\n"
        "def report():\n"
        "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        f"    open({str(report)!r}, 'w').write(str(max(own, kids)))\n"
        "atexit.register(report)\n"
        "sys.argv = ['deepseek-migrate', *sys.argv[1:]]\n"
        "runpy.run_module('migrate', run_name='__main__')\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "250", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tree, capture_output=True, text=True, env=env, timeout=300
    )


def test_fifty_megabyte_files(tree: Path, tmp_path: Path) -> None:
    size = 50 << 20
    (tree / "big_clean.py").write_bytes(_big_source(size, "x = 1\n"))
    with_name = _big_source(size, 'MODEL = "deepseek-chat"\n')
    (tree / "big_named.py").write_bytes(with_name)
    last_line = with_name.count(b"\n")
    before = snapshot(tree)
    report = tmp_path / "rss"
    result = _peak_rss_cli(tree, report, "fix", "--jobs", "2", ".")
    assert result.returncode == 2, result.stderr
    message = (
        f"the file is too large to parse ({len(with_name) / (1 << 20):.1f} MB > {MAX_PARSE_BYTES >> 20} MB)"
    )
    assert f"big_named.py:1:1: DSM901 {message}" in lines(result.stdout)
    assert any(x.startswith(f"big_named.py:{last_line}:10: DSM199") for x in lines(result.stdout))
    assert f"big_named.py: error: {message}" not in lines(result.stderr)  # reported once, as DSM901
    assert not any("big_clean.py" in x for x in lines(result.stdout) + lines(result.stderr))
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})
    peak_mb = int(report.read_text()) / 1024
    assert peak_mb < 1024, f"peak memory {peak_mb:.0f} MB for two 50 MB files"


# The shapes that crash libcst's native parser (SIGSEGV) when deep enough: n -> source.
SHAPES: dict[str, Callable[[int], str]] = {
    "parens": lambda n: "x = " + "(" * n + "1" + ")" * n,
    "plus": lambda n: "x = " + " + ".join(["1"] * n),
    "call": lambda n: "x = " + "f(" * n + ")" * n,
    "keyword-call": lambda n: "x = " + "f(a=" * n + "1" + ")" * n,
    "list": lambda n: "x = " + "[" * n + "]" * n,
    "dict": lambda n: "x = " + "{1: " * n + "1" + "}" * n,
    "not": lambda n: "x = " + "not " * n + "1",
    "unary": lambda n: "x = " + "-" * n + "1",
    "lambda": lambda n: "x = " + "lambda: " * n + "1",
    "if-else": lambda n: "x = " + "1 if 1 else " * n + "1",
    "power": lambda n: "x = " + " ** ".join(["1"] * n),
    "attribute": lambda n: "x = a" + ".b" * n,
    "subscript": lambda n: "x = a" + "[0]" * n,
    "and": lambda n: "x = " + " and ".join(["1"] * n),
    "strings": lambda n: "x = " + " ".join(['"a"'] * n),
    "f-string": lambda n: "x = " + 'f"{' * n + "1" + '}"' * n,
}
TAIL = '\nMODEL = "deepseek-chat"\n'


def test_very_deep_nesting_is_refused_before_the_parser_can_crash(tree: Path) -> None:
    """100,000 nested parentheses, a 50,000-term ``+`` chain and every other crashing shape at 100,000."""
    sizes = {"plus": 50_000, "f-string": 20_000}
    for shape, make in SHAPES.items():
        (tree / f"deep_{shape}.py").write_text(make(sizes.get(shape, 100_000)) + TAIL)
    before = snapshot(tree)
    result = cli("fix", "--jobs", "2", ".", cwd=tree)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    out = lines(result.stdout)
    for shape in SHAPES:
        pattern = rf"deep_{re.escape(shape)}\.py:1:1: DSM901 the file is nested too deeply to parse \(depth estimate \d+ > {MAX_DEPTH}\)"
        assert any(re.fullmatch(pattern, x) for x in out), shape
        assert any(x.startswith(f"deep_{shape}.py:2:10: DSM199") for x in out), shape
    assert f"{len(SHAPES)} files could not be processed" in result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


def _largest_allowed(make: Callable[[int], str]) -> int:
    lo, hi = 1, 100_000
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if nesting_depth(make(mid) + TAIL) <= MAX_DEPTH else (lo, mid)
    return lo


def test_nesting_at_the_limit_never_crashes(tree: Path) -> None:
    """Each shape at the deepest the pre-check lets through, and one step deeper: no crash, one clear line each.

    The deepest allowed file is parsed (or refused with RecursionError by the Python
    side); one step deeper is refused by the estimate. A crash would show as a
    signal exit, or as an internal error from a dead worker.
    """
    for shape, make in SHAPES.items():
        n = _largest_allowed(make)
        (tree / f"max_{shape}.py").write_text(make(n) + TAIL)
        (tree / f"over_{shape}.py").write_text(make(n + 1) + TAIL)
    result = cli("check", "--jobs", "2", ".", cwd=tree)
    assert result.returncode in (1, 2), (result.returncode, result.stderr[-2000:])
    assert "internal error" not in result.stderr
    out = lines(result.stdout)
    for shape in SHAPES:
        over = [x for x in out if x.startswith(f"over_{shape}.py:1:1: DSM901 ")]
        assert over and "depth estimate" in over[0], shape
        reported = [x for x in out if x.startswith(f"max_{shape}.py:")]
        assert reported, shape  # parsed (a finding for MODEL) or refused with a message
        refused = [x for x in reported if " DSM901 " in x]
        assert all("(RecursionError)" in x for x in refused), refused


# --- permissions ------------------------------------------------------------------------------


def test_unreadable_file_and_folder(tree: Path, unprivileged: Callable[[], None] | None) -> None:
    (tree / "locked.py").write_text(CALL)
    (tree / "lockeddir").mkdir()
    (tree / "lockeddir" / "inner.py").write_text(CALL)
    before = snapshot(tree)
    with mode(tree / "locked.py", 0), mode(tree / "lockeddir", 0):
        result = cli("fix", ".", cwd=tree, preexec=unprivileged)
    assert result.returncode == 2, result.stderr
    err = lines(result.stderr)
    assert "locked.py: error: cannot read: Permission denied" in err
    assert "lockeddir: error: cannot read the folder: Permission denied" in err
    assert "2 files could not be processed" in result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


def test_folder_without_search_permission(tree: Path, unprivileged: Callable[[], None] | None) -> None:
    """A folder that can be listed but not searched (r without x): reported once, the run goes on,
    whether it is walked into, named, or holds a named file."""
    folder = tree / "noexec"
    (folder / "sub").mkdir(parents=True)
    (folder / "inner.py").write_text(CALL)
    (folder / ".gitignore").write_text("*.log\n")
    before = snapshot(tree)
    with mode(folder, 0o644):
        walked = cli("fix", ".", cwd=tree, preexec=unprivileged)
        named = cli("check", "noexec", "noexec/inner.py", "clean.py", cwd=tree, preexec=unprivileged)
    for result in (walked, named):
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert "noexec: error: cannot search the folder: Permission denied" in lines(walked.stderr)
    assert "noexec: error: cannot search the folder: Permission denied" in lines(named.stderr)
    assert "noexec/inner.py: error: cannot read: Permission denied" in lines(named.stderr)
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next_fix(tree: Path) -> None:
    (tree / "sub").mkdir()
    leftovers = [".good.py.k2j3h4_x.dsm-tmp", "sub/.gone.py.q8r9s0.dsm-tmp"]
    for name in leftovers:
        (tree / name).write_text(CALL)
    (tree / "notes.dsm-tmp").write_text("not ours\n")
    before = snapshot(tree)
    checked = cli("check", ".", cwd=tree)
    assert checked.returncode == 1, checked.stderr
    assert snapshot(tree) == before, "check removed something"
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    for name in leftovers:
        assert f"{name}: removed a temporary file left by an interrupted run" in lines(result.stderr)
        assert not (tree / name).exists()
    assert (tree / "notes.dsm-tmp").read_text() == "not ours\n"
    assert (tree / "good.py").read_text() == CALL_FIXED


def test_read_only_file_is_not_written_and_a_writable_one_keeps_its_mode(
    tree: Path, unprivileged: Callable[[], None] | None
) -> None:
    """A rename beside a read-only file would bypass its mode: it is refused. Another file's
    unusual mode is kept."""
    target = tree / "readonly.py"
    target.write_text(ONE_LINE)
    target.chmod(0o444)
    odd = tree / "odd.py"
    odd.write_text(ONE_LINE)
    odd.chmod(0o604)
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree, preexec=unprivileged)
    assert result.returncode == 2, result.stderr
    assert "readonly.py: error: not written: is read-only (mode 0444); make it writable to fix it" in lines(
        result.stderr
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert stat.S_IMODE(odd.stat().st_mode) == 0o604
    assert_changed_only(
        before, snapshot(tree), {"good.py": CALL_FIXED.encode(), "odd.py": ONE_LINE_FIXED.encode()}
    )


def test_read_only_folder_is_not_written(tree: Path, unprivileged: Callable[[], None] | None) -> None:
    folder = tree / "rodir"
    folder.mkdir()
    (folder / "a.py").write_text(ONE_LINE)
    before = snapshot(tree)
    with mode(folder, 0o555):
        result = cli("fix", ".", cwd=tree, preexec=unprivileged)
    assert result.returncode == 2, result.stderr
    assert (
        "rodir/a.py: error: not written: cannot create a temporary file beside it: Permission denied"
        in lines(result.stderr)
    )
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})
    assert sorted(os.listdir(folder)) == ["a.py"], "a temporary file was left behind"


# --- links, special files, names, paths -------------------------------------------------------


@pytest.fixture
def linked(tmp_path: Path, tree: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.py").write_text(CALL)
    (tree / "link.py").symlink_to("../outside/target.py")
    (tree / "linkdir").symlink_to("../outside")
    (tree / "loop1.py").symlink_to("loop2.py")
    (tree / "loop2.py").symlink_to("loop1.py")
    (tree / "sub").mkdir()
    (tree / "sub" / "self").symlink_to(".")
    (tree / "sub" / "up").symlink_to("..")
    (tree / "dangling.py").symlink_to("nowhere.py")
    (tmp_path / "linkroot").symlink_to("tree")
    return tmp_path


def _links(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): os.readlink(p) for p in root.rglob("*") if p.is_symlink()}


def test_symlinks_are_never_followed_in_a_walk(linked: Path) -> None:
    tree = linked / "tree"
    before, links = snapshot(linked), _links(linked)
    result = cli("fix", ".", cwd=tree, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2 files scanned" in result.stderr  # good.py and clean.py: no link was followed, no loop entered
    assert_changed_only(before, snapshot(linked), {"tree/good.py": CALL_FIXED.encode()})
    assert _links(linked) == links


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("link.py", "link.py: error: not written: is a symbolic link; not written through"),
        ("../linkroot", "../linkroot: error: is a symbolic link to a folder; not followed"),
        ("loop1.py", "loop1.py: error: cannot read: Too many levels of symbolic links"),
        ("dangling.py", "dangling.py: error: cannot read: No such file or directory"),
    ],
)
def test_symlinks_named_on_the_command_line(linked: Path, arg: str, message: str) -> None:
    tree = linked / "tree"
    before, links = snapshot(linked), _links(linked)
    result = cli("fix", arg, "good.py", cwd=tree, timeout=60)
    assert result.returncode == 2, result.stderr
    assert message in lines(result.stderr)
    assert_changed_only(before, snapshot(linked), {"tree/good.py": CALL_FIXED.encode()})
    assert _links(linked) == links


def test_a_hard_linked_file_is_reported_not_split(tree: Path) -> None:
    """An atomic rename would give ``good.py`` a new file and leave its other name on the old one."""
    other = tree.parent / "elsewhere.py"
    os.link(tree / "good.py", other)
    before = snapshot(tree.parent)
    result = cli("fix", ".", cwd=tree, timeout=60)
    assert result.returncode == 2, result.stderr
    assert (
        "good.py: error: not written: has 1 other hard link; not written, to keep them the same file"
        in lines(result.stderr)
    )
    assert_changed_only(before, snapshot(tree.parent), {})
    assert os.stat(tree / "good.py").st_ino == os.stat(other).st_ino


def test_a_named_symlink_is_still_read_by_check(linked: Path) -> None:
    result = cli("check", "link.py", cwd=linked / "tree", timeout=60)
    assert result.returncode == 1, result.stderr
    assert any(x.startswith("link.py:7:15: DSM101") for x in lines(result.stdout))


def test_fifo_named_like_a_source_file_does_not_hang_the_run(tree: Path) -> None:
    os.mkfifo(tree / "pipe.py")
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree, timeout=60)
    assert result.returncode == 0, result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})
    named = cli("check", "pipe.py", "clean.py", cwd=tree, timeout=60)
    assert named.returncode == 2
    assert "pipe.py: error: is not a regular file; not read" in lines(named.stderr)


SWAPPING = """
import os, sys
from pathlib import Path
from migrate.api import run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.rulepack import load_rules


def swap(path):
    os.unlink(path)
    os.mkfifo(path)


class Swapping(Discovery):
    def walk_paths(self, roots):
        for path, kind, explicit in super().walk_paths(roots):
            if path == "a_before.py":  # swapped after the walk saw it, before it is read
                swap(path)
            yield path, kind, explicit
            if path == "b_after.py":  # swapped after the scan read it, before it is parsed
                swap(path)


settings = Settings(rules=load_rules(), apply=True, cwd=os.getcwd())
for result in run([Path(".")], settings, Swapping(project_root=Path(".")), jobs=int(sys.argv[1])):
    print(result.path, result.error, result.changed)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_swapped_for_a_fifo_mid_run_does_not_hang(tree: Path, jobs: int) -> None:
    (tree / "a_before.py").write_text(CALL)
    (tree / "b_after.py").write_text(CALL)
    (tree / ".gitignore").unlink(missing_ok=True)
    os.mkfifo(tree / ".gitignore")  # read for the walk's ignore rules: never opened blocking either
    done = subprocess.run(
        [sys.executable, "-c", SWAPPING, str(jobs)], cwd=tree, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert lines(done.stdout) == [
        "a_before.py cannot read: not a regular file False",
        "b_after.py cannot read: not a regular file False",
        "good.py None True",
    ]


def test_names_with_spaces_and_non_ascii(tree: Path) -> None:
    names = ["with space.py", "ünïcödé 名前.py", "dir with space/ç a.py", "-dash.py"]
    for name in names:
        (tree / name).parent.mkdir(exist_ok=True)
        (tree / name).write_text(ONE_LINE)
    raw = os.fsencode(tree) + b"/\xff\xfe latin-1 name.py"  # not valid UTF-8: a surrogate-escaped str
    with open(raw, "wb") as handle:
        handle.write(ONE_LINE.encode())
    checked = cli("check", ".", cwd=tree)
    assert checked.returncode == 1, checked.stderr
    for name in names:
        assert any(x.startswith(f"{name}:3:33: DSM101") for x in lines(checked.stdout)), name
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    changed = {name: ONE_LINE_FIXED.encode() for name in names}
    changed["good.py"] = CALL_FIXED.encode()
    changed[os.fsdecode(b"\xff\xfe latin-1 name.py")] = ONE_LINE_FIXED.encode()
    assert_changed_only(before, snapshot(tree), changed)


def test_path_that_does_not_exist(tree: Path) -> None:
    before = snapshot(tree)
    result = cli("fix", "nope.py", "good.py", "missing/dir", cwd=tree)
    assert result.returncode == 2, result.stderr
    err = lines(result.stderr)
    assert "deepseek-migrate: error: nope.py: no such file or folder" in err
    assert "deepseek-migrate: error: missing/dir: no such file or folder" in err
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})


def test_empty_and_blank_files(tree: Path) -> None:
    (tree / "empty.py").write_bytes(b"")
    (tree / "blank.py").write_bytes(b"\n\n\r\n")
    (tree / "bom_only.py").write_bytes(b"\xef\xbb\xbf")
    (tree / "empty.json").write_bytes(b"")
    before = snapshot(tree)
    result = cli("fix", ".", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert "6 files scanned" in result.stderr
    assert_changed_only(before, snapshot(tree), {"good.py": CALL_FIXED.encode()})
    assert cli("check", "empty.py", "blank.py", "bom_only.py", cwd=tree).returncode == 0


# --- large real code --------------------------------------------------------------------------


def _digest(paths: list[str]) -> dict[str, str]:
    return {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def test_stdlib_diff_changes_nothing() -> None:
    """``diff`` over this interpreter's stdlib (its site-packages folder left out): no error, no change."""
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    settings = Settings(rules=load_rules(), apply=True, cwd=str(stdlib))
    files = [p for p, _, _ in Discovery(project_root=stdlib, respect_gitignore=False).walk_paths([stdlib])]
    before = _digest(files)
    stats = RunStats()
    results = list(
        run([stdlib], settings, Discovery(project_root=stdlib, respect_gitignore=False), jobs=2, stats=stats)
    )
    assert stats.files_seen == len(files) > 1000
    assert [(r.path, r.error) for r in results if r.error] == []
    assert [r.path for r in results if r.changed] == []
    assert _digest(files) == before


@pytest.mark.parametrize(
    ("fixed", "refused"),
    [
        ("x = 1\n", False),
        ("x = (\n", True),
        ("print 'x'\n", True),
        ("type Alias = int\n", False),  # PEP 695: ast on Python 3.11 rejects it, libcst parses it
        ("s = '\\d'\n", False),  # an invalid escape warns; it does not refuse, and nothing is printed
    ],
)
def test_fixed_text_is_refused_only_when_it_does_not_parse(fixed: str, refused: bool) -> None:
    import warnings

    from migrate.engine import verify

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reason = verify(fixed, "python", "utf-8")
    assert (reason is not None) is refused, reason
    assert verify("x = '\u00e9'\n", "python", "ascii") is not None  # not encodable: refused too


def test_fix_verification_parses_only_the_changed_statements_and_still_refuses_breakage() -> None:
    from migrate.engine import verify
    from migrate.model import Edit
    from migrate.textedit import apply_edits

    text = "import os\n\n\ndef f():\n    return call(model='a')\n\nx = [1,\n  2]\n"
    second = text.index("def f")
    third = text.index("x = [")
    ranges = [(0, second), (second, third), (third, len(text))]

    def check(*edits: Edit) -> str | None:
        return verify(apply_edits(text, edits), "python", "utf-8", original=text, edits=edits, ranges=ranges)

    inside = text.index("'a')") + 4
    assert check(Edit(inside - 1, inside - 1, ", extra_body={}")) is None
    assert check(Edit(second, second, "from a import b\n")) is None  # an insertion between statements
    broken = check(Edit(inside - 1, inside - 1, ", extra_body={"))
    assert broken is not None and "does not parse" in broken
    # An edit in a statement whose extent is not known: the whole text is parsed.
    assert check(Edit(0, 0, "(")) is not None
    assert verify(text, "python", "utf-8", original=text, edits=[Edit(1, 2, "m")], ranges=[]) is None
