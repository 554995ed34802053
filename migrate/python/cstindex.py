"""One fast walk over a libcst tree: parents, scopes, name bindings, qualified names, offsets.

libcst's metadata providers (Parent, Scope, QualifiedName, Position) each go
through the visitor protocol, which rebuilds every node it passes
(``_visit_and_replace_children``) and runs each node's validation again: on a
350-line module the four cost ten times the parse itself. This module reads
the same tree through the dataclass fields instead, once, and answers the
questions the adapters ask with the semantics of libcst's ``ScopeProvider``
and ``QualifiedNameProvider``:

* a name read resolves to the bindings visible from its scope (class scopes
  are skipped from nested functions; ``global``/``nonlocal`` are honoured);
  within one scope only bindings made before the read count, and a read with
  none falls back to the enclosing scope, as libcst does;
* a binding's references are the reads that resolve to it;
* qualified names come from imports (``from openai import OpenAI as O``:
  ``O.chat`` is ``openai.OpenAI.chat``), local definitions
  (``f.<locals>.client``) and builtins (``builtins.print``).

``tests/test_cstindex.py`` checks the answers against libcst's own providers
on real modules. Names inside string annotations are not resolved (libcst
parses those; no adapter needs them). Like libcst, a match-statement capture
counts as a read.

Offsets come from one code generation with a state that counts characters
(:func:`spans`), about four times cheaper than ``PositionProvider`` because it
keeps integers, not line/column objects.
"""

from __future__ import annotations

import builtins
import dataclasses
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState

LOAD, STORE = 0, 1

# Fields that hold only whitespace, punctuation or parentheses: never a node an adapter asks about.
_EXCLUDED = frozenset(
    {
        "lpar", "rpar", "leading_lines", "lines_after_decorators", "header", "footer",
        "trailing_whitespace", "comma", "semicolon", "equal", "colon", "dot", "lbracket",
        "rbracket", "lbrace", "rbrace", "newline", "asynchronous", "operator", "star_tok",
        "whitespace_after_star", "whitespace_after_at", "walrus",
    }
)  # fmt: skip
_FIELDS: dict[type, tuple[str, ...]] = {}
# Nodes after which later reads in the same scope see the binding they made (libcst's list).
_ASSIGNMENT_LIKE = frozenset(
    {
        cst.AnnAssign, cst.AsName, cst.Assign, cst.AugAssign, cst.ClassDef, cst.CompFor,
        cst.FunctionDef, cst.Global, cst.Import, cst.ImportFrom, cst.NamedExpr, cst.Nonlocal,
        cst.Parameters, cst.WithItem, cst.TypeVar, cst.TypeAlias, cst.TypeVarTuple, cst.ParamSpec,
    }
)  # fmt: skip
_STORE_PROPAGATES = frozenset({cst.Tuple, cst.List, cst.StarredElement, cst.Element})
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)


