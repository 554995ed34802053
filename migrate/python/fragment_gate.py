"""The cheap test that lets a module with no full retired name still be checked for fragment tests.

A module that spells no retired name can still branch on a piece of one
(``"reasoner" in model``). The bytes prefilter lets such a module through when
it spells ``deepseek-`` and a test (:data:`TEST_CONTEXT`: a string followed
by ``in``, or the name of a string or regex test method), or when a string
holding ``reasoner`` is tested (:data:`REASONER_CONTEXT`). The rule (:mod:`migrate.report_rules.fragments`)
applies the same predicate to the module's text first, so the prefilter never
drops a module it would report. No libcst here: the prefilter runs before
anything is parsed, and each gate word costs one pass over every Python file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

# "reasoner" is DeepSeek's own word; a shorter fragment ("chat", "-chat") counts only in a module that
# spells "deepseek-" (a model id, a provider prefix). Each word costs a pass over every Python file:
# the engine's pass for "deepseek" (``engine.WORD``) serves the names and this test, so only
# "reasoner" adds one (a case-blind "DeepSeek" would add another).
REASONER = "reasoner"
DEEPSEEK = "deepseek-"
TEST_METHODS = ("startswith", "endswith", "find", "rfind", "index", "rindex", "count")
REGEX_TESTS = ("match", "search", "fullmatch")
_BLANKS = r"[ \t\f\r\n\\]"  # blanks and line continuations
# A string closed right before ``in`` / ``not in``, or a test method's name.
TEST_CONTEXT = rf"""["']{_BLANKS}*(?:not{_BLANKS}+)?in\b|\b(?:{"|".join((*TEST_METHODS, *REGEX_TESTS))})\b"""
# In a module that does not spell "deepseek-", the fragment is a string holding "reasoner": the string
# closes before ``in``, or it is in the first argument of a test method, a regex function or re.compile.
REASONER_CONTEXT = (
    rf"""{REASONER}[^"'\r\n]*["']{_BLANKS}*(?:not{_BLANKS}+)?in\b"""
    rf"|\b(?:{'|'.join((*TEST_METHODS, *REGEX_TESTS, 'compile'))}){_BLANKS}*\([^)]{{0,300}}?{REASONER}"
)
_TEXT = re.compile(TEST_CONTEXT)
_REASONER_TEXT = re.compile(REASONER_CONTEXT)
BYTES_CONTEXT = re.compile(TEST_CONTEXT.encode())
REASONER_BYTES_CONTEXT = re.compile(REASONER_CONTEXT.encode())
REASONER_BYTES = REASONER.encode()
DEEPSEEK_BYTES = DEEPSEEK.encode()


# CPython's ``bytes.find`` switches from its Horspool search to the two-way algorithm for a
# haystack of 30,000 bytes or more; on source text and these 8-byte words the two-way search is
# about a quarter slower, so a large file is searched in windows just under that size.
WINDOW = 29_000


def _windowed(data: bytes, word: bytes) -> bool:
    size = len(data)
    if size <= WINDOW:
        return word in data
    find, reach = data.find, WINDOW + len(word) - 1  # consecutive windows overlap by len(word) - 1
    return any(find(word, start, start + reach) >= 0 for start in range(0, size, WINDOW))


def _libc_search() -> Callable[[bytes, bytes], bool] | None:
    """The C library's ``strstr``, then ``memmem``, as a substring test, where the platform has them
    and they answer right.

    glibc's ``strstr`` (SIMD) searches source text about four times as fast as ``bytes.find`` and
    twice as fast as its ``memmem``, call overhead included; the scan makes two such searches over
    every Python file. A ``bytes`` object's buffer always ends with a NUL, so ``strstr`` sees the
    whole of a file without one; a file that holds a NUL (where ``strstr`` stops) and did not show
    the word before it is searched again with ``memmem``. Windows has neither through ``ctypes``, and
    a library that answers a probe wrongly is not used: then the windowed ``bytes`` search serves.
    """
    if not sys.platform.startswith(("linux", "darwin", "freebsd", "openbsd", "netbsd")):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        memmem, strstr = libc.memmem, libc.strstr
    except (ImportError, OSError, AttributeError):
        return None
    memmem.restype = strstr.restype = ctypes.c_void_p
    memmem.argtypes = (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t)
    strstr.argtypes = (ctypes.c_char_p, ctypes.c_char_p)

    def found(data: bytes, word: bytes) -> bool:
        if b"\0" not in word and strstr(data, word) is not None:
            return True
        return (b"\0" in data or b"\0" in word) and memmem(data, len(data), word, len(word)) is not None

    probes = (
        (b"", b"reasoner"),
        (b"deepsee", b"deepseek"),
        (b"x\0deepseek", b"deepseek"),
        (b"deepseek\0x", b"deepseek"),
        (b"a-reasoner", b"reasoner"),
        (b"reasone\0r", b"reasoner"),
        (b"xx\0yy", b"x\0y"),
    )
    try:
        if [found(data, word) for data, word in probes] != [word in data for data, word in probes]:
            return None
    except (TypeError, ctypes.ArgumentError):
        return None
    return found


contains: Callable[[bytes, bytes], bool] = _libc_search() or _windowed
"""``word in data`` (for ``bytes``): libc's ``strstr`` and ``memmem`` where they serve, else a windowed
``bytes.find``."""


def reasoner_test(data: bytes) -> bool:
    """The gate's second half on bytes: a test on a string that holds "reasoner"."""
    return contains(data, REASONER_BYTES) and REASONER_BYTES_CONTEXT.search(data) is not None


def text_may_test_fragments(text: str) -> bool:
    """Whether a module may hold a fragment test the rule reports; the engine's ``Settings.kind_test``
    asks the same of the bytes (the words and the patterns are ASCII)."""
    if DEEPSEEK in text and _TEXT.search(text) is not None:
        return True
    return REASONER in text and _REASONER_TEXT.search(text) is not None


def names_deepseek(text: str) -> bool:
    """Whether the module spells ``deepseek-``: then a short fragment such as ``"chat"`` counts."""
    return DEEPSEEK in text
