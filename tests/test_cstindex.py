"""migrate.python.cstindex answers as libcst's own metadata providers do, on real modules and scoping corner cases."""

from __future__ import annotations

import sysconfig
import textwrap
from pathlib import Path

import libcst as cst
import libcst.metadata as md
import pytest

from migrate.python.analysis import string_value
from migrate.python.cstindex import Index, LazySpans, children, spans
from migrate.textedit import LineIndex

STDLIB = Path(sysconfig.get_paths()["stdlib"])
# Modules chosen for breadth: classes, closures, comprehensions, global/nonlocal, star and relative imports,
# decorators, lambdas, match statements, walrus, try/except/with, async code.
REAL = [
    "argparse.py",
    "dataclasses.py",
    "json/decoder.py",
    "asyncio/tasks.py",
    "importlib/_bootstrap.py",
    "typing.py",
    "functools.py",
    "email/message.py",
    "logging/__init__.py",
    "inspect.py",
]

CORNERS = """
import os, os.path as osp
import a.b.c
from . import sibling
from ..pkg.mod import thing as alias
from openai import OpenAI as O, AsyncOpenAI
from star import *

MODEL = "deepseek-chat"
MODEL = MODEL or "x"
client = O(base_url=os.environ.get("URL"))

def outer(model=MODEL, *, key: str = osp.join("a", "b")):
    total = 0
    def inner():
        nonlocal total
        total += 1
        return model, a.b.c.d()
    global client
    client = AsyncOpenAI()
    return inner

class Service:
    model = MODEL
    names = [model for model in range(3)]
    def run(self, model=model):
        return [x for x in self.items if (y := x)], y, model, Service, OpenAI
    @staticmethod
    def make(): return lambda q, r=MODEL: (q, r, client.chat.completions.create)

for i, (j, *k) in enumerate([]):
    del i
with open("f") as fh, open("g") as (gh):
    print(fh, gh, j, k, alias, sibling, thing)
try:
    pass
except (ValueError, KeyError) as err:
    print(err)
x = {key: value for key, value in {}.items() if key}
gen = (a for a in range(3) for b in range(a))
print(undefined, x.y.z, OpenAI().chat, O().chat.completions.create)
"""


def _sources() -> list[tuple[str, str]]:
    out = [("corners", textwrap.dedent(CORNERS))]
    for rel in REAL:
        path = STDLIB / rel
        out.append((rel, path.read_text(encoding="utf-8")))
    return out


SOURCES = _sources()


@pytest.fixture(scope="module", params=SOURCES, ids=[name for name, _ in SOURCES])
def pair(request: pytest.FixtureRequest) -> tuple[str, cst.Module, md.MetadataWrapper, Index]:
    _, text = request.param
    tree = cst.parse_module(text)
    wrapper = md.MetadataWrapper(tree, unsafe_skip_copy=True)
    return text, tree, wrapper, Index(tree)


def test_parents_match_libcst(pair: tuple[str, cst.Module, md.MetadataWrapper, Index]) -> None:
    _, _, wrapper, index = pair
    parents = wrapper.resolve(md.ParentNodeProvider)
    assert len(index.parents) > 100
    for node, parent in index.parents.items():
        assert parents[node] is parent, type(node).__name__


def test_every_code_node_is_reached(pair: tuple[str, cst.Module, md.MetadataWrapper, Index]) -> None:
    _, tree, _, index = pair
    wanted = (cst.Call, cst.Dict, cst.SimpleString, cst.Name, cst.Attribute)

    class All(cst.CSTVisitor):
        def __init__(self) -> None:
            self.found: list[cst.CSTNode] = []

        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, wanted):
                self.found.append(node)
            return True

    visitor = All()
    tree.visit(visitor)
    reached = set(index.parents)
    missed = [n for n in visitor.found if n not in reached]
    assert not missed
    assert {id(n) for n in index.calls} == {id(n) for n in visitor.found if isinstance(n, cst.Call)}
    assert {id(n) for n in index.strings} == {id(n) for n in visitor.found if isinstance(n, cst.SimpleString)}
    walked = [n for n in _walk_all(tree) if isinstance(n, wanted)]
    assert walked == visitor.found  # children() yields source order


def _walk_all(node: cst.CSTNode) -> list[cst.CSTNode]:
    out = [node]
    for child in children(node):
        out.extend(_walk_all(child))
    return out


