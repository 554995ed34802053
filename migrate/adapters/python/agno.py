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
    kwarg_host,
    trigger_words,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Edit, Thinking
from migrate.python.analysis import Module, dotted

AGNO_DEEPSEEK = frozenset({"agno.models.deepseek.DeepSeek", "agno.models.deepseek.deepseek.DeepSeek"})
# Classes whose ``model=`` also takes a "provider:id" string, which agno turns into a model object.
AGNO_MODEL_OWNERS = frozenset(
    {"agno.agent.Agent", "agno.agent.agent.Agent", "agno.team.Team", "agno.team.team.Team"}
)
PHIDATA_DEEPSEEK = frozenset({"phi.model.deepseek.DeepSeekChat", "phi.model.deepseek.deepseek.DeepSeekChat"})
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
    default. phidata's `DeepSeekChat()` with no `id` also sends the retired
    `deepseek-chat`, but there is no literal to find; search for it by hand.
    """

    CODE = "DSM115"
    NAME = "retired-model-in-agno"
    PREFIXES = ("", "deepseek:")
    TRIGGERS = trigger_words(
        AGNO_DEEPSEEK, PHIDATA_DEEPSEEK, OPENROUTER_MODELS, LANGDB_MODELS, AGNO_MODEL_OWNERS
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
                return Placement(note="thinking on is the server default, so the rename keeps the behaviour")
            return Placement(
                manual=True,
                note=(
                    "phidata has no verified way to send the thinking field, and the new name thinks by default; "
                    'move to agno: DeepSeek(id="deepseek-v4-flash", use_thinking=False)'
                ),
            )
        if callee_matches(module, call.func, AGNO_MODEL_OWNERS, by_spelling=False):
            return _replace_spec(module, sink, thinking, effort, quote)
        flag = "False" if thinking is Thinking.DISABLED else "True"
        placement = add_kwarg_unless_present(module, call, "use_thinking", flag)
        if effort:
            placement = combine(
                placement,
                add_kwarg_unless_present(module, call, "reasoning_effort", f"{quote}{effort}{quote}"),
            )
        return placement

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
        return Placement(
            note="agno sends thinking enabled for the new name, as it did for the old one: renamed only"
        )
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
