"""llama-index: the ``DeepSeek`` LLM of ``llama-index-llms-deepseek``, and ``OpenAILike`` pointed at DeepSeek.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field) and the package's
``llama_index/llms/deepseek/{base,utils}.py``: ``additional_kwargs`` is passed
to the openai SDK call, and ``FUNCTION_CALLING_MODELS = {"deepseek-chat"}``.
``llama-index-llms-openai-like``'s ``OpenAILike`` passes ``additional_kwargs`` the same
way; it sends chat requests only with ``is_chat_model=True`` (else the completions endpoint).
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
    host_of_url,
    thinking_value,
    trigger_words,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Thinking
from migrate.python.analysis import Module, dotted

DEEPSEEK_LLMS = frozenset({"llama_index.llms.deepseek.DeepSeek", "llama_index.llms.deepseek.base.DeepSeek"})
OPENAI_LIKE = frozenset(
    {"llama_index.llms.openai_like.OpenAILike", "llama_index.llms.openai_like.base.OpenAILike"}
)


class LlamaIndex(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names given to llama-index's `DeepSeek` LLM
    (`from llama_index.llms.deepseek import DeepSeek`): `DeepSeek(model="deepseek-chat", api_key=...)`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. Their
    successor `deepseek-v4-flash` thinks by default, so ex-`deepseek-chat` code
    must also send `"thinking": {"type": "disabled"}`; in llama-index that is
    `additional_kwargs={"extra_body": {...}}` (a `"thinking"` key directly in
    `additional_kwargs` raises `TypeError` in the openai SDK). The package also
    decides tool support by name: `FUNCTION_CALLING_MODELS = {"deepseek-chat"}`,
    so after a bare rename `metadata.is_function_calling_model` turns `False`
    and `FunctionAgent`, `predict_and_call` and structured output stop using tools.

    ## Example
    ```python
    llm = DeepSeek(model="deepseek-chat", api_key=key)
    ```
    Use instead:
    ```python
    llm = DeepSeek(model="deepseek-v4-flash", api_key=key, additional_kwargs={"extra_body": {"thinking": {"type": "disabled"}}}, is_function_calling_model=True)
    ```

    ## Fix safety
    Safe when the model is a literal (or a constant that only feeds calls the
    tool understands): `additional_kwargs=` is added, or merged into the dict
    literal that is already there, down into its `"extra_body"` dict; a
    `"thinking"` already there is respected. An ex-`deepseek-chat` call also
    gets `is_function_calling_model=True`, what the package computed for the old
    name, unless the call sets it. Ex-`deepseek-reasoner` calls keep the
    package's `False` (the old name was not in the table), so nothing is added.
    The context window is unchanged: the package uses 64000 for unknown names,
    as it did for both old ones. Unsafe when `additional_kwargs=` (or its
    `"extra_body"`) is not a dict literal or the call passes `**kwargs`: the
    message says what to add. With `--reasoning-effort`, an enabled call gets
    `"reasoning_effort": ...` in `additional_kwargs` (the constructor's own
    `reasoning_effort=` is never sent). An `api_base` that is not DeepSeek's is
    never rewritten (DSM103).
    `OpenAILike(model=..., api_base=..., is_chat_model=True)` is handled the same
    way (its tool support is its own `is_function_calling_model=`, not the name,
    so nothing else is added); its host is its `api_base` (unknown without one:
    `OPENAI_API_BASE` decides, so the fix is unsafe). One without
    `is_chat_model=True` sends the completions endpoint, DeepSeek's FIM: no
    finding of this rule (the name is reported for manual review).
    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM114"
    NAME = "retired-model-in-llama-index"
    TRIGGERS = trigger_words(DEEPSEEK_LLMS | OPENAI_LIKE)

    VALID = (
        Valid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-v4-flash", additional_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})\n'
        ),
        Valid('from llama_index.llms.deepseek import DeepSeek\nllm = DeepSeek(model="deepseek-chat-v3-0324")\n'),
        Valid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-chat", api_base="https://gateway.example.com/v1")\n'
        ),
        Valid('from llama_index.llms.openai_like import OpenAILike\nllm = OpenAILike(model="deepseek-ai/DeepSeek-V3")\n'),
        Valid(
            'from llama_index.llms.openai_like import OpenAILike\n'
            'llm = OpenAILike(model="deepseek-chat", api_base="https://openrouter.ai/api/v1", is_chat_model=True)\n'
        ),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-chat", api_key="sk-...")\n',
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-v4-flash", api_key="sk-...", additional_kwargs={"extra_body": {"thinking": {"type": "disabled"}}}, is_function_calling_model=True)\n',
            range=(2, 22, 2, 37),
        ),
        Invalid(
            "from llama_index.llms.deepseek import DeepSeek\nllm = DeepSeek(\n    'deepseek-reasoner',\n"
            "    api_key=KEY,\n    additional_kwargs={'user': 'u1'},\n)\n",
            "from llama_index.llms.deepseek import DeepSeek\nllm = DeepSeek(\n    'deepseek-v4-flash',\n"
            "    api_key=KEY,\n    additional_kwargs={'user': 'u1', 'extra_body': {'thinking': {'type': 'enabled'}}},\n)\n",
            range=(3, 5, 3, 24),
        ),
        Invalid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-chat", additional_kwargs={"extra_body": {"thinking": {"type": "enabled"}}}, is_function_calling_model=False)\n',
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-v4-flash", additional_kwargs={"extra_body": {"thinking": {"type": "enabled"}}}, is_function_calling_model=False)\n',
            message="already sets 'thinking'",
            range=(2, 22, 2, 37),
        ),
        Invalid(
            'from llama_index.llms.deepseek import DeepSeek\n'
            'llm = DeepSeek(model="deepseek-chat", additional_kwargs=EXTRA)\n',
            None,
            applicability=None,
            message='make it carry {"extra_body": {"thinking": {"type": "disabled"}}} by hand',
            range=(2, 22, 2, 37),
        ),
        Invalid(
            'from llama_index.llms.openai_like import OpenAILike\n'
            'llm = OpenAILike(model="deepseek-chat", api_base="https://api.deepseek.com/v1", api_key=KEY, is_chat_model=True)\n',
            'from llama_index.llms.openai_like import OpenAILike\n'
            'llm = OpenAILike(model="deepseek-v4-flash", api_base="https://api.deepseek.com/v1", api_key=KEY, is_chat_model=True, additional_kwargs={"extra_body": {"thinking": {"type": "disabled"}}})\n',
            range=(2, 24, 2, 39),
            id="DSM114-openai-like-chat",
        ),
        Invalid(
            'from llama_index.llms.openai_like import OpenAILike\n'
            'llm = OpenAILike(model="deepseek-reasoner", is_chat_model=True)\n',
            'from llama_index.llms.openai_like import OpenAILike\n'
            'llm = OpenAILike(model="deepseek-v4-flash", is_chat_model=True, additional_kwargs={"extra_body": {"thinking": {"type": "enabled"}}})\n',
            applicability=Applicability.UNSAFE,
            message="sets no api_base",
            range=(2, 24, 2, 43),
            id="DSM114-openai-like-without-api-base-unsafe",
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            if callee_matches(module, call.func, OPENAI_LIKE):
                yield from self._openai_like(module, call)
                continue
            if not callee_matches(module, call.func, DEEPSEEK_LLMS) or module.kwarg(call, "id") is not None:
                continue  # ``id=`` is agno's DeepSeek, spelled the same when no import shows which
            model = module.positional(call, 0) or module.kwarg(call, "model")
            if model is None:
                continue
            url = module.positional(call, 2) or module.kwarg(call, "api_base")
            host = host_of_url(module, url.value if url else None) or DEEPSEEK
            yield Sink(self, call, model.value, host, what=f"`{dotted(call.func)}()`")

    def _openai_like(self, module: Module, call: cst.Call) -> Iterator[Sink]:
        model = module.kwarg(call, "model")
        chat = module.kwarg(call, "is_chat_model")
        if (
            model is None
            or chat is None
            or not (isinstance(chat.value, cst.Name) and chat.value.value == "True")
        ):
            return
        url = module.kwarg(call, "api_base")
        host = host_of_url(module, url.value if url else None) or Host(
            unknown=f"`{dotted(call.func)}()` at line {module.line(call)} sets no api_base: "
            "it comes from OPENAI_API_BASE (or api.openai.com)"
        )
        yield Sink(self, call, model.value, host, what=f"`{dotted(call.func)}()`")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        call = sink.node
        extra = module.kwarg(call, "additional_kwargs")
        if extra is not None and _extra_body_sets_thinking(module, extra.value):
            placement = Placement(note="additional_kwargs['extra_body'] already sets 'thinking'")
        else:
            value: dict[str, object] = {"extra_body": {"thinking": thinking_value(thinking)}}
            effort = module.rules.reasoning_effort
            if thinking is Thinking.ENABLED and effort:
                value["reasoning_effort"] = effort
            placement = deep_merge_into_dict_kwarg(
                module, call, "additional_kwargs", value, quote, what=sink.what
            )
        if thinking is Thinking.DISABLED and not callee_matches(module, call.func, OPENAI_LIKE):
            # The old name was in FUNCTION_CALLING_MODELS; the new one is not.
            placement = combine(
                placement, add_kwarg_unless_present(module, call, "is_function_calling_model", "True")
            )
        return placement


def _extra_body_sets_thinking(module: Module, node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Dict):
        return False
    body = module.dict_get(node, "extra_body")
    return (
        body is not None
        and isinstance(body.value, cst.Dict)
        and module.dict_get(body.value, "thinking") is not None
    )
