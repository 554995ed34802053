"""What the non-Python file adapters share: finding retired names in text, judging a config value, the guard.

Source of truth for the names and the thinking mode each implied: the rule pack
(``rules/deepseek-v4.toml``, https://api-docs.deepseek.com/news/news260424) and
https://api-docs.deepseek.com/guides/thinking_mode. Ids that belong to other hosts'
catalogs and are never rewritten: OpenRouter's (https://openrouter.ai/deepseek,
``openrouter/deepseek/...``, ``deepseek/deepseek-chat-v3-0324``, ``...:free``), and
Together/Bedrock/Hugging Face/Ollama ids (``deepseek-ai/DeepSeek-V3``, ``deepseek-r1``).

Every config adapter (.env, YAML, TOML, JSON) follows the same steps:

1. find every whole-word *mention* of a retired name in the raw text;
2. parse the file, and let the adapter's scanner locate the scalar values whose
   whole value is a retired name (a :class:`Target`), plus the comment, key and
   value regions of the text;
3. judge each target (first-party or another host, how thinking can be carried)
   and build a span edit; *guard* it: apply it, re-parse, and compare with the
   original document where only the intended values changed;
4. report every mention no target covers (comments, keys, prose) as INFO.
"""

from __future__ import annotations

import bisect
import copy
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from migrate.adapters.base import Context, FileAdapter
from migrate.hosts import FIRST_PARTY_PREFIXES, is_deepseek_host, url_host
from migrate.model import Applicability, Edit, Fix, Report, Severity, Thinking
from migrate.rulepack import Rename, Rules
from migrate.textedit import apply_edits

# Key spellings (lower-cased, without "_" and "-") that hold an API base URL.
BASE_URL_SUFFIXES = ("baseurl", "apibase")
# Characters that glue a name into a longer token: a mention must not be preceded by one of them,
# unless the run before it is a provider path such as "deepseek/" or "openrouter/deepseek/".
TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "_.@/:#-")
# What makes a name a look-alike when it follows it: "deepseek-chat-v3-0324", "deepseek-chat:free".
# ASCII only, so a CJK neighbour ("使用deepseek-chat模型") does not hide a name.
LOOKALIKE_TAIL = re.compile(r"[A-Za-z0-9_-]|[.:/][A-Za-z0-9_]")
PROVIDER_PATH = re.compile(r"(?:[A-Za-z0-9_.@-]+[/:])*")
REFUSED = (
    "; the automatic edit was refused: re-parsing the edited file did not give "
    "the original document with only this value changed"
)
UNLOCATED = (
    "; the name could not be located exactly in the source text (it is partly escaped, or its token "
    "repeats it), so it is not fixed"
)

Path = tuple[object, ...]


class ParseError(ValueError):
    """The file (or an edited version of it) is not valid in its format."""


@dataclass(frozen=True)
class Mention:
    """A whole-word occurrence of a retired name; ``start``/``end`` span the name, not the prefix."""

    start: int
    end: int
    old: str
    prefix: str

    @property
    def first_party(self) -> bool:
        return self.prefix in FIRST_PARTY_PREFIXES


@dataclass(frozen=True)
class ModelValue:
    """A scalar whose whole value is a retired name, optionally behind a provider path."""

    prefix: str
    old: str

    @property
    def first_party(self) -> bool:
        return self.prefix in FIRST_PARTY_PREFIXES


@dataclass(frozen=True)
class Change:
    """One intended change to the parsed document: set the value at ``path``."""

    path: Path
    value: object


