"""A model passed through a function's ``**kwargs`` to a request (issue 14).

``def chat(messages, **kwargs): return client.chat.completions.create(messages=messages, **kwargs)``
called as ``chat(msgs, model="deepseek-chat")``: the fix renames the caller's literal and
sets thinking at that caller, as a keyword the request accepts, spelled for the request's
client. Followed only when ``kwargs`` reaches the request unchanged; unsafe when the
function has callers the tool cannot see; no fix when the switch cannot go at the caller.
Every case has a no-op twin or a twin that differs in one way.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from migrate.adapters.python.openai_sdk import OpenAISdk
from migrate.api import RunStats, check_source, fix_source, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult, Finding, Place, Severity
from migrate.output import json as json_output
from migrate.registry import RULES
from migrate.rulepack import load_rules

OPENAI = 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
DISABLED = 'extra_body={"thinking": {"type": "disabled"}}'
ENABLED = 'extra_body={"thinking": {"type": "enabled"}}'
CHAT = """
def chat(messages, **kwargs):
    return client.chat.completions.create(messages=messages, **kwargs)
"""


def _code(body: str, head: str = OPENAI) -> str:
    return head + textwrap.dedent(body)


def _retired(source: str) -> list[Finding]:
    return [f for f in check_source(source).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]


def _caller(source: str) -> Finding:
    (finding,) = [f for f in _retired(source) if f.severity is Severity.ERROR]
    return finding


def _fixed_twice(source: str, *, unsafe: bool = False) -> str:
    once = fix_source(source, unsafe=unsafe)
    assert fix_source(once, unsafe=unsafe) == once  # idempotent
    return once


SAFE = {
    "openai-chat-wrapper": (
        CHAT + '\n\nreply = chat([{"role": "user", "content": "hi"}], model="deepseek-chat")\n',
        'chat([{"role": "user", "content": "hi"}], model="deepseek-v4-flash", ' + DISABLED + ")",
    ),
    "async-wrapper": (
        """
        async def achat(messages, **kwargs):
            return await client.chat.completions.create(messages=messages, **kwargs)


        async def main():
            return await achat([], model="deepseek-reasoner", temperature=0)
        """,
        'await achat([], model="deepseek-v4-flash", temperature=0, ' + ENABLED + ")",
    ),
    "method-through-self": (
        """
        class Bot:
            def _send(self, messages, **kw):
                return client.chat.completions.create(messages=messages, **kw)

            def run(self, messages):
                return self._send(messages, model="deepseek-chat", stream=True)
        """,
        'self._send(messages, model="deepseek-v4-flash", stream=True, ' + DISABLED + ")",
    ),
    "constant-read-by-two-callers": (
        'MODEL = "deepseek-chat"\n'
        + CHAT
        + "\n\nchat([], model=MODEL)\nchat([], model=MODEL, temperature=0)\n",
        'MODEL = "deepseek-v4-flash"',
    ),
    "caller-extra-body-merged": (
        CHAT + '\n\nchat([], model="deepseek-chat", extra_body={"user": "u1"})\n',
        'extra_body={"user": "u1", "thinking": {"type": "disabled"}}',
    ),
    "read-only-use-of-kwargs": (
        """
        def chat(messages, **kwargs):
            if "model" not in kwargs:
                raise ValueError(kwargs.get("temperature"))
            return client.chat.completions.create(messages=messages, **kwargs)


        chat([], model="deepseek-chat")
        """,
        'chat([], model="deepseek-v4-flash", ' + DISABLED + ")",
    ),
    "langchain-factory": (
        """
        from langchain_openai import ChatOpenAI


        def make_llm(**kwargs):
            return ChatOpenAI(base_url="https://api.deepseek.com", api_key="sk", **kwargs)


        llm = make_llm(model="deepseek-chat", temperature=0)
        """,
        'make_llm(model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
    ),
    "class-whose-init-forwards": (
        """
        from langchain_openai import ChatOpenAI


        class LLM:
            def __init__(self, **kwargs):
                self.llm = ChatOpenAI(base_url="https://api.deepseek.com/v1", **kwargs)


        def _default():
            return LLM(model="deepseek-chat", temperature=0)
        """,
        'LLM(model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
    ),
    "anthropic-wrapper": (
        """
        import anthropic

        claude = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")


        def ask(**kwargs):
            return claude.messages.create(max_tokens=1024, **kwargs)


        ask(model="deepseek-chat", messages=[])
        """,
        'ask(model="deepseek-v4-flash", messages=[], thinking={"type": "disabled"})',
    ),
}


@pytest.mark.parametrize("name", list(SAFE))
def test_a_keyword_forwarded_through_kwargs_is_renamed_with_its_switch_at_the_caller(name: str) -> None:
    body, expected = SAFE[name]
    source = _code(body, head="" if "import" in body.split("\n", 2)[1] else OPENAI)
    finding = _caller(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    assert "through `" in finding.message and "(**" in finding.message
    fixed = _fixed_twice(source)
    assert expected in fixed
    assert "deepseek-chat" not in fixed and "deepseek-reasoner" not in fixed
    assert not _retired(fixed)


def test_the_request_gets_a_linked_finding_and_the_caller_points_at_it() -> None:
    source = _code(CHAT + '\n\nchat([], model="deepseek-chat")\n')
    found = check_source(source).findings
    sink = next(f for f in found if f.severity is Severity.INFO and f.code == OpenAISdk.CODE)
    caller = _caller(source)
    assert (sink.line, sink.column) == (6, 62)  # the `**kwargs` of the request
    assert "gets the retired model name `deepseek-chat` (line 9) through `chat(**kwargs)`" in sink.message
    assert sink.fix is None
    assert sink.related == (Place("example.py", 9, 16, "defined"),)
    assert caller.related == (Place("example.py", 6, 12, "sent"),)


def test_json_output_carries_the_related_places(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(_code(CHAT + '\n\nchat([], model="deepseek-chat")\n'))
    settings = Settings(rules=load_rules(), cwd=str(tmp_path))
    results = list(run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats()))
    buffer = io.StringIO()
    json_output.write(results, buffer, rules=RULES, root=tmp_path)
    related = {(f["line"], f["severity"]): f["related"] for f in json.loads(buffer.getvalue())["findings"]}
    assert related[(9, "error")] == [{"path": "app.py", "line": 6, "column": 12}]
    assert related[(6, "info")] == [{"path": "app.py", "line": 9, "column": 16}]


@pytest.mark.parametrize(
    "touch",
    [
        'kwargs["temperature"] = 0',
        'kwargs.setdefault("temperature", 0)',
        'kwargs.pop("stream", None)',
        "kwargs.update(stream=False)",
        "kwargs = {**kwargs}",
        "log(kwargs)",
    ],
)
def test_twin_a_wrapper_that_touches_kwargs_is_not_followed(touch: str) -> None:
    source = _code(
        f"""
        def chat(messages, **kwargs):
            {touch}
            return client.chat.completions.create(messages=messages, **kwargs)


        chat([], model="deepseek-chat")
        """
    )
    (finding,) = _retired(source)
    assert finding.fix is None and finding.severity is Severity.ERROR
    assert "rename it by hand" in finding.message
    assert "`chat(**kwargs)` changes its `kwargs` or passes it elsewhere (line 6)" in finding.message
    assert fix_source(source, unsafe=True) == source


def test_twin_a_wrapper_that_sets_extra_body_itself_leaves_an_ex_chat_name_for_review() -> None:
    body = """
    def chat(messages, **kwargs):
        return client.chat.completions.create(messages=messages, extra_body={"user": "u"}, **kwargs)


    chat([], model="deepseek-chat")
    """
    source = _code(body)
    finding = _caller(source)
    assert finding.fix is None, finding.message  # a caller's extra_body= would be a TypeError
    assert "passes extra_body= itself" in finding.message
    assert fix_source(source, unsafe=True) == source
    # the ex-reasoner twin: the rename keeps thinking on, but the request's own extra_body may say otherwise
    reasoner = _code(body.replace("deepseek-chat", "deepseek-reasoner"))
    finding = _caller(reasoner)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "passes extra_body= itself" in finding.message
    fixed = _fixed_twice(reasoner, unsafe=True)
    assert 'chat([], model="deepseek-v4-flash")\n' in fixed and "thinking" not in fixed


def test_an_anthropic_request_that_sets_thinking_itself_is_not_given_it_twice() -> None:
    source = _code(
        """
        import anthropic

        claude = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")


        def ask(**kwargs):
            return claude.messages.create(max_tokens=1024, thinking={"type": "enabled"}, **kwargs)


        ask(model="deepseek-chat", messages=[])
        """,
        head="",
    )
    finding = _caller(source)
    assert finding.fix is None and "passes thinking= itself" in finding.message


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("chat([], **opts)\n", "the call at line 10, which unpacks arguments the tool cannot see"),
        ("HANDLERS = [chat]\n", "`chat` passed on (line 10)"),
    ],
)
def test_twin_a_wrapper_whose_callers_are_not_all_seen_is_unsafe(extra: str, reason: str) -> None:
    source = _code(CHAT + '\n\nchat([], model="deepseek-chat")\n' + extra)
    finding = _caller(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "not every call of `chat(**kwargs)` is seen" in finding.message and reason in finding.message
    assert fix_source(source) == source  # not applied without --unsafe-fixes
    assert DISABLED in _fixed_twice(source, unsafe=True)


def test_twin_a_decorated_wrapper_is_unsafe() -> None:
    source = _code('\n@app.post("/chat")' + CHAT + '\n\nchat([], model="deepseek-chat")\n')
    finding = _caller(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert 'the decorator `@app.post("/chat")`' in finding.message


def test_twin_a_caller_that_unpacks_options_gets_no_fix_for_an_ex_chat_name() -> None:
    source = _code(CHAT + '\n\nchat([], model="deepseek-chat", **opts)\n')
    finding = _caller(source)
    assert finding.fix is None, finding.message
    assert "make sure extra_body= carries" in finding.message
    assert fix_source(source, unsafe=True) == source


def test_twin_an_unknown_host_is_unsafe() -> None:
    source = _code(
        CHAT + '\n\nchat([], model="deepseek-chat")\n',
        head="from openai import OpenAI\n\nclient = OpenAI()\n",
    )
    finding = _caller(source)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "sets no base URL" in finding.message


@pytest.mark.parametrize(
    ("head", "call"),
    [
        ('from openai import OpenAI\n\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n', ""),
        (OPENAI, ', base_url="https://openrouter.ai/api/v1"'),
    ],
)
def test_twin_another_hosts_request_is_left_alone(head: str, call: str) -> None:
    body = (
        "\nfrom langchain_openai import ChatOpenAI\n\n\ndef make_llm(**kwargs):\n"
        "    return ChatOpenAI(api_key='sk', **kwargs)\n\n\n"
        f'llm = make_llm(model="deepseek-chat"{call})\n'
        if call
        else CHAT + '\n\nchat([], model="deepseek-chat")\n'
    )
    source = _code(body, head=head)
    (finding,) = _retired(source)  # no finding at the request either
    assert finding.fix is None and finding.severity is not Severity.ERROR
    assert "openrouter.ai" in finding.message and "left as is" in finding.message
    assert fix_source(source, unsafe=True) == source


@pytest.mark.parametrize(
    "call",
    [
        'chat([], model="deepseek-v4-flash", ' + DISABLED + ")",
        'chat([], model="gpt-4o")',
        "chat([], temperature=0)",
    ],
)
def test_twin_callers_with_no_retired_name_are_untouched(call: str) -> None:
    source = _code(CHAT + "\n\n" + call + "\n")
    assert not _retired(source)
    assert fix_source(source, unsafe=True) == source


def test_twin_a_named_model_parameter_is_not_taken_for_kwargs() -> None:
    """``model`` binds the function's own parameter, which the request does not get: nothing is sent."""
    source = _code(
        """
        def chat(messages, model=None, **kwargs):
            return client.chat.completions.create(messages=messages, **kwargs)


        chat([], model="deepseek-chat")
        """
    )
    (finding,) = _retired(source)
    assert finding.fix is None and "through `" not in finding.message