class _IdentityHash:
    """A scope in which libcst's node classes hash with ``object.__hash__``: the same identity
    hash, without a Python call. Enter it once per file around the parse and the analysis
    (``with identity_hash:``), never per node.

    Nodes compare by identity, and libcst hashes them with a Python-level
    ``return id(self)``, so each dict or set operation on a node runs Python
    code: about 7,700 of them per 350-line module here (the index, spans,
    literals, value flow), some 5% of a run. ``object.__hash__`` is the C slot
    with the same meaning (equal nodes are the same object), but not the same
    values: a dict or set of nodes must be built and read within one scope. The
    classes are patched when the first scope opens and restored when the last
    one closes (threads share the count), so code outside, libcst's own
    included, sees libcst as it ships. The classes are listed once per process
    (a walk of some 500 classes); a scope then costs about 0.4 ms, against the
    milliseconds a parse takes. Nothing is patched if a libcst version ever
    compares nodes by value, or defines a hash of its own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._classes: list[type] | None = None
        self._ours: Any = None

    def _node_classes(self) -> list[type]:
        if self._classes is None:
            base = cst.CSTNode
            self._ours = base.__dict__.get("__hash__")
            self._classes = []
            if self._ours is not None and cst.Name("x") != cst.Name("x"):
                stack: list[type] = [base]
                while stack:
                    cls = stack.pop()
                    if cls.__dict__.get("__hash__") is self._ours:
                        self._classes.append(cls)
                    stack.extend(cls.__subclasses__())
        return self._classes

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                for cls in self._node_classes():
                    cls.__hash__ = object.__hash__  # type: ignore[assignment]
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                for cls in self._node_classes():
                    cls.__hash__ = self._ours  # type: ignore[method-assign]


identity_hash = _IdentityHash()


def parse_module(text: str) -> cst.Module:
    """``libcst.parse_module``, without validating again each node the native parser builds.

    Every libcst node validates itself in ``__post_init__`` (about a tenth of a
    parse); the parser builds only valid nodes, and libcst's own comment there
    says the work could be skipped when parsing a file. The hook is swapped for
    the duration of the call only. What the tree is used for is checked anyway:
    spans against the text, fixes by parsing the result again.
    """
    base = cst.CSTNode
    hook = base.__dict__.get("__post_init__")
    if hook is None:  # another libcst layout: parse the ordinary way
        return cst.parse_module(text)
    base.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        base.__post_init__ = hook  # type: ignore[method-assign]


def _no_validation(self: cst.CSTNode) -> None:
    return None


def child_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The fields of ``node``'s type that can hold code, in the order libcst visits them (source order)."""
    tp = type(node)
    fields = _FIELDS.get(tp)
    if fields is None:
        # Learn the order once per type from libcst itself: one shallow visit that records field names.
        recorder = _FieldOrder()
        node._visit_and_replace_children(recorder)
        names = recorder.fields + [f.name for f in dataclasses.fields(tp) if f.name not in recorder.fields]
        fields = tuple(n for n in names if n not in _EXCLUDED and not n.startswith("whitespace"))
        _FIELDS[tp] = fields
    return fields


class _FieldOrder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if attribute not in self.fields:
            self.fields.append(attribute)


class _NodeTypes(dict):  # type: ignore[type-arg]
    """type -> whether it is a libcst node, learned on first sight.

    ``isinstance(x, cst.CSTNode)`` goes through ``ABCMeta.__instancecheck__``, a
    Python call (about 120 ns); the walk asks it of every field value.
    """

    def __missing__(self, tp: type) -> bool:
        flag = self[tp] = issubclass(tp, cst.CSTNode)
        return flag


