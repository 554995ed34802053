"""Code that asks an installed library what a model can do, by its name.

Sources of truth: litellm's ``model_prices_and_context_window_backup.json``
(the map bundled in each wheel; ``deepseek-v4-flash`` / ``deepseek/deepseek-v4-flash``
first appear in litellm 1.90.0, read from the wheels of 1.89.7 and 1.90.0; at
import litellm fetches the current map from GitHub unless
``LITELLM_LOCAL_MODEL_COST_MAP=True`` or offline), its ``supports_*`` helpers
(``supports_factory`` answers False for a name the map lacks; ``get_model_info``
raises) and llama-index-llms-deepseek's ``utils.py``
(``FUNCTION_CALLING_MODELS = {"deepseek-chat"}``, 64000 tokens for every name).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Rule, Valid
from migrate.hosts import FIRST_PARTY_PREFIXES
from migrate.model import Report, Severity
from migrate.pins import Pin, Version
from migrate.python.analysis import ModelLiteral, Module, dotted

# The first litellm whose bundled map knows deepseek-v4-flash.
LITELLM_KNOWS_V4: Version = (1, 90, 0)
LITELLM_LOOKUPS = frozenset({"get_model_info", "get_max_tokens"})
LITELLM_MAP = "litellm.model_cost"
LLAMA_INDEX_DEEPSEEK = frozenset(
    {"llama_index.llms.deepseek.DeepSeek", "llama_index.llms.deepseek.base.DeepSeek"}
)
TRIGGERS = frozenset(
    {"litellm", "supports_", "model_cost", "get_model_info", "get_max_tokens", "llama_index"}
)


class CapabilityLookup(Rule):
    """
    ## What it does
    Finds code that asks an installed library what a DeepSeek model can do, by
    its name, where the name is a V4 id or a retired one the migration renames:
    litellm's `supports_function_calling()`, `supports_reasoning()`,
    `supports_vision()` and the other `supports_*()` helpers,
    `get_model_info()`, `get_max_tokens()` and `litellm.model_cost[...]`; and
    llama-index's `DeepSeek(model="deepseek-v4-flash")` without
    `is_function_calling_model=`, whose package decides tool support from a
    table of names.

    ## Why is this bad?
    These answers come from a table shipped with the library. A library older
    than the V4 names does not know them: litellm before 1.90.0 (with its
    bundled map: offline, or `LITELLM_LOCAL_MODEL_COST_MAP=True`) answers
    `False` from `supports_*()` and raises from `get_model_info()` and
    `model_cost[...]`; llama-index-llms-deepseek (0.4.1 and earlier) lists only
    `deepseek-chat` as able to call functions, so a V4 model gets
    `is_function_calling_model=False` and `FunctionAgent` stops using tools.
    Even a library that knows the new name answers differently for it than
    for the old one (`supports_reasoning("deepseek/deepseek-v4-flash")` is
    True, `deepseek-chat` was False; 1M context instead of 128K), so code that
    branches on the answer changes behaviour after the rename. When the project
    pins litellm (`requirements*.txt`, `pyproject.toml`, `poetry.lock`,
    `uv.lock`), the message says whether that version knows the name.

    ## Example
    ```python
    if litellm.supports_function_calling(model="deepseek/deepseek-v4-flash"):
        kwargs["tools"] = TOOLS
    ```

    ## Fix safety
    Never fixed: upgrade litellm to 1.90.0 or later (and check the branch the
    answer feeds), or pass `is_function_calling_model=True` (and
    `context_window=1000000`) to llama-index's `DeepSeek`. llama-index's
    `OpenAILike` does not read tool support from the name, so it is not
    reported.
    """

    CODE = "DSM308"
    NAME = "model-capability-lookup"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid('import litellm\nok = litellm.supports_function_calling(model="gpt-4o")\n'),
        Valid('import litellm\nok = litellm.supports_function_calling(model="openrouter/deepseek/deepseek-v4-flash")\n'),
        Valid('import litellm\nr = litellm.completion(model="deepseek/deepseek-v4-flash", messages=[], thinking={"type": "disabled"})\n'),
        Valid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-v4-flash", is_function_calling_model=True, additional_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})\n'
        ),
        Valid('from llama_index.llms.openai_like import OpenAILike\nllm = OpenAILike(model="deepseek-v4-flash", is_chat_model=True)\n'),
        Valid('supports_function_calling = {"deepseek-v4-flash": True}\nok = supports_function_calling["deepseek-v4-flash"]\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'import litellm\nif litellm.supports_function_calling(model="deepseek/deepseek-v4-flash"):\n    pass\n',
            None,
            applicability=None,
            message="may return False or raise",
            range=(2, 44, 2, 72),
        ),
        Invalid(
            'from litellm import supports_reasoning\nMODEL = "deepseek-chat"\nthinks = supports_reasoning(MODEL)\n',
            None,
            applicability=None,
            message="answers for `deepseek-v4-flash` differ from `deepseek-chat`'s",
            range=(3, 29, 3, 34),
            id="DSM308-retired-constant-reaches-a-lookup",
        ),
        Invalid(
            'import litellm\nprice = litellm.model_cost["deepseek/deepseek-v4-pro"]["input_cost_per_token"]\n',
            None,
            applicability=None,
            message="`litellm.model_cost[...]`",
            range=(2, 28, 2, 54),
        ),
        Invalid(
            'from llama_index.llms.deepseek import DeepSeek\nllm = DeepSeek(model="deepseek-v4-flash", api_key=KEY)\n',
            None,
            applicability=None,
            message="is_function_calling_model=True",
            range=(2, 22, 2, 41),
            id="DSM308-llama-index-function-calling-table",
        ),
    )  # fmt: skip


def capability_reports(module: Module) -> Iterator[Report]:
    if not module.mentions(TRIGGERS):
        return
    for call in module.calls:
        name = _litellm_lookup(module, call.func)
        if name is not None:
            arg = module.kwarg(call, "model") or module.positional(call, 0)
            if arg is not None:
                yield from _litellm_report(module, arg.value, f"`litellm.{name}()`")
        elif (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "get"
            and _is_litellm_map(module, call.func.value)
        ):
            arg = module.positional(call, 0)
            if arg is not None:
                yield from _litellm_report(module, arg.value, "`litellm.model_cost.get()`")
        elif _is_llama_index_deepseek(module, call):
            yield from _llama_index_report(module, call)
    for node in module.literals:
        index = module.parent(node)
        element = module.parent(index) if isinstance(index, cst.Index) else None
        subscript = module.parent(element) if isinstance(element, cst.SubscriptElement) else None
        if isinstance(subscript, cst.Subscript) and _is_litellm_map(module, subscript.value):
            yield from _litellm_report(module, node, "`litellm.model_cost[...]`")


def _litellm_lookup(module: Module, func: cst.BaseExpression) -> str | None:
    """The name of the litellm helper ``func`` is (``supports_vision``, ``get_model_info``), if it is one."""
    for name in module.qualified(func) or {dotted(func)}:
        parts = name.split(".")
        if parts[0] == "litellm" and len(parts) > 1:
            last = parts[-1]
            if last.startswith("supports_") or last in LITELLM_LOOKUPS:
                return last
    return None


def _is_litellm_map(module: Module, expr: cst.BaseExpression) -> bool:
    return LITELLM_MAP in (module.qualified(expr) or {dotted(expr)})


def _is_llama_index_deepseek(module: Module, call: cst.Call) -> bool:
    return bool(module.qualified(call.func) & LLAMA_INDEX_DEEPSEEK)


def _deepseek_literals(module: Module, expr: cst.BaseExpression) -> list[ModelLiteral]:
    return [lit for lit in module.values(expr).literals if lit.prefix in FIRST_PARTY_PREFIXES]


def _litellm_report(module: Module, expr: cst.BaseExpression, what: str) -> Iterator[Report]:
    found = _deepseek_literals(module, expr)
    if not found:
        return
    lit = found[0]
    old = lit.name if lit.rename is not None else None
    new = lit.rename.new if lit.rename is not None else lit.name
    pin = module.pins.get("litellm")
    known = pin is not None and pin.all_at_least(LITELLM_KNOWS_V4)
    if known and old is None:
        return  # the pinned litellm knows the V4 name, and nothing is renamed
    parts: list[str] = []
    if old is not None:
        parts.append(
            f"after the rename {what} answers for `{new}`, and the answers for `{new}` differ from `{old}`'s "
            "(reasoning, vision, a 1M context): check the code that uses the answer"
        )
    if pin is not None and pin.all_below(LITELLM_KNOWS_V4):
        parts.append(_old_litellm(pin, new, what))
    elif not known:
        where = (
            f"{pin.spec} ({pin.source}) allows older ones"
            if pin is not None
            else "no litellm version is pinned"
        )
        parts.append(
            f"litellm before 1.90.0 does not know `{new}` in its bundled model map ({where}): with that map "
            f"(offline, or LITELLM_LOCAL_MODEL_COST_MAP=True) {what} may return False or raise"
        )
    start, end = module.span(expr)
    yield CapabilityLookup.report(start=start, end=end, message="; ".join(parts))


def _old_litellm(pin: Pin, new: str, what: str) -> str:
    return (
        f"the project pins {pin.spec} ({pin.source}), whose bundled model map predates `{new}`: {what} returns "
        "False or raises with that map (offline, or LITELLM_LOCAL_MODEL_COST_MAP=True); litellm>=1.90.0 knows it"
    )


def _llama_index_report(module: Module, call: cst.Call) -> Iterator[Report]:
    if module.kwarg(call, "is_function_calling_model") is not None or module.has_star_kwargs(call):
        return
    arg = module.positional(call, 0) or module.kwarg(call, "model")
    if arg is None:
        return
    # A retired name is the adapter's (DSM114): its fix keeps what the package computed for the old name.
    found = [lit for lit in _deepseek_literals(module, arg.value) if lit.rename is None]
    if not found:
        return
    start, end = module.span(arg.value)
    yield CapabilityLookup.report(
        start=start,
        end=end,
        message=(
            "llama-index-llms-deepseek (every release up to 0.4.1) decides tool support by name "
            f"(FUNCTION_CALLING_MODELS = {{'deepseek-chat'}}): "
            f"`{found[0].name}` gets is_function_calling_model=False, so FunctionAgent and predict_and_call stop "
            "using tools, and a 64000-token context window; pass is_function_calling_model=True "
            "(and context_window=1000000)"
        ),
    )
