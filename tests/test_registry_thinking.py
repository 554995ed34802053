"""One request sent both retired names from a module-level registry of settings dicts (issue 14).

``deepseek-chat`` and ``deepseek-reasoner`` become one model with two thinking
modes, so the mode must travel with each entry. The unsafe fix adds a
``"thinking"`` item beside each renamed entry and sends the entry's item from
the request; any other shape stays for manual review. Every case has a twin.
"""

from __future__ import annotations

import textwrap

import pytest

from migrate.api import check_source, fix_source
from migrate.model import Applicability, Finding, Severity

OPENAI = 'from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
REGISTRY = """
MODELS = {
    "fast": {"model": "deepseek-chat", "temperature": 0.2},
    "smart": {
        "model": "deepseek-reasoner",
        "max_tokens": 8000,
    },
}
"""
LOCAL_READ = """

def ask(kind, prompt):
    cfg = MODELS[kind]
    return client.chat.completions.create(model=cfg["model"], messages=[prompt])
"""


def _code(*parts: str) -> str:
    return OPENAI + "".join(textwrap.dedent(p) for p in parts)


def _retired(source: str) -> list[Finding]:
    return [f for f in check_source(source).findings if f.old in ("deepseek-chat", "deepseek-reasoner")]


def test_each_entry_gets_its_thinking_and_the_request_sends_it() -> None:
    source = _code(REGISTRY, LOCAL_READ)
    found = _retired(source)
    assert len(found) == 2
    for finding in found:
        assert finding.severity is Severity.ERROR
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
        assert 'unsafe fix: does that, sending `extra_body={"thinking": cfg["thinking"]}`' in finding.message
    assert fix_source(source) == source  # unsafe: not applied by default
    fixed = fix_source(source, unsafe=True)
    assert fix_source(fixed, unsafe=True) == fixed  # idempotent
    assert (
        '"fast": {"model": "deepseek-v4-flash", "temperature": 0.2, "thinking": {"type": "disabled"}},'
        in fixed
    )
    assert '        "max_tokens": 8000,\n        "thinking": {"type": "enabled"},\n    },' in fixed
    assert 'messages=[prompt], extra_body={"thinking": cfg["thinking"]})' in fixed
    assert not _retired(fixed)


def test_a_registry_read_in_place_sends_the_same_read() -> None:
    source = _code(
        REGISTRY.replace('"', "'"),
        """

        def ask(kind, prompt):
            return client.chat.completions.create(model=MODELS[kind]['model'], messages=[prompt])
        """,
    )
    fixed = fix_source(source, unsafe=True)
    assert "extra_body={'thinking': MODELS[kind]['thinking']})" in fixed
    assert "'thinking': {'type': 'disabled'}" in fixed and "'thinking': {'type': 'enabled'}" in fixed


@pytest.mark.parametrize(
    ("registry", "read"),
    [
        # an entry that is already V4 would have no thinking item to send
        (REGISTRY.replace('"smart"', '"new": {"model": "deepseek-v4-flash"},\n    "smart"'), LOCAL_READ),
        # an entry that already says its thinking
        (REGISTRY.replace('"temperature": 0.2', '"thinking": {"type": "disabled"}'), LOCAL_READ),
        # the request passes its own extra_body
        (REGISTRY, LOCAL_READ.replace("messages=[prompt]", 'messages=[prompt], extra_body={"user": "u"}')),
        # a flat registry of names: nowhere to put the thinking item
        (
            'MODELS = {"fast": "deepseek-chat", "smart": "deepseek-reasoner"}\n',
            LOCAL_READ.replace('cfg["model"]', "cfg"),
        ),
        # the registry is also unpacked where the tool cannot follow it: a new key may break that call
        (REGISTRY + "\nbackup = dict(**MODELS)\n", LOCAL_READ),
    ],
    ids=["v4-entry", "thinking-present", "own-extra-body", "flat", "read-elsewhere"],
)
def test_twin_any_other_shape_stays_for_manual_review(registry: str, read: str) -> None:
    source = _code(registry, read)
    found = _retired(source)
    assert found and all(f.fix is None and f.severity is Severity.ERROR for f in found), [
        f.message for f in found
    ]
    assert fix_source(source, unsafe=True) == source


def test_twin_a_registry_sending_one_retired_name_is_fixed_safely_as_before() -> None:
    source = _code(REGISTRY.replace("deepseek-reasoner", "deepseek-chat"), LOCAL_READ)
    fixed = fix_source(source)
    assert fixed.count("deepseek-v4-flash") == 2 and '"thinking": {"type": "disabled"}' in fixed
    assert 'cfg["thinking"]' not in fixed