_IS_NODE = _NodeTypes()


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The child nodes that carry code (not whitespace or punctuation), in source order."""
    for name in child_fields(node):
        value = getattr(node, name)
        if _IS_NODE[type(value)]:
            yield value
        elif type(value) is tuple or type(value) is list:
            for item in value:
                if _IS_NODE[type(item)]:
                    yield item


class Scope:
    """A namespace: ``global``, ``class``, ``function`` (also lambdas), ``comprehension`` or ``builtin``."""

    __slots__ = ("bindings", "count", "globals", "kind", "name", "overrides", "parent", "prefix")

    def __init__(self, kind: str, parent: Scope | None, name: str | None = None):
        self.kind = kind
        self.parent: Scope = parent if parent is not None else self
        self.name = name
        self.bindings: dict[str, list[Binding]] = {}
        self.overrides: dict[str, Scope] = {}
        self.count = 0
        if kind in ("global", "builtin"):
            self.globals: Scope = self
            self.prefix = ""
        else:
            self.globals = self.parent.globals
            parts: dict[str, list[str | None]] = {
                "function": [self.parent.prefix, name, "<locals>"],
                "class": [self.parent.prefix, name],
                "comprehension": [self.parent.prefix, "<comprehension>"],
            }
            self.prefix = ".".join(p for p in parts[kind] if p)

    def next_visible_parent(self, first: Scope | None = None) -> Scope:
        """The nearest enclosing scope whose names nested scopes see: class scopes are skipped."""
        parent = first if first is not None else self.parent
        while parent.kind == "class":
            parent = parent.parent
        return parent

    def resolve(self, name: str) -> list[Binding]:
        """The bindings of ``name`` seen from here (libcst's ``scope[name]``; libcst also passes the asking
        scope, which only PEP 695 type-parameter scopes use, and those are not modelled here)."""
        if self.kind == "builtin":
            return _builtin(self, name)
        if name in self.overrides:
            return self.next_visible_parent(self.overrides[name]).resolve(name)
        found = self.bindings.get(name)
        if found is not None:
            return found
        return self.next_visible_parent().resolve(name)

    def __contains__(self, name: str) -> bool:
        if self.kind == "builtin":
            return hasattr(builtins, name)
        if name in self.overrides:
            return name in self.overrides[name]
        if name in self.bindings:
            return bool(self.bindings[name])
        return name in self.next_visible_parent()

    def target_for(self, name: str) -> Scope:
        """The scope an assignment to ``name`` made here binds in (``global`` / ``nonlocal`` move it)."""
        if name in self.overrides:
            return self.next_visible_parent(self.overrides[name]).target_for(name)
        return self


def _builtin(scope: Scope, name: str) -> list[Binding]:
    found = scope.bindings.get(name)
    if found is None:
        found = [Binding(name, scope, None, -1, "builtin")] if hasattr(builtins, name) else []
        scope.bindings[name] = found
    return found


class Binding:
    """Where a name gets a value: ``assign`` (a Name target, Param, def, class), ``import`` or ``builtin``."""

    __slots__ = ("index", "kind", "name", "node", "references", "scope")

    def __init__(self, name: str, scope: Scope, node: cst.CSTNode | None, index: int, kind: str) -> None:
        self.name = name
        self.scope = scope
        self.node = node
        self.index = index
        self.kind = kind
        self.references: list[Access] = []

    def qualified_names(self, full_name: str) -> set[str]:
        if self.kind == "builtin":
            return {f"builtins.{self.name}"}
        if self.kind == "import":
            return _import_names(self.node, full_name)
        return {f"{self.scope.prefix}.{full_name}" if self.scope.prefix else full_name}


class Access:
    """A read of a name."""

    __slots__ = ("index", "node", "referents", "scope")

    def __init__(self, node: cst.Name, scope: Scope, index: int) -> None:
        self.node = node
        self.scope = scope
        self.index = index
        self.referents: list[Binding] = []


def full_name(node: cst.CSTNode) -> str | None:
    """libcst's ``get_full_name_for_node``: ``a.b.c`` for names, attributes, calls and subscripts."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{full_name(node.value)}.{node.attr.value}"
    if isinstance(node, cst.Call):
        return full_name(node.func)
    if isinstance(node, cst.Subscript):
        return full_name(node.value)
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return full_name(node.name)
    if isinstance(node, cst.Decorator):
        return full_name(node.decorator)
    return None


def _dotted_prefixes(node: cst.CSTNode) -> list[str]:
    """``a.b.c`` -> ``["a.b.c", "a.b", "a"]`` (the names an ``import a.b.c`` binds)."""
    name = full_name(node) or ""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)] if name else []


def _import_names(node: Any, wanted: str) -> set[str]:
    """libcst's ``ImportAssignment.get_qualified_names_for``."""
    module = ""
    if isinstance(node, cst.ImportFrom):
        if node.module is not None:
            module = full_name(node.module) or ""
        if node.relative:
            module = "." * len(node.relative) + module
    results: set[str] = set()
    if isinstance(node.names, cst.ImportStar):
        return results
    for alias in node.names:
        for real_name in _dotted_prefixes(alias.name):
            as_name = real_name
            if module and module.endswith("."):
                real_name = f"{module}{real_name}"
            elif module:
                real_name = f"{module}.{real_name}"
            if alias.asname is not None:
                evaluated = alias.evaluated_alias
                if evaluated is not None:
                    as_name = evaluated
            if wanted.startswith(as_name):
                remaining = wanted.split(as_name, 1)[1]
                if remaining and not remaining.startswith("."):
                    continue
                remaining = remaining.lstrip(".")
                results.add(f"{real_name}.{remaining}" if remaining else real_name)
                break
    return results


