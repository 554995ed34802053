"""Wrappers around the openai SDK pointed at DeepSeek: haystack, smolagents ``OpenAIServerModel``, openai-agents.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field). Each wrapper forwards its own
settings to ``client.chat.completions.create``, which has no ``thinking``
parameter, so the field travels as ``extra_body``: inside haystack's
``generation_kwargs``, as a smolagents model keyword, and in openai-agents'
``ModelSettings(extra_body=...)`` (captured on the wire, see the project's
shared reference, section 2).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    Placement,
    PythonAdapter,
    Sink,
    callee_is,
    client_host,
    combine,
    fallback_host,
    host_of_url,
    kwarg_host,
    merge_extra_body_and_add_kwargs,
    merge_items_into_dict,
    merge_items_into_dict_item,
    merge_items_into_dict_kwarg,
    thinking_value,
    trigger_words,
    unset_base_url,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Thinking
from migrate.python.analysis import Module

HAYSTACK = frozenset(
    {
        "haystack.components.generators.chat.OpenAIChatGenerator",
        "haystack.components.generators.chat.openai.OpenAIChatGenerator",
        "haystack.components.generators.OpenAIGenerator",
        "haystack.components.generators.openai.OpenAIGenerator",
    }
)
SMOLAGENTS = frozenset(
    {
        "smolagents.OpenAIServerModel",
        "smolagents.OpenAIModel",
        "smolagents.models.OpenAIServerModel",
        "smolagents.models.OpenAIModel",
    }
)
AGENTS_MODEL = frozenset(
    {"agents.OpenAIChatCompletionsModel", "agents.models.openai_chatcompletions.OpenAIChatCompletionsModel"}
)
# Spellings trusted when nothing in the module binds the callee.
HAYSTACK_BARE = frozenset({"OpenAIChatGenerator"})
SMOLAGENTS_BARE = frozenset({"OpenAIServerModel", "OpenAIModel"})
AGENTS_MODEL_BARE = frozenset({"OpenAIChatCompletionsModel"})
BARE_NAMES = HAYSTACK_BARE | SMOLAGENTS_BARE | AGENTS_MODEL_BARE
AGENTS_AGENT = frozenset({"agents.Agent", "agents.agent.Agent"})
AGENTS_SETTINGS = frozenset({"agents.ModelSettings", "agents.model_settings.ModelSettings"})
AGENTS_RUN_CONFIG = frozenset({"agents.RunConfig", "agents.run.RunConfig"})
OPENAI_CLIENTS = frozenset({"openai.OpenAI", "openai.AsyncOpenAI", "openai.Client", "openai.AsyncClient"})
AZURE_CLIENTS = frozenset({"openai.AzureOpenAI", "openai.AsyncAzureOpenAI"})


class OpenAICompatible(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names in libraries that wrap the openai SDK
    and are pointed at DeepSeek's base URL: haystack's `OpenAIChatGenerator`
    / `OpenAIGenerator` (`model=`, `api_base_url=`), smolagents'
    `OpenAIServerModel` / `OpenAIModel` (`model_id=`, `api_base=`) and
    openai-agents' `OpenAIChatCompletionsModel(model=...,
    openai_client=AsyncOpenAI(base_url=...))`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24.
    Their successor `deepseek-v4-flash` thinks by default, so an
    ex-`deepseek-chat` request must also send `"thinking": {"type":
    "disabled"}`. These wrappers pass their settings to
    `chat.completions.create`, which raises `TypeError` on a `thinking`
    argument, so the field goes in `extra_body`: haystack
    `generation_kwargs={"extra_body": {...}}`, smolagents `extra_body={...}`,
    openai-agents `Agent(model_settings=ModelSettings(extra_body={...}))`.

    ## Example
    ```python
    gen = OpenAIChatGenerator(model="deepseek-chat", api_base_url="https://api.deepseek.com")
    ```
    Use instead:
    ```python
    gen = OpenAIChatGenerator(model="deepseek-v4-flash", api_base_url="https://api.deepseek.com", generation_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})
    ```

    ## Fix safety
    Safe when the model is a literal (or a constant that only feeds these
    calls) and the settings are written out: an existing `generation_kwargs`
    / `extra_body` / `ModelSettings(...)` is merged into, and a thinking
    setting already there (`"thinking"` in `extra_body`, or
    `reasoning_effort`) is respected. openai-agents: the setting is added to
    every `Agent(...)` in the module that is given the model
    (`model_settings=ModelSettings(extra_body=...)`, importing
    `ModelSettings` when needed). Unsafe, with a message saying exactly what
    to add, when a dict is not a literal, when the call passes `**kwargs`,
    when the model object is not handed to a visible `Agent` (its settings
    live elsewhere, e.g. a `RunConfig`), or when a `RunConfig(model_settings=...)`
    in the module may override the agent's `extra_body`. A `thinking` key
    or argument placed where the wrapper passes it to `create()` fails with
    `TypeError`; it is not fixed and the message says to move it into
    `extra_body`. Calls whose base URL is not DeepSeek's are never rewritten
    (DSM103); an `openai_client=` the tool cannot trace to a client built with
    DeepSeek's URL (a factory imported from elsewhere, a loop variable) makes
    the fix unsafe. `--reasoning-effort` adds `reasoning_effort` (haystack:
    in `generation_kwargs`; smolagents: a keyword; openai-agents: in
    `extra_body`) for ex-`deepseek-reasoner`.
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM117"
    NAME = "retired-model-in-openai-compatible-wrapper"
    TRIGGERS = trigger_words(HAYSTACK, SMOLAGENTS, AGENTS_MODEL, bare=BARE_NAMES)
    VERBATIM = True

    VALID = (
        Valid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'g = OpenAIChatGenerator(model="deepseek-v4-flash", api_base_url="https://api.deepseek.com", generation_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})\n'
        ),
        Valid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'g = OpenAIChatGenerator(model="deepseek-chat-v3-0324", api_base_url="https://api.deepseek.com")\n'
        ),
        Valid(
            "from smolagents import OpenAIServerModel\n"
            'm = OpenAIServerModel(model_id="deepseek-v4-flash", api_base="https://api.deepseek.com", extra_body={"thinking": {"type": "enabled"}})\n'
        ),
        Valid(
            "from openai import AsyncOpenAI\nfrom agents import Agent, ModelSettings, OpenAIChatCompletionsModel\n"
            'agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="deepseek-v4-flash", openai_client=AsyncOpenAI(base_url="https://api.deepseek.com")), '
            'model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}}))\n'
        ),
        # Other hosts: DSM103, never this rule.
        Valid(
            "from smolagents import OpenAIServerModel\n"
            'm = OpenAIServerModel(model_id="deepseek/deepseek-chat", api_base="https://openrouter.ai/api/v1")\n'
        ),
        Valid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'g = OpenAIChatGenerator(model="deepseek-chat", api_base_url="http://localhost:11434/v1")\n'
        ),
    )  # fmt: skip
    INVALID = (
        Invalid(
            "from agents import Agent, OpenAIChatCompletionsModel\nfrom app.llm import make_client\n"
            'agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=make_client()))\n',
            "from agents import Agent, OpenAIChatCompletionsModel\nfrom app.llm import make_client\nfrom agents import ModelSettings\n"
            'agent = Agent(name="a", model=OpenAIChatCompletionsModel(model="deepseek-v4-flash", openai_client=make_client()), '
            'model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}}))\n',
            applicability=Applicability.UNSAFE,
            message="`make_client()` at line 3 is not a client the tool knows",
            range=(3, 64, 3, 79),
        ),
        Invalid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(model="deepseek-chat", api_base_url="https://api.deepseek.com")\n',
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(model="deepseek-v4-flash", api_base_url="https://api.deepseek.com", generation_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})\n',
            range=(2, 33, 2, 48),
        ),
        Invalid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(\n    model="deepseek-reasoner",\n    api_base_url="https://api.deepseek.com",\n'
            '    generation_kwargs={"max_completion_tokens": 512},\n)\n',
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(\n    model="deepseek-v4-flash",\n    api_base_url="https://api.deepseek.com",\n'
            '    generation_kwargs={"max_completion_tokens": 512, "extra_body": {"thinking": {"type": "enabled"}}},\n)\n',
            range=(3, 11, 3, 30),
        ),
        Invalid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(model="deepseek-chat", api_base_url="https://api.deepseek.com", generation_kwargs={"extra_body": {"user": "u"}})\n',
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(model="deepseek-v4-flash", api_base_url="https://api.deepseek.com", generation_kwargs={"extra_body": {"user": "u", "thinking": {"type": "disabled"}}})\n',
            range=(2, 33, 2, 48),
        ),
        Invalid(
            "from haystack.components.generators.chat import OpenAIChatGenerator\n"
            'gen = OpenAIChatGenerator(model="deepseek-chat", api_base_url="https://api.deepseek.com", generation_kwargs=GEN)\n',
            None,
            applicability=None,
            message='generation_kwargs= is not a dict literal; add "extra_body": {"thinking": {"type": "disabled"}}',
            range=(2, 33, 2, 48),
        ),
        Invalid(
            "from smolagents import OpenAIServerModel\n"
            'model = OpenAIServerModel(model_id="deepseek-chat", api_base="https://api.deepseek.com", api_key=KEY)\n',
            "from smolagents import OpenAIServerModel\n"
            'model = OpenAIServerModel(model_id="deepseek-v4-flash", api_base="https://api.deepseek.com", api_key=KEY, extra_body={"thinking": {"type": "disabled"}})\n',
            range=(2, 36, 2, 51),
        ),
        Invalid(
            "import smolagents\n"
            'model = smolagents.OpenAIModel("deepseek-chat", api_base="https://api.deepseek.com", thinking={"type": "disabled"})\n',
            None,
            applicability=None,
            message="move it into extra_body",
            range=(2, 32, 2, 47),
        ),
        Invalid(
            "from openai import AsyncOpenAI\nfrom agents import Agent, OpenAIChatCompletionsModel\n"
            'client = AsyncOpenAI(base_url="https://api.deepseek.com", api_key=KEY)\n'
            'agent = Agent(name="Assistant", model=OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=client))\n',
            "from openai import AsyncOpenAI\nfrom agents import Agent, OpenAIChatCompletionsModel\nfrom agents import ModelSettings\n"
            'client = AsyncOpenAI(base_url="https://api.deepseek.com", api_key=KEY)\n'
            'agent = Agent(name="Assistant", model=OpenAIChatCompletionsModel(model="deepseek-v4-flash", openai_client=client), '
            'model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}}))\n',
            range=(4, 72, 4, 87),
        ),
        Invalid(
            "from openai import AsyncOpenAI\nfrom agents import Agent, ModelSettings, OpenAIChatCompletionsModel\n"
            'model = OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=AsyncOpenAI(base_url="https://api.deepseek.com"))\n'
            'a = Agent(name="a", model=model, model_settings=ModelSettings(temperature=0.2))\n'
            'b = Agent(name="b", model=model)\n',
            "from openai import AsyncOpenAI\nfrom agents import Agent, ModelSettings, OpenAIChatCompletionsModel\n"
            'model = OpenAIChatCompletionsModel(model="deepseek-v4-flash", openai_client=AsyncOpenAI(base_url="https://api.deepseek.com"))\n'
            'a = Agent(name="a", model=model, model_settings=ModelSettings(temperature=0.2, extra_body={"thinking": {"type": "disabled"}}))\n'
            'b = Agent(name="b", model=model, model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}}))\n',
            range=(3, 42, 3, 57),
        ),
        Invalid(
            "from openai import AsyncOpenAI\nfrom agents import OpenAIChatCompletionsModel, RunConfig\n"
            'model = OpenAIChatCompletionsModel(model="deepseek-chat", openai_client=AsyncOpenAI(base_url="https://api.deepseek.com"))\n'
            "config = RunConfig(model=model)\n",
            None,
            applicability=None,
            message='add model_settings=ModelSettings(extra_body={"thinking": {"type": "disabled"}})',
            range=(3, 42, 3, 57),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            func = call.func
            if callee_is(module, func, HAYSTACK, HAYSTACK_BARE):
                model = _either(module.kwarg(call, "model"), module.positional(call, 1))
                url = _value(module.kwarg(call, "api_base_url"))
                what = "`OpenAIChatGenerator()`"
            elif callee_is(module, func, SMOLAGENTS, SMOLAGENTS_BARE):
                model = _either(module.kwarg(call, "model_id"), module.positional(call, 0))
                url = _value(module.kwarg(call, "api_base")) or _client_kwargs_url(module, call)
                what = "`OpenAIServerModel()`"
            elif callee_is(module, func, AGENTS_MODEL, AGENTS_MODEL_BARE):
                model = _either(module.kwarg(call, "model"), module.positional(call, 0))
                if model is not None:
                    yield Sink(
                        self, call, model.value, _agents_host(module, call), "`OpenAIChatCompletionsModel()`"
                    )
                continue
            else:
                continue
            if model is None:
                continue
            host = (
                host_of_url(module, url)
                if url is not None
                else unset_base_url(module, call, "OPENAI_BASE_URL (or api.openai.com)")
            )
            yield Sink(self, call, model.value, host or DEEPSEEK, what)

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        effort = module.rules.reasoning_effort if thinking is Thinking.ENABLED else None
        if callee_is(module, call.func, HAYSTACK, HAYSTACK_BARE):
            return _place_haystack(module, call, thinking, effort, quote, sink.what)
        if callee_is(module, call.func, SMOLAGENTS, SMOLAGENTS_BARE):
            return _place_smolagents(module, call, thinking, effort, quote, sink.what)
        return _place_agents(module, call, thinking, effort, quote)


def _thinking_misplaced(wanted: str, where: str) -> Placement:
    return Placement(
        applicability=Applicability.UNSAFE,
        note=f"{where} passes thinking to create(), which raises TypeError: move it into extra_body ({wanted})",
    )


def _place_haystack(
    module: Module, call: cst.Call, thinking: Thinking, effort: str | None, quote: str, what: str
) -> Placement:
    thinking_items: dict[str, object] = {"thinking": thinking_value(thinking)}
    outer: dict[str, object] = {"extra_body": thinking_items}
    if effort:
        outer["reasoning_effort"] = effort
    arg = module.kwarg(call, "generation_kwargs")
    if arg is None or not isinstance(arg.value, cst.Dict):
        return merge_items_into_dict_kwarg(module, call, "generation_kwargs", outer, quote, what=what)
    kwargs = arg.value
    if module.dict_get(kwargs, "thinking") is not None:
        return _thinking_misplaced(
            module.dict_value_source({"extra_body": thinking_items}, quote), "generation_kwargs"
        )
    if module.dict_get(kwargs, "reasoning_effort") is not None:
        return Placement(note="generation_kwargs' reasoning_effort already sets the thinking mode")
    extra = module.dict_get(kwargs, "extra_body")
    if extra is None:
        return merge_items_into_dict(module, kwargs, outer, quote, where="generation_kwargs")
    if isinstance(extra.value, cst.Dict) and module.dict_get(extra.value, "thinking") is not None:
        return Placement(note="generation_kwargs' extra_body already sets 'thinking'")
    placement = merge_items_into_dict_item(
        module, kwargs, "extra_body", thinking_items, quote, where="generation_kwargs"
    )
    if effort:
        placement = combine(
            placement,
            merge_items_into_dict(
                module, kwargs, {"reasoning_effort": effort}, quote, where="generation_kwargs"
            ),
        )
    return placement


def _place_smolagents(
    module: Module, call: cst.Call, thinking: Thinking, effort: str | None, quote: str, what: str
) -> Placement:
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    if module.kwarg(call, "thinking") is not None:
        return _thinking_misplaced(f"extra_body={module.dict_value_source(items, quote)}", what)
    if module.kwarg(call, "reasoning_effort") is not None:
        return Placement(note="reasoning_effort= already sets the thinking mode")
    extra = module.kwarg(call, "extra_body")
    if extra is not None and isinstance(extra.value, cst.Dict) and module.dict_get(extra.value, "thinking"):
        return Placement(note="extra_body already sets 'thinking'")
    kwargs = {"reasoning_effort": f"{quote}{effort}{quote}"} if effort else {}
    return merge_extra_body_and_add_kwargs(module, call, items, kwargs, quote, what=what)


def _place_agents(
    module: Module, call: cst.Call, thinking: Thinking, effort: str | None, quote: str
) -> Placement:
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    if effort:
        items["reasoning_effort"] = effort
    wanted = f"model_settings=ModelSettings(extra_body={module.dict_value_source(items, quote)})"
    agents, elsewhere = _agents_using(module, call)
    if not agents:
        return Placement(
            applicability=Applicability.UNSAFE,
            note=f"the model is not given to an Agent in this module; add {wanted} where its settings live "
            "(the Agent, or the RunConfig that runs it)",
        )
    placements = [_place_in_agent(module, agent, items, quote, wanted) for agent in agents]
    if elsewhere:
        lines = ", ".join(str(module.line(node)) for node in elsewhere)
        placements.append(
            Placement(
                applicability=Applicability.UNSAFE,
                note=f"the model is also used at line {lines}, whose settings the tool cannot see: add {wanted} there",
            )
        )
    for other in module.calls:
        if (
            callee_is(module, other.func, AGENTS_RUN_CONFIG)
            and module.kwarg(other, "model_settings") is not None
        ):
            placements.append(
                Placement(
                    applicability=Applicability.UNSAFE,
                    note=f"RunConfig(model_settings=...) at line {module.line(other)} overrides the agent's "
                    "settings field by field: make sure its extra_body (if any) carries thinking too",
                )
            )
    return combine(*placements)


def _place_in_agent(
    module: Module, agent: cst.Call, items: dict[str, object], quote: str, wanted: str
) -> Placement:
    settings = module.kwarg(agent, "model_settings")
    if settings is None:
        if module.has_star_kwargs(agent):
            return Placement(
                applicability=Applicability.UNSAFE,
                note=f"the Agent also takes **kwargs; make sure it passes {wanted}",
            )
        value = f"ModelSettings(extra_body={module.dict_value_source(items, quote)})"
        return Placement(
            edits=(module.add_kwarg(agent, "model_settings", value),), imports=(("agents", "ModelSettings"),)
        )
    if isinstance(settings.value, cst.Call) and callee_is(
        module, settings.value.func, AGENTS_SETTINGS, frozenset({"ModelSettings"})
    ):
        ms = settings.value
        extra = module.kwarg(ms, "extra_body")
        if (
            extra is not None
            and isinstance(extra.value, cst.Dict)
            and module.dict_get(extra.value, "thinking")
        ):
            return Placement(note="ModelSettings' extra_body already sets 'thinking'")
        return merge_items_into_dict_kwarg(module, ms, "extra_body", items, quote, what="ModelSettings()")
    return Placement(
        applicability=Applicability.UNSAFE,
        note=f"model_settings= is not a ModelSettings(...) call; make sure it carries extra_body={module.dict_value_source(items, quote)}",
    )


def _agents_using(module: Module, call: cst.Call) -> tuple[list[cst.Call], list[cst.CSTNode]]:
    """The ``Agent(model=...)`` calls given this model object, and its other uses."""
    bound = module.bound_reads(call)
    uses: list[cst.CSTNode] = [call] if bound is None else bound
    agents: list[cst.Call] = []
    elsewhere: list[cst.CSTNode] = []
    for use in uses:
        arg = module.parent(use)
        owner = module.parent(arg) if isinstance(arg, cst.Arg) else None
        if (
            isinstance(arg, cst.Arg)
            and arg.keyword is not None
            and arg.keyword.value == "model"
            and isinstance(owner, cst.Call)
            and callee_is(module, owner.func, AGENTS_AGENT, frozenset({"Agent"}))
        ):
            agents.append(owner)
        else:
            elsewhere.append(use)
    return agents, elsewhere


def _agents_host(module: Module, call: cst.Call) -> Host:
    """The host of the client an ``OpenAIChatCompletionsModel`` is given: every assignment that reaches
    it (a client built here, a small factory, a parameter's callers); unknown when it cannot be traced."""
    client = _either(module.kwarg(call, "openai_client"), module.positional(call, 1))
    if client is None:
        return Host(
            unknown=f"`OpenAIChatCompletionsModel()` at line {module.line(call)} shows no openai_client"
        )
    traced = client_host(module, client.value, lambda c: _client_host(module, c))
    return traced or fallback_host(module, client.value)


def _client_host(module: Module, ctor: cst.Call) -> Host | None:
    """The host of one openai client constructor; None when ``ctor`` builds no client the tool knows."""
    if callee_is(module, ctor.func, AZURE_CLIENTS):
        return Host(other="Azure OpenAI")
    if not callee_is(module, ctor.func, OPENAI_CLIENTS):
        return None
    return kwarg_host(module, ctor, "base_url") or unset_base_url(
        module, ctor, "OPENAI_BASE_URL (or api.openai.com)"
    )


def _either(first: cst.Arg | None, second: cst.Arg | None) -> cst.Arg | None:
    return first if first is not None else second


def _value(arg: cst.Arg | None) -> cst.BaseExpression | None:
    return arg.value if arg is not None else None


def _client_kwargs_url(module: Module, call: cst.Call) -> cst.BaseExpression | None:
    client_kwargs = module.kwarg(call, "client_kwargs")
    if client_kwargs is None or not isinstance(client_kwargs.value, cst.Dict):
        return None
    item = module.dict_get(client_kwargs.value, "base_url")
    return item.value if item is not None else None
