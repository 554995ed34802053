"""LiteLLM-style provider strings: litellm, its Router, dspy, crewai, smolagents ``LiteLLMModel``, instructor.

These libraries name a model as ``"<provider>/<model>"``. ``deepseek/`` is
DeepSeek's own API in all of them, unless an ``api_base``/``base_url`` says
otherwise; ``openrouter/deepseek/...`` and every other prefix belong to other
hosts and are never rewritten.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (the
request field is a top-level ``"thinking": {"type": ...}``), and how each
package spells it, captured on the wire (``docs`` in the project's shared
reference, section 2): litellm, dspy and smolagents' ``LiteLLMModel`` take a
native ``thinking=`` argument; crewai's own DeepSeek provider takes
``extra_body=`` (``thinking=`` raises there); instructor passes extra
``from_provider`` keywords to every ``create`` call.

The helpers at the bottom (``callee_is``, ``merge_items_into_dict_kwarg``...)
are shared with the autogen and OpenAI-compatible adapters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    Placement,
    PythonAdapter,
    Sink,
    add_kwargs_unless_present,
    callee_is,
    combine,
    host_of_url,
    kwarg_host,
    merge_extra_body_and_add_kwargs,
    merge_items_into_dict,
    merge_items_into_dict_item,
    sets_key,
    thinking_value,
    trigger_words,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Thinking
from migrate.python.analysis import ModelLiteral, Module, dotted, string_value

# How a call spells the thinking mode when it reaches DeepSeek through its own provider.
NATIVE = "thinking"  # a ``thinking=`` keyword (litellm forwards it)
EXTRA_BODY = "extra_body"  # an ``extra_body=`` dict merged into the JSON body
DEFAULTS = "defaults"  # instructor: ``extra_body=`` on from_provider becomes every create()'s default

# Methods of an instructor client that send a request.
INSTRUCTOR_CREATE = frozenset(
    {"create", "create_with_completion", "create_partial", "create_iterable", "acreate"}
)


@dataclass(frozen=True)
class Callee:
    """One function or class of the family, and where its arguments sit."""

    names: frozenset[str]  # qualified names
    label: str  # how messages name it
    model_keyword: str
    spelling: str
    url_keywords: tuple[str, ...]
    provider_keyword: str | None  # the argument that picks a provider for a bare model name
    bare_provider: str | None = None  # the provider a bare model name goes to without provider_keyword
    bare_names: frozenset[str] = frozenset()  # spellings trusted when nothing in the module binds them


CALLEES = (
    Callee(
        frozenset({"litellm.completion", "litellm.acompletion", "litellm.main.completion", "litellm.main.acompletion"}),
        "litellm.completion",
        "model",
        NATIVE,
        ("api_base", "base_url"),
        "custom_llm_provider",
    ),
    Callee(
        frozenset({"dspy.LM", "dspy.clients.LM", "dspy.clients.lm.LM"}),
        "dspy.LM",
        "model",
        NATIVE,
        ("api_base", "base_url"),
        "custom_llm_provider",
    ),
    Callee(
        frozenset({"smolagents.LiteLLMModel", "smolagents.models.LiteLLMModel"}),
        "LiteLLMModel",
        "model_id",
        NATIVE,
        ("api_base",),
        "custom_llm_provider",
        bare_names=frozenset({"LiteLLMModel"}),
    ),
    Callee(
        frozenset({"crewai.LLM", "crewai.llm.LLM"}),
        "crewai.LLM",
        "model",
        EXTRA_BODY,
        ("base_url", "api_base"),
        "provider",
        bare_provider="openai",  # crewai infers its native OpenAI provider for unknown bare names
    ),
    Callee(
        frozenset({"instructor.from_provider", "instructor.v2.from_provider", "instructor.v2.auto_client.from_provider"}),
        "instructor.from_provider",
        "model",
        DEFAULTS,
        ("base_url",),
        None,
    ),
    Callee(
        frozenset({"instructor.from_deepseek", "instructor.v2.from_deepseek", "instructor.v2.providers.openai.client.from_deepseek"}),
        "instructor.from_deepseek",
        "model_or_client",
        DEFAULTS,
        ("base_url",),
        None,
        bare_provider="deepseek",
    ),
)  # fmt: skip
CALL_WORDS = trigger_words(
    *(c.names for c in CALLEES), bare=frozenset().union(*(c.bare_names for c in CALLEES))
)


class LiteLLMFamily(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names written as LiteLLM-style provider
    strings: `litellm.completion` / `acompletion`, `litellm.Router` model
    lists (`"litellm_params": {"model": ...}`, also used by smolagents'
    `LiteLLMRouterModel`), `dspy.LM`, `crewai.LLM`, smolagents `LiteLLMModel`
    and `instructor.from_provider` / `from_deepseek`, however they were
    imported. `deepseek/deepseek-chat` is DeepSeek's own API in these
    libraries; a bare name counts too when `custom_llm_provider="deepseek"`
    (crewai: `provider="deepseek"`), and `openai/deepseek-chat` counts when
    the call's `api_base`/`base_url` is DeepSeek's; with none (or a bare name
    crewai gives its OpenAI provider) `OPENAI_API_BASE` decides: an unknown
    host, whose fix is unsafe.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24.
    Their successor `deepseek-v4-flash` thinks by default, so an
    ex-`deepseek-chat` call must also turn thinking off. Each library spells
    that differently: litellm, dspy and `LiteLLMModel` take a native
    `thinking={"type": "disabled"}` (litellm strips the `deepseek/` prefix
    and sends the field at the top level of the body); crewai's own DeepSeek
    provider raises on `thinking=` and needs `extra_body=`; litellm's
    `openai/` provider rejects `thinking=` (`UnsupportedParamsError`) and
    needs `extra_body=`; instructor hands keywords given to `from_provider`
    to every `create()` call as defaults.

    ## Example
    ```python
    import dspy
    lm = dspy.LM("deepseek/deepseek-chat")
    ```
    Use instead:
    ```python
    import dspy
    lm = dspy.LM("deepseek/deepseek-v4-flash", thinking={"type": "disabled"})
    ```

    ## Fix safety
    Safe when the model is a literal (or a constant that only feeds calls the
    tool understands) and the call's arguments are all visible; an existing
    `extra_body` dict or Router `litellm_params` dict is merged into. An
    existing thinking setting (`thinking=`, `reasoning_effort=`, or a
    `"thinking"` key in `extra_body`) is respected: rename only.
    Unsafe, with a message saying what to add by hand, when the call passes
    `**kwargs`, when `extra_body` is not a dict literal, or when the
    `litellm_params` dict unpacks another mapping. instructor: the
    `extra_body=` added to `from_provider(...)` becomes the default of every
    `create()` call of that client; it is unsafe when a `create()` call in the
    module passes its own `extra_body=`, which replaces the default. With
    ex-`deepseek-reasoner` and instructor's default `Mode.TOOLS` the message
    warns that DeepSeek rejects forced tool choice in thinking mode.
    A bare model name with no provider, an `openrouter/...` (or any other
    prefix) id, and any call whose `api_base`/`base_url` is not DeepSeek's
    are never rewritten (DSM103).
    `--reasoning-effort` adds `reasoning_effort=` (litellm, dspy,
    `LiteLLMModel`, crewai), a `"reasoning_effort"` key (Router) or puts it
    in `extra_body` (instructor, `openai/` models) for ex-`deepseek-reasoner`.
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM112"
    NAME = "retired-model-in-litellm-call"
    PREFIXES = ("deepseek/", "openai/", "")

    VALID = (
        Valid('import litellm\nlitellm.completion(model="deepseek/deepseek-v4-flash", messages=[], thinking={"type": "disabled"})\n'),
        Valid('import litellm\nlitellm.completion(model="deepseek/deepseek-chat-v3-0324", messages=[])\n'),
        Valid('import litellm\nlitellm.completion(model="openrouter/deepseek/deepseek-chat:free", messages=[])\n'),
        Valid('import dspy\nlm = dspy.LM("deepseek/deepseek-v4-flash", thinking={"type": "enabled"})\n'),
        Valid('from crewai import LLM\nllm = LLM(model="deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'),
        Valid('from smolagents import LiteLLMModel\nm = LiteLLMModel(model_id="deepseek/deepseek-v4-flash", thinking={"type": "disabled"})\n'),
        Valid('import instructor\nc = instructor.from_provider("deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'),
        Valid('import instructor\nc = instructor.from_provider("openai/gpt-4o-mini")\n'),
        Valid('from litellm import Router\nr = Router(model_list=[{"model_name": "ds", "litellm_params": {"model": "deepseek/deepseek-v4-flash", "thinking": {"type": "disabled"}}}])\n'),
        # OpenRouter's slug and other hosts: DSM103, never this rule.
        Valid('import litellm\nlitellm.completion(model="openrouter/deepseek/deepseek-chat", messages=[])\n'),
        Valid('import dspy\nlm = dspy.LM("deepseek/deepseek-chat", api_base="https://openrouter.ai/api/v1")\n'),
        Valid('from crewai import LLM\nllm = LLM(model="openrouter/deepseek/deepseek-chat")\n'),
        Valid('import os\nimport litellm\nlitellm.completion(model="openai/deepseek-v4-flash", api_base=os.getenv("DEEPSEEK_API_BASE"), messages=[], thinking={"type": "disabled"})\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'import litellm\nlitellm.completion(model="openai/deepseek-chat", messages=[])\n',
            'import litellm\nlitellm.completion(model="openai/deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="OPENAI_API_BASE / OPENAI_BASE_URL",
            range=(2, 26, 2, 48),
            id="DSM112-openai-provider-without-a-base-url-is-unknown",
        ),
        Invalid(
            'from litellm import completion\nresponse = completion(model="deepseek/deepseek-chat", messages=[{"role": "user", "content": "hi"}])\n',
            'from litellm import completion\nresponse = completion(model="deepseek/deepseek-v4-flash", messages=[{"role": "user", "content": "hi"}], thinking={"type": "disabled"})\n',
            range=(2, 29, 2, 53),
        ),
        Invalid(
            "import litellm as ll\nasync def ask(m):\n    return await ll.acompletion(\n        model='deepseek/deepseek-reasoner',\n        messages=m,\n    )\n",
            "import litellm as ll\nasync def ask(m):\n    return await ll.acompletion(\n        model='deepseek/deepseek-v4-flash',\n        messages=m,\n"
            "        thinking={'type': 'enabled'},\n    )\n",
            range=(4, 15, 4, 43),
        ),
        Invalid(
            'import litellm\nlitellm.completion(model="deepseek-chat", custom_llm_provider="deepseek", messages=[])\n',
            'import litellm\nlitellm.completion(model="deepseek-v4-flash", custom_llm_provider="deepseek", messages=[], thinking={"type": "disabled"})\n',
            range=(2, 26, 2, 41),
        ),
        Invalid(
            'import litellm\nlitellm.completion(model="openai/deepseek-chat", api_base="https://api.deepseek.com", messages=[])\n',
            'import litellm\nlitellm.completion(model="openai/deepseek-v4-flash", api_base="https://api.deepseek.com", messages=[], extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 26, 2, 48),
        ),
        Invalid(
            'import litellm\nlitellm.completion(model="deepseek/deepseek-chat", messages=[], reasoning_effort="none")\n',
            'import litellm\nlitellm.completion(model="deepseek/deepseek-v4-flash", messages=[], reasoning_effort="none")\n',
            range=(2, 26, 2, 50),
        ),
        Invalid(
            'import litellm\nlitellm.completion(model="deepseek/deepseek-chat", messages=[], **opts)\n',
            None,
            applicability=None,
            message='add thinking={"type": "disabled"}',
            range=(2, 26, 2, 50),
        ),
        Invalid(
            'from litellm import Router\nrouter = Router(model_list=[\n    {\n        "model_name": "ds",\n        "litellm_params": {"model": "deepseek/deepseek-chat", "api_key": KEY},\n    },\n])\n',
            'from litellm import Router\nrouter = Router(model_list=[\n    {\n        "model_name": "ds",\n        "litellm_params": {"model": "deepseek/deepseek-v4-flash", "api_key": KEY, "thinking": {"type": "disabled"}},\n    },\n])\n',
            range=(5, 37, 5, 61),
        ),
        Invalid(
            'import dspy\nlm = dspy.LM("deepseek/deepseek-chat", api_key=KEY)\ndspy.configure(lm=lm)\n',
            'import dspy\nlm = dspy.LM("deepseek/deepseek-v4-flash", api_key=KEY, thinking={"type": "disabled"})\ndspy.configure(lm=lm)\n',
            range=(2, 14, 2, 38),
        ),
        Invalid(
            'from crewai import LLM\nllm = LLM(model="deepseek/deepseek-chat", temperature=0.7)\n',
            'from crewai import LLM\nllm = LLM(model="deepseek/deepseek-v4-flash", temperature=0.7, extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 17, 2, 41),
        ),
        Invalid(
            'from crewai import LLM\nllm = LLM(model="deepseek/deepseek-chat", extra_body={"user": "u1"})\n',
            'from crewai import LLM\nllm = LLM(model="deepseek/deepseek-v4-flash", extra_body={"user": "u1", "thinking": {"type": "disabled"}})\n',
            range=(2, 17, 2, 41),
        ),
        Invalid(
            'from smolagents import LiteLLMModel\nmodel = LiteLLMModel(model_id="deepseek/deepseek-chat")\n',
            'from smolagents import LiteLLMModel\nmodel = LiteLLMModel(model_id="deepseek/deepseek-v4-flash", thinking={"type": "disabled"})\n',
            range=(2, 31, 2, 55),
        ),
        Invalid(
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-chat")\n'
            'user = client.create(response_model=User, messages=msgs)\n',
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'
            'user = client.create(response_model=User, messages=msgs)\n',
            range=(2, 35, 2, 59),
        ),
        Invalid(
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-chat")\n'
            'other.chat.completions.create(model=M, messages=msgs, extra_body={"user": "u1"})\n',
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'
            'other.chat.completions.create(model=M, messages=msgs, extra_body={"user": "u1"})\n',
            range=(2, 35, 2, 59),
        ),
        Invalid(
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-chat")\n'
            'user = client.create(response_model=User, messages=msgs, extra_body={"user": "u1"})\n',
            'import instructor\nclient = instructor.from_provider("deepseek/deepseek-v4-flash", extra_body={"thinking": {"type": "disabled"}})\n'
            'user = client.create(response_model=User, messages=msgs, extra_body={"user": "u1"})\n',
            applicability=Applicability.UNSAFE,
            message="passes its own extra_body",
            range=(2, 35, 2, 59),
        ),
        Invalid(
            'import os\nimport litellm\nlitellm.completion(model="openai/deepseek-chat", api_base=os.getenv("DEEPSEEK_API_BASE"), messages=[])\n',
            'import os\nimport litellm\nlitellm.completion(model="openai/deepseek-v4-flash", api_base=os.getenv("DEEPSEEK_API_BASE"), messages=[], thinking={"type": "disabled"})\n',
            applicability=Applicability.UNSAFE,
            message='api_base=`os.getenv("DEEPSEEK_API_BASE")`',
            range=(3, 26, 3, 48),
        ),
    )  # fmt: skip

    def accepts(self, lit: ModelLiteral) -> bool:
        return lit.prefix in self.PREFIXES

    def sinks(self, module: Module) -> Iterator[Sink]:
        # The calls only: a ``litellm_params`` key can be spelled with escapes.
        calls = module.calls if module.mentions(CALL_WORDS) else []
        for call in calls:
            callee = _callee(module, call)
            if callee is None:
                continue
            model = _model_arg(call, callee)
            if model is None:
                continue
            route = _call_route(module, call, callee, model.value)
            if route is None:
                continue
            yield Sink(self, call, model.value, route.host, what=f"`{dotted(call.func) or callee.label}()`")
        for node in module.dicts:
            if not _is_litellm_params(module, node):
                continue
            model_item = module.dict_get(node, "model")
            if model_item is None:
                continue
            route = _dict_route(module, node, model_item.value)
            if route is None:
                continue
            yield Sink(self, node, model_item.value, route.host, what="this Router `litellm_params` entry")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        effort = module.rules.reasoning_effort if thinking is Thinking.ENABLED else None
        if isinstance(sink.node, cst.Dict):
            route = _dict_route(module, sink.node, sink.model)
            assert route is not None
            return _place_in_params(module, sink.node, route, thinking, effort, quote)
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        callee = _callee(module, call)
        assert callee is not None
        route = _call_route(module, call, callee, sink.model)
        assert route is not None
        spelling = EXTRA_BODY if route.provider == "openai" and callee.spelling == NATIVE else callee.spelling
        if spelling == NATIVE:
            return _place_native(module, call, thinking, effort, quote)
        items: dict[str, object] = {"thinking": thinking_value(thinking)}
        if effort and (spelling == DEFAULTS or route.provider == "openai"):
            items["reasoning_effort"] = effort
        if module.kwarg(call, "thinking") is not None:
            return Placement(
                applicability=Applicability.UNSAFE,
                note=f"`{callee.label}()` does not take thinking= (the request fails): move it into extra_body",
            )
        existing = _existing_thinking(module, call)
        if existing:
            return Placement(note=existing)
        kwargs = (
            {"reasoning_effort": f"{quote}{effort}{quote}"}
            if effort and "reasoning_effort" not in items
            else {}
        )
        placement = merge_extra_body_and_add_kwargs(module, call, items, kwargs, quote, what=sink.what)
        if spelling == DEFAULTS:
            placement = combine(placement, _instructor_caveats(module, call, thinking, items, quote))
        return placement


@dataclass(frozen=True)
class Route:
    provider: str  # "deepseek" or "openai" (an OpenAI-compatible route pointed at DeepSeek)
    host: Host


def _callee(module: Module, call: cst.Call) -> Callee | None:
    for callee in CALLEES:
        if callee_is(module, call.func, callee.names, callee.bare_names):
            return callee
    return None


def _model_arg(call: cst.Call, callee: Callee) -> cst.Arg | None:
    arg = Module.kwarg(call, callee.model_keyword)
    return arg if arg is not None else Module.positional(call, 0)


def _call_route(module: Module, call: cst.Call, callee: Callee, model: cst.BaseExpression) -> Route | None:
    provider_arg = Module.kwarg(call, callee.provider_keyword) if callee.provider_keyword else None
    provider = _provider_value(provider_arg.value) if provider_arg is not None else None
    url_host = kwarg_host(module, call, *callee.url_keywords)
    return _route(module, model, provider, url_host, callee.bare_provider)


def _dict_route(module: Module, node: cst.Dict, model: cst.BaseExpression) -> Route | None:
    provider_item = module.dict_get(node, "custom_llm_provider")
    provider = _provider_value(provider_item.value) if provider_item is not None else None
    url = module.dict_get(node, "api_base") or module.dict_get(node, "base_url")
    url_host = host_of_url(module, url.value) if url is not None else None
    return _route(module, model, provider, url_host, None)


def _provider_value(expr: cst.BaseExpression) -> str:
    value = string_value(expr)
    return value.lower() if value is not None else "?"


def _route(
    module: Module,
    model: cst.BaseExpression,
    provider: str | None,
    url_host: Host | None,
    bare_provider: str | None,
) -> Route | None:
    """Which provider the retired literals at ``model`` go through, and to which host; None: not this surface's request."""
    if url_host is not None and not url_host.deepseek:
        return Route("deepseek", url_host)
    chosen: str | None = None
    for lit in module.values(model).retired:
        if lit.prefix == "deepseek/":
            route = "deepseek" if provider in (None, "deepseek") else provider
        elif lit.prefix == "openai/":
            route = "openai"
        elif lit.prefix == "":
            route = provider or bare_provider or ""
            if not route:
                return None  # a bare name with no provider: litellm and instructor refuse it
        else:
            continue  # another provider's id: the engine reports it (DSM103) through accepts()
        if route not in ("deepseek", "openai"):
            return Route(route, Host(other=f"the `{route}` provider"))
        if route == "openai" and url_host is None:
            # The OpenAI provider with no base URL: OPENAI_API_BASE / OPENAI_BASE_URL decide, and they
            # often point at DeepSeek; unknown, not another host.
            return Route(
                "openai",
                Host(
                    unknown="the id goes to an OpenAI provider with no base URL: it comes from "
                    "OPENAI_API_BASE / OPENAI_BASE_URL (or api.openai.com), which is not visible"
                ),
            )
        chosen = chosen or route
    return Route(chosen or "deepseek", DEEPSEEK)


