"""pydantic-ai: ``Agent("deepseek:...")`` and ``OpenAIChatModel(..., provider=DeepSeekProvider(...))``.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field) and pydantic-ai's model settings,
whose ``extra_body`` is merged into the request body
(https://ai.pydantic.dev/api/settings/#pydantic_ai.settings.ModelSettings.extra_body).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    Placement,
    PythonAdapter,
    Sink,
    callee_matches,
    client_host,
    combine,
    constructor_of,
    deep_merge_into_dict_kwarg,
    fallback_host,
    kwarg_host,
    merge_items_into_dict,
    thinking_value,
    trigger_words,
    unset_base_url,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Report, Thinking
from migrate.python.analysis import Module, dotted, string_value
from migrate.report_rules.hazards import ForcedToolChoiceInThinkingMode

AGENTS = frozenset({"pydantic_ai.Agent", "pydantic_ai.agent.Agent"})
CHAT_MODELS = frozenset({"pydantic_ai.models.openai.OpenAIChatModel"})
OLD_CHAT_MODELS = frozenset({"pydantic_ai.models.openai.OpenAIModel"})
# OpenRouter's ``deepseek/deepseek-chat`` is its own, still-served slug: reported (DSM103), never renamed.
OPENROUTER_MODELS = frozenset({"pydantic_ai.models.openrouter.OpenRouterModel"})
DEEPSEEK_PROVIDERS = frozenset(
    {"pydantic_ai.providers.deepseek.DeepSeekProvider", "pydantic_ai.providers.DeepSeekProvider"}
)
OPENAI_PROVIDERS = frozenset(
    {"pydantic_ai.providers.openai.OpenAIProvider", "pydantic_ai.providers.OpenAIProvider"}
)
# Settings keys through which the code already chose a thinking mode or effort.
THINKING_SETTINGS = ("thinking", "openai_reasoning_effort")
# Agent methods whose ``model_settings=`` is merged over the agent's for that run.
RUN_METHODS = frozenset({"run", "run_sync", "run_stream", "run_stream_sync", "run_stream_events", "iter"})


class PydanticAI(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names in pydantic-ai: the model string of
    `Agent("deepseek:deepseek-chat")` (or `Agent(model=...)`), and the model of
    `OpenAIChatModel("deepseek-chat", provider=DeepSeekProvider(...))`, with
    `provider="deepseek"`, or with an `OpenAIProvider(base_url=<DeepSeek>)`;
    also the pre-1.0 class name `OpenAIModel`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. Their
    successor `deepseek-v4-flash` thinks by default, so ex-`deepseek-chat` code
    must also send `"thinking": {"type": "disabled"}`. pydantic-ai's own
    `model_settings={"thinking": False}` sends `reasoning_effort: "none"`
    instead, which DeepSeek's thinking guide does not document, so the fix puts
    the documented field in the settings' `extra_body`.

    ## Example
    ```python
    agent = Agent("deepseek:deepseek-chat", instructions="Be concise.")
    ```
    Use instead:
    ```python
    agent = Agent("deepseek:deepseek-v4-flash", instructions="Be concise.", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})
    ```

    ## Fix safety
    Safe when the model is a literal (or a constant that only feeds calls the
    tool understands): `model_settings=` (`Agent`) or `settings=`
    (`OpenAIChatModel`) is added, or merged into the dict literal that is
    already there, down into its `"extra_body"` dict. Settings that already
    choose a mode (`"thinking"`, `"openai_reasoning_effort"`, or
    `"extra_body": {"thinking": ...}`) are respected: the name is renamed only.
    Unsafe when the settings are not a dict literal (e.g. `ModelSettings(...)`
    or a variable) or the call passes `**kwargs`: the message says what to add.
    `OpenAIModel` is unsafe too: it is the pre-1.0 name of `OpenAIChatModel`,
    and versions that still have it may lack the `settings=` parameter.

    A later `extra_body` replaces the one the fix writes: pydantic-ai merges
    settings one level deep (model `settings=`, then the agent's
    `model_settings=`, then a run's `agent.run_sync(..., model_settings=...)`).
    For an ex-`deepseek-chat` model, such a later `extra_body` dict literal in
    the same module gets the `"thinking"` too, as part of the same fix; when the
    later settings are not a dict literal (`model_settings=SETTINGS`), the fix is
    unsafe and the message names the call.

    pydantic-ai's DeepSeek profile treats every `deepseek-v4-*` name as able to
    think and so sends output tools (`output_type=...`) with
    `tool_choice: "auto"` instead of `"required"`: the library changes that
    field by itself after the rename, which DeepSeek needs whenever thinking is
    on. With `--reasoning-effort`, an enabled model also gets
    `"openai_reasoning_effort": ...` (pydantic-ai's own `thinking` levels stop
    at `"xhigh"`, which DeepSeek now maps to `high`). Models whose provider is
    another host (`OpenRouterProvider`, `provider="openrouter"`,
    `"openrouter:..."` strings, an `OpenAIProvider` with another `base_url`)
    are never rewritten (DSM103).
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM113"
    NAME = "retired-model-in-pydantic-ai"
    PREFIXES = ("deepseek:", "")
    TRIGGERS = trigger_words(AGENTS, OPENROUTER_MODELS, CHAT_MODELS, OLD_CHAT_MODELS)

    VALID = (
        Valid(
            'from pydantic_ai import Agent\n'
            'agent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})\n'
        ),
        Valid('from pydantic_ai import Agent\nagent = Agent("openrouter:deepseek/deepseek-chat")\n'),
        Valid('from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat-v3-0324")\n'),
        Valid(
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'from pydantic_ai.providers.openrouter import OpenRouterProvider\n'
            'model = OpenAIChatModel("deepseek-chat", provider=OpenRouterProvider(api_key=KEY))\n'
        ),
        Valid(
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'model = OpenAIChatModel("deepseek-chat", provider="openrouter")\n'
        ),
        Valid('from pydantic_ai.models.openrouter import OpenRouterModel\nmodel = OpenRouterModel("deepseek/deepseek-chat")\n'),
        Valid(
            'from pydantic_ai import Agent\n'
            'agent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})\n'
            'agent.run_sync("hi", model_settings={"extra_body": {"user": "u1", "thinking": {"type": "disabled"}}})\n'
        ),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat", instructions="Be concise.")\n',
            'from pydantic_ai import Agent\n'
            'agent = Agent("deepseek:deepseek-v4-flash", instructions="Be concise.", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})\n',
            range=(2, 15, 2, 39),
        ),
        Invalid(
            "import pydantic_ai\nagent = pydantic_ai.Agent(\n    model='deepseek:deepseek-reasoner',\n"
            "    model_settings={'temperature': 0.0},\n)\n",
            "import pydantic_ai\nagent = pydantic_ai.Agent(\n    model='deepseek:deepseek-v4-flash',\n"
            "    model_settings={'temperature': 0.0, 'extra_body': {'thinking': {'type': 'enabled'}}},\n)\n",
            range=(3, 11, 3, 39),
        ),
        Invalid(
            'from pydantic_ai import Agent\n'
            'agent = Agent("deepseek:deepseek-chat", model_settings={"extra_body": {"user": "u1"}})\n',
            'from pydantic_ai import Agent\n'
            'agent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"user": "u1", "thinking": {"type": "disabled"}}})\n',
            range=(2, 15, 2, 39),
        ),
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat", model_settings={"thinking": False})\n',
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-v4-flash", model_settings={"thinking": False})\n',
            message="model_settings already sets 'thinking'",
            range=(2, 15, 2, 39),
        ),
        Invalid(
            'from pydantic_ai import Agent, ModelSettings\n'
            'agent = Agent("deepseek:deepseek-chat", model_settings=ModelSettings(temperature=0))\n',
            None,
            applicability=None,
            message='make it carry {"extra_body": {"thinking": {"type": "disabled"}}} by hand',
            range=(2, 15, 2, 39),
        ),
        Invalid(
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'from pydantic_ai.providers.deepseek import DeepSeekProvider\n'
            'model = OpenAIChatModel("deepseek-chat", provider=DeepSeekProvider(api_key=KEY))\n',
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'from pydantic_ai.providers.deepseek import DeepSeekProvider\n'
            'model = OpenAIChatModel("deepseek-v4-flash", provider=DeepSeekProvider(api_key=KEY), settings={"extra_body": {"thinking": {"type": "disabled"}}})\n',
            range=(3, 25, 3, 40),
        ),
        Invalid(
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'from pydantic_ai.providers.openai import OpenAIProvider\n'
            'provider = OpenAIProvider(base_url="https://api.deepseek.com", api_key=KEY)\n'
            'model = OpenAIChatModel(model_name="deepseek-reasoner", provider=provider)\n',
            'from pydantic_ai.models.openai import OpenAIChatModel\n'
            'from pydantic_ai.providers.openai import OpenAIProvider\n'
            'provider = OpenAIProvider(base_url="https://api.deepseek.com", api_key=KEY)\n'
            'model = OpenAIChatModel(model_name="deepseek-v4-flash", provider=provider, settings={"extra_body": {"thinking": {"type": "enabled"}}})\n',
            range=(4, 36, 4, 55),
        ),
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat")\n'
            'result = agent.run_sync("hi", model_settings={"extra_body": {"user": "u1"}})\n',
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})\n'
            'result = agent.run_sync("hi", model_settings={"extra_body": {"user": "u1", "thinking": {"type": "disabled"}}})\n',
            message="`agent.run_sync(model_settings=...)` at line 3 replaces the extra_body",
            range=(2, 15, 2, 39),
            id="DSM113-run-settings-extra-body",
        ),
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat")\n'
            'result = await agent.run("hi", model_settings=RUN_SETTINGS)\n',
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"thinking": {"type": "disabled"}}})\n'
            'result = await agent.run("hi", model_settings=RUN_SETTINGS)\n',
            applicability=Applicability.UNSAFE,
            message="`agent.run(model_settings=...)` at line 3 may carry its own extra_body",
            range=(2, 15, 2, 39),
            id="DSM113-run-settings-unknown",
        ),
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-reasoner")\n'
            'result = agent.run_sync("hi", model_settings={"extra_body": {"user": "u1"}})\n',
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-v4-flash", model_settings={"extra_body": {"thinking": {"type": "enabled"}}})\n'
            'result = agent.run_sync("hi", model_settings={"extra_body": {"user": "u1"}})\n',
            range=(2, 15, 2, 43),
            id="DSM113-run-settings-reasoner-thinks-anyway",
        ),
        Invalid(
            'from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n'
            'model = OpenAIChatModel("deepseek-chat", provider="deepseek")\n'
            'agent = Agent(model, model_settings={"extra_body": {"metadata": {"team": "a"}}})\n',
            'from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n'
            'model = OpenAIChatModel("deepseek-v4-flash", provider="deepseek", settings={"extra_body": {"thinking": {"type": "disabled"}}})\n'
            'agent = Agent(model, model_settings={"extra_body": {"metadata": {"team": "a"}, "thinking": {"type": "disabled"}}})\n',
            message="`Agent(model_settings=...)` at line 4 replaces the extra_body",
            range=(3, 25, 3, 40),
            id="DSM113-agent-settings-over-model-settings",
        ),
        Invalid(
            'from pydantic_ai.models.openai import OpenAIModel\n'
            'model = OpenAIModel("deepseek-chat", provider="deepseek")\n',
            'from pydantic_ai.models.openai import OpenAIModel\n'
            'model = OpenAIModel("deepseek-v4-flash", provider="deepseek", settings={"extra_body": {"thinking": {"type": "disabled"}}})\n',
            applicability=Applicability.UNSAFE,
            message="OpenAIModel is the pre-1.0 name",
            range=(2, 21, 2, 36),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            func = call.func
            if callee_matches(module, func, AGENTS, by_spelling=False):
                model = module.positional(call, 0) or module.kwarg(call, "model")
                if model is not None:
                    yield Sink(self, call, model.value, DEEPSEEK, what=f"`{dotted(func)}()`")
            elif callee_matches(module, func, OPENROUTER_MODELS):
                model = module.positional(call, 0) or module.kwarg(call, "model_name")
                if model is not None:
                    yield Sink(self, call, model.value, Host(other="OpenRouter"), what=f"`{dotted(func)}()`")
            elif callee_matches(module, func, CHAT_MODELS | OLD_CHAT_MODELS):
                model = module.positional(call, 0) or module.kwarg(call, "model_name")
                if model is not None:
                    host = _provider_host(module, call)
                    yield Sink(self, call, model.value, host, what=f"`{dotted(func)}()`")

    def hazards(self, module: Module, sink: Sink) -> Iterator[Report]:
        """An agent with ``output_type=`` sends its output as a tool; pydantic-ai forces that tool
        (``tool_choice: "required"``) for every name its DeepSeek profile does not know as thinking
        (``deepseek-flash``, and every name in versions before the V4 profile): 400 in thinking mode."""
        call = sink.node
        assert isinstance(call, cst.Call)
        agent = callee_matches(module, call.func, AGENTS, by_spelling=False)
        for agent_call in [call] if agent else _agents_of(module, call):
            output = module.kwarg(agent_call, "output_type")
            if output is not None:
                yield self._output_tool_report(module, output)

    @staticmethod
    def _output_tool_report(module: Module, output: cst.Arg) -> Report:
        start, end = module.span(output)
        return ForcedToolChoiceInThinkingMode.report(
            start=start,
            end=end,
            message=(
                '`output_type` makes pydantic-ai send its output tool with tool_choice "required" unless its '
                "DeepSeek profile knows the name as thinking (not `deepseek-flash`, nor any name before the V4 "
                "profile); DeepSeek answers 400 to that in thinking mode: disable thinking for this agent or "
                "check the body your pydantic-ai version sends"
            ),
        )

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        agent = callee_matches(module, call.func, AGENTS, by_spelling=False)
        keyword = "model_settings" if agent else "settings"
        effort = module.rules.reasoning_effort if thinking is Thinking.ENABLED else None
        placement = _settings_placement(module, call, keyword, thinking, effort, quote, sink.what)
        if thinking is Thinking.DISABLED and not _own_mode(module, call, keyword):
            placement = combine(placement, _later_settings(module, call, agent, thinking, quote))
        if callee_matches(module, call.func, OLD_CHAT_MODELS):
            placement = combine(
                placement,
                Placement(
                    applicability=Applicability.UNSAFE,
                    note="OpenAIModel is the pre-1.0 name of OpenAIChatModel; versions that still have it may lack settings=",
                ),
            )
        return placement


def _settings_placement(
    module: Module,
    call: cst.Call,
    keyword: str,
    thinking: Thinking,
    effort: str | None,
    quote: str,
    what: str,
) -> Placement:
    arg = module.kwarg(call, keyword)
    if arg is not None and isinstance(arg.value, cst.Dict):
        for key in THINKING_SETTINGS:
            if module.dict_get(arg.value, key) is not None:
                return Placement(note=f"{keyword} already sets {key!r}")
        extra = module.dict_get(arg.value, "extra_body")
        if (
            extra is not None
            and isinstance(extra.value, cst.Dict)
            and module.dict_get(extra.value, "thinking")
        ):
            return Placement(note=f"{keyword}['extra_body'] already sets 'thinking'")
    value: dict[str, object] = {"extra_body": {"thinking": thinking_value(thinking)}}
    if effort is not None:
        value["openai_reasoning_effort"] = effort
    return deep_merge_into_dict_kwarg(module, call, keyword, value, quote, what=what)


def _own_mode(module: Module, call: cst.Call, keyword: str) -> bool:
    """Whether the settings choose the mode with pydantic-ai's own keys, which a later extra_body leaves alone."""
    arg = module.kwarg(call, keyword)
    return (
        arg is not None
        and isinstance(arg.value, cst.Dict)
        and any(module.dict_get(arg.value, key) is not None for key in THINKING_SETTINGS)
    )


