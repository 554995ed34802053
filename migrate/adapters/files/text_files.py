"""Retired DeepSeek model names in text files the tool cannot parse: SQL, shell, INI/CFG, Dockerfiles, JS/TS, .txt.

A seed row, a migration, a deploy script's ``MODEL=deepseek-chat``, a Dockerfile
``ENV``, a TypeScript front end in the same repository: each sends the name to the
API as surely as a Python call, and none of them can be edited safely without
knowing the code that reads the value (which client, which host, where the
thinking switch goes). So every mention is reported; only a whole value is an
error. Names, dates and the thinking mode each name implied come from the rule
pack (https://api-docs.deepseek.com/news/news260424); which ids belong to other
hosts: ``migrate/adapters/files/config_values.py``. Comment syntax per kind:
SQL ``--`` and ``/* */``, shell/Dockerfile/INI/.txt ``#`` (INI also ``;``),
JavaScript/TypeScript ``//`` and ``/* */``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from migrate.adapters.base import Context, FileAdapter, Invalid, Valid
from migrate.adapters.files.config_values import (
    Mention,
    Spans,
    base_report,
    find_mentions,
    retired_message,
    thinking_how,
    with_client_spellings,
)
from migrate.model import Applicability, Edit, Fix, Report, Severity, Thinking
from migrate.rulepack import Rename

LINE_COMMENTS = {
    "sql": ("--",),
    "shell": ("#",),
    "dockerfile": ("#",),
    "ini": ("#", ";"),
    "javascript": ("//",),
    "text": (),
}
BLOCK_COMMENT_KINDS = frozenset({"sql", "javascript"})
BLOCK_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
QUOTES = "\"'`"
# What stands before a value on its line: `KEY=`, `key: `, `key = `, `ENV KEY `, `--model `, `--model=`.
VALUE_LEAD = re.compile(
    r"(?:[A-Za-z_][\w.-]*[ \t]*[=:][ \t]*|(?i:^[ \t]*(?:ENV|ARG)[ \t]+[A-Za-z_]\w*[ \t]+)|--[A-Za-z][\w-]*[ \t=]+)$"
)
# What may follow an unquoted value on its line: nothing, a separator, or a comment.
VALUE_TAIL = re.compile(r"[ \t]*(?:[;,}\]\\]|//|--|$)|[ \t]+#", re.M)


class TextFileAdapter(FileAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names (`deepseek-chat`, `deepseek-reasoner`) in text
    files of kinds the tool cannot parse: SQL seeds and migrations (`.sql`), shell
    scripts (`.sh`, `.bash`, `.zsh`), INI-style config (`.ini`, `.cfg`, `.conf`),
    Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile`),
    JavaScript and TypeScript (`.js`, `.mjs`, `.cjs`, `.jsx`, `.ts`, `.mts`, `.cts`,
    `.tsx`) and `.txt` files.

    A name that is a whole value (a quoted string such as `'deepseek-chat'` or
    `"deepseek-chat"`, or the value of `KEY=...`, `key: ...`, `ENV KEY ...`,
    `--model ...`) is an error; a mention in prose or in a comment is info. Another
    host's id (`openrouter/deepseek/deepseek-chat`) is a warning and never renamed.

    ## Why is this bad?
    DeepSeek retired both names: a value that reaches the API fails there, whichever
    language sends it. `deepseek-chat` was the replacement model with thinking
    disabled, and V4 models think by default, so renaming it without disabling
    thinking where the value is sent makes every such request slower and costlier.

    ## Example
    ```sql
    INSERT INTO settings (key, value) VALUES ('model', 'deepseek-reasoner');
    ```

    Use instead:
    ```sql
    INSERT INTO settings (key, value) VALUES ('model', 'deepseek-v4-flash');
    ```

    ## Fix safety
    These files are never edited without `--unsafe-fixes`: the tool cannot see the
    code that reads the value. An ex-`deepseek-reasoner` value gets an unsafe rename
    (V4 thinks by default, as the old name did). An ex-`deepseek-chat` value gets no
    fix: the rename alone would turn thinking on, and the switch belongs in the code
    that sends the value, which the message names how to spell. Mentions in prose and
    comments, and other hosts' ids, are never rewritten.
    """

    CODE = "DSM206"
    NAME = "retired-model-in-text-file"
    KINDS = frozenset(LINE_COMMENTS)

    @classmethod
    def documentation(cls) -> str:
        return with_client_spellings(super().documentation())

    VALID = (
        Valid("INSERT INTO models VALUES ('deepseek-v4-flash');\n", path="seed.sql"),
        Valid("MODEL=deepseek-chat-v3-0324\n", path="deploy.sh"),
        Valid("const model = 'deepseek-chatbot';\n", path="web/app.ts"),
    )
    INVALID = (
        Invalid(
            "INSERT INTO settings (key, value) VALUES ('model', 'deepseek-reasoner');\n",
            "INSERT INTO settings (key, value) VALUES ('model', 'deepseek-v4-flash');\n",
            Applicability.UNSAFE,
            path="db/seed.sql",
            range=(1, 53, 1, 70),
        ),
        Invalid(
            "export DEEPSEEK_MODEL=deepseek-chat\n",
            None,
            None,
            path="scripts/deploy.sh",
            message="disable thinking where it is sent",
            range=(1, 23, 1, 36),
        ),
        Invalid(
            'FROM python:3.12\nENV DEEPSEEK_MODEL="deepseek-reasoner"\n',
            'FROM python:3.12\nENV DEEPSEEK_MODEL="deepseek-v4-flash"\n',
            Applicability.UNSAFE,
            path="Dockerfile",
            range=(2, 21, 2, 38),
        ),
        Invalid(
            "const body = { model: 'deepseek-chat', messages };\n",
            None,
            None,
            path="web/src/api.ts",
            range=(1, 24, 1, 37),
        ),
        Invalid("[llm]\nmodel = deepseek-chat\n", None, None, path="setup.cfg", range=(2, 9, 2, 22)),
        Invalid(
            "-- switched from deepseek-chat last year\nSELECT 1;\n",
            None,
            None,
            path="migrations/0007.sql",
            message="in a comment",
            range=(1, 18, 1, 31),
        ),
        Invalid(
            "We used deepseek-reasoner for the hard questions.\n",
            None,
            None,
            path="notes.txt",
            message="in prose",
            range=(1, 9, 1, 26),
        ),
        Invalid(
            "MODEL='openrouter/deepseek/deepseek-chat'\n",
            None,
            None,
            path="run.sh",
            message="another host's model id",
            range=(1, 28, 1, 41),
        ),
    )

    def check(self, text: str, ctx: Context) -> list[Report]:
        mentions = find_mentions(text, ctx.rules)
        if not mentions:
            return []
        kind = _kind_of(ctx.path)
        comments = Spans(_comments(text, kind))
        reports = []
        for mention in mentions:
            rename = ctx.rules.renames[mention.old]
            if mention.start in comments:
                reports.append(self._info(mention, rename, "in a comment"))
            elif not _is_value(text, mention):
                reports.append(self._info(mention, rename, "in prose"))
            elif not mention.first_party:
                reports.append(
                    base_report(
                        self,
                        mention.start,
                        mention.end,
                        rename,
                        f"`{mention.prefix}{mention.old}` is another host's model id, not DeepSeek's "
                        f"retired `{mention.old}`; it is not renamed: check that host's catalog",
                        Severity.WARNING,
                    )
                )
            else:
                reports.append(self._value(mention, rename, ctx))
        return reports

    def _info(self, mention: Mention, rename: Rename, where: str) -> Report:
        return base_report(
            self,
            mention.start,
            mention.end,
            rename,
            f"`{mention.prefix}{mention.old}` is mentioned {where}; it is not rewritten",
            Severity.INFO,
        )

    def _value(self, mention: Mention, rename: Rename, ctx: Context) -> Report:
        message = retired_message(rename, ctx.rules)
        report = base_report(self, mention.start, mention.end, rename, message, Severity.ERROR)
        if rename.thinking is Thinking.DISABLED:
            return replace(
                report,
                message=f"{message}; the rename alone would turn thinking on, so rename it by hand and "
                f"disable thinking where it is sent: {thinking_how(rename.thinking)}",
            )
        fix = Fix(
            Applicability.UNSAFE,
            f"Rename to `{rename.new}`",
            (Edit(mention.start, mention.end, rename.new),),
        )
        return replace(
            report,
            message=f"{message}; thinking is on by default, as `{rename.old}` had it; the code that "
            "reads this value is not visible here, so the rename is unsafe",
            fix=fix,
        )


