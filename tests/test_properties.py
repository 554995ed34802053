"""Property tests: retired names inserted into generated and real Python sources, in the shapes the adapters fix.

For every example: the fixed source parses, a second fix changes nothing, every
retired name is gone, each call or body got exactly one thinking field of the
right mode, and a difflib comparison of the original and the fixed text finds
nothing but the renames and inserted ``thinking`` / ``extra_body`` fragments
(plus the commas and line breaks that join them): every other byte, line
endings and comments included, is unchanged.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import libcst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.api import fix_source

NEW = "deepseek-v4-flash"
MODE = {"deepseek-chat": "disabled", "deepseek-reasoner": "enabled"}
RETIRED = re.compile("|".join(map(re.escape, MODE)))
FRAGMENT = re.compile(
    r"""(?:extra_body=\{)?(?P<q>["'])thinking(?P=q): \{(?P=q)type(?P=q): (?P=q)(?P<mode>disabled|enabled)(?P=q)\}\}?"""
)
GLUE = re.compile(r"[,\s]*")
GAP = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)?[ \t]*")
URL = "https://api.deepseek.com"
METHODS = (
    "chat.completions.create",
    "chat.completions.parse",
    "beta.chat.completions.parse",
    "chat.completions.with_raw_response.create",
    "chat.completions.stream",
)
CLIENTS = (  # (import line, constructor)
    ("import openai", "openai.OpenAI"),
    ("import openai as oa", "oa.OpenAI"),
    ("from openai import OpenAI", "OpenAI"),
    ("from openai import Client as DS", "DS"),
)
FILLER = (
    "import os",
    "x = [1, 2,\n     3]  # a comment, with (parens) and 'quotes'",
    "def helper(a, b=2):\n    return a + b",
    '"""A docstring with deepseek in it, but no model name."""',
    "if os.environ.get('X'):\n    pass",
    "y = {'a': (1, 2), \"b\": [3]}",
    "s = 'tab\\there' + \"comma, paren (\"",
    "\x0c",
    "class K:\n    attr = 1\n\n    def m(self):\n        return self.attr",
    "z = (lambda q: q)(1)",
    "",
)
MAX_EXAMPLES = int(os.environ.get("DSM_MAX_EXAMPLES", "120"))
STDLIB_EXAMPLES = int(os.environ.get("DSM_STDLIB_EXAMPLES", "20"))


@dataclass
class Source:
    """A generated module and how many thinking fields of each mode its fix must add."""

    lines: list[str] = field(default_factory=list)
    expected: dict[str, int] = field(default_factory=lambda: {"disabled": 0, "enabled": 0})


def _layout(draw: st.DrawFn, callee: str, args: list[str], indent: str) -> str:
    """``callee(args)`` in one of the layouts people write: one line, hanging, aligned, with comments."""
    style = draw(st.sampled_from(["one-line", "hanging", "aligned"]))
    trailing = draw(st.booleans())
    if style == "one-line":
        return f"{callee}({', '.join(args)}{', ' if trailing and args else ''})"
    step = draw(st.sampled_from(["    ", "  ", "\t"])) if indent == "" else indent[:1] * len(indent)
    step = step or "    "
    comments = [draw(st.sampled_from(["", "", "  # why, (not)", "  # note"])) for _ in args]
    if style == "hanging":
        out = [f"{callee}("]
        for i, (arg, comment) in enumerate(zip(args, comments, strict=True)):
            comma = "," if i < len(args) - 1 or trailing else ""
            out.append(f"{indent}{step}{arg}{comma}{comment}")
        out.append(f"{indent})")
        return "\n".join(out)
    pad = " " * (len(callee) + 1) if "\t" not in indent else indent + step
    out = []
    for i, (arg, comment) in enumerate(zip(args, comments, strict=True)):
        last = i == len(args) - 1
        comma = "," if not last or trailing else ""
        head = f"{callee}(" if i == 0 else (pad if "\t" in indent else indent + pad)
        close = ")" if last and not comment else ""
        out.append(f"{head}{arg}{comma}{close}{comment}")
    if comments and comments[-1]:
        out.append(f"{indent})")
    return "\n".join(out)


def _extra_args(draw: st.DrawFn, quote: str) -> list[str]:
    pool = [
        "messages=msgs",
        f"messages=[{{{quote}role{quote}: {quote}user{quote}, {quote}content{quote}: {quote}hi, (you){quote}}}]",
        "temperature=0.2",
        "stream=True",
        "max_tokens=4096",
        "timeout=30",
    ]
    args = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
    if not any(a.startswith("messages=") for a in args):
        args.insert(0, "messages=msgs")
    extra = draw(
        st.sampled_from(
            [None, None, "extra_body={}", f"extra_body={{{quote}user{quote}: {quote}u1{quote}}}",
             f"extra_body={{{quote}user{quote}: {quote}u1{quote}, {quote}n{quote}: 2,}}"]
        )
    )  # fmt: skip
    if extra is not None:
        args.append(extra)
    return args


@st.composite
def openai_modules(draw: st.DrawFn) -> Source:
    """A module that builds a DeepSeek client and calls it with retired names, literal or via constants."""
    src = Source()
    quote = draw(st.sampled_from(['"', "'"]))
    import_line, ctor = draw(st.sampled_from(CLIENTS))
    src.lines += [import_line, "import requests", "", "msgs = []"]
    constants = {f"MODEL_{i}": draw(st.sampled_from(list(MODE))) for i in range(draw(st.integers(0, 2)))}
    used: set[str] = set()
    definitions_at = len(src.lines)
    src.lines.append(f"client = {ctor}(base_url={quote}{URL}{quote})")
    for _ in range(draw(st.integers(1, 4))):
        src.lines += draw(st.lists(st.sampled_from(FILLER), max_size=2))
        kind = draw(st.sampled_from(["call", "call", "body", "inline-body"]))
        use_constant = draw(st.booleans())
        if constants and use_constant:
            const = draw(st.sampled_from(sorted(constants)))
            model, retired = const, constants[const]
            used.add(const)
        else:
            retired = draw(st.sampled_from(list(MODE)))
            model = f"{quote}{retired}{quote}"
        src.expected[MODE[retired]] += 1
        in_function = draw(st.booleans())
        indent = draw(st.sampled_from(["    ", "\t"])) if in_function else ""
        if kind == "call":
            args = _extra_args(draw, quote)
            args.insert(draw(st.integers(0, len(args))), f"model={model}")
            text = _layout(draw, f"client.{draw(st.sampled_from(METHODS))}", args, indent)
            stmt = f"{indent}{draw(st.sampled_from(['', 'r = ', 'return ']))}{text}"
            if not in_function:
                stmt = stmt.replace("return ", "r = ", 1)
        else:
            items = [f"{quote}model{quote}: {model}", f"{quote}messages{quote}: msgs"]
            if draw(st.booleans()):
                items.append(f"{quote}stream{quote}: False")
            items = draw(st.permutations(items))
            body = _layout(draw, "", items, indent).replace("(", "{", 1)
            body = body[: body.rfind(")")] + "}" + body[body.rfind(")") + 1 :]
            post = f"requests.post({quote}{URL}/chat/completions{quote}, json="
            if kind == "body":
                stmt = f"{indent}body = {body}\n{indent}{post}body)"
            else:
                stmt = f"{indent}{post}{body})"
        if in_function:
            src.lines += [f"def ask_{len(src.lines)}(msgs):", stmt]
        else:
            src.lines.append(stmt)
    # Only constants that feed a call: an unused one has nowhere to carry its thinking mode.
    src.lines[definitions_at:definitions_at] = [f"{c} = {quote}{constants[c]}{quote}" for c in sorted(used)]
    return src


def _normalise(text: str) -> str:
    return RETIRED.sub(NEW, text)


def assert_only_intended_changes(original: str, fixed: str) -> None:
    """difflib over lines, then over characters within each changed hunk: only insertions of fragments and glue.

    Renames are compared as equal (both texts spell every retired name as the new
    one). In each changed hunk every character-level difference must be an
    insertion; an inserted piece holds a thinking fragment plus commas and
    whitespace, or is a lone comma that the next fragment needs: only blanks, at
    most one comment and one line break stand between them.
    """
    a_lines = _normalise(original).splitlines(keepends=True)
    b_lines = _normalise(fixed).splitlines(keepends=True)
    lines = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        whole = ("".join(a_lines[i1:i2]), "".join(b_lines[j1:j2]))
        if i2 - i1 == j2 - j1:
            # As many lines before as after: the lines in pairs pass too. Over the whole hunk,
            # difflib's longest-match-first can pair one call's text with the next line's twin.
            try:
                _assert_insertions(*whole)
            except AssertionError as whole_failed:
                try:
                    for a, b in zip(a_lines[i1:i2], b_lines[j1:j2], strict=True):
                        if a != b:
                            _assert_insertions(a, b)
                except AssertionError:
                    raise whole_failed from None
        else:
            _assert_insertions(*whole)


def _assert_insertions(a: str, b: str) -> None:
    """Every character-level difference from ``a`` to ``b`` is an insertion of fragments and glue."""
    pieces = []
    for op, x1, x2, y1, y2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        assert op == "insert", f"bytes outside the intended spans changed: {a[x1:x2]!r} -> {b[y1:y2]!r}"
        pieces.append((y1, y2))
    fragments = [(y1, y2) for y1, y2 in pieces if FRAGMENT.search(b[y1:y2])]
    assert fragments, f"a changed region without a thinking fragment: {[b[y1:y2] for y1, y2 in pieces]!r}"
    for y1, y2 in pieces:
        text = b[y1:y2]
        assert GLUE.fullmatch(FRAGMENT.sub("", text)), (
            f"inserted text other than fragments and glue: {text!r}"
        )
        if (y1, y2) not in fragments:
            following = [f1 for f1, _ in fragments if f1 >= y2]
            assert following and GAP.fullmatch(b[y2 : following[0]]), f"a stray insertion: {text!r}"


def check_fix(original: str, expected: dict[str, int]) -> None:
    fixed = fix_source(original)
    ast.parse(fixed)
    libcst.parse_module(fixed)
    assert fix_source(fixed) == fixed, "a second fix changed the file"
    assert not RETIRED.search(fixed), "a retired name is left"
    added = {mode: len(re.findall(rf"""type["']: ["']{mode}""", fixed)) for mode in ("disabled", "enabled")}
    before = {
        mode: len(re.findall(rf"""type["']: ["']{mode}""", original)) for mode in ("disabled", "enabled")
    }
    assert {m: added[m] - before[m] for m in added} == expected
    assert_only_intended_changes(original, fixed)
    newlines = re.compile(r"\r\n|\r|\n")
    if "\r\n" in original:  # each kept line keeps its ending; new lines use the file's own
        assert set(newlines.findall(fixed)) == {"\r\n"}


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(source=openai_modules(), crlf=st.booleans())
def test_generated_sources(source: Source, crlf: bool) -> None:
    text = "\n".join(source.lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    check_fix(text, source.expected)


def _stdlib_sample() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.glob("*.py") if 2_000 < p.stat().st_size < 25_000)
    return files[:: max(1, len(files) // 60)]


SNIPPET = (
    "import openai as _dsm_openai\n"
    "_dsm_client = _dsm_openai.OpenAI(base_url={q}{url}{q})\n"
    "_dsm_reply = _dsm_client.chat.completions.create(\n"
    "    model={q}{name}{q},\n"
    "    messages=[],\n"
    "){tail}\n"
)


@settings(max_examples=STDLIB_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(_stdlib_sample()),
    name=st.sampled_from(list(MODE)),
    quote=st.sampled_from(['"', "'"]),
    where=st.floats(0, 1),
    tail=st.sampled_from(["", "  # trailing comment"]),
)
def test_real_stdlib_files(path: Path, name: str, quote: str, where: float, tail: str) -> None:
    original = path.read_text(encoding="utf-8")
    tree = ast.parse(original)
    # Top-level statement starts after the docstring and __future__ imports, where a statement may go.
    firsts = [
        node.lineno
        for i, node in enumerate(tree.body)
        if not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
        and not (i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        and node.col_offset == 0
        and not getattr(node, "decorator_list", None)
    ]
    lines = original.splitlines(keepends=True)
    at = firsts[int(where * (len(firsts) - 1))] - 1 if firsts else len(lines)
    snippet = SNIPPET.format(q=quote, url=URL, name=name, tail=tail)
    source = "".join(lines[:at]) + snippet + "".join(lines[at:])
    check_fix(source, {"disabled": int(MODE[name] == "disabled"), "enabled": int(MODE[name] == "enabled")})


def test_twin_calls_in_one_hunk() -> None:
    """Found by the generator: three near-identical calls changed together once made difflib pair
    one line's closing parenthesis with the next line's insertion, a false alarm."""
    lines = [
        "import openai",
        "msgs = []",
        'client = openai.OpenAI(base_url="https://api.deepseek.com")',
        'client.chat.completions.create(model="deepseek-chat", messages=msgs)',
        'client.chat.completions.create(model="deepseek-chat", messages=msgs)',
        'client.chat.completions.create(model="deepseek-chat", messages=msgs, )',
    ]
    check_fix("\n".join(lines) + "\n", {"disabled": 3, "enabled": 0})


def test_the_diff_check_rejects_stray_changes() -> None:
    """The checker is only worth something if it fails on a change that is not a fix."""
    before = "x = 1\nclient.chat.completions.create(model='deepseek-chat', messages=m)  # c\n"
    fixed = fix_source(before)
    assert fixed != before
    assert_only_intended_changes(before, fixed)
    with pytest.raises(AssertionError, match="outside the intended spans"):
        assert_only_intended_changes(before, fixed.replace("messages=m", "messages=n"))
    with pytest.raises(AssertionError, match="outside the intended spans"):
        assert_only_intended_changes(before, fixed.replace("  # c", " # c"))
    with pytest.raises(AssertionError, match="a stray insertion"):
        assert_only_intended_changes(before, fixed.replace("x = 1", "x = 1,"))
    with pytest.raises(AssertionError, match="a stray insertion"):
        assert_only_intended_changes(before, fixed + "\n")
    with pytest.raises(AssertionError, match="without a thinking fragment"):
        assert_only_intended_changes("y = 2\n\n" + before, "y = 2 \n\n" + fixed)
    with pytest.raises(AssertionError, match="outside the intended spans"):
        assert_only_intended_changes(before.replace("\n", "\r\n"), fixed)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
