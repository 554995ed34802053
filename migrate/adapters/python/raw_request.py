"""Raw request bodies: dict displays sent with requests, httpx, aiohttp or ``json.dumps``.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (OpenAI
format) and https://api-docs.deepseek.com/guides/anthropic_api (Anthropic
format): both read a top-level ``"thinking": {"type": ...}`` field.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    DEEPSEEK,
    Host,
    Placement,
    PythonAdapter,
    Sink,
    combine,
    host_of_url,
    thinking_value,
)
from migrate.adapters.python.openai_sdk import is_chat_method
from migrate.model import Applicability, Edit, Thinking
from migrate.python.analysis import Module, dotted, string_value

# Keys that mark a dict as a chat request body rather than, say, a config entry.
BODY_KEYS = ("messages",)


class RawRequest(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names in request bodies built by hand: a dict
    display with a `"model"` and a `"messages"` key, posted with `requests`,
    `httpx`, `aiohttp` or serialised with `json.dumps`.

    ## Why is this bad?
    The retired names fail at the API. `deepseek-v4-flash` thinks by default, so
    a body that used `deepseek-chat` must also send `"thinking": {"type":
    "disabled"}` at the top level, where both the OpenAI-format and the
    Anthropic-format endpoints read it.

    ## Example
    ```python
    body = {"model": "deepseek-chat", "messages": msgs}
    requests.post("https://api.deepseek.com/chat/completions", json=body)
    ```
    Use instead:
    ```python
    body = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}
    requests.post("https://api.deepseek.com/chat/completions", json=body)
    ```

    ## Fix safety
    Safe when the body is a dict display; a `"thinking"` key already present is
    respected. Unsafe when the dict also unpacks another mapping (`**defaults`),
    which may carry its own `"thinking"`. When the body is unpacked into an
    openai SDK call (`create(**body)`), the field is spelled
    `"extra_body": {"thinking": ...}` instead, since a `thinking=` keyword raises
    `TypeError` there. Bodies posted to a URL that is not DeepSeek's are never
    rewritten (DSM103).
    """

    CODE = "DSM102"
    NAME = "retired-model-in-request-body"

    VALID = (
        Valid('body = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "enabled"}}\n'),
        Valid('entry = {"model": "gpt-4o", "messages": []}\n'),
    )
    INVALID = (
        Invalid(
            'import requests\nbody = {"model": "deepseek-chat", "messages": []}\n'
            'requests.post("https://api.deepseek.com/chat/completions", json=body)\n',
            'import requests\nbody = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "disabled"}}\n'
            'requests.post("https://api.deepseek.com/chat/completions", json=body)\n',
        ),
        Invalid(
            'payload = {\n    "model": "deepseek-reasoner",\n    "messages": msgs,\n}\n',
            'payload = {\n    "model": "deepseek-v4-flash",\n    "messages": msgs,\n'
            '    "thinking": {"type": "enabled"},\n}\n',
        ),
        Invalid(
            'payload = {**BASE, "model": "deepseek-chat", "messages": msgs}\n',
            'payload = {**BASE, "model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n',
            applicability=Applicability.UNSAFE,
        ),
    )

    def sinks(self, module: Module) -> Iterator[Sink]:
        for node in module.dicts:
            model = module.dict_get(node, "model")
            if model is None or not all(module.dict_get(node, k) is not None for k in BODY_KEYS):
                continue
            yield Sink(self, node, model.value, self._host(module, node), what="this request body")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Dict)
        node = sink.node
        spread_into = _spread_into(module, node)
        if spread_into is not None and is_chat_method(dotted(spread_into.func)):
            key = "extra_body"
            value: dict[str, object] = {"thinking": thinking_value(thinking)}
            existing = module.dict_get(node, "extra_body")
            if existing is not None:
                if (
                    isinstance(existing.value, cst.Dict)
                    and module.dict_get(existing.value, "thinking") is None
                ):
                    rendered = module.dict_value_source(thinking_value(thinking), quote)
                    return Placement(
                        edits=(module.add_dict_item(existing.value, f"{quote}thinking{quote}", rendered),)
                    )
                return Placement(note="extra_body is already set")
        else:
            key, value = "thinking", thinking_value(thinking)
        if module.dict_get(node, key) is not None:
            return Placement(note=f"the body already sets {key!r}")
        edit = module.add_dict_item(node, f"{quote}{key}{quote}", module.dict_value_source(value, quote))
        placement = Placement(edits=(edit,))
        if module.dict_has_star(node):
            placement = Placement(
                edits=(edit,),
                applicability=Applicability.UNSAFE,
                note=f"the body also unpacks another mapping that may set {key!r}",
            )
        effort = module.rules.reasoning_effort
        if thinking is Thinking.ENABLED and effort and module.dict_get(node, "reasoning_effort") is None:
            placement = combine(placement, Placement(edits=(_effort_edit(module, node, effort, quote),)))
        return placement

    def _host(self, module: Module, node: cst.Dict) -> Host:
        for call in _posted_by(module, node):
            url = module.positional(call, 0) or module.kwarg(call, "url")
            if url is not None:
                host = host_of_url(module, url.value)
                if host is not None:
                    return host
        for literal in module.strings:
            value = string_value(literal)
            if value and value.startswith(("http://", "https://")) and _is_llm_endpoint(value):
                host = host_of_url(module, literal)
                if host is not None and not host.deepseek:
                    return host
        return DEEPSEEK


def _effort_edit(module: Module, node: cst.Dict, effort: str, quote: str) -> Edit:
    return module.add_dict_item(node, f"{quote}reasoning_effort{quote}", f"{quote}{effort}{quote}")


def _is_llm_endpoint(url: str) -> bool:
    return any(p in url for p in ("/chat/completions", "/v1/messages", "/completions", "/anthropic"))


def _bound_reads(module: Module, node: cst.Dict) -> list[cst.CSTNode]:
    reads = module.bound_reads(node)
    return [node] if reads is None else reads


def _posted_by(module: Module, node: cst.Dict) -> Iterator[cst.Call]:
    for read in _bound_reads(module, node):
        arg = module.parent(read)
        call = module.parent(arg) if isinstance(arg, cst.Arg) else None
        if (
            isinstance(call, cst.Call)
            and isinstance(arg, cst.Arg)
            and arg.keyword
            and arg.keyword.value in ("json", "data")
        ):
            yield call


def _spread_into(module: Module, node: cst.Dict) -> cst.Call | None:
    for read in _bound_reads(module, node):
        arg = module.parent(read)
        if isinstance(arg, cst.Arg) and arg.star == "**":
            call = module.parent(arg)
            if isinstance(call, cst.Call):
                return call
    return None
