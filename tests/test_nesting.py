"""The nesting estimate, checked against a plain token-by-token reading of the same rules.

``migrate.python.nesting`` skips identifiers and blanks inside its regular expression
for speed. The reference here hands every token to Python, as the rules in the
module doc read; both must give the same number on real modules, on random
token soups and on the deep shapes the guard exists for.
"""

from __future__ import annotations

import random
import re
import sysconfig
from pathlib import Path

import pytest

from migrate.python.nesting import _KEYWORDS, _QUOTED, OPEN_WEIGHT, nesting_depth

_REFERENCE_TOKENS = re.compile(
    r"(?P<fstr>(?:[rR]?[fFtT]|[fFtT][rR])" + _QUOTED + ")"
    r"|(?P<str>[rRbBuU]{0,2}" + _QUOTED + ")"
    r"|#[^\r\n]*"
    r"|\\(?:\r\n|\r|\n)"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<sep>,)"
    r"|(?P<end>[;\r\n])"
    r"|(?P<word>\w+)"
    r"|(?P<op>[^\s\w])"
)


def reference_depth(text: str) -> int:
    stack: list[int] = []
    count = base = deepest = 0
    for match in _REFERENCE_TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "op" or kind == "str" or (kind == "word" and match.group() in _KEYWORDS):
            count += 1
            deepest = max(deepest, base + count)
        elif kind == "fstr":
            count += OPEN_WEIGHT
            deepest = max(deepest, base + count)
        elif kind == "open":
            stack.append(count + OPEN_WEIGHT)
            base += count + OPEN_WEIGHT
            count = 0
            deepest = max(deepest, base)
        elif kind == "close":
            count = stack.pop() if stack else 0
            base -= count
        elif kind == "sep" or (kind == "end" and not stack):
            count = 0
    return deepest


def _stdlib_modules() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(root.rglob("*.py"))
    return files[:: max(1, len(files) // 400)]


def test_stdlib_modules_give_the_reference_estimate() -> None:
    checked = 0
    for path in _stdlib_modules():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        assert nesting_depth(text) == reference_depth(text), path
        checked += 1
    assert checked > 300


# Pieces that meet at the edges where the two readings could part: string prefixes glued to
# identifiers and keywords, unterminated quotes, escapes, comments, continuations, Unicode words.
PIECES = [
    "x", "f", "rb", "Rb", "bR", "u", "fr", "t", "elif", "if", "not", "and", "or", "lambda", "await",
    "android", "isinstance", "é", "名前", "_", "0x1f", "1e5", " ", "  ", "\t", "\n", "\r\n", "\r",
    ";", ",", "(", ")", "[", "]", "{", "}", ".", "+", "==", ":", "@", "\\", "\\\n", "#", "# c\n",
    "'", '"', "'''", '"""', "'a'", '"b"', "'\\''", '"\\\\"', "f'{x}'", 'rb"\\d"', "'''a\nb'''",
    '"""c\n"""', "'open", '"\\\n"', "\x0c", "\x0b",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_token_soup_gives_the_reference_estimate(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 120)))
        assert nesting_depth(text) == reference_depth(text), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "(" * 500 + "1" + ")" * 500 + "\n",
        "x = a" + ".b" * 3000 + "\n",
        "x = " + " + ".join(["a"] * 3000) + "\n",
        "x = " + "not " * 3000 + "a\n",
        "x = " + "lambda: " * 1000 + "1\n",
        "x = " + "f'{" * 300 + "1" + "}'" * 300 + "\n",
        "x = [" + "1, " * 5000 + "]\n",
        "def f():\n" + "    x = (a if b else c)\n" * 500,
    ],
    ids=["brackets", "attributes", "plus", "not", "lambdas", "fstrings", "flat-list", "many-lines"],
)
def test_deep_shapes_give_the_reference_estimate(text: str) -> None:
    assert nesting_depth(text) == reference_depth(text)