def _existing_thinking(module: Module, call: cst.Call) -> str:
    """Why the call already decides the thinking mode, or ''."""
    for keyword in ("thinking", "reasoning_effort"):
        if module.kwarg(call, keyword) is not None:
            return f"{keyword}= already sets the thinking mode"
    extra = module.kwarg(call, "extra_body")
    if extra is not None and sets_key(module, extra.value, "thinking"):
        return "extra_body already sets 'thinking'"
    return ""


def _place_native(
    module: Module, call: cst.Call, thinking: Thinking, effort: str | None, quote: str
) -> Placement:
    existing = _existing_thinking(module, call)
    if existing:
        return Placement(note=existing)
    kwargs = {"thinking": module.dict_value_source(thinking_value(thinking), quote)}
    if effort:
        kwargs["reasoning_effort"] = f"{quote}{effort}{quote}"
    return add_kwargs_unless_present(module, call, kwargs)


def _place_in_params(
    module: Module, node: cst.Dict, route: Route, thinking: Thinking, effort: str | None, quote: str
) -> Placement:
    for key in ("thinking", "reasoning_effort"):
        if module.dict_get(node, key) is not None:
            return Placement(note=f"litellm_params already sets {key!r}")
    extra = module.dict_get(node, "extra_body")
    if extra is not None and sets_key(module, extra.value, "thinking"):
        return Placement(note="litellm_params' extra_body already sets 'thinking'")
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    if route.provider == "openai":
        if effort:
            items["reasoning_effort"] = effort
        return merge_items_into_dict_item(module, node, "extra_body", items, quote, where="litellm_params")
    if effort:
        items["reasoning_effort"] = effort
    return merge_items_into_dict(module, node, items, quote, where="litellm_params")