def _later_settings(module: Module, call: cst.Call, agent: bool, thinking: Thinking, quote: str) -> Placement:
    """Settings given after the ones the fix writes to: an agent's ``model_settings=`` over its model's
    ``settings=``, a run's ``model_settings=`` (``agent.run_sync(..., model_settings=...)``) over both.
    pydantic-ai merges them one level deep (``base | overrides``), so an ``extra_body`` there replaces
    the one the fix writes: the thinking goes into it too, or the fix is unsafe."""
    agents = [call] if agent else _agents_of(module, call)
    found: list[tuple[cst.BaseExpression, str]] = []
    for owner in agents:
        if not agent:
            own = module.kwarg(owner, "model_settings")
            if own is not None:
                found.append(
                    (own.value, f"`{dotted(owner.func)}(model_settings=...)` at line {module.line(owner)}")
                )
        for run in _runs(module, owner):
            settings = module.kwarg(run, "model_settings")
            if settings is not None:
                found.append(
                    (settings.value, f"`{dotted(run.func)}(model_settings=...)` at line {module.line(run)}")
                )
    placements = [_override(module, value, where, thinking, quote) for value, where in found]
    return combine(*placements) if placements else Placement()


def _override(
    module: Module, value: cst.BaseExpression, where: str, thinking: Thinking, quote: str
) -> Placement:
    rendered = module.dict_value_source({"thinking": thinking_value(thinking)}, quote)[1:-1]
    unsafe = (
        f"{where} may carry its own extra_body, which replaces the one the fix adds: add {rendered} there too"
    )
    if isinstance(value, cst.Name) and value.value == "None":
        return Placement()
    if not isinstance(value, cst.Dict):
        return Placement(applicability=Applicability.UNSAFE, note=unsafe)
    extra = module.dict_get(value, "extra_body")
    if extra is None:
        if module.dict_has_star(value):
            return Placement(applicability=Applicability.UNSAFE, note=unsafe)
        return Placement()  # no extra_body of its own: the one the fix adds is kept
    if not isinstance(extra.value, cst.Dict):
        return Placement(applicability=Applicability.UNSAFE, note=unsafe)
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    placement = merge_items_into_dict(module, extra.value, items, quote, where=f"{where} ['extra_body']")
    if placement.edits and placement.applicability is Applicability.SAFE:
        return Placement(
            edits=placement.edits, note=f"{where} replaces the extra_body: {rendered} is added there too"
        )
    return placement