def _is_binding_node(node: cst.CSTNode, binding_node: cst.CSTNode | None) -> bool:
    if node is binding_node:
        return True
    if isinstance(binding_node, (cst.Import, cst.ImportFrom)) and not isinstance(
        binding_node.names, cst.ImportStar
    ):
        for alias in binding_node.names:
            if alias.name is node or (alias.asname is not None and alias.asname.name is node):
                return True
    return False


class Index:
    """What one walk of a module learns: parents, the scope of each node, bindings, reads, node lists."""

    def __init__(self, tree: cst.Module) -> None:
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.scope_of: dict[cst.CSTNode, Scope] = {}
        self.binding_at: dict[cst.CSTNode, Binding] = {}  # Name target / Param / def / class -> its binding
        self.access_at: dict[cst.CSTNode, Access] = {}
        self.calls: list[cst.Call] = []
        self.dicts: list[cst.Dict] = []
        self.strings: list[cst.SimpleString] = []
        self.fstrings: list[cst.FormattedString] = []
        self.imports: list[cst.Import | cst.ImportFrom] = []
        self.self_targets: list[cst.Attribute] = []
        self.self_reads: list[cst.Attribute] = []
        self.attributes: list[cst.Attribute] = []  # every attribute read or written, outside imports
        self._accesses: list[Access] = []
        self._unresolved: dict[str, list[Access]] = {}  # reads by name, until a question needs the name
        self._qualified: dict[int, frozenset[str]] = {}  # by id(node): libcst's __hash__ is Python code
        self.globals = Scope("global", Scope("builtin", None))
        self._scopes: list[Scope] = [self.globals, self.globals.parent]
        self.scope_of[tree] = self.globals
        for stmt in tree.body:
            self._visit(stmt, tree, self.globals, LOAD)

    # --- the walk ----------------------------------------------------------------

    def _visit(self, node: cst.CSTNode, parent: cst.CSTNode, scope: Scope, ctx: int) -> None:
        self.parents[node] = parent
        self.scope_of[node] = scope
        tp = type(node)
        if tp is cst.Call:
            self.calls.append(node)  # type: ignore[arg-type]
        elif tp is cst.Dict:
            self.dicts.append(node)  # type: ignore[arg-type]
        elif tp is cst.SimpleString:
            self.strings.append(node)  # type: ignore[arg-type]
            return
        elif tp is cst.FormattedString:
            self.fstrings.append(node)  # type: ignore[arg-type]
        handler = _HANDLERS.get(tp)
        if handler is not None:
            handler(self, node, scope, ctx)
        else:
            sub = ctx if tp in _STORE_PROPAGATES else LOAD
            visit = self._visit
            is_node = _IS_NODE
            for name in _FIELDS.get(tp) or child_fields(node):  # children(), inlined: the hot loop
                value = getattr(node, name)
                if type(value) is tuple or type(value) is list:
                    for item in value:
                        if is_node[type(item)]:
                            visit(item, node, scope, sub)
                elif is_node[type(value)]:
                    visit(value, node, scope, sub)
        if tp in _ASSIGNMENT_LIKE:
            scope.count += 1

    def _plain(self, node: cst.CSTNode | None, parent: cst.CSTNode, scope: Scope) -> None:
        """Parents and node lists only: names in here are neither reads nor bindings."""
        if node is None:
            return
        self.parents[node] = parent
        for child in children(node):
            self._plain(child, node, scope)

    def _each(self, nodes: Any, parent: cst.CSTNode, scope: Scope, ctx: int = LOAD) -> None:
        for node in nodes:
            self._visit(node, parent, scope, ctx)

    def _bind(self, scope: Scope, name: str, node: cst.CSTNode, kind: str = "assign") -> Binding:
        target = scope.target_for(name)
        binding = Binding(name, target, node, target.count, kind)
        target.bindings.setdefault(name, []).append(binding)
        if kind != "import":
            self.binding_at[node] = binding
        return binding

    def _name(self, node: cst.Name, scope: Scope, ctx: int) -> None:
        if ctx == STORE:
            self._bind(scope, node.value, node)
        elif ctx == LOAD:
            access = Access(node, scope, scope.count)
            self._accesses.append(access)
            self.access_at[node] = access
            reads = self._unresolved.get(node.value)
            if reads is None:
                self._unresolved[node.value] = [access]
            else:
                reads.append(access)

    def _attribute(self, node: cst.Attribute, scope: Scope, ctx: int) -> None:
        self._visit(node.value, node, scope, LOAD)
        self._plain(node.attr, node, scope)
        self.attributes.append(node)
        if isinstance(node.value, cst.Name) and node.value.value == "self":
            self.self_reads.append(node)

    def _arg(self, node: cst.Arg, scope: Scope, ctx: int) -> None:
        self._plain(node.keyword, node, scope)
        self._visit(node.value, node, scope, LOAD)

    def _self_target(self, target: cst.BaseExpression) -> None:
        if (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        ):
            self.self_targets.append(target)

    def _assign_target(self, node: cst.AssignTarget, scope: Scope, ctx: int) -> None:
        self._self_target(node.target)
        self._visit(node.target, node, scope, STORE)

    def _ann_assign(self, node: cst.AnnAssign, scope: Scope, ctx: int) -> None:
        self._self_target(node.target)
        self._visit(node.target, node, scope, STORE)
        self._visit(node.annotation, node, scope, LOAD)
        if node.value is not None:
            self._visit(node.value, node, scope, LOAD)

    def _target_value(self, node: cst.AugAssign | cst.NamedExpr, scope: Scope, ctx: int) -> None:
        """``x += v`` and ``(x := v)``: a binding, then a read."""
        self._visit(node.target, node, scope, STORE)
        self._visit(node.value, node, scope, LOAD)

    def _for(self, node: cst.For, scope: Scope, ctx: int) -> None:
        self._visit(node.target, node, scope, STORE)
        scope.count += 1
        self._visit(node.iter, node, scope, LOAD)
        self._visit(node.body, node, scope, LOAD)
        if node.orelse is not None:
            self._visit(node.orelse, node, scope, LOAD)

    def _comp_for(self, node: cst.CompFor, scope: Scope, ctx: int) -> None:
        self._visit(node.target, node, scope, STORE)
        self._visit(node.iter, node, scope, LOAD)
        self._each(node.ifs, node, scope)
        if node.inner_for_in is not None:
            self._visit(node.inner_for_in, node, scope, LOAD)

    def _as_name(self, node: cst.AsName, scope: Scope, ctx: int) -> None:
        self._visit(node.name, node, scope, STORE)

    def _del(self, node: cst.Del, scope: Scope, ctx: int) -> None:
        self._visit(node.target, node, scope, LOAD)  # libcst counts a ``del`` as a read

    def _import(self, node: cst.Import | cst.ImportFrom, scope: Scope, ctx: int) -> None:
        self.imports.append(node)
        for child in children(node):
            self._plain(child, node, scope)
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            named = alias.asname.name if alias.asname is not None else alias.name
            for name in _dotted_prefixes(named):
                self._bind(scope, name, node, "import")

    def _function(self, node: cst.FunctionDef, scope: Scope, ctx: int) -> None:
        self._bind(scope, node.name.value, node)
        self._each(node.decorators, node, scope)
        self._plain(node.name, node, scope)
        self.scope_of[node.name] = scope
        self._plain(node.type_parameters, node, scope)
        inner = Scope("function", scope, node.name.value)
        self._scopes.append(inner)
        self._visit(node.params, node, inner, LOAD)
        if node.returns is not None:
            self._visit(node.returns, node, scope, LOAD)
        self._visit(node.body, node, inner, LOAD)

    def _lambda(self, node: cst.Lambda, scope: Scope, ctx: int) -> None:
        inner = Scope("function", scope)
        self._scopes.append(inner)
        self._visit(node.params, node, inner, LOAD)
        self._visit(node.body, node, inner, LOAD)

    def _param(self, node: cst.Param, scope: Scope, ctx: int) -> None:
        self._bind(scope, node.name.value, node)
        self._plain(node.name, node, scope)
        self.scope_of[node.name] = scope
        if node.annotation is not None:
            self._visit(node.annotation, node, scope.parent, LOAD)
        if node.default is not None:
            self._visit(node.default, node, scope.parent, LOAD)

    def _class(self, node: cst.ClassDef, scope: Scope, ctx: int) -> None:
        self._bind(scope, node.name.value, node)
        self._each(node.decorators, node, scope)
        self._plain(node.name, node, scope)
        self.scope_of[node.name] = scope
        self._plain(node.type_parameters, node, scope)
        self._each(node.bases, node, scope)
        self._each(node.keywords, node, scope)
        inner = Scope("class", scope, node.name.value)
        self._scopes.append(inner)
        self.parents[node.body] = node
        self.scope_of[node.body] = scope
        self._each(node.body.body, node.body, inner)

    def _global(self, node: cst.Global, scope: Scope, ctx: int) -> None:
        self._plain_children(node, scope)
        if scope.kind != "global":
            for item in node.names:
                scope.overrides[item.name.value] = scope.globals

    def _nonlocal(self, node: cst.Nonlocal, scope: Scope, ctx: int) -> None:
        self._plain_children(node, scope)
        for item in node.names:
            scope.overrides[item.name.value] = scope.parent

    def _plain_children(self, node: cst.CSTNode, scope: Scope) -> None:
        for child in children(node):
            self._plain(child, node, scope)

    def _comprehension(self, node: Any, scope: Scope, ctx: int) -> None:
        for_in: cst.CompFor = node.for_in
        self.parents[for_in] = node
        self.scope_of[for_in] = scope
        self._visit(for_in.iter, for_in, scope, LOAD)
        inner = Scope("comprehension", scope)
        self._scopes.append(inner)
        self._visit(for_in.target, for_in, inner, STORE)
        inner.count += 1
        self._each(for_in.ifs, for_in, inner)
        if for_in.inner_for_in is not None:
            self._visit(for_in.inner_for_in, for_in, inner, LOAD)
        if isinstance(node, cst.DictComp):
            self._visit(node.key, node, inner, LOAD)
            self._visit(node.value, node, inner, LOAD)
        else:
            self._visit(node.elt, node, inner, LOAD)

    def _type_param(self, node: Any, scope: Scope, ctx: int) -> None:
        self._bind(scope, node.name.value, node)
        self._plain(node.name, node, scope)
        bound = getattr(node, "bound", None)
        if bound is not None:
            self._visit(bound, node, scope, LOAD)

    def _type_alias(self, node: cst.TypeAlias, scope: Scope, ctx: int) -> None:
        self._bind(scope, node.name.value, node)
        self._plain(node.name, node, scope)
        self._plain(node.type_parameters, node, scope)
        self._visit(node.value, node, scope, LOAD)

    # --- resolution (libcst's ``infer_accesses``) --------------------------------------

    def _resolve(self, name: str) -> None:
        """Resolve the reads of ``name`` (referents) and record them on its bindings (references).

        Done per name, when a question first needs it: a binding only ever
        collects reads of its own name, so each name's answer is the same as
        resolving every read of the module up front; adapters ask about a few names.
        """
        reads = self._unresolved.pop(name, None)
        if reads is None:
            return
        groups: dict[Scope, list[Access]] = {}
        for access in reads:
            scope = access.scope
            found = scope.resolve(name)
            previous = [b for b in found if b.scope is not scope or b.index < access.index]
            if not previous and found and scope.parent is not scope:
                previous = list(scope.parent.resolve(name))
            access.referents = previous
            groups.setdefault(scope, []).append(access)
        for scope, accesses in groups.items():
            for binding in scope.resolve(name):
                _record(binding, accesses)

    def release(self) -> None:
        """Forget the tree: scopes, bindings and reads refer to each other, so without this the
        whole tree would wait for the cyclic garbage collector."""
        for access in self._accesses:
            access.referents = []
        for scope in self._scopes:
            for bindings in scope.bindings.values():
                for binding in bindings:
                    binding.references = []
            scope.bindings = {}
            scope.overrides = {}
        self.parents = {}
        self.scope_of = {}
        self.binding_at = {}
        self.access_at = {}
        self._accesses = []
        self._unresolved = {}
        self._scopes = []
        self._qualified = {}
        self.calls, self.dicts, self.strings, self.imports = [], [], [], []
        self.fstrings = []
        self.self_targets, self.self_reads, self.attributes = [], [], []

    # --- questions ------------------------------------------------------------------

    def read_names(self) -> list[cst.Name]:
        """Every name read (or deleted), in walk order."""
        return [access.node for access in self._accesses]

    def referents(self, name: cst.CSTNode) -> list[Binding]:
        access = self.access_at.get(name)
        if access is None:
            return []
        self._resolve(access.node.value)
        return access.referents

    def references(self, target: cst.CSTNode) -> list[cst.CSTNode]:
        binding = self.binding_at.get(target)
        if binding is None:
            return []
        self._resolve(binding.name)
        return [a.node for a in binding.references]

    def qualified(self, node: cst.CSTNode) -> frozenset[str]:
        """libcst's ``QualifiedNameProvider`` answer for ``node``, as plain strings."""
        key = id(node)  # the tree outlives the cache, so ids stay unique
        found = self._qualified.get(key)
        if found is None:
            found = self._qualified[key] = frozenset(self._qualify(node))
        return found

    def _qualify(self, node: cst.CSTNode) -> set[str]:
        scope = self.scope_of.get(node)
        if scope is None:
            return set()
        access = self.access_at.get(node)
        if access is not None:
            return {q for ref in self.referents(node) for q in ref.qualified_names(ref.name)}
        name = full_name(node)
        if name is None:
            return set()
        bindings: list[Binding] = []
        prefix: str | None = name
        while prefix:
            if prefix in scope:
                bindings = scope.resolve(prefix)
                break
            cut = prefix.rfind(".")
            prefix = None if cut == -1 else prefix[:cut]
        for binding in bindings:
            if binding.kind != "builtin" and _is_binding_node(node, binding.node):
                return binding.qualified_names(name)
        return {q for binding in bindings for q in binding.qualified_names(name)}


