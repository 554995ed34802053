"""Retired DeepSeek model names in JSON files: ag2/autogen ``OAI_CONFIG_LIST``, Claude Code ``settings.json``, agent configs.

A small tokenizer (RFC 8259, plus ``//`` and ``/* */`` comments as in JSONC)
gives exact spans and tells keys from values; ``json.loads`` is the guard.
Thinking in an ag2 config entry: ``"extra_body": {"thinking": {"type": ...}}``,
which ag2 forwards to the openai SDK's ``extra_body`` (a top-level ``"thinking"``
key raises ``TypeError`` at create); the field itself:
https://api-docs.deepseek.com/guides/thinking_mode. Names and namespaces:
``migrate/adapters/files/config_values.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.files.config_values import (
    Carrier,
    Change,
    ConfigAdapter,
    ParseError,
    Path,
    Scan,
    Target,
    get_path,
    locate,
    parse_model_value,
    siblings_at,
)
from migrate.adapters.python.autogen import COMPONENT_NO_THINKING, is_component_provider
from migrate.hosts import is_deepseek_host, url_host
from migrate.jsonspan import BOM, JsonMember, JsonNode, JsonParser, JsonSyntaxError
from migrate.model import Edit, Thinking
from migrate.rulepack import Rules
from migrate.textedit import line_ending

AG2_API_TYPE = "deepseek"


def _parse(text: str) -> tuple[JsonParser, JsonNode]:
    parser = JsonParser(text)
    try:
        return parser, parser.document()
    except JsonSyntaxError as exc:
        raise ParseError(str(exc)) from None


@dataclass(frozen=True)
class Place:
    """A string value, where it sits, and the object and member holding it (if any)."""

    node: JsonNode
    path: Path
    owner: JsonNode | None
    member: JsonMember | None


def _places(node: JsonNode, path: Path, owner: JsonNode | None, member: JsonMember | None) -> Iterator[Place]:
    if node.kind == "string":
        yield Place(node, path, owner, member)
    for child in node.members:
        yield from _places(child.value, (*path, child.key), node, child)
    for i, item in enumerate(node.items):
        yield from _places(item, (*path, i), None, None)


def _walk_keys(node: JsonNode) -> Iterator[tuple[int, int]]:
    for child in node.members:
        yield child.key_span
        yield from _walk_keys(child.value)
    for item in node.items:
        yield from _walk_keys(item)


class JsonAdapter(ConfigAdapter):
    """
    ## What it does
    Finds JSON string values whose whole value is a retired DeepSeek model name
    (`deepseek-chat`, `deepseek-reasoner`), optionally behind a `deepseek/` or
    `deepseek:` provider prefix, and renames them to the rule pack's replacement. In
    an ag2/autogen `OAI_CONFIG_LIST` entry (an object with `"model"` and
    `"api_type": "deepseek"` or a DeepSeek `"base_url"`) it also adds the thinking
    mode the old name implied as `"extra_body": {"thinking": {"type": ...}}`, or
    merges it into an existing `extra_body` object.

    Look-alikes (`deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`), other hosts'
    ids (`openrouter/deepseek/deepseek-chat`) and keys are never rewritten. Mentions
    in `//` and `/* */` comments (JSONC) and in longer values are reported as info.

    ## Why is this bad?
    DeepSeek retired both names; a request that sends one now fails. Each name was one
    thinking mode of the replacement model: `deepseek-chat` had thinking disabled,
    `deepseek-reasoner` enabled. V4 models think by default, so a bare rename of
    `deepseek-chat` silently turns thinking on.

    ## Example
    ```json
    [{"model": "deepseek-chat", "api_type": "deepseek"}]
    ```

    Use instead:
    ```json
    [{"extra_body": {"thinking": {"type": "disabled"}}, "model": "deepseek-v4-flash", "api_type": "deepseek"}]
    ```

    ## Fix safety
    The ag2 fix is safe (unsafe when nothing in the entry says DeepSeek): it inserts `extra_body.thinking`, or renames only when
    `extra_body` already sets `thinking`. Elsewhere (Claude Code's
    `"ANTHROPIC_MODEL"`, an agent config's `"model"`, an ag2 entry whose `extra_body`
    is not an object literal) the file cannot say how thinking is set: renaming an
    ex-`deepseek-reasoner` value is safe (thinking on is the new default) when the value shows it goes to DeepSeek (a `DEEPSEEK_*` key, a DeepSeek base
    URL, a `deepseek` provider or a `deepseek/` route beside it), and unsafe otherwise
    (a proxy or another host may read the bare name as its own); an
    ex-`deepseek-chat` value gets no fix, because the code that reads it must also
    send `"thinking": {"type": "disabled"}` and a rename alone would turn thinking
    on silently.

    An AutoGen component (`{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",
    "config": {"model": ...}}`, as AutoGen Studio saves it) cannot carry thinking:
    its loader validates `config` with a model that has no `extra_body` and drops
    unknown keys. An ex-`deepseek-reasoner` value there is renamed (safe); an
    ex-`deepseek-chat` value gets no fix: build that client in Python with
    `extra_body={"thinking": {"type": "disabled"}}`.

    No fix is offered for: a value next to an `api_base`/`base_url` that points at a
    host other than api.deepseek.com, or an `openrouter/...`-style id (warning:
    another host's model id); a partly escaped value (`"deepseek\\/deepseek-chat"`);
    and an edit that does not re-parse to the original document with only this
    value changed, as with a duplicated key.
    """

    CODE = "DSM204"
    NAME = "retired-model-in-json"
    FORMAT = "JSON"
    KINDS = frozenset({"json"})

    VALID = (
        Valid(
            '{"model": "deepseek-v4-flash", "extra_body": {"thinking": {"type": "disabled"}}}\n',
            path="a.json",
        ),
        Valid(
            '{"models": ["deepseek/deepseek-chat-v3-0324", "deepseek/deepseek-chat:free", '
            '"deepseek-ai/DeepSeek-V3"]}\n',
            path="models.json",
        ),
        Valid('{"model": "claude-sonnet-4-5", "deepseek-chat-v3": {"max_tokens": 8192}}\n', path="a.json"),
        Valid(
            '{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",\n'
            ' "config": {"model": "deepseek-v4-flash", "base_url": "https://api.deepseek.com/v1"}}\n',
            path="team.json",
        ),
    )
    INVALID = (
        Invalid(
            '[\n  {\n    "model": "deepseek-chat",\n    "base_url": "https://api.deepseek.com/v1"\n  }\n]\n',
            '[\n  {\n    "extra_body": {"thinking": {"type": "disabled"}},\n    "model": "deepseek-v4-flash",\n'
            '    "base_url": "https://api.deepseek.com/v1"\n  }\n]\n',
            path="OAI_CONFIG_LIST.json",
            range=(3, 15, 3, 28),
        ),
        Invalid(
            '[{"model": "deepseek-reasoner", "api_type": "deepseek"}]',
            '[{"extra_body": {"thinking": {"type": "enabled"}}, "model": "deepseek-v4-flash", "api_type": "deepseek"}]',
            path="OAI_CONFIG_LIST",
            range=(1, 13, 1, 30),
        ),
        Invalid(
            '[{"model": "deepseek-chat", "api_type": "deepseek", "extra_body": {"metadata": {"team": "a"}}}]',
            '[{"model": "deepseek-v4-flash", "api_type": "deepseek", '
            '"extra_body": {"thinking": {"type": "disabled"}, "metadata": {"team": "a"}}}]',
            path="OAI_CONFIG_LIST.json",
            range=(1, 13, 1, 26),
        ),
        Invalid(
            '[{"model": "deepseek-chat", "api_type": "deepseek", "extra_body": {"thinking": {"type": "disabled"}}}]',
            '[{"model": "deepseek-v4-flash", "api_type": "deepseek", "extra_body": {"thinking": {"type": "disabled"}}}]',
            path="OAI_CONFIG_LIST.json",
            message="thinking setting already here is kept",
            range=(1, 13, 1, 26),
        ),
        Invalid(
            '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://api.deepseek.com/anthropic",\n'
            '    "ANTHROPIC_MODEL": "deepseek-chat"\n  }\n}\n',
            None,
            None,
            path=".claude/settings.json",
            message="reads `ANTHROPIC_MODEL` must disable thinking",
            range=(4, 25, 4, 38),
        ),
        Invalid(
            '{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient", "component_type": "model",\n'
            ' "config": {"model": "deepseek-chat", "base_url": "https://api.deepseek.com/v1"}}\n',
            None,
            None,
            path="team.json",
            message="component loader (`_from_config`) has no field for the thinking mode",
            range=(2, 23, 2, 36),
            id="DSM204-autogen-component-no-thinking-field",
        ),
        Invalid(
            '{"provider": "OpenAIChatCompletionClient", "config": {"model": "deepseek-chat", "api_key": "k"}}\n',
            None,
            None,
            path="model_client.json",
            message="no fix: AutoGen's component loader",
            range=(1, 65, 1, 78),
            id="DSM204-autogen-component-provider-alias",
        ),
        Invalid(
            '{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",\n'
            ' "config": {"model": "deepseek-reasoner", "base_url": "https://api.deepseek.com/v1"}}\n',
            '{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient",\n'
            ' "config": {"model": "deepseek-v4-flash", "base_url": "https://api.deepseek.com/v1"}}\n',
            path="team.json",
            message="thinking is on by default",
            range=(2, 23, 2, 40),
        ),
        Invalid(
            '{\r\n  "model": "deepseek/deepseek-reasoner"\r\n}\r\n',
            '{\r\n  "model": "deepseek/deepseek-v4-flash"\r\n}\r\n',
            path="agent.json",
            range=(2, 22, 2, 39),
        ),
        Invalid(
            '{\n  /* was "deepseek-chat" */\n  "model": "gpt-4o"\n}\n',
            None,
            None,
            path="a.json",
            message="in a comment",
            range=(2, 11, 2, 24),
        ),
        Invalid(
            '{"deepseek-chat": {"max_tokens": 8192}}',
            None,
            None,
            path="a.json",
            message="as a key",
            range=(1, 3, 1, 16),
        ),
        Invalid(
            '{"model": "deepseek/deepseek-chat", "base_url": "https://openrouter.ai/api/v1"}',
            None,
            None,
            path="a.json",
            message="sent to `openrouter.ai`",
            range=(1, 21, 1, 34),
        ),
        Invalid(
            '{"model": "deepseek\\/deepseek-chat"}',
            None,
            None,
            path="a.json",
            message="could not be located",
            range=(1, 11, 1, 36),
        ),
        Invalid(
            '{"model": "deepseek-reasoner", "model": "gpt-4o"}',
            None,
            None,
            path="a.json",
            message="edit was refused",
            range=(1, 12, 1, 29),
        ),
    )

    def load(self, text: str) -> object:
        try:
            return json.loads(text.removeprefix(BOM))
        except ValueError:
            pass  # perhaps JSONC: blank the comments out and try again
        parser = _parse(text)[0]
        chars = list(" " + text[1:] if text.startswith(BOM) else text)  # same offsets, no BOM
        for start, end in parser.comments:
            chars[start:end] = " " * (end - start)
        try:
            return json.loads("".join(chars))
        except ValueError as exc:
            raise ParseError(str(exc)) from None

    def scan(self, text: str, data: object, rules: Rules) -> Scan:
        parser, root = _parse(text)
        out = Scan(comments=parser.comments, keys=list(_walk_keys(root)))
        for place in _places(root, (), None, None):
            out.values.append((place.node.start, place.node.end))
            model = parse_model_value(place.node.value, rules)
            if model is None:
                continue
            siblings = siblings_at(data, place.path)
            key = place.member.key if place.member else None
            carrier = None
            if key == "model" and model.first_party and _is_autogen_component(data, place.path):
                carrier = Carrier("", impossible=COMPONENT_NO_THINKING)
            elif key == "model" and place.owner is not None and model.first_party and _is_ag2_entry(siblings):
                assert place.member is not None
                mode = rules.renames[model.old].thinking
                carrier = _ag2_carrier(text, place.owner, place.member, place.path[:-1], mode)
            span = (place.node.start, place.node.end)
            out.targets.append(
                Target(
                    span=span,
                    name_start=locate(text, span, place.node.value, len(model.prefix)),
                    model=model,
                    value=place.node.value,
                    name_offset=len(model.prefix),
                    key=key,
                    paths=(place.path,),
                    siblings=siblings,
                    carrier=carrier,
                )
            )
        return out


def _is_autogen_component(data: object, path: Path) -> bool:
    """Whether the value at ``path`` is ``config.model`` of an AutoGen OpenAI client component."""
    if len(path) < 2 or path[-2] != "config":
        return False
    try:
        component = get_path(data, path[:-2])
    except (KeyError, IndexError):
        return False
    return isinstance(component, dict) and is_component_provider(component.get("provider"))


def _is_ag2_entry(siblings: Mapping[object, object]) -> bool:
    return siblings.get("api_type") == AG2_API_TYPE or is_deepseek_host(url_host(siblings.get("base_url")))


def _ag2_carrier(text: str, owner: JsonNode, model: JsonMember, path: Path, mode: Thinking) -> Carrier | None:
    """``extra_body.thinking``: a new ``extra_body`` member before ``model``, or merged into the existing object."""
    thinking = f'{{"type": "{mode.value}"}}'
    spelling = f'"extra_body": {{"thinking": {thinking}}}'
    extra = [m for m in owner.members if m.key == "extra_body"]
    if not extra:
        return Carrier(
            spelling,
            edits=(_insert_member(text, model.key_span[0], spelling),),
            changes=(Change((*path, "extra_body"), {"thinking": {"type": mode.value}}),),
        )
    body = extra[-1].value
    if body.kind != "object":
        return None
    if any(m.key == "thinking" for m in body.members):
        return Carrier(spelling, existing=True)
    member = f'"thinking": {thinking}'
    if body.members:
        edit = _insert_member(text, body.members[0].key_span[0], member)
    else:
        edit = Edit(body.start + 1, body.start + 1, member)
    return Carrier(
        spelling, edits=(edit,), changes=(Change((*path, "extra_body", "thinking"), {"type": mode.value}),)
    )


def _insert_member(text: str, key_start: int, member: str) -> Edit:
    """Insert ``member`` before the member whose key starts at ``key_start``: on its own line if that key is."""
    line_start = max(text.rfind("\n", 0, key_start), text.rfind("\r", 0, key_start)) + 1
    indent = text[line_start:key_start]
    if indent.strip(" \t") == "":
        return Edit(line_start, line_start, f"{indent}{member},{line_ending(text)}")
    return Edit(key_start, key_start, f"{member}, ")
