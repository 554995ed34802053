"""Where a request goes: DeepSeek (proven), another host (proven), or unknown -- and what each means.

Each shape has a case and its no-op twin. DeepSeek: a safe fix. Another host: a
warning, nothing rewritten. Unknown: an error whose fix is unsafe and whose
message names what left the destination open.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from migrate.api import check_source
from migrate.model import Applicability, Finding, Severity


@dataclass(frozen=True)
class Shape:
    id: str
    code: str
    expect: str  # "deepseek", "other" or "unknown"
    says: str = ""  # a part of the message


def _retired(code: str, path: str = "app.py") -> Finding:
    found = [
        f
        for f in check_source(code, path=path).findings
        if f.old and f.old.endswith(("deepseek-chat", "deepseek-reasoner"))
    ]
    assert len(found) == 1, [(f.code, f.message) for f in found]
    return found[0]


SHAPES = [
    Shape(
        "branch-bound-client-deepseek-and-openrouter",
        "import os\nfrom openai import OpenAI\n\n"
        "if os.getenv('USE_OPENROUTER'):\n"
        "    client = OpenAI(base_url='https://openrouter.ai/api/v1', api_key=os.environ['OPENROUTER_KEY'])\n"
        "else:\n"
        "    client = OpenAI(base_url='https://api.deepseek.com', api_key=os.environ['DEEPSEEK_API_KEY'])\n\n"
        "def ask(prompt):\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=[{'role': 'user', 'content': prompt}])\n",
        "unknown",
        "at line 5 (https://openrouter.ai/api/v1) and at line 7 (DeepSeek)",
    ),
    Shape(
        "branch-bound-client-both-deepseek",
        "import os\nfrom openai import OpenAI\n\n"
        "if os.getenv('DEEPSEEK_BETA'):\n"
        "    client = OpenAI(base_url='https://api.deepseek.com/beta', api_key=os.environ['DEEPSEEK_API_KEY'])\n"
        "else:\n"
        "    client = OpenAI(base_url='https://api.deepseek.com', api_key=os.environ['DEEPSEEK_API_KEY'])\n\n"
        "def ask(prompt):\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=[{'role': 'user', 'content': prompt}])\n",
        "deepseek",
    ),
    Shape(
        "reassigned-client-ends-on-local-ollama",
        "from openai import OpenAI\n\n"
        "client = OpenAI(base_url='https://api.deepseek.com')\n"
        "if LOCAL:\n"
        "    client = OpenAI(base_url='http://localhost:11434/v1', api_key='ollama')\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "http://localhost:11434/v1",
    ),
    Shape(
        "env-base-url-openrouter",
        "import os\nfrom openai import OpenAI\n\n"
        "client = OpenAI(api_key=os.getenv('OPENROUTER_API_KEY'), base_url=os.getenv('OPENROUTER_BASE_URL'))\n"
        "resp = client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`OpenAI()` at line 4 takes base_url=`os.getenv('OPENROUTER_BASE_URL')`, which the tool cannot resolve",
    ),
    Shape(
        "env-base-url-with-deepseek-default",
        "import os\nfrom openai import OpenAI\n\n"
        "client = OpenAI(api_key=os.getenv('DEEPSEEK_API_KEY'), base_url='https://api.deepseek.com')\n"
        "resp = client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "self-client-set-in-init-from-settings",
        "from openai import OpenAI\n\n"
        "class Assistant:\n"
        "    def __init__(self, settings):\n"
        "        self.client = OpenAI(base_url=settings.base_url, api_key=settings.api_key)\n\n"
        "    def reply(self, messages):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=messages)\n",
        "unknown",
        "base_url=`settings.base_url`",
    ),
    Shape(
        "self-client-set-in-init-literal",
        "from openai import OpenAI\n\n"
        "class Assistant:\n"
        "    def __init__(self, api_key):\n"
        "        self.client = OpenAI(base_url='https://api.deepseek.com', api_key=api_key)\n\n"
        "    def reply(self, messages):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=messages)\n",
        "deepseek",
    ),
    Shape(
        "client-factory-to-another-host",
        "from openai import OpenAI\n\n"
        "def make_client():\n"
        "    return OpenAI(base_url='https://api.siliconflow.cn/v1', api_key=KEY)\n\n"
        "client = make_client()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "other",
        "https://api.siliconflow.cn/v1",
    ),
    Shape(
        "client-factory-to-deepseek",
        "from openai import OpenAI\n\n"
        "def make_client():\n"
        "    return OpenAI(base_url='https://api.deepseek.com', api_key=KEY)\n\n"
        "client = make_client()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "client-from-a-factory-the-tool-cannot-see",
        "from core.clients import get_llm_client\n\n"
        "client = get_llm_client()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`get_llm_client()` at line 3 is not a client the tool knows",
    ),
    Shape(
        "with-as-async-client",
        "from openai import AsyncOpenAI\n\n"
        "async def ask(msgs):\n"
        "    async with AsyncOpenAI(base_url='https://api.deepseek.com') as client:\n"
        "        return await client.chat.completions.create(model='deepseek-reasoner', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "together-sdk",
        "from together import Together\n\n"
        "client = Together()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "other",
        "Together AI",
    ),
    Shape(
        "volcengine-ark-sdk",
        "from volcenginesdkarkruntime import Ark\n\n"
        "client = Ark(api_key=os.environ['ARK_API_KEY'])\n"
        "client.chat.completions.create(model='deepseek-reasoner', messages=msgs)\n",
        "other",
        "Volcengine Ark",
    ),
    Shape(
        "groq-sdk",
        "import groq\n\nclient = groq.Groq()\nclient.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "other",
        "Groq",
    ),
    Shape(
        "instructor-wrapped-deepseek-client",
        "import instructor\nfrom openai import OpenAI\n\n"
        "client = instructor.from_openai(OpenAI(base_url='https://api.deepseek.com'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs, response_model=Answer)\n",
        "deepseek",
    ),
    Shape(
        "openrouter-slash-id-through-openai-sdk",
        "from openai import OpenAI\n\n"
        "client = OpenAI(api_key=os.environ['LLM_KEY'], base_url=os.environ['LLM_BASE_URL'])\n"
        "client.chat.completions.create(model='deepseek/deepseek-chat', messages=msgs)\n",
        "other",
        "another catalog's id",
    ),
    Shape(
        "slash-id-through-langchain-chatopenai",
        "from langchain_openai import ChatOpenAI\n\n"
        "llm = ChatOpenAI(model_name='deepseek/deepseek-chat', openai_api_base=os.getenv('OPENROUTER_BASE'))\n",
        "other",
        "another catalog's id",
    ),
    Shape(
        "openrouter-request-dict",
        "import requests\n\n"
        "payload = {'model': 'deepseek/deepseek-chat', 'messages': msgs}\n"
        "requests.post('https://openrouter.ai/api/v1/chat/completions', json=payload, headers=headers)\n",
        "other",
        "https://openrouter.ai/api/v1/chat/completions",
    ),
    Shape(
        "openrouter-style-body-posted-to-a-configured-url",
        "import os\nimport requests\n\n"
        "API_URL = os.environ['CHAT_API_URL']\n"
        "payload = {'model': 'deepseek/deepseek-chat', 'messages': msgs, 'provider': {'sort': 'price'}}\n"
        "requests.post(API_URL, json=payload, headers=headers)\n",
        "other",
        "another catalog's id",
    ),
    Shape(
        "bare-name-body-posted-to-a-configured-url",
        "import os\nimport requests\n\n"
        "API_URL = os.environ['CHAT_API_URL']\n"
        "payload = {'model': 'deepseek-chat', 'messages': msgs}\n"
        "requests.post(API_URL, json=payload, headers=headers)\n",
        "unknown",
        "`API_URL` (line 6) is not a URL the tool can see",
    ),
    Shape(
        "langdb-model",
        "from agno.agent import Agent\nfrom agno.models.langdb import LangDB\n\n"
        "agent = Agent(model=LangDB(id='deepseek/deepseek-chat'))\n",
        "other",
        "LangDB",
    ),
    Shape(
        "litellm-openai-route-with-env-api-base",
        "import os\nimport litellm\n\n"
        "resp = litellm.completion(model='openai/deepseek-chat', api_base=os.getenv('DEEPSEEK_API_BASE'), messages=msgs)\n",
        "unknown",
        "api_base=`os.getenv('DEEPSEEK_API_BASE')`",
    ),
    Shape(
        "litellm-openai-route-with-deepseek-api-base",
        "import litellm\n\n"
        "resp = litellm.completion(model='openai/deepseek-chat', api_base='https://api.deepseek.com', messages=msgs)\n",
        "deepseek",
    ),
]

# Hosts are never guessed: no visible base URL, an environment variable that may point anywhere, or
# clients that disagree leave the host unknown.
SHAPES += [
    Shape(
        "openai-client-with-no-base-url",
        "from openai import OpenAI\nclient = OpenAI()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`OpenAI()` at line 2 sets no base URL: it comes from OPENAI_BASE_URL (or api.openai.com)",
    ),
    Shape(
        "async-openai-client-with-only-an-api-key",
        "import os\nfrom openai import AsyncOpenAI\nclient = AsyncOpenAI(api_key=os.environ['DEEPSEEK_API_KEY'])\n"
        "async def ask():\n    return await client.chat.completions.create(model='deepseek-reasoner', messages=msgs)\n",
        "unknown",
        "sets no base URL",
    ),
    Shape(
        "openai-client-with-kwargs-only",
        "from openai import OpenAI\nclient = OpenAI(**settings)\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "takes its options from **kwargs",
    ),
    Shape(
        "module-level-openai-client",
        "import openai\nopenai.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "the module-level `openai` client",
    ),
    Shape(
        "module-level-openai-client-pointed-at-deepseek",
        "import openai\nopenai.base_url = 'https://api.deepseek.com'\n"
        "openai.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "env-named-deepseek-with-deepseek-default",
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(base_url=os.getenv('DEEPSEEK_BASE_URL', 'https://api.deepseek.com'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "env-named-deepseek-with-deepseek-default-through-a-constant",
        "import os\nfrom openai import OpenAI\n"
        "BASE = os.environ.get('DEEPSEEK_API_BASE') or 'https://api.deepseek.com/v1'\n"
        "client = OpenAI(base_url=BASE)\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "env-with-a-neutral-name-and-deepseek-default",
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(base_url=os.getenv('LLM_BASE_URL', 'https://api.deepseek.com'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "read from the environment (LLM_BASE_URL), which may point anywhere",
    ),
    Shape(
        "env-with-a-neutral-name-and-another-hosts-default",
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(base_url=os.getenv('BASE_URL', 'https://openrouter.ai/api/v1'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "read from the environment (BASE_URL)",
    ),
    Shape(
        "env-named-for-ollama-with-its-default",
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(base_url=os.getenv('OLLAMA_HOST', 'http://localhost:11434/v1'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "other",
        "http://localhost:11434/v1",
    ),
    Shape(
        "env-named-deepseek-with-another-hosts-default",
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(base_url=os.getenv('DEEPSEEK_BASE_URL', 'https://openrouter.ai/api/v1'))\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "may point anywhere",
    ),
    Shape(
        "base-url-chosen-between-deepseek-and-openrouter",
        "from openai import OpenAI\n"
        "client = OpenAI(base_url='https://api.deepseek.com' if LOCAL else 'https://openrouter.ai/api/v1')\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "may be https://api.deepseek.com or https://openrouter.ai/api/v1",
    ),
    Shape(
        "try-except-bound-client",
        "from openai import OpenAI\ntry:\n    client = OpenAI(base_url='https://api.deepseek.com')\n"
        "except Exception:\n    client = OpenAI()\n"
        "client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "at line 3 (DeepSeek) and at line 5",
    ),
    Shape(
        "with-bound-deepseek-client",
        "from openai import OpenAI\nwith OpenAI(base_url='https://api.deepseek.com') as client:\n"
        "    client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "anthropic-client-with-no-base-url",
        "import anthropic\nclient = anthropic.Anthropic()\n"
        "client.messages.create(model='deepseek-chat', max_tokens=64, messages=msgs)\n",
        "unknown",
        "ANTHROPIC_BASE_URL",
    ),
    Shape(
        "langchain-chat-openai-with-no-base-url",
        "from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model='deepseek-chat')\n",
        "unknown",
        "sets no base URL",
    ),
    Shape(
        "mistral-sdk",
        "from mistralai import Mistral\nclient = Mistral(api_key=KEY)\n"
        "client.chat.complete(model='deepseek-chat', messages=msgs)\n",
        "other",
        "Mistral AI",
    ),
    Shape(
        "dashscope-sdk",
        "import dashscope\ndashscope.Generation.call(model='deepseek-chat', messages=msgs)\n",
        "other",
        "Alibaba DashScope",
    ),
    Shape(
        "untraced-client-in-a-module-that-also-talks-to-openrouter",
        "from openai import OpenAI\nrouter = OpenAI(base_url='https://openrouter.ai/api/v1')\n\n"
        "def ask(msgs):\n    return client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "the client is not visible here, and this module also talks to https://openrouter.ai/api/v1",
    ),
    Shape(
        "client-passed-as-a-parameter",
        "def ask(client, msgs):\n    return client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`client` is a parameter of `ask()`; the tool cannot see every client passed to it (no call of it is visible)",
    ),
    Shape(
        "client-stored-from-an-init-parameter",
        "class Agent:\n    def __init__(self, client):\n        self.client = client\n\n"
        "    def run(self, msgs):\n        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`client` is a parameter of `Agent()`; the tool cannot see every client passed to it (no call of it is visible)",
    ),
    Shape(
        "base-url-parameter-default-of-a-public-class",
        "from openai import OpenAI\n\nclass LLM:\n"
        "    def __init__(self, base_url='https://api.deepseek.com'):\n"
        "        self.client = OpenAI(base_url=base_url)\n\n"
        "    def ask(self, msgs):\n        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`base_url` is a parameter of `LLM()`, and callers the tool does not see may pass another URL",
    ),
    Shape(
        "base-url-parameter-default-of-a-public-function",
        "from openai import OpenAI\n\ndef ask(msgs, base_url='https://api.deepseek.com'):\n"
        "    base_url = base_url or 'https://api.deepseek.com'\n"
        "    return OpenAI(base_url=base_url).chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`base_url` is a parameter of `ask()`",
    ),
    Shape(
        "base-url-parameter-default-of-a-private-factory",
        "from openai import OpenAI\n\ndef _client(base_url='https://api.deepseek.com'):\n"
        "    return OpenAI(base_url=base_url)\n\n"
        "def ask(msgs):\n    return _client().chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "base-url-parameter-of-a-private-factory-called-with-openrouter",
        "from openai import OpenAI\n\ndef _client(base_url='https://api.deepseek.com'):\n"
        "    return OpenAI(base_url=base_url)\n\n"
        "def ask(msgs):\n    return _client('https://openrouter.ai/api/v1').chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "other",
    ),
    Shape(
        "base-url-field-of-a-config-object-passed-in",
        "from dataclasses import dataclass\nfrom openai import OpenAI\n\n@dataclass\nclass Config:\n"
        "    base_url: str = 'https://api.deepseek.com'\n\n"
        "class LLM:\n    def __init__(self, cfg: Config):\n        self.cfg = cfg\n"
        "        self.client = OpenAI(base_url=self.cfg.base_url)\n\n"
        "    def ask(self, msgs):\n        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`cfg` is a parameter of `LLM()`, and callers the tool does not see may pass another object",
    ),
    Shape(
        "base-url-field-of-a-module-level-config-object",
        "from dataclasses import dataclass\nfrom openai import OpenAI\n\n@dataclass\nclass Config:\n"
        "    base_url: str = 'https://api.deepseek.com'\n\ncfg = Config()\n"
        "client = OpenAI(base_url=cfg.base_url)\n"
        "client.chat.completions.create(model='deepseek-chat', messages=[])\n",
        "deepseek",
    ),
    Shape(
        "self-client-of-a-sibling-class-that-inherits-it",
        "from openai import OpenAI\nfrom base import BaseProvider\n\n"
        "class DeepSeekProvider(BaseProvider):\n    def __init__(self):\n"
        "        self.client = OpenAI(base_url='https://api.deepseek.com')\n\n"
        "class OpenRouterProvider(BaseProvider):\n    def chat(self, msgs):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`self.client` is not set in this module",
    ),
    Shape(
        "self-client-set-by-a-base-class-of-the-module",
        "from openai import OpenAI\n\nclass Base:\n    def __init__(self):\n"
        "        self.client = OpenAI(base_url='https://api.deepseek.com')\n\n"
        "class Bot(Base):\n    def chat(self, msgs):\n"
        "        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "client-bound-by-a-loop",
        "from openai import OpenAI\n\ndef run_all(clients, msgs):\n    for client in clients:\n"
        "        client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`client` is bound (line 4) to a value the tool cannot trace to a client",
    ),
    Shape(
        "client-picked-from-a-registry-parameter",
        "from openai import OpenAI\n\ndef run(registry, provider, msgs):\n    client = registry[provider]\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`client` is bound (line 4)",
    ),
    Shape(
        "client-unpacked-from-a-tuple",
        "from openai import OpenAI\n\ndef run(pair, msgs):\n    name, client = pair\n"
        "    return client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
    ),
    Shape(
        "class-attribute-client-read-as-self-and-cls",
        "from openai import OpenAI\n\nclass Base:\n    client = OpenAI(base_url='https://api.deepseek.com')\n\n"
        "class Bot(Base):\n    @classmethod\n    def ask(cls, msgs):\n"
        "        return cls.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "deepseek",
    ),
    Shape(
        "class-attribute-client-overridden-by-a-subclass",
        "from openai import OpenAI\n\nclass Bot:\n    client = OpenAI(base_url='https://api.deepseek.com')\n\n"
        "    def ask(self, msgs):\n        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n\n"
        "class LocalBot(Bot):\n    client = OpenAI(base_url='http://localhost:11434/v1')\n",
        "unknown",
        "(http://localhost:11434/v1)",
    ),
    Shape(
        "class-attribute-client-of-an-unrelated-class",
        "from openai import OpenAI\nfrom base import Base\n\nclass Other:\n    client = OpenAI(base_url='https://api.deepseek.com')\n\n"
        "class Bot(Base):\n    def ask(self, msgs):\n        return self.client.chat.completions.create(model='deepseek-chat', messages=msgs)\n",
        "unknown",
        "`self.client` is not set in this module",
    ),
    Shape(
        "raw-body-relative-url-on-deepseek-session",
        "import httpx\nbody = {'model': 'deepseek-chat', 'messages': msgs}\n"
        "httpx.Client(base_url='https://api.deepseek.com').post('/chat/completions', json=body)\n",
        "deepseek",
    ),
    Shape(
        "raw-body-dumped-to-a-parameter-url",
        "import json\nimport requests\n\ndef send(url, msgs):\n"
        "    body = {'model': 'deepseek-chat', 'messages': msgs}\n"
        "    return requests.post(url, data=json.dumps(body))\n",
        "unknown",
        "`url` (line 6)",
    ),
]


@pytest.mark.parametrize("shape", SHAPES, ids=[s.id for s in SHAPES])
def test_where_the_request_goes(shape: Shape) -> None:
    finding = _retired(shape.code)
    assert shape.says in finding.message, finding.message
    if shape.expect == "deepseek":
        assert finding.severity is Severity.ERROR
        assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    elif shape.expect == "other":
        assert finding.code == "DSM103", (finding.code, finding.message)
        assert finding.severity is not Severity.ERROR and finding.fix is None, finding.message
    else:
        assert finding.severity is Severity.ERROR, finding.message
        assert finding.fix is None or finding.fix.applicability is Applicability.UNSAFE, finding.message
        assert "cannot tell whether" in finding.message, finding.message


def test_an_unknown_host_is_never_fixed_without_unsafe_fixes() -> None:
    code = next(s.code for s in SHAPES if s.id == "env-base-url-openrouter")
    assert check_source(code, apply=True).fixed in (None, code)


def test_a_request_that_also_sends_another_hosts_slash_id_is_manual() -> None:
    """One call fed ``deepseek-chat`` in the DeepSeek branch and ``deepseek/deepseek-chat`` in the
    OpenRouter one: a thinking switch there would go to OpenRouter too, so the bare name is manual."""
    code = (
        "from openai import OpenAI\n\ndef ask(provider, msgs):\n"
        "    if provider == 'deepseek':\n"
        "        client = OpenAI(base_url='https://api.deepseek.com')\n"
        "        model = 'deepseek-chat'\n"
        "    else:\n"
        "        client = OpenAI(base_url='https://openrouter.ai/api/v1')\n"
        "        model = 'deepseek/deepseek-chat'\n"
        "    return client.chat.completions.create(model=model, messages=msgs)\n"
    )
    found = {f.old: f for f in check_source(code).findings}
    assert found["deepseek-chat"].fix is None, found["deepseek-chat"].message
    assert "also sends `deepseek/deepseek-chat` to another host" in found["deepseek-chat"].message
    assert found["deepseek/deepseek-chat"].code == "DSM103"
