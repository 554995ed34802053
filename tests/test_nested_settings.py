"""Nested settings objects: ``settings.llm.model`` where a field of one settings class holds another.

``class Settings(BaseSettings): llm: LLMSettings = LLMSettings()`` (or ``Field(default_factory=...)``,
a dataclass ``field(default_factory=...)``, the annotation alone with the object passed at the
construction): the field chain is followed to the literal, so the request that reads it gets the
whole fix, unsafe when the environment of a pydantic BaseSettings may set the field. Anything else
that may set the field (a write, a subclass, positional arguments) leaves the literal for review.
Every case has a twin.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, check_source, fix_source, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult, Finding, Severity
from migrate.rulepack import load_rules

HEAD = """\
from dataclasses import dataclass, field

from openai import OpenAI
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings

client = OpenAI(base_url="https://api.deepseek.com")
"""
DISABLED = 'extra_body={"thinking": {"type": "disabled"}}'
ENABLED = 'extra_body={"thinking": {"type": "enabled"}}'


def _code(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def _retired(source: str) -> list[Finding]:
    return [f for f in check_source(source).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]


SAFE = {
    "dataclass-default-factory": """
        @dataclass
        class LLMConfig:
            model: str = "deepseek-chat"


        @dataclass
        class AppConfig:
            llm: LLMConfig = field(default_factory=LLMConfig)


        config = AppConfig()


        def ask():
            return client.chat.completions.create(model=config.llm.model, messages=[])
        """,
    "default-instance-through-self": """
        class LLMConfig(BaseModel):
            model: str = "deepseek-chat"


        class AppConfig(BaseModel):
            llm: LLMConfig = LLMConfig()


        class Bot:
            def __init__(self):
                self.config = AppConfig()

            def ask(self):
                return client.chat.completions.create(model=self.config.llm.model, messages=[])
        """,
    "annotation-and-construction": """
        @dataclass
        class LLMConfig:
            model: str = "deepseek-chat"


        @dataclass
        class AppConfig:
            llm: LLMConfig


        config = AppConfig(llm=LLMConfig())
        llm = config.llm


        def ask():
            return client.chat.completions.create(model=llm.model, messages=[])
        """,
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_a_nested_field_read_by_a_deepseek_request_gets_the_whole_safe_fix(name: str) -> None:
    source = _code(SAFE[name])
    (finding,) = _retired(source)
    assert finding.severity is Severity.ERROR
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    fixed = fix_source(source)
    assert '"deepseek-v4-flash"' in fixed and "deepseek-chat" not in fixed
    assert DISABLED in fixed
    assert fix_source(fixed) == fixed


def test_a_nested_field_of_a_base_settings_is_unsafe_and_names_the_environment() -> None:
    source = _code(
        """
        class LLMSettings(BaseModel):
            model: str = "deepseek-reasoner"


        class Settings(BaseSettings):
            llm: LLMSettings = Field(default_factory=LLMSettings)


        settings = Settings()


        def ask():
            return client.chat.completions.create(model=settings.llm.model, messages=[])
        """
    )
    (finding,) = _retired(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "the environment, which can set the field `llm` of the pydantic BaseSettings `Settings`" in (
        finding.message
    )
    assert fix_source(source) == source
    fixed = fix_source(source, unsafe=True)
    assert '"deepseek-v4-flash"' in fixed and ENABLED in fixed


TWINS = {
    # the field is replaced somewhere: its value is not only the declared default
    "written-elsewhere": """
        def configure(llm):
            config.llm = llm
        """,
    # a subclass may declare the field differently
    "subclass": """
        @dataclass
        class OtherConfig(AppConfig):
            llm: LLMConfig = field(default_factory=lambda: LLMConfig(model="gpt-4o"))
        """,
    # the object the request reads may be a construction that passes the field positionally
    "positional-construction": """
        if __name__ == "__main__":
            config = AppConfig(LLMConfig())
        """,
}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_a_nested_field_something_else_may_set_gets_no_safe_fix(name: str) -> None:
    source = _code(
        """
        @dataclass
        class LLMConfig:
            model: str = "deepseek-chat"


        @dataclass
        class AppConfig:
            llm: LLMConfig = field(default_factory=LLMConfig)


        config = AppConfig()


        def ask():
            return client.chat.completions.create(model=config.llm.model, messages=[])
        """
        + TWINS[name]
    )
    (finding,) = _retired(source)
    assert finding.severity is Severity.ERROR
    assert finding.fix is None or finding.fix.applicability is not Applicability.SAFE, finding.message
    assert fix_source(source) == source


def test_twin_a_nested_field_sent_to_another_host_is_left_alone() -> None:
    source = _code(
        """
        router = OpenAI(base_url="https://openrouter.ai/api/v1")


        @dataclass
        class LLMConfig:
            model: str = "deepseek-chat"


        @dataclass
        class AppConfig:
            llm: LLMConfig = field(default_factory=LLMConfig)


        config = AppConfig()


        def ask():
            return router.chat.completions.create(model=config.llm.model, messages=[])
        """
    )
    (finding,) = _retired(source)
    assert finding.severity is Severity.WARNING and finding.fix is None, finding.message
    assert fix_source(source, unsafe=True) == source


def test_twin_a_construction_that_passes_another_model_is_followed_too() -> None:
    """``AppConfig(llm=LLMConfig(model="gpt-4o"))``: that instance sends gpt-4o; the default still
    reaches the request through ``config``."""
    source = _code(
        """
        @dataclass
        class LLMConfig:
            model: str = "deepseek-chat"


        @dataclass
        class AppConfig:
            llm: LLMConfig = field(default_factory=LLMConfig)


        config = AppConfig(llm=LLMConfig(model="gpt-4o"))


        def ask():
            return client.chat.completions.create(model=config.llm.model, messages=[])
        """
    )
    assert fix_source(source, unsafe=True) == source  # the request sends gpt-4o: nothing to rename there


def _project(tmp_path: Path, files: dict[str, str]) -> dict[str, FileResult]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    settings = Settings(rules=load_rules(), apply=True, cwd=str(tmp_path))
    found = run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats())
    return {r.path: r for r in found}


CONFIG = """
    from dataclasses import dataclass, field


    @dataclass
    class LLMConfig:
        model: str = "deepseek-chat"


    @dataclass
    class AppConfig:
        llm: LLMConfig = field(default_factory=LLMConfig)
    """
BOT = """
    from openai import OpenAI

    from app.config import AppConfig

    client = OpenAI(base_url="https://api.deepseek.com")


    class Bot:
        def __init__(self):
            self.cfg = {made}

        def ask(self):
            return client.chat.completions.create(model=self.cfg.llm.model, messages=[])
    """


def test_a_nested_field_of_a_class_imported_from_another_module_is_fixed_at_both_ends(tmp_path: Path) -> None:
    out = _project(
        tmp_path,
        {"app/__init__.py": "", "app/config.py": CONFIG, "app/bot.py": BOT.format(made="AppConfig()")},
    )
    fixed = {path: result.fixed for path, result in out.items()}
    assert fixed["app/config.py"] is not None and '"deepseek-v4-flash"' in fixed["app/config.py"]
    assert fixed["app/bot.py"] is not None and DISABLED in fixed["app/bot.py"]


def test_twin_a_construction_that_passes_an_unknown_nested_object_is_not_fixed(tmp_path: Path) -> None:
    out = _project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/config.py": CONFIG,
            "app/bot.py": BOT.format(made="AppConfig(llm=load())"),
        },
    )
    assert all(result.fixed is None for result in out.values())
    (finding,) = [f for f in out["app/config.py"].findings if f.old == "deepseek-chat"]
    assert finding.severity is Severity.ERROR and finding.fix is None, finding.message


DEPS = """
    from dataclasses import dataclass

    from openai import OpenAI


    @dataclass
    class Deps:
        client: OpenAI
        system: str = "You are helpful."


    def answer(deps: Deps, q):
        return deps.client.chat.completions.create(model="deepseek-chat", messages=q)
    """
DS = 'OpenAI(base_url="https://api.deepseek.com")'
MAIN = "from openai import OpenAI\nfrom app.deps import Deps\n\ndeps = Deps(client={client})\n"


def _deps_finding(tmp_path: Path, files: dict[str, str]) -> Finding:
    out = _project(tmp_path, {"app/__init__.py": "", "app/deps.py": DEPS, **files})
    (finding,) = [f for f in out["app/deps.py"].findings if f.old == "deepseek-chat"]
    return finding


def test_a_client_field_built_in_other_modules_with_deepseek_clients_goes_to_deepseek(tmp_path: Path) -> None:
    finding = _deps_finding(
        tmp_path,
        {
            "app/main.py": MAIN.format(client=DS),
            "app/worker.py": MAIN.format(client=DS).replace("client=", ""),
        },
    )
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message


@pytest.mark.parametrize(
    ("other", "says"),
    [
        ('OpenAI(base_url="https://openrouter.ai/api/v1")', "openrouter.ai"),
        ("make_client()", "app/worker.py:4"),
        ("OpenAI()", "sets no base URL"),
    ],
    ids=["deepseek-and-openrouter", "untraced", "no-base-url"],
)
def test_twin_a_client_field_one_construction_does_not_prove_deepseek(
    tmp_path: Path, other: str, says: str
) -> None:
    finding = _deps_finding(
        tmp_path, {"app/main.py": MAIN.format(client=DS), "app/worker.py": MAIN.format(client=other)}
    )
    assert finding.severity is Severity.ERROR
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding.message
    assert says in finding.message


def test_twin_a_client_field_also_assigned_is_unknown(tmp_path: Path) -> None:
    deps = textwrap.dedent(DEPS) + "\n\ndef swap(deps: Deps, client):\n    deps.client = client\n"
    out = _project(
        tmp_path, {"app/__init__.py": "", "app/deps.py": deps, "app/main.py": MAIN.format(client=DS)}
    )
    (finding,) = [f for f in out["app/deps.py"].findings if f.old == "deepseek-chat"]
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding.message
    assert "`.client` is also assigned" in finding.message