def test_twin_fim_and_responses_requests_are_not_followed() -> None:
    """Their thinking spelling depends on the method, not on keywords a caller passes: by hand."""
    for method in ("completions.create", "responses.create"):
        source = _code(
            f"""
            def send(**kwargs):
                return client.{method}(**kwargs)


            send(model="deepseek-chat", prompt="x")
            """
        )
        (finding,) = _retired(source)
        assert finding.fix is None, method


def _project(tmp_path: Path, files: dict[str, str], *, unsafe: bool = False) -> dict[str, FileResult]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=unsafe, cwd=str(tmp_path))
    found = run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1, stats=RunStats())
    return {r.path: r for r in found}


LLM = {"app/__init__.py": "", "app/llm.py": _code(CHAT)}


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (
            'from app.llm import chat\n\nchat([], model="deepseek-chat", temperature=0)\n',
            'chat([], model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
        ),
        (
            'from app.llm import chat as talk\n\n\nasync def main():\n    return talk([], model="deepseek-reasoner")\n',
            'talk([], model="deepseek-v4-flash", ' + ENABLED + ")",
        ),
        (  # late in a module, in a decorated function: only the statements that spell the call are walked
            "import functools\n\nfrom app.llm import chat\n\nLIMIT = 3\n\n\n@functools.lru_cache(maxsize=None)\n"
            'def main():\n    for _ in range(LIMIT):\n        pass\n    return chat([], model="deepseek-chat")\n',
            'chat([], model="deepseek-v4-flash", ' + DISABLED + ")",
        ),
        (  # CRLF line ends: the whole module is walked
            'from app.llm import chat\r\n\r\nX = 1\r\nchat([], model="deepseek-chat", temperature=0)\r\n',
            'chat([], model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
        ),
        # called through its module, in each spelling
        (
            'import app.llm as llm\n\nllm.chat([], model="deepseek-chat", temperature=0)\n',
            'llm.chat([], model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
        ),
        (
            'from app import llm\n\nllm.chat([], model="deepseek-chat", temperature=0)\n',
            'llm.chat([], model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
        ),
        (
            'import app.llm\n\nreply = app.llm.chat([], model="deepseek-chat", temperature=0)\n',
            'app.llm.chat([], model="deepseek-v4-flash", temperature=0, ' + DISABLED + ")",
        ),
    ],
)
def test_a_caller_in_another_module_is_fixed_at_the_caller(
    tmp_path: Path, caller: str, expected: str
) -> None:
    out = _project(tmp_path, {**LLM, "main.py": caller})
    (finding,) = [f for f in out["main.py"].findings if f.old in ("deepseek-chat", "deepseek-reasoner")]
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    assert "at app/llm.py:6 through `chat(**kwargs)`" in finding.message
    assert finding.related == (Place("app/llm.py", 6, 12, "sent"),)
    fixed = out["main.py"].fixed
    assert fixed is not None and expected in fixed
    assert "app/llm.py" not in out or out["app/llm.py"].fixed is None  # the wrapper is not edited
    (tmp_path / "main.py").write_text(fixed)
    again = _project(tmp_path, {})
    assert "main.py" not in again or again["main.py"].fixed is None  # idempotent


