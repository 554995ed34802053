"""AutoGen: autogen-ext's ``OpenAIChatCompletionClient`` and ag2 / pyautogen ``config_list`` entries.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {"type": ...}`` field in the JSON body). Both
surfaces send through the openai SDK, which has no ``thinking`` parameter:
autogen-ext forwards a constructor ``extra_body=`` to every ``create``; ag2
0.x sends an ``"extra_body"`` key of a config entry (with ``api_type``
``"openai"`` or ``"deepseek"``), while a top-level ``"thinking"`` key in the
entry raises ``TypeError`` at create time (captured on the wire, see the
project's shared reference, section 2).
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
    host_of_url,
    merge_items_into_dict_item,
    merge_items_into_dict_kwarg,
    sets_key,
    thinking_value,
    trigger_words,
    unset_base_url,
)
from migrate.hosts import DEEPSEEK, Host
from migrate.model import Applicability, Thinking
from migrate.python.analysis import Module, dotted, string_value

CLIENT_CLASSES = frozenset(
    {
        "autogen_ext.models.openai.OpenAIChatCompletionClient",
        "autogen_ext.models.openai._openai_client.OpenAIChatCompletionClient",
    }
)
# ag2 api_types that send through the openai SDK (and so honour "extra_body").
CLIENT_BARE = frozenset({"OpenAIChatCompletionClient"})
OPENAI_API_TYPES = ("openai", "deepseek")
# Keys that mark a dict as an ag2 config entry rather than any dict with a "model".
ENTRY_KEYS = ("api_type", "base_url")
# AutoGen (0.4+) component configs, as AutoGen Studio saves them and ``load_component`` reads them:
# ``{"provider": <class>, "config": {"model": ...}}``. ``_from_config`` validates ``config`` with the
# client's pydantic config model, which has no ``extra_body`` (nor any thinking field) and drops
# unknown keys, so such a config cannot carry thinking [wire: autogen-ext 0.7.5].
COMPONENT_PROVIDERS = ("autogen_ext.models.",)
# autogen_core's WELL_KNOWN_PROVIDERS: short names the loader expands to an autogen_ext class.
COMPONENT_PROVIDER_ALIASES = frozenset(
    {
        "openai_chat_completion_client",
        "OpenAIChatCompletionClient",
        "azure_openai_chat_completion_client",
        "AzureOpenAIChatCompletionClient",
    }
)
COMPONENT_NO_THINKING = (
    "AutoGen's component loader (`_from_config`) has no field for the thinking mode and drops "
    "`extra_body`, so `deepseek-v4-flash` here runs with thinking on; build this client in Python "
    'with `OpenAIChatCompletionClient(..., extra_body={"thinking": {"type": "disabled"}})` and '
    "rename it there"
)


def is_component_provider(value: object) -> bool:
    """Whether ``value`` names an autogen_ext model client in a component config's ``"provider"``."""
    return isinstance(value, str) and (
        value.startswith(COMPONENT_PROVIDERS) or value in COMPONENT_PROVIDER_ALIASES
    )