def _kind_of(path: str) -> str:
    from migrate.kinds import file_kind

    kind = file_kind(path.replace("\\", "/").rsplit("/", 1)[-1])
    return kind if kind in LINE_COMMENTS else "text"


def _is_value(text: str, mention: Mention) -> bool:
    """Whether the mention (with its provider prefix) is a whole quoted string or a whole assigned value."""
    start = mention.start - len(mention.prefix)
    before = text[start - 1 : start]
    if before and before in QUOTES:
        return text[mention.end : mention.end + 1] == before
    line_start = text.rfind("\n", 0, start) + 1
    return bool(VALUE_LEAD.search(text[line_start:start])) and bool(VALUE_TAIL.match(text, mention.end))


def _comments(text: str, kind: str) -> list[tuple[int, int]]:
    """Comment spans: block comments, and line comments whose marker stands outside quotes."""
    spans = [m.span() for m in BLOCK_COMMENT.finditer(text)] if kind in BLOCK_COMMENT_KINDS else []
    markers = LINE_COMMENTS[kind]
    if not markers:
        return spans
    pos = 0
    for line in text.splitlines(keepends=True):
        at = _line_comment(line, markers)
        if at is not None:
            spans.append((pos + at, pos + len(line)))
        pos += len(line)
    return sorted(spans)


def _line_comment(line: str, markers: tuple[str, ...]) -> int | None:
    quote = ""
    i = 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in QUOTES:
            quote = char
        elif any(line.startswith(m, i) and (m != "#" or i == 0 or line[i - 1] in " \t") for m in markers):
            return i  # a shell `#` starts a comment only at a word's start (`a#b` is one word)
        i += 1
    return None