_HANDLERS: dict[type, Any] = {
    cst.Name: Index._name,
    cst.Attribute: Index._attribute,
    cst.Arg: Index._arg,
    cst.AssignTarget: Index._assign_target,
    cst.AnnAssign: Index._ann_assign,
    cst.AugAssign: Index._target_value,
    cst.NamedExpr: Index._target_value,
    cst.For: Index._for,
    cst.CompFor: Index._comp_for,
    cst.AsName: Index._as_name,
    cst.Del: Index._del,
    cst.Import: Index._import,
    cst.ImportFrom: Index._import,
    cst.FunctionDef: Index._function,
    cst.Lambda: Index._lambda,
    cst.Param: Index._param,
    cst.ClassDef: Index._class,
    cst.Global: Index._global,
    cst.Nonlocal: Index._nonlocal,
    cst.ListComp: Index._comprehension,
    cst.SetComp: Index._comprehension,
    cst.GeneratorExp: Index._comprehension,
    cst.DictComp: Index._comprehension,
    cst.TypeVar: Index._type_param,
    cst.TypeVarTuple: Index._type_param,
    cst.ParamSpec: Index._type_param,
    cst.TypeAlias: Index._type_alias,
}


def _record(binding: Binding, accesses: list[Access]) -> None:
    later = [a for a in accesses if a.scope is not binding.scope or binding.index < a.index]
    binding.references.extend(later)
    if len(later) < len(accesses) and binding.scope.parent is not binding.scope:
        earlier = [a for a in accesses if not (a.scope is not binding.scope or binding.index < a.index)]
        parent = binding.scope.parent
        for shadowed in parent.resolve(binding.name):
            _record(shadowed, earlier)