def test_the_wrapper_module_gets_a_linked_finding_for_callers_elsewhere(tmp_path: Path) -> None:
    out = _project(
        tmp_path,
        {
            **LLM,
            "main.py": 'from app.llm import chat\n\nchat([], model="deepseek-chat")\n',
            "jobs/run.py": 'from app.llm import chat\n\n\ndef go():\n    return chat([], model="deepseek-reasoner")\n',
        },
    )
    (sink,) = out["app/llm.py"].findings
    assert sink.severity is Severity.INFO and sink.code == OpenAISdk.CODE and sink.fix is None
    assert (sink.line, sink.column) == (6, 62)
    assert "through `chat(**kwargs)` from other modules (jobs/run.py:5, main.py:3)" in sink.message
    assert set(sink.related) == {Place("main.py", 3, 16, "defined"), Place("jobs/run.py", 5, 27, "defined")}
    assert out["app/llm.py"].fixed is None


@pytest.mark.parametrize(
    "files",
    [
        # the caller's own chat(), not app/llm.py's
        {
            "main.py": 'from app.llm import chat\n\n\ndef chat(messages, **kw):\n    pass\n\n\nchat([], model="deepseek-chat")\n'
        },
        # a wrapper that changes its kwargs
        {
            "app/llm.py": _code(CHAT.replace("    return", '    kwargs["stream"] = False\n    return')),
            "main.py": 'from app.llm import chat\n\nchat([], model="deepseek-chat")\n',
        },
        # a local object that shadows the imported module
        {
            "main.py": 'from app import llm\n\n\ndef go(llm):\n    return llm.chat([], model="deepseek-chat")\n'
        },
        # a module of the same name that is not the project's
        {"main.py": 'import vendor.llm as llm\n\nllm.chat([], model="deepseek-chat")\n'},
    ],
)
def test_twin_a_caller_in_another_module_that_is_not_followed_keeps_its_error(
    tmp_path: Path, files: dict[str, str]
) -> None:
    out = _project(tmp_path, {**LLM, **files}, unsafe=True)
    (finding,) = [f for f in out["main.py"].findings if f.old == "deepseek-chat"]
    assert finding.fix is None and finding.severity is Severity.ERROR, finding.message
    assert out["main.py"].fixed is None


