"""Retired DeepSeek model names in YAML files: agent configs, LiteLLM proxy ``config.yaml``, docker-compose.

Spans come from PyYAML's composed nodes (``start_mark.index``/``end_mark.index``
are character offsets into the decoded text, CR and BOM included). Thinking in a
LiteLLM proxy ``model_list`` entry: ``litellm_params: {thinking: {type: ...}}``;
LiteLLM passes ``thinking`` through to DeepSeek (https://docs.litellm.ai/docs/proxy/configs,
https://docs.litellm.ai/docs/providers/deepseek). Names and namespaces:
``migrate/adapters/files/config_values.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import yaml

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.files.config_values import (
    Carrier,
    Change,
    ConfigAdapter,
    ModelValue,
    ParseError,
    Path,
    Scan,
    Spans,
    Target,
    base_report,
    locate,
    parse_model_value,
    siblings_at,
)
from migrate.model import Applicability, Edit, Report, Severity, Thinking
from migrate.rulepack import Rules
from migrate.textedit import NEWLINE, line_ending

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
LITELLM_PARAMS = "litellm_params"
PROXY_ALIAS_KEY = "model_name"
COMMENT = re.compile(r"(?:^|[ \t])(#[^\r\n]*)", re.M)
ENV_ITEM = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_.]*)=(?P<value>.*)", re.S)


@dataclass(frozen=True)
class Tagged:
    """A value under an application tag (CloudFormation's ``!Ref``, mkdocs' ``!ENV``), kept comparable."""

    tag: str
    value: object


# libyaml's marks count characters like the pure-Python reader's, so either gives the same spans.
class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading that also accepts unknown tags, so tagged files can still be fixed and guarded."""


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.ScalarNode)
    return Tagged(node.tag, loader.construct_scalar(node))


Loader.add_multi_constructor("", _construct_tagged)


@dataclass(frozen=True)
class Visit:
    """One place a scalar value sits (a node reached through an alias is visited once per place)."""

    node: yaml.ScalarNode
    path: Path
    key: object
    key_node: yaml.Node | None
    parent: yaml.Node | None
    parent_key: object


