"""Wire proof for the openai SDK and raw request bodies: what the real packages send, before and after ``fix``.

Each case is run twice with the real ``openai`` / ``requests`` / ``httpx``
packages against a loopback server that records the request bodies: once as
written, once after migration. After migration ``model`` is the new name,
``thinking`` is exactly what DeepSeek reads, and every other field of every
body is what it was before.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.api import fix_source
from tests.wire.harness import chat_bodies, run_capture

pytestmark = pytest.mark.wire

DISABLED = {"type": "disabled"}
ENABLED = {"type": "enabled"}
PREAMBLE = "import asyncio, json, os\nfrom openai import OpenAI, AsyncOpenAI\n"

CASES: dict[str, tuple[str, list[dict[str, str] | None]]] = {
    "sync-literal": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": "hi"}], temperature=0.2)
        """,
        [DISABLED],
    ),
    "async-multiline-reasoner": (
        """
        aclient = AsyncOpenAI(api_key="sk-test", base_url="https://api.deepseek.com/v1")

        async def main():
            await aclient.chat.completions.create(
                model="deepseek-reasoner",
                messages=[{"role": "user", "content": "2+2?"}],
                max_tokens=4096,
            )

        asyncio.run(main())
        """,
        [ENABLED],
    ),
    "module-constant-two-calls-and-stream": (
        """
        MODEL = "deepseek-chat"
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

        def ask(q):
            return client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": q}])

        def stream(q):
            chunks = client.chat.completions.create(
                model=MODEL,
                messages=[{"role": "user", "content": q}],
                stream=True,
            )
            return [c for c in chunks]

        ask("a")
        stream("b")
        """,
        [DISABLED, DISABLED],
    ),
    "existing-extra-body-and-raw-response": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        raw = client.chat.completions.with_raw_response.create(
            model="deepseek-reasoner", messages=[{"role": "user", "content": "x"}], extra_body={"user_tag": "t1"}
        )
        raw.parse()
        """,
        [ENABLED],
    ),
    "local-variable-and-alias-import": (
        """
        import openai as oa

        def run():
            c = oa.OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
            model_name = "deepseek-chat"
            return c.chat.completions.create(model=model_name, messages=[{"role": "user", "content": "q"}])

        run()
        """,
        [DISABLED],
    ),
    "fim-completion-renamed-only": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com/beta")
        client.completions.create(model="deepseek-chat", prompt="def fib(a):", suffix="    return fib(a-1)", max_tokens=128)
        """,
        [None],
    ),
    "requests-body": (
        """
        import requests
        payload = {"model": "deepseek-chat", "messages": [{"role": "user", "content": "hi"}], "stream": False}
        requests.post("https://api.deepseek.com/chat/completions", json=payload, headers={"Authorization": "Bearer x"}, timeout=30)
        """,
        [DISABLED],
    ),
    "httpx-body-multiline": (
        """
        import httpx
        body = {
            "model": "deepseek-reasoner",
            "messages": [{"role": "user", "content": "hi"}],
            "max_tokens": 8000,
        }
        httpx.post("https://api.deepseek.com/chat/completions", json=body, headers={"Authorization": "Bearer x"})
        """,
        [ENABLED],
    ),
    "httpx-session-base-url-relative-path": (
        """
        import httpx
        session = httpx.Client(base_url="https://api.deepseek.com", headers={"Authorization": "Bearer x"}, timeout=30)
        body = {"model": "deepseek-chat", "messages": [{"role": "user", "content": "hi"}], "temperature": 0.2}
        session.post("/chat/completions", json=body)
        """,
        [DISABLED],
    ),
    "client-bound-in-both-branches-to-deepseek": (
        """
        if os.getenv("DEEPSEEK_BETA"):
            client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com/beta")
        else:
            client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        client.chat.completions.create(model="deepseek-reasoner", messages=[{"role": "user", "content": "hi"}])
        """,
        [ENABLED],
    ),
    "client-from-a-factory": (
        """
        def make_client():
            return OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

        llm = make_client()
        llm.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": "hi"}])
        """,
        [DISABLED],
    ),
    "body-spread-into-create": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        params = {"model": "deepseek-chat", "messages": [{"role": "user", "content": "hi"}], "temperature": 0.0}
        client.chat.completions.create(**params)
        """,
        [DISABLED],
    ),
    "options-without-messages-spread-into-create": (
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")
        OPTS = {"model": "deepseek-chat", "temperature": 0.0}
        client.chat.completions.create(messages=[{"role": "user", "content": "hi"}], **OPTS)
        """,
        [DISABLED],
    ),
    "class-attribute-client-read-as-cls": (
        """
        class Bot:
            client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

            @classmethod
            def ask(cls, q):
                return cls.client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])

        Bot.ask("hi")
        """,
        [DISABLED],
    ),
}