def test_spans_match_position_provider(pair: tuple[str, cst.Module, md.MetadataWrapper, Index]) -> None:
    text, tree, wrapper, _ = pair
    positions = wrapper.resolve(md.PositionProvider)
    lines = LineIndex(text)
    ours = spans(tree)
    assert len(ours) == len(positions)
    for node, rng in positions.items():
        expected = (
            lines.offset(rng.start.line, rng.start.column),
            lines.offset(rng.end.line, rng.end.column),
        )
        assert ours[node] == expected, type(node).__name__


def test_referents_and_references_match_scope_provider(
    pair: tuple[str, cst.Module, md.MetadataWrapper, Index],
) -> None:
    _, _, wrapper, index = pair
    scopes = wrapper.resolve(md.ScopeProvider)
    checked = 0
    for scope in {s for s in scopes.values() if s is not None}:
        for access in scope.accesses:
            node = access.node
            if not isinstance(node, cst.Name):
                continue  # a string annotation, or a dotted import prefix (``os.path``)
            assert node in index.access_at, node.value
            theirs = {_key(a) for a in access.referents}
            ours = {_key_ours(b) for b in index.referents(node)}
            assert ours == theirs, (node.value, scope)
            checked += 1
        for assignment in scope.assignments:
            target = getattr(assignment, "node", None)
            if isinstance(target, cst.Name) and not isinstance(assignment, md.ImportAssignment):
                theirs_reads = {id(a.node) for a in assignment.references if isinstance(a.node, cst.Name)}
                ours_reads = {id(n) for n in index.references(target)}
                assert ours_reads == theirs_reads, target.value
                checked += 1
    assert checked > 20


def _key(assignment: md.BaseAssignment) -> tuple[str, int]:
    return (assignment.name, id(getattr(assignment, "node", None)))


def _key_ours(binding: object) -> tuple[str, int]:
    return (binding.name, id(binding.node))  # type: ignore[attr-defined]


def test_qualified_names_match_qualified_name_provider(
    pair: tuple[str, cst.Module, md.MetadataWrapper, Index],
) -> None:
    _, _, wrapper, index = pair
    qnames = wrapper.resolve(md.QualifiedNameProvider)
    checked = 0
    for node in list(index.parents):
        if not isinstance(node, (cst.Name, cst.Attribute, cst.Call)) or node not in qnames:
            continue
        value = qnames[node]
        theirs = {q.name for q in (value() if callable(value) else value)}
        assert index.qualified(node) == theirs, cst.Module([]).code_for_node(node)
        checked += 1
    assert checked > 50


def test_corner_cases_resolve_as_python_does() -> None:
    tree = cst.parse_module(textwrap.dedent(CORNERS))
    index = Index(tree)
    by_text = {}
    for node in index.parents:
        if isinstance(node, (cst.Attribute, cst.Call, cst.Name)):
            by_text[tree.code_for_node(node)] = node  # the last one
    assert index.qualified(by_text["O"]) == {"openai.OpenAI"}
    assert index.qualified(by_text["client.chat.completions.create"]) == {"client.chat.completions.create"}
    assert index.qualified(by_text["osp.join"]) == {"os.path.join"}
    assert index.qualified(by_text["a.b.c.d"]) == {"a.b.c.d"}
    assert index.qualified(by_text["O().chat.completions.create"]) == {
        "openai.OpenAI.chat.completions.create"
    }
    assert index.qualified(by_text["undefined"]) == set()
    assert index.qualified(by_text["print"]) == {"builtins.print"}


def test_string_value_fast_path_agrees_with_libcst(
    pair: tuple[str, cst.Module, md.MetadataWrapper, Index],
) -> None:
    _, _, _, index = pair
    extra = [
        cst.parse_expression(s) for s in ("'a\\\\tb'", "r'a\\\\'", "b'x'", "'''x\r\ny'''", "U'x'", "Rb'y'")
    ]
    strings = list(index.strings) + [e for e in extra if isinstance(e, cst.SimpleString)]
    assert len(strings) > 10
    for node in strings:
        try:
            value = node.evaluated_value
        except Exception:
            value = None
        assert string_value(node) == (value if isinstance(value, str) else None), node.value


