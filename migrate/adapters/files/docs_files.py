"""Retired DeepSeek model names in documentation: Markdown and reStructuredText.

Every whole-word mention is reported (info); the engine applies the renames only
under ``fix --docs``. Names, dates and the thinking mode each name implied come
from the rule pack (https://api-docs.deepseek.com/news/news260424); which ids
belong to other hosts: ``migrate/adapters/files/config_values.py``.
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

RST_SUFFIX = ".rst"
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# ".. " not followed by a directive ("name::"), a target ("_"), a footnote/citation ("[") or a substitution ("|").
RST_COMMENT_START = re.compile(r"\.\.(?:[ \t]+(?![\[_|]|[^\s:]+::)|[ \t]*(?:[\r\n]|$))")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class DocsAdapter(FileAdapter):
    """
    ## What it does
    Finds every whole-word mention of a retired DeepSeek model name (`deepseek-chat`,
    `deepseek-reasoner`) in Markdown and reStructuredText, in prose and in code
    samples alike, including behind a `deepseek/` or `deepseek:` provider prefix,
    and renames it to the rule pack's replacement.

    Look-alikes (`deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`), longer
    words (`my-deepseek-chat`), URL paths and anchors (`.../pricing#deepseek-chat`)
    are not mentions. Another host's id (`openrouter/deepseek/deepseek-chat`) and a
    mention inside a comment (Markdown `<!-- -->`, reStructuredText `..` comments)
    are reported without a fix.

    ## Why is this bad?
    DeepSeek retired both names; readers who copy a sample with one of them get a
    failing request. `deepseek-chat` was the replacement model with thinking
    disabled; V4 models think by default, so a sample that only renames it now
    runs in thinking mode.

    ## Example
    ```markdown
    Set `DEEPSEEK_MODEL=deepseek-chat`.
    ```

    Use instead:
    ```markdown
    Set `DEEPSEEK_MODEL=deepseek-v4-flash`.
    ```

    ## Fix safety
    The rename is safe: it changes only text, and the engine applies it only under
    `fix --docs`. For an ex-`deepseek-chat` mention the message says how the sample
    must disable thinking; the text around it is not rewritten. No fix for another
    host's id (`openrouter/deepseek/deepseek-chat`) or inside a comment (comments are
    never rewritten).
    """

    CODE = "DSM205"
    NAME = "retired-model-in-docs"
    SEVERITY = Severity.INFO
    KINDS = frozenset({"markdown", "rst"})

    @classmethod
    def documentation(cls) -> str:
        return with_client_spellings(super().documentation())

    VALID = (
        Valid("Use `deepseek-v4-flash` with thinking disabled.\n", path="README.md"),
        Valid(
            "OpenRouter ids: `deepseek/deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`.\n"
            "See https://api-docs.deepseek.com/quick_start/pricing#deepseek-chat and `my-deepseek-chat`.\n",
            path="README.md",
        ),
        Valid(
            "The ``deepseek-ai/DeepSeek-V3`` weights and ``deepseek-r1`` in Ollama.\n", path="docs/index.rst"
        ),
    )
    INVALID = (
        Invalid(
            "Set `DEEPSEEK_MODEL=deepseek-chat`.\n",
            "Set `DEEPSEEK_MODEL=deepseek-v4-flash`.\n",
            path="README.md",
            message="thinking disabled",
            range=(1, 21, 1, 34),
        ),
        Invalid(
            '```python\r\nclient.chat.completions.create(model="deepseek-reasoner")\r\n```\r\n',
            '```python\r\nclient.chat.completions.create(model="deepseek-v4-flash")\r\n```\r\n',
            path="README.md",
            range=(2, 39, 2, 56),
        ),
        Invalid(
            "Models\n======\n\n``deepseek/deepseek-chat`` and ``deepseek:deepseek-reasoner``.\n",
            "Models\n======\n\n``deepseek/deepseek-v4-flash`` and ``deepseek:deepseek-v4-flash``.\n",
            path="docs/models.rst",
            range=(4, 12, 4, 25),
        ),
        Invalid(
            "On OpenRouter: `openrouter/deepseek/deepseek-chat`.\n",
            None,
            None,
            path="README.md",
            message="another host",
            range=(1, 37, 1, 50),
        ),
        Invalid(
            "<!-- TODO: drop deepseek-chat -->\nUse `deepseek-chat`.\n",
            "<!-- TODO: drop deepseek-chat -->\nUse `deepseek-v4-flash`.\n",
            path="README.md",
            range=(1, 17, 1, 30),
        ),
        Invalid(
            "..\n   Internal: deepseek-reasoner is gone.\n\n.. note::\n   Use deepseek-reasoner.\n",
            "..\n   Internal: deepseek-reasoner is gone.\n\n.. note::\n   Use deepseek-v4-flash.\n",
            path="docs/index.rst",
            range=(2, 14, 2, 31),
        ),
        Invalid(
            ".. deepseek-chat was the default\n",
            None,
            None,
            path="docs/index.rst",
            message="in a comment",
            range=(1, 4, 1, 17),
        ),
    )

    def check(self, text: str, ctx: Context) -> list[Report]:
        mentions = find_mentions(text, ctx.rules)
        if not mentions:
            return []
        comments = Spans(
            rst_comments(text) if ctx.path.lower().endswith(RST_SUFFIX) else markdown_comments(text)
        )
        reports = []
        for mention in mentions:
            rename = ctx.rules.renames[mention.old]
            if mention.start in comments:
                note = "is mentioned in a comment; comments are never rewritten"
            elif not mention.first_party:
                note = (
                    f"is another host's model id, not DeepSeek's retired `{mention.old}`; it is not renamed"
                )
            else:
                reports.append(self._rename(mention, rename, ctx))
                continue
            reports.append(
                base_report(
                    self,
                    mention.start,
                    mention.end,
                    rename,
                    f"`{mention.prefix}{mention.old}` {note}",
                    Severity.INFO,
                )
            )
        return reports

    def _rename(self, mention: Mention, rename: Rename, ctx: Context) -> Report:
        message = retired_message(rename, ctx.rules)
        if rename.thinking is Thinking.DISABLED:
            message += f"; a sample that calls the API must also {thinking_how(rename.thinking)}"
        fix = Fix(
            Applicability.SAFE, f"Rename to `{rename.new}`", (Edit(mention.start, mention.end, rename.new),)
        )
        return replace(base_report(self, mention.start, mention.end, rename, message, Severity.INFO), fix=fix)


def markdown_comments(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in HTML_COMMENT.finditer(text)]


def rst_comments(text: str) -> list[tuple[int, int]]:
    """``..`` explicit markup that is not a directive, target, footnote or substitution, with its indented body."""
    spans: list[tuple[int, int]] = []
    lines = list(LINE.finditer(text))
    i = 0
    while i < len(lines):
        line = lines[i].group()
        if not RST_COMMENT_START.match(line):
            i += 1
            continue
        start, end = lines[i].start(), lines[i].end()
        i += 1
        while i < len(lines) and (not lines[i].group().strip() or lines[i].group()[:1] in " \t"):
            if lines[i].group().strip():
                end = lines[i].end()
            i += 1
        spans.append((start, end))
    return spans
