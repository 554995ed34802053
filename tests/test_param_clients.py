"""A client that arrives as a parameter: its host is the join of what every caller in the run passes.

Every caller passes a client proven DeepSeek: DeepSeek (a safe fix). A caller passes
another host's client, or something the tool cannot trace, or no caller is visible:
unknown (an error whose fix is unsafe, and whose message names the parameter).
Each shape has its twin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from migrate.api import check_source
from migrate.model import Applicability, Finding, Severity
from tests.test_flow import project, results

DS = "OpenAI(base_url='https://api.deepseek.com')"
ROUTER = "OpenAI(base_url='https://openrouter.ai/api/v1')"
ASK = (
    "from openai import OpenAI\n\n"
    "def ask(client, q):\n"
    "    return client.chat.completions.create(model='deepseek-chat', messages=q)\n"
)
NO_CALLER = "`client` is a parameter of `ask()`; the tool cannot see every client passed to it"


@dataclass(frozen=True)
class Shape:
    id: str
    code: str
    expect: str  # "deepseek", "other" or "unknown"
    says: str = ""


SHAPES = [
    Shape("no-caller", ASK, "unknown", NO_CALLER),
    Shape("same-module-caller-passes-deepseek", ASK + f"\nask({DS}, [])\n", "deepseek"),
    Shape(
        "same-module-caller-passes-a-bound-deepseek-client",
        ASK + f"\nc = {DS}\nask(c, [])\nask(client=c, q=[])\n",
        "deepseek",
    ),
    Shape(
        "same-module-caller-passes-an-untraced-client",
        ASK + "\nask(get_client(), [])\n",
        "unknown",
        "`client` is a parameter of `ask()`; the tool cannot see every client passed to it (`get_client()` at line 6",
    ),
    Shape(
        "two-callers-with-different-hosts",
        ASK + f"\nask({DS}, [])\nask({ROUTER}, [])\n",
        "unknown",
        "`client` is a parameter of `ask()`, and its callers pass different clients: line 6 (DeepSeek), "
        "line 7 (https://openrouter.ai/api/v1)",
    ),
    Shape("every-caller-passes-another-host", ASK + f"\nask({ROUTER}, [])\n", "other", "openrouter.ai"),
    Shape(
        "annotated-async-parameter",
        "from openai import AsyncOpenAI\n\n"
        "async def ask(client: AsyncOpenAI, q):\n"
        "    return await client.chat.completions.create(model='deepseek-reasoner', messages=q)\n",
        "unknown",
        NO_CALLER,
    ),
    Shape(
        "annotated-async-parameter-with-a-deepseek-caller",
        "from openai import AsyncOpenAI\n\n"
        "async def ask(client: AsyncOpenAI, q):\n"
        "    return await client.chat.completions.create(model='deepseek-reasoner', messages=q)\n\n"
        "async def main():\n"
        "    await ask(AsyncOpenAI(base_url='https://api.deepseek.com'), [])\n",
        "deepseek",
    ),
    Shape(
        "self-client-from-an-init-parameter",
        "from openai import OpenAI\n\n"
        "class Bot:\n"
        "    def __init__(self, client):\n"
        "        self.client = client\n\n"
        "    def reply(self, q):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n",
        "unknown",
        "`client` is a parameter of `Bot()`; the tool cannot see every client passed to it",
    ),
    Shape(
        "self-client-from-an-init-parameter-with-a-deepseek-construction",
        "from openai import OpenAI\n\n"
        "class Bot:\n"
        "    def __init__(self, client):\n"
        "        self.client = client\n\n"
        "    def reply(self, q):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n\n"
        f"bot = Bot({DS})\n",
        "deepseek",
    ),
    Shape(
        "none-default-or-a-deepseek-client-no-caller",
        "from openai import OpenAI\n\n"
        "def ask(q, client=None):\n"
        f"    client = client or {DS}\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=q)\n",
        "unknown",
        "`client` is a parameter of `ask()`; the tool cannot see every client passed to it",
    ),
    Shape(
        "none-default-or-a-deepseek-client-callers-omit-it",
        "from openai import OpenAI\n\n"
        "def ask(q, client=None):\n"
        f"    client = client or {DS}\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=q)\n\n"
        "ask([])\n",
        "deepseek",
    ),
    Shape(
        "none-default-or-a-deepseek-client-a-caller-passes-openrouter",
        "from openai import OpenAI\n\n"
        "def ask(q, client=None):\n"
        f"    client = client or {DS}\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=q)\n\n"
        f"ask([], client={ROUTER})\n",
        "unknown",
        "https://openrouter.ai/api/v1",
    ),
    Shape(
        "anthropic-client-parameter",
        "import anthropic\n\n"
        "def ask(client: anthropic.Anthropic, q):\n"
        "    return client.messages.create(model='deepseek-chat', max_tokens=64, messages=q)\n",
        "unknown",
        NO_CALLER,
    ),
    Shape(
        "anthropic-client-parameter-with-a-deepseek-caller",
        "import anthropic\n\n"
        "def ask(client: anthropic.Anthropic, q):\n"
        "    return client.messages.create(model='deepseek-chat', max_tokens=64, messages=q)\n\n"
        "ask(anthropic.Anthropic(base_url='https://api.deepseek.com/anthropic'), [])\n",
        "deepseek",
    ),
]


def _retired(code: str) -> Finding:
    found = [f for f in check_source(code).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]
    assert len(found) == 1, [(f.code, f.message) for f in found]
    return found[0]


def _assert(finding: Finding, expect: str, says: str) -> None:
    assert says in finding.message, finding.message
    if expect == "deepseek":
        assert finding.severity is Severity.ERROR
        assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    elif expect == "other":
        assert finding.severity is not Severity.ERROR and finding.fix is None, finding.message
    else:
        assert finding.severity is Severity.ERROR, finding.message
        assert finding.fix is None or finding.fix.applicability is Applicability.UNSAFE, finding.message
        assert "cannot tell whether" in finding.message, finding.message


@pytest.mark.parametrize("shape", SHAPES, ids=[s.id for s in SHAPES])
def test_a_client_parameter_takes_its_callers_host(shape: Shape) -> None:
    _assert(_retired(shape.code), shape.expect, shape.says)


def test_an_unknown_parameter_client_is_not_fixed_by_default() -> None:
    assert check_source(ASK, apply=True).fixed in (None, ASK)


@pytest.mark.parametrize(
    ("caller", "expect", "says"),
    [
        (f"from openai import OpenAI\nfrom app.llm import ask\n\nask({DS}, [])\n", "deepseek", ""),
        (
            f"from openai import OpenAI\nfrom app.llm import ask\n\nCLIENT = {DS}\n\ndef run():\n    return ask(CLIENT, [])\n",
            "deepseek",
            "",
        ),
        (
            f"from openai import OpenAI\nfrom app.llm import ask\n\nask({ROUTER}, [])\n",
            "other",
            "openrouter.ai",
        ),
        (
            "from app.llm import ask\nfrom app.clients import make\n\nask(make(), [])\n",
            "unknown",
            "`client` is a parameter of `ask()`; the tool cannot see every client passed to it "
            "(app/main.py:4: `make()` is not a client the tool can trace",
        ),
    ],
    ids=["deepseek-client", "deepseek-constant-client", "openrouter-client", "untraced-client"],
)
def test_a_caller_in_another_module(tmp_path: Path, caller: str, expect: str, says: str) -> None:
    root = project(tmp_path, {"app/__init__.py": "", "app/llm.py": ASK, "app/main.py": caller})
    out = results(root)
    (finding,) = [f for f in out["app/llm.py"].findings if f.old == "deepseek-chat"]
    _assert(finding, expect, says)


def test_callers_in_two_modules_with_different_hosts(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/llm.py": ASK,
            "app/a.py": f"from openai import OpenAI\nfrom app.llm import ask\nask({DS}, [])\n",
            "app/b.py": f"from openai import OpenAI\nfrom app import llm\nllm.ask({ROUTER}, [])\n",
        },
    )
    out = results(root, unsafe=True)
    (finding,) = [f for f in out["app/llm.py"].findings if f.old == "deepseek-chat"]
    _assert(finding, "unknown", "its callers pass different clients: app/a.py:3 (DeepSeek), app/b.py:3")


def test_a_class_built_in_another_module(tmp_path: Path) -> None:
    bot = (
        "class Bot:\n"
        "    def __init__(self, client):\n"
        "        self.client = client\n\n"
        "    def reply(self, q):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n"
    )
    root = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/bot.py": bot,
            "app/main.py": f"from openai import OpenAI\nfrom app.bot import Bot\nbot = Bot(client={DS})\n",
        },
    )
    (finding,) = [f for f in results(root)["app/bot.py"].findings if f.old == "deepseek-chat"]
    _assert(finding, "deepseek", "")


def test_self_client_from_an_init_parameter_or_a_default() -> None:
    code = (
        "from openai import OpenAI\n\n"
        "class Bot:\n"
        "    def __init__(self, client=None):\n"
        f"        self.client = client or {DS}\n\n"
        "    def reply(self, q):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n\n"
    )
    _assert(_retired(code + "bot = Bot()\n"), "deepseek", "")
    _assert(
        _retired(code + f"bot = Bot({ROUTER})\n"),
        "unknown",
        "by the callers of `Bot()` (as `client`) (https:",
    )


def test_a_recursive_call_passes_on_what_its_callers_passed() -> None:
    code = (
        "from openai import OpenAI\n\n"
        "def ask(client, q, n=0):\n"
        "    if n < 3:\n"
        "        ask(client, q, n + 1)\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=q)\n\n"
    )
    _assert(_retired(code + f"ask({DS}, [])\n"), "deepseek", "")
    _assert(_retired(code), "unknown", NO_CALLER + " (no call of it is visible)")


def test_a_pydantic_ai_provider_parameter() -> None:
    code = (
        "from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n"
        "from pydantic_ai.providers.deepseek import DeepSeekProvider\n\n"
        "def build(provider):\n"
        "    return Agent(OpenAIChatModel('deepseek-chat', provider=provider))\n"
    )
    _assert(_retired(code), "unknown", "`provider` is a parameter of `build()`")
    _assert(_retired(code + "\nagent = build(DeepSeekProvider(api_key=KEY))\n"), "deepseek", "")


def test_an_openai_agents_client_passed_from_another_module(tmp_path: Path) -> None:
    build = (
        "from agents import Agent, OpenAIChatCompletionsModel\n\n"
        "def build(client):\n"
        "    model = OpenAIChatCompletionsModel(model='deepseek-chat', openai_client=client)\n"
        "    return Agent(name='a', model=model)\n"
    )
    main = "from openai import AsyncOpenAI\nfrom app.build import build\nagent = build(AsyncOpenAI({url}))\n"
    for url, expect in (("base_url='https://api.deepseek.com'", "deepseek"), ("", "unknown")):
        root = project(
            tmp_path / expect,
            {"app/__init__.py": "", "app/build.py": build, "app/main.py": main.format(url=url)},
        )
        (finding,) = [f for f in results(root)["app/build.py"].findings if f.old == "deepseek-chat"]
        _assert(
            finding, expect, "" if expect == "deepseek" else "app/main.py:3: `AsyncOpenAI()` sets no base URL"
        )


DATACLASS = (
    "from dataclasses import dataclass\nfrom openai import OpenAI\n\n"
    "@dataclass\nclass Bot:\n    name: str\n    client: OpenAI\n\n"
    "    def reply(self, q):\n"
    "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n"
)


@pytest.mark.parametrize(
    ("tail", "expect", "says"),
    [
        ("", "unknown", "`client` is a field of `Bot`; the tool cannot see every client passed to it"),
        (f"\nbot = Bot('a', {DS})\n", "deepseek", ""),
        (f"\nbot = Bot(name='a', client={DS})\n", "deepseek", ""),
        (
            f"\nbot = Bot('a', {DS})\nother = Bot('b', client={ROUTER})\n",
            "unknown",
            "its constructions pass different clients",
        ),
    ],
    ids=["no-construction", "positional-deepseek", "keyword-deepseek", "deepseek-and-openrouter"],
)
def test_a_client_in_a_declared_field(tail: str, expect: str, says: str) -> None:
    _assert(_retired(DATACLASS + tail), expect, says)


@pytest.mark.parametrize(
    ("declared", "expect"),
    [
        ("@dataclass\nclass Bot:\n    name: str\n    client: OpenAI\n", "deepseek"),
        # positions shift: a base class's fields come first, a KW_ONLY marker or an init=False field
        (
            "class Base:\n    pass\n\n@dataclass\nclass Bot(Base):\n    name: str\n    client: OpenAI\n",
            "unknown",
        ),
        ("@dataclass\nclass Bot:\n    name: str\n    _: KW_ONLY\n    client: OpenAI\n", "unknown"),
        (
            "@dataclass\nclass Bot:\n    seen: int = field(init=False)\n    name: str = 'a'\n    client: OpenAI = None\n",
            "unknown",
        ),
        (
            "@dataclass\nclass Bot:\n    LIMIT: ClassVar[int] = 3\n    name: str\n    client: OpenAI\n",
            "deepseek",
        ),
    ],
    ids=["plain", "base-class", "kw-only", "init-false", "classvar"],
)
def test_a_positional_construction_maps_to_a_field_only_where_positions_are_known(
    declared: str, expect: str
) -> None:
    source = (
        "from dataclasses import KW_ONLY, dataclass, field\nfrom typing import ClassVar\nfrom openai import OpenAI\n\n"
        + declared
        + "\n    def reply(self, q):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=q)\n"
        + f"\nbot = Bot('a', {DS})\n"
    )
    _assert(_retired(source), expect, "")
