"""One pattern of model names (Rules.names_regex) behind every scan: prefilter, backstop, config, cross-module."""

from __future__ import annotations

import datetime as dt
import re

from migrate.adapters.files.config_values import find_mentions
from migrate.engine import Settings
from migrate.model import Thinking
from migrate.python.analysis import retired_mentions
from migrate.rulepack import Rename, RulePack, Rules, load_rules

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


# A name written next to CJK text is a mention: the boundary is ASCII identifier characters,
# not ``\w`` (which counts 使 and 模 as word characters). Look-alikes stay out.
CJK_MENTIONS = [
    ("使用deepseek-chat模型", ["deepseek-chat"]),
    ("默认模型：deepseek-reasoner。", ["deepseek-reasoner"]),
    ("「deepseek-chat」と「deepseek-reasoner」", ["deepseek-chat", "deepseek-reasoner"]),
]
CJK_LOOKALIKES = [
    "使用deepseek-chat-v2模型",
    "使用deepseek-chatbot模型",
    "使用my_deepseek-chat模型",
    "用x.deepseek-chat",
]


def test_cjk_neighbours_do_not_hide_a_name() -> None:
    rules = load_rules()
    for text, names in CJK_MENTIONS:
        assert [name for _, _, name in retired_mentions(text, rules)] == names, text
        assert [m.old for m in find_mentions(text, rules)] == names, text
        assert [m.group("name") for m in re.finditer(rules.model_id_regex(), text)] == names, text
    for text in CJK_LOOKALIKES:
        assert list(retired_mentions(text, rules)) == [], text
        assert find_mentions(text, rules) == [], text
