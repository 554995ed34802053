"""The cross-module pass's mention test: the substring shortcut answers exactly as the full tests."""

from __future__ import annotations

import pytest

from migrate.model import Export, Thinking
from migrate.python import crossmodule
from migrate.python.crossmodule import mentions_any

TEXTS = [
    b"",
    b"MODEL = 1\n",
    b"from config import MODEL\n",
    b"x = MODEL_NAME\n",  # the name inside a longer identifier: not a mention
    b"x = SUPER_MODEL\n",
    b"print(cfg.MODEL)\n",
    b"MODELS = [MODEL2]\n",
    b"# MODEL\n",
    "x = MODEL\u00e9\n".encode(),  # a longer identifier with a non-ASCII letter
    b"n\xc3\xa4me = 1\n",
    "use(n\u00e4me)\n".encode(),
]


def _export(name: str) -> Export:
    return Export("config.py", "config", name, "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED, 1)


@pytest.mark.parametrize("count", [1, 3, 20])
def test_the_substring_shortcut_changes_no_answer(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["MODEL", "näme", *(f"OTHER_{i}" for i in range(count - 2))][: max(count, 1)]
    if count >= 20:
        names = [n for n in names if n.isascii()]  # the identifier-set path is for ASCII names
    exports = [_export(n) for n in names]
    shortcut = mentions_any(exports)
    monkeypatch.setattr(crossmodule, "MENTION_SUBSTRINGS", 0)
    full = mentions_any(exports)
    assert [shortcut(t) for t in TEXTS] == [full(t) for t in TEXTS]
    assert shortcut(b"from config import MODEL\n") and shortcut(b"print(cfg.MODEL)\n")
    assert not shortcut(b"x = MODEL_NAME\n") and not shortcut(b"MODELS = [MODEL2]\n")
