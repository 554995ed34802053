"""Retired DeepSeek model names in dotenv files (``.env``, ``.env.*``, ``*.env``).

Syntax followed: python-dotenv's (https://github.com/theskumar/python-dotenv#file-format):
``KEY=value``, ``export KEY=value``, single/double quotes (multi-line allowed,
backslash escapes the quote), ``# comment`` lines and `` #`` inline comments after
a value. Names and namespaces: ``migrate/adapters/files/config_values.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.files.config_values import ConfigAdapter, Scan, Target, locate, parse_model_value
from migrate.rulepack import Rules
from migrate.textedit import end_of_line

ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")
INLINE_COMMENT = re.compile(r"[ \t]+#")
QUOTES = ("'", '"')
AFTER_QUOTE = re.compile(r"[ \t]*(?:#.*)?")  # what may follow a quoted value on its line


@dataclass(frozen=True)
class EnvEntry:
    """One ``KEY=value`` assignment; ``span`` is the value token, quotes included."""

    key: str
    key_span: tuple[int, int]
    value: str
    span: tuple[int, int]


@dataclass
class EnvFile:
    entries: list[EnvEntry] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)


def parse_env(text: str) -> EnvFile:
    """Assignments and comments of a dotenv file; lines that are neither are skipped, as python-dotenv does."""
    out = EnvFile()
    pos = 0
    while pos < len(text):
        eol = end_of_line(text, pos)
        match = ASSIGNMENT.match(text, pos, eol)
        if match is None:
            line = text[pos:eol]
            body = len(line) - len(line.lstrip())
            if line[body:].startswith("#"):
                out.comments.append((pos + body, eol))
            pos = _next_line(text, eol)
            continue
        key_span = match.span("key")
        start = match.end()
        close = _closing_quote(text, start) if text[start : start + 1] in QUOTES else None
        if close is not None:
            value, span, rest = text[start + 1 : close], (start, close + 1), close + 1
            eol = end_of_line(text, rest)
            if not AFTER_QUOTE.fullmatch(text, rest, eol):
                # ``'deepseek-chat'"x"``: python-dotenv refuses the line and sets nothing.
                pos = _next_line(text, eol)
                continue
        else:
            comment = INLINE_COMMENT.search(text, start, eol)
            end = comment.start() if comment else eol
            value = text[start:end].rstrip(" \t")
            span, rest = (start, start + len(value)), start + len(value)
        hash_at = text.find("#", rest, eol)
        if hash_at >= 0:
            out.comments.append((hash_at, eol))
        out.entries.append(EnvEntry(match.group("key"), key_span, value, span))
        pos = _next_line(text, eol)
    return out


def _next_line(text: str, eol: int) -> int:
    return eol + 2 if text.startswith("\r\n", eol) else eol + 1


def _closing_quote(text: str, start: int) -> int | None:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i
        else:
            i += 1
    return None


class EnvFileAdapter(ConfigAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names (`deepseek-chat`, `deepseek-reasoner`) as the
    whole value of a dotenv assignment, optionally behind a `deepseek/` or `deepseek:`
    provider prefix, and renames them to the rule pack's replacement.

    Look-alikes (`deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`), other hosts'
    ids (`openrouter/deepseek/deepseek-chat`, `deepseek-ai/DeepSeek-V3`) and keys are
    never rewritten. Mentions in comments and in longer values are reported as info.

    ## Why is this bad?
    DeepSeek retired both names; a request that sends one now fails. Each name was one
    thinking mode of the replacement model: `deepseek-chat` had thinking disabled,
    `deepseek-reasoner` enabled. V4 models think by default.

    ## Example
    ```
    DEEPSEEK_MODEL=deepseek-reasoner
    ```

    Use instead:
    ```
    DEEPSEEK_MODEL=deepseek-v4-flash
    ```

    ## Fix safety
    A dotenv file cannot say how thinking is set, so the code that reads the variable
    decides. Renaming an ex-`deepseek-reasoner` value is safe (thinking on is the new
    default) when the value shows it goes to DeepSeek (a `DEEPSEEK_*` key, a DeepSeek base
    URL, a `deepseek` provider or a `deepseek/` route beside it), and unsafe otherwise
    (a proxy or another host may read the bare name as its own). An ex-`deepseek-chat` value gets no fix: the reading code must also
    send `"thinking": {"type": "disabled"}` (the message spells it out), and a rename
    alone would turn thinking on silently.

    No fix is offered for: a value whose `*_BASE_URL`/`*_API_BASE` (same key prefix)
    points at a host other than api.deepseek.com, or an `openrouter/...`-style id
    (warning: another host's model id); commented-out lines (info); and an edit that
    does not re-parse to the same assignments with only this value changed.
    """

    CODE = "DSM201"
    NAME = "retired-model-in-env-file"
    FORMAT = "dotenv"
    KINDS = frozenset({"env"})

    VALID = (
        Valid("DEEPSEEK_MODEL=deepseek-v4-flash\n", path=".env"),
        Valid(
            "OPENROUTER_MODEL=deepseek/deepseek-chat-v3-0324\nFREE_MODEL=deepseek/deepseek-chat:free\n",
            path=".env",
        ),
        Valid(
            "HF_MODEL=deepseek-ai/DeepSeek-V3\nOLLAMA_MODEL=deepseek-r1\nMODEL=claude-sonnet-4-5\n",
            path=".env",
        ),
        Valid('PROMPT="You are a helpful assistant"\nMY_DEEPSEEK_CHAT_ID=42\n', path=".env"),
    )
    INVALID = (
        Invalid(
            "DEEPSEEK_MODEL=deepseek-chat\n",
            None,
            None,
            path=".env",
            message="reads `DEEPSEEK_MODEL` must disable thinking",
            range=(1, 16, 1, 29),
        ),
        Invalid(
            'export DEEPSEEK_MODEL="deepseek-reasoner"  # R1 era\n',
            'export DEEPSEEK_MODEL="deepseek-v4-flash"  # R1 era\n',
            path=".env.production",
            range=(1, 24, 1, 41),
        ),
        Invalid(
            "LLM_MODEL = 'deepseek/deepseek-reasoner'\r\nLLM_TEMPERATURE=0\r\n",
            "LLM_MODEL = 'deepseek/deepseek-v4-flash'\r\nLLM_TEMPERATURE=0\r\n",
            path="app.env",
            range=(1, 23, 1, 40),
        ),
        Invalid(
            "ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic\nANTHROPIC_MODEL=deepseek-chat # main\n",
            None,
            None,
            path=".env",
            range=(2, 17, 2, 30),
        ),
        Invalid(
            "# DEEPSEEK_MODEL=deepseek-chat\n",
            None,
            None,
            path=".env",
            message="in a comment",
            range=(1, 18, 1, 31),
        ),
        Invalid(
            "OPENAI_BASE_URL=https://openrouter.ai/api/v1\nOPENAI_MODEL=deepseek/deepseek-chat\n",
            None,
            None,
            path=".env",
            message="sent to `openrouter.ai`",
            range=(2, 23, 2, 36),
        ),
        Invalid(
            "LLM_MODEL=openrouter/deepseek/deepseek-chat\n",
            None,
            None,
            path=".env",
            message="another host",
            range=(1, 31, 1, 44),
        ),
    )

    def load(self, text: str) -> object:
        return [[entry.key, entry.value] for entry in parse_env(text).entries]

    def scan(self, text: str, data: object, rules: Rules) -> Scan:
        env = parse_env(text)
        siblings: dict[object, object] = {entry.key: entry.value for entry in env.entries}
        out = Scan(comments=env.comments, keys=[entry.key_span for entry in env.entries])
        for index, entry in enumerate(env.entries):
            out.values.append(entry.span)
            model = parse_model_value(entry.value, rules)
            if model is None:
                continue
            out.targets.append(
                Target(
                    span=entry.span,
                    name_start=locate(text, entry.span, entry.value, len(model.prefix)),
                    model=model,
                    value=entry.value,
                    name_offset=len(model.prefix),
                    key=entry.key,
                    paths=((index, 1),),
                    siblings=siblings,
                )
            )
        return out
