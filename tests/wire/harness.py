"""Run a code snippet in a subprocess against the capture server.

`run_capture(code)` starts a `CaptureServer` (or uses the one passed in),
rewrites every ``https://api.deepseek.com`` in the code text to the loopback
server (path suffixes such as ``/v1``, ``/beta``, ``/anthropic`` are kept), sets
the environment so that libraries whose *default* base URL is DeepSeek's also
go to the loopback server, runs the code with a real Python and the real client
packages, and returns the requests the server recorded.

Example::

    from tests.wire import bodies, run_capture

    captured = run_capture('''
    from openai import OpenAI
    client = OpenAI(api_key="sk-x", base_url="https://api.deepseek.com")
    client.chat.completions.create(model="deepseek-v4-flash", messages=[...],
                                   extra_body={"thinking": {"type": "disabled"}})
    ''')
    assert bodies(captured)[0]["thinking"] == {"type": "disabled"}

Offline setup of the child process (see `offline_env`):

* ``DEEPSEEK_API_BASE`` (litellm's ``deepseek/`` provider, hence dspy and
  smolagents ``LiteLLMModel``; langchain-deepseek ``ChatDeepSeek`` and
  ``init_chat_model("deepseek:...")``) and ``DEEPSEEK_BASE_URL`` (crewai's
  native DeepSeek provider) point at the server root.
* ``OPENAI_BASE_URL``/``OPENAI_API_BASE`` and ``ANTHROPIC_BASE_URL`` point at
  ``/openai-default/v1`` and ``/anthropic-default``, so a client built without
  a base URL is captured too, and its path shows that it used no DeepSeek URL.
* Libraries that hard-code ``https://api.deepseek.com`` and read no variable
  (agno ``DeepSeek``, llama-index ``DeepSeek``, pydantic-ai ``DeepSeekProvider``,
  instructor ``from_provider("deepseek/...")``, ag2 ``api_type: "deepseek"``)
  are redirected by `SITE_CUSTOMIZE`, a ``sitecustomize`` module put on
  ``PYTHONPATH`` that rewrites httpx, httpx2 (openai 3.x) and requests calls
  to api.deepseek.com.
  It changes only the URL; the client packages run unpatched.
* Dummy API keys, telemetry opt-outs, and a dead proxy (127.0.0.1:9, loopback
  exempt) so that a request escaping to any other host fails fast.
* Every ``https://api.deepseek.com`` in the ``env`` argument is rewritten too.

Some clients (agno) swallow connection errors and exit 0; so a run that
records no request raises unless ``allow_empty=True``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .server import Captured, CaptureServer

__all__ = [
    "DEEPSEEK_URL_RE",
    "SITE_CUSTOMIZE",
    "Run",
    "bodies",
    "chat_bodies",
    "offline_env",
    "run_capture",
    "run_snippet",
]

#: ``https://api.deepseek.com`` (also ``http://``); whatever path follows is kept.
DEEPSEEK_URL_RE = re.compile(r"https?://api\.deepseek\.com(?![\w.-])")

#: Base-URL variables set in the child (``{url}`` = server root); see the module doc.
BASE_URL_ENV = {
    "DEEPSEEK_API_BASE": "{url}",
    "DEEPSEEK_BASE_URL": "{url}",
    "OPENAI_BASE_URL": "{url}/openai-default/v1",
    "OPENAI_API_BASE": "{url}/openai-default/v1",
    "ANTHROPIC_BASE_URL": "{url}/anthropic-default",
}

#: Any request not sent to loopback goes to this dead proxy and fails at once.
DEAD_PROXY = "http://127.0.0.1:9"

DUMMY_KEYS = {
    name: "sk-wire-test"
    for name in ("DEEPSEEK_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENROUTER_API_KEY")
}

#: Telemetry opt-outs and "stay offline" switches.
OFFLINE_ENV = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",  # litellm: no cost-map download at import
    "LITELLM_TELEMETRY": "False",
    "LITELLM_LOG": "ERROR",
    "CREWAI_DISABLE_TELEMETRY": "true",
    "CREWAI_DISABLE_TRACKING": "true",
    "CREWAI_TRACING_ENABLED": "false",
    "OTEL_SDK_DISABLED": "true",
    "HAYSTACK_TELEMETRY_ENABLED": "False",
    "AGNO_TELEMETRY": "false",
    "AGNO_MONITOR": "false",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "OPENAI_AGENTS_DISABLE_TRACING": "1",
    "LANGCHAIN_TRACING_V2": "false",
    "LANGSMITH_TRACING": "false",
    "AUTOGEN_USE_DOCKER": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
    "SCARF_NO_ANALYTICS": "true",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
    **{name: DEAD_PROXY for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")},
}

#: ``sitecustomize`` for the child: sends any httpx/requests call aimed at
#: api.deepseek.com to the loopback server named by ``WIRE_SERVER_URL``.
SITE_CUSTOMIZE = '''\
"""Wire-test redirect: api.deepseek.com -> $WIRE_SERVER_URL (test-only)."""
import os as _os
import re as _re

_TARGET = _os.environ.get("WIRE_SERVER_URL", "")
_RE = _re.compile(r"https?://api\\.deepseek\\.com(?![\\w.-])")


def _fix(url):
    text = str(url)
    return _RE.sub(_TARGET, text) if _TARGET and _RE.match(text) else url


def _patch_httpx(module):
    for cls in (module.Client, module.AsyncClient):
        orig = cls.build_request

        def build_request(self, method, url, *a, __orig=orig, **k):
            request = __orig(self, method, url, *a, **k)
            if request.url.host == "api.deepseek.com":
                request.url = module.URL(_fix(request.url))
                request.headers["host"] = request.url.netloc.decode()
            return request

        cls.build_request = build_request


if _TARGET:
    import importlib as _importlib

    for _name in ("httpx", "httpx2"):  # openai 3.x uses httpx2
        try:
            _patch_httpx(_importlib.import_module(_name))
        except ImportError:
            pass
    try:
        import requests.sessions as _rs

        _orig_request = _rs.Session.request

        def _request(self, method, url, *a, **k):
            return _orig_request(self, method, _fix(url), *a, **k)

        _rs.Session.request = _request
    except ImportError:
        pass
'''


def offline_env(server_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for the child: os.environ + base URLs, dummy keys, opt-outs, then ``extra``.

    DeepSeek URLs in ``extra`` values are pointed at ``server_url``.
    """
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    env.update(DUMMY_KEYS)
    env.update({name: value.format(url=server_url) for name, value in BASE_URL_ENV.items()})
    env["WIRE_SERVER_URL"] = server_url
    env.update({name: DEEPSEEK_URL_RE.sub(server_url, value) for name, value in (extra or {}).items()})
    return env


