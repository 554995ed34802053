"""The plain-text backstop: retired names in comments and text, as whole model ids only."""

from __future__ import annotations

import pytest

from migrate.api import check_source
from migrate.python.analysis import retired_mentions
from migrate.rulepack import load_rules


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("# use deepseek-chat.\n", ["deepseek-chat"]),
        ("# deepseek-reasoner: the old thinking model\n", ["deepseek-reasoner"]),
        ('log("switched from deepseek-chat, deepseek-reasoner.")\n', ["deepseek-chat", "deepseek-reasoner"]),
        ("# deepseek-chat:\n", ["deepseek-chat"]),
        ("# deepseek-chat-v2 and deepseek-chat-v3-0324 are other models\n", []),
        ("# deepseek/deepseek-chat:free on OpenRouter, deepseek-chat.v2\n", []),
        ("# my-deepseek-chat, deepseek-chat_x, x.deepseek-chat\n", []),
        (
            '"""默认使用deepseek-chat模型，推理任务用deepseek-reasoner。"""\n',
            ["deepseek-chat", "deepseek-reasoner"],
        ),
        ("# 使用deepseek-chat-v2模型, deepseek-chatbot模型, my_deepseek-chat模型\n", []),
    ],
)
def test_text_mentions_end_at_punctuation_but_not_inside_longer_ids(text: str, found: list[str]) -> None:
    assert [name for _, _, name in retired_mentions(text, load_rules())] == found
    result = check_source(text)
    assert [f.old for f in result.findings if f.code == "DSM198"] == found
