"""The openai Python SDK pointed at DeepSeek: chat completions, FIM completions, Responses.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (the
OpenAI-format toggle is a top-level ``"thinking": {"type": ...}`` field; the
SDK has no ``thinking`` parameter, so it must travel in ``extra_body``).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    Placement,
    PythonAdapter,
    Sink,
    add_kwarg_unless_present,
    callee_matches,
    client_expr,
    client_host,
    combine,
    fallback_host,
    host_of_url,
    kwarg_host,
    merge_items_into_dict_kwarg,
    method_matcher,
    star_kwargs_name,
    thinking_value,
    unset_base_url,
)
from migrate.hosts import Host, join_hosts
from migrate.model import Applicability, Thinking
from migrate.python.analysis import Module, dotted

CLIENT_CLASSES = frozenset({"openai.OpenAI", "openai.AsyncOpenAI", "openai.Client", "openai.AsyncClient"})
AZURE_CLASSES = frozenset({"openai.AzureOpenAI", "openai.AsyncAzureOpenAI"})
CHAT_METHODS = frozenset(
    {
        "chat.completions.create",
        "chat.completions.parse",
        "chat.completions.stream",
        "beta.chat.completions.parse",
        "beta.chat.completions.stream",
        "chat.completions.with_raw_response.create",
        "chat.completions.with_streaming_response.create",
        "chat.completions.with_raw_response.parse",
        "beta.chat.completions.with_raw_response.parse",
    }
)
FIM_METHODS = frozenset(
    {
        "completions.create",
        "completions.with_raw_response.create",
        "completions.with_streaming_response.create",
    }
)
RESPONSES_METHODS = frozenset({"responses.create", "responses.stream", "responses.parse"})
# Where a client built with no base_url sends its requests.
OPENAI_ENV = "OPENAI_BASE_URL (or api.openai.com)"
# One of these words is in every method above (tests check it): a module without them has no sink here.
METHOD_WORDS = frozenset({"completions", "responses"})


class OpenAISdk(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names sent through the `openai` package:
    `client.chat.completions.create/parse/stream`, the `beta.chat.completions`
    forms, `with_raw_response` / `with_streaming_response`, sync and async
    clients however they were imported or named, FIM `client.completions.create`
    and `client.responses.create`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24 and
    requests that use them fail. Their successor `deepseek-v4-flash` thinks by
    default, so `deepseek-chat` (non-thinking) must also send
    `"thinking": {"type": "disabled"}`. The SDK has no `thinking` parameter
    (`create(thinking=...)` raises `TypeError`), so the field goes in `extra_body`.

    ## Example
    ```python
    client = OpenAI(base_url="https://api.deepseek.com")
    client.chat.completions.create(model="deepseek-chat", messages=msgs)
    ```
    Use instead:
    ```python
    client = OpenAI(base_url="https://api.deepseek.com")
    client.chat.completions.create(model="deepseek-v4-flash", messages=msgs, extra_body={"thinking": {"type": "disabled"}})
    ```

    ## Fix safety
    Safe when the model is a literal at the call, or a module constant or local
    variable that only feeds calls the tool understands; an existing
    `extra_body` dict literal is merged into, and a `"thinking"` key already
    there (or in the dict display a name passed as `extra_body` is bound to) is
    respected; a comment or a string that mentions thinking is not a setting.
    Unsafe when `extra_body` is another name (the fix spreads it:
    `extra_body={**EXTRA, "thinking": ...}`, `{**(extra or {}), ...}` when it may be
    `None`), or when the name also flows
    somewhere the tool cannot follow. An ex-`deepseek-chat` call whose switch
    cannot be placed (`**kwargs`, an `extra_body` expression) gets no fix: a
    rename alone would turn thinking on silently; the message says what to add.
    (For an ex-`deepseek-reasoner` call these cases stay safe: thinking on is the
    new default.)
    FIM (`client.completions.create`) is renamed only: FIM is non-thinking by
    definition. The Responses API spells "thinking off" as
    `reasoning={"effort": "none"}`.
    Calls whose client was built with a `base_url` that is not DeepSeek's are
    never rewritten (DSM103). A client built with no `base_url` (`OPENAI_BASE_URL`
    or api.openai.com decides), the module-level `openai` client, or a base URL
    read from an environment variable whose name does not say DeepSeek has an
    unknown host: the fix is unsafe. So has a client passed in as a parameter
    (`def ask(client, q)`, `self.client = client`) unless every caller in the
    run passes a client built for DeepSeek.
    """

    CODE = "DSM101"
    NAME = "retired-model-in-openai-call"
    TRIGGERS = METHOD_WORDS
    VERBATIM = True

    VALID = (
        Valid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'router = client.with_options(base_url="https://openrouter.ai/api/v1")\n'
            'router.chat.completions.create(model="deepseek-chat", messages=[])\n'
        ),
        Valid('client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n'),
        Valid('client.chat.completions.create(model="deepseek-chat-v3-0324", messages=[])\n'),
        Valid('client.chat.completions.create(model="gpt-4o", messages=[])\n'),
        Valid('from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n'),
        Valid('import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ.get("LLM_BASE_URL", "https://api.deepseek.com"))\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[])\n'),
        Valid('import openai\nopenai.chat.completions.create(model="gpt-4o", messages=[])\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'if ROUTED:\n    client.base_url = "https://openrouter.ai/api/v1"\n'
            'client.chat.completions.create(model="deepseek-reasoner", messages=[])\n',
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'if ROUTED:\n    client.base_url = "https://openrouter.ai/api/v1"\n'
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "enabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="at line 4 (https://openrouter.ai/api/v1)",
            range=(5, 38, 5, 57),
            id="DSM101-client-rebased-after-it-is-built",
        ),
        Invalid(
            'from openai import OpenAI\nds = OpenAI(base_url="https://api.deepseek.com")\noa = OpenAI()\n'
            'client = ds if flag else oa\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'from openai import OpenAI\nds = OpenAI(base_url="https://api.deepseek.com")\noa = OpenAI()\n'
            'client = ds if flag else oa\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], '
            'extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="`OpenAI()` at line 3 sets no base URL",
            range=(5, 38, 5, 53),
            id="DSM101-either-client-of-a-conditional-expression",
        ),
        Invalid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'client.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            range=(3, 38, 3, 53),
        ),
        Invalid(
            "import openai as oa\nc = oa.AsyncOpenAI(base_url='https://api.deepseek.com/v1')\n"
            "async def f(m):\n    return await c.chat.completions.create(\n        model='deepseek-reasoner',\n        messages=m,\n    )\n",
            "import openai as oa\nc = oa.AsyncOpenAI(base_url='https://api.deepseek.com/v1')\n"
            "async def f(m):\n    return await c.chat.completions.create(\n        model='deepseek-v4-flash',\n        messages=m,\n"
            "        extra_body={'thinking': {'type': 'enabled'}},\n    )\n",
            range=(5, 15, 5, 34),
        ),
        Invalid(
            'client.chat.completions.create(model="deepseek-chat", messages=[], extra_body={"user_id": 1})\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"user_id": 1, "thinking": {"type": "disabled"}})\n',
            range=(1, 38, 1, 53),
        ),
        Invalid(
            'client.chat.completions.create(model="deepseek-chat", messages=[], extra_body=EXTRA)\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={**EXTRA, "thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="the fix spreads it, {**EXTRA, \"thinking\": {\"type\": \"disabled\"}}",
            range=(1, 38, 1, 53),
        ),
        Invalid(
            'client.completions.create(model="deepseek-chat", prompt="def f(", suffix="")\n',
            'client.completions.create(model="deepseek-v4-flash", prompt="def f(", suffix="")\n',
            range=(1, 33, 1, 48),
        ),
        Invalid(
            'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message='`OpenAI()` at line 2 sets no base URL',
            range=(3, 38, 3, 53),
        ),
        Invalid(
            'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.getenv("DEEPSEEK_BASE_URL", "https://api.deepseek.com"))\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.getenv("DEEPSEEK_BASE_URL", "https://api.deepseek.com"))\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            range=(4, 38, 4, 53),
        ),
        Invalid(
            'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ.get("LLM_BASE_URL", "https://api.deepseek.com"))\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.environ.get("LLM_BASE_URL", "https://api.deepseek.com"))\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message='read from the environment (LLM_BASE_URL), which may point anywhere',
            range=(4, 38, 4, 53),
        ),
        Invalid(
            'import os\nfrom openai import OpenAI\ntry:\n    client = OpenAI(base_url="https://api.deepseek.com")\nexcept ImportError:\n    client = OpenAI(base_url=os.environ["FALLBACK_URL"])\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'import os\nfrom openai import OpenAI\ntry:\n    client = OpenAI(base_url="https://api.deepseek.com")\nexcept ImportError:\n    client = OpenAI(base_url=os.environ["FALLBACK_URL"])\nclient.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message='the client is built at line 4 (DeepSeek) and at line 6',
            range=(7, 38, 7, 53),
        ),
        Invalid(
            'import openai\nopenai.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'import openai\nopenai.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message='the module-level `openai` client',
            range=(2, 38, 2, 53),
        ),
        Invalid(
            'import openai\nopenai.base_url = "https://api.deepseek.com"\nopenai.chat.completions.create(model="deepseek-chat", messages=[])\n',
            'import openai\nopenai.base_url = "https://api.deepseek.com"\nopenai.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            range=(3, 38, 3, 53),
        ),
    )  # fmt: skip

    @classmethod
    def by_hand(cls, thinking: Thinking) -> str:
        return f'openai SDK: extra_body={{"thinking": {{"type": "{thinking.value}"}}}}'

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            if not isinstance(call.func, cst.Attribute):
                continue
            name = dotted(call.func)
            method = _method(name)
            if method is None:
                continue
            model = module.kwarg(call, "model")
            if model is None:
                continue
            base = client_expr(call.func, method)
            host = self._host(module, base)
            yield Sink(self, call, model.value, host, what=f"`{_short_callee(name)}()`")

    def forwarding_sinks(self, module: Module) -> Iterator[tuple[Sink, tuple[str, ...]]]:
        """Chat calls given no ``model=`` but a ``**kwargs`` (thinking goes in ``extra_body=``, which a
        caller can pass as well); FIM and Responses calls are not followed."""
        for call in module.calls:
            if not isinstance(call.func, cst.Attribute):
                continue
            name = dotted(call.func)
            method = _chat_method(name)
            kwargs = star_kwargs_name(call)
            if method is None or kwargs is None or module.kwarg(call, "model") is not None:
                continue
            host = self._host(module, client_expr(call.func, method))
            yield Sink(self, call, kwargs, host, what=f"`{_short_callee(name)}()`"), ("model",)

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        method = _method(dotted(call.func)) or ""
        if method in FIM_METHODS:
            return Placement(note="FIM completions are non-thinking; renamed only")
        if method in RESPONSES_METHODS:
            if thinking is Thinking.DISABLED:
                return merge_items_into_dict_kwarg(
                    module, call, "reasoning", {"effort": "none"}, quote, what=sink.what
                )
            effort = module.rules.reasoning_effort
            if effort:
                return merge_items_into_dict_kwarg(
                    module, call, "reasoning", {"effort": effort}, quote, what=sink.what
                )
            return Placement(note="thinking is on by default in the Responses API")
        placement = merge_items_into_dict_kwarg(
            module, call, "extra_body", {"thinking": thinking_value(thinking)}, quote, what=sink.what
        )
        effort = module.rules.reasoning_effort
        if thinking is Thinking.ENABLED and effort:
            placement = combine(
                placement,
                add_kwarg_unless_present(module, call, "reasoning_effort", f"{quote}{effort}{quote}"),
            )
        return placement

    def explicit_thinking(self, module: Module, sink: Sink) -> Thinking | None:
        """FIM completions (``client.completions.create``, ``client.beta.completions.create``) have no
        thinking mode: DeepSeek serves them non-thinking whatever the model."""
        if isinstance(sink.node, cst.Call) and _method(dotted(sink.node.func)) in FIM_METHODS:
            return Thinking.DISABLED
        return None

    def _host(self, module: Module, base: cst.BaseExpression | None) -> Host:
        return _base_host(module, base)


