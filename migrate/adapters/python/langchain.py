"""LangChain: ``ChatDeepSeek``, ``ChatOpenAI`` with a DeepSeek base URL, ``init_chat_model`` and agent model specs.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field) and the chat-model classes of
``langchain-deepseek`` / ``langchain-openai``, which merge their ``extra_body``
field into the request body (https://docs.langchain.com/oss/python/integrations/chat/deepseek).
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
    call_time_overrides,
    callee_matches,
    combine,
    kwarg_host,
    merge_items_into_dict_kwarg,
    star_kwargs_name,
    thinking_value,
    trigger_words,
    unset_base_url,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Edit, Report, Thinking
from migrate.python.analysis import Module, dotted, string_value
from migrate.report_rules.hazards import ForcedToolChoiceInThinkingMode

# Where ChatOpenAI sends without a base URL.
LC_OPENAI_ENV = "OPENAI_API_BASE / OPENAI_BASE_URL (or api.openai.com)"
CHAT_DEEPSEEK = frozenset({"langchain_deepseek.ChatDeepSeek", "langchain_deepseek.chat_models.ChatDeepSeek"})
CHAT_OPENAI = frozenset(
    {
        "langchain_openai.ChatOpenAI",
        "langchain_openai.chat_models.ChatOpenAI",
        "langchain_openai.chat_models.base.ChatOpenAI",
    }
)
AZURE_CHAT_OPENAI = frozenset(
    {"langchain_openai.AzureChatOpenAI", "langchain_openai.chat_models.AzureChatOpenAI"}
)
# OpenRouter's ``deepseek/deepseek-chat`` is its own, still-served slug: reported (DSM103), never renamed.
CHAT_OPENROUTER = frozenset(
    {"langchain_openrouter.ChatOpenRouter", "langchain_openrouter.chat_models.ChatOpenRouter"}
)
INIT_CHAT_MODEL = frozenset(
    {
        "langchain.chat_models.init_chat_model",
        "langchain.chat_models.base.init_chat_model",
        "langchain_classic.chat_models.init_chat_model",
        "langchain_classic.chat_models.base.init_chat_model",
    }
)
# Calls that take a model as a "provider:name" string and build the chat model themselves.
AGENT_SPECS = frozenset(
    {
        "langchain.agents.create_agent",
        "langchain.agents.factory.create_agent",
        "langgraph.prebuilt.create_react_agent",
        "langgraph.prebuilt.chat_agent_executor.create_react_agent",
    }
)
# Where init_chat_model lives in the langchain package every caller of the above has installed.
INIT_IMPORT = ("langchain.chat_models", "init_chat_model")
MODEL_KEYWORDS = ("model", "model_name")


class LangChain(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names given to LangChain chat models:
    `ChatDeepSeek(model=...)` / `model_name=`, `ChatOpenAI(model=..., base_url=<DeepSeek>)`,
    `init_chat_model("deepseek:deepseek-chat")`,
    `init_chat_model("deepseek-chat", model_provider="deepseek")` and the bare
    name (LangChain infers the `deepseek` provider from it), and model spec
    strings given to `create_agent(...)` (`langchain.agents`) and langgraph's
    `create_react_agent(...)`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. Their
    successor `deepseek-v4-flash` thinks by default, so ex-`deepseek-chat` code
    must also send `"thinking": {"type": "disabled"}`. In LangChain that field
    goes in `extra_body=`: a `thinking=` argument or `model_kwargs={"thinking": ...}`
    only warns at construction and then raises `TypeError` at `invoke()`.
    Leaving thinking on also breaks `with_structured_output()`, whose default
    named `tool_choice` is a 400 in thinking mode.

    ## Example
    ```python
    llm = ChatDeepSeek(model="deepseek-chat", temperature=0)
    agent = create_agent("deepseek:deepseek-chat", tools=[search])
    ```
    Use instead:
    ```python
    llm = ChatDeepSeek(model="deepseek-v4-flash", temperature=0, extra_body={"thinking": {"type": "disabled"}})
    agent = create_agent(init_chat_model("deepseek:deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}}), tools=[search])
    ```

    ## Fix safety
    `ChatDeepSeek`, `ChatOpenAI` and `init_chat_model`: safe. `extra_body=` is
    added, or merged into an `extra_body` dict literal that is already there; a
    `"thinking"` key already in it is respected. Unsafe when `extra_body=` is
    not a dict literal or the call passes `**kwargs` (the message says what to
    add), and when `init_chat_model`'s `model_provider=` is not a literal
    (`extra_body` is right for the `deepseek` and `openai` providers only), or
    when the model is later called with its own `extra_body=`
    (`llm.bind(extra_body=...)`, `llm.invoke(..., extra_body=...)`), which
    replaces the constructor's for that request (the message names the call), or
    when `init_chat_model(..., configurable_fields=...)` lets a run-time config
    choose the model or its `extra_body`.

    Agent model specs (`create_agent("deepseek:deepseek-chat")`): a string has no
    slot for thinking, so the fix wraps the spec in
    `init_chat_model(<spec>, extra_body={"thinking": {"type": "disabled"}})` and
    adds `from langchain.chat_models import init_chat_model`. It is **unsafe**:
    `create_agent` and `create_react_agent` call exactly this `init_chat_model`
    on a string themselves, so the request is the same, but the argument
    changes from a string to a chat-model object, which code that also reads or
    logs the spec, or a type checker, sees. An ex-`deepseek-reasoner` spec is
    renamed only (safe): thinking on is the server default, so the request keeps
    its behaviour; with `--reasoning-effort` it is wrapped too, to carry
    `reasoning_effort=`.

    A base URL that is not DeepSeek's (`base_url=`, `api_base=`,
    `openai_api_base=`), `AzureChatOpenAI`, and a `model_provider=` or spec
    prefix other than `deepseek` / `openai` are never rewritten (DSM103).
    `ChatOpenAI` without a base URL has an unknown host (`OPENAI_API_BASE` /
    `OPENAI_BASE_URL` decides): its fix is unsafe, as is an agent spec with the
    `openai:` prefix (`create_agent("openai:deepseek-chat")` builds that `ChatOpenAI`).
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM111"
    NAME = "retired-model-in-langchain"
    PREFIXES = ("", "deepseek:", "openai:")
    VERBATIM = True
    TRIGGERS = trigger_words(
        CHAT_DEEPSEEK, CHAT_OPENAI, AZURE_CHAT_OPENAI, CHAT_OPENROUTER, INIT_CHAT_MODEL, AGENT_SPECS
    )

    VALID = (
        Valid(
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-v4-flash", model_provider="deepseek", configurable_fields=("model",), extra_body={"thinking": {"type": "disabled"}})\n'
        ),
        Valid(
            'from langchain_deepseek import ChatDeepSeek\n'
            'llm = ChatDeepSeek(model="deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'
        ),
        Valid('from langchain_deepseek import ChatDeepSeek\nllm = ChatDeepSeek(model="deepseek-chat-v3-0324")\n'),
        Valid(
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek/deepseek-chat", base_url="https://openrouter.ai/api/v1")\n'
        ),
        Valid(
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek-chat", base_url="https://openrouter.ai/api/v1")\n'
        ),
        Valid(
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-chat", model_provider="together")\n'
        ),
        Valid('from langchain.agents import create_agent\nagent = create_agent("openrouter:deepseek/deepseek-chat")\n'),
        Valid('from langchain_openrouter import ChatOpenRouter\nllm = ChatOpenRouter(model="deepseek/deepseek-chat")\n'),
        Valid('from langchain.agents import create_agent\nagent = create_agent("anthropic:claude-sonnet-4-5")\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from langchain_deepseek import ChatDeepSeek\n'
            'llm = ChatDeepSeek(model="deepseek-chat", temperature=0, max_retries=2)\n',
            'from langchain_deepseek import ChatDeepSeek\n'
            'llm = ChatDeepSeek(model="deepseek-v4-flash", temperature=0, max_retries=2, extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 26, 2, 41),
        ),
        Invalid(
            "import langchain_deepseek as lds\nllm = lds.ChatDeepSeek(\n    model_name='deepseek-reasoner',\n"
            "    extra_body={'user': 'u1'},\n)\n",
            "import langchain_deepseek as lds\nllm = lds.ChatDeepSeek(\n    model_name='deepseek-v4-flash',\n"
            "    extra_body={'user': 'u1', 'thinking': {'type': 'enabled'}},\n)\n",
            range=(3, 16, 3, 35),
        ),
        Invalid(
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek-chat", api_key=KEY, base_url="https://api.deepseek.com")\n',
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek-v4-flash", api_key=KEY, base_url="https://api.deepseek.com", extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 24, 2, 39),
        ),
        Invalid(
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek-chat", extra_body={"thinking": {"type": "enabled"}}, base_url="https://api.deepseek.com")\n',
            'from langchain_openai import ChatOpenAI\n'
            'llm = ChatOpenAI(model="deepseek-v4-flash", extra_body={"thinking": {"type": "enabled"}}, base_url="https://api.deepseek.com")\n',
            message="extra_body already sets 'thinking'",
            range=(2, 24, 2, 39),
        ),
        Invalid(
            'from langchain_deepseek import ChatDeepSeek\nllm = ChatDeepSeek(model="deepseek-chat", **settings)\n',
            None,
            applicability=None,
            message="make sure extra_body= carries",
            range=(2, 26, 2, 41),
        ),
        Invalid(
            'from langchain.chat_models import init_chat_model\nmodel = init_chat_model("deepseek:deepseek-chat")\n',
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek:deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 25, 2, 49),
        ),
        Invalid(
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-chat", model_provider="deepseek", temperature=0)\n',
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-v4-flash", model_provider="deepseek", temperature=0, extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 25, 2, 40),
        ),
        Invalid(
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-chat", model_provider="deepseek", configurable_fields=("model",))\n',
            'from langchain.chat_models import init_chat_model\n'
            'model = init_chat_model("deepseek-v4-flash", model_provider="deepseek", configurable_fields=("model",), extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="configurable_fields= lets a call's config choose the model",
            range=(2, 25, 2, 40),
        ),
        Invalid(
            'from langchain.agents import create_agent\n'
            'agent = create_agent("deepseek:deepseek-chat", tools=[search], system_prompt="Be brief.")\n',
            'from langchain.agents import create_agent\nfrom langchain.chat_models import init_chat_model\n'
            'agent = create_agent(init_chat_model("deepseek:deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}}), tools=[search], system_prompt="Be brief.")\n',
            applicability=Applicability.UNSAFE,
            message="wrapped in init_chat_model",
            range=(2, 22, 2, 46),
        ),
        Invalid(
            'from langgraph.prebuilt import create_react_agent\n'
            'agent = create_react_agent(model="openai:deepseek-reasoner", tools=[])\n',
            'from langgraph.prebuilt import create_react_agent\n'
            'agent = create_react_agent(model="openai:deepseek-v4-flash", tools=[])\n',
            applicability=Applicability.UNSAFE,
            message="builds a ChatOpenAI with no base URL",
            range=(2, 34, 2, 60),
        ),
        Invalid(
            'from langgraph.prebuilt import create_react_agent\n'
            'agent = create_react_agent(model="deepseek:deepseek-reasoner", tools=[])\n',
            'from langgraph.prebuilt import create_react_agent\n'
            'agent = create_react_agent(model="deepseek:deepseek-v4-flash", tools=[])\n',
            range=(2, 34, 2, 62),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            func = call.func
            if callee_matches(module, func, CHAT_DEEPSEEK):
                model, host = _model_kwarg(module, call), kwarg_host(module, call, "api_base", "base_url")
                yield from self._sink(call, model, host or DEEPSEEK)
            elif callee_matches(module, func, CHAT_OPENAI):
                host = kwarg_host(module, call, "base_url", "openai_api_base")
                yield from self._sink(
                    call, _model_kwarg(module, call), host or unset_base_url(module, call, LC_OPENAI_ENV)
                )
            elif callee_matches(module, func, AZURE_CHAT_OPENAI):
                yield from self._sink(call, _model_kwarg(module, call), Host(other="Azure OpenAI"))
            elif callee_matches(module, func, CHAT_OPENROUTER):
                yield from self._sink(call, _model_kwarg(module, call), Host(other="OpenRouter"))
            elif callee_matches(module, func, INIT_CHAT_MODEL):
                model = module.positional(call, 0) or module.kwarg(call, "model")
                if model is not None:
                    host = self._provider_host(module, call, model.value)
                    yield Sink(self, call, model.value, host, what=f"`{dotted(func)}()`")
            elif callee_matches(module, func, AGENT_SPECS):
                model = module.positional(call, 0) or module.kwarg(call, "model")
                if model is not None:
                    host = self._provider_host(module, None, model.value)
                    yield Sink(self, call, model.value, host, what=f"`{dotted(func)}()`")

    def forwarding_sinks(self, module: Module) -> Iterator[tuple[Sink, tuple[str, ...]]]:
        """``ChatOpenAI(base_url=..., **kwargs)`` / ``ChatDeepSeek(**kwargs)`` with no model argument:
        a caller can pass ``extra_body=`` as well."""
        for call in module.calls:
            kwargs = star_kwargs_name(call)
            if kwargs is None or _model_kwarg(module, call) is not None or module.positional(call, 0):
                continue
            func = call.func
            if callee_matches(module, func, CHAT_DEEPSEEK):
                host = kwarg_host(module, call, "api_base", "base_url") or DEEPSEEK
            elif callee_matches(module, func, CHAT_OPENAI):
                host = kwarg_host(module, call, "base_url", "openai_api_base") or unset_base_url(
                    module, call, LC_OPENAI_ENV
                )
            elif callee_matches(module, func, AZURE_CHAT_OPENAI):
                host = Host(other="Azure OpenAI")
            elif callee_matches(module, func, CHAT_OPENROUTER):
                host = Host(other="OpenRouter")
            else:
                continue
            yield Sink(self, call, kwargs, host, what=f"`{dotted(func)}()`"), MODEL_KEYWORDS

    def _sink(self, call: cst.Call, model: cst.Arg | None, host: Host) -> Iterator[Sink]:
        if model is not None:
            yield Sink(self, call, model.value, host, what=f"`{dotted(call.func)}()`")

    def _provider_host(self, module: Module, call: cst.Call | None, model: cst.BaseExpression) -> Host:
        """The host of an ``init_chat_model`` call (``call``) or of a bare spec string (``call=None``)."""
        provider = _provider(module, call, model)
        if provider == "deepseek":
            host = kwarg_host(module, call, "base_url", "api_base") if call is not None else None
            return host or DEEPSEEK
        if provider == "openai":
            if call is None:  # ``create_agent("openai:...")`` builds a ChatOpenAI with no base URL
                return Host(
                    unknown=f"the spec `{_shown_spec(module, model)}` builds a ChatOpenAI with no base URL: it "
                    f"comes from {LC_OPENAI_ENV}, which is not visible"
                )
            return kwarg_host(module, call, "base_url", "openai_api_base") or unset_base_url(
                module, call, LC_OPENAI_ENV
            )
        if provider is None:
            return DEEPSEEK  # model_provider chosen at run time: see place()
        return Host(other=f"the `{provider}` provider")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        if callee_matches(module, call.func, AGENT_SPECS):
            return _wrap_spec(module, sink, thinking, quote)
        placement = merge_items_into_dict_kwarg(
            module, call, "extra_body", {"thinking": thinking_value(thinking)}, quote, what=sink.what
        )
        effort = module.rules.reasoning_effort
        if thinking is Thinking.ENABLED and effort:
            placement = combine(
                placement,
                add_kwarg_unless_present(module, call, "reasoning_effort", f"{quote}{effort}{quote}"),
            )
        overrides = call_time_overrides(module, call, "extra_body")
        if overrides:
            placement = combine(
                placement,
                Placement(
                    applicability=Applicability.UNSAFE,
                    note=f"{', '.join(overrides)} replaces the constructor's extra_body for that request: "
                    f"add {quote}thinking{quote}: {module.dict_value_source(thinking_value(thinking), quote)} there too",
                ),
            )
        configurable = module.kwarg(call, "configurable_fields")
        if configurable is not None and _run_time_fields(configurable.value):
            placement = combine(
                placement,
                Placement(
                    applicability=Applicability.UNSAFE,
                    note="configurable_fields= lets a call's config choose the model (or its extra_body) at run "
                    "time; the thinking setting applies to whatever model it picks",
                ),
            )
        provider = module.kwarg(call, "model_provider")
        if provider is not None and string_value(provider.value) is None:
            placement = combine(
                placement,
                Placement(
                    applicability=Applicability.UNSAFE,
                    note="model_provider= is chosen at run time; extra_body is right for the deepseek and openai providers only",
                ),
            )
        return placement

    def hazards(self, module: Module, sink: Sink) -> Iterator[Report]:
        """``llm.with_structured_output(Schema)`` defaults to a forced tool call (400 in thinking mode)."""
        if not isinstance(sink.node, cst.Call):
            return
        ctor = sink.node
        receivers: list[cst.CSTNode] = [ctor]
        parent = module.parent(ctor)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            receivers.append(parent.targets[0].target)
        names = {module.source(r) for r in receivers}
        for call in module.calls:
            func = call.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "with_structured_output"):
                continue
            if func.value is not ctor and module.source(func.value) not in names:
                continue
            method = module.kwarg(call, "method")
            if method is not None and string_value(method.value) != "function_calling":
                continue
            start, end = module.span(call)
            yield ForcedToolChoiceInThinkingMode.report(
                start=start,
                end=end,
                message=(
                    "`with_structured_output()` forces a tool call by default, which DeepSeek rejects (400) in "
                    'thinking mode: pass method="json_mode" or disable thinking for this model'
                ),
            )


def _shown_spec(module: Module, model: cst.BaseExpression) -> str:
    value = string_value(model)
    return value if value is not None else module.source(model)


def _run_time_fields(value: cst.BaseExpression) -> bool:
    """Whether ``init_chat_model``'s ``configurable_fields=`` lets a run-time config replace the model or
    its extra_body: ``"any"``, a list or tuple naming one of them, or a value the tool cannot read."""
    if isinstance(value, (cst.List, cst.Tuple)):
        names = [string_value(e.value) for e in value.elements]
        return any(n is None or n in ("model", "model_provider", "extra_body") for n in names)
    return not (isinstance(value, cst.Name) and value.value == "None")


def _wrap_spec(module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
    """Wrap a spec string in ``init_chat_model(...)`` so it can carry the thinking field."""
    effort = module.rules.reasoning_effort
    if thinking is Thinking.ENABLED and not effort:
        return Placement(note="renamed only")
    extra = module.dict_value_source({"thinking": thinking_value(thinking)}, quote)
    tail = f", extra_body={extra}"
    if thinking is Thinking.ENABLED and effort:
        tail += f", reasoning_effort={quote}{effort}{quote}"
    start, end = module.span(sink.model)
    return Placement(
        edits=(Edit(start, start, "init_chat_model("), Edit(end, end, tail + ")")),
        applicability=Applicability.UNSAFE,
        note=(
            f"the spec string is wrapped in init_chat_model(...) to carry the thinking field; {sink.what} builds "
            "the same model from a string, but the argument is now a chat-model object"
        ),
        imports=(INIT_IMPORT,),
    )


def _model_kwarg(module: Module, call: cst.Call) -> cst.Arg | None:
    for keyword in MODEL_KEYWORDS:
        arg = module.kwarg(call, keyword)
        if arg is not None:
            return arg
    return None


def _provider(module: Module, call: cst.Call | None, model: cst.BaseExpression) -> str | None:
    """The init_chat_model provider: ``model_provider=``, else the spec's prefix, else inferred from the name."""
    if call is not None:
        arg = module.kwarg(call, "model_provider")
        if arg is not None:
            value = string_value(arg.value)
            return value.replace("-", "_").lower() if value is not None else None
    for lit in module.values(model).retired:
        if lit.prefix:
            return lit.prefix.split(":", 1)[0] if ":" in lit.prefix else lit.prefix
    return "deepseek"  # a bare DeepSeek name: LangChain infers the provider from the ``deepseek`` prefix
