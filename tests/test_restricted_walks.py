"""The cross-module facts walk only the top-level statements that spell what they look for.

``crossmodule._nodes_near`` narrows an ``ast.walk`` to the statements that span a line
where a bytes pattern matches (:func:`crossmodule._match_lines`): for the facts, a call
with a model keyword. The differential test makes every fact of a module with the
narrowing turned off (every statement walked) and with it on, over the suite's own
sources, the fixtures, this package and the client SDKs the test extra installs, and
asserts the same facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.python import crossmodule
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent


def _sources() -> list[Path]:
    import anthropic
    import openai

    found = sorted((ROOT / "migrate").rglob("*.py")) + sorted((ROOT / "fixtures").rglob("*.py"))
    found += sorted((ROOT / "tests").glob("test_*.py"))
    for package in (openai, anthropic):
        top = Path(package.__file__).parent
        found += sorted(top.glob("*.py")) + sorted((top / "resources").rglob("*.py"))[:80]
    return found


SOURCES = _sources()
RULES = load_rules()


def test_the_sources_hold_what_the_narrowed_walks_look_for() -> None:
    """Not a vacuous comparison: many sources have calls with a model keyword, some with a retired one."""
    facts = [crossmodule.module_facts(p, p.name, p.read_bytes(), RULES) for p in SOURCES]
    assert len(SOURCES) > 300
    assert sum(1 for _, _, _, calls in facts if calls) > 20
    assert any(place is not None for *_, calls in facts for _, places in calls for place in places)


def _facts(path: Path, data: bytes) -> tuple[object, ...]:
    exports, rows, lines, calls = crossmodule.module_facts(path, path.name, data, RULES)
    return exports, rows, lines, sorted(calls, key=repr)  # in walk order, which the narrowing changes


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_narrowed_walks_find_what_whole_walks_find(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    narrowed = _facts(path, data)
    crlf = _facts(path, data.replace(b"\n", b"\r\n"))  # a CR: the lines are not counted, all is walked
    monkeypatch.setattr(crossmodule, "_match_lines", lambda data, pattern: None)
    whole = _facts(path, data)
    assert narrowed == whole
    assert crlf[0] == whole[0] and crlf[3] == whole[3]