def sdk_call_host(module: Module, call: cst.Call) -> Host | None:
    """Where an openai SDK method call (``client.chat.completions.create(**body)``) sends its request:
    the host of the client it is called on; None when ``call`` is no SDK method."""
    if not isinstance(call.func, cst.Attribute):
        return None
    method = _method(dotted(call.func))
    if method is None:
        return None
    return _base_host(module, client_expr(call.func, method))


def _base_host(module: Module, base: cst.BaseExpression | None) -> Host:
    if base is None:
        return fallback_host(module)
    if isinstance(base, (cst.Name, cst.Attribute)) and module.qualified(base) & {"openai"}:
        return _module_client_host(module)
    return client_host(module, base, lambda ctor: _client_class_host(module, ctor)) or fallback_host(
        module, base
    )


def _client_class_host(module: Module, ctor: cst.Call) -> Host | None:
    """The host of one openai client constructor; None when ``ctor`` builds no openai client."""
    if callee_matches(module, ctor.func, AZURE_CLASSES):
        return Host(other="Azure OpenAI")
    if callee_matches(module, ctor.func, CLIENT_CLASSES):
        return kwarg_host(module, ctor, "base_url") or unset_base_url(module, ctor, OPENAI_ENV)
    return None


def _module_client_host(module: Module) -> Host:
    """The host of the module-level client (``openai.chat.completions.create``): what this module
    assigns to ``openai.base_url`` / ``openai.api_base``, else unknown (``OPENAI_BASE_URL`` decides)."""
    found: list[tuple[Host, str]] = []
    for node in module.names.attributes:
        if node.attr.value not in ("base_url", "api_base") or not module.qualified(node.value) & {"openai"}:
            continue
        target = module.parent(node)
        assign = module.parent(target) if isinstance(target, cst.AssignTarget) else None
        if isinstance(assign, cst.Assign):
            host = host_of_url(module, assign.value)
            if host is not None:
                found.append((host, f"at line {module.line(assign)}"))
    if found:
        return join_hosts(found)
    return Host(
        unknown=f"the module-level `openai` client takes its base URL from {OPENAI_ENV}, which is not visible"
    )


_method = method_matcher(CHAT_METHODS | RESPONSES_METHODS | FIM_METHODS)
_chat_method = method_matcher(CHAT_METHODS)


def is_chat_method(callee: str) -> bool:
    """Whether a dotted callee is one of the SDK's chat completion methods (``client.chat.completions.create``)."""
    return _chat_method(callee) is not None


def _short_callee(name: str) -> str:
    return name if len(name) <= 60 else "…" + name[-59:]
