"""What every rule and adapter shares: identity, docs, inline test cases, the file-adapter contract.

A *rule* is anything with a stable code (``DSM`` + three digits), a kebab-case
name and a docstring in ruff's sections; it is what ``rules``, ``explain``,
SARIF and the rule catalog (docs/rules.md) list. An *adapter* is a rule that knows one
surface: a client library's call shapes (Python adapters, see
``migrate/python/``) or one non-Python file kind (:class:`FileAdapter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from migrate.model import Applicability, Finding, Fix, Report, Severity, Thinking
from migrate.rulepack import Rules


@dataclass(frozen=True)
class Valid:
    """Code that must produce no finding of this rule (a no-op twin)."""

    code: str
    path: str = "example.py"
    id: str | None = None  # the test's id; default ``<CODE>-valid-<index>``


@dataclass(frozen=True)
class Invalid:
    """Code that must produce a finding; ``after`` is the exact text once the fixes are applied.

    ``applicability`` is this rule's fix applicability, or None when the finding
    has no fix at all (manual review); ``unsafe`` fixes are applied in the test
    as if ``--unsafe-fixes`` was given. ``after`` may be given for a finding
    without a fix of its own: it is the text after the other rules' fixes (a
    hazard reported next to a rename); without ``after`` the text must stay as it
    is. ``range`` is where a finding of this rule must be, as ``(line, column,
    end_line, end_column)`` (1-based, the end exclusive; lines within the cell for
    a notebook).
    """

    code: str
    after: str | None = None
    applicability: Applicability | None = Applicability.SAFE
    path: str = "example.py"
    message: str | None = None  # a substring the message must contain
    range: tuple[int, int, int, int] | None = None
    id: str | None = None  # the test's id; default ``<CODE>-invalid-<index>``


@dataclass(frozen=True)
class Context:
    """What an adapter knows about the file it looks at."""

    path: str
    rules: Rules


class Rule:
    """Identity and documentation of one code."""

    CODE: ClassVar[str]
    NAME: ClassVar[str]
    SEVERITY: ClassVar[Severity] = Severity.ERROR
    VALID: ClassVar[tuple[Valid, ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()

    @classmethod
    def report(
        cls,
        start: int,
        end: int,
        message: str,
        *,
        old: str | None = None,
        new: str | None = None,
        thinking: Thinking | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Report:
        """A report of this rule on ``text[start:end]``, at the rule's severity unless ``severity`` is given."""
        return Report(
            code=cls.CODE,
            start=start,
            end=end,
            message=message,
            severity=severity or cls.SEVERITY,
            old=old,
            new=new,
            thinking=thinking,
            fix=fix,
        )

    @classmethod
    def finding(
        cls,
        path: str,
        message: str,
        *,
        line: int = 1,
        column: int = 1,
        end_line: int = 1,
        end_column: int = 1,
        old: str | None = None,
        new: str | None = None,
        thinking: Thinking | None = None,
        cell: int | None = None,
    ) -> Finding:
        """A finding of this rule made where there is no report to position (by default: the file's start)."""
        return Finding(
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=cls.CODE,
            name=cls.NAME,
            severity=cls.SEVERITY,
            message=message,
            old=old,
            new=new,
            thinking=thinking,
            cell=cell,
        )

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of ``## What it does``, as one line."""
        body = cls.section("What it does")
        return " ".join(body.split("\n\n")[0].split())

    @classmethod
    def section(cls, title: str) -> str:
        doc = _dedent(cls.__doc__ or "")
        match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
        return match.group(1).strip() if match else ""

    @classmethod
    def documentation(cls) -> str:
        return _dedent(cls.__doc__ or "").strip()


class FileAdapter(Rule):
    """An adapter for one non-Python file kind (``env``, ``yaml``, ``toml``, ``json``, docs...).

    ``check`` returns reports whose offsets index ``text`` (the decoded file). It
    must find exact spans with a parser or tokenizer, never re-serialise the
    document, and verify its own edits (re-parse, compare) before offering a fix.
    """

    KINDS: ClassVar[frozenset[str]]

    def check(self, text: str, ctx: Context) -> list[Report]:
        raise NotImplementedError


def _dedent(doc: str) -> str:
    lines = doc.expandtabs().splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents) if indents else 0
    return "\n".join([lines[0].strip()] + [line[margin:] for line in lines[1:]]) if lines else ""
