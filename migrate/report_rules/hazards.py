"""Behaviour a rename cannot fix: calls that end up in V4's thinking mode, and code written for R1.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (thinking
is on by default; ``temperature``, ``top_p`` and the penalties are ignored in
it; ``tool_choice`` ``"required"`` or a named function returns 400; after a
tool call, ``reasoning_content`` must be passed back or the API returns 400).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Rule, Valid
from migrate.adapters.python.base import Sink, bound_dicts
from migrate.model import Applicability, Fix, Report, Severity, Thinking
from migrate.python.analysis import Module, Values, string_value

IGNORED_IN_THINKING = ("temperature", "top_p", "presence_penalty", "frequency_penalty")
LOGPROBS = ("logprobs", "top_logprobs")
TOKEN_LIMITS = ("max_tokens", "max_completion_tokens", "max_output_tokens")
# Reasoning counts against the output budget; below this a thinking call often ends with empty content.
SMALL_MAX_TOKENS = 2048
# Effort values DeepSeek documents (low, high, max), maps (minimal, medium, xhigh), or that clients send for off.
ACCEPTED_EFFORTS = ("low", "high", "max", "minimal", "medium", "xhigh", "none")
REASONING_FIELD = "reasoning_content"


class UnpinnedThinkingMode(Rule):
    """
    ## What it does
    Finds calls that already use a V4 name (`deepseek-v4-flash`,
    `deepseek-v4-pro`, `deepseek-flash`) without saying which thinking mode they
    want: the most common mistake of hand-made migrations.

    ## Why is this bad?
    V4 models think by default. A call migrated by hand from `deepseek-chat`
    now runs in thinking mode: slower, costlier, reasoning eats `max_tokens`,
    `temperature` is ignored and a forced `tool_choice` fails with 400.

    ## Example
    ```python
    client.chat.completions.create(model="deepseek-v4-flash", messages=m)
    ```
    Use instead (if the call came from `deepseek-chat`):
    ```python
    client.chat.completions.create(model="deepseek-v4-flash", messages=m, extra_body={"thinking": {"type": "disabled"}})
    ```

    ## Fix safety
    The fix makes today's behaviour explicit (`thinking` enabled) and is
    unsafe: only the author knows whether the call came from `deepseek-chat`
    (choose `disabled`) or `deepseek-reasoner`. Applied only with `--unsafe-fixes`.
    """

    CODE = "DSM302"
    NAME = "unpinned-thinking-mode"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid('client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "disabled"}})\n'),
        Valid('client.chat.completions.create(model="deepseek-v4-flash", messages=[], reasoning_effort="high")\n'),
        Valid('import anthropic\nanthropic.Anthropic(base_url="https://api.deepseek.com/anthropic").messages.create(model="deepseek-v4-flash", max_tokens=64, messages=[], thinking={"type": "disabled"})\n'),
        Valid('from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\nkwargs = {"model": "deepseek-v4-flash", "messages": []}\nclient.chat.completions.create(**kwargs, extra_body={"thinking": {"type": "disabled"}})\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[])\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": {"type": "enabled"}})\n',
            applicability=Applicability.UNSAFE,
            message="choose `disabled` if this call came from `deepseek-chat`",
            range=(1, 38, 1, 57),
            id="DSM302-openai-create",
        ),
        Invalid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[{"role": "user", "content": "thinking about it"}], user=thinking_budget_notes)\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[{"role": "user", "content": "thinking about it"}], user=thinking_budget_notes, extra_body={"thinking": {"type": "enabled"}})\n',
            applicability=Applicability.UNSAFE,
            range=(1, 38, 1, 57),
            id="DSM302-thinking-word-in-text-and-names",
        ),
    )  # fmt: skip


class ForcedToolChoiceInThinkingMode(Rule):
    """
    ## What it does
    Finds calls that will run in thinking mode and force a tool:
    `tool_choice="required"` or a named function, LangChain's
    `with_structured_output()` (which forces a tool call by default), or a
    pydantic-ai `Agent(..., output_type=...)` (pydantic-ai forces its output
    tool for names its DeepSeek profile does not know as thinking, such as
    `deepseek-flash`: reported for every target).

    ## Why is this bad?
    DeepSeek answers 400 to a required or named `tool_choice` in thinking
    mode. Code written for `deepseek-chat` (non-thinking) breaks if thinking is
    left on; code moved from `deepseek-reasoner` never had tools forced.

    ## Example
    ```python
    client.chat.completions.create(model="deepseek-reasoner", tools=t, tool_choice="required", messages=m)
    ```

    ## Fix safety
    Never fixed. Disable thinking for this call (`extra_body={"thinking":
    {"type": "disabled"}}`), or use `tool_choice="auto"`.
    """

    CODE = "DSM305"
    NAME = "forced-tool-choice-in-thinking-mode"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            'client.chat.completions.create(model="deepseek-chat", messages=[], tools=t, tool_choice="required")\n'
        ),
        Valid(
            'from langchain_deepseek import ChatDeepSeek\nllm = ChatDeepSeek(model="deepseek-reasoner")\n'
            's = llm.with_structured_output(A, method="json_mode")\n'
        ),
        Valid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-chat", output_type=Invoice)\n'
        ),
        Valid(  # the model bound to a name: ex-chat is migrated with thinking disabled
            "from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n"
            'model = OpenAIChatModel("deepseek-chat", provider="deepseek")\nagent = Agent(model, output_type=Invoice)\n'
        ),
    )
    INVALID = (
        Invalid(
            'client.chat.completions.create(model="deepseek-reasoner", messages=[], tools=t, tool_choice="required")\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], tools=t, tool_choice="required", extra_body={"thinking": {"type": "enabled"}})\n',
            applicability=None,
            range=(1, 81, 1, 103),
        ),
        Invalid(
            'from langchain_deepseek import ChatDeepSeek\nllm = ChatDeepSeek(model="deepseek-reasoner")\n'
            "s = llm.with_structured_output(A)\n",
            'from langchain_deepseek import ChatDeepSeek\nllm = ChatDeepSeek(model="deepseek-v4-flash", extra_body={"thinking": {"type": "enabled"}})\n'
            "s = llm.with_structured_output(A)\n",
            applicability=None,
            message="with_structured_output",
            range=(3, 5, 3, 34),
        ),
        Invalid(
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-reasoner", output_type=Invoice)\n',
            'from pydantic_ai import Agent\nagent = Agent("deepseek:deepseek-v4-flash", output_type=Invoice, model_settings={"extra_body": {"thinking": {"type": "enabled"}}})\n',
            applicability=None,
            message="output_type",
            range=(2, 45, 2, 64),
        ),
        Invalid(  # the model bound to a name, the agent built from it
            "from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n"
            'model = OpenAIChatModel("deepseek-reasoner", provider="deepseek")\nagent = Agent(model, output_type=Invoice)\n',
            "from pydantic_ai import Agent\nfrom pydantic_ai.models.openai import OpenAIChatModel\n"
            'model = OpenAIChatModel("deepseek-v4-flash", provider="deepseek", settings={"extra_body": {"thinking": {"type": "enabled"}}})\nagent = Agent(model, output_type=Invoice)\n',
            applicability=None,
            message="output_type",
            range=(4, 22, 4, 41),
        ),
    )  # fmt: skip


class IgnoredInThinkingMode(Rule):
    """
    ## What it does
    Finds calls that will run in thinking mode and set parameters thinking mode
    ignores (`temperature`, `top_p`, `presence_penalty`, `frequency_penalty`),
    ask for `logprobs`, or cap `max_tokens` below 2048.

    ## Why is this bad?
    Sampling parameters have no effect in thinking mode, so the output is not
    what the code tuned for. Reasoning tokens count against `max_tokens`: a
    small cap can be used up by reasoning, leaving empty `content` with
    `finish_reason="length"`. R1 rejected `logprobs`; V4's behaviour is not
    documented.

    ## Example
    ```python
    client.chat.completions.create(model="deepseek-reasoner", messages=m, max_tokens=512)
    ```

    ## Fix safety
    Never fixed. Raise `max_tokens` (or drop it), remove the ignored
    parameters, or disable thinking if the call does not need it.
    """

    CODE = "DSM306"
    NAME = "parameter-ignored-in-thinking-mode"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid('client.chat.completions.create(model="deepseek-chat", messages=[], temperature=0.2)\n'),
        # agno's own switch, read as a keyword (not as the text "use_thinking=False")
        Valid(
            "from agno.models.deepseek import DeepSeek\n"
            'model = DeepSeek(id="deepseek-v4-flash", use_thinking = False, temperature=0.2)\n'
        ),
    )
    INVALID = (
        Invalid(
            'client.chat.completions.create(model="deepseek-reasoner", messages=[], max_tokens=256)\n',
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], max_tokens=256, extra_body={"thinking": {"type": "enabled"}})\n',
            applicability=None,
            message="max_tokens=256",
            range=(1, 72, 1, 86),
        ),
    )  # fmt: skip


class ReasoningContentStripped(Rule):
    """
    ## What it does
    Finds code that removes `reasoning_content` from messages (`msg.pop("reasoning_content")`,
    `del msg["reasoning_content"]`, filtering the key out) in a module that sends
    tools to a call that runs in thinking mode.

    ## Why is this bad?
    R1-era `deepseek-reasoner` answered 400 when `reasoning_content` came back
    in the history, so code stripped it. V4 thinking mode is the reverse: after
    a tool call, `reasoning_content` must be passed back on the assistant turn,
    or the API answers 400 ("The `reasoning_content` in the thinking mode must
    be passed back to the API").

    ## Example
    ```python
    msg = response.choices[0].message.model_dump()
    msg.pop("reasoning_content", None)
    messages.append(msg)
    ```

    ## Fix safety
    Never fixed. Keep `reasoning_content` on assistant messages that made tool
    calls (appending `response.choices[0].message` itself keeps it).
    """

    CODE = "DSM304"
    NAME = "reasoning-content-stripped"
    SEVERITY = Severity.WARNING
    VALID = (Valid('msg.pop("reasoning_content", None)\n'),)
    INVALID = (
        Invalid(
            'r = client.chat.completions.create(model="deepseek-reasoner", messages=m, tools=TOOLS)\n'
            'msg = r.choices[0].message.model_dump()\nmsg.pop("reasoning_content", None)\n',
            'r = client.chat.completions.create(model="deepseek-v4-flash", messages=m, tools=TOOLS, extra_body={"thinking": {"type": "enabled"}})\n'
            'msg = r.choices[0].message.model_dump()\nmsg.pop("reasoning_content", None)\n',
            applicability=None,
            range=(3, 9, 3, 28),
        ),
    )  # fmt: skip


class RejectedOrIgnoredParameter(Rule):
    """
    ## What it does
    Finds requests to DeepSeek (retired or V4 names) that set what DeepSeek's
    chat completions reject or ignore: `response_format={"type": "json_schema", ...}`
    (and the openai SDK's `.parse()` with a pydantic `response_format`, which
    sends it), `max_completion_tokens`, a boolean `thinking`, or a
    `reasoning_effort` outside `low` / `high` / `max` and the values DeepSeek maps
    (`minimal`, `medium`, `xhigh`; `none`, which clients use for off).

    ## Why is this bad?
    DeepSeek answers 400 to `json_schema` ("This response_format type is
    unavailable now") and to a boolean `thinking` (only `{"type": "enabled"}` /
    `{"type": "disabled"}` work). `max_completion_tokens` is ignored: only
    `max_tokens` caps the output, so the cap the code sets never applies.

    ## Example
    ```python
    client.chat.completions.create(model="deepseek-v4-flash", messages=m, max_completion_tokens=512)
    ```
    Use instead:
    ```python
    client.chat.completions.create(model="deepseek-v4-flash", messages=m, max_tokens=512)
    ```

    ## Fix safety
    Never fixed: use `max_tokens`, `response_format={"type": "json_object"}`
    with the schema in the prompt, `{"type": "enabled"}` / `{"type": "disabled"}`
    for thinking, and a documented effort.
    """

    CODE = "DSM307"
    NAME = "parameter-rejected-or-ignored"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], max_tokens=4096, response_format={"type": "json_object"})\n'
        ),
        Valid('client.chat.completions.create(model="gpt-4o", messages=[], max_completion_tokens=512)\n'),
        Valid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], reasoning_effort="max", extra_body={"thinking": {"type": "enabled"}})\n'
        ),
    )
    INVALID = (
        Invalid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], max_completion_tokens=512, extra_body={"thinking": {"type": "disabled"}})\n',
            None,
            applicability=None,
            message="max_tokens",
            range=(1, 72, 1, 97),
        ),
        Invalid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], extra_body={"thinking": True})\n',
            None,
            applicability=None,
            message="boolean",
            range=(1, 72, 1, 101),
        ),
        Invalid(
            'client.chat.completions.create(model="deepseek-v4-flash", messages=[], reasoning_effort="extreme", extra_body={"thinking": {"type": "enabled"}})\n',
            None,
            applicability=None,
            message="extreme",
            range=(1, 72, 1, 98),
        ),
        Invalid(
            'client.beta.chat.completions.parse(model="deepseek-chat", messages=[], response_format=Answer)\n',
            'client.beta.chat.completions.parse(model="deepseek-v4-flash", messages=[], response_format=Answer, extra_body={"thinking": {"type": "disabled"}})\n',
            applicability=None,
            message="json_schema",
            range=(1, 72, 1, 94),
        ),
    )  # fmt: skip


def effective_thinking(module: Module, sink: Sink, values: Values) -> Thinking | None:
    """The thinking mode a sink's requests run in once migrated, or None when unknown or mixed.

    The client's own switch (agno's ``use_thinking=``, an endpoint with no thinking mode such as
    FIM) decides first: the migration keeps it as written."""
    own = sink.adapter.explicit_thinking(module, sink)
    if own is not None:
        return own
    modes = values.modes
    if len(modes) == 1:
        return next(iter(modes))
    if modes or not values.literals:
        return None
    return _explicit_thinking(module, sink) or Thinking.ENABLED


def _explicit_thinking(module: Module, sink: Sink) -> Thinking | None:
    own = sink.adapter.explicit_thinking(module, sink)
    if own is not None:
        return own
    return thinking_set_by([sink.node], module)


def thinking_set_by(nodes: Iterable[cst.CSTNode], module: Module) -> Thinking | None:
    """The thinking mode the keywords and dict keys under ``nodes`` set; None when they set none."""
    settings = [value for node in nodes for value in _thinking_settings(node, module)]
    if not settings:
        return None
    if any(_turns_off(value) for value in settings):
        return Thinking.DISABLED
    return Thinking.ENABLED


def _thinking_settings(node: cst.CSTNode, module: Module, depth: int = 0) -> Iterator[cst.BaseExpression]:
    """The values of the keywords and dict keys under ``node`` that set the thinking mode
    (``thinking=``, ``"thinking": ...`` at any depth such as in ``extra_body``, a reasoning effort),
    through a name bound to a dict display (``extra_body=EXTRA``); the words in comments, strings,
    other keys, names and the message history do not count."""
    key: str | None = None
    value: cst.BaseExpression | None = None
    if isinstance(node, cst.Arg) and node.keyword is not None:
        key, value = node.keyword.value, node.value
    elif isinstance(node, cst.DictElement):
        key, value = string_value(node.key), node.value
    if key == "messages":
        return
    if key is not None and value is not None and _is_thinking_key(key):
        yield value
    elif key in SETTINGS_HOLDERS and isinstance(value, cst.Name) and depth < 3:
        for shown in bound_dicts(module, value) or ():
            yield from _thinking_settings(shown, module, depth + 1)
    for child in node.children:
        yield from _thinking_settings(child, module, depth)


# The keywords and keys that set a thinking mode: DeepSeek's request field, the switches of the
# clients and of OpenAI-compatible servers, and the reasoning efforts.
THINKING_KEYS = frozenset({"thinking", "use_thinking", "enable_thinking", "thinking_mode", "thinking_budget"})
# Keywords and keys whose dict carries request fields: followed through a name bound to a display.
SETTINGS_HOLDERS = frozenset(
    {"extra_body", "model_kwargs", "model_settings", "settings", "request_params", "litellm_params"}
)


def _is_thinking_key(key: str) -> bool:
    return key in THINKING_KEYS or key == "effort" or key.endswith("reasoning_effort")


def _turns_off(value: cst.CSTNode) -> bool:
    if isinstance(value, cst.Name):
        return value.value == "False"
    if isinstance(value, cst.SimpleString):
        return string_value(value) in ("disabled", "none")
    return any(_turns_off(child) for child in value.children)


def hazard_reports(module: Module, reached: Iterable[tuple[Sink, Values]]) -> Iterator[Report]:
    thinking_sinks: list[Sink] = []
    for sink, values in reached:
        mode = effective_thinking(module, sink, values)
        if values.literals and sink.host.deepseek and isinstance(sink.node, cst.Call):
            yield from _rejected_or_ignored(module, sink.node)
        if values.literals and not values.retired and not values.externals:
            yield from _unpinned(module, sink, values)
        if mode is Thinking.ENABLED and isinstance(sink.node, cst.Call):
            thinking_sinks.append(sink)
            yield from _call_hazards(module, sink.node)
            yield from sink.adapter.hazards(module, sink)
    if any(isinstance(s.node, cst.Call) and module.kwarg(s.node, "tools") for s in thinking_sinks):
        yield from _stripped_reasoning(module)


def _unpinned(module: Module, sink: Sink, values: Values) -> Iterator[Report]:
    if _explicit_thinking(module, sink) is not None or not sink.host.deepseek:
        return
    lit = values.literals[0]
    placement = sink.adapter.place(module, sink, Thinking.ENABLED, lit.quote)
    if not placement.edits:
        return
    yield UnpinnedThinkingMode.report(
        start=lit.start,
        end=lit.end,
        old=lit.value,
        message=(
            f"`{lit.value}` thinks by default and {sink.what} does not say which mode it wants; "
            "this fix makes thinking enabled explicit: choose `disabled` if this call came from `deepseek-chat`"
        ),
        fix=Fix(Applicability.UNSAFE, "Make thinking enabled explicit", placement.edits),
    )


def _call_hazards(module: Module, call: cst.Call) -> Iterator[Report]:
    for arg in call.args:
        if arg.keyword is None:
            continue
        key = arg.keyword.value
        start, end = module.span(arg)
        if key == "tool_choice" and _forces_tool(arg.value):
            yield ForcedToolChoiceInThinkingMode.report(
                start=start,
                end=end,
                message=(
                    f"`{_short(module.source(arg))}` in thinking mode: DeepSeek answers 400 to a required or named "
                    'tool_choice; disable thinking for this call or use tool_choice="auto"'
                ),
            )
        elif key in IGNORED_IN_THINKING or key in LOGPROBS:
            what = "has no effect" if key in IGNORED_IN_THINKING else "may be rejected (R1 rejected it)"
            yield IgnoredInThinkingMode.report(
                start=start,
                end=end,
                message=f"`{key}` {what} in thinking mode; remove it or disable thinking for this call",
            )
        elif (
            key in TOKEN_LIMITS
            and isinstance(arg.value, cst.Integer)
            and int(arg.value.value) < SMALL_MAX_TOKENS
        ):
            yield IgnoredInThinkingMode.report(
                start=start,
                end=end,
                message=(
                    f"`{key}={arg.value.value}` in thinking mode: reasoning counts against it and can use it up, "
                    'leaving empty content (finish_reason="length"); raise it or disable thinking'
                ),
            )


def _rejected_or_ignored(module: Module, call: cst.Call) -> Iterator[Report]:
    parse = isinstance(call.func, cst.Attribute) and call.func.attr.value == "parse"
    for arg in call.args:
        if arg.keyword is None:
            continue
        key, value = arg.keyword.value, arg.value
        message = None
        if key == "max_completion_tokens":
            message = (
                "DeepSeek ignores `max_completion_tokens` on chat completions: only `max_tokens` caps the output; "
                "use max_tokens"
            )
        elif key == "response_format" and (
            _schema_format(value) or (parse and not isinstance(value, cst.Dict))
        ):
            message = (
                'sends response_format type "json_schema", which DeepSeek answers with 400 on chat completions; '
                'use response_format={"type": "json_object"} with the schema in the prompt and validate the reply'
            )
        elif key == "thinking" and _boolean(value):
            message = _BOOLEAN_THINKING
        elif key == "extra_body" and isinstance(value, cst.Dict):
            thinking = _dict_value(value, "thinking")
            if thinking is not None and _boolean(thinking):
                message = _BOOLEAN_THINKING
        elif key == "reasoning_effort" and string_value(value) not in (None, *ACCEPTED_EFFORTS):
            message = (
                f"`reasoning_effort={string_value(value)!r}` is not one DeepSeek documents (low, high, max) "
                "or maps (minimal, medium, xhigh); use one of those"
            )
        if message is not None:
            start, end = module.span(arg)
            yield RejectedOrIgnoredParameter.report(start=start, end=end, message=message)


_BOOLEAN_THINKING = 'a boolean `thinking` is answered with 400: DeepSeek takes only {"type": "enabled"} or {"type": "disabled"}'


def _schema_format(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Dict) and string_value(_dict_value(value, "type")) == "json_schema"


def _dict_value(node: cst.Dict, key: str) -> cst.BaseExpression | None:
    for element in node.elements:
        if isinstance(element, cst.DictElement) and string_value(element.key) == key:
            return element.value
    return None


def _boolean(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value in ("True", "False")


def _forces_tool(value: cst.BaseExpression) -> bool:
    if string_value(value) == "required":
        return True
    if isinstance(value, cst.Dict):
        return any(
            isinstance(e, cst.DictElement) and string_value(e.key) in ("function", "name")
            for e in value.elements
        )
    return False


def _stripped_reasoning(module: Module) -> Iterator[Report]:
    for node in module.strings:
        if string_value(node) != REASONING_FIELD:
            continue
        parent = module.parent(node)
        call = module.parent(parent) if isinstance(parent, cst.Arg) else None
        popped = (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "pop"
        )
        deleted = isinstance(parent, cst.Index) and any(
            isinstance(a, cst.Del) for a in module.ancestors(node)
        )
        filtered = isinstance(parent, cst.ComparisonTarget) and isinstance(
            parent.operator, (cst.NotEqual, cst.NotIn)
        )
        strips = popped or deleted or filtered
        if strips:
            start, end = module.span(node)
            yield ReasoningContentStripped.report(
                start=start,
                end=end,
                message=(
                    "removes `reasoning_content` from messages while this module sends tools in thinking mode; "
                    "V4 requires it to be passed back after tool calls or answers 400"
                ),
            )


def _short(source: str, limit: int = 50) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