def _instructor_caveats(
    module: Module, call: cst.Call, thinking: Thinking, items: dict[str, object], quote: str
) -> Placement:
    """Create calls that override the default, and forced tool choice in thinking mode."""
    notes: list[str] = []
    unsafe = False
    wanted = module.dict_value_source(items, quote)
    for other in _creates_of(module, call):
        if module.kwarg(other, "extra_body") is not None:
            unsafe = True
            notes.append(
                f"`{dotted(other.func) or 'create'}()` (line {module.line(other)}) passes its own extra_body, "
                f"which replaces the default set at `from_provider()`: add {wanted[1:-1]} to it too"
            )
    if thinking is Thinking.ENABLED:
        mode = module.kwarg(call, "mode")
        if mode is None or dotted(mode.value).endswith("TOOLS"):
            notes.append(
                "instructor's Mode.TOOLS forces a named tool_choice, which DeepSeek rejects in thinking mode: "
                "consider mode=instructor.Mode.JSON"
            )
    return Placement(
        applicability=Applicability.UNSAFE if unsafe else Applicability.SAFE,
        note="; ".join(notes),
    )


def _creates_of(module: Module, call: cst.Call) -> list[cst.Call]:
    """The create calls made on the client ``call`` returns (every create call, when it is not bound to a name)."""
    creates = [
        other
        for other in module.calls
        if isinstance(other.func, cst.Attribute) and other.func.attr.value in INSTRUCTOR_CREATE
    ]
    bound = module.bound_reads(call)
    if bound is None:
        return creates
    reads = set(bound)
    return [other for other in creates if _receiver_root(other) in reads]


def _receiver_root(call: cst.Call) -> cst.BaseExpression:
    node = call.func
    while isinstance(node, cst.Attribute):
        node = node.value
    return node


def _is_litellm_params(module: Module, node: cst.Dict) -> bool:
    """A Router ``model_list`` entry's ``"litellm_params": {...}`` (the entry also has ``"model_name"``)."""
    element = module.parent(node)
    if not isinstance(element, cst.DictElement) or string_value(element.key) != "litellm_params":
        return False
    entry = module.parent(element)
    return isinstance(entry, cst.Dict) and module.dict_get(entry, "model_name") is not None


# --- helpers shared with the autogen and OpenAI-compatible adapters ------------------------------