def _span(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.index, node.end_mark.index


class YamlAdapter(ConfigAdapter):
    """
    ## What it does
    Finds YAML scalar values whose whole value is a retired DeepSeek model name
    (`deepseek-chat`, `deepseek-reasoner`), optionally behind a `deepseek/` or
    `deepseek:` provider prefix, and docker-compose `environment` list items such as
    `- DEEPSEEK_MODEL=deepseek-chat`. Renames them to the rule pack's replacement. In
    a LiteLLM proxy `model_list` entry it also adds the thinking mode the old name
    implied to `litellm_params`, next to `model`, in the mapping's own style.

    Look-alikes (`deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`), other hosts'
    ids (`openrouter/deepseek/deepseek-chat`, `deepseek-ai/DeepSeek-V3`) and keys are
    never rewritten. Mentions in comments and in longer values are reported as info.

    ## Why is this bad?
    DeepSeek retired both names; a request that sends one now fails. Each name was one
    thinking mode of the replacement model: `deepseek-chat` had thinking disabled,
    `deepseek-reasoner` enabled. V4 models think by default, so a bare rename of
    `deepseek-chat` silently turns thinking on.

    ## Example
    ```yaml
    model_list:
      - model_name: fast
        litellm_params:
          model: deepseek/deepseek-chat
    ```

    Use instead:
    ```yaml
    model_list:
      - model_name: fast
        litellm_params:
          model: deepseek/deepseek-v4-flash
          thinking: {type: disabled}
    ```

    ## Fix safety
    The LiteLLM fix is safe: it inserts `thinking: {type: disabled}` (or `enabled`),
    or renames only when `litellm_params` already sets `thinking`. Elsewhere (an agent
    config's `model:`, a docker-compose variable) the file cannot say how thinking is
    set: renaming an ex-`deepseek-reasoner` value is safe (thinking on is the new
    default) when the value shows it goes to DeepSeek (a `DEEPSEEK_*` key, a DeepSeek base
    URL, a `deepseek` provider or a `deepseek/` route beside it), and unsafe otherwise
    (a proxy or another host may read the bare name as its own); an ex-`deepseek-chat` value gets no fix, because the code that reads
    it must also send `"thinking": {"type": "disabled"}` and a rename alone would
    turn thinking on silently.

    No fix is offered for: a value next to an `api_base`/`base_url` that points at a
    host other than api.deepseek.com, or an `openrouter/...`-style id (warning:
    another host's model id); a LiteLLM proxy's public alias (`model_name`, and
    values naming it), which clients send to the proxy, not to DeepSeek (info); a
    partly escaped value (`"deepseek\\x2fdeepseek-chat"`) or one whose anchor repeats
    the name; and an edit that does not re-parse to the original document with only
    this value changed, as when the value is merged into other mappings with `<<:`.
    """

    CODE = "DSM202"
    NAME = "retired-model-in-yaml"
    FORMAT = "YAML"
    KINDS = frozenset({"yaml"})

    VALID = (
        Valid("model: deepseek-v4-flash\n", path="agent.yaml"),
        Valid(
            "model: openai/gpt-4o\nfallbacks:\n  - deepseek/deepseek-chat-v3-0324\n"
            "  - openrouter/deepseek/deepseek-chat:free\n",
            path="agent.yaml",
        ),
        Valid(
            "models:\n  - deepseek-ai/DeepSeek-V3\n  - ollama/deepseek-r1\n  - bedrock/deepseek.r1-v1:0\n"
            "  - claude-3-5-sonnet\n",
            path="models.yml",
        ),
    )
    INVALID = (
        Invalid(
            "model: deepseek-chat\n",
            None,
            None,
            path="agent.yaml",
            message="reads `model` must disable thinking",
            range=(1, 8, 1, 21),
        ),
        Invalid(
            'agent:\n  model: "deepseek/deepseek-reasoner"  # main\n',
            'agent:\n  model: "deepseek/deepseek-v4-flash"  # main\n',
            path="agent.yaml",
            range=(2, 20, 2, 37),
        ),
        Invalid(
            "llm:\r\n  model: 'deepseek-reasoner'\r\n  temperature: 0\r\n",
            "llm:\r\n  model: 'deepseek-v4-flash'\r\n  temperature: 0\r\n",
            applicability=Applicability.UNSAFE,
            path="agent.yaml",
            message="nothing here shows the value is sent to DeepSeek",
            range=(2, 11, 2, 28),
        ),
        Invalid(
            "llm:\n  base_url: https://api.deepseek.com\n  model: deepseek-reasoner\n",
            "llm:\n  base_url: https://api.deepseek.com\n  model: deepseek-v4-flash\n",
            path="agent.yaml",
            range=(3, 10, 3, 27),
            id="DSM202-reasoner-beside-a-deepseek-base-url-is-safe",
        ),
        Invalid(
            "model_list:\n  - model_name: fast\n    litellm_params:\n      model: deepseek/deepseek-chat\n"
            "      api_key: os.environ/DEEPSEEK_API_KEY\n",
            "model_list:\n  - model_name: fast\n    litellm_params:\n      model: deepseek/deepseek-v4-flash\n"
            "      thinking: {type: disabled}\n      api_key: os.environ/DEEPSEEK_API_KEY\n",
            path="config.yaml",
            range=(4, 23, 4, 36),
        ),
        Invalid(
            "model_list:\n  - model_name: smart\n    litellm_params: {model: deepseek/deepseek-reasoner, rpm: 10}\n",
            "model_list:\n  - model_name: smart\n"
            "    litellm_params: {model: deepseek/deepseek-v4-flash, thinking: {type: enabled}, rpm: 10}\n",
            path="config.yaml",
            range=(3, 38, 3, 55),
        ),
        Invalid(
            "model_list:\n  - model_name: fast\n    litellm_params:\n      model: deepseek/deepseek-chat\n"
            "      thinking: {type: disabled}",
            "model_list:\n  - model_name: fast\n    litellm_params:\n      model: deepseek/deepseek-v4-flash\n"
            "      thinking: {type: disabled}",
            path="config.yaml",
            message="thinking setting already here is kept",
            range=(4, 23, 4, 36),
        ),
        Invalid(
            "model_list:\n  - model_name: deepseek-chat\n    litellm_params:\n      model: deepseek/deepseek-chat",
            "model_list:\n  - model_name: deepseek-chat\n    litellm_params:\n      model: deepseek/deepseek-v4-flash"
            "\n      thinking: {type: disabled}",
            path="config.yaml",
            message="public alias",
            range=(2, 17, 2, 30),
        ),
        Invalid(
            "services:\n  app:\n    environment:\n      - DEEPSEEK_MODEL=deepseek-chat\n      - LOG=1\n",
            None,
            None,
            path="docker-compose.yml",
            message="reads `DEEPSEEK_MODEL` must disable thinking",
            range=(4, 24, 4, 37),
        ),
        Invalid(
            "# model: deepseek-chat\nmodel: gpt-4o\n",
            None,
            None,
            path="agent.yaml",
            message="in a comment",
            range=(1, 10, 1, 23),
        ),
        Invalid(
            "llm:\n  model: deepseek/deepseek-chat\n  api_base: https://openrouter.ai/api/v1\n",
            None,
            None,
            path="agent.yaml",
            message="sent to `openrouter.ai`",
            range=(2, 19, 2, 32),
        ),
        Invalid(
            "model: openrouter/deepseek/deepseek-chat\n",
            None,
            None,
            path="agent.yaml",
            message="another host",
            range=(1, 28, 1, 41),
        ),
        Invalid(
            "base: &base\n  model: deepseek-reasoner\nprod:\n  <<: *base\n  temperature: 0\n",
            None,
            None,
            path="agent.yaml",
            message="edit was refused",
            range=(2, 10, 2, 27),
        ),
    )

    def load(self, text: str) -> object:
        loader = Loader(text)
        try:
            documents = []
            while loader.check_node():
                node = loader.get_node()
                _limit_aliases(node)  # before anything walks it
                documents.append(loader.construct_document(node))
            return documents
        except yaml.YAMLError as exc:
            raise ParseError(str(exc)) from None
        finally:
            loader.dispose()

    def scan(self, text: str, data: object, rules: Rules) -> Scan:
        out = Scan()
        groups: dict[int, list[Visit]] = {}
        try:
            documents = list(yaml.compose_all(text, Loader=Loader))
            keys = Loader("")
            for index, document in enumerate(documents):
                if document is not None:
                    for visit in _walk(
                        document, (index,), None, None, None, None, frozenset(), keys, out.keys
                    ):
                        groups.setdefault(id(visit.node), []).append(visit)
        except yaml.YAMLError as exc:
            raise ParseError(str(exc)) from None
        aliases = _proxy_aliases(data)
        for visits in groups.values():
            out.values.append(_span(visits[0].node))
            self._value(text, data, visits, aliases, rules, out)
        scalars = Spans(out.keys + out.values)
        out.comments = [m.span(1) for m in COMMENT.finditer(text) if m.start(1) not in scalars]
        return out

    def _value(
        self, text: str, data: object, visits: list[Visit], aliases: set[str], rules: Rules, out: Scan
    ) -> None:
        first = visits[0]
        node = first.node
        if node.tag != STR_TAG:
            return
        key = first.key
        siblings = siblings_at(data, first.path)
        model = parse_model_value(node.value, rules)
        if model is not None:
            offset = len(model.prefix)
            if _is_proxy_alias(first, siblings, aliases):
                out.notes.append(_alias_note(text, first, model, rules))
                return
        elif isinstance(first.parent, yaml.SequenceNode) and (item := _env_item(node.value, rules)):
            key, model, offset = item
            siblings = _env_siblings(first.parent)
        else:
            return
        span = _span(node)
        carrier = None
        if key == "model" and first.parent_key == LITELLM_PARAMS and model.first_party:
            mode = rules.renames[model.old].thinking
            carrier = _litellm_carrier(text, [v for v in visits if v.parent is first.parent], siblings, mode)
        out.targets.append(
            Target(
                span=span,
                name_start=locate(text, span, node.value, offset),
                model=model,
                value=node.value,
                name_offset=offset,
                key=None if key is None else str(key),
                paths=tuple(v.path for v in visits),
                siblings=siblings,
                carrier=carrier,
            )
        )


def _is_proxy_alias(visit: Visit, siblings: Mapping[object, object], aliases: set[str]) -> bool:
    """A LiteLLM proxy's public alias (``model_name``) or a value naming one (fallbacks, alias maps)."""
    if visit.key == PROXY_ALIAS_KEY and LITELLM_PARAMS in siblings:
        return True
    in_params = visit.key == "model" and visit.parent_key == LITELLM_PARAMS
    return visit.node.value in aliases and not in_params


def _alias_note(text: str, visit: Visit, model: ModelValue, rules: Rules) -> Report:
    node = visit.node
    rename = rules.renames[model.old]
    span = _span(node)
    start = locate(text, span, node.value, len(model.prefix))
    return base_report(
        YamlAdapter,
        span[0] if start is None else start,
        span[1] if start is None else start + len(rename.old),
        rename,
        f"`{rename.old}` is a LiteLLM proxy's public alias (`{PROXY_ALIAS_KEY}`), which clients send to "
        "the proxy, not to DeepSeek; it is not renamed (`litellm_params.model` is what reaches DeepSeek)",
        Severity.INFO,
    )


def _proxy_aliases(data: object) -> set[str]:
    out: set[str] = set()
    for document in data if isinstance(data, list) else ():
        entries = document.get("model_list") if isinstance(document, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get(PROXY_ALIAS_KEY), str):
                out.add(entry[PROXY_ALIAS_KEY])
    return out


def _env_item(value: str, rules: Rules) -> tuple[str, ModelValue, int] | None:
    """``KEY=deepseek-chat``: the key, the model, and where the name starts in the item."""
    match = ENV_ITEM.fullmatch(value)
    model = parse_model_value(match.group("value"), rules) if match else None
    if match is None or model is None:
        return None
    return match.group("key"), model, match.start("value") + len(model.prefix)


def _env_siblings(sequence: yaml.SequenceNode) -> dict[object, object]:
    out: dict[object, object] = {}
    for item in sequence.value:
        match = ENV_ITEM.fullmatch(item.value) if isinstance(item, yaml.ScalarNode) else None
        if match:
            out[match.group("key")] = match.group("value")
    return out


def _litellm_carrier(
    text: str, visits: list[Visit], siblings: Mapping[object, object], mode: Thinking
) -> Carrier:
    """``thinking: {type: ...}`` as a sibling of ``model``: after it in a flow mapping, on the next line in a block one."""
    spelling = f"thinking: {{type: {mode.value}}}"
    extra_body = siblings.get("extra_body")
    if "thinking" in siblings or (isinstance(extra_body, dict) and "thinking" in extra_body):
        return Carrier(spelling, existing=True)
    visit = visits[0]
    node = visit.node
    end = node.end_mark.index
    if isinstance(visit.parent, yaml.MappingNode) and visit.parent.flow_style:
        edit = Edit(end, end, f", {spelling}")
    else:
        assert visit.key_node is not None
        indent = " " * visit.key_node.start_mark.column
        newline = NEWLINE.search(text, end)
        if end and text[end - 1] in "\r\n":
            edit = Edit(end, end, f"{indent}{spelling}{line_ending(text)}")
        elif newline is not None:
            edit = Edit(newline.end(), newline.end(), f"{indent}{spelling}{newline.group()}")
        else:
            edit = Edit(end, end, f"{line_ending(text)}{indent}{spelling}")
    changes = tuple(Change((*v.path[:-1], "thinking"), {"type": mode.value}) for v in visits)
    return Carrier(spelling, edits=(edit,), changes=changes)


# The places a document's values sit, aliases expanded, may outnumber its nodes by this factor (plus
# MAX_PLACES_EXTRA). A few hundred bytes of nested aliases can stand for billions of places (an "alias
# bomb"), and every place is visited: such a file is refused as if it did not parse.
MAX_PLACES_PER_NODE = 16
MAX_PLACES_EXTRA = 10_000


def _limit_aliases(root: yaml.Node) -> None:
    """Raise :class:`ParseError` when expanding the aliases of ``root`` gives too many places."""
    sizes: dict[int, int] = {}  # node -> places under it, aliases expanded (done nodes only)
    open_: set[int] = set()  # nodes on the current path: an alias to one is a loop the walk does not enter
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # depth-first without recursion: documents can be deeply nested
        node, done = stack.pop()
        if done:
            open_.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in _children(node))
            continue
        if id(node) in sizes or id(node) in open_:
            continue
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    limit = MAX_PLACES_PER_NODE * len(sizes) + MAX_PLACES_EXTRA
    if sizes[id(root)] > limit:
        raise ParseError(
            f"its aliases expand to more than {limit} values (from {len(sizes)} nodes); "
            "refused as an alias bomb"
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _walk(
    node: yaml.Node,
    path: Path,
    key: object,
    key_node: yaml.Node | None,
    parent: yaml.Node | None,
    parent_key: object,
    stack: frozenset[int],
    keys: Loader,
    key_spans: list[tuple[int, int]],
) -> Iterator[Visit]:
    if isinstance(node, yaml.ScalarNode):
        yield Visit(node, path, key, key_node, parent, parent_key)
        return
    if id(node) in stack:
        return
    stack = stack | {id(node)}
    if isinstance(node, yaml.MappingNode):
        for k_node, v_node in node.value:
            if k_node.tag == MERGE_TAG:
                continue  # the merged mapping is visited where it is defined; the guard sees the rest
            if isinstance(k_node, yaml.ScalarNode):
                key_spans.append(_span(k_node))
            child_key = keys.construct_object(k_node, deep=True)
            yield from _walk(v_node, (*path, child_key), child_key, k_node, node, key, stack, keys, key_spans)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, (*path, i), None, None, node, key, stack, keys, key_spans)
