"""A cheap upper estimate of how deep libcst's syntax tree for a source will be, checked before parsing.

libcst's native parser recurses on the C stack once per nesting level. Past a
few thousand levels it overflows the stack and the process dies with SIGSEGV,
which no ``except`` can catch: one hostile file would kill a worker and with it
the whole run. Measured with libcst 1.9 on an 8 MB stack, the parser dies at
about 1,200 nested brackets, 1,100 nested f-strings, 3,400 nested lambdas,
5,750 chained attributes, 6,750 ``+`` terms and 7,900 ``not``/unary operators.
The Python-side analysis raises RecursionError far earlier (200 to 500
levels), so refusing a file above the limit loses nothing that would have
worked: of 33,000 stdlib and site-packages files only one scores above it,
and that one (sympy's ``resolvent_lookup.py``) fails with RecursionError anyway.

The estimate reads tokens with one regular expression (no tokenizer, so it
works on any text): along the path of open brackets it adds up the operator,
keyword and string tokens of the current sibling (the text since the last comma
at that level, or since the start of the statement), and a bracket counts
``OPEN_WEIGHT`` because a nested bracket costs the parser about six times the
stack of an operator (an f-string too: its replacement fields nest). With
``MAX_DEPTH`` every shape above is allowed at most 45% of the depth that
crashes; a smaller stack than 8 MB (``ulimit -s``) narrows that margin.

Identifiers count for nothing, so the expression skips them (and blanks) in
front of each token instead of handing each one to Python: half the tokens of
a module, and half the time. ``tests/test_nesting.py`` checks the estimate
against a plain token-by-token reading of the same rules.
"""

from __future__ import annotations

import re

MAX_DEPTH = 2500
OPEN_WEIGHT = 6
_KEYWORDS = frozenset(
    {"and", "or", "not", "if", "else", "lambda", "await", "yield", "in", "is", "for", "async"}
)
_QUOTED = (
    r"(?:'''[\s\S]*?'''"
    r'|"""[\s\S]*?"""'
    r"|'(?:\\(?:\r\n|[\s\S])|[^'\\\r\n])*'"
    r'|"(?:\\(?:\r\n|[\s\S])|[^"\\\r\n])*")'
)
_KEYWORD = "|".join(sorted(_KEYWORDS, key=len, reverse=True))
# Blanks, and identifiers that are neither keywords nor a string's prefix: skipped before each token.
_SKIP = r"(?:[^\S\r\n]++|(?!(?:" + _KEYWORD + r")\b)\w++(?![\'\"]))*+"
_TOKENS = re.compile(
    _SKIP + r"(?:"
    r"(?P<op>[^\s\w'\"#\\()\[\]{},;])"  # 1: an operator or other punctuation
    r"|(?P<end>[;\r\n])"  # 2
    r"|(?P<open>[(\[{])"  # 3
    r"|(?P<close>[)\]}])"  # 4
    r"|(?P<sep>,)"  # 5
    r"|(?P<fstr>(?:[rR]?[fFtT]|[fFtT][rR])" + _QUOTED + ")"  # 6
    r"|(?P<str>[rRbBuU]{0,2}" + _QUOTED + ")"  # 7
    r"|(?P<word>\w+)"  # 8: a keyword, or an identifier right before a quote
    r"|#[^\r\n]*"  # a comment
    r"|\\(?:\r\n|\r|\n)"  # a line continuation
    r"|(?P<stray>[^\s\w])"  # 9: a quote that opens no string, a lone backslash
    r"|\Z"  # skipped words up to the end: without this, the search would start again inside the last one
    r")"
)
_OP, _END, _OPEN, _CLOSE, _SEP, _FSTR, _STR, _WORD, _STRAY = range(1, 10)


def nesting_depth(text: str) -> int:
    """An upper estimate of the depth of the syntax tree libcst builds for ``text`` (see the module doc)."""
    stack: list[int] = []  # the count of the enclosing sibling at each open bracket
    count = 0  # the current sibling's count at the innermost level
    base = 0  # the sum of the counts on the stack
    deepest = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastindex
        if kind in (_OP, _STR, _STRAY):
            count += 1
            if base + count > deepest:
                deepest = base + count
        elif kind == _END:
            if not stack:
                count = 0  # a new statement outside brackets
        elif kind == _OPEN:
            stack.append(count + OPEN_WEIGHT)
            base += count + OPEN_WEIGHT
            count = 0
            if base > deepest:
                deepest = base
        elif kind == _CLOSE:
            count = stack.pop() if stack else 0
            base -= count
        elif kind == _SEP:
            count = 0  # a new sibling
        elif kind == _WORD:
            if match.group(_WORD) in _KEYWORDS:
                count += 1
                if base + count > deepest:
                    deepest = base + count
        elif kind == _FSTR:  # its replacement fields nest like a bracket
            count += OPEN_WEIGHT
            if base + count > deepest:
                deepest = base + count
    return deepest
