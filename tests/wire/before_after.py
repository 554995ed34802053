"""Migrate a snippet with the tool, run the code before and after through the real package, compare the bodies.

The proof that a rewrite is right: the request the migrated code sends differs
from the original request in the model name and the thinking field (plus the
effort field when ``--reasoning-effort`` was asked for), and in nothing else.
"""

from __future__ import annotations

import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from migrate.api import check_source
from migrate.model import Applicability
from migrate.rulepack import load_rules

from .harness import Run, chat_bodies, run_snippet
from .server import CaptureServer

NEW = "deepseek-v4-flash"


@dataclass
class BeforeAfter:
    """The migrated source, what each side sent to the model endpoints, and the child's stdout."""

    source: str
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]
    before_stdout: str
    after_stdout: str
    applicability: set[Applicability]


def migrate_and_capture(
    before: str,
    *,
    unsafe: bool = False,
    reasoning_effort: str | None = None,
    timeout: float = 180,
) -> BeforeAfter:
    """Fix ``before`` (unsafe fixes too when ``unsafe``), then run both versions against one capture server."""
    before = textwrap.dedent(before)
    rules = load_rules(reasoning_effort=reasoning_effort)
    result = check_source(before, apply=True, unsafe=unsafe, rules=rules)
    assert result.error is None, result.error
    after = result.fixed
    assert after is not None and after != before, [f.message for f in result.findings]
    applicability = {f.fix.applicability for f in result.findings if f.fix is not None and f.applied}
    # Both sides at once, each with its own server: the client imports dominate the run time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        old_run, new_run = (pool.submit(_run, code, timeout) for code in (before, after))
        old, new = old_run.result(), new_run.result()
    return BeforeAfter(
        after,
        chat_bodies(old.captured),
        chat_bodies(new.captured),
        old.stdout,
        new.stdout,
        applicability,
    )


def _run(code: str, timeout: float) -> Run:
    with CaptureServer() as server:
        return run_snippet(code, server=server, timeout=timeout)


def assert_migrated_body(
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    thinking: str | None,
    extra: dict[str, Any] | None = None,
) -> None:
    """``after`` is ``before`` with the new model, ``"thinking": {"type": thinking}`` and ``extra``; nothing else changed.

    ``thinking=None``: a rename that keeps the server default, so neither body may
    carry a thinking field.
    """
    assert before["model"] in ("deepseek-chat", "deepseek-reasoner"), before
    expected = dict(before)
    expected["model"] = NEW
    if thinking is None:
        assert "thinking" not in before and "thinking" not in after, (before, after)
    else:
        expected["thinking"] = {"type": thinking}
    expected.update(extra or {})
    assert after == expected
