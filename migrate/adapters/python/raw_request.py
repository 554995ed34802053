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
    Placement,
    PythonAdapter,
    Sink,
    client_host,
    combine,
    host_of_url,
    kwarg_host,
    merge_items_into_dict_kwarg,
    thinking_value,
)
from migrate.adapters.python.openai_sdk import is_chat_method, sdk_call_host
from migrate.hosts import DEEPSEEK, Host, join_hosts
from migrate.model import Applicability, Edit, Thinking
from migrate.python.analysis import Module, dotted, string_value
from migrate.report_rules.hazards import thinking_set_by

# Keys that mark a dict as a chat request body rather than, say, a config entry.
BODY_KEYS = ("messages",)
# A body is sent when it is passed as one of BODY_KEYWORDS to a call whose method ends with one of
# HTTP_METHODS (requests, httpx, aiohttp, urllib's Request, a wrapper such as ``_post``), or
# unpacked into one of SDK_METHODS.
BODY_KEYWORDS = ("json", "data", "content")
HTTP_METHODS = ("post", "put", "patch", "request", "stream")
SDK_METHODS = frozenset({"create", "parse", "stream", "completion", "acompletion"})


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
    Safe when the body is a dict display the tool sees reach a request: passed as
    `json=`, `data=` or `content=` to a `post`/`put`/`patch`/`request`/`stream` call
    (or one whose name ends so, such as `_post`; the dict itself or
    `json.dumps(body)`), or unpacked into an SDK call such as
    `create(**body)`; a `"thinking"` key already present is respected. Unsafe when
    the dict goes anywhere else or nowhere visible (returned, passed to a function,
    a record given to `insert(record)`): it may not be a request body at all.
    Unsafe when the dict also unpacks another mapping (`**defaults`),
    which may carry its own `"thinking"`. When the body is unpacked into an
    openai SDK call (`create(**body)`), the field is spelled
    `"extra_body": {"thinking": ...}` instead, since a `thinking=` keyword raises
    `TypeError` there; when the call passes its own `extra_body=`, the switch
    goes into that one. Request options without the messages
    (`opts = {"model": ..., "temperature": 0}` then `create(messages=m, **opts)`)
    count as a body when a chat call unpacks them. A body unpacked into an SDK call goes where
    every such call's client goes: another host's client is never rewritten (DSM103), and a client
    of unknown host (`OpenAI()` with no `base_url`) makes the fix unsafe. Bodies
    posted to a URL that is not DeepSeek's are never rewritten (DSM103).
    """

    CODE = "DSM102"
    NAME = "retired-model-in-request-body"

    VALID = (
        Valid('body = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "enabled"}}\n'),
        Valid('entry = {"model": "gpt-4o", "messages": []}\n'),
        Valid(
            'import json\nimport requests\nbody = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "disabled"}}\nrequests.post(url, data=json.dumps(body))\n'
        ),
        Valid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n'
            'kwargs = {"model": "deepseek-chat", "messages": []}\nclient.chat.completions.create(**kwargs)\n'
        ),
        Valid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'kwargs = {"model": "deepseek-v4-flash", "messages": []}\n'
            'client.chat.completions.create(**kwargs, extra_body={"thinking": {"type": "disabled"}})\n'
        ),
        Valid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n'
            'opts = {"model": "deepseek-chat", "temperature": 0}\nclient.chat.completions.create(messages=[], **opts)\n'
        ),
        Valid('opts = {"model": "deepseek-chat", "temperature": 0}\nrecord(**opts)\n'),
    )
    INVALID = (
        Invalid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'opts = {"model": "deepseek-chat", "temperature": 0}\nclient.chat.completions.create(messages=[], **opts)\n',
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'opts = {"model": "deepseek-v4-flash", "temperature": 0, "extra_body": {"thinking": {"type": "disabled"}}}\n'
            "client.chat.completions.create(messages=[], **opts)\n",
            range=(3, 18, 3, 33),
            id="DSM102-options-without-messages-unpacked-into-a-chat-call",
        ),
        Invalid(
            'import requests\nbody = {"model": "deepseek-chat", "messages": []}\n'
            'requests.post("https://api.deepseek.com/chat/completions", json=body)\n',
            'import requests\nbody = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "disabled"}}\n'
            'requests.post("https://api.deepseek.com/chat/completions", json=body)\n',
            range=(2, 18, 2, 33),
            id="DSM102-requests-post",
        ),
        Invalid(
            'payload = {\n    "model": "deepseek-reasoner",\n    "messages": msgs,\n}\n'
            'httpx.post("https://api.deepseek.com/chat/completions", json=payload)\n',
            'payload = {\n    "model": "deepseek-v4-flash",\n    "messages": msgs,\n'
            '    "thinking": {"type": "enabled"},\n}\nhttpx.post("https://api.deepseek.com/chat/completions", json=payload)\n',
            range=(2, 14, 2, 33),
            id="DSM102-httpx-post-multiline",
        ),
        Invalid(
            'payload = {**BASE, "model": "deepseek-chat", "messages": msgs}\nrequests.post(URL, json=payload)\n',
            'payload = {**BASE, "model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            "requests.post(URL, json=payload)\n",
            applicability=Applicability.UNSAFE,
            range=(1, 29, 1, 44),
            id="DSM102-spread-defaults-unsafe",
        ),
        Invalid(
            'import json\nbody = {"model": "deepseek-chat", "messages": msgs}\n'
            "urllib.request.urlopen(urllib.request.Request('https://api.deepseek.com/chat/completions', data=json.dumps(body).encode()))\n",
            'import json\nbody = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            "urllib.request.urlopen(urllib.request.Request('https://api.deepseek.com/chat/completions', data=json.dumps(body).encode()))\n",
            range=(2, 18, 2, 33),
            id="DSM102-json-dumps-posted",
        ),
        Invalid(
            'body = {"model": "deepseek-chat", "messages": msgs}\nself._post("https://api.deepseek.com/chat/completions", data=json.dumps(body))\n',
            'body = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            'self._post("https://api.deepseek.com/chat/completions", data=json.dumps(body))\n',
            range=(1, 18, 1, 33),
            id="DSM102-json-dumps-posted-by-a-wrapper",
        ),
        Invalid(
            'import httpx\nclient = httpx.Client(base_url="https://api.deepseek.com", timeout=60)\n'
            'body = {"model": "deepseek-chat", "messages": msgs}\nresp = client.post("/chat/completions", json=body)\n',
            'import httpx\nclient = httpx.Client(base_url="https://api.deepseek.com", timeout=60)\n'
            'body = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            'resp = client.post("/chat/completions", json=body)\n',
            id="DSM102-session-base-url-relative-path",
            range=(3, 18, 3, 33),
        ),
        Invalid(
            'import os\nimport httpx\nclient = httpx.Client(base_url=os.getenv("LLM_BASE_URL"))\n'
            'body = {"model": "deepseek-chat", "messages": msgs}\nresp = client.post("/chat/completions", json=body)\n',
            'import os\nimport httpx\nclient = httpx.Client(base_url=os.getenv("LLM_BASE_URL"))\n'
            'body = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            'resp = client.post("/chat/completions", json=body)\n',
            applicability=Applicability.UNSAFE,
            message='`httpx.Client()` at line 3 takes base_url=`os.getenv("LLM_BASE_URL")`',
            id="DSM102-session-env-base-url-unknown",
            range=(4, 18, 4, 33),
        ),
        Invalid(
            "import json\nimport requests\nsession = requests.Session()\n"
            'body = {"model": "deepseek-chat", "messages": msgs}\n'
            "session.post(API_URL, data=json.dumps(body))\n"
            'requests.post("http://localhost:8000/v1/chat/completions", json={"prompt": p})\n',
            "import json\nimport requests\nsession = requests.Session()\n"
            'body = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            "session.post(API_URL, data=json.dumps(body))\n"
            'requests.post("http://localhost:8000/v1/chat/completions", json={"prompt": p})\n',
            applicability=Applicability.UNSAFE,
            message="`API_URL` (line 5) is not a URL the tool can see",
            id="DSM102-json-dumps-unknown-url-beside-localhost",
            range=(4, 18, 4, 33),
        ),
        Invalid(
            'record = {"model": "deepseek-chat", "messages": msgs}\ntable.insert(record)\n',
            'record = {"model": "deepseek-v4-flash", "messages": msgs, "thinking": {"type": "disabled"}}\n'
            "table.insert(record)\n",
            applicability=Applicability.UNSAFE,
            message="it may be a record, not a request body",
            range=(1, 20, 1, 35),
            id="DSM102-record-not-sent-unsafe",
        ),
        Invalid(
            'def body():\n    return {"model": "deepseek-reasoner", "messages": []}\n',
            'def body():\n    return {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "enabled"}}\n',
            applicability=Applicability.UNSAFE,
            range=(2, 22, 2, 41),
            id="DSM102-returned-unsafe",
        ),
        Invalid(
            'import json\nimport requests\nbody = {"model": "deepseek-chat", "messages": []}\nrequests.post(url, data=json.dumps(body))\n',
            'import json\nimport requests\nbody = {"model": "deepseek-v4-flash", "messages": [], "thinking": {"type": "disabled"}}\nrequests.post(url, data=json.dumps(body))\n',
            applicability=Applicability.UNSAFE,
            message="`url` (line 4)",
            range=(3, 18, 3, 33),
        ),
        Invalid(
            "from openai import OpenAI\nclient = OpenAI()\n"
            'kwargs = {"model": "deepseek-chat", "messages": []}\nclient.chat.completions.create(**kwargs)\n',
            "from openai import OpenAI\nclient = OpenAI()\n"
            'kwargs = {"model": "deepseek-v4-flash", "messages": [], "extra_body": {"thinking": {"type": "disabled"}}}\n'
            "client.chat.completions.create(**kwargs)\n",
            applicability=Applicability.UNSAFE,
            message="`OpenAI()` at line 2 sets no base URL",
            range=(3, 20, 3, 35),
            id="DSM102-unpacked-into-a-client-of-unknown-host",
        ),
        Invalid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'kwargs = {"model": "deepseek-chat", "messages": []}\n'
            'client.chat.completions.create(**kwargs, extra_body={"top_k": 5})\n',
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'kwargs = {"model": "deepseek-v4-flash", "messages": []}\n'
            'client.chat.completions.create(**kwargs, extra_body={"top_k": 5, "thinking": {"type": "disabled"}})\n',
            range=(3, 20, 3, 35),
            id="DSM102-unpacked-beside-the-calls-own-extra-body",
        ),
        Invalid(
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'body = {"model": "deepseek-chat", "messages": [], "extra_body": EXTRA}\nclient.chat.completions.create(**body)\n',
            'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
            'body = {"model": "deepseek-chat", "messages": [], "extra_body": EXTRA}\nclient.chat.completions.create(**body)\n',
            applicability=None,
            message='"extra_body" is not a dict literal',
            range=(3, 18, 3, 33),
            id="DSM102-unpacked-with-an-extra-body-name-is-manual",
        ),
    )

    def sinks(self, module: Module) -> Iterator[Sink]:
        for node in module.dicts:
            model = module.dict_get(node, "model")
            if model is None:
                continue
            if not all(module.dict_get(node, k) is not None for k in BODY_KEYS):
                # Request options without the messages (``params = {"model": ..., "temperature": 0}``),
                # unpacked into a chat call that passes them: a body too.
                spread = _spread_into(module, node)
                if spread is None or not is_chat_method(dotted(spread.func)):
                    continue
            yield Sink(self, node, model.value, self._host(module, node), what="this request body")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Dict)
        placement = self._place(module, sink.node, thinking, quote)
        if _is_sent(module, sink.node):
            return placement
        return combine(
            placement,
            Placement(
                applicability=Applicability.UNSAFE,
                note="the tool cannot see this dict reach a request (an HTTP post or an SDK call); "
                "it may be a record, not a request body",
            ),
        )

    def _place(self, module: Module, node: cst.Dict, thinking: Thinking, quote: str) -> Placement:
        spread_into = _spread_into(module, node)
        if spread_into is not None and is_chat_method(dotted(spread_into.func)):
            key = "extra_body"
            value: dict[str, object] = {"thinking": thinking_value(thinking)}
            existing = module.dict_get(node, "extra_body")
            if existing is not None:
                if not isinstance(existing.value, cst.Dict):
                    return Placement(
                        applicability=Applicability.UNSAFE,
                        note='"extra_body" is not a dict literal; add "thinking" to it by hand',
                    )
                if module.dict_get(existing.value, "thinking") is None:
                    rendered = module.dict_value_source(thinking_value(thinking), quote)
                    return Placement(
                        edits=(module.add_dict_item(existing.value, f"{quote}thinking{quote}", rendered),)
                    )
                return Placement(note="extra_body is already set")
            if module.kwarg(spread_into, key) is not None:
                # The call passes its own extra_body=: a second one in the body is a TypeError.
                return merge_items_into_dict_kwarg(
                    module,
                    spread_into,
                    key,
                    value,
                    quote,
                    what=f"the call at line {module.line(spread_into)}",
                )
        else:
            key, value = "thinking", thinking_value(thinking)
            if spread_into is not None and module.kwarg(spread_into, key) is not None:
                return Placement(note="the call it is unpacked into already passes thinking=")
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

    def explicit_thinking(self, module: Module, sink: Sink) -> Thinking | None:
        """A body unpacked into a call (``create(**body, extra_body=...)``) also takes the call's own
        thinking switch."""
        if not isinstance(sink.node, cst.Dict):
            return None
        call = _spread_into(module, sink.node)
        if call is None:
            return None
        return thinking_set_by([sink.node, *(a for a in call.args if not a.star)], module)

    def verbatim(self, module: Module, sink: Sink) -> bool:
        """A body posted over HTTP goes as written; one unpacked into an SDK call may be routed by it."""
        return isinstance(sink.node, cst.Dict) and next(_posted_by(module, sink.node), None) is not None

    def _host(self, module: Module, node: cst.Dict) -> Host:
        posts = list(_posted_by(module, node))
        if posts:
            return join_hosts((_post_host(module, call), f"at line {module.line(call)}") for call in posts)
        spreads = [(sdk_call_host(module, call), call) for call in _spreads_into(module, node)]
        if spreads and all(host is not None for host, _ in spreads):
            return join_hosts(
                (host, f"at line {module.line(call)}") for host, call in spreads if host is not None
            )
        for literal in module.strings:
            value = string_value(literal)
            if value and value.startswith(("http://", "https://")) and _is_llm_endpoint(value):
                host = host_of_url(module, literal)
                if host is not None and not host.deepseek:
                    return Host(
                        unknown=f"the tool cannot see where the body is posted, and this module also "
                        f"posts to {host.other or host.unknown}"
                    )
        return DEEPSEEK


def _post_host(module: Module, call: cst.Call) -> Host:
    """Where one HTTP call sends its body: its URL, resolved against the session's ``base_url``
    when it is a relative path (``httpx.Client(base_url=...).post("/chat/completions")``)."""
    url = module.positional(call, 0) or module.kwarg(call, "url")
    if url is None:
        return Host(
            unknown=f"`{dotted(call.func)}()` at line {module.line(call)} passes no URL the tool can see"
        )
    value = string_value(url.value)
    if value is None or value.startswith(("http://", "https://")):
        return host_of_url(module, url.value) or DEEPSEEK
    session = call.func.value if isinstance(call.func, cst.Attribute) else None
    base = None if session is None else client_host(module, session, lambda ctor: _session_host(module, ctor))
    return base or Host(
        unknown=f"`{value}` (line {module.line(call)}) is a relative URL with no base the tool can see"
    )


def _session_host(module: Module, ctor: cst.Call) -> Host:
    return kwarg_host(module, ctor, "base_url") or Host(
        unknown=f"`{dotted(ctor.func)}()` at line {module.line(ctor)} sets no base_url"
    )


def _effort_edit(module: Module, node: cst.Dict, effort: str, quote: str) -> Edit:
    return module.add_dict_item(node, f"{quote}reasoning_effort{quote}", f"{quote}{effort}{quote}")


def _is_llm_endpoint(url: str) -> bool:
    return any(p in url for p in ("/chat/completions", "/v1/messages", "/completions", "/anthropic"))


def _bound_reads(module: Module, node: cst.BaseExpression) -> list[cst.CSTNode]:
    reads = module.bound_reads(node)
    return [node] if reads is None else reads


def _is_sent(module: Module, node: cst.Dict) -> bool:
    """Whether the body provably reaches a request: posted over HTTP, or unpacked into an SDK call."""
    if next(_posted_by(module, node), None) is not None:
        return True
    call = _spread_into(module, node)
    return call is not None and _last_word(call.func) in SDK_METHODS


def _posted_by(module: Module, node: cst.BaseExpression, depth: int = 0) -> Iterator[cst.Call]:
    """The HTTP calls that send ``node`` (or the JSON text made from it) as their body."""
    for read in _bound_reads(module, node):
        arg = module.parent(read)
        call = module.parent(arg) if isinstance(arg, cst.Arg) else None
        if not isinstance(call, cst.Call) or not isinstance(arg, cst.Arg):
            continue
        if (
            arg.keyword is not None
            and arg.keyword.value in BODY_KEYWORDS
            and _last_word(call.func).lower().endswith(HTTP_METHODS)
        ):
            yield call
        elif depth < 2 and arg.keyword is None and not arg.star and _is_json_dumps(module, call):
            yield from _posted_by(module, _encoded(module, call), depth + 1)


def _encoded(module: Module, call: cst.Call) -> cst.BaseExpression:
    """``json.dumps(body).encode()`` for ``json.dumps(body)``, when the text is so encoded."""
    attr = module.parent(call)
    outer = module.parent(attr) if isinstance(attr, cst.Attribute) and attr.attr.value == "encode" else None
    return outer if isinstance(outer, cst.Call) and outer.func is attr else call


def _is_json_dumps(module: Module, call: cst.Call) -> bool:
    return "json.dumps" in module.qualified(call.func) or dotted(call.func) == "json.dumps"


def _last_word(func: cst.BaseExpression) -> str:
    return dotted(func).rpartition(".")[2]


def _spread_into(module: Module, node: cst.Dict) -> cst.Call | None:
    return next(iter(_spreads_into(module, node)), None)


def _spreads_into(module: Module, node: cst.Dict) -> list[cst.Call]:
    """The calls ``node`` is unpacked into (``create(**body)``)."""
    out = []
    for read in _bound_reads(module, node):
        arg = module.parent(read)
        if isinstance(arg, cst.Arg) and arg.star == "**":
            call = module.parent(arg)
            if isinstance(call, cst.Call):
                out.append(call)
    return out
