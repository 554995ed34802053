"""Real-world shapes: small projects written the way public repositories call DeepSeek.

Each folder under ``tests/realworld/`` is one project; its ``expect.toml`` lists the findings
the product rules call for (path, line, code, severity, fix applicability: ``safe``, ``unsafe``
or ``none``), decided from the README's rules, not from the tool's output. Every shape also goes through ``fix``: it writes only safe fixes, the result is clean of
safe fixes, and a second ``fix`` changes nothing.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate.cli import app
from migrate.python.crossmodule import namespace_names

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHAPES = Path(__file__).resolve().parent / "realworld"
NAMES = sorted(p.name for p in SHAPES.iterdir() if (p / "expect.toml").is_file())

Row = tuple[str, int, str, str, str]


def _findings(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, [*args, "--format", "json", "-q", "."])
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    document = json.loads(result.stdout)
    findings: list[dict[str, object]] = document["findings"]
    return findings


def _row(finding: dict[str, object]) -> Row:
    fix = finding["fix"]
    applicability = "none" if fix is None else str(fix["applicability"])  # type: ignore[index]
    return (
        str(finding["path"]),
        int(finding["line"]),
        str(finding["code"]),
        str(finding["severity"]),
        applicability,
    )  # type: ignore[call-overload]


def _expected(spec: dict[str, object]) -> list[Row]:
    rows = spec.get("finding", [])
    assert isinstance(rows, list)
    return sorted((r["path"], r["line"], r["code"], r["severity"], r["fix"]) for r in rows)


def _copy(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(SHAPES / name, root, ignore=shutil.ignore_patterns("expect.toml"))
    return root


@pytest.mark.parametrize("name", NAMES)
def test_shape_findings(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tomllib.loads((SHAPES / name / "expect.toml").read_text(encoding="utf-8"))
    root = _copy(name, tmp_path)
    seen = sorted(_row(f) for f in _findings(root, "check", monkeypatch=monkeypatch))
    expected = _expected(spec)
    assert seen == expected


@pytest.mark.parametrize("name", NAMES)
def test_shape_fix_is_idempotent(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy(name, tmp_path)
    _findings(root, "fix", "--docs", monkeypatch=monkeypatch)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    left = _findings(root, "check", monkeypatch=monkeypatch)
    assert not [f for f in left if f["fix"] is not None and f["fix"]["applicability"] == "safe"]  # type: ignore[index]
    _findings(root, "fix", "--docs", monkeypatch=monkeypatch)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == after


@pytest.mark.parametrize(
    ("path", "module", "names"),
    [
        ("app/config.py", "config", ["app.config"]),
        ("src/app/config.py", "config", ["app.config", "src.app.config"]),
        ("pkg/sub/mod.py", "sub.mod", ["pkg.sub.mod"]),
        ("pkg/__init__.py", "pkg", []),
        ("my-project/app/config.py", "config", ["app.config"]),
        ("config.py", "config", []),
    ],
)
def test_namespace_names(path: str, module: str, names: list[str]) -> None:
    """A module in folders without ``__init__.py`` (``from app.config import LLMConfig``) is linked."""
    assert namespace_names(path, module) == names


def test_getenv_default_imported_from_a_settings_module_is_unsafe_at_both_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MODEL = os.getenv("DEEPSEEK_MODEL", "deepseek-chat")`` sent from another module: the
    variable overrides the default, so even a request to DeepSeek's own URL gets an unsafe fix."""
    (tmp_path / "settings.py").write_text('import os\nMODEL = os.getenv("DEEPSEEK_MODEL", "deepseek-chat")\n')
    (tmp_path / "bot.py").write_text(
        "from openai import OpenAI\nfrom settings import MODEL\n"
        'client = OpenAI(base_url="https://api.deepseek.com")\n'
        "client.chat.completions.create(model=MODEL, messages=[])\n"
    )
    found = _findings(tmp_path, "check", monkeypatch=monkeypatch)
    assert sorted(_row(f) for f in found) == [
        ("bot.py", 4, "DSM101", "error", "unsafe"),
        ("settings.py", 2, "DSM101", "error", "unsafe"),
    ]
    assert all("environment variable DEEPSEEK_MODEL" in str(f["message"]) for f in found)