@dataclass
class Run:
    """Result of `run_snippet`: the requests this run made and the child's output."""

    captured: list[Captured]
    stdout: str
    stderr: str


def run_capture(
    code: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    python: str | None = None,
    server: CaptureServer | None = None,
    allow_empty: bool = False,
) -> list[Captured]:
    """Run ``code`` in a subprocess against the capture server; return its requests.

    ``env`` entries override the defaults from `offline_env`.  ``python`` is the
    interpreter (default ``sys.executable``), so a venv holding other client
    packages can be used.  With ``server`` given, only the requests made by this
    run are returned (so share a server only between runs made one at a time).  A non-zero exit, a timeout, or (unless ``allow_empty``) a
    run that sent no request raises ``AssertionError`` with the child's output.
    """
    return run_snippet(
        code, env=env, timeout=timeout, python=python, server=server, allow_empty=allow_empty
    ).captured


def run_snippet(
    code: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    python: str | None = None,
    server: CaptureServer | None = None,
    allow_empty: bool = False,
) -> Run:
    """Like `run_capture`, but also return the child's stdout and stderr."""
    if server is None:
        with CaptureServer() as own:
            return run_snippet(
                code, env=env, timeout=timeout, python=python, server=own, allow_empty=allow_empty
            )
    before = len(server.captured)
    source = DEEPSEEK_URL_RE.sub(server.url, textwrap.dedent(code))
    with tempfile.TemporaryDirectory(prefix="wire-") as tmp:
        work = Path(tmp)
        (work / "site").mkdir()
        (work / "site" / "sitecustomize.py").write_text(SITE_CUSTOMIZE)
        script = work / "snippet.py"
        script.write_text(source)
        child_env = offline_env(server.url, env)
        child_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(work / "site"), child_env.get("PYTHONPATH", "")) if p
        )
        child_env.setdefault("DSPY_CACHEDIR", str(work / "dspy-cache"))  # a cache hit sends nothing
        try:
            proc = subprocess.run(
                [python or sys.executable, str(script)],
                cwd=work,
                env=child_env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(
                _report(f"snippet timed out after {timeout}s", exc.stdout, exc.stderr)
            ) from None
    if proc.returncode != 0:
        raise AssertionError(_report(f"snippet exited with {proc.returncode}", proc.stdout, proc.stderr))
    captured = server.captured[before:]
    if not captured and not allow_empty:
        raise AssertionError(_report("snippet sent no request to the server", proc.stdout, proc.stderr))
    return Run(captured, proc.stdout, proc.stderr)


def _report(what: str, stdout: str | bytes | None, stderr: str | bytes | None) -> str:
    def text(out: str | bytes | None) -> str:
        return out.decode(errors="replace") if isinstance(out, bytes) else out or ""

    return f"{what}\n--- stdout ---\n{text(stdout)}\n--- stderr ---\n{text(stderr)}"


def bodies(captured: list[Captured]) -> list[Any]:
    """The parsed JSON bodies of the requests that had one, in order."""
    return [c.body for c in captured if c.body is not None]


def chat_bodies(captured: list[Captured]) -> list[dict[str, Any]]:
    """Bodies of the model calls (chat/completions, completions, messages, responses)."""
    ends = ("/completions", "/messages", "/responses")
    return [c.body for c in captured if isinstance(c.body, dict) and c.path.rstrip("/").endswith(ends)]


def pinned_python(requirements: tuple[str, ...], env_var: str) -> str:
    """The interpreter of a cached virtualenv with ``requirements`` installed (a client version the
    test extra cannot hold beside the current one); ``env_var`` names one to use instead. The first
    requirement (``name==version``) names the cache folder."""
    import os
    import subprocess
    import sys
    import venv
    from pathlib import Path

    configured = os.environ.get(env_var)
    if configured:
        return configured
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name, _, version = requirements[0].partition("==")
    home = cache / "deepseek-migrate" / f"{name}-{version}-py{sys.version_info[0]}.{sys.version_info[1]}"
    python = home / "bin" / "python"
    ready = home / ".ready"
    if not ready.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(home)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
            check=True,
            timeout=900,
        )
        ready.write_text(requirements[0] + "\n")
    return str(python)
