"""Model names kept in a settings object and read as an attribute elsewhere.

Class fields with defaults (plain class attributes, dataclasses, pydantic
``BaseModel`` / ``BaseSettings``, ``NamedTuple``, attrs), read through the class,
an instance made here (``settings = Settings()``), a parameter annotated with
the class, or ``self.config``; in the same module or imported from another one.
Every safe case has a twin that must stay unsafe or untouched.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.adapters.python.openai_sdk import OpenAISdk
from migrate.model import Applicability, Finding
from migrate.report_rules.python_strings import OtherHost, RetiredModelComparison
from tests.test_flow import DISABLED, ENABLED, OPENAI, fixed, project, results

SEND = "client.chat.completions.create(model={}, messages=[])"


def finding(findings: tuple[Finding, ...], old: str, code: str = OpenAISdk.CODE) -> Finding:
    return next(f for f in findings if f.code == code and f.old == old)


FIELD_SHAPES = {
    "plain class attribute": ("class Config:\n    MODEL = 'deepseek-chat'\n", "Config.MODEL"),
    "dataclass instance": (
        "from dataclasses import dataclass\n\n@dataclass\nclass ModelConfig:\n"
        "    model: str = 'deepseek-chat'\n    temperature: float = 0.2\n\ncfg = ModelConfig()\n",
        "cfg.model",
    ),
    "pydantic BaseModel Field": (
        "from pydantic import BaseModel, Field\n\nclass LLM(BaseModel):\n"
        "    model_name: str = Field(default='deepseek-chat', description='the model')\n\nllm = LLM()\n",
        "llm.model_name",
    ),
    "NamedTuple": (
        "from typing import NamedTuple\n\nclass Conf(NamedTuple):\n    model: str = 'deepseek-chat'\n\n"
        "conf = Conf()\n",
        "conf.model",
    ),
    "attrs": (
        "import attrs\n\n@attrs.define\nclass Conf:\n    model: str = attrs.field(default='deepseek-chat')\n\n"
        "conf = Conf()\n",
        "conf.model",
    ),
}


@pytest.mark.parametrize("shape", sorted(FIELD_SHAPES))
def test_field_read_through_class_or_instance_in_the_same_module(tmp_path: Path, shape: str) -> None:
    definition, read = FIELD_SHAPES[shape]
    root = project(tmp_path, {"app.py": definition + OPENAI + SEND.format(read) + "\n"})
    result = results(root)["app.py"]
    found = finding(result.findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.SAFE, found.message
    text = fixed(result)
    single = DISABLED.replace('"', "'")  # quoted like the renamed literal
    assert "'deepseek-v4-flash'" in text and f"model={read}, messages=[], {single})" in text


@pytest.mark.parametrize("shape", sorted(FIELD_SHAPES))
def test_field_sent_to_another_host_is_left_alone(tmp_path: Path, shape: str) -> None:
    definition, read = FIELD_SHAPES[shape]
    other = 'from openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n'
    root = project(tmp_path, {"app.py": definition + other + SEND.format(read) + "\n"})
    result = results(root)["app.py"]
    assert result.fixed is None
    assert finding(result.findings, "deepseek-chat", OtherHost.CODE).fix is None


@pytest.mark.parametrize("shape", sorted(FIELD_SHAPES))
def test_field_also_read_where_the_tool_cannot_follow_is_unsafe(tmp_path: Path, shape: str) -> None:
    definition, read = FIELD_SHAPES[shape]
    source = definition + OPENAI + SEND.format(read) + f"\nlog({read})\n"
    result = results(project(tmp_path, {"app.py": source}))["app.py"]
    found = finding(result.findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    assert f"line {source.count(chr(10))}" in found.message


def test_annotated_parameter_and_self_config(tmp_path: Path) -> None:
    source = OPENAI + textwrap.dedent(
        """
        from dataclasses import dataclass


        @dataclass
        class ModelConfig:
            model: str = "deepseek-reasoner"


        def ask(q: str, cfg: ModelConfig):
            return client.chat.completions.create(model=cfg.model, messages=[q])


        class Agent:
            def __init__(self, config: ModelConfig | None = None):
                self.config = config or ModelConfig()

            def run(self, q):
                return client.chat.completions.create(model=self.config.model, messages=[q])
        """
    )
    text = fixed(results(project(tmp_path, {"agent.py": source}))["agent.py"])
    assert 'model: str = "deepseek-v4-flash"' in text
    assert f"model=cfg.model, messages=[q], {ENABLED})" in text
    assert f"model=self.config.model, messages=[q], {ENABLED})" in text


def test_construction_keyword_is_the_value_read_later(tmp_path: Path) -> None:
    source = OPENAI + textwrap.dedent(
        """
        from dataclasses import dataclass


        @dataclass
        class ModelConfig:
            model: str = "deepseek-v4-pro"
            temperature: float = 0.0


        def main():
            cfg = ModelConfig(model="deepseek-chat", temperature=0.3)
            return client.chat.completions.create(model=cfg.model, temperature=cfg.temperature, messages=[])
        """
    )
    text = fixed(results(project(tmp_path, {"main.py": source}))["main.py"])
    assert 'ModelConfig(model="deepseek-v4-flash"' in text and DISABLED in text


def test_construction_whose_instance_escapes_is_unsafe(tmp_path: Path) -> None:
    source = OPENAI + textwrap.dedent(
        """
        from dataclasses import dataclass


        @dataclass
        class ModelConfig:
            model: str = "deepseek-v4-pro"


        def main():
            cfg = ModelConfig(model="deepseek-chat")
            thirdparty.register(cfg)
            return client.chat.completions.create(model=cfg.model, messages=[])
        """
    )
    found = finding(results(project(tmp_path, {"main.py": source}))["main.py"].findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE


def test_a_construction_with_another_retired_name_is_manual(tmp_path: Path) -> None:
    source = OPENAI + textwrap.dedent(
        """
        from dataclasses import dataclass


        @dataclass
        class ModelConfig:
            model: str = "deepseek-reasoner"


        def ask(cfg: ModelConfig):
            return client.chat.completions.create(model=cfg.model, messages=[])


        ask(ModelConfig(model="deepseek-chat"))
        """
    )
    findings = results(project(tmp_path, {"main.py": source}))["main.py"].findings
    assert all(f.fix is None for f in findings if f.code == OpenAISdk.CODE)
    assert "sends both retired names" in finding(findings, "deepseek-reasoner").message


def test_settings_returned_by_a_cached_factory(tmp_path: Path) -> None:
    source = OPENAI + textwrap.dedent(
        """
        from functools import lru_cache
        from pydantic import BaseModel


        class Settings(BaseModel):
            llm_model: str = "deepseek-chat"


        @lru_cache
        def get_settings() -> Settings:
            return Settings()


        def ask(q):
            return client.chat.completions.create(model=get_settings().llm_model, messages=[q])
        """
    )
    text = fixed(results(project(tmp_path, {"app.py": source}))["app.py"])
    assert '"deepseek-v4-flash"' in text and DISABLED in text


def test_base_settings_field_names_its_environment_variable(tmp_path: Path) -> None:
    source = (
        "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
        "    llm_model: str = 'deepseek-chat'\n\nsettings = Settings()\n"
        + OPENAI
        + SEND.format("settings.llm_model")
        + "\n"
    )
    result = results(project(tmp_path, {"app.py": source}))["app.py"]
    found = finding(result.findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    assert "LLM_MODEL" in found.message and "right for the default" in found.message


CONFIG = textwrap.dedent(
    """
    from dataclasses import dataclass

    from pydantic import BaseModel


    class Settings(BaseModel):
        llm_model: str = "deepseek-chat"
        base_url: str = "https://api.deepseek.com"


    settings = Settings()


    @dataclass
    class ModelConfig:
        model: str = "deepseek-reasoner"
    """
)


@pytest.mark.parametrize(
    ("imports", "read"),
    [
        ("from core.config import settings", "settings.llm_model"),
        ("from core import config", "config.settings.llm_model"),
        ("import core.config as c", "c.settings.llm_model"),
        ("from core.config import settings as s", "s.llm_model"),
    ],
)
def test_imported_settings_instance(tmp_path: Path, imports: str, read: str) -> None:
    service = OPENAI + f"{imports}\n\n\ndef ask(q):\n    return " + SEND.format(read) + "\n"
    root = project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": CONFIG,
            "services/__init__.py": "",
            "services/chat.py": service,
        },
    )
    out = results(root)
    definition = finding(out["core/config.py"].findings, "deepseek-chat")
    assert definition.fix is not None and definition.fix.applicability is Applicability.SAFE
    assert [(p.path, p.line) for p in definition.related] == [("services/chat.py", 7)]
    assert 'llm_model: str = "deepseek-v4-flash"' in fixed(out["core/config.py"])
    request = finding(out["services/chat.py"].findings, "deepseek-chat")
    assert "core/config.py:8" in request.message
    assert [(p.path, p.line, p.role) for p in request.related] == [("core/config.py", 8, "defined")]
    assert f"model={read}, messages=[], {DISABLED})" in fixed(out["services/chat.py"])


def test_imported_class_read_through_an_annotated_parameter(tmp_path: Path) -> None:
    service = OPENAI + textwrap.dedent(
        """
        from core.config import ModelConfig


        def ask(q, cfg: ModelConfig):
            return client.chat.completions.create(model=cfg.model, messages=[q])
        """
    )
    root = project(tmp_path, {"core/__init__.py": "", "core/config.py": CONFIG, "chat.py": service})
    out = results(root)
    assert 'model: str = "deepseek-v4-flash"' in fixed(out["core/config.py"])
    assert f"model=cfg.model, messages=[q], {ENABLED})" in fixed(out["chat.py"])


def test_imported_class_constructed_with_another_model_is_unsafe(tmp_path: Path) -> None:
    service = OPENAI + textwrap.dedent(
        """
        from core.config import ModelConfig


        def ask(q, cfg: ModelConfig):
            return client.chat.completions.create(model=cfg.model, messages=[q])
        """
    )
    caller = (
        "from core.config import ModelConfig\nfrom chat import ask\nask('q', ModelConfig(model=pick()))\n"
    )
    root = project(
        tmp_path, {"core/__init__.py": "", "core/config.py": CONFIG, "chat.py": service, "main.py": caller}
    )
    definition = finding(results(root)["core/config.py"].findings, "deepseek-reasoner")
    assert definition.fix is not None and definition.fix.applicability is Applicability.UNSAFE
    assert "main.py:3" in definition.message


def test_imported_field_also_read_elsewhere_is_unsafe(tmp_path: Path) -> None:
    service = OPENAI + "from core.config import settings\n\n" + SEND.format("settings.llm_model") + "\n"
    other = "from core.config import settings\nimport logging\nlogging.info(settings.llm_model)\n"
    root = project(
        tmp_path, {"core/__init__.py": "", "core/config.py": CONFIG, "chat.py": service, "log.py": other}
    )
    out = results(root)
    definition = finding(out["core/config.py"].findings, "deepseek-chat")
    assert definition.fix is not None and definition.fix.applicability is Applicability.UNSAFE
    assert "log.py:3" in definition.message
    assert out["core/config.py"].fixed is None


def test_imported_base_settings_field_is_unsafe_and_names_the_variable(tmp_path: Path) -> None:
    config = CONFIG.replace("from pydantic import BaseModel", "from pydantic_settings import BaseSettings")
    config = config.replace("(BaseModel)", "(BaseSettings)")
    service = OPENAI + "from core.config import settings\n\n" + SEND.format("settings.llm_model") + "\n"
    root = project(tmp_path, {"core/__init__.py": "", "core/config.py": config, "chat.py": service})
    out = results(root, unsafe=True)
    for path in ("core/config.py", "chat.py"):
        found = finding(out[path].findings, "deepseek-chat")
        assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
        assert "LLM_MODEL" in found.message
    assert "deepseek-v4-flash" in fixed(out["core/config.py"]) and DISABLED in fixed(out["chat.py"])
    safe = results(root)
    assert safe["core/config.py"].fixed is None and safe["chat.py"].fixed is None


def test_imported_field_compared_keeps_the_comparison_finding(tmp_path: Path) -> None:
    service = OPENAI + textwrap.dedent(
        """
        from core.config import settings


        def ask(q):
            if settings.llm_model == "deepseek-chat":
                q = q.strip()
            return client.chat.completions.create(model=settings.llm_model, messages=[q])
        """
    )
    root = project(tmp_path, {"core/__init__.py": "", "core/config.py": CONFIG, "chat.py": service})
    out = results(root)
    compared = finding(out["chat.py"].findings, "deepseek-chat", RetiredModelComparison.CODE)
    assert compared.fix is None
    definition = finding(out["core/config.py"].findings, "deepseek-chat")
    assert definition.fix is not None and definition.fix.applicability is Applicability.UNSAFE


FACTORY = textwrap.dedent(
    """
    from functools import lru_cache

    from pydantic import BaseModel


    class Settings(BaseModel):
        chat_model: str = "deepseek-chat"
        reasoner_model: str = "deepseek-reasoner"


    settings: Settings = Settings()


    @lru_cache
    def get_settings() -> Settings:
        return Settings()
    """
)


def test_reexported_instance_and_cached_factory_across_modules(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/core/__init__.py": "from .config import get_settings, settings\n",
            "app/core/config.py": FACTORY,
            "app/services/__init__.py": "",
            "app/services/a.py": OPENAI
            + "from app.core import settings\n\n"
            + SEND.format("settings.chat_model")
            + "\n",
            "app/services/b.py": OPENAI
            + "from app.core.config import get_settings\n\n\ndef b():\n    s = get_settings()\n    return "
            + SEND.format("s.reasoner_model")
            + "\n",
        },
    )
    out = results(root)
    text = fixed(out["app/core/config.py"])
    assert text.count('"deepseek-v4-flash"') == 2
    assert DISABLED in fixed(out["app/services/a.py"]) and ENABLED in fixed(out["app/services/b.py"])


def test_a_field_read_on_an_untraced_object_in_another_file_is_unsafe(tmp_path: Path) -> None:
    untraced = OPENAI + "\n\ndef d(cfg):\n    return " + SEND.format("cfg.chat_model") + "\n"
    own = "class Bot:\n    def go(self):\n        return self.chat_model\n"  # another class's own attribute
    root = project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": FACTORY,
            "a.py": OPENAI
            + "from core.config import settings\n\n"
            + SEND.format("settings.chat_model")
            + "\n",
            "bot.py": own,
        },
    )
    safe = finding(results(root)["core/config.py"].findings, "deepseek-chat")
    assert safe.fix is not None and safe.fix.applicability is Applicability.SAFE, safe.message
    (root / "d.py").write_text(untraced)
    found = finding(results(root)["core/config.py"].findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    assert "d.py:6" in found.message


def test_a_field_read_in_the_defining_module_is_unsafe(tmp_path: Path) -> None:
    config = FACTORY + "\n\ndef describe(s: Settings) -> str:\n    return s.chat_model\n"
    root = project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": config,
            "a.py": OPENAI
            + "from core.config import settings\n\n"
            + SEND.format("settings.chat_model")
            + "\n",
        },
    )
    found = finding(results(root)["core/config.py"].findings, "deepseek-chat")
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    assert f"line {config.count(chr(10))}" in found.message


@pytest.mark.parametrize(
    ("subclass", "applicability"),
    [("    temperature: float = 0.1\n", Applicability.SAFE), ('    model: str = "gpt-4o"\n', None)],
)
def test_a_subclass_that_overrides_the_field_is_manual(
    tmp_path: Path, subclass: str, applicability: Applicability | None
) -> None:
    source = (
        OPENAI
        + 'from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    model: str = "deepseek-chat"\n\n\n'
        + f"class Child(Base):\n{subclass}\n\ndef ask(cfg: Base):\n    return "
        + SEND.format("cfg.model")
        + "\n"
    )
    found = finding(results(project(tmp_path, {"app.py": source}))["app.py"].findings, "deepseek-chat")
    assert (found.fix.applicability if found.fix else None) is applicability, found.message


def test_guessed_reads_alone_leave_the_field_for_manual_review(tmp_path: Path) -> None:
    """No request linked, only ``.chat_model`` reads on untraced objects (and a module named so): no fix."""
    root = project(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/config.py": FACTORY,
            "other.py": "from .chat_model import Thing\n\n\ndef f(x):\n    return x.chat_model\n",
        },
    )
    found = next(f for f in results(root)["core/config.py"].findings if f.old == "deepseek-chat")
    assert found.fix is None


@pytest.mark.parametrize(
    ("subclass", "applicability"),
    [
        ("    temperature = 0.1\n", Applicability.SAFE),
        ('    model = "gpt-4o"\n', None),
        ('    model = "deepseek-reasoner"\n', None),
        ('    def __init__(self):\n        self.model = "deepseek-reasoner"\n', None),
    ],
)
def test_a_subclass_that_overrides_the_class_attribute_read_as_self_is_manual(
    tmp_path: Path, subclass: str, applicability: Applicability | None
) -> None:
    """``self.model`` in a base class also reads what a subclass of the module sets: one thinking
    switch at the base class's request would be wrong for the subclass's name."""
    source = (
        OPENAI
        + '\n\nclass Agent:\n    model = "deepseek-chat"\n\n    def run(self):\n        return '
        + SEND.format("self.model")
        + f"\n\n\nclass Planner(Agent):\n{subclass}\n\nclass Deep(Planner):\n    pass\n"
    )
    found = finding(results(project(tmp_path, {"app.py": source}))["app.py"].findings, "deepseek-chat")
    assert (found.fix.applicability if found.fix else None) is applicability, found.message


@pytest.mark.parametrize(
    ("members", "applicability"),
    [
        ('    CHAT = "deepseek-chat"\n', Applicability.SAFE),
        ('    CHAT = "deepseek-chat"\n    REASONER = "deepseek-reasoner"\n', None),
        ('    FLASH = "deepseek-v4-flash"\n    CHAT = "deepseek-chat"\n', None),
        ('    CHAT = "deepseek-chat"\n    PRO = "deepseek-v4-pro"\n', Applicability.SAFE),
    ],
)
def test_an_enum_member_renamed_onto_another_members_value_is_manual(
    tmp_path: Path, members: str, applicability: Applicability | None
) -> None:
    """Two members of one value make the second an alias of the first (``Model.REASONER is
    Model.CHAT``, iteration skips it, ``@unique`` raises): that rename is never a fix."""
    source = (
        "from enum import Enum\n"
        + OPENAI
        + f"\n\nclass Model(str, Enum):\n{members}\n\ndef run():\n    return "
        + SEND.format("Model.CHAT")
        + "\n"
    )
    found = finding(results(project(tmp_path, {"app.py": source}))["app.py"].findings, "deepseek-chat")
    assert (found.fix.applicability if found.fix else None) is applicability, found.message
    if applicability is None:
        assert "alias" in found.message, found.message


def test_a_request_body_model_built_by_a_framework_is_not_fixed(tmp_path: Path) -> None:
    """``async def chat(req: ChatRequest)`` under ``@app.post``: FastAPI builds ``req`` from the HTTP
    body, so ``req.model`` is whatever the API's callers send; the field default has no safe fix."""
    source = (
        "from fastapi import FastAPI\nfrom pydantic import BaseModel\n"
        + OPENAI
        + 'app = FastAPI()\n\n\nclass ChatRequest(BaseModel):\n    model: str = "deepseek-chat"\n\n\n'
        + '@app.post("/chat")\nasync def chat(req: ChatRequest):\n    return '
        + SEND.format("req.model")
        + "\n"
    )
    findings = results(project(tmp_path, {"app.py": source}))["app.py"].findings
    found = next(f for f in findings if f.old == "deepseek-chat")
    assert found.fix is None or found.fix.applicability is Applicability.UNSAFE, found.message
