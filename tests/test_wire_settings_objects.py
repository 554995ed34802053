"""Wire proof for model names kept in settings objects: what the real openai package sends.

A project keeps its model names as class fields (a pydantic ``BaseModel`` /
``BaseSettings`` instance, a dataclass) in ``core/config.py`` and sends them
from ``services/chat.py``. The project is fixed with ``run`` and the written
files are run, before and after, with the real ``openai`` and ``pydantic``
packages against the loopback server: after migration every request sends
``deepseek-v4-flash`` with the thinking mode its old name meant, and nothing
else in the body changed.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.rulepack import load_rules
from migrate.writer import write_result
from tests.test_wire_openai import DISABLED, ENABLED, _bundle, _compare
from tests.wire.harness import chat_bodies, run_capture

pytestmark = pytest.mark.wire

CONFIG = textwrap.dedent(
    """
    from dataclasses import dataclass

    from pydantic import BaseModel, Field


    class Settings(BaseModel):
        llm_model: str = Field(default="deepseek-chat", description="chat model")
        base_url: str = "https://api.deepseek.com"


    settings = Settings()


    @dataclass
    class ModelConfig:
        model: str = "deepseek-reasoner"
        max_tokens: int = 512
    """
)

SERVICE = textwrap.dedent(
    """
    from openai import OpenAI

    from core.config import ModelConfig, settings

    client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")


    def chat(q):
        return client.chat.completions.create(
            model=settings.llm_model, messages=[{"role": "user", "content": q}], temperature=0.3
        )


    class Agent:
        def __init__(self, config: ModelConfig):
            self.config = config

        def think(self, q):
            return client.chat.completions.create(
                model=self.config.model,
                messages=[{"role": "user", "content": q}],
                max_tokens=self.config.max_tokens,
            )
    """
)

DRIVER = (
    "import sys\nsys.path.insert(0, '.')\nfrom core.config import ModelConfig\n"
    "from services.chat import Agent, chat\nchat('a')\nAgent(ModelConfig()).think('b')\n"
)


def _fixed_project(
    tmp_path: Path, config: str, *, unsafe: bool = False, service: str = SERVICE
) -> tuple[Path, Path]:
    project = tmp_path / "proj"
    for rel, text in {
        "core/__init__.py": "",
        "core/config.py": config,
        "services/__init__.py": "",
        "services/chat.py": service,
    }.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    pristine = tmp_path / "pristine"
    shutil.copytree(project, pristine)
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=unsafe, cwd=str(project))
    for result in run([project], settings, Discovery(project_root=project), jobs=1, stats=RunStats()):
        if result.changed:
            write_result(project / result.path, result)
    return pristine, project


def test_settings_instance_and_dataclass_field_across_modules(tmp_path: Path) -> None:
    pristine, project = _fixed_project(tmp_path, CONFIG)
    assert (project / "core" / "config.py").read_text().count('"deepseek-v4-flash"') == 2
    before = chat_bodies(run_capture(_bundle(pristine) + DRIVER))
    after = chat_bodies(run_capture(_bundle(project) + DRIVER))
    _compare(before, after, [DISABLED, ENABLED])


def test_base_settings_field_with_unsafe_fixes(tmp_path: Path) -> None:
    """A pydantic-settings field is an unsafe fix (the environment can override it); applied, and with
    no LLM_MODEL in the environment, the request sends the renamed default with thinking disabled."""
    config = CONFIG.replace(
        "from pydantic import BaseModel, Field",
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings",
    ).replace("class Settings(BaseModel)", "class Settings(BaseSettings)")
    _, safe_only = _fixed_project(tmp_path / "safe", config)
    assert "deepseek-chat" in (safe_only / "core" / "config.py").read_text()  # not without --unsafe-fixes
    pristine, project = _fixed_project(tmp_path / "unsafe", config, unsafe=True)
    driver = DRIVER.replace("import sys", "import os, sys\nos.environ.pop('LLM_MODEL', None)")
    before = chat_bodies(run_capture(_bundle(pristine) + driver))
    after = chat_bodies(run_capture(_bundle(project) + driver))
    _compare(before, after, [DISABLED, ENABLED])


NESTED_CONFIG = textwrap.dedent(
    """
    from dataclasses import dataclass, field

    from pydantic import BaseModel, Field


    class LLMSettings(BaseModel):
        model: str = "deepseek-chat"


    class Settings(BaseModel):
        llm: LLMSettings = Field(default_factory=LLMSettings)


    settings = Settings()


    @dataclass
    class ReasonerConfig:
        model: str = "deepseek-reasoner"


    @dataclass
    class AgentConfig:
        llm: ReasonerConfig = field(default_factory=ReasonerConfig)
    """
)

NESTED_SERVICE = textwrap.dedent(
    """
    from openai import OpenAI

    from core.config import AgentConfig, settings

    client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")


    def chat(q):
        return client.chat.completions.create(
            model=settings.llm.model, messages=[{"role": "user", "content": q}], temperature=0.3
        )


    class Agent:
        def __init__(self):
            self.config = AgentConfig()

        def think(self, q):
            return client.chat.completions.create(model=self.config.llm.model, messages=[{"role": "user", "content": q}])
    """
)


def test_nested_settings_objects_across_modules(tmp_path: Path) -> None:
    """``settings.llm.model`` (a pydantic model in a field of another) and ``self.config.llm.model`` (a
    dataclass ``field(default_factory=...)``): safe fixes, and the real packages send the renamed model
    with the thinking mode of the old name."""
    pristine, project = _fixed_project(tmp_path, NESTED_CONFIG, service=NESTED_SERVICE)
    assert (project / "core" / "config.py").read_text().count('"deepseek-v4-flash"') == 2
    driver = "import sys\nsys.path.insert(0, '.')\nfrom services.chat import Agent, chat\nchat('a')\nAgent().think('b')\n"
    before = chat_bodies(run_capture(_bundle(pristine) + driver))
    after = chat_bodies(run_capture(_bundle(project) + driver))
    _compare(before, after, [DISABLED, ENABLED])