def test_twin_a_wrapper_in_another_module_sending_to_another_host_is_left_alone(tmp_path: Path) -> None:
    wrapper = _code(
        CHAT, head='from openai import OpenAI\n\nclient = OpenAI(base_url="http://localhost:11434/v1")\n'
    )
    out = _project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/llm.py": wrapper,
            "main.py": 'from app.llm import chat\n\nchat([], model="deepseek-chat")\n',
        },
        unsafe=True,
    )
    (finding,) = [f for f in out["main.py"].findings if f.old == "deepseek-chat"]
    assert finding.fix is None and finding.severity is not Severity.ERROR
    assert "localhost:11434" in finding.message
    assert out["main.py"].fixed is None


def test_a_wrapper_in_another_module_that_sets_extra_body_leaves_the_caller_for_review(
    tmp_path: Path,
) -> None:
    wrapper = _code(CHAT.replace("messages=messages,", 'messages=messages, extra_body={"a": 1},'))
    out = _project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/llm.py": wrapper,
            "main.py": 'from app.llm import chat\n\nchat([], model="deepseek-chat")\n',
        },
        unsafe=True,
    )
    (finding,) = [f for f in out["main.py"].findings if f.old == "deepseek-chat"]
    assert finding.fix is None and "(app/llm.py:6) passes extra_body= itself" in finding.message