class LazySpans:
    """Spans of the top-level statements that hold the nodes asked about, and only those.

    Code generation of a whole module costs two thirds of its parse; a fix needs the
    spans of a few statements. Where each top-level statement starts comes from
    ``ast`` (a tenth of the cost): its first line, less its leading blank and comment
    lines. The statement is then generated from that offset, and its text must equal
    the file's text there, or every span is computed the slow, exact way.
    """

    def __init__(
        self,
        tree: cst.Module,
        text: str,
        parents: dict[cst.CSTNode, cst.CSTNode],
        line_starts: list[int],
        firsts: Sequence[int] | None = None,
    ):
        self.firsts = firsts  # the first line of each ast top-level statement, when known already
        self.tree = tree
        self.text = text
        self.parents = parents
        self.line_starts = line_starts
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {tree: (0, len(text))}
        self.starts: dict[cst.CSTNode, int] | None = None
        self.done: set[cst.CSTNode] = set()
        self.whole = False
        # (start, end) of each top-level statement generated here and found in the text at that place.
        self.ranges: list[tuple[int, int]] = []

    def __contains__(self, node: cst.CSTNode) -> bool:
        return self.get(node) is not None

    def __getitem__(self, node: cst.CSTNode) -> tuple[int, int]:
        found = self.get(node)
        if found is None:
            raise KeyError(node)
        return found

    def get(self, node: cst.CSTNode) -> tuple[int, int] | None:
        found = self.spans.get(node)
        if found is not None or self.whole:
            return found
        top = node
        parent = self.parents.get(top)
        while parent is not None and parent is not self.tree:
            top = parent
            parent = self.parents.get(top)
        if parent is None or top in self.done or not self._statement(top):
            self._everything()
        self.done.add(top)
        return self.spans.get(node)

    def _everything(self) -> None:
        self.spans = spans(self.tree)
        self.whole = True

    def _statement(self, stmt: cst.CSTNode) -> bool:
        if self.starts is None:
            self.starts = self._statement_starts()
        start = self.starts.get(stmt)
        if start is None:
            return False
        state = _OffsetState(self.tree, start, keep_text=True)
        stmt._codegen(state)
        code = "".join(state.tokens)
        if not self.text.startswith(code, start):
            return False
        self.spans.update(state.spans)
        self.ranges.append((start, start + len(code)))
        return True

    def _statement_starts(self) -> dict[cst.CSTNode, int]:
        body = self.firsts if self.firsts is not None else _first_lines(self.text)
        out: dict[cst.CSTNode, int] = {}
        i = 0
        for stmt in self.tree.body:
            if i >= len(body):
                return {}
            line = body[i]
            i += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
            line -= len(stmt.leading_lines)
            if not 1 <= line <= len(self.line_starts):
                return {}
            out[stmt] = self.line_starts[line - 1]
        return out if i == len(body) else {}


