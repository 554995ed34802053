"""One pattern of model names (Rules.names_regex) behind every scan: prefilter, backstop, config, cross-module."""

from __future__ import annotations

import datetime as dt
import re

from migrate.adapters.files.config_values import find_mentions
from migrate.engine import Settings
from migrate.model import Thinking
from migrate.python.analysis import retired_mentions
from migrate.rulepack import Rename, RulePack, Rules

# A name that starts another one: the shorter must never cut the longer short.
PACK = RulePack(
    id="t",
    summary="",
    source="",
    docs="",
    retired=dt.datetime(2026, 1, 1),
    current=("acme-v2",),
    renames=(
        Rename("acme-chat", "acme-v2", Thinking.DISABLED),
        Rename("acme-chat-pro", "acme-v2", Thinking.ENABLED),
    ),
)
RULES = Rules(packs=(PACK,))


def test_names_regex_is_longest_first_and_escaped() -> None:
    assert RULES.names_regex() == r"acme\-chat\-pro|acme\-chat"
    assert RULES.names_regex(current=True) == r"acme\-chat\-pro|acme\-chat|acme\-v2"
    match = re.fullmatch(RULES.model_id_regex(), "openrouter/acme/acme-chat-pro")
    assert match is not None and match.group("prefix", "name") == ("openrouter/acme/", "acme-chat-pro")


def test_every_scan_sees_the_longer_name() -> None:
    text = "use acme-chat-pro here"
    assert [name for _, _, name in retired_mentions(text, RULES)] == ["acme-chat-pro"]
    assert [m.old for m in find_mentions(text, RULES)] == ["acme-chat-pro"]
    found = Settings(rules=RULES).prefilter().search(text.encode())
    assert found is not None and found.group() == b"acme-chat-pro"