def _compare(
    before: list[dict[str, Any]], after: list[dict[str, Any]], expected: list[dict[str, str] | None]
) -> None:
    assert len(before) == len(after) == len(expected)
    for old, new, thinking in zip(before, after, expected, strict=True):
        assert old["model"] in ("deepseek-chat", "deepseek-reasoner")
        assert new["model"] == "deepseek-v4-flash"
        if thinking is None:
            assert "thinking" not in new
        else:
            assert new["thinking"] == thinking
        rest_old = {k: v for k, v in old.items() if k not in ("model", "thinking")}
        rest_new = {k: v for k, v in new.items() if k not in ("model", "thinking")}
        assert rest_new == rest_old


@pytest.mark.parametrize("name", sorted(CASES))
def test_wire(name: str) -> None:
    body, expected = CASES[name]
    before = PREAMBLE + textwrap.dedent(body)
    after = fix_source(before)
    assert after != before
    assert fix_source(after) == after, "a second fix changed the code again"
    _compare(chat_bodies(run_capture(before)), chat_bodies(run_capture(after)), expected)


def test_an_extra_body_that_may_be_none_is_spread_with_a_fallback() -> None:
    """``extra_body=extra`` with ``extra=None``: the unsafe fix spreads ``(extra or {})``, which runs."""
    before = PREAMBLE + textwrap.dedent(
        """
        client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")

        def ask(q, extra=None):
            return client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}], extra_body=extra)

        ask("hi")
        ask("again", {"top_k": 5})
        """
    )
    after = fix_source(before, unsafe=True)
    assert "(extra or {})" in after
    _compare(chat_bodies(run_capture(before)), chat_bodies(run_capture(after)), [DISABLED, DISABLED])


def test_openrouter_lookalike_is_untouched_and_still_sends_its_own_id() -> None:
    code = PREAMBLE + textwrap.dedent(
        """
        client = OpenAI(api_key="sk-test", base_url="https://openrouter.ai/api/v1")
        """
    )
    source = code + 'client.chat.completions.create(model="deepseek/deepseek-chat", messages=[])\n'
    assert fix_source(source, unsafe=True) == source


def test_cross_module_constant_gets_thinking_at_the_call(tmp_path: Path) -> None:
    """A constant in config.py, the call in another module: the call sends thinking disabled."""
    from migrate.api import RunStats, run
    from migrate.discovery import Discovery
    from migrate.engine import Settings
    from migrate.rulepack import load_rules
    from migrate.writer import write_result

    project = tmp_path / "proj"
    (project / "app").mkdir(parents=True)
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "config.py").write_text(
        'CHAT_MODEL = "deepseek-chat"\nTHINK_MODEL = "deepseek-reasoner"\n'
    )
    (project / "app" / "service.py").write_text(
        textwrap.dedent(
            """
            from openai import OpenAI

            from app import config
            from app.config import CHAT_MODEL

            client = OpenAI(api_key="sk-test", base_url="https://api.deepseek.com")


            def chat(q):
                return client.chat.completions.create(model=CHAT_MODEL, messages=[{"role": "user", "content": q}])


            def think(q):
                return client.chat.completions.create(
                    model=config.THINK_MODEL,
                    messages=[{"role": "user", "content": q}],
                )
            """
        )
    )
    driver = "import sys\nsys.path.insert(0, {root!r})\nfrom app.service import chat, think\nchat('a')\nthink('b')\n"
    pristine = tmp_path / "pristine"
    shutil.copytree(project, pristine)
    settings = Settings(rules=load_rules(), apply=True, cwd=str(project))
    results = list(run([project], settings, Discovery(project_root=project), jobs=1, stats=RunStats()))
    for result in results:
        if result.changed:
            write_result(project / result.path, result)
    assert 'CHAT_MODEL = "deepseek-v4-flash"' in (project / "app" / "config.py").read_text()
    before = chat_bodies(run_capture(_bundle(pristine) + driver.format(root=".")))
    after = chat_bodies(run_capture(_bundle(project) + driver.format(root=".")))
    _compare(before, after, [DISABLED, ENABLED])


def _bundle(project: Path) -> str:
    """Code that recreates ``project`` in the snippet's working folder (the harness runs one file)."""
    lines = ["import pathlib"]
    for path in sorted(project.rglob("*.py")):
        rel = path.relative_to(project).as_posix()
        lines.append(f"pathlib.Path({rel!r}).parent.mkdir(parents=True, exist_ok=True)")
        lines.append(f"pathlib.Path({rel!r}).write_text({path.read_text()!r})")
    return "\n".join(lines) + "\n"
