"""Scaffold a Python adapter for a new client: the adapter module, its wire test, and the registry line.

    python scripts/new_adapter.py SURFACE CLASS CODE NAME CALLEE [--root DIR]

    python scripts/new_adapter.py mistral_client MistralClient DSM118 retired-model-in-mistral-call mistralai.Mistral

writes ``migrate/adapters/python/<SURFACE>.py`` (the module docstring, one class with
ruff's doc sections, ``VALID`` / ``INVALID`` with a no-op twin, ``TRIGGERS``,
``sinks`` for ``CALLEE(model=...)`` and ``place`` sending
``extra_body={"thinking": ...}``) and ``tests/test_wire_<SURFACE>.py``, then
prints the line to add to ``RULES`` in ``migrate/registry.py``. The skeleton is
a working adapter for an OpenAI-style constructor; replace each ``<...>`` and
fit ``sinks`` / ``place`` to the client (CONTRIBUTING.md, "Adding an adapter").

An existing file is never overwritten, and a code or name already in use is
refused: the script then prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ADAPTER = '''"""{callee}: <what the client is, and the call that sends the model name>.

Source of truth: https://api-docs.deepseek.com/guides/thinking_mode (a
top-level ``"thinking": {{"type": ...}}`` field) and <the client's source file that
builds the request body>.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.python.base import (
    Placement,
    PythonAdapter,
    Sink,
    callee_matches,
    deep_merge_into_dict_kwarg,
    host_of_url,
    thinking_value,
    trigger_words,
)
from migrate.hosts import DEEPSEEK
from migrate.model import Thinking
from migrate.python.analysis import Module, dotted

CALLEES = frozenset({{"{callee}"}})


class {cls}(PythonAdapter):
    """
    ## What it does
    Finds retired DeepSeek model names given to `{short}(model=...)`.

    ## Why is this bad?
    `deepseek-chat` and `deepseek-reasoner` were retired on 2026-07-24. Their
    successor `deepseek-v4-flash` thinks by default, so ex-`deepseek-chat` code
    must also send `"thinking": {{"type": "disabled"}}`.

    ## Example
    ```python
    llm = {short}(model="deepseek-chat")
    ```
    Use instead:
    ```python
    llm = {short}(model="deepseek-v4-flash", extra_body={{"thinking": {{"type": "disabled"}}}})
    ```

    ## Fix safety
    Safe when the model is a literal: `extra_body=` is added, or merged into the
    dict literal already there; a `"thinking"` already there is respected.
    Unsafe when `extra_body=` is not a dict literal or the call passes
    `**kwargs`: the message says what to add. A `base_url` that is not
    DeepSeek's is never rewritten (DSM103).
    """

    CODE = "{code}"
    NAME = "{name}"
    TRIGGERS = trigger_words(CALLEES)

    VALID = (
        Valid(
            "from {package} import {short}\\n"
            'llm = {short}(model="deepseek-v4-flash", extra_body={{"thinking": {{"type": "disabled"}}}})\\n'
        ),
        Valid('from {package} import {short}\\nllm = {short}(model="deepseek-chat", base_url="https://gateway.example.com/v1")\\n'),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'from {package} import {short}\\nllm = {short}(model="deepseek-chat")\\n',
            'from {package} import {short}\\nllm = {short}(model="deepseek-v4-flash", extra_body={{"thinking": {{"type": "disabled"}}}})\\n',
            range=(2, {column}, 2, {end_column}),
        ),
    )  # fmt: skip

    def sinks(self, module: Module) -> Iterator[Sink]:
        for call in module.calls:
            if not callee_matches(module, call.func, CALLEES):
                continue
            model = module.kwarg(call, "model")
            if model is None:
                continue
            url = module.kwarg(call, "base_url")
            host = host_of_url(module, url.value if url else None) or DEEPSEEK
            yield Sink(self, call, model.value, host, what=f"`{{dotted(call.func)}}()`")

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        assert isinstance(sink.node, cst.Call)
        value: dict[str, object] = {{"thinking": thinking_value(thinking)}}
        return deep_merge_into_dict_kwarg(module, sink.node, "extra_body", value, quote, what=sink.what)
