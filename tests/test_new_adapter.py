"""scripts/new_adapter.py writes a working adapter skeleton and its wire test, and never overwrites."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import PythonAdapter
from migrate.model import Applicability
from migrate.python.analysis import Module
from migrate.python.checker import check_module
from migrate.rulepack import load_rules
from migrate.textedit import apply_edits

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "new_adapter.py"
ARGS = ["mistral_client", "MistralClient", "DSM150", "retired-model-in-mistral-call", "mistralai.Mistral"]


def _tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "migrate" / "adapters", tmp_path / "migrate" / "adapters")
    (tmp_path / "tests").mkdir()
    return tmp_path


def _new(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )


def _load(path: Path) -> type[PythonAdapter]:
    spec = importlib.util.spec_from_file_location("scaffolded_adapter", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    adapter: type[PythonAdapter] = module.MistralClient
    return adapter


def _fixed(adapter: type[PythonAdapter], code: str) -> tuple[str, set[str]]:
    module = Module(code, load_rules())
    reports, _ = check_module(module, [adapter()])
    edits = [e for r in reports if r.code == adapter.CODE and r.fix is not None for e in r.fix.edits]
    return apply_edits(code, edits), {r.code for r in reports}


def test_scaffold_writes_an_adapter_whose_cases_pass(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    done = _new(root, *ARGS)
    assert done.returncode == 0, done.stderr
    assert "from migrate.adapters.python.mistral_client import MistralClient" in done.stdout
    adapter = _load(root / "migrate" / "adapters" / "python" / "mistral_client.py")
    assert (adapter.CODE, adapter.NAME) == ("DSM150", "retired-model-in-mistral-call")
    for title in ("What it does", "Why is this bad?", "Example", "Fix safety"):
        assert adapter.section(title), title
    assert adapter.VALID and adapter.INVALID
    for valid in adapter.VALID:
        assert isinstance(valid, Valid)
        assert adapter.CODE not in _fixed(adapter, valid.code)[1], valid.code
    for invalid in adapter.INVALID:
        assert isinstance(invalid, Invalid) and invalid.applicability is Applicability.SAFE
        assert _fixed(adapter, invalid.code)[0] == invalid.after
    wire = root / "tests" / "test_wire_mistral_client.py"
    compile(wire.read_text(encoding="utf-8"), str(wire), "exec")


def test_scaffold_never_overwrites(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert _new(root, *ARGS).returncode == 0
    again = _new(root, "mistral_client", "Other", "DSM151", "other-name", "mistralai.Mistral")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "exists; not overwritten" in again.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        pytest.param(["x_client", "XClient", "DSM110", "x-name", "x.X"], "already used", id="code-taken"),
        pytest.param(
            ["x_client", "XClient", "DSM151", "retired-model-in-agno", "x.X"], "already used", id="name-taken"
        ),
        pytest.param(["x_client", "XClient", "DSM201", "x-name", "x.X"], "DSM1xx", id="not-a-python-code"),
        pytest.param(["x_client", "XClient", "DSM151", "x-name", "X"], "qualified name", id="bare-callee"),
    ],
)
def test_scaffold_refuses_bad_arguments(tmp_path: Path, args: list[str], error: str) -> None:
    root = _tree(tmp_path)
    done = _new(root, *args)
    assert done.returncode == 2 and error in done.stderr
    assert not (root / "migrate" / "adapters" / "python" / "x_client.py").exists()
    assert list((root / "tests").iterdir()) == []


def test_scaffold_refuses_a_root_that_is_not_a_checkout(tmp_path: Path) -> None:
    done = _new(tmp_path / "nowhere", *ARGS)
    assert done.returncode == 2 and "is not a deepseek-migrate checkout" in done.stderr
    assert done.stderr.count("\n") == 1