@dataclass(frozen=True)
class Carrier:
    """How the surrounding structure can carry the thinking mode.

    ``existing``: the structure already sets thinking, so a rename alone is safe.
    ``impossible``: the structure is known to have no slot for it (its loader drops
    any key that would carry it): why, and what to do instead; an ex-``deepseek-chat``
    value then gets no fix at all.
    Otherwise ``edits`` insert the setting and ``changes`` say what it adds to the document.
    """

    spelling: str
    existing: bool = False
    impossible: str = ""
    edits: tuple[Edit, ...] = ()
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Target:
    """A config value holding a retired name, located in the text.

    ``span`` is the scalar token (quotes included); ``name_start`` is the offset of
    the retired name in the text, or ``None`` when it cannot be located exactly.
    ``value`` is the decoded scalar and ``name_offset`` where the name sits in it.
    ``paths`` are where the scalar sits in the parsed document (several with YAML aliases).
    """

    span: tuple[int, int]
    name_start: int | None
    model: ModelValue
    value: str
    name_offset: int
    key: str | None
    paths: tuple[Path, ...]
    siblings: Mapping[object, object]
    carrier: Carrier | None = None


@dataclass
class Scan:
    """What an adapter's scanner found: targets, ready-made notes, and the text's regions."""

    targets: list[Target] = field(default_factory=list)
    notes: list[Report] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)
    keys: list[tuple[int, int]] = field(default_factory=list)
    values: list[tuple[int, int]] = field(default_factory=list)


