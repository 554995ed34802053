"""Imports a fix needs go before the first use of the name, and none is added when the name is bound."""

from __future__ import annotations

from migrate.api import check_source

HEAD = (
    '"""An agent on DeepSeek."""\n'
    "import os\n\n"
    "from openai import AsyncOpenAI\n"
    "from agents import Agent, OpenAIChatCompletionsModel\n\n"
    'client = AsyncOpenAI(base_url="https://api.deepseek.com", api_key=os.environ["DEEPSEEK_API_KEY"])\n'
    'agent = Agent(name="Assistant", model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=client))\n'
)


def _fixed(source: str) -> str:
    fixed = check_source(source, apply=True).fixed
    assert fixed is not None and fixed != source
    compile(fixed, "app.py", "exec")
    return fixed


def test_the_import_goes_before_the_first_use_when_the_module_imports_late() -> None:
    source = HEAD + "\nimport logging\n\nlogging.basicConfig()\n"
    fixed = _fixed(source)
    assert fixed.index("from agents import ModelSettings") < fixed.index("model_settings=ModelSettings(")
    namespace: dict[str, object] = {}
    exec(compile(fixed.split("client = ")[0], "app.py", "exec"), namespace)  # the imports run before the use
    assert "ModelSettings" in namespace


def test_no_import_is_added_when_the_name_is_bound_already() -> None:
    source = HEAD.replace(
        "from agents import Agent, OpenAIChatCompletionsModel\n",
        "from agents import Agent, OpenAIChatCompletionsModel\nfrom agents.model_settings import ModelSettings\n",
    )
    fixed = _fixed(source)
    assert "from agents import ModelSettings" not in fixed
    assert "model_settings=ModelSettings(extra_body=" in fixed


def test_the_import_follows_the_leading_imports_when_nothing_binds_it() -> None:
    fixed = _fixed(HEAD)
    assert "from agents import Agent, OpenAIChatCompletionsModel\nfrom agents import ModelSettings\n" in fixed
