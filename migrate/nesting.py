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
_TOKENS = re.compile(
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


def nesting_depth(text: str) -> int:
    """An upper estimate of the depth of the syntax tree libcst builds for ``text`` (see the module doc)."""
    stack: list[int] = []  # the count of the enclosing sibling at each open bracket
    count = 0  # the current sibling's count at the innermost level
    base = 0  # the sum of the counts on the stack
    deepest = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "op" or kind == "str" or (kind == "word" and match.group() in _KEYWORDS):
            count += 1
            deepest = max(deepest, base + count)
        elif kind == "fstr":  # its replacement fields nest like a bracket
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
            count = 0  # a new sibling, or a new statement outside brackets
    return deepest
