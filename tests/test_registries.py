"""Model names kept in registries (dicts and lists of names or of settings) and read by key.

``MODELS[kind]``, ``MODELS.get(kind)``, ``PROVIDERS["deepseek"]["model"]`` and loops
over a list of settings dicts: the tool follows the literal to the request, renames
the entry and spells the thinking mode at the request, or says why it cannot. Every
case has a no-op twin or an unsafe/manual twin that differs in one way.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, check_source, fix_source, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult, Finding, Place
from migrate.rulepack import load_rules

OPENAI = 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
DISABLED = 'extra_body={"thinking": {"type": "disabled"}}'
ENABLED = 'extra_body={"thinking": {"type": "enabled"}}'


def _code(body: str, head: str = OPENAI) -> str:
    return head + textwrap.dedent(body)


def _retired(source: str) -> list[Finding]:
    return [f for f in check_source(source).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]


def _only(source: str) -> Finding:
    (finding,) = _retired(source)
    return finding


SAFE = {
    "dict-read-by-variable-key": (
        """
        MODELS = {"fast": "deepseek-chat", "cheap": "deepseek-chat"}


        def ask(kind, prompt):
            if kind not in MODELS:
                raise ValueError(kind)
            return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
        """,
        DISABLED,
        2,
    ),
    "dict-read-by-constant-key": (
        """
        MODELS = {"chat": "deepseek-reasoner", "embed": "text-embedding-3-small"}


        def ask(prompt):
            return client.chat.completions.create(model=MODELS["chat"], messages=[prompt])
        """,
        ENABLED,
        1,
    ),
    "dict-get-with-default": (
        """
        MODELS = {"fast": "deepseek-chat"}


        def ask(kind, prompt):
            model = MODELS.get(kind, "deepseek-chat")
            return client.chat.completions.create(model=model, messages=[prompt])
        """,
        DISABLED,
        2,
    ),
    "nested-provider-settings": (
        """
        PROVIDERS = {
            "deepseek": {"model": "deepseek-chat", "temperature": 0.2},
            "backup": {"model": "deepseek-chat", "temperature": 0.7},
        }


        def ask(provider, prompt):
            settings = PROVIDERS[provider]
            return client.chat.completions.create(
                model=settings["model"], temperature=settings["temperature"], messages=[prompt]
            )
        """,
        DISABLED,
        2,
    ),
    "list-of-settings-iterated": (
        """
        PROFILES = [
            {"name": "terse", "model": "deepseek-chat"},
            {"name": "verbose", "model": "deepseek-chat"},
        ]


        def ask_all(prompt):
            for profile in PROFILES:
                client.chat.completions.create(model=profile["model"], messages=[prompt])
        """,
        DISABLED,
        2,
    ),
    "dict-items-iterated": (
        """
        MODELS = {"a": "deepseek-reasoner", "b": "deepseek-reasoner"}


        def ask_all(prompt):
            for name, model in MODELS.items():
                print(name)
                client.chat.completions.create(model=model, messages=[prompt])
        """,
        ENABLED,
        2,
    ),
    "registry-as-parameter-default": (
        """
        DEFAULTS = {"model": "deepseek-chat"}


        def ask(prompt, settings=DEFAULTS):
            return client.chat.completions.create(model=settings["model"], messages=[prompt])


        ask("hi")
        """,
        DISABLED,
        1,
    ),
    "local-alias-chain": (
        """
        MODEL = "deepseek-chat"


        def ask(prompt):
            model = MODEL
            return client.chat.completions.create(model=model, messages=[prompt])
        """,
        DISABLED,
        1,
    ),
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_registry_entry_is_renamed_and_the_request_gets_thinking(name: str) -> None:
    body, thinking, renamed = SAFE[name]
    source = _code(body)
    found = _retired(source)
    assert len(found) == renamed
    assert all(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in found), [
        f.message for f in found
    ]
    after = fix_source(source)
    assert after.count("deepseek-v4-flash") == renamed
    assert after.count(thinking) == 1
    assert "deepseek-chat" not in after and "deepseek-reasoner" not in after
    assert fix_source(after) == after


def test_twin_registry_for_another_host_is_left_as_is() -> None:
    source = _code(
        """
        MODELS = {"fast": "deepseek/deepseek-chat", "cheap": "deepseek/deepseek-chat"}


        def ask(kind, prompt):
            return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
        """,
        head='from openai import OpenAI\n\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n',
    )
    assert fix_source(source, unsafe=True) == source


def test_twin_registry_of_current_names_is_untouched() -> None:
    source = _code(
        """
        MODELS = {"fast": "deepseek-v4-flash", "cheap": "deepseek-v4-flash"}


        def ask(kind, prompt):
            return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
        """
    )
    assert _retired(source) == [] and fix_source(source) == source


def test_an_entry_no_request_reads_keeps_its_report_and_no_fix() -> None:
    source = _code(
        """
        MODELS = {"fast": "deepseek-chat", "smart": "deepseek-reasoner"}


        def ask(prompt):
            return client.chat.completions.create(model=MODELS["fast"], messages=[prompt])
        """
    )
    found = {f.old: f for f in _retired(source)}
    assert found["deepseek-chat"].fix is not None
    assert found["deepseek-chat"].fix.applicability is Applicability.SAFE
    assert found["deepseek-reasoner"].fix is None
    assert (
        "an entry of `MODELS`, which no request the tool can follow reads"
        in found["deepseek-reasoner"].message
    )


def test_a_registry_with_both_modes_at_one_request_is_manual_with_a_plan() -> None:
    source = _code(
        """
        MODELS = {"fast": "deepseek-chat", "smart": "deepseek-reasoner"}


        def ask(kind, prompt):
            return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
        """
    )
    found = _retired(source)
    assert len(found) == 2 and all(f.fix is None for f in found)
    assert "`thinking` entry" in found[0].message and "send it from the request" in found[0].message
    assert fix_source(source, unsafe=True) == source


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (  # the registry is changed after it is made
            """
            MODELS = {"fast": "deepseek-chat"}
            MODELS["slow"] = "gpt-4o-mini"


            def ask(kind, prompt):
                return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
            """,
            "changed at line 6",
        ),
        (  # a nested entry changed through a local alias
            """
            PROVIDERS = {"deepseek": {"model": "deepseek-chat"}}


            def use_openai():
                entry = PROVIDERS["deepseek"]
                entry["base"] = "gpt-4o"


            def ask(name, prompt):
                return client.chat.completions.create(model=PROVIDERS["deepseek"][name], messages=[prompt])
            """,
            "changed at line 10",
        ),
        (  # the registry also goes where the tool cannot follow it
            """
            MODELS = {"fast": "deepseek-chat"}


            def ask(kind, prompt):
                log(MODELS)
                return client.chat.completions.create(model=MODELS[kind], messages=[prompt])
            """,
            "cannot follow it (line 9)",
        ),
        (  # a parameter with the registry as its default, which a caller overrides
            """
            DEFAULTS = {"model": "deepseek-chat"}


            def ask(prompt, settings=DEFAULTS):
                return client.chat.completions.create(model=settings["model"], messages=[prompt])


            ask("hi", {"model": "gpt-4o"})
            """,
            "calls of `ask()` pass (line 12)",
        ),
    ],
)
def test_a_registry_the_tool_cannot_see_whole_is_unsafe(body: str, reason: str) -> None:
    finding = _only(_code(body))
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert reason in finding.message


@pytest.mark.parametrize("method", ["get", "pop", "setdefault"])
def test_a_default_of_a_mapping_the_tool_cannot_see_is_unsafe_and_names_the_entry(method: str) -> None:
    source = _code(
        f"""
        def ask(config, prompt):
            model = config.{method}("model", "deepseek-chat")
            return client.chat.completions.create(model=model, messages=[prompt])
        """
    )
    finding = _only(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "the `model` entry of `config`" in finding.message
    assert "cannot follow" not in finding.message  # the default is followed to the request


def test_an_environment_default_says_the_variable_overrides_it() -> None:
    source = _code(
        """
        import os

        MODEL = os.getenv("LLM_MODEL", "deepseek-chat")


        def ask(prompt):
            return client.chat.completions.create(model=MODEL, messages=[prompt])
        """
    )
    finding = _only(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "LLM_MODEL, which overrides it" in finding.message
    assert "cannot follow" not in finding.message


def _project(tmp_path: Path, files: dict[str, str]) -> dict[str, FileResult]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=False, cwd=str(tmp_path))
    found = run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats())
    return {r.path: r for r in found}


REGISTRY = OPENAI + 'MODELS = {"fast": "deepseek-chat", "cheap": "deepseek-chat"}\n'
LOCAL_USE = "def ask(kind, p):\n    return client.chat.completions.create(model=MODELS[kind], messages=[p])\n"


@pytest.mark.parametrize(
    "reader",
    [
        "from app.config import MODELS, client\n\nclient.chat.completions.create(model=MODELS['fast'], messages=[])\n",
        "from app import config\n\nconfig.client.chat.completions.create(model=config.MODELS.get('cheap'), messages=[])\n",
        "from app.config import MODELS\n\nfor name in MODELS:\n    print(name)\n",
    ],
)
def test_a_registry_read_in_another_module_is_not_renamed_safely(tmp_path: Path, reader: str) -> None:
    out = _project(
        tmp_path,
        {"app/__init__.py": "", "app/config.py": REGISTRY + LOCAL_USE, "app/other.py": reader},
    )
    found = [f for f in out["app/config.py"].findings if f.old == "deepseek-chat"]
    assert len(found) == 2
    for finding in found:
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
        assert "app/other.py" in finding.message
    assert out["app/config.py"].fixed is None  # no safe fix: the other module's request keeps its mode
    if "create(" in reader:
        (request,) = [f for f in out["app/other.py"].findings if f.related]
        assert request.fix is None and "registry" in request.message
        assert request.related == (Place("app/config.py", 4, 1, "defined"),)


def test_twin_a_private_registry_and_an_unrelated_name_elsewhere_stay_safe(tmp_path: Path) -> None:
    out = _project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/config.py": REGISTRY + LOCAL_USE,
            "app/other.py": "MODELS = {}\nprint(MODELS)\n",  # its own MODELS, not the config's
        },
    )
    found = [f for f in out["app/config.py"].findings if f.old == "deepseek-chat"]
    assert found and all(f.fix is not None and f.fix.applicability is Applicability.SAFE for f in found)
