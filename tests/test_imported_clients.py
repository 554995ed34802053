"""A client imported from another module of the project (``from app.llm import client``) goes where that
module builds it: DeepSeek (a safe fix) or another host (left alone) when the module shows a client class
with a literal base URL or another vendor's SDK; unknown (an error whose fix is unsafe) when the module is
not found, does not show how it is built, or builds it from a value the tool cannot see. Each shape has
its twin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.api import check_source
from migrate.model import Finding
from tests.test_flow import project, results
from tests.test_param_clients import _assert

SEND = "client.chat.completions.create(model='deepseek-chat', messages=[])\n"
DS = "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com', api_key='k')\n"
ROUTER = "from openai import OpenAI\nclient = OpenAI(base_url='https://openrouter.ai/api/v1', api_key='k')\n"


def _sent(root: Path, path: str = "app/main.py") -> Finding:
    (finding,) = [f for f in results(root)[path].findings if f.old == "deepseek-chat"]
    return finding


CASES = [
    (
        "deepseek-module",
        {"app/llm.py": DS, "app/main.py": "from app.llm import client\n" + SEND},
        "deepseek",
        "",
    ),
    (
        "openrouter-module",
        {"app/llm.py": ROUTER, "app/main.py": "from app.llm import client\n" + SEND},
        "other",
        "openrouter.ai",
    ),
    (
        "relative-import",
        {"app/__init__.py": "", "app/llm.py": DS, "app/main.py": "from .llm import client\n" + SEND},
        "deepseek",
        "",
    ),
    (
        "alias",
        {
            "app/llm.py": ROUTER,
            "app/main.py": "from app.llm import client as llm\n" + SEND.replace("client.", "llm."),
        },
        "other",
        "openrouter.ai",
    ),
    (
        "re-exported-by-the-package",
        {
            "app/__init__.py": "from .llm import client\n",
            "app/llm.py": DS,
            "main.py": "from app import client\n" + SEND,
        },
        "deepseek",
        "",
    ),
    (
        "module-not-in-the-project",
        {"app/main.py": "from somewhere import client\n" + SEND},
        "unknown",
        "`client` is imported from `somewhere`, which is not a file of the project the tool can see",
    ),
    (
        "base-url-from-the-environment",
        {
            "app/llm.py": "import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ['LLM_URL'])\n",
            "app/main.py": "from app.llm import client\n" + SEND,
        },
        "unknown",
        "`client` is imported from `app.llm` (llm.py)",
    ),
    (
        "built-by-a-factory",
        {
            "app/llm.py": "from app.factory import make\nclient = make()\n",
            "app/main.py": "from app.llm import client\n" + SEND,
        },
        "unknown",
        "`client` is imported from `app.llm` (llm.py): `client` is not a client the tool can trace",
    ),
    (
        "two-hosts-in-the-module",
        {
            "app/llm.py": ROUTER + "if LOCAL:\n    client = OpenAI(base_url='https://api.deepseek.com')\n",
            "app/main.py": "from app.llm import client\n" + SEND,
        },
        "unknown",
        "`client` is imported from `app.llm`",
    ),
]


@pytest.mark.parametrize(("files", "expect", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_imported_client_goes_where_its_module_builds_it(
    tmp_path: Path, files: dict[str, str], expect: str, says: str
) -> None:
    root = project(tmp_path, files)
    sender = next(p for p in files if p.endswith("main.py"))
    _assert(_sent(root, sender), expect, says)


def test_an_sdk_import_is_not_a_project_client(tmp_path: Path) -> None:
    """``import openai`` / ``from openai import OpenAI`` are the SDK itself: the usual rules apply."""
    code = "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com')\n" + SEND
    root = project(tmp_path, {"app/main.py": code})
    _assert(_sent(root), "deepseek", "")


def test_a_module_changed_between_runs_is_read_again(tmp_path: Path) -> None:
    root = project(tmp_path, {"app/llm.py": DS, "app/main.py": "from app.llm import client\n" + SEND})
    _assert(_sent(root), "deepseek", "")
    (root / "app" / "llm.py").write_text(ROUTER + "# longer now\n")
    _assert(_sent(root), "other", "openrouter.ai")


MAIN_WITH_URL = (
    "from openai import OpenAI\nfrom app.config import BASE_URL\n"
    "client = OpenAI(base_url=BASE_URL, api_key='k')\n" + SEND
)


@pytest.mark.parametrize(
    ("config", "expect", "says"),
    [
        ("BASE_URL = 'https://api.deepseek.com/v1'\n", "deepseek", ""),
        ("BASE_URL = 'https://openrouter.ai/api/v1'\n", "other", "openrouter.ai"),
        ("import os\nBASE_URL = os.getenv('BASE_URL')\n", "unknown", "BASE_URL"),
        (
            "BASE_URL = 'https://api.deepseek.com'\nif LOCAL:\n    BASE_URL = 'http://localhost:8000/v1'\n",
            "unknown",
            "BASE_URL",
        ),
    ],
    ids=["deepseek-constant", "openrouter-constant", "from-the-environment", "assigned-twice"],
)
def test_an_imported_base_url_constant_is_read_where_it_is_defined(
    tmp_path: Path, config: str, expect: str, says: str
) -> None:
    root = project(tmp_path, {"app/config.py": config, "app/main.py": MAIN_WITH_URL})
    _assert(_sent(root), expect, says)


SELF_SEND = "        return self.client.chat.completions.create(model='deepseek-chat', messages=[])\n"


@pytest.mark.parametrize(
    ("code", "expect", "says"),
    [
        (
            "from app.base import Base\n\nclass Bot(Base):\n    def ask(self):\n" + SELF_SEND,
            "unknown",
            "`self.client` is not set in this module: a base class or whoever builds the object sets it",
        ),
        (
            "from openai import OpenAI\n\nclass Bot:\n    def __init__(self):\n"
            "        self.client = OpenAI(base_url='https://api.deepseek.com')\n\n    def ask(self):\n"
            + SELF_SEND,
            "deepseek",
            "",
        ),
        (
            "def ask(app):\n    return app.state.client.chat.completions.create(model='deepseek-chat', messages=[])\n",
            "unknown",
            "`app.state.client` is not a client the tool can trace",
        ),
        (
            "from app.clients import *\n" + SEND,
            "unknown",
            "`client` may come from `from app.clients import *`",
        ),
        (SEND, "deepseek", ""),  # a bare name nothing binds: a snippet, taken as DeepSeek's
    ],
    ids=[
        "self-client-from-a-base-class",
        "self-client-set-here",
        "attribute-chain",
        "star-import",
        "snippet",
    ],
)
def test_a_client_this_module_never_builds(code: str, expect: str, says: str) -> None:
    (finding,) = [f for f in check_source(code).findings if f.old == "deepseek-chat"]
    _assert(finding, expect, says)