def _first_lines(text: str) -> tuple[int, ...]:
    """The first line of each top-level statement (decorators included), from ``ast``; () if it cannot parse."""
    from migrate.python.crossmodule import parse_ast, statement_lines

    tree = parse_ast(text)
    return () if tree is None else statement_lines(tree)


class _OffsetState(CodegenState):
    """Code generation that records each node's character span instead of building the text."""

    def __init__(self, module: cst.Module, offset: int = 0, *, keep_text: bool = False) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = offset
        self.keep_text = keep_text
        self.last = ""
        self.stack: list[int] = []
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {}

    def add_token(self, value: str) -> None:
        self.offset += len(value)
        self.last = value
        if self.keep_text or not self.tokens:
            self.tokens.append(value)  # Module._codegen_impl asks whether any token was added

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.offset -= len(self.last)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        if node not in self.spans:
            self.spans[node] = (start, self.offset)

    def record_syntactic_position(  # type: ignore[override]
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``record_syntactic_position`` as a plain context manager (a generator one costs three times more)."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(
        self,
        state: _OffsetState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.end_node = end_node
        self.start = state.offset

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        state = self.state
        start = self.start if self.start_node is None else state.spans[self.start_node][0]
        end = state.offset if self.end_node is None else state.spans[self.end_node][1]
        state.spans[self.node] = (start, end)


def spans(module: cst.Module) -> dict[cst.CSTNode, tuple[int, int]]:
    """Every node's (start, end) character offsets, as libcst's ``PositionProvider`` draws them."""
    state = _OffsetState(module)
    module._codegen(state)
    return state.spans