def _runs(module: Module, agent: cst.Call) -> Iterator[cst.Call]:
    """``agent.run_sync(...)`` and the other run methods called on the agent ``agent`` builds."""
    for read in module.bound_reads(agent) or []:
        attr = module.parent(read)
        if isinstance(attr, cst.Attribute) and attr.value is read and attr.attr.value in RUN_METHODS:
            run = module.parent(attr)
            if isinstance(run, cst.Call) and run.func is attr:
                yield run


def _agents_of(module: Module, model: cst.Call) -> list[cst.Call]:
    """The ``Agent(...)`` calls built on the model object ``model`` builds: directly or through its name."""
    uses: list[cst.CSTNode] = [model, *(module.bound_reads(model) or [])]
    out: list[cst.Call] = []
    for use in uses:
        arg = module.parent(use)
        owner = module.parent(arg) if isinstance(arg, cst.Arg) else None
        if (
            isinstance(arg, cst.Arg)
            and isinstance(owner, cst.Call)
            and ((arg.keyword is None and owner.args[0] is arg) or _keyword(arg) == "model")
            and callee_matches(module, owner.func, AGENTS, by_spelling=False)
        ):
            out.append(owner)
    return out


def _keyword(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None


def _provider_host(module: Module, call: cst.Call) -> Host:
    arg = module.kwarg(call, "provider")
    if arg is None:
        return unset_base_url(
            module, call, "OPENAI_BASE_URL (or api.openai.com)"
        )  # the default 'openai' provider
    name = string_value(arg.value)
    if name is not None:
        if name == "deepseek":
            return DEEPSEEK
        if name in ("openai", "openai-chat"):
            return unset_base_url(module, call, "OPENAI_BASE_URL (or api.openai.com)")
        return Host(other=f"the `{name}` provider")
    ctor = constructor_of(module, arg.value)
    if ctor is None:
        # A provider passed in (``def build(provider): ...``): what the callers pass.
        return client_host(module, arg.value, lambda c: _provider_ctor_host(module, c)) or fallback_host(
            module
        )
    return _provider_ctor_host(module, ctor)


def _provider_ctor_host(module: Module, ctor: cst.Call) -> Host:
    if callee_matches(module, ctor.func, DEEPSEEK_PROVIDERS):
        return DEEPSEEK
    if callee_matches(module, ctor.func, OPENAI_PROVIDERS):
        return kwarg_host(module, ctor, "base_url") or unset_base_url(
            module, ctor, "OPENAI_BASE_URL (or api.openai.com)"
        )
    return Host(other=f"`{dotted(ctor.func)}`")
