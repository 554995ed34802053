"""Suppression comments: ``# deepseek-migrate: ignore[DSM101,DSM102]`` and the file-level ``ignore-file``.

One syntax for every file kind, in that kind's comment: ``#`` (Python,
notebooks, YAML, TOML, .env, shell, Dockerfiles, INI, .txt; INI also ``;``),
``--`` (SQL) or ``//`` (JavaScript, TypeScript). A comment at the end of a line covers that line; a comment
on a line of its own covers the statement that starts on the next line, to its
last line (so it can sit above a multi-line call; brackets in strings and
comments do not count, and a statement that never ends covers only its first
line; in the kinds the tool cannot parse, the next line). ``ignore-file`` anywhere
covers the whole file. Without ``[...]`` every code is covered. A suppression
that covers nothing is itself reported (DSM902), so they do not rot.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field

from migrate.model import Report
from migrate.report_rules.python_strings import UnusedSuppression
from migrate.textedit import LineIndex

COMMENT = re.compile(
    r"(?P<mark>#|--|//|;)\s*deepseek-migrate:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?",
    re.I,
)
# The comment markers of each kind a suppression can be written in.
MARKERS = {
    **dict.fromkeys(("python", "notebook", "yaml", "toml", "env", "shell", "dockerfile", "text"), ("#",)),
    "ini": ("#", ";"),
    "sql": ("--",),
    "javascript": ("//",),
}
KINDS = frozenset(MARKERS)
# Kinds whose statements the tool can delimit; elsewhere an own-line comment covers the next line.
STATEMENT_KINDS = frozenset({"python", "notebook", "yaml", "toml", "env"})
OPENERS, CLOSERS = "([{", ")]}"


@dataclass
class Suppression:
    line: int
    start: int
    end: int
    codes: frozenset[str]  # empty: every code
    first: int  # lines covered, inclusive
    last: int
    file_level: bool = False
    used: set[str] = field(default_factory=set)

    def covers(self, code: str, line: int) -> bool:
        if self.codes and not any(code.startswith(c) for c in self.codes):
            return False
        return self.file_level or self.first <= line <= self.last


def find(text: str, kind: str = "python") -> list[Suppression]:
    if "deepseek-migrate" not in text:
        return []
    lines = text.splitlines(keepends=True)
    out: list[Suppression] = []
    offset = 0
    markers = MARKERS.get(kind, ("#",))
    for number, line in enumerate(lines, start=1):
        match = next((m for m in COMMENT.finditer(line) if m.group("mark") in markers), None)
        if match is not None:
            codes = frozenset(c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip())
            own_line = not line[: match.start()].strip()
            first = last = number
            if own_line:
                first = number + 1
                # 0-based index of the next line is ``number``
                if kind in STATEMENT_KINDS:
                    end = _python_statement_end if kind == "python" else _statement_end
                    last = end(lines, number)
                else:
                    last = number + 1
            out.append(
                Suppression(
                    line=number,
                    start=offset + match.start(),
                    end=offset + len(line.rstrip("\r\n")),
                    codes=codes,
                    first=first,
                    last=last,
                    file_level=match.group("kind").lower() == "ignore-file",
                )
            )
        offset += len(line)
    return out


def _python_statement_end(lines: Sequence[str], start: int) -> int:
    """The 1-based last line of the Python statement beginning at 0-based ``start``.

    Python's tokenizer tells brackets from the same characters in strings and
    comments, and sees backslash continuations and triple-quoted strings. A
    closing bracket of an enclosing statement ends the statement at its line; a
    statement that does not end (unclosed to the end of the file) covers only
    its first line, so a broken file never silences everything below it.
    """
    rest = iter(lines[start:])
    depth = 0
    significant = False
    try:
        for token in tokenize.generate_tokens(lambda: next(rest, "")):
            kind = token.type
            if kind == tokenize.OP and token.string in OPENERS:
                depth += 1
            elif kind == tokenize.OP and token.string in CLOSERS:
                depth = max(0, depth - 1)
            if kind in (tokenize.NEWLINE, tokenize.ENDMARKER) or (kind == tokenize.NL and depth == 0):
                return start + (token.start[0] if significant else 1)
            significant = significant or kind not in (tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    except (tokenize.TokenError, SyntaxError):
        pass
    return start + 1


def _statement_end(lines: Sequence[str], start: int) -> int:
    """The 1-based last line of the YAML / TOML / .env entry beginning at 0-based ``start``.

    Brackets count until their depth is back to 0; those in quoted strings and
    after a ``#`` outside quotes do not. An entry whose brackets never close
    covers only its first line.
    """
    depth = 0
    for i in range(start, len(lines)):
        code = _unquoted_code(lines[i])
        for char in code:
            if char in OPENERS:
                depth += 1
            elif char in CLOSERS:
                depth = max(0, depth - 1)
        if depth == 0 and not code.rstrip().endswith("\\"):
            return i + 1
    return start + 1


def _unquoted_code(line: str) -> str:
    """The characters of ``line`` outside quoted strings, up to a ``#`` outside quotes."""
    out: list[str] = []
    quote = ""
    escaped = False
    for char in line:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        else:
            out.append(char)
    return "".join(out)


def apply(text: str, reports: list[Report], kind: str, known_codes: frozenset[str]) -> list[Report]:
    """Drop suppressed reports; add a DSM902 report for each suppression that covered nothing."""
    if kind not in KINDS:
        return reports
    suppressions = find(text, kind)
    if not suppressions:
        return reports
    index = LineIndex(text)
    kept: list[Report] = []
    for report in reports:
        line = index.position(report.start)[0]
        covering = [s for s in suppressions if s.covers(report.code, line)]
        if covering:
            for s in covering:
                s.used.add(report.code)
        else:
            kept.append(report)
    for s in suppressions:
        unknown = sorted(c for c in s.codes if not any(k.startswith(c) for k in known_codes))
        if unknown:
            message = f"suppression names unknown rule codes: {', '.join(unknown)}"
        elif not s.used:
            message = "unused suppression: no finding here to ignore"
        else:
            continue
        kept.append(UnusedSuppression.report(s.start, s.end, message))
    return kept