'''

WIRE_TEST = '''"""{code} on the wire: the real client package, before and after migration.

Snippets follow the client's docs (<link>). The harness's sitecustomize points
the client at the loopback server; the bodies are compared whole.
"""

from __future__ import annotations

import pytest

from migrate.model import Applicability
from tests.wire.before_after import assert_migrated_body, migrate_and_capture

CHAT = """
from {package} import {short}

llm = {short}(model="deepseek-chat", api_key="sk-test")
<the call that sends a chat request, as the docs write it>
"""


@pytest.mark.parametrize(("before", "thinking"), [pytest.param(CHAT, "disabled", id="chat")])
def test_{surface}_sends_new_model_and_thinking(before: str, thinking: str) -> None:
    run = migrate_and_capture(before)
    assert run.applicability == {{Applicability.SAFE}}
    assert len(run.before) == len(run.after) == 1
    assert_migrated_body(run.before[0], run.after[0], thinking=thinking)
'''


class ScaffoldError(Exception):
    """Bad arguments or a file in the way: one line for the user."""


def scaffold(root: Path, surface: str, cls: str, code: str, name: str, callee: str) -> list[Path]:
    """Write the adapter module and its wire test under ``root``; the paths written."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", surface):
        raise ScaffoldError(f"SURFACE must be a module name (lower case, digits, _): {surface!r}")
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", cls):
        raise ScaffoldError(f"CLASS must be a CamelCase class name: {cls!r}")
    if not re.fullmatch(r"DSM1\d\d", code):
        raise ScaffoldError(f"CODE must be a free DSM1xx code (Python surfaces): {code!r}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
        raise ScaffoldError(f"NAME must be kebab-case: {name!r}")
    package, _, short = callee.rpartition(".")
    if not package or not short.isidentifier():
        raise ScaffoldError(f"CALLEE must be a qualified name such as mistralai.Mistral: {callee!r}")
    if not (root / "migrate" / "adapters").is_dir() or not (root / "tests").is_dir():
        raise ScaffoldError(f"{root} is not a deepseek-migrate checkout (no migrate/adapters/ and tests/)")
    taken = _taken(root)
    for value in (code, name):
        if value in taken:
            raise ScaffoldError(f"{value} is already used by {taken[value]}")
    adapter = root / "migrate" / "adapters" / "python" / f"{surface}.py"
    wire = root / "tests" / f"test_wire_{surface}.py"
    for path in (adapter, wire):
        if path.exists():
            raise ScaffoldError(f"{path} exists; not overwritten")
    fields = {"surface": surface, "cls": cls, "code": code, "name": name, "callee": callee}
    column = len(f"llm = {short}(model=") + 1  # where the INVALID case's literal starts
    fields.update(package=package, short=short, column=column, end_column=column + len('"deepseek-chat"'))
    adapter.write_text(ADAPTER.format(**fields), encoding="utf-8")
    wire.write_text(WIRE_TEST.format(**fields), encoding="utf-8")
    return [adapter, wire]


def _taken(root: Path) -> dict[str, str]:
    """Codes and names the adapter modules under ``root`` declare, each with its module."""
    out: dict[str, str] = {}
    for path in sorted((root / "migrate").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'^\s*(?:CODE|NAME) = "([^"]+)"', text, re.M):
            out[match.group(1)] = path.name
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("surface", help="module name, e.g. mistral_client")
    parser.add_argument("cls", metavar="CLASS", help="adapter class name, e.g. MistralClient")
    parser.add_argument("code", help="the next free DSM1xx code")
    parser.add_argument("name", help="kebab-case rule name, e.g. retired-model-in-mistral-call")
    parser.add_argument("callee", help="qualified name of the class or function given model=")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.root, args.surface, args.cls, args.code, args.name, args.callee)
    except ScaffoldError as exc:
        print(f"new_adapter: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print("add to RULES in migrate/registry.py (PYTHON_ADAPTERS, before OpenAICompatible and RawRequest):")
    print(f"    from migrate.adapters.python.{args.surface} import {args.cls}")
    print(f"    {args.cls},")
    print("then: fixtures/adapters/<CODE>-<NAME>/, `python -m migrate.catalog`, and the tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