def test_the_caller_pass_walks_the_statements_that_spell_a_call_decorators_included() -> None:
    import ast
    import re

    from migrate.python.crossmodule import _match_lines, _nodes_near

    source = (
        b"import x\n\nA = 1\n\n\n@register(handler=ask(model='m'))\ndef f():\n    return 2\n\n\n"
        b"def g():\n    return ask(\n        model='n',\n    )\n\n\nB = 2\n"
    )
    called = re.compile(rb"\bask\s*\(")
    lines = _match_lines(source, called)
    assert lines == [6, 12]
    calls = [n for n in _nodes_near(ast.parse(source), lines) if isinstance(n, ast.Call)]
    assert sorted(ast.unparse(c) for c in calls if ast.unparse(c.func) == "ask") == [
        "ask(model='m')",
        "ask(model='n')",
    ]
    assert not any(isinstance(n, ast.Assign) for n in _nodes_near(ast.parse(source), lines))
    # A statement must spell both a call and a model keyword.
    keywords = _match_lines(source, re.compile(rb"\bmodel\s*="))
    assert keywords == [6, 13]
    assert len([n for n in _nodes_near(ast.parse(source), lines, keywords) if isinstance(n, ast.Call)]) == 3
    assert list(_nodes_near(ast.parse(source), lines, [3])) == []  # no statement spells both
    assert _match_lines(source.replace(b"\n", b"\r"), called) is None  # CR line ends: every node
    assert len(list(_nodes_near(ast.parse(source), None))) == len(list(ast.walk(ast.parse(source))))


