"""What every rule and adapter shares: identity, docs, inline test cases, the file-adapter contract.

A *rule* is anything with a stable code (``DSM`` + three digits), a kebab-case
name and a docstring in ruff's sections; it is what ``rules``, ``explain``,
SARIF and the README catalog list. An *adapter* is a rule that knows one
surface: a client library's call shapes (Python adapters, see
``migrate/python/``) or one non-Python file kind (:class:`FileAdapter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from migrate.model import Applicability, Report, Severity
from migrate.rulepack import Rules


@dataclass(frozen=True)
class Valid:
    """Code that must produce no finding of this rule (a no-op twin)."""

    code: str
    path: str = "example.py"


@dataclass(frozen=True)
class Invalid:
    """Code that must produce a finding; ``after`` is the exact text once the fixes are applied.

    ``applicability`` is this rule's fix applicability, or None when the finding
    has no fix (manual review); ``unsafe`` fixes are applied in the test as if
    ``--unsafe-fixes`` was given. ``after`` may be given for a finding without a
    fix of its own: it is the text after the other rules' fixes (a hazard
    reported next to a rename).
    """

    code: str
    after: str | None = None
    applicability: Applicability | None = Applicability.SAFE
    path: str = "example.py"
    message: str | None = None  # a substring the message must contain


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