class AutoGen(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names in AutoGen code: autogen-ext's
    `OpenAIChatCompletionClient(model=..., base_url=...)` (AutoGen 0.4+), and
    ag2 / pyautogen `config_list` entries such as
    `{"model": "deepseek-chat", "api_type": "deepseek"}` or
    `{"model": "deepseek-chat", "base_url": "https://api.deepseek.com"}`, in
    modules that import `autogen`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24.
    Their successor `deepseek-v4-flash` thinks by default, so an
    ex-`deepseek-chat` client must also send `"thinking": {"type":
    "disabled"}`. Both libraries send through the openai SDK, which has no
    `thinking` parameter: the field travels in `extra_body` (the constructor
    argument in autogen-ext, an `"extra_body"` key of the config entry in
    ag2). A top-level `"thinking"` key in an ag2 entry raises `TypeError`.

    ## Example
    ```python
    config_list = [{"model": "deepseek-chat", "api_key": KEY, "api_type": "deepseek"}]
    ```
    Use instead:
    ```python
    config_list = [{"model": "deepseek-v4-flash", "api_key": KEY, "api_type": "deepseek", "extra_body": {"thinking": {"type": "disabled"}}}]
    ```

    ## Fix safety
    Safe when the model is a literal (or a constant that only feeds these
    clients) and the constructor or entry is written out: an existing
    `extra_body` dict is merged into, and a `"thinking"` key already in it (or
    a `reasoning_effort`) is respected. Unsafe, with a message saying what to
    add, when the constructor also passes `**kwargs`, when `extra_body` is
    not a dict literal, or when the entry unpacks another mapping. An entry
    with a top-level `"thinking"` key is not fixed: it fails at create time
    and the message says to move it into `"extra_body"`. Entries and clients
    whose `base_url` is not DeepSeek's, or whose `api_type` is another
    provider's, are never rewritten (DSM103); an entry with neither a
    `base_url` nor `api_type` `"deepseek"` goes where `OPENAI_BASE_URL`
    points: its fix is unsafe. `--reasoning-effort` puts
    `reasoning_effort` in `extra_body` (the constructor's in autogen-ext, the
    entry's in ag2, whose own `reasoning_effort` field rejects `"max"` for
    `api_type` `"openai"`) for ex-`deepseek-reasoner`.

    AutoGen component configs (`{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",
    "config": {"model": ...}}`, read by `load_component`) cannot carry
    thinking: the loader validates `config` with a model that has no
    `extra_body` and drops unknown keys. An ex-`deepseek-chat` model there gets
    no fix (build the client in Python with `extra_body=`); an
    ex-`deepseek-reasoner` one is renamed (safe: thinking on is the default).

    Where the thinking switch of an ex-`deepseek-chat` name cannot be placed
    (`**kwargs`, settings that are not a dict literal), there is no fix at all:
    a rename alone would turn thinking on silently.
    """

    CODE = "DSM116"
    NAME = "retired-model-in-autogen-config"
    # The config-entry path needs an ``autogen`` import (``_imports_autogen``).
    TRIGGERS = trigger_words(CLIENT_CLASSES, bare=CLIENT_BARE) | {"autogen"}

    VALID = (
        Valid('spec = {"provider": "OpenAIChatCompletionClient", "config": {"model": "deepseek-v4-flash"}}\n'),
        Valid(
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'c = OpenAIChatCompletionClient(model="deepseek-v4-flash", base_url="https://api.deepseek.com", model_info=INFO, extra_body={"thinking": {"type": "disabled"}})\n'
        ),
        Valid(
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'c = OpenAIChatCompletionClient(model="deepseek-chat-v3-0324", base_url="https://api.deepseek.com", model_info=INFO)\n'
        ),
        Valid(
            'import autogen\nconfig_list = [{"model": "deepseek-v4-flash", "api_type": "deepseek", "extra_body": {"thinking": {"type": "enabled"}}}]\n'
        ),
        Valid('import autogen\nconfig_list = [{"model": "deepseek/deepseek-chat:free", "base_url": "https://api.deepseek.com"}]\n'),
        # Other hosts: DSM103, never this rule.
        Valid('import autogen\nconfig_list = [{"model": "deepseek-chat", "base_url": "https://openrouter.ai/api/v1"}]\n'),
        Valid('import autogen\nconfig_list = [{"model": "deepseek-chat", "api_type": "together"}]\n'),
        Valid(
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'c = OpenAIChatCompletionClient(model="deepseek-chat", base_url="http://localhost:8000/v1", model_info=INFO)\n'
        ),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from autogen_core.models import ChatCompletionClient\n'
            'spec = {"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",\n'
            '        "config": {"model": "deepseek-chat", "base_url": "https://api.deepseek.com/v1"}}\n'
            'client = ChatCompletionClient.load_component(spec)\n',
            None,
            applicability=None,
            message="component loader (`_from_config`) has no field for the thinking mode",
            range=(3, 29, 3, 44),
            id="DSM116-component-config-no-thinking-field",
        ),
        Invalid(
            'spec = {"provider": "OpenAIChatCompletionClient", "config": {"model": "deepseek-reasoner"}}\n',
            'spec = {"provider": "OpenAIChatCompletionClient", "config": {"model": "deepseek-v4-flash"}}\n',
            applicability=Applicability.UNSAFE,
            message="sets no base_url",
            range=(1, 71, 1, 90),
            id="DSM116-component-config-reasoner-renamed",
        ),
        Invalid(
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'model_client = OpenAIChatCompletionClient(\n    model="deepseek-chat",\n    base_url="https://api.deepseek.com",\n'
            '    api_key=KEY,\n    model_info=INFO,\n)\n',
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'model_client = OpenAIChatCompletionClient(\n    model="deepseek-v4-flash",\n    base_url="https://api.deepseek.com",\n'
            '    api_key=KEY,\n    model_info=INFO,\n    extra_body={"thinking": {"type": "disabled"}},\n)\n',
            range=(3, 11, 3, 26),
        ),
        Invalid(
            'import autogen_ext.models.openai as ao\n'
            'c = ao.OpenAIChatCompletionClient(model="deepseek-reasoner", base_url="https://api.deepseek.com/v1", model_info=INFO, extra_body={"user": "u"})\n',
            'import autogen_ext.models.openai as ao\n'
            'c = ao.OpenAIChatCompletionClient(model="deepseek-v4-flash", base_url="https://api.deepseek.com/v1", model_info=INFO, extra_body={"user": "u", "thinking": {"type": "enabled"}})\n',
            range=(2, 41, 2, 60),
        ),
        Invalid(
            'from autogen_ext.models.openai import OpenAIChatCompletionClient\n'
            'c = OpenAIChatCompletionClient(model="deepseek-chat", base_url="https://api.deepseek.com", **settings)\n',
            None,
            applicability=None,
            message='make sure extra_body= carries {"thinking": {"type": "disabled"}}',
            range=(2, 38, 2, 53),
        ),
        Invalid(
            'from autogen import AssistantAgent\n'
            'config_list = [{"model": "deepseek-chat", "api_key": KEY, "api_type": "deepseek"}]\n'
            'assistant = AssistantAgent("assistant", llm_config={"config_list": config_list})\n',
            'from autogen import AssistantAgent\n'
            'config_list = [{"model": "deepseek-v4-flash", "api_key": KEY, "api_type": "deepseek", "extra_body": {"thinking": {"type": "disabled"}}}]\n'
            'assistant = AssistantAgent("assistant", llm_config={"config_list": config_list})\n',
            range=(2, 26, 2, 41),
        ),
        Invalid(
            'import autogen\nconfig_list = [\n    {\n        "model": "deepseek-reasoner",\n        "base_url": "https://api.deepseek.com/v1",\n'
            '        "extra_body": {"user": "u"},\n    },\n]\n',
            'import autogen\nconfig_list = [\n    {\n        "model": "deepseek-v4-flash",\n        "base_url": "https://api.deepseek.com/v1",\n'
            '        "extra_body": {"user": "u", "thinking": {"type": "enabled"}},\n    },\n]\n',
            range=(4, 18, 4, 37),
        ),
        Invalid(
            'import autogen\nllm_config = {"config_list": [{"model": "deepseek-chat", "api_key": KEY}]}\n',
            'import autogen\nllm_config = {"config_list": [{"model": "deepseek-v4-flash", "api_key": KEY, "extra_body": {"thinking": {"type": "disabled"}}}]}\n',
            applicability=Applicability.UNSAFE,
            message="sets no base_url",
            range=(2, 41, 2, 56),
        ),
        Invalid(
            'import autogen\nconfig_list = [{"model": "deepseek-chat", "api_type": "deepseek", "thinking": {"type": "disabled"}}]\n',
            None,
            applicability=None,
            message='move it into "extra_body"',
            range=(2, 26, 2, 41),
        ),
        Invalid(
            'import autogen\nconfig_list = [{**BASE, "model": "deepseek-chat", "api_type": "deepseek"}]\n',
            'import autogen\nconfig_list = [{**BASE, "model": "deepseek-v4-flash", "api_type": "deepseek", "extra_body": {"thinking": {"type": "disabled"}}}]\n',
            applicability=Applicability.UNSAFE,
            range=(2, 34, 2, 49),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            if not callee_is(module, call.func, CLIENT_CLASSES, CLIENT_BARE):
                continue
            model = module.kwarg(call, "model")
            if model is None:
                continue
            url = module.kwarg(call, "base_url")
            host = (
                host_of_url(module, url.value)
                if url is not None
                else unset_base_url(module, call, "OPENAI_BASE_URL (or api.openai.com)")
            )
            yield Sink(self, call, model.value, host or DEEPSEEK, what="`OpenAIChatCompletionClient()`")
        components = set()
        for node in module.dicts:
            config = _component_config(module, node)
            model_item = module.dict_get(config, "model") if config is not None else None
            if config is not None and model_item is not None:
                components.add(config)
                yield Sink(
                    self,
                    config,
                    model_item.value,
                    _entry_host(module, config),
                    what="this AutoGen component config",
                )
        if not _imports_autogen(module):
            return
        for node in module.dicts:
            model_item = module.dict_get(node, "model")
            if model_item is None or node in components or not _is_config_entry(module, node):
                continue
            yield Sink(
                self, node, model_item.value, _entry_host(module, node), what="this ag2 `config_list` entry"
            )

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        effort = module.rules.reasoning_effort if thinking is Thinking.ENABLED else None
        if isinstance(sink.node, cst.Call):
            return _place_in_client(module, sink.node, thinking, effort, quote, sink.what)
        assert isinstance(sink.node, cst.Dict)
        if _is_component_config(module, sink.node):
            if thinking is Thinking.ENABLED:
                return Placement(note="thinking on is the server default, so the rename keeps the behaviour")
            return Placement(manual=True, note=COMPONENT_NO_THINKING)
        return _place_in_entry(module, sink.node, thinking, effort, quote)


def _component_config(module: Module, node: cst.Dict) -> cst.Dict | None:
    """The ``"config"`` dict of an AutoGen model-client component dict ``node``, if it is one."""
    provider = module.dict_get(node, "provider")
    config = module.dict_get(node, "config")
    if provider is None or config is None or not isinstance(config.value, cst.Dict):
        return None
    return config.value if is_component_provider(string_value(provider.value)) else None


def _is_component_config(module: Module, node: cst.Dict) -> bool:
    element = module.parent(node)
    owner = module.parent(element) if isinstance(element, cst.DictElement) else None
    return isinstance(owner, cst.Dict) and _component_config(module, owner) is node


def _place_in_client(
    module: Module, call: cst.Call, thinking: Thinking, effort: str | None, quote: str, what: str
) -> Placement:
    if module.kwarg(call, "reasoning_effort") is not None:
        return Placement(note="reasoning_effort= already sets the thinking mode")
    extra = module.kwarg(call, "extra_body")
    if extra is not None:
        for key in ("thinking", "reasoning_effort"):
            if sets_key(module, extra.value, key):
                return Placement(note=f"extra_body already sets {key!r}")
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    if effort:
        items["reasoning_effort"] = effort
    return merge_items_into_dict_kwarg(module, call, "extra_body", items, quote, what=what)


def _place_in_entry(
    module: Module, node: cst.Dict, thinking: Thinking, effort: str | None, quote: str
) -> Placement:
    if module.dict_get(node, "thinking") is not None:
        wanted = module.dict_value_source({"thinking": thinking_value(thinking)}, quote)
        return Placement(
            applicability=Applicability.UNSAFE,
            note=f'a top-level "thinking" key raises TypeError at create time: move it into "extra_body": {wanted}',
        )
    if module.dict_get(node, "reasoning_effort") is not None:
        return Placement(note="the entry's reasoning_effort already sets the thinking mode")
    extra = module.dict_get(node, "extra_body")
    if extra is not None and sets_key(module, extra.value, "thinking"):
        return Placement(note="the entry's extra_body already sets 'thinking'")
    items: dict[str, object] = {"thinking": thinking_value(thinking)}
    if effort:
        # In extra_body: the entry's own reasoning_effort field rejects "max" for api_type "openai".
        items["reasoning_effort"] = effort
    return merge_items_into_dict_item(module, node, "extra_body", items, quote, where="the entry")


def _imports_autogen(module: Module) -> bool:
    for node in module.imports:
        if isinstance(node, cst.Import):
            names = [dotted(alias.name) for alias in node.names]
        elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            names = [dotted(node.module)]
        else:
            continue
        if any(name == "autogen" or name.startswith("autogen.") for name in names):
            return True
    return False


def _is_config_entry(module: Module, node: cst.Dict) -> bool:
    """An ag2 entry: a dict with a model and an api_type or base_url, or one inside a config list."""
    if module.dict_get(node, "messages") is not None:
        return False  # a request body (the raw-request adapter's)
    if any(module.dict_get(node, key) is not None for key in ENTRY_KEYS):
        return True
    return _in_config_list(module, node)


def _in_config_list(module: Module, node: cst.Dict) -> bool:
    element = module.parent(node)
    container = module.parent(element) if isinstance(element, cst.Element) else None
    if not isinstance(container, (cst.List, cst.Tuple)):
        return False
    holder = module.parent(container)
    if isinstance(holder, cst.Arg):
        return holder.keyword is not None and holder.keyword.value == "config_list"
    if isinstance(holder, cst.DictElement):
        return string_value(holder.key) == "config_list"
    if isinstance(holder, (cst.Assign, cst.AnnAssign)):
        targets = [t.target for t in holder.targets] if isinstance(holder, cst.Assign) else [holder.target]
        return any(isinstance(t, cst.Name) and "config_list" in t.value.lower() for t in targets)
    return False


def _entry_host(module: Module, node: cst.Dict) -> Host:
    url = module.dict_get(node, "base_url")
    if url is not None:
        host = host_of_url(module, url.value)
        if host is not None:
            return host
    api_type = module.dict_get(node, "api_type")
    kind = string_value(api_type.value) if api_type is not None else None
    if api_type is not None and kind not in OPENAI_API_TYPES:
        return Host(other=f"the `{kind or module.source(api_type.value)}` api_type")
    if kind == "deepseek" or url is not None:
        return DEEPSEEK
    # No base_url and the openai api_type: the client ag2 builds reads OPENAI_BASE_URL (or goes to
    # api.openai.com), which the tool cannot see; an entry that unpacks another mapping may set one.
    return Host(
        unknown=f"the entry at line {module.line(node)} sets no base_url: it goes to OPENAI_BASE_URL "
        "(or api.openai.com), which is not visible"
    )