LAYOUTS = [
    "# header comment\n\n\nx = 1; y = 2\n\n# lead\n@dec\n# between\n@dec2(\n  1)\ndef f():\n    return 'deepseek-chat'\n",
    "x = 1\r\ny = 2\r\n\r\nclass A:\r\n    z = 'a'\r\n",
    "x = 1\ry = (\r 2)\rz = 3",
    "if True:\n    pass\nelse:\n    x = 1\n# trailing comment\n",
    "x = \\\n  1\n\f\ny = 2\n",
    "@\\\ndec\ndef f(): pass\n",
    "def f():\n    pass\n\n    # indented comment\nz = 'deepseek-reasoner'",
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", LAYOUTS + [text for _, text in SOURCES[:4]])
def test_lazy_spans_equal_whole_module_spans(text: str) -> None:
    tree = cst.parse_module(text)
    index = Index(tree)
    expected = spans(tree)
    lazy = LazySpans(tree, text, index.parents, LineIndex(text).starts)
    nodes = [n for n in index.parents if not isinstance(n, cst.Module)]
    for node in reversed(nodes):  # statements asked about out of order
        assert lazy[node] == expected[node], (type(node).__name__, tree.code_for_node(node)[:40])
    assert lazy[tree] == (0, len(text))
    if len(tree.body) > 3 and tree.has_trailing_newline:
        assert not lazy.whole  # no fallback to whole-module generation


def test_lazy_spans_use_given_statement_lines_and_survive_wrong_ones() -> None:
    import ast

    from migrate.python.crossmodule import statement_lines

    text = LAYOUTS[0] + "z = 3\n" * 3
    tree = cst.parse_module(text)
    index = Index(tree)
    expected = spans(tree)
    lines = LineIndex(text).starts
    given = statement_lines(ast.parse(text))
    target = index.strings[-1]
    right = LazySpans(tree, text, index.parents, lines, given)
    assert right[target] == expected[target] and not right.whole
    # Lines from another version of the file (it changed between two reads): detected, computed exactly.
    wrong = LazySpans(tree, text, index.parents, lines, [n + 1 for n in given])
    assert wrong[target] == expected[target] and wrong.whole


def test_parse_without_revalidation_builds_the_same_tree_and_restores_validation() -> None:
    from migrate.python.cstindex import parse_module

    for _, text in SOURCES[:3]:
        ours = parse_module(text)
        assert ours.deep_equals(cst.parse_module(text)) and ours.code == text
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("def f(:\n")
    with pytest.raises(cst.CSTValidationError):  # libcst validates the nodes it builds again
        cst.Name("not a name")


def test_nodes_hash_by_identity_in_c() -> None:
    """Importing the index gives node classes ``object.__hash__``; nodes still compare by identity."""
    from migrate.python.cstindex import parse_module

    tree = parse_module("x = f(1)\ny = f(1)\n")
    first, second = (stmt.body[0].value for stmt in tree.body)  # type: ignore[attr-defined]
    assert first.deep_equals(second) and first != second
    assert len({first, second}) == 2 and {first: 1}.get(second) is None and {first: 1}[first] == 1
    classes = {type(node) for node in (tree, first, first.func, first.args[0], cst.Name("z"))}
    assert all(cls.__hash__ is object.__hash__ for cls in classes)

    class Later(cst.Name):  # a node class made after the import inherits it too
        pass

    assert Later.__hash__ is object.__hash__


def test_answers_do_not_depend_on_the_order_of_questions() -> None:
    """Reads are resolved per name, when first asked about: any order gives the same answers."""
    text = SOURCES[0][1]
    tree = cst.parse_module(text)
    first, second = Index(tree), Index(tree)
    targets = list(first.binding_at)
    reads = list(first.access_at)
    by_targets_first = ([first.references(t) for t in targets], [first.referents(r) for r in reads])
    by_reads_first = [second.referents(r) for r in reversed(reads)][::-1]
    assert any(by_targets_first[0]) and any(by_targets_first[1])  # there were answers to compare
    assert [[(b.name, id(b.node)) for b in x] for x in by_reads_first] == [
        [(b.name, id(b.node)) for b in x] for x in by_targets_first[1]
    ]
    assert [[id(n) for n in second.references(t)] for t in targets] == [
        [id(n) for n in x] for x in by_targets_first[0]
    ]


def test_line_index_is_shared_for_the_same_text_only() -> None:
    text = "a\r\nb\rc\nd"
    first = LineIndex.of(text)
    assert LineIndex.of(text) is first
    assert first.starts == LineIndex(text).starts == [0, 3, 5, 7]
    other = LineIndex.of("x\ny")
    assert other is not first and other.starts == [0, 2]
    assert LineIndex.of(text) is not first and LineIndex.of(text).starts == first.starts  # one entry
