"""migrate/pins.py: the versions a project pins, and the agno default-model finding that reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.adapters.python.agno import Agno
from migrate.api import run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, Severity
from migrate.pins import project_pins, requirement_pin
from migrate.report_rules.capabilities import CapabilityLookup
from migrate.rulepack import load_rules


@pytest.mark.parametrize(
    ("spec", "below", "at_least"),
    [
        ("agno==1.7.0", True, False),
        ("agno<2.6.10", True, False),
        ("agno<=2.6.9", True, False),
        ("agno~=2.5.0", True, False),
        ("agno==2.6.*", False, False),
        ("agno>=1.0,<2", True, False),
        ("agno >= 1.0, < 3", False, False),
        ("agno>=2.7", False, True),
        ("agno==3.1.10", False, True),
        ("agno^1.2", True, False),
        ("agno", False, False),
    ],
)
def test_requirement_ranges(spec: str, below: bool, at_least: bool) -> None:
    pin = requirement_pin(spec, "requirements.txt")
    assert pin is not None
    assert pin.all_below((2, 6, 10)) is below
    assert pin.all_at_least((2, 6, 10)) is at_least


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    project_pins.cache_clear()
    return tmp_path


def test_lock_file_wins_and_nearest_project_folder(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["agno>=1.0", "litellm[proxy]>=1.80"]\n',
            "uv.lock": '[[package]]\nname = "agno"\nversion = "2.1.0"\n',
            "src/app/agent.py": "",
        },
    )
    pins = project_pins(str(root / "src" / "app"))
    agno = pins.get("agno")
    assert agno is not None and agno.exact and agno.source == "uv.lock"
    litellm = pins.get("LiteLLM")
    assert litellm is not None and not litellm.exact and litellm.low == (1, 80)


def test_poetry_tables(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.10"\nagno = {version = "^2.3"}\n'},
    )
    pin = project_pins(str(root)).get("agno")
    assert pin is not None and pin.all_below((2, 6, 10)) is False and pin.high == (3,)


def test_no_project_files_means_no_pins(tmp_path: Path) -> None:
    root = _project(tmp_path, {".git/HEAD": "ref: main\n", "a/b.py": ""})
    assert project_pins(str(root / "a")).get("agno") is None


AGENT = 'from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(api_key="k")\n'


def _findings(root: Path) -> list:  # type: ignore[type-arg]
    settings = Settings(rules=load_rules(), cwd=str(root))
    results = list(run([root], settings, Discovery(project_root=root), jobs=1))
    return [f for r in results for f in r.findings if f.code == Agno.CODE]


def test_agno_pinned_before_the_new_default_gets_a_safe_fix_with_request_params(tmp_path: Path) -> None:
    root = _project(tmp_path, {"requirements.txt": "agno==1.7.0\n", "agent.py": AGENT})
    (finding,) = _findings(root)
    assert finding.severity is Severity.ERROR
    assert "sends `deepseek-chat` in agno 1.7.0 (requirements.txt)" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    (edit,) = finding.fix.edits
    assert (
        edit.content
        == ', id="deepseek-v4-flash", request_params={"extra_body": {"thinking": {"type": "disabled"}}}'
    )


def test_agno_pinned_to_the_new_default_is_left_alone(tmp_path: Path) -> None:
    root = _project(tmp_path, {"requirements.txt": "agno==3.1.10\n", "agent.py": AGENT})
    assert _findings(root) == []


def test_agno_range_across_the_change_is_a_warning_with_an_unsafe_fix(tmp_path: Path) -> None:
    root = _project(tmp_path, {"requirements-dev.txt": "agno>=2.0,<3\n", "agent.py": AGENT})
    (finding,) = _findings(root)
    assert (
        finding.severity is Severity.WARNING
        and "agno>=2.0,<3 (requirements-dev.txt) allows both" in finding.message
    )
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_agno_rename_uses_request_params_when_the_pinned_agno_has_no_use_thinking(tmp_path: Path) -> None:
    code = 'from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(id="deepseek-chat")\n'
    root = _project(
        tmp_path, {"poetry.lock": '[[package]]\nname = "agno"\nversion = "2.6.9"\n', "agent.py": code}
    )
    (finding,) = _findings(root)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    texts = [e.content for e in finding.fix.edits]
    assert any("request_params=" in t for t in texts) and not any("use_thinking" in t for t in texts)


LOOKUP = 'import litellm\nok = litellm.supports_function_calling(model="deepseek/deepseek-v4-flash")\n'


def _lookups(root: Path) -> list:  # type: ignore[type-arg]
    settings = Settings(rules=load_rules(), cwd=str(root))
    results = list(run([root], settings, Discovery(project_root=root), jobs=1))
    return [f for r in results for f in r.findings if f.code == CapabilityLookup.CODE]


def test_capability_lookup_names_the_pinned_litellm_that_predates_v4(tmp_path: Path) -> None:
    root = _project(tmp_path, {"requirements.txt": "litellm==1.85.0\n", "tools.py": LOOKUP})
    (finding,) = _lookups(root)
    assert "the project pins litellm==1.85.0 (requirements.txt)" in finding.message
    assert "litellm>=1.90.0 knows it" in finding.message


def test_capability_lookup_is_quiet_when_the_pinned_litellm_knows_v4(tmp_path: Path) -> None:
    root = _project(
        tmp_path, {"uv.lock": '[[package]]\nname = "litellm"\nversion = "1.110.2"\n', "tools.py": LOOKUP}
    )
    assert _lookups(root) == []


def test_capability_lookup_of_a_retired_name_warns_even_with_a_new_litellm(tmp_path: Path) -> None:
    code = LOOKUP.replace("deepseek-v4-flash", "deepseek-chat")
    root = _project(tmp_path, {"requirements.txt": "litellm>=1.100\n", "tools.py": code})
    (finding,) = _lookups(root)
    assert "differ from `deepseek-chat`'s" in finding.message and "1.90.0" not in finding.message


def test_stdin_filename_reads_the_pins_of_the_named_files_project(tmp_path: Path) -> None:
    from tests.test_cli import cli

    root = _project(tmp_path, {"requirements.txt": "agno==2.6.9\n"})
    result = cli("check", "--stdin-filename", "app/agent.py", cwd=root, stdin=AGENT)
    assert "sends `deepseek-chat` in agno 2.6.9 (requirements.txt)" in result.stdout, (
        result.stdout + result.stderr
    )
