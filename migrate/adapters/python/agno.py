"""agno's ``DeepSeek`` model (and ``"deepseek:..."`` model strings), and phidata's ``DeepSeekChat``.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field) and agno's
``agno/models/deepseek/deepseek.py``: its ``use_thinking`` flag sends that
field, and with ``use_thinking=None`` only the legacy id ``deepseek-chat`` is
non-thinking (https://docs.agno.com/models/providers/native/deepseek/overview).
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
    combine,
    deep_merge_into_dict_kwarg,
    kwarg_host,
    thinking_value,
    trigger_words,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Edit, Fix, Report, Severity, Thinking
from migrate.pins import Pin, show
from migrate.python.analysis import Module, dotted

AGNO_DEEPSEEK = frozenset({"agno.models.deepseek.DeepSeek", "agno.models.deepseek.deepseek.DeepSeek"})
# Classes whose ``model=`` also takes a "provider:id" string, which agno turns into a model object.
AGNO_MODEL_OWNERS = frozenset(
    {"agno.agent.Agent", "agno.agent.agent.Agent", "agno.team.Team", "agno.team.team.Team"}
)
PHIDATA_DEEPSEEK = frozenset({"phi.model.deepseek.DeepSeekChat", "phi.model.deepseek.deepseek.DeepSeekChat"})
# phidata's older ``phi.llm`` API: the same class with ``model=`` for the id.
PHIDATA_LLM_DEEPSEEK = frozenset({"phi.llm.deepseek.DeepSeekChat", "phi.llm.deepseek.deepseek.DeepSeekChat"})
# agno's ``DeepSeek.id`` defaults to "deepseek-chat" from 0.0.2 to 2.6.9 and to "deepseek-v4-flash"
# from 2.6.10, the release that also added ``use_thinking`` (a dataclass field: older versions raise
# TypeError on it). Every version merges ``request_params`` into the openai SDK call's keywords, so
# ``request_params={"extra_body": {...}}`` is the thinking switch there. Read from the wheels of each
# release; phidata's ``DeepSeekChat`` defaults to "deepseek-chat" in every release that has it.
AGNO_NEW_DEFAULT = (2, 6, 10)
DEEPSEEK_IMPORT = ("agno.models.deepseek", "DeepSeek")
# OpenRouter's ``deepseek/deepseek-chat`` is its own, still-served slug: reported (DSM103), never renamed.
OPENROUTER_MODELS = frozenset(
    {
        "agno.models.openrouter.OpenRouter",
        "agno.models.openrouter.openrouter.OpenRouter",
        "phi.model.openrouter.OpenRouter",
    }
)
# LangDB's gateway serves its own catalog (``deepseek/deepseek-chat`` there is LangDB's id).
LANGDB_MODELS = frozenset({"agno.models.langdb.LangDB", "agno.models.langdb.langdb.LangDB"})


class Agno(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names in agno: `DeepSeek(id="deepseek-chat")`
    (`from agno.models.deepseek import DeepSeek`) and model strings such as
    `Agent(model="deepseek:deepseek-chat")` / `Team(model=...)`; and in
    phidata, agno's predecessor: `DeepSeekChat(id="deepseek-chat")`
    (`from phi.model.deepseek import DeepSeekChat`).

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. agno
    keeps `deepseek-chat` in a table of non-thinking ids and sends
    `"thinking": {"type": "enabled"}` for every other id unless told otherwise,
    so a bare rename to `deepseek-v4-flash` silently turns thinking on. agno's
    switch for it is `use_thinking=False`.

    ## Example
    ```python
    agent = Agent(model=DeepSeek(id="deepseek-chat"), markdown=True)
    ```
    Use instead:
    ```python
    agent = Agent(model=DeepSeek(id="deepseek-v4-flash", use_thinking=False), markdown=True)
    ```

    ## Fix safety
    `DeepSeek(id=...)`: safe. `use_thinking=False` (ex-`deepseek-chat`) or
    `use_thinking=True` (ex-`deepseek-reasoner`) is added; a `use_thinking=`
    already passed is respected. Unsafe when the call passes `**kwargs`: the
    message says what to add. With `--reasoning-effort`, an enabled model also
    gets `reasoning_effort=`. A `base_url` that is not DeepSeek's is never
    rewritten (DSM103).

    `Agent(model="deepseek:deepseek-chat")`: a string has no slot for
    thinking, so the fix replaces it with
    `DeepSeek(id="deepseek-v4-flash", use_thinking=False)` and adds
    `from agno.models.deepseek import DeepSeek`. It is **unsafe**: agno builds
    exactly this object from the string itself, but `model=` changes from a
    string to an object, which code that also reads it sees. When the string is
    not written at the call (a constant, a variable), there is no fix for that
    call: the message says what to write. An ex-`deepseek-reasoner` string is
    renamed only (safe): agno sends thinking enabled for `deepseek-v4-flash`, as
    it did for the old name; with `--reasoning-effort` it is replaced too.

    phidata `DeepSeekChat(id="deepseek-chat")`: **no fix** (manual review).
    How phidata could send the thinking field is unverified, and a bare rename
    would turn thinking on; the message suggests moving to agno. An
    ex-`deepseek-reasoner` id is renamed (safe): thinking on is the server
    default.

    Without `id=`, the model sends its default id, which depends on the
    version: agno's `DeepSeek()` defaults to `deepseek-chat` up to 2.6.9 and to
    `deepseek-v4-flash` from 2.6.10 (the release that added `use_thinking`);
    phidata's `DeepSeekChat()` to `deepseek-chat` in every release. The tool
    reads the agno version the project pins (`requirements*.txt`,
    `pyproject.toml`, `poetry.lock`, `uv.lock`, in the nearest folder above
    the file that has one). Pinned before 2.6.10: an error with a **safe** fix
    that adds `id="deepseek-v4-flash"` and, as that agno has no `use_thinking`,
    `request_params={"extra_body": {"thinking": {"type": "disabled"}}}` (every
    agno version passes `request_params` to the openai SDK call); a
    `DeepSeek(id="deepseek-chat")` there gets the same `request_params` instead
    of `use_thinking=False`. Pinned to 2.6.10 or later: nothing to report.
    Not pinned, or a range across 2.6.10: a warning with an **unsafe** fix
    (`id="deepseek-v4-flash", use_thinking=False`), since the call may already
    send `deepseek-v4-flash` with thinking on. phidata without an id: an error
    with no fix. A call with a positional argument or `**kwargs` is left alone.
    """

    CODE = "DSM115"
    NAME = "retired-model-in-agno"
    PREFIXES = ("", "deepseek:")
    TRIGGERS = trigger_words(
        AGNO_DEEPSEEK,
        PHIDATA_DEEPSEEK,
        PHIDATA_LLM_DEEPSEEK,
        OPENROUTER_MODELS,
        LANGDB_MODELS,
        AGNO_MODEL_OWNERS,
    )

    VALID = (
        Valid(
            'from agno.models.deepseek import DeepSeek\n'
            'model = DeepSeek(id="deepseek-v4-flash", use_thinking=False)\n'
        ),
        Valid('from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(id="deepseek-chat-v3-0324")\n'),
        Valid(
            'from agno.models.deepseek import DeepSeek\n'
            'model = DeepSeek(id="deepseek-chat", base_url="https://openrouter.ai/api/v1")\n'
        ),
        Valid('from agno.agent import Agent\nagent = Agent(model="openrouter:deepseek/deepseek-chat")\n'),
        Valid('from agno.models.openrouter import OpenRouter\nmodel = OpenRouter(id="deepseek/deepseek-chat")\n'),
        Valid('from agno.models.openrouter import OpenRouter\nmodel = OpenRouter(id="deepseek-chat")\n'),
        Valid('from agno.models.langdb import LangDB\nmodel = LangDB(id="deepseek/deepseek-chat")\n'),
        Valid('from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(**settings)\n'),
        Valid('from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(id=MODEL_ID, use_thinking=False)\n'),
        Valid('from agno.models.openai import OpenAIChat\nmodel = OpenAIChat()\n'),
        Valid('from llama_index.llms.deepseek import DeepSeek\nllm = DeepSeek(api_key=KEY)\n'),
        Valid('llm = DeepSeek(api_key=KEY)\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from agno.agent import Agent\nfrom agno.models.deepseek import DeepSeek\n'
            'agent = Agent(model=DeepSeek(id="deepseek-chat"), markdown=True)\n',
            'from agno.agent import Agent\nfrom agno.models.deepseek import DeepSeek\n'
            'agent = Agent(model=DeepSeek(id="deepseek-v4-flash", use_thinking=False), markdown=True)\n',
            range=(3, 33, 3, 48),
        ),
        Invalid(
            "from agno.models import deepseek\nmodel = deepseek.DeepSeek(\n    id='deepseek-reasoner',\n    api_key=KEY,\n)\n",
            "from agno.models import deepseek\nmodel = deepseek.DeepSeek(\n    id='deepseek-v4-flash',\n    api_key=KEY,\n"
            "    use_thinking=True,\n)\n",
            range=(3, 8, 3, 27),
        ),
        Invalid(
            'from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(id="deepseek-chat", use_thinking=True)\n',
            'from agno.models.deepseek import DeepSeek\nmodel = DeepSeek(id="deepseek-v4-flash", use_thinking=True)\n',
            message="use_thinking= is already set",
            range=(2, 21, 2, 36),
        ),
        Invalid(
            'from agno.agent import Agent\nagent = Agent(model="deepseek:deepseek-chat", markdown=True)\n',
            'from agno.agent import Agent\nfrom agno.models.deepseek import DeepSeek\n'
            'agent = Agent(model=DeepSeek(id="deepseek-v4-flash", use_thinking=False), markdown=True)\n',
            applicability=Applicability.UNSAFE,
            message="replaced by DeepSeek(",
            range=(2, 21, 2, 45),
        ),
        Invalid(
            'from agno.team import Team\nteam = Team(members=[], model="deepseek:deepseek-reasoner")\n',
            'from agno.team import Team\nteam = Team(members=[], model="deepseek:deepseek-v4-flash")\n',
            range=(2, 31, 2, 59),
        ),
        Invalid(
            'from phi.agent import Agent\nfrom phi.model.deepseek import DeepSeekChat\n'
            'agent = Agent(model=DeepSeekChat(id="deepseek-chat"))\n',
            None,
            applicability=None,
            message="by hand",
            range=(3, 37, 3, 52),
        ),
        Invalid(
            'from agno.agent import Agent\nfrom agno.models.deepseek import DeepSeek\n'
            'agent = Agent(model=DeepSeek(api_key=KEY), markdown=True)\n',
            'from agno.agent import Agent\nfrom agno.models.deepseek import DeepSeek\n'
            'agent = Agent(model=DeepSeek(api_key=KEY, id="deepseek-v4-flash", use_thinking=False), markdown=True)\n',
            applicability=Applicability.UNSAFE,
            message="the project pins no agno version",
            range=(3, 21, 3, 29),
            id="DSM115-default-id-unpinned",
        ),
        Invalid(
            'from phi.model.deepseek import DeepSeekChat\nmodel = DeepSeekChat()\n',
            None,
            applicability=None,
            message="without an id sends the retired `deepseek-chat`",
            range=(2, 9, 2, 21),
            id="DSM115-phidata-default-id",
        ),
        Invalid(
            'from phi.model.deepseek import DeepSeekChat\nmodel = DeepSeekChat(id="deepseek-reasoner")\n',
            'from phi.model.deepseek import DeepSeekChat\nmodel = DeepSeekChat(id="deepseek-v4-flash")\n',
            range=(2, 25, 2, 44),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            func = call.func
            model = module.kwarg(call, "id")
            if (model is not None and callee_matches(module, func, AGNO_DEEPSEEK)) or (
                model is not None and callee_matches(module, func, PHIDATA_DEEPSEEK)
            ):
                host = kwarg_host(module, call, "base_url") or DEEPSEEK
                yield Sink(self, call, model.value, host, what=f"`{dotted(func)}()`")
            elif model is not None and callee_matches(module, func, OPENROUTER_MODELS):
                yield Sink(self, call, model.value, Host(other="OpenRouter"), what=f"`{dotted(func)}()`")
            elif model is not None and callee_matches(module, func, LANGDB_MODELS):
                yield Sink(self, call, model.value, Host(other="LangDB"), what=f"`{dotted(func)}()`")
            elif callee_matches(module, func, AGNO_MODEL_OWNERS, by_spelling=False):
                spec = module.kwarg(call, "model")
                if spec is not None:
                    yield Sink(self, call, spec.value, DEEPSEEK, what=f"`{dotted(func)}()`")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        effort = module.rules.reasoning_effort if thinking is Thinking.ENABLED else None
        if callee_matches(module, call.func, PHIDATA_DEEPSEEK):
            if thinking is Thinking.ENABLED:
                return Placement(note="renamed only")
            return Placement(
                manual=True,
                note='phidata has no verified thinking switch; move to agno: DeepSeek(id="deepseek-v4-flash", use_thinking=False)',
            )
        if callee_matches(module, call.func, AGNO_MODEL_OWNERS, by_spelling=False):
            return _replace_spec(module, sink, thinking, effort, quote)
        flag = "False" if thinking is Thinking.DISABLED else "True"
        pin = module.pins.get("agno")
        if pin is not None and pin.all_below(AGNO_NEW_DEFAULT) and module.kwarg(call, "use_thinking") is None:
            placement = _request_params(module, call, thinking, quote, pin)
        else:
            placement = add_kwarg_unless_present(module, call, "use_thinking", flag)
        if effort:
            placement = combine(
                placement,
                add_kwarg_unless_present(module, call, "reasoning_effort", f"{quote}{effort}{quote}"),
            )
        return placement

    def defaults(self, module: Module) -> Iterator[Report]:
        """``DeepSeek()`` / ``DeepSeekChat()`` without ``id=``: they send their version's default id."""
        for call in module.calls:
            if (
                module.has_star_kwargs(call)
                or (call.args and call.args[0].keyword is None)
                or not module.qualified(call.func)
            ):
                continue  # a positional id, **kwargs that may carry one, or a class no import shows
            if callee_matches(module, call.func, AGNO_DEEPSEEK) and module.kwarg(call, "id") is None:
                report = _agno_default(module, call)
            elif (
                callee_matches(module, call.func, PHIDATA_DEEPSEEK) and module.kwarg(call, "id") is None
            ) or (
                callee_matches(module, call.func, PHIDATA_LLM_DEEPSEEK)
                and module.kwarg(call, "model") is None
            ):
                start, end = module.span(call.func)
                report = self.report(
                    start=start,
                    end=end,
                    old="deepseek-chat",
                    thinking=Thinking.DISABLED,
                    message=(
                        f"`{dotted(call.func)}()` without an id sends the retired `deepseek-chat` (phidata's "
                        "default in every release); no fix: phidata has no verified thinking switch, and "
                        'deepseek-v4-flash thinks by default; move to agno: DeepSeek(id="deepseek-v4-flash", '
                        "use_thinking=False)"
                    ),
                )
            else:
                continue
            if report is not None:
                yield report

    def explicit_thinking(self, module: Module, sink: Sink) -> Thinking | None:
        """``DeepSeek(..., use_thinking=False)`` disables thinking; any other value leaves it on."""
        arg = module.kwarg(sink.node, "use_thinking") if isinstance(sink.node, cst.Call) else None
        if arg is None:
            return None
        disabled = isinstance(arg.value, cst.Name) and arg.value.value == "False"
        return Thinking.DISABLED if disabled else Thinking.ENABLED


def _replace_spec(
    module: Module, sink: Sink, thinking: Thinking, effort: str | None, quote: str
) -> Placement:
    """Turn ``"deepseek:<name>"`` into ``DeepSeek(id="<name>", use_thinking=...)``; the engine renames ``<name>``."""
    if thinking is Thinking.ENABLED and not effort:
        return Placement(note="renamed only")
    flag = "False" if thinking is Thinking.DISABLED else "True"
    tail = f", use_thinking={flag}" + (f", reasoning_effort={quote}{effort}{quote}" if effort else "") + ")"
    lit = module.literal(sink.model)
    if lit is None or lit.prefix != "deepseek:" or not isinstance(lit.node, cst.SimpleString):
        return Placement(
            manual=True,
            note=f'a model string cannot carry thinking; write model=DeepSeek(id="<new name>"{tail} at the call',
        )
    token = module.text[lit.start : lit.end]
    opening = token[: len(lit.node.prefix) + len(lit.node.quote)]  # string prefix and quote, e.g. r"
    return Placement(
        edits=(
            Edit(lit.start, lit.name_start, f"DeepSeek(id={opening}"),
            Edit(lit.end, lit.end, tail),
        ),
        applicability=Applicability.UNSAFE,
        note=(
            "the model string is replaced by DeepSeek(...) to carry use_thinking; agno builds the same object "
            "from the string, but model= is now an object"
        ),
        imports=(DEEPSEEK_IMPORT,),
    )


def _request_params(module: Module, call: cst.Call, thinking: Thinking, quote: str, pin: Pin) -> Placement:
    """agno before 2.6.10 has no ``use_thinking``: ``request_params`` reaches the openai SDK call."""
    placement = deep_merge_into_dict_kwarg(
        module,
        call,
        "request_params",
        {"extra_body": {"thinking": thinking_value(thinking)}},
        quote,
        what=f"`{dotted(call.func)}()`",
    )
    note = f"{pin.spec} ({pin.source}) predates use_thinking (agno 2.6.10): thinking goes in request_params"
    return combine(placement, Placement(note=note))


def _agno_default(module: Module, call: cst.Call) -> Report | None:
    """agno's ``DeepSeek()`` without ``id=``: the default id depends on the agno version the project pins."""
    pin = module.pins.get("agno")
    if pin is not None and pin.all_at_least(AGNO_NEW_DEFAULT):
        return None  # the default is deepseek-v4-flash already
    start, end = module.span(call.func)
    name = dotted(call.func)
    old = pin is not None and pin.all_below(AGNO_NEW_DEFAULT)
    quote = '"'
    if old:
        assert pin is not None
        if module.kwarg(call, "request_params") is not None or module.kwarg(call, "use_thinking") is not None:
            return Agno.report(
                start=start,
                end=end,
                old="deepseek-chat",
                thinking=Thinking.DISABLED,
                message=(
                    f"`{name}()` without id= sends `deepseek-chat` in agno {_version(pin)} ({pin.source}); no fix "
                    'because the call sets request_params=/use_thinking= already: pass id="deepseek-v4-flash" and '
                    'make it send {"extra_body": {"thinking": {"type": "disabled"}}}'
                ),
            )
        spelling = 'request_params={"extra_body": {"thinking": {"type": "disabled"}}}'
        edit = module.add_kwarg(call, "id", f"{quote}deepseek-v4-flash{quote}, {spelling}")
        return Agno.report(
            start=start,
            end=end,
            old="deepseek-chat",
            new="deepseek-v4-flash",
            thinking=Thinking.DISABLED,
            message=(
                f"`{name}()` without id= sends `deepseek-chat` in agno {_version(pin)} ({pin.source}): pass "
                'id="deepseek-v4-flash" and thinking disabled (this agno has no use_thinking: '
                f"{spelling})"
            ),
            fix=Fix(Applicability.SAFE, 'Pass id="deepseek-v4-flash" with thinking disabled', (edit,)),
        )
    where = (
        f"{pin.spec} ({pin.source}) allows both" if pin is not None else "the project pins no agno version"
    )
    message = (
        f"`{name}()` without id= sends agno's default model: `deepseek-chat` before agno 2.6.10, "
        f"`deepseek-v4-flash` (thinking on) from 2.6.10, and {where}; pin agno, or pass "
        'id="deepseek-v4-flash" with use_thinking=False (2.6.10+) to keep deepseek-chat\'s non-thinking behaviour'
    )
    if module.kwarg(call, "use_thinking") is not None:
        edit = module.add_kwarg(call, "id", f"{quote}deepseek-v4-flash{quote}")
    else:
        edit = module.add_kwarg(call, "id", f"{quote}deepseek-v4-flash{quote}, use_thinking=False")
    return Agno.report(
        start=start,
        end=end,
        old="deepseek-chat",
        new="deepseek-v4-flash",
        thinking=Thinking.DISABLED,
        severity=Severity.WARNING,
        message=message,
        fix=Fix(Applicability.UNSAFE, 'Pass id="deepseek-v4-flash" with use_thinking=False', (edit,)),
    )


def _version(pin: Pin) -> str:
    return show(pin.low) if pin.exact and pin.low is not None else pin.spec