def test_a_model_passed_to_a_project_class_elsewhere_says_it_is_not_followed(tmp_path: Path) -> None:
    agent = (
        OPENAI + "\n\nclass Agent:\n    def __init__(self, model='gpt-4o'):\n        self.model = model\n\n"
        "    def run(self, q):\n        return client.chat.completions.create(model=self.model, messages=q)\n"
    )
    out = _project(tmp_path, {"app/__init__.py": "", "app/agent.py": agent, "main.py": MAIN_AGENT})
    (finding,) = out["main.py"].findings
    assert finding.fix is None and finding.severity is Severity.ERROR
    assert "it is passed to `Agent()` and not followed from there to a request" in finding.message


MAIN_AGENT = 'from app.agent import Agent\n\nagent = Agent(model="deepseek-chat")\n'


_WRAPPERS = {  # a module's text -> whether it defines ``chat`` at the top level with **kwargs
    _code(CHAT): True,
    _code(CHAT).replace("def chat", "async def chat"): True,
    _code(CHAT).replace("\n", "\r\n"): True,  # CRLF: the looser pattern
    _code(CHAT).replace("\n", "\r"): True,  # old Mac line ends: CPython still parses them
    "\ufeff" + _code(CHAT): True,  # a BOM before the first line
    _code(
        "@functools.cache\ndef chat(messages, **kwargs):\n    return client.chat.completions.create(**kwargs)\n"
    ): True,
    _code("def \\\n  chat(messages, **kwargs):\n    return client.chat.completions.create(**kwargs)\n"): True,
    _code(
        "def chat(messages, model=None):\n    return client.chat.completions.create(**{'model': model})\n"
    ): False,
    _code(
        "class Bot:\n    def chat(self, **kwargs):\n        return client.chat.completions.create(**kwargs)\n"
    ): False,
    _code(
        "if True:\n    def chat(**kwargs):\n        return client.chat.completions.create(**kwargs)\n"
    ): False,
    _code('DOC = """\ndef chat(**kwargs):\n"""\nx = {**{}}\n'): False,  # spelt in a string only
    _code("def chatter(**kwargs):\n    return client.chat.completions.create(**kwargs)\n"): False,
    _code("def chat(**kwargs) ->:\n    pass\n"): True,  # CPython cannot parse it: not ruled out
}


@pytest.mark.parametrize("source", list(_WRAPPERS))
def test_a_defining_module_is_parsed_only_when_it_may_define_the_called_wrapper(
    tmp_path: Path, source: str
) -> None:
    """The forwarding pass's pretest (a bytes pattern, then CPython's parser) rules a module out only
    when libcst's pass would find no wrapper of that name in it either."""
    from migrate.python.crossmodule import _defines_forwarder
    from migrate.python.forwarding import top_level_targets

    path = tmp_path / "llm.py"
    path.write_bytes(source.encode())
    read = lambda p: Path(p).read_bytes()  # noqa: E731
    defines = _defines_forwarder(path, read, {"chat"})
    assert defines is _WRAPPERS[source]
    assert not _defines_forwarder(path, read, set())
    assert _defines_forwarder(path, read, {"chät"}) is ("**" in source)  # bytes patterns: ASCII names only
    found = top_level_targets(path, load_rules(), lambda p: p.name, read, ["chat"])
    assert defines or not found  # never rules out a module libcst's pass would follow
    if defines and "->:" not in source:
        assert set(found) == {"chat"}, source
