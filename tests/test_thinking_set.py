"""Whether a request already sets its thinking mode is read from the code's structure, not its text.

A ``"thinking"`` key in an ``extra_body`` dict display, or in the display a name is bound to
(``extra_body=EXTRA``), or a ``thinking=`` keyword sets it; a comment, a message, another key
or a string that mentions "thinking" does not. A dict the tool cannot see (a parameter, a dict
changed after it is built) is unknown: the fix stays unsafe. Each case has its twin.
"""

from __future__ import annotations

import pytest

from migrate.api import check_source
from migrate.model import Applicability, Finding
from migrate.report_rules.hazards import ForcedToolChoiceInThinkingMode

OPENAI = "from openai import OpenAI\nclient = OpenAI(base_url='https://api.deepseek.com')\n"
CALL = "client.chat.completions.create(model='deepseek-chat', messages=msgs{extra})\n"
ANTHROPIC = "import anthropic\nc = anthropic.Anthropic(base_url='https://api.deepseek.com/anthropic')\n"
A_CALL = "c.messages.create(model='deepseek-chat', max_tokens=64, messages=msgs{extra})\n"
LITELLM = "import litellm\n"
L_CALL = "litellm.completion(model='deepseek/deepseek-chat', messages=msgs{extra})\n"


def _retired(code: str) -> Finding:
    (finding,) = [f for f in check_source(code).findings if f.old and f.old.endswith("deepseek-chat")]
    return finding


def _fixed(code: str) -> str:
    return check_source(code, apply=True, unsafe=True).fixed or code


# (id, code, whether the request already sets thinking: rename only, safe)
RESPECTED = [
    (
        "extra-body-name-bound-to-a-thinking-dict",
        OPENAI + "EXTRA = {'thinking': {'type': 'enabled'}}\n" + CALL.format(extra=", extra_body=EXTRA"),
        True,
    ),
    (
        "extra-body-literal-with-thinking",
        OPENAI + CALL.format(extra=", extra_body={'thinking': {'type': 'enabled'}}"),
        True,
    ),
    (
        "a-comment-and-a-message-mention-thinking",
        OPENAI + "# thinking: disabled (see below)\n"
        "msgs = [{'role': 'user', 'content': 'no thinking please'}]\n"
        + CALL.format(extra=", user='thinking'"),
        False,
    ),
    (
        "another-key-mentions-thinking",
        OPENAI + CALL.format(extra=", extra_body={'show_thinking': False}"),
        False,
    ),
    (
        "anthropic-extra-body-name-bound-to-a-thinking-dict",
        ANTHROPIC + "EXTRA = {'thinking': {'type': 'enabled'}}\n" + A_CALL.format(extra=", extra_body=EXTRA"),
        True,
    ),
    (
        "anthropic-extra-body-name-bound-to-another-dict",
        ANTHROPIC + "EXTRA = {'user': 'u'}\n" + A_CALL.format(extra=", extra_body=EXTRA"),
        False,
    ),
    (
        "litellm-extra-body-name-bound-to-a-thinking-dict",
        LITELLM + "EXTRA = {'thinking': {'type': 'enabled'}}\n" + L_CALL.format(extra=", extra_body=EXTRA"),
        True,
    ),
    (
        "litellm-a-comment-mentions-thinking",
        LITELLM + "# thinking is set by the proxy\n" + L_CALL.format(extra=""),
        False,
    ),
]


@pytest.mark.parametrize(("code", "already"), [c[1:] for c in RESPECTED], ids=[c[0] for c in RESPECTED])
def test_thinking_already_set_is_read_from_the_structure(code: str, already: bool) -> None:
    finding = _retired(code)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding.message
    switched = any("disabled" in e.content for e in finding.fix.edits)
    assert switched is not already, finding.message
    if already:
        assert "already sets 'thinking'" in finding.message, finding.message


@pytest.mark.parametrize(
    "code",
    [
        OPENAI + "EXTRA = {'user': 'u'}\n" + CALL.format(extra=", extra_body=EXTRA"),
        OPENAI
        + "EXTRA = {'thinking': {'type': 'enabled'}}\nEXTRA.pop('thinking')\n"
        + CALL.format(extra=", extra_body=EXTRA"),
        OPENAI + "def ask(msgs, cfg):\n    return " + CALL.format(extra=", extra_body=cfg"),
    ],
    ids=["name-bound-to-another-dict", "dict-changed-after-it-is-built", "a-parameter"],
)
def test_a_dict_the_tool_cannot_see_is_unknown(code: str) -> None:
    """The switch is spread in (``{**EXTRA, "thinking": ...}``), unsafe: never the rename alone."""
    finding = _retired(code)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding.message
    assert "the fix spreads it" in finding.message
    assert "'thinking': {'type': 'disabled'}}" in _fixed(code)


HAZARD = (
    OPENAI
    + "client.chat.completions.create(model='deepseek-v4-flash', messages=m, tools=T, tool_choice='required'{extra})\n"
)


@pytest.mark.parametrize(
    ("code", "reported"),
    [
        (
            "EXTRA = {'thinking': {'type': 'disabled'}}\n" + HAZARD.format(extra=", extra_body=EXTRA"),
            False,
        ),
        ("EXTRA = {'thinking': {'type': 'enabled'}}\n" + HAZARD.format(extra=", extra_body=EXTRA"), True),
        (HAZARD.format(extra=", extra_body={'thinking': {'type': 'disabled'}}"), False),
        (
            HAZARD.format(
                extra=", extra_body={'thinking': {'type': 'enabled'}}, metadata={'show_thinking': 'disabled'}"
            ),
            True,
        ),
    ],
    ids=["name-bound-to-disabled", "name-bound-to-enabled", "literal-disabled", "another-key-says-disabled"],
)
def test_the_mode_a_hazard_sees_is_read_from_the_structure(code: str, reported: bool) -> None:
    codes = [f.code for f in check_source(code).findings]
    assert (ForcedToolChoiceInThinkingMode.CODE in codes) is reported, codes


@pytest.mark.parametrize(
    "signature",
    ["def ask(msgs, extra=None):", "def ask(msgs, extra: dict | None):", "def ask(msgs):\n    extra = None"],
)
def test_a_spread_name_that_may_be_none_is_spread_with_a_fallback(signature: str) -> None:
    """``extra_body=extra`` with ``extra=None``: ``{**None}`` raises, so the fix spreads ``(extra or {})``."""
    code = OPENAI + signature + "\n    return " + CALL.format(extra=", extra_body=extra")
    finding = _retired(code)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding.message
    assert "extra_body={**(extra or {}), 'thinking': {'type': 'disabled'}}" in _fixed(code)
