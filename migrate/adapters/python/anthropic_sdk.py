"""The anthropic Python SDK pointed at DeepSeek's Anthropic-format endpoint (``/anthropic``).

Source of truth: https://api-docs.deepseek.com/guides/anthropic_api (the
endpoint reads the native ``thinking: {"type": "enabled"|"disabled"}`` field,
ignores ``budget_tokens``, and takes the effort as ``output_config.effort``).
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
    constructor_of,
    fallback_host,
    kwarg_host,
    merge_items_into_dict_kwarg,
    method_matcher,
    sets_key,
    star_kwargs_name,
    thinking_value,
    unset_base_url,
)
from migrate.hosts import Host
from migrate.model import Applicability, Thinking
from migrate.python.analysis import Module, dotted

CLIENT_CLASSES = frozenset(
    {"anthropic.Anthropic", "anthropic.AsyncAnthropic", "anthropic.Client", "anthropic.AsyncClient"}
)
# Clients that always talk to a cloud's own Anthropic deployment, never to DeepSeek.
CLOUD_CLASSES = frozenset(
    {
        "anthropic.AnthropicBedrock", "anthropic.AsyncAnthropicBedrock",
        "anthropic.AnthropicVertex", "anthropic.AsyncAnthropicVertex",
        "anthropic.AnthropicFoundry", "anthropic.AsyncAnthropicFoundry",
    }
)  # fmt: skip
MESSAGE_METHODS = frozenset(
    {
        "messages.create", "messages.stream", "beta.messages.create", "beta.messages.stream",
        "messages.with_raw_response.create", "messages.with_streaming_response.create",
        "beta.messages.with_raw_response.create", "beta.messages.with_streaming_response.create",
    }
)  # fmt: skip
COUNT_METHODS = frozenset({"messages.count_tokens", "beta.messages.count_tokens"})
# One of these words is in every method above (tests check it): a module without them has no sink here.
METHOD_WORDS = frozenset({"messages"})


class AnthropicSdk(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names sent through the `anthropic` package to
    DeepSeek's Anthropic-format endpoint: `client.messages.create(...)`,
    `client.messages.stream(...)`, the `beta.messages` forms,
    `with_raw_response` / `with_streaming_response` and `messages.count_tokens`,
    for `Anthropic` and `AsyncAnthropic` however they were imported or named.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. Their
    successor `deepseek-v4-flash` thinks by default on the `/anthropic` endpoint
    too, so a call that used `deepseek-chat` must also send
    `thinking={"type": "disabled"}` (a native parameter of `messages.create`).
    Unknown names that do not start with `claude` are rejected with a 400 there.

    ## Example
    ```python
    client = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")
    client.messages.create(model="deepseek-chat", max_tokens=1024, messages=msgs)
    ```
    Use instead:
    ```python
    client = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")
    client.messages.create(model="deepseek-v4-flash", max_tokens=1024, messages=msgs, thinking={"type": "disabled"})
    ```

    ## Fix safety
    Safe when the model is a literal at the call, or a constant that only feeds
    calls the tool understands. A `thinking=` already passed (or a `"thinking"`
    key in an `extra_body` dict literal) is respected: the name is renamed only. Unsafe when the call passes `**kwargs`, which may carry
    its own `thinking`: the message says what to add. An ex-`deepseek-reasoner`
    call gets `thinking={"type": "enabled"}`, exactly what DeepSeek reads; the
    SDK's type hints want a `budget_tokens` there, which DeepSeek ignores, so a
    strict type checker may ask for one. `messages.count_tokens` is renamed only:
    it generates nothing. `claude-*` names are never touched (DeepSeek maps them
    itself), and calls whose client has a `base_url` that is not DeepSeek's, or
    is a Bedrock / Vertex / Foundry client, are never rewritten (DSM103). A
    client built with no `base_url` (`ANTHROPIC_BASE_URL` decides), or passed in
    as a parameter that not every caller in the run fills with a DeepSeek
    client, has an unknown host: the fix is unsafe. With
    `--reasoning-effort`, an enabled call also gets `output_config={"effort": ...}`,
    merged into an `output_config` dict literal that is already there.
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM110"
    NAME = "retired-model-in-anthropic-call"
    TRIGGERS = METHOD_WORDS

    VALID = (
        Valid(
            'import anthropic\nclient = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[])\n'
        ),
        Valid(
            'import anthropic\nclient = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="deepseek-v4-flash", max_tokens=64, messages=[], thinking={"type": "disabled"})\n'
        ),
        Valid(
            'import anthropic\nclient = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="deepseek-chat-v3-0324", max_tokens=64, messages=[])\n'
        ),
        Valid(
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://gateway.example.com/anthropic")\n'
            'client.messages.create(model="deepseek-chat", max_tokens=64, messages=[])\n'
        ),
        Valid(
            'from anthropic import AnthropicBedrock\nclient = AnthropicBedrock()\n'
            'client.messages.create(model="deepseek-chat", max_tokens=64, messages=[])\n'
        ),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'import anthropic\nclient = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'message = client.messages.create(model="deepseek-chat", max_tokens=1024, messages=[])\n',
            'import anthropic\nclient = anthropic.Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'message = client.messages.create(model="deepseek-v4-flash", max_tokens=1024, messages=[], thinking={"type": "disabled"})\n',
            range=(3, 40, 3, 55),
        ),
        Invalid(
            "import anthropic as ac\nclient = ac.AsyncAnthropic()\n"
            "async def ask(msgs):\n    return await client.messages.create(\n        model='deepseek-reasoner',\n"
            "        max_tokens=4096,\n        messages=msgs,\n    )\n",
            "import anthropic as ac\nclient = ac.AsyncAnthropic()\n"
            "async def ask(msgs):\n    return await client.messages.create(\n        model='deepseek-v4-flash',\n"
            "        max_tokens=4096,\n        messages=msgs,\n        thinking={'type': 'enabled'},\n    )\n",
            applicability=Applicability.UNSAFE,
            message="`ac.AsyncAnthropic()` at line 2 sets no base URL",
            range=(5, 15, 5, 34),
        ),
        Invalid(
            'from anthropic import Anthropic\nMODEL = "deepseek-chat"\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'with client.messages.stream(model=MODEL, max_tokens=64, messages=[]) as stream:\n    pass\n',
            'from anthropic import Anthropic\nMODEL = "deepseek-v4-flash"\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'with client.messages.stream(model=MODEL, max_tokens=64, messages=[], thinking={"type": "disabled"}) as stream:\n    pass\n',
            range=(2, 9, 2, 24),
        ),
        Invalid(
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="deepseek-chat", max_tokens=64, messages=[], thinking={"type": "enabled", "budget_tokens": 2048})\n',
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="deepseek-v4-flash", max_tokens=64, messages=[], thinking={"type": "enabled", "budget_tokens": 2048})\n',
            message="thinking= is already set",
            range=(3, 30, 3, 45),
        ),
        Invalid(
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.create(model="deepseek-chat", **options)\n',
            None,
            applicability=None,
            message='thinking={"type": "disabled"}',
            range=(3, 30, 3, 45),
        ),
        Invalid(
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.count_tokens(model="deepseek-chat", messages=[])\n',
            'from anthropic import Anthropic\nclient = Anthropic(base_url="https://api.deepseek.com/anthropic")\n'
            'client.messages.count_tokens(model="deepseek-v4-flash", messages=[])\n',
            range=(3, 36, 3, 51),
        ),
    )  # fmt: skip

    @classmethod
    def by_hand(cls, thinking: Thinking) -> str:
        return f'anthropic SDK: thinking={{"type": "{thinking.value}"}}'

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            if not isinstance(call.func, cst.Attribute):
                continue
            name = dotted(call.func)
            method = _method(name)
            model = module.kwarg(call, "model")
            if method is None or model is None:
                continue
            host = self._host(module, client_expr(call.func, method))
            if host is not None:
                yield Sink(self, call, model.value, host, what=f"`{name}()`")

    def forwarding_sinks(self, module: Module) -> Iterator[tuple[Sink, tuple[str, ...]]]:
        """``messages.create(**kwargs)`` with no ``model=``: a caller can pass ``thinking=`` as well."""
        for call in module.calls:
            if not isinstance(call.func, cst.Attribute):
                continue
            name = dotted(call.func)
            method = _method(name)
            kwargs = star_kwargs_name(call)
            if method not in MESSAGE_METHODS or kwargs is None or module.kwarg(call, "model") is not None:
                continue
            host = self._host(module, client_expr(call.func, method))
            if host is not None:
                yield Sink(self, call, kwargs, host, what=f"`{name}()`"), ("model",)

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        if _method(dotted(call.func)) in COUNT_METHODS:
            return Placement(note="count_tokens generates nothing; renamed only")
        extra = module.kwarg(call, "extra_body")
        if extra is not None and sets_key(module, extra.value, "thinking"):
            return Placement(note="extra_body already sets 'thinking'")
        rendered = module.dict_value_source(thinking_value(thinking), quote)
        placement = add_kwarg_unless_present(module, call, "thinking", rendered)
        effort = module.rules.reasoning_effort
        if thinking is Thinking.ENABLED and effort:
            placement = combine(
                placement,
                merge_items_into_dict_kwarg(
                    module, call, "output_config", {"effort": effort}, quote, what=sink.what
                ),
            )
        return placement

    def _host(self, module: Module, client: cst.BaseExpression | None) -> Host | None:
        """Who the client sends to; None when the client is provably not an anthropic one."""
        ctor = constructor_of(module, client) if client is not None else None
        if ctor is None:
            # A client passed in (``def ask(client): ...``): what the callers pass.
            passed = (
                client_host(module, client, lambda c: self._host(module, c)) if client is not None else None
            )
            return passed or fallback_host(module, client)
        if callee_matches(module, ctor.func, CLOUD_CLASSES):
            return Host(other=f"the cloud behind `{dotted(ctor.func)}`")
        if not callee_matches(module, ctor.func, CLIENT_CLASSES):
            return None
        # No base_url: ANTHROPIC_BASE_URL decides, which may name DeepSeek or a proxy.
        return kwarg_host(module, ctor, "base_url") or unset_base_url(
            module, ctor, "ANTHROPIC_BASE_URL (or api.anthropic.com)"
        )


# Longest first: ``beta.messages.create`` also ends with ``.messages.create``.
_method = method_matcher(MESSAGE_METHODS | COUNT_METHODS)