class Spans:
    """Non-overlapping ``(start, end)`` spans, for "is this offset inside one?" in log time."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __contains__(self, offset: object) -> bool:
        if not isinstance(offset, int):
            return False
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]


def find_mentions(text: str, rules: Rules) -> list[Mention]:
    """Whole-word occurrences of retired names, skipping look-alikes, longer words and URL paths."""
    if not any(name in text for name in rules.renames):
        return []
    pattern = re.compile(rules.names_regex())
    out: list[Mention] = []
    for match in pattern.finditer(text):
        if LOOKALIKE_TAIL.match(text, match.end()):
            continue
        begin = match.start()
        while begin > 0 and text[begin - 1] in TOKEN_CHARS:
            begin -= 1
        prefix = text[begin : match.start()]
        if prefix and (prefix[-1] not in "/:" or "//" in prefix or not PROVIDER_PATH.fullmatch(prefix)):
            continue
        out.append(Mention(match.start(), match.end(), match.group(), prefix))
    return out


def parse_model_value(value: str, rules: Rules) -> ModelValue | None:
    """The retired name a whole scalar names, or ``None`` (look-alikes, prose, other models)."""
    for old in rules.renames:
        if value.endswith(old):
            prefix = value[: -len(old)]
            if PROVIDER_PATH.fullmatch(prefix) and (not prefix or prefix[-1] in "/:"):
                return ModelValue(prefix, old)
    return None


def names_deepseek(target: Target) -> bool:
    """Whether the value itself shows it is sent to DeepSeek: a DeepSeek route (``deepseek/``), a
    DeepSeek base URL, a ``"deepseek"`` provider or a key naming DeepSeek (``DEEPSEEK_API_KEY``)
    beside it, or a key on its path that names DeepSeek (``DEEPSEEK_MODEL``, ``[deepseek]``,
    ``providers.deepseek.models``)."""
    if target.model.prefix:
        return True
    if any(isinstance(part, str) and "deepseek" in part.lower() for path in target.paths for part in path):
        return True
    if target.key is not None and "deepseek" in target.key.lower():
        return True
    own = _normalise(target.key or "")
    for name, value in target.siblings.items():
        if not isinstance(name, str) or not isinstance(value, str):
            continue
        if value.strip().lower() == "deepseek" or "deepseek" in name.lower():
            return True  # provider = "deepseek", "api_type": "deepseek", DEEPSEEK_API_KEY=... beside it
        norm = _normalise(name)
        suffix = next((s for s in BASE_URL_SUFFIXES if norm.endswith(s)), None)
        if suffix is None or (norm[: -len(suffix)] and not own.startswith(norm[: -len(suffix)])):
            continue
        host = url_host(value)
        if host and is_deepseek_host(host):
            return True
    return False


def foreign_base_url(siblings: Mapping[object, object], key: str | None) -> str | None:
    """The host of a non-DeepSeek base URL that applies to ``key`` in the same mapping, if any.

    ``api_base``/``base_url`` apply to every key; ``OPENAI_BASE_URL`` only to keys that
    start with ``OPENAI`` (so ``DEEPSEEK_MODEL`` next to it is not affected). A value
    that is not a URL (``os.environ/...``, ``${VAR}``) says nothing either way.
    """
    own = _normalise(key or "")
    for name, value in siblings.items():
        if not isinstance(name, str):
            continue
        norm = _normalise(name)
        suffix = next((s for s in BASE_URL_SUFFIXES if norm.endswith(s)), None)
        if suffix is None:
            continue
        namespace = norm[: -len(suffix)]
        if namespace and not own.startswith(namespace):
            continue
        host = url_host(value)
        if host and not is_deepseek_host(host):
            return host
    return None


def locate(text: str, span: tuple[int, int], value: str, name_offset: int) -> int | None:
    """Offset of the name inside the raw token ``text[span]``, if the decoded value appears there once."""
    raw = text[span[0] : span[1]]
    at = raw.find(value)
    if at < 0 or raw.find(value, at + 1) >= 0:
        return None
    return span[0] + at + name_offset


def get_path(data: object, path: Path) -> object:
    for part in path:
        data = _child(data, part)
    return data


def expected_document(data: object, changes: Sequence[Change]) -> object:
    """A deep copy of ``data`` with ``changes`` applied: what the edited file must parse to."""
    out = copy.deepcopy(data)
    for change in changes:
        if not change.path:
            out = change.value
            continue
        _set_child(get_path(out, change.path[:-1]), change.path[-1], change.value)
    return out


def _child(container: object, part: object) -> object:
    if isinstance(container, dict):
        return container[part]
    if isinstance(container, list) and isinstance(part, int):
        return container[part]
    raise KeyError(part)


def _set_child(container: object, part: object, value: object) -> None:
    if isinstance(container, dict):
        container[part] = value
        return
    if isinstance(container, list) and isinstance(part, int):
        container[part] = value
        return
    raise KeyError(part)


def siblings_at(data: object, path: Path) -> Mapping[object, object]:
    """The mapping that holds the value at ``path``, or an empty one."""
    try:
        parent = get_path(data, path[:-1])
    except (KeyError, IndexError):
        return {}
    return parent if isinstance(parent, dict) else {}


def base_report(
    rule: type[FileAdapter] | FileAdapter,
    start: int,
    end: int,
    rename: Rename,
    message: str,
    severity: Severity,
) -> Report:
    return rule.report(
        start, end, message, severity=severity, old=rename.old, new=rename.new, thinking=rename.thinking
    )


def retired_message(rename: Rename, rules: Rules) -> str:
    retired = rules.pack_for(rename.old).retired.date().isoformat()
    return (
        f"`{rename.old}` is a retired DeepSeek model name (retired {retired}); "
        f"use `{rename.new}` with thinking {rename.thinking.value}"
    )


def thinking_how(mode: Thinking) -> str:
    """What the reader of a config value must send: one line, the same for every client. How each
    client spells it is in ``explain`` (:func:`with_client_spellings`), not in every message."""
    return f'send "thinking": {{"type": "{mode.value}"}} in the request body'


def with_client_spellings(documentation: str) -> str:
    """A rule's documentation and, last, how the clients that spell the thinking field their own
    way set it (the adapters' ``by_hand``): for the rules whose messages say only :func:`thinking_how`."""
    from migrate.registry import PYTHON_ADAPTERS  # deferred: the registry imports the config adapters

    rows = []
    for adapter in PYTHON_ADAPTERS:
        spelling = adapter.by_hand(Thinking.DISABLED)
        if spelling is not None:
            client, _, code = spelling.partition(": ")
            rows.append(f"- {client}: `{code}`")
    return (
        f"{documentation}\n\n## Thinking, client by client\n\n"
        'The message names the field the request body must carry, `"thinking": {"type": "disabled"}`. '
        "Clients that do not take it as it is spell it:\n\n" + "\n".join(rows)
    )


class ConfigAdapter(FileAdapter):
    """The shared check for config files; subclasses parse (``load``) and locate values (``scan``)."""

    @classmethod
    def documentation(cls) -> str:
        return with_client_spellings(super().documentation())

    FORMAT: ClassVar[str]
    parse_error: str | None = None  # set by ``check`` when the file does not parse

    def load(self, text: str) -> object:
        """The parsed document; raise :class:`ParseError` if ``text`` is not valid."""
        raise NotImplementedError

    def scan(self, text: str, data: object, rules: Rules) -> Scan:
        """Locate the targets and the comment/key/value regions of ``text``."""
        raise NotImplementedError

    def check(self, text: str, ctx: Context) -> list[Report]:
        if not any(old in text for old in ctx.rules.renames):
            return []
        mentions = find_mentions(text, ctx.rules)
        try:
            data = self.load(text)
            scan = self.scan(text, data, ctx.rules)
        except ParseError as exc:
            self.parse_error = f"not valid {self.FORMAT}: {_first_line(str(exc))}"  # the file's error
            return self._unparsed(mentions, ctx.rules, str(exc))
        reports = self._guarded(text, data, [self._judge(target, ctx.rules) for target in scan.targets])
        reports.extend(scan.notes)
        covered = Spans([target.span for target in scan.targets] + [(r.start, r.end) for r in scan.notes])
        regions = (Spans(scan.comments), Spans(scan.keys), Spans(scan.values))
        for mention in mentions:
            if mention.start not in covered:
                reports.append(self._leftover(mention, regions, ctx.rules))
        return sorted(reports, key=lambda r: (r.start, r.end))

    def _guarded(
        self, text: str, data: object, judged: Sequence[tuple[Report, list[Change]]]
    ) -> list[Report]:
        """Keep each fix only if the edited file re-parses to the expected document.

        All fixes are tried together first (one parse for the common case); only when
        that fails is each fix tried on its own, so one bad edit does not cost the rest.
        """
        fixable = [(report.fix, changes) for report, changes in judged if report.fix is not None]
        edits = [edit for fix, _ in fixable for edit in fix.edits]
        together = bool(fixable) and self._guard(text, data, edits, [c for _, cs in fixable for c in cs])
        out = []
        for report, changes in judged:
            if report.fix is None or together or self._guard(text, data, report.fix.edits, changes):
                out.append(report)
            else:
                out.append(replace(report, fix=None, message=report.message + REFUSED))
        return out

    def _judge(self, target: Target, rules: Rules) -> tuple[Report, list[Change]]:
        """The finding for ``target``, with its fix not yet guarded, and the changes the fix intends."""
        rename = rules.renames[target.model.old]
        start = target.name_start if target.name_start is not None else target.span[0]
        end = start + len(rename.old) if target.name_start is not None else target.span[1]
        message = retired_message(rename, rules)
        if not target.model.first_party:
            where = target.model.prefix + rename.old
            return base_report(
                self,
                start,
                end,
                rename,
                f"`{where}` is another host's model id (`{target.model.prefix}`), not DeepSeek's "
                f"retired `{rename.old}`; it is not renamed: check that host's catalog",
                Severity.WARNING,
            ), []
        host = foreign_base_url(target.siblings, target.key)
        if host is not None:
            return base_report(
                self,
                start,
                end,
                rename,
                f"`{rename.old}` here is sent to `{host}`, not api.deepseek.com: another host's "
                "model id; it is not renamed: check that host's catalog",
                Severity.WARNING,
            ), []
        report = base_report(self, start, end, rename, message, Severity.ERROR)
        if target.name_start is None:
            return replace(report, message=message + UNLOCATED), []
        impossible = target.carrier.impossible if target.carrier is not None else ""
        if impossible and rename.thinking is Thinking.DISABLED:
            return replace(report, message=f"{message}; no fix: {impossible}"), []
        fix, note, read_by = self._fix(target, rename)
        if fix is not None and fix.applicability is Applicability.SAFE and not names_deepseek(target):
            # Unknown is not DeepSeek: a proxy or another host may take this bare name as its own.
            fix = replace(fix, applicability=Applicability.UNSAFE)
            note += UNKNOWN_HOST
        new_value = (
            target.value[: target.name_offset]
            + rename.new
            + target.value[target.name_offset + len(rename.old) :]
        )
        changes = [Change(path, new_value) for path in target.paths]
        if target.carrier is not None and not target.carrier.existing:
            changes.extend(target.carrier.changes)
        return replace(report, message=f"{message}; {note}", fix=fix, read_by=read_by), changes

    def _fix(self, target: Target, rename: Rename) -> tuple[Fix | None, str, str | None]:
        """The fix, what the finding's message says about thinking, and the key whose readers must set it."""
        assert target.name_start is not None
        edits = (Edit(target.name_start, target.name_start + len(rename.old), rename.new),)
        title = f"Rename to `{rename.new}`"
        carrier = target.carrier
        if carrier is not None and carrier.existing:
            return Fix(Applicability.SAFE, title, edits), "the thinking setting already here is kept", None
        if carrier is not None and carrier.impossible:  # ex-deepseek-reasoner: thinking on is the default
            return (
                Fix(Applicability.SAFE, title, edits),
                f"thinking is on by default, as `{rename.old}` had it",
                None,
            )
        if carrier is not None:
            fix = Fix(Applicability.SAFE, f"{title} and add `{carrier.spelling}`", edits + carrier.edits)
            return fix, f"the fix adds `{carrier.spelling}` next to it", None
        if rename.thinking is Thinking.ENABLED:
            return (
                Fix(Applicability.SAFE, title, edits),
                f"thinking is on by default, as `{rename.old}` had it",
                None,
            )
        reader = f"`{target.key}`" if target.key else "this value"
        # No fix: the switch cannot go in this file, and a rename alone would turn thinking on
        # silently, leaving no finding behind. Whole or nothing: the person renames it with the switch.
        how = thinking_how(rename.thinking)
        note = (
            f"thinking is on by default, so the code that reads {reader} must disable thinking: {how}; "
            "no fix: rename it by hand together with that change"
        )
        read_by = (
            target.key
            if target.key is not None and target.key.isidentifier() and target.key.isascii()
            else None
        )
        return None, note, read_by

    def _guard(self, text: str, data: object, edits: Sequence[Edit], changes: Sequence[Change]) -> bool:
        try:
            return self.load(apply_edits(text, edits)) == expected_document(data, changes)
        except (ValueError, KeyError, IndexError, RecursionError):  # ParseError, OverlapError, a path gone
            return False

    def _leftover(self, mention: Mention, regions: tuple[Spans, Spans, Spans], rules: Rules) -> Report:
        rename = rules.renames[mention.old]
        comments, keys, values = regions
        if mention.start in comments:
            where = "in a comment; comments are never rewritten"
        elif mention.start in keys:
            where = "as a key, not a value; keys are never rewritten"
        elif mention.start in values:
            where = "inside a longer value; only whole values are rewritten"
        else:
            where = "outside any value; it is not rewritten"
        return base_report(
            self,
            mention.start,
            mention.end,
            rename,
            f"`{mention.prefix}{mention.old}` is mentioned {where}",
            Severity.INFO,
        )

    def _unparsed(self, mentions: Sequence[Mention], rules: Rules, error: str) -> list[Report]:
        first_line = _first_line(error)
        reports = []
        for mention in mentions:
            rename = rules.renames[mention.old]
            reports.append(
                base_report(
                    self,
                    mention.start,
                    mention.end,
                    rename,
                    f"`{mention.prefix}{mention.old}` found, but the file is not valid {self.FORMAT} "
                    f"({first_line}), so it is not fixed",
                    Severity.ERROR if mention.first_party else Severity.WARNING,
                )
            )
        return reports


UNKNOWN_HOST = (
    "; unsafe: nothing here shows the value is sent to DeepSeek (no DeepSeek base URL or `deepseek/` "
    "route beside it, no key naming DeepSeek): a proxy or another host may read the name as its own"
)


def _first_line(error: str) -> str:
    return error.strip().splitlines()[0] if error.strip() else "parse error"


def _normalise(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")
