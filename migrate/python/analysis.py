"""One parse of a Python module, and what every Python adapter asks of it.

:class:`Module` parses the text once with libcst and indexes it in one walk
(:mod:`migrate.python.cstindex`: parents, scopes, bindings, qualified names, and the
calls, dict displays and string literals the adapters care about); character
spans are generated on demand. It also answers the questions adapters share:

* where does the value of an expression come from (:meth:`Module.values`)? A
  literal, a module constant, a local variable, a parameter default, an
  environment read, or something the tool cannot see;
* where is a keyword argument, and how to add one or merge a key into a dict
  display as a span edit that keeps every other byte.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import libcst as cst

from migrate.model import Edit, Export, Links, Thinking, Use
from migrate.pins import Pins, pins_near
from migrate.python.cstindex import Binding, Index, LazySpans, Scope, parse_module
from migrate.rulepack import Rename, Rules
from migrate.textedit import LineIndex, end_of_line, line_ending

if TYPE_CHECKING:
    from migrate.python.composed import Composed

# A retired name as a whole model id: not part of a longer id such as
# ``deepseek-chat-v3-0324`` or OpenRouter's ``deepseek/deepseek-chat:free``; a ``.`` or
# ``:`` that ends a sentence or starts a label ("use deepseek-chat.") ends the id.
# The boundary is ASCII identifier characters, not ``\w``: "使用deepseek-chat模型" names it.
NAME_BOUNDARY_AFTER = r"(?![A-Za-z0-9_-]|[.:][A-Za-z0-9_-])"
NAME_BOUNDARY_BEFORE = r"(?<![A-Za-z0-9_.-])"
_BLANKS = re.compile(r"[ \t]*")
ENV_READERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})
FIELD_FACTORIES = frozenset(
    {"pydantic.Field", "pydantic.fields.Field", "dataclasses.field", "attrs.field", "attr.ib"}
)
# Methods that change a dict or list display in place: its entries are then not only what it shows.
MUTATORS = frozenset({"update", "setdefault", "append", "extend", "insert", "__setitem__", "clear", "pop"})
# Methods of a dict that read its keys only (``MODELS.keys()``, ``MODELS.__contains__(kind)``).
KEY_READERS = frozenset({"keys", "__contains__"})
# Decorators that do not change who calls a function, or with what.
PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod", "functools.wraps", "wraps"})
# A display a registry is written as.
Display = cst.Dict | cst.List | cst.Tuple
SETTINGS_BASES = frozenset(
    {"pydantic_settings.BaseSettings", "pydantic.BaseSettings", "pydantic.v1.BaseSettings"}
)


@dataclass(frozen=True)
class ModelLiteral:
    """A string literal whose value is a model id: a retired one, or a current V4 one.

    Also a string the tool folds from literals only (:mod:`migrate.python.composed`):
    ``f"deepseek-chat"``, ``"deepseek-" "chat"``, ``"deepseek-" + "chat"``.
    """

    node: cst.BaseExpression
    value: str
    name: str  # the retired (or current) name inside the value
    prefix: str  # "" or a provider prefix such as "deepseek/" or "openrouter/deepseek/"
    start: int  # offsets of the whole literal token
    end: int
    name_start: int  # offsets of ``name`` inside the token
    name_end: int
    rename: Rename | None  # None for a current (already migrated) name
    # A folded concatenation is renamed as a whole: the text that replaces ``start:end``.
    replacement: str | None = None
    unsafe: str | None = None  # why its rename is never safe (a comment between the parts)

    @property
    def quote(self) -> str:
        node = self.node
        quote = (
            node.quote
            if isinstance(node, cst.SimpleString)
            else node.end
            if isinstance(node, cst.FormattedString)
            else (self.replacement or '"')[0]
        )
        return "'" if quote.endswith("'") else '"'

    @property
    def thinking(self) -> Thinking | None:
        return self.rename.thinking if self.rename else None

    def rename_edit(self) -> Edit:
        assert self.rename is not None
        if self.replacement is not None:
            return Edit(self.start, self.end, self.replacement)
        return Edit(self.name_start, self.name_end, self.rename.new)


@dataclass(frozen=True, eq=False)
class Owner:
    """A class, or an instance of it, whose fields a read can name: one of this module's classes, or
    a spelling (``settings``, ``config.Settings``) under which another module exports retired fields."""

    cls: cst.ClassDef | None
    spelling: str | None
    instance: bool
    call: cst.Call | None = None  # the construction, when the instance is made here
    # What else may set its fields, when it is itself a field (``settings.llm`` of a pydantic BaseSettings)
    via: tuple[str, ...] = ()


def environment_override(variable: str) -> str:
    """What a constant or settings field defined in another module is read from before its default."""
    return f"the environment variable {variable}, which overrides this default (the rename is still right for the default)"


def settings_environment(attr: str) -> str:
    """What a pydantic-settings field is read from before its default."""
    return (
        f"the environment variable {attr.upper()}, which overrides the default of this pydantic BaseSettings "
        "field (the rename is still right for the default)"
    )


@dataclass
class Values:
    """Where the value of one expression can come from."""

    literals: list[ModelLiteral] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # human descriptions of sources we cannot rename
    other_names: list[str] = field(default_factory=list)  # other literal model ids ("gpt-4o")
    externals: list[Export] = field(default_factory=list)  # retired constants imported from other modules
    composed: list[Composed] = field(default_factory=list)  # names built at run time (also in ``others``)

    def extend(self, other: Values) -> None:
        self.literals.extend(other.literals)
        self.others.extend(other.others)
        self.other_names.extend(other.other_names)
        self.externals.extend(other.externals)
        self.composed.extend(other.composed)

    @property
    def retired(self) -> list[ModelLiteral]:
        return [lit for lit in self.literals if lit.rename is not None]

    @property
    def modes(self) -> set[Thinking]:
        modes = {lit.rename.thinking for lit in self.literals if lit.rename is not None}
        return modes | {e.thinking for e in self.externals}


class Module:
    """A parsed module plus the metadata and indexes the adapters share."""

    def __init__(
        self, text: str, rules: Rules, links: Links | None = None, location: str | None = None
    ) -> None:
        self.text = text
        self.location = location  # the file on disk, or None for an in-memory source
        self.rules = rules
        self.links = links or Links()
        self.index = LineIndex.of(text)
        self.newline = line_ending(text)
        self.tree = parse_module(text)
        self.names = Index(self.tree)  # parents, scopes, bindings and node lists, from one walk
        # Character spans, computed for the statements asked about only.
        self.positions = LazySpans(
            self.tree, text, self.names.parents, self.index.starts, self.links.statement_lines or None
        )
        self.calls: list[cst.Call] = self.names.calls
        self.dicts: list[cst.Dict] = self.names.dicts
        self.strings: list[cst.SimpleString] = self.names.strings
        self.imports: list[cst.Import | cst.ImportFrom] = self.names.imports
        self.self_targets: list[cst.Attribute] = self.names.self_targets  # ``self.x`` assignment targets
        self.self_reads: list[cst.Attribute] = self.names.self_reads  # every ``self.x``
        self.literals: dict[cst.BaseExpression, ModelLiteral] = {}
        # class_family (the classes and their ids) by the class's id; the class around a node, by its id
        self._families: dict[int, tuple[list[cst.ClassDef], set[int]]] = {}
        self._class_of: dict[int, cst.ClassDef | None] = {}
        self._names = _name_pattern(rules)
        for node in self.strings:
            lit = self._model_literal(node)
            if lit is not None:
                self.literals[node] = lit
        if self.names.fstrings or _has_concatenation(self):
            from migrate.python.composed import fold_literals

            fold_literals(self)

    @functools.cached_property
    def pins(self) -> Pins:
        """The package versions the file's project pins; read on first use, cached per project."""
        return pins_near(self.location)

    def statement_ranges(self) -> list[tuple[int, int]]:
        """The exact extent of the top-level statements whose spans were computed (their text checked)."""
        return list(self.positions.ranges)

    def release(self) -> None:
        """Drop every reference to the tree (scopes and bindings refer to each other in cycles)."""
        self.names.release()
        self.positions.spans = {}
        self._families = {}
        self._class_of = {}
        self.__dict__.pop("classes", None)
        self.__dict__.pop("_direct_subclasses", None)
        self.literals = {}
        self.calls = self.dicts = self.strings = []  # type: ignore[assignment]
        self.imports = self.self_targets = self.self_reads = []  # type: ignore[assignment]

    # --- positions and source -------------------------------------------------

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        return self.positions[node]

    def mentions(self, words: frozenset[str]) -> bool:
        """Whether one of ``words`` occurs in the source as a whole word (in code, strings or comments).

        Adapters use it to skip a module that cannot hold their calls: a callee
        matched by qualified name or by spelling has its words in the source.
        """
        text = self.text
        return any(word in text and _whole_word(word).search(text) is not None for word in words)

    def line(self, node: cst.CSTNode) -> int:
        return self.index.position(self.positions[node][0])[0]

    def source(self, node: cst.CSTNode) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.names.parents.get(node)

    def qualified(self, node: cst.CSTNode) -> frozenset[str]:
        return self.names.qualified(node)

    def scope(self, node: cst.CSTNode) -> Scope | None:
        return self.names.scope_of.get(node)

    def referents(self, name: cst.CSTNode) -> list[Binding]:
        """The bindings a read of ``name`` can see (assignments, parameters, imports, builtins)."""
        return self.names.referents(name)

    def references(self, target: cst.CSTNode) -> list[cst.CSTNode]:
        """The reads of the binding made at ``target`` (a Name assigned to, a Param, a def or class)."""
        return self.names.references(target)

    def bound_reads(self, node: cst.CSTNode) -> list[cst.CSTNode] | None:
        """Reads of the one name ``node`` is assigned to (``x = node``), or None when it is not so bound."""
        parent = self.parent(node)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                return self.references(target)
        return None

    # --- literals ---------------------------------------------------------------

    def _model_literal(self, node: cst.SimpleString) -> ModelLiteral | None:
        if self._names.search(node.value) is None:
            return None  # the name must be spelled out in the token (see below): no need to evaluate it
        try:
            value = node.evaluated_value
        except Exception:  # malformed escapes: libcst raises from ast.literal_eval
            return None
        if not isinstance(value, str):
            return None
        match = self._names.fullmatch(value)
        if match is None:
            return None
        name = match.group("name")
        start, end = self.span(node)
        token = self.text[start:end]
        body_start = len(node.prefix) + len(node.quote)
        pos = token.find(name, body_start)
        if pos < 0 or token[body_start : len(token) - len(node.quote)] != value:
            # Escapes or line continuations inside the literal: the value is not the raw text.
            return None
        renames = self.rules.renames
        return ModelLiteral(
            node=node,
            value=value,
            name=name,
            prefix=match.group("prefix") or "",
            start=start,
            end=end,
            name_start=start + pos,
            name_end=start + pos + len(name),
            rename=renames.get(name),
        )

    def literal(self, node: cst.CSTNode) -> ModelLiteral | None:
        return self.literals.get(node) if isinstance(node, cst.SimpleString) else None

    # --- value flow ------------------------------------------------------------

    def values(self, expr: cst.BaseExpression, _seen: frozenset[cst.CSTNode] = frozenset()) -> Values:
        """Every source the value of ``expr`` can come from, as far as this module shows."""
        out = Values()
        if expr in _seen:
            return out
        seen = _seen | {expr}
        if isinstance(expr, cst.SimpleString):
            lit = self.literals.get(expr)
            if lit is not None:
                out.literals.append(lit)
            else:
                value = string_value(expr)
                out.other_names.append(value if value is not None else self.source(expr))
        elif isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"):
            pass  # not a model name: ``model or "deepseek-chat"`` falls through to the literal
        elif isinstance(expr, cst.Name):
            out.extend(self._name_values(expr, seen))
        elif isinstance(expr, cst.Attribute) and self.links.lookup(dotted(expr)) is not None:
            export = self.links.lookup(dotted(expr))
            assert export is not None
            out.externals.append(export)
        elif isinstance(expr, cst.Attribute) and (fields := self._field_read_values(expr, seen)) is not None:
            out.extend(fields)
        elif isinstance(expr, cst.Attribute) and dotted(expr).startswith("self."):
            out.extend(self._attribute_values(expr, seen))
        elif isinstance(expr, cst.BooleanOperation):
            out.extend(self.values(expr.left, seen))
            out.extend(self.values(expr.right, seen))
        elif isinstance(expr, cst.IfExp):
            out.extend(self.values(expr.body, seen))
            out.extend(self.values(expr.orelse, seen))
        elif isinstance(expr, _COMPOSING) and (expr in self.literals or is_composed(expr)):
            from migrate.python.composed import composed_values

            out.extend(composed_values(self, expr, seen))
        elif isinstance(expr, cst.Call) and self.qualified(expr.func) & FIELD_FACTORIES:
            default = self._arg(expr, 0, "default")
            if default is not None:
                out.extend(self.values(default.value, seen))
            else:
                out.others.append(f"`{_short(self.source(expr))}` (line {self.line(expr)})")
        elif isinstance(expr, cst.Call) and self.qualified(expr.func) & ENV_READERS:
            env = self._arg(expr, 0, "key")
            var = string_value(env.value) if env is not None else None
            out.others.append(
                f"the environment variable {var or '?'}, which overrides it (line {self.line(expr)})"
            )
            default = self._arg(expr, 1, "default")
            if default is not None:
                out.extend(self.values(default.value, seen))
        elif isinstance(expr, cst.Subscript) or _is_get(expr):
            out.extend(self._lookup_values(expr, seen))
        else:
            out.others.append(f"`{_short(self.source(expr))}` (line {self.line(expr)})")
        return out

    def _name_values(self, name: cst.Name, seen: frozenset[cst.CSTNode]) -> Values:
        out = Values()
        if self.scope(name) is None:
            out.others.append(f"`{name.value}` (line {self.line(name)})")
            return out
        referents = self.referents(name)
        imported = self.links.lookup(name.value)
        if imported is not None and all(r.kind == "import" for r in referents):
            out.externals.append(imported)
            return out
        if not referents:
            out.others.append(f"`{name.value}`, defined outside this module (line {self.line(name)})")
        for ref in sorted(referents, key=lambda r: self._ref_order(r)):
            if _dead_for(self, ref, name):
                continue
            if ref.kind == "import":
                assert ref.node is not None
                out.others.append(f"`{name.value}`, imported (line {self.line(ref.node)})")
                continue
            if ref.kind != "assign":
                out.others.append(f"`{name.value}` (a builtin)")
                continue
            target = ref.node
            assert target is not None
            parent = target if isinstance(target, cst.Param) else self.parent(target)
            if isinstance(parent, cst.Param):
                out.extend(self._param_values(parent, seen))
            elif isinstance(parent, cst.AssignTarget):
                assign = self.parent(parent)
                if isinstance(assign, cst.Assign) and len(assign.targets) >= 1:
                    out.extend(self.values(assign.value, seen))
                else:
                    out.others.append(f"`{name.value}` (line {self.line(target)})")
            elif isinstance(parent, cst.AnnAssign) and parent.value is not None:
                out.extend(self.values(parent.value, seen))
            elif self._loop_of(target) is not None:
                out.extend(self._loop_values(target, seen))
            else:
                out.others.append(f"`{name.value}`, assigned at line {self.line(target)}")
        return out

    # --- parameters: the arguments every call in this module passes ---------------

    def _param_values(self, param: cst.Param, seen: frozenset[cst.CSTNode]) -> Values:
        """A parameter: its default, and what each call of its function in this module passes.

        Calls from other modules are known only for a parameter whose default is a retired
        name (the cross-module pass finds them); a public function without a default may be
        called from anywhere, which the tool says.
        """
        out = Values()
        name = param.name.value
        func = next((a for a in self.ancestors(param) if isinstance(a, cst.FunctionDef)), None)
        if func is None or param.star:
            if param.default is not None:
                out.extend(self.values(param.default, seen))
            out.others.append(f"the `{name}` its callers pass")
            return out
        fname = f"`{func.name.value}()`"
        calls, unknown = self.calls_of(func)
        for decorator in func.decorators:
            if dotted(decorator.decorator) not in PLAIN_DECORATORS:  # a framework may call it too
                unknown.append(f"the decorator `@{_short(self.source(decorator.decorator))}`")
        position = self._position(func, param)
        omitted = not calls
        for call in calls:
            if any(a.star for a in call.args):
                unknown.append(f"the call at line {self.line(call)}, which unpacks its arguments")
                omitted = True  # it may leave the parameter to its default
                continue
            arg = self._passed(call, name, position)
            if arg is None:
                omitted = True
            else:
                out.extend(self.values(arg.value, seen))
        if param.default is not None:
            if omitted or self._public(func) or func.decorators:  # callers the tool does not see may omit it
                out.extend(self.values(param.default, seen))
            unknown.extend(f"{u.path}:{u.line}" for u in self._remote_callers(func, name))
        else:
            if not calls:
                unknown.append(f"`{name}` has no default")
            if self._public(func):
                unknown.append("calls from other modules, which the tool does not follow")
        if unknown:
            out.others.append(f"the `{name}` that calls of {fname} pass ({', '.join(unknown[:3])})")
        return out

    def passed(self, call: cst.Call, func: cst.FunctionDef, param: cst.Param) -> cst.Arg | None:
        """The argument ``call`` (a call of ``func``) passes for ``param``, or None when it omits it."""
        return self._passed(call, param.name.value, self._position(func, param))

    def calls_of(self, func: cst.FunctionDef) -> tuple[list[cst.Call], list[str]]:
        """The calls of ``func`` in this module, and the other uses of it the tool cannot follow."""
        cls = self._owner_class(func)
        calls: list[cst.Call] = []
        unknown: list[str] = []
        if cls is None or func.name.value == "__init__":
            target: cst.CSTNode = func if cls is None else cls
            for read in self.references(target):
                call = self.parent(read)
                if isinstance(call, cst.Call) and call.func is read:
                    calls.append(call)
                elif any(isinstance(a, cst.Annotation) for a in self.ancestors(read)):
                    continue  # a type annotation
                elif cls is None or not isinstance(call, cst.Attribute):  # ``Bot.x`` is not a construction
                    unknown.append(f"`{self.source(read)}` passed on (line {self.line(read)})")
            return calls, unknown
        attr = func.name.value
        for call in self.calls:
            callee = call.func
            if not (isinstance(callee, cst.Attribute) and callee.attr.value == attr):
                continue
            own = dotted(callee.value) in ("self", "cls") and self._owner_class_of(call) is cls
            if own:
                calls.append(call)
            else:  # an object whose class the tool does not know
                unknown.append(f"`{_short(self.source(callee))}()` (line {self.line(call)})")
        return calls, unknown

    def _owner_class(self, func: cst.FunctionDef) -> cst.ClassDef | None:
        """The class ``func`` is a method of (defined directly in its body), else None."""
        block = self.parent(func)
        cls = self.parent(block) if isinstance(block, cst.IndentedBlock) else None
        return cls if isinstance(cls, cst.ClassDef) else None

    def _owner_class_of(self, node: cst.CSTNode) -> cst.ClassDef | None:
        return next((a for a in self.ancestors(node) if isinstance(a, cst.ClassDef)), None)

    def callable_elsewhere(self, func: cst.FunctionDef) -> bool:
        """Whether code the tool does not see may call ``func``: other modules (it is public) or a
        framework (a decorator registers it)."""
        return self._public(func) or any(dotted(d.decorator) not in PLAIN_DECORATORS for d in func.decorators)

    def _public(self, func: cst.FunctionDef) -> bool:
        """Whether other modules may call ``func``: a public function, or a public method of a public class,
        defined at the module level."""
        cls = self._owner_class(func)
        owner: cst.FunctionDef | cst.ClassDef = cls if cls is not None else func
        names = [owner.name.value] + (
            [func.name.value] if cls is not None and func.name.value != "__init__" else []
        )
        return isinstance(self.parent(owner), cst.Module) and not any(n.startswith("_") for n in names)

    def _position(self, func: cst.FunctionDef, param: cst.Param) -> int:
        """The positional index of ``param`` in calls (``self``/``cls`` not counted), or -1 (keyword-only)."""
        params = list(func.params.posonly_params) + list(func.params.params)
        if param not in params:
            return -1
        names = [p.name.value for p in params]
        skip = 1 if self._owner_class(func) is not None and names and names[0] in ("self", "cls") else 0
        return names.index(param.name.value) - skip

    def _passed(self, call: cst.Call, name: str, position: int) -> cst.Arg | None:
        arg = self.kwarg(call, name)
        return arg if arg is not None else (self.positional(call, position) if position >= 0 else None)

    def _remote_callers(self, func: cst.FunctionDef, name: str) -> list[Use]:
        target = func.name.value
        if target == "__init__":
            cls = self._owner_class(func)
            target = cls.name.value if cls is not None else target
        return [
            u
            for u in self.links.used
            if u.export.param == name and u.export.name == target and not u.export.client
        ]

    def _param_for(self, arg: cst.Arg) -> cst.Param | None:
        """The parameter of a function of this module that the argument ``arg`` of a call binds."""
        call = self.parent(arg)
        if not isinstance(call, cst.Call) or any(a.star for a in call.args):
            return None
        func: cst.FunctionDef | None = None
        callee = call.func
        if isinstance(callee, cst.Name):
            refs = self.referents(callee)
            node = refs[0].node if len(refs) == 1 and refs[0].kind == "assign" else None
            if isinstance(node, cst.ClassDef):
                node = next(
                    (
                        s
                        for s in node.body.body
                        if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"
                    ),
                    None,
                )
            func = node if isinstance(node, cst.FunctionDef) else None
        elif isinstance(callee, cst.Attribute) and dotted(callee.value) in ("self", "cls"):
            cls = self._owner_class_of(call)
            if cls is not None:
                func = next(
                    (
                        s
                        for s in cls.body.body
                        if isinstance(s, cst.FunctionDef) and s.name.value == callee.attr.value
                    ),
                    None,
                )
        if func is None or (self._owner_class(func) is None and isinstance(callee, cst.Attribute)):
            return None
        params = list(func.params.posonly_params) + list(func.params.params) + list(func.params.kwonly_params)
        if arg.keyword is not None:
            return next((p for p in params if p.name.value == arg.keyword.value), None)
        index = [a for a in call.args if a.keyword is None].index(arg)
        return next((p for p in params if self._position(func, p) == index), None)

    # --- registries: dict and list displays read by key or iterated ------------

    def _lookup_values(self, expr: cst.BaseExpression, seen: frozenset[cst.CSTNode]) -> Values:
        """``MODELS[kind]``, ``MODELS.get(kind, default)``, ``REG["deepseek"]["model"]``: the entries
        of the dict or list displays the key can pick (every entry when the key is not a constant)."""
        out = Values()
        registry = self._imported_registry(expr)
        if registry is not None:
            # A registry defined in another module: its entries are renamed there; this read is linked to it.
            out.externals.append(registry)
            if _is_get(expr):
                assert isinstance(expr, cst.Call)
                default = self._arg(expr, 1, "default")
                if default is not None:
                    out.extend(self.values(default.value, seen))
            return out
        picked, unknown = self._picked(expr, seen)
        for item in picked:
            out.extend(self.values(item, seen))
        out.others.extend(unknown)
        return out

    def _imported_registry(self, expr: cst.BaseExpression) -> Export | None:
        """The registry export that ``expr`` (``MODELS[kind]``, ``config.MODELS.get(kind)``) reads, if any."""
        base: cst.BaseExpression = expr
        while isinstance(base, cst.Subscript) or _is_get(base):
            if isinstance(base, cst.Subscript):
                base = base.value
            else:
                assert isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute)
                base = base.func.value
        if not isinstance(base, (cst.Name, cst.Attribute)):
            return None
        export = self.links.lookup(dotted(base))
        if export is None or export.keys is None:
            return None
        if isinstance(base, cst.Name) and not all(r.kind == "import" for r in self.referents(base)):
            return None
        return export

    def _loop_values(self, target: cst.CSTNode, seen: frozenset[cst.CSTNode]) -> Values:
        """A loop variable (``for m in MODELS:``, ``for name, m in REG.items():``): the items iterated."""
        out = Values()
        items, unknown = self._loop_items(target, seen)
        for item in items:
            out.extend(self.values(item, seen))
        out.others.extend(unknown)
        return out

    def _loop_of(self, target: cst.CSTNode) -> cst.For | cst.CompFor | None:
        """The loop whose target is ``target`` (or a tuple holding it), else None."""
        parent = self.parent(target)
        if isinstance(parent, cst.Element):
            tup = self.parent(parent)
            parent = self.parent(tup) if isinstance(tup, (cst.Tuple, cst.List)) else None
            if not isinstance(parent, (cst.For, cst.CompFor)) or parent.target is not tup:
                return None
            return parent
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.target is target:
            return parent
        return None

    def _loop_items(
        self, target: cst.CSTNode, seen: frozenset[cst.CSTNode]
    ) -> tuple[list[cst.BaseExpression], list[str]]:
        loop = self._loop_of(target)
        assert loop is not None
        where = f"`{_short(self.source(loop.iter))}` (line {self.line(loop.iter)})"
        iterated = loop.iter
        pairs = False
        if isinstance(iterated, cst.Call) and isinstance(iterated.func, cst.Attribute) and not iterated.args:
            method = iterated.func.attr.value
            if method not in ("values", "items"):
                return [], [where]
            pairs = method == "items"
            iterated = iterated.func.value
        if pairs:
            # ``for key, entry in REG.items()``: only the second name carries an entry.
            tup = loop.target
            second = tup.elements[1].value if isinstance(tup, cst.Tuple) and len(tup.elements) == 2 else None
            if second is not target:
                return [], [where]
        elif loop.target is not target:
            return [], [where]
        containers, unknown = self._containers(iterated, seen)
        items: list[cst.BaseExpression] = []
        for node in containers:
            if isinstance(node, cst.Dict):
                if not pairs and iterated is loop.iter:
                    return [], [where]  # iterating a dict gives its keys
                items.extend(e.value for e in node.elements if isinstance(e, cst.DictElement))
                if self.dict_has_star(node):
                    unknown.append(where)
            elif iterated is not loop.iter:
                unknown.append(where)  # ``.values()`` of a list: not a registry this follows
            else:
                items.extend(e.value for e in node.elements if isinstance(e, cst.Element))
                if any(isinstance(e, cst.StarredElement) for e in node.elements):
                    unknown.append(where)
        return items, unknown

    def _picked(
        self, expr: cst.BaseExpression, seen: frozenset[cst.CSTNode]
    ) -> tuple[list[cst.BaseExpression], list[str]]:
        """The entries ``expr`` (a subscript or a ``.get()``) can pick, and what else it can be."""
        where = f"`{_short(self.source(expr))}` (line {self.line(expr)})"
        default: cst.BaseExpression | None = None
        if isinstance(expr, cst.Subscript):
            receiver = expr.value
            index = expr.slice[0].slice if len(expr.slice) == 1 else None
            if not isinstance(index, cst.Index) or index.star is not None:
                return [], [where]
            key: cst.BaseExpression = index.value
        else:
            assert isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
            receiver = expr.func.value
            key_arg = self._arg(expr, 0, "key")
            default_arg = self._arg(expr, 1, "default")
            if key_arg is None or any(a.star for a in expr.args):
                return [], [where]
            key = key_arg.value
            default = default_arg.value if default_arg is not None else None
        containers, unknown = self._containers(receiver, seen)
        if not containers:
            # A mapping the tool cannot see (``cfg.get("model", "deepseek-chat")``): its entry, or the default.
            named = string_value(key)
            seen_as = f"`{_short(self.source(receiver))}`"
            what = f"the `{named}` entry of {seen_as}" if named is not None else f"an entry of {seen_as}"
            return ([default] if default is not None else []), [f"{what} (line {self.line(expr)})"]
        wanted = string_value(key)
        picked: list[cst.BaseExpression] = []
        for node in containers:
            if not isinstance(node, cst.Dict):
                if isinstance(expr, cst.Subscript):
                    picked.extend(e.value for e in node.elements if isinstance(e, cst.Element))
                if any(isinstance(e, cst.StarredElement) for e in node.elements) or not isinstance(
                    expr, cst.Subscript
                ):
                    unknown.append(where)
                continue
            if self.dict_has_star(node):
                unknown.append(where)
            entry = self.dict_get(node, wanted) if wanted is not None else None
            if entry is not None:
                picked.append(entry.value)
                continue
            picked.extend(e.value for e in node.elements if isinstance(e, cst.DictElement) and wanted is None)
            if default is not None:
                picked.append(default)
            elif wanted is not None and not self.dict_has_star(node):
                unknown.append(where)  # a key the display does not hold: a KeyError, or an entry added later
        return picked, unknown

    def _containers(
        self, expr: cst.BaseExpression, seen: frozenset[cst.CSTNode]
    ) -> tuple[list[Display], list[str]]:
        """The dict, list and tuple displays ``expr`` can be (through names, keys and loops), and what
        else it can be. A display changed after it is made (``MODELS["x"] = ...``) is not followed."""
        if expr in seen:
            return [], []
        seen = seen | {expr}
        if isinstance(expr, (cst.Dict, cst.List, cst.Tuple)):
            return [expr], []
        where = f"`{_short(self.source(expr))}` (line {self.line(expr)})"
        if isinstance(expr, cst.Subscript) or _is_get(expr):
            found: list[Display] = []
            picked, unknown = self._picked(expr, seen)
            for item in picked:
                more, why = self._containers(item, seen)
                found.extend(more)
                unknown.extend(why)
            return found, unknown
        if not isinstance(expr, cst.Name) or self.scope(expr) is None:
            return [], [where]
        referents = self.referents(expr)
        if not referents or any(r.kind != "assign" for r in referents):
            return [], [where]
        found, unknown = [], []
        for ref in referents:
            target = ref.node
            assert target is not None
            parent = self.parent(target)
            value: cst.BaseExpression | None = None
            if isinstance(parent, cst.AssignTarget):
                assign = self.parent(parent)
                value = assign.value if isinstance(assign, cst.Assign) else None
            elif isinstance(parent, cst.AnnAssign):
                value = parent.value
            if value is not None:
                changed = self._changed_at(target)
                if changed:
                    unknown.append(f"`{expr.value}`, changed at line {', '.join(map(str, changed))}")
                more, why = self._containers(value, seen)
            elif isinstance(target, cst.Param) or isinstance(parent, cst.Param):
                param = target if isinstance(target, cst.Param) else parent
                assert isinstance(param, cst.Param)
                func = next((a for a in self.ancestors(param) if isinstance(a, cst.FunctionDef)), None)
                more, why = self._containers(param.default, seen) if param.default is not None else ([], [])
                callers = self.callers_passing(func, param) if func is not None else ["?"]
                if callers:
                    fname = f"`{func.name.value}()`" if func is not None else "a function"
                    why = [*why, f"the `{expr.value}` that calls of {fname} pass ({', '.join(callers[:3])})"]
            elif self._loop_of(target) is not None:
                more, why = [], []
                items, why = self._loop_items(target, seen)
                for item in items:
                    sub, sub_why = self._containers(item, seen)
                    more.extend(sub)
                    why.extend(sub_why)
            else:
                more, why = [], [where]
            found.extend(more)
            unknown.extend(why)
        return found, unknown

    def _changed_at(self, target: cst.CSTNode, depth: int = 0) -> list[int]:
        """Lines where the display bound at ``target`` is changed in place: ``X[k] = v``, ``X[a][b] = v``,
        ``X.update()``, also through a local alias (``m = X`` then ``m[k] = v``)."""
        lines = []
        for read in self.references(target):
            node: cst.CSTNode = read
            parent = self.parent(node)
            while isinstance(parent, cst.Subscript) and parent.value is node:
                node, parent = parent, self.parent(parent)
            stored = node is not read and (
                isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.Del))
                or (isinstance(parent, cst.Element) and _in_target(self, parent))
            )
            mutated = (
                isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in MUTATORS
            )
            if stored or mutated:
                lines.append(self.line(read))
            elif isinstance(parent, cst.Assign) and depth < 4:  # an alias
                for alias in parent.targets:
                    if isinstance(alias.target, cst.Name):
                        lines.extend(self._changed_at(alias.target, depth + 1))
        return lines

    def _attribute_values(self, expr: cst.Attribute, seen: frozenset[cst.CSTNode]) -> Values:
        """``self.model``: every ``self.model = ...`` in the enclosing class, and the class attribute."""
        out = Values()
        cls = next((a for a in self.ancestors(expr) if isinstance(a, cst.ClassDef)), None)
        attr = expr.attr.value
        if cls is None:
            out.others.append(f"`{dotted(expr)}` (line {self.line(expr)})")
            return out
        found = False
        if any(self.qualified(base.value) & SETTINGS_BASES for base in cls.bases):
            out.others.append(f"the environment (`{cls.name.value}` is a pydantic BaseSettings)")
        for stmt in cls.body.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    value = _class_level_value(small, attr)
                    if value is not None:
                        out.extend(self.values(value, seen))
                        found = True
        for node in self.self_assignments(cls, attr):
            out.extend(self.values(node, seen))
            found = True
        if not found:
            out.others.append(f"`{dotted(expr)}`, set outside this class (line {self.line(expr)})")
        for sub in self._subclasses(cls):  # ``class Reviewer(Agent): model = "..."``: its ``self`` too
            for stmt in sub.body.body:
                for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                    value = _class_level_value(small, attr)
                    if value is not None:
                        out.extend(self.values(value, seen))
            for node in self.self_assignments(sub, attr):
                out.extend(self.values(node, seen))
        return out

    @functools.cached_property
    def classes(self) -> list[cst.ClassDef]:
        """The module-level classes, and the classes nested in them or in ``if`` / ``try`` blocks."""
        stack: list[cst.CSTNode] = [self.tree]
        found: list[cst.ClassDef] = []
        while stack:
            node = stack.pop()
            if isinstance(node, cst.ClassDef):
                found.append(node)
            if isinstance(node, (cst.Module, cst.ClassDef, cst.If, cst.Else, cst.IndentedBlock, cst.Try)):
                stack.extend(node.children)
        return found

    def class_family(self, node: cst.CSTNode) -> list[cst.ClassDef]:
        """The class around ``node``, its bases in this module and its subclasses here: the classes
        whose code may set what ``self.<attr>`` reads in ``node``'s class ([] outside a class)."""
        cls = self._class_around(node)
        if cls is None:
            return []
        if id(cls) in self._families:
            return self._families[id(cls)][0]
        family = [cls, *self._subclasses(cls)]
        ids = {id(c) for c in family}
        for known in family:  # grows while it is walked: the bases of the bases
            for base in known.bases:
                if isinstance(base.value, cst.Name) and self.scope(base.value) is not None:
                    for ref in self.referents(base.value):
                        if isinstance(ref.node, cst.ClassDef) and id(ref.node) not in ids:
                            ids.add(id(ref.node))
                            family.append(ref.node)
        self._families[id(cls)] = (family, ids)
        return family

    def same_object(self, read: cst.CSTNode, write: cst.CSTNode) -> bool:
        """Whether ``self`` at ``write`` may be the object ``self`` is at ``read``: the class around
        ``write`` is in ``read``'s class family (or ``read`` is in no class)."""
        cls = self._class_around(read)
        if cls is None:
            return True
        self.class_family(read)
        other = self._class_around(write)
        return other is not None and id(other) in self._families[id(cls)][1]

    def _class_around(self, node: cst.CSTNode) -> cst.ClassDef | None:
        key = id(node)
        if key not in self._class_of:
            self._class_of[key] = next((a for a in self.ancestors(node) if isinstance(a, cst.ClassDef)), None)
        return self._class_of[key]

    def class_level_values(self, node: cst.CSTNode, attr: str) -> list[cst.BaseExpression]:
        """The values ``attr = ...`` binds in the body of the class around ``node``, of its bases in this
        module and of its subclasses here (what ``self.<attr>`` may read there)."""
        return [
            value
            for cls in self.class_family(node)
            for stmt in cls.body.body
            for small in (stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ())
            if (value := _class_level_value(small, attr)) is not None
        ]

    def _subclasses(self, cls: cst.ClassDef) -> list[cst.ClassDef]:
        """The classes of this module that derive from ``cls``, directly or not (by its name)."""
        found: list[cst.ClassDef] = []
        stack = [cls]
        while stack:
            for sub in self._direct_subclasses.get(id(stack.pop()), ()):
                if sub is not cls and all(sub is not f for f in found):
                    found.append(sub)
                    stack.append(sub)
        return found

    @functools.cached_property
    def _direct_subclasses(self) -> dict[int, list[cst.ClassDef]]:
        """The classes of this module by the id of each class of this module they name as a base."""
        out: dict[int, list[cst.ClassDef]] = {}
        for other in self.classes:
            for base in other.bases:
                if isinstance(base.value, cst.Name) and self.scope(base.value) is not None:
                    for ref in self.referents(base.value):
                        if isinstance(ref.node, cst.ClassDef):
                            out.setdefault(id(ref.node), []).append(other)
        return out

    # --- fields of objects: ``Config.MODEL``, ``cfg.model``, ``self.config.model`` ------------

    def _field_read_values(self, expr: cst.Attribute, seen: frozenset[cst.CSTNode]) -> Values | None:
        """The values of a field read through a class or an instance this module can name, or None.

        The object is a class of this module (or one imported from a module that exports its
        retired field, see :mod:`migrate.python.crossmodule`), an instance made by calling it
        (``cfg = ModelConfig()``), a parameter annotated with it (``cfg: ModelConfig``), or an
        attribute of ``self`` set to one of these.
        """
        if isinstance(expr.value, cst.Name) and expr.value.value == "self":
            return None  # ``self.model``: the enclosing class's own attribute (_attribute_values)
        owners = self.owners(expr.value, seen)
        if not owners:
            return None
        out = Values()
        for owner in owners:
            out.extend(self._field_values(owner, expr, seen))
        return out

    def owners(self, expr: cst.CSTNode, seen: frozenset[cst.CSTNode] = frozenset()) -> list[Owner] | None:
        """The classes ``expr`` is, or is an instance of: [] when it is surely none of this module's
        (or its imports'), None when the tool cannot tell."""
        if expr in seen:
            return []
        seen = seen | {expr}
        spelled = dotted(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else ""
        if spelled and self._linked_owner(spelled):
            return [Owner(None, spelled, instance=False)]
        if isinstance(expr, cst.Call):
            return self._call_owners(expr, seen)
        if isinstance(expr, (cst.BooleanOperation, cst.IfExp)):
            parts = (
                [expr.left, expr.right]
                if isinstance(expr, cst.BooleanOperation)
                else [expr.body, expr.orelse]
            )
            found: list[Owner] = []
            for part in parts:
                if isinstance(part, cst.Name) and part.value == "None":
                    continue
                sub = self.owners(part, seen)
                if sub is None:
                    return None
                found.extend(sub)
            return found
        if isinstance(expr, cst.Name):
            return self._name_owners(expr, seen)
        if (
            isinstance(expr, cst.Attribute)
            and isinstance(expr.value, cst.Name)
            and expr.value.value == "self"
        ):
            return self._self_attribute_owners(expr, seen)
        if isinstance(expr, cst.Attribute):
            return self._field_owners(expr, seen)
        return None

    def _field_owners(self, expr: cst.Attribute, seen: frozenset[cst.CSTNode]) -> list[Owner] | None:
        """``settings.llm`` (``self.settings.llm``, ``config.llm``): a field of an object of one of this
        module's classes whose value is an instance of one of them, from the field's declaration
        (``llm: LLMSettings = LLMSettings()``, ``Field(default_factory=LLMSettings)``,
        ``field(default_factory=...)``, an annotation alone), the constructions' keywords and
        ``self.llm = ...``. None when anything else may set it (a write ``x.llm = ...``, a subclass,
        positional or ``**`` arguments, a field the class does not declare)."""
        outer = self.owners(expr.value, seen)
        if not outer:
            return None
        attr = expr.attr.value
        if any(o.cls is None for o in outer):
            return self._linked_field_owners(outer, attr, seen)
        if any(
            a.attr.value == attr
            and isinstance(self.parent(a), (cst.AssignTarget, cst.AnnAssign, cst.AugAssign))
            for a in self.names.attributes
            if a not in self.self_targets
        ):
            return None
        found: list[Owner] = []
        for owner in outer:
            cls = owner.cls
            if cls is None or not owner.instance:
                return None  # ``AppConfig.llm``: a class attribute, not a field's value
            via = owner.via
            call = owner.call
            passed = self.kwarg(call, attr) if call is not None else None
            if passed is None and any(self.qualified(base.value) & SETTINGS_BASES for base in cls.bases):
                via = (
                    *via,
                    f"the environment, which can set the field `{attr}` of the pydantic BaseSettings "
                    f"`{cls.name.value}` (the rename is still right for the default)",
                )
            made: list[tuple[cst.BaseExpression, bool]] = []  # (value, a factory to call)
            if passed is not None:
                made.append((passed.value, False))
            else:
                if call is not None and any(a.keyword is None for a in call.args):
                    return None
                declared = self._declared_field(cls, attr)
                if declared is None:
                    return None
                made.extend(declared)
                if owner.instance and call is None:
                    if self.subclasses(cls):
                        return None
                    for construction in self.constructions(cls):
                        if any(a.keyword is None for a in construction.args):
                            return None
                        given = self.kwarg(construction, attr)
                        if given is not None:
                            made.append((given.value, False))
            made.extend((value, False) for value in self.self_assignments(cls, attr))
            for value, factory in made:
                if isinstance(value, cst.Name) and value.value == "None":
                    continue
                if isinstance(value, cst.Lambda) and factory:
                    value, factory = value.body, False
                sub = self.owners(value, seen)
                if sub is None:
                    return None
                for inner in sub:
                    if factory and inner.instance:
                        return None  # ``default_factory=`` an object, not a class
                    found.append(replace(inner, instance=True, via=(*inner.via, *via)))
        return found or None  # only ``None`` seen: not a value the tool can name

    def _linked_field_owners(
        self, outer: list[Owner], attr: str, seen: frozenset[cst.CSTNode]
    ) -> list[Owner] | None:
        """``s.llm`` where ``s = Settings()`` and ``Settings`` is imported from a module that exports the
        retired fields of its field ``llm`` (``Settings.llm.model``): that spelling, unless the
        construction passes ``llm=`` (then what it passes)."""
        found: list[Owner] = []
        for owner in outer:
            call = owner.call
            passed = self.kwarg(call, attr) if call is not None else None
            if passed is not None:
                sub = self.owners(passed.value, seen)
                if sub is None:
                    return None
                found.extend(sub)
                continue
            spelled = f"{owner.spelling}.{attr}"
            if owner.cls is not None or owner.spelling is None or not self._linked_owner(spelled):
                return None
            if call is not None and any(a.keyword is None for a in call.args):
                return None
            found.append(Owner(None, spelled, instance=True, via=owner.via))
        return found

    def _declared_field(self, cls: cst.ClassDef, attr: str) -> list[tuple[cst.BaseExpression, bool]] | None:
        """How the class body declares the field ``attr``: (its default, or the annotation's class, and
        whether it is a factory to call); None when the body does not declare it or its value is unknown."""
        out: list[tuple[cst.BaseExpression, bool]] = []
        for stmt in cls.body.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                annotation: cst.BaseExpression | None = None
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    if small.target.value != attr:
                        continue
                    value, annotation = small.value, small.annotation.annotation
                elif isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == attr for t in small.targets
                ):
                    value = small.value
                else:
                    continue
                if isinstance(value, cst.Call) and self.qualified(value.func) & FIELD_FACTORIES:
                    factory = self.kwarg(value, "default_factory")
                    if factory is not None:
                        out.append((factory.value, True))
                        continue
                    default = self._arg(value, 0, "default")
                    value = default.value if default is not None else None
                if value is not None:
                    out.append((value, False))
                elif isinstance(annotation, (cst.Name, cst.Attribute)):
                    out.append((annotation, True))  # ``llm: LLMSettings``: an instance of that class
                else:
                    return None
        return out or None

    def _linked_owner(self, spelled: str) -> bool:
        """Whether another module exports a retired field of the class or instance spelled so here."""
        prefix = spelled + "."
        return any(key.startswith(prefix) for key, _ in self.links.imported)

    def _call_owners(self, call: cst.Call, seen: frozenset[cst.CSTNode]) -> list[Owner] | None:
        func = call.func
        spelled = dotted(func)
        if spelled and self._linked_owner(spelled):
            return [Owner(None, spelled, instance=True, call=call)]
        if spelled and self._linked_owner(spelled + "()"):
            return [Owner(None, spelled + "()", instance=True)]  # ``get_settings()`` of another module
        if isinstance(func, cst.Name):
            refs = self.referents(func) if self.scope(func) is not None else []
            if refs and all(r.kind == "assign" and isinstance(r.node, cst.ClassDef) for r in refs):
                return [
                    Owner(r.node, None, instance=True, call=call)
                    for r in refs
                    if isinstance(r.node, cst.ClassDef)
                ]
            if refs and all(r.kind == "assign" and isinstance(r.node, cst.FunctionDef) for r in refs):
                # ``get_settings()``: what the function returns (``return Settings()``)
                found: list[Owner] = []
                for ref in refs:
                    assert isinstance(ref.node, cst.FunctionDef)
                    returns = self._returns(ref.node)
                    if not returns:
                        return None
                    for value in returns:
                        sub = self.owners(value, seen)
                        if sub is None:
                            return None
                        found.extend(sub)
                return found
            return None if not refs or any(r.kind == "import" for r in refs) else []
        # A method or a function of another object (``client.chat.completions.create()``): not one of ours.
        return []

    def _returns(self, func: cst.FunctionDef) -> list[cst.BaseExpression]:
        """The values ``func`` returns (not its nested functions'); [] when one returns nothing."""
        found: list[cst.BaseExpression] = []
        stack: list[cst.CSTNode] = list(func.body.children)
        while stack:
            node = stack.pop()
            if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                continue
            if isinstance(node, cst.Return):
                if node.value is None:
                    return []
                found.append(node.value)
                continue
            stack.extend(node.children)
        return found

    def _name_owners(self, name: cst.Name, seen: frozenset[cst.CSTNode]) -> list[Owner] | None:
        if self.scope(name) is None or name.value == "self":
            return None
        refs = self.referents(name)
        if not refs:
            return None
        found: list[Owner] = []
        for ref in refs:
            node = ref.node
            if ref.kind != "assign" or node is None:
                return None
            if isinstance(node, cst.ClassDef):
                found.append(Owner(node, None, instance=False))
                continue
            parent = node if isinstance(node, cst.Param) else self.parent(node)
            value: cst.BaseExpression | None = None
            if isinstance(parent, cst.Param):
                func = next((a for a in self.ancestors(parent) if isinstance(a, cst.FunctionDef)), None)
                if func is not None and any(
                    dotted(d.decorator) not in PLAIN_DECORATORS for d in func.decorators
                ):
                    return None  # a framework builds it (a FastAPI request body): any field value
                sub = self._annotation_owners(parent.annotation)
                if sub is None:
                    return None
                found.extend(sub)
                value = parent.default
            elif isinstance(parent, cst.AssignTarget):
                assign = self.parent(parent)
                if not isinstance(assign, cst.Assign):
                    return None
                value = assign.value
            elif isinstance(parent, cst.AnnAssign):
                if parent.value is None:
                    sub = self._annotation_owners(parent.annotation)
                    if sub is None:
                        return None
                    found.extend(sub)
                value = parent.value
            else:
                return None
            if value is not None and not (isinstance(value, cst.Name) and value.value == "None"):
                sub = self.owners(value, seen)
                if sub is None:
                    return None
                found.extend(sub)
        return found

    def _annotation_owners(self, annotation: cst.Annotation | None) -> list[Owner] | None:
        """``cfg: ModelConfig`` (or ``ModelConfig | None``, ``Optional[ModelConfig]``): an instance."""
        if annotation is None:
            return None
        node = annotation.annotation
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            sides = [node.left, node.right]
            node = next((s for s in sides if not (isinstance(s, cst.Name) and s.value == "None")), node)
        elif isinstance(node, cst.Subscript) and dotted(node.value) in ("Optional", "typing.Optional"):
            element = node.slice[0].slice if len(node.slice) == 1 else None
            if isinstance(element, cst.Index):
                node = element.value
        spelled = dotted(node) if isinstance(node, (cst.Name, cst.Attribute)) else ""
        if spelled and self._linked_owner(spelled):
            return [Owner(None, spelled, instance=True)]
        if isinstance(node, cst.Name) and self.scope(node) is not None:
            refs = self.referents(node)
            if refs and all(r.kind == "assign" and isinstance(r.node, cst.ClassDef) for r in refs):
                return [Owner(r.node, None, instance=True) for r in refs if isinstance(r.node, cst.ClassDef)]
            if refs and all(r.kind == "import" for r in refs):
                return []  # a class of another module with no retired field the run knows of
        return None

    def _self_attribute_owners(self, expr: cst.Attribute, seen: frozenset[cst.CSTNode]) -> list[Owner] | None:
        """``self.config``: what the enclosing class assigns to it, or its class-level annotation."""
        cls = next((a for a in self.ancestors(expr) if isinstance(a, cst.ClassDef)), None)
        if cls is None:
            return None
        attr = expr.attr.value
        found: list[Owner] = []
        known = False
        for stmt in cls.body.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if (
                        isinstance(small, cst.AnnAssign)
                        and isinstance(small.target, cst.Name)
                        and small.target.value == attr
                    ):
                        sub = self._annotation_owners(small.annotation)
                        if sub is None:
                            return None
                        found.extend(sub)
                        known = True
        for value in self.self_assignments(cls, attr):
            if isinstance(value, cst.Name) and value.value == "None":
                continue
            sub = self.owners(value, seen)
            if sub is None:
                return None
            found.extend(sub)
            known = True
        return found if known else None

    def _field_values(
        self, owner: Owner, expr: cst.Attribute, seen: frozenset[cst.CSTNode], *, inherited: bool = False
    ) -> Values:
        """Where ``owner.<attr>`` gets its value: the construction's keyword, the class default, the
        constructions and writes this module shows, and (pydantic settings) the environment."""
        out = Values()
        out.others.extend(owner.via)
        attr = expr.attr.value
        call = owner.call
        if call is not None:
            passed = self.kwarg(call, attr)
            if passed is not None:
                return self.values(passed.value, seen)
            if any(a.keyword is None for a in call.args):
                out.others.append(f"the arguments of `{_short(self.source(call))}` (line {self.line(call)})")
        if owner.cls is None:
            export = self.links.lookup(f"{owner.spelling}.{attr}")
            if export is None:
                out.others.append(f"`{dotted(expr)}` (line {self.line(expr)})")
            else:
                out.externals.append(export)
            return out
        cls = owner.cls
        found = False
        for stmt in cls.body.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    value = _class_level_value(small, attr)
                    if value is not None:
                        out.extend(self.values(value, seen))
                        found = True
        if owner.instance:
            for value in self.self_assignments(cls, attr):
                out.extend(self.values(value, seen))
                found = True
            if call is None:
                # ``cfg: Base`` may be an instance of a subclass that overrides the field.
                for sub in self.subclasses(cls):
                    out.extend(
                        self._field_values(Owner(sub, None, instance=True), expr, seen, inherited=True)
                    )
                for made in self.constructions(cls):
                    passed = self.kwarg(made, attr)
                    if passed is not None:
                        out.extend(self.values(passed.value, seen))
                    elif any(a.keyword is None for a in made.args):
                        out.others.append(
                            f"the arguments of `{_short(self.source(made))}` (line {self.line(made)})"
                        )
            if any(self.qualified(base.value) & SETTINGS_BASES for base in cls.bases) and (
                call is None or self.kwarg(call, attr) is None
            ):
                out.others.append(settings_environment(attr))
        for write in self.field_writes(cls, attr):
            out.extend(self.values(write, seen))
        if not found and not inherited:  # a subclass that does not set it keeps its base's value
            out.others.append(
                f"`{dotted(expr)}`, not set in class `{cls.name.value}` (line {self.line(expr)})"
            )
        return out

    def subclasses(self, cls: cst.ClassDef) -> list[cst.ClassDef]:
        """The classes of this module that name ``cls`` as a base (directly)."""
        out = []
        for binding in self.names.binding_at.values():
            node = binding.node
            if isinstance(node, cst.ClassDef) and node is not cls:
                for base in node.bases:
                    value = base.value
                    if (
                        isinstance(value, cst.Name)
                        and self.scope(value) is not None
                        and any(r.node is cls for r in self.referents(value))
                    ):
                        out.append(node)
                        break
        return out

    def constructions(self, cls: cst.ClassDef) -> list[cst.Call]:
        """Calls of ``cls`` (by its name) in this module."""
        out = []
        for call in self.calls:
            func = call.func
            if (
                isinstance(func, cst.Name)
                and func.value == cls.name.value
                and self.scope(func) is not None
                and any(r.node is cls for r in self.referents(func))
            ):
                out.append(call)
        return out

    def field_writes(self, cls: cst.ClassDef, attr: str) -> list[cst.BaseExpression]:
        """Values assigned to ``<object>.<attr>`` outside the class where the object may be ``cls``'s."""
        out: list[cst.BaseExpression] = []
        for node in self.names.attributes:
            if node.attr.value != attr or node in self.self_targets:
                continue
            target = self.parent(node)
            assign = self.parent(target) if isinstance(target, cst.AssignTarget) else None
            if not isinstance(assign, cst.Assign):
                continue
            owners = self.owners(node.value)
            if owners is None or any(o.cls is cls for o in owners):
                out.append(assign.value)
        return out

    def field_reads(self, cls: cst.ClassDef, attr: str) -> list[cst.CSTNode]:
        """Reads of ``<object>.<attr>`` where the object is, or may be, ``cls`` or an instance of it."""
        out: list[cst.CSTNode] = []
        for node in self.names.attributes:
            if node.attr.value != attr or isinstance(self.parent(node), cst.AssignTarget):
                continue
            if isinstance(node.value, cst.Name) and node.value.value == "self":
                continue  # the class's own reads: _self_reads
            owners = self.owners(node.value)
            if owners is None or any(o.cls is cls for o in owners):
                out.append(node)
        return out

    def self_assignments(self, cls: cst.ClassDef, attr: str) -> list[cst.BaseExpression]:
        """Values assigned to ``self.<attr>`` inside ``cls``'s methods."""
        out: list[cst.BaseExpression] = []
        for target in self.self_targets:
            if target.attr.value != attr:
                continue
            if next((a for a in self.ancestors(target) if isinstance(a, cst.ClassDef)), None) is not cls:
                continue
            assign = self.parent(self.parent(target) or target)
            if isinstance(assign, cst.Assign):
                out.append(assign.value)
            elif isinstance(self.parent(target), cst.AnnAssign):
                ann = self.parent(target)
                assert isinstance(ann, cst.AnnAssign)
                if ann.value is not None:
                    out.append(ann.value)
        return out

    def _ref_order(self, ref: Binding) -> int:
        node = ref.node
        return self.line(node) if node is not None and node in self.positions else 0

    def uses(self, lit: ModelLiteral, sinks: frozenset[int] = frozenset()) -> list[cst.CSTNode]:
        """The expressions that carry ``lit``'s value onward: the literal itself, or reads of what it is bound to.

        A literal inside a registry (a dict or list display) is carried by the reads that pick
        its entry (``MODELS["fast"]``, ``MODELS.get(kind)``, a loop over the entries); a read
        that picks another entry does not carry it, and any other read of the registry does.
        ``sinks`` are the ids of the sinks' model expressions: the climb stops at one.
        """
        node: cst.CSTNode = lit.node
        parent = self.parent(node)
        path: list[str | None] = []  # the keys from the outermost display down to the literal (None: any)
        # Climb through expressions that pass the value on unchanged, field defaults, defaults of
        # environment and mapping reads, and the displays holding the literal.
        while parent is not None and id(node) not in sinks:
            if isinstance(parent, (cst.BooleanOperation, cst.IfExp)):
                step: cst.CSTNode | None = parent
            elif self.field_default(parent) or self._read_default(parent):
                step = self.parent(parent)
            elif isinstance(parent, cst.DictElement) and parent.value is node:
                path.insert(0, string_value(parent.key))
                step = self.parent(parent)
            elif isinstance(parent, cst.Element) and isinstance(self.parent(parent), (cst.List, cst.Tuple)):
                path.insert(0, None)
                step = self.parent(parent)
            else:
                break
            if step is None:
                break
            node, parent = step, self.parent(step)
        target: cst.BaseExpression | None = None
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
        elif isinstance(parent, cst.AnnAssign):
            target = parent.target
        elif isinstance(parent, cst.Param) and parent.default is node:
            target = parent.name
        reads: list[cst.CSTNode] = [node]
        param = self._param_for(parent) if isinstance(parent, cst.Arg) and id(node) not in sinks else None
        # ``cfg = ModelConfig(model=...)``: the reads of the constructed object's field.
        passed = (
            self._construction_reads(parent)
            if param is None
            and isinstance(parent, cst.Arg)
            and parent.keyword is not None
            and id(node) not in sinks
            else None
        )
        if id(node) in sinks:
            pass
        elif param is not None:  # an argument of a function of this module: the parameter carries it
            reads = list(self.references(param))
        elif passed is not None:
            reads = list(passed)
        elif isinstance(target, cst.Attribute) and target in self.self_targets:
            reads = list(self._self_reads(target, target.attr.value))
            reads.extend(self._outside_reads(target, target.attr.value))
        elif isinstance(target, cst.Name):
            scope = self.scope(target)
            if scope is not None:
                reads = list(self.references(target))
                if scope.kind == "class":
                    reads.extend(self._self_reads(target, target.value))
                    reads.extend(self._outside_reads(target, target.value))
        if not path and reads == [node]:
            return reads
        return [use for read in reads for use in self._onward(read, tuple(path))]

    def registry_of(self, lit: ModelLiteral) -> ModelLiteral | None:
        """The first retired entry of the module-level public registry holding ``lit``, else None.

        Other modules reach a registry by its name; the cross-module pass lets its first
        retired entry stand for it.
        """
        node: cst.CSTNode = lit.node
        parent = self.parent(node)
        while isinstance(parent, (cst.DictElement, cst.Element, cst.Dict, cst.List, cst.Tuple)):
            node, parent = parent, self.parent(parent)
        if node is lit.node or not isinstance(node, (cst.Dict, cst.List, cst.Tuple)):
            return None
        holder = self.parent(parent) if isinstance(parent, (cst.Assign, cst.AnnAssign)) else None
        if not isinstance(self.parent(holder) if holder is not None else None, cst.Module):
            return None
        if isinstance(parent, cst.Assign):
            targets = [t.target for t in parent.targets]
        elif isinstance(parent, cst.AnnAssign):
            targets = [parent.target]
        else:
            return None
        if not any(isinstance(t, cst.Name) and not t.value.startswith("_") for t in targets):
            return None
        start, end = self.span(node)
        inside = [
            x
            for x in self.literals.values()
            if x.rename is not None and start <= x.start < end and self._entry(x.node)
        ]
        return min(inside, key=lambda x: x.start, default=None)

    def _entry(self, node: cst.CSTNode) -> bool:
        """A dict value or a list/tuple element (what the cross-module pass exports of a registry)."""
        parent = self.parent(node)
        if isinstance(parent, cst.DictElement):
            return parent.value is node
        return isinstance(parent, cst.Element) and isinstance(self.parent(parent), (cst.List, cst.Tuple))

    def _read_default(self, node: cst.CSTNode) -> bool:
        """The default argument of ``os.getenv(...)`` or of ``X.get(key, default)``."""
        call = self.parent(node)
        if not isinstance(node, cst.Arg) or not isinstance(call, cst.Call):
            return False
        if self.qualified(call.func) & ENV_READERS or _is_get(call):
            return self._arg(call, 1, "default") is node
        return False

    def _onward(self, node: cst.CSTNode, path: tuple[str | None, ...], depth: int = 0) -> list[cst.CSTNode]:
        """The expressions that carry on the entry at ``path`` of the value ``node`` reads."""
        if depth > 6:
            return [node]
        parent = self.parent(node)
        bound = self._local_reads(node)
        if bound is not None:  # ``entry = REG[kind]`` in a function: follow the local name
            return [use for read in bound for use in self._onward(read, path, depth + 1)]
        if isinstance(parent, cst.Param) and parent.default is node:  # ``def ask(settings=DEFAULTS)``
            return [
                use for read in self.references(parent.name) for use in self._onward(read, path, depth + 1)
            ]
        if not path:
            return [node]
        key, rest = path[0], path[1:]
        picked: cst.BaseExpression | None = None
        if isinstance(parent, cst.Subscript) and parent.value is node and len(parent.slice) == 1:
            index = parent.slice[0].slice
            picked = index.value if isinstance(index, cst.Index) else None
            step: cst.CSTNode = parent
        elif isinstance(parent, cst.Attribute) and parent.value is node:
            call = self.parent(parent)
            if not isinstance(call, cst.Call) or call.func is not parent:
                return [node]
            method = parent.attr.value
            if method == "keys" or (method in KEY_READERS and key is not None):
                return []  # the keys only
            if method in ("values", "items") and not call.args:
                return self._loop_uses(call, path, depth, pairs=method == "items")
            if method not in MAPPING_READS or not _is_get(call):
                return [node]
            arg = self._arg(call, 0, "key")
            picked = arg.value if arg is not None else None
            step = call
        elif isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
            if key is not None:
                return []  # iterating a dict gives its keys
            return self._loop_uses(node, path, depth, pairs=False)
        elif isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, (cst.In, cst.NotIn)):
            return []  # ``kind in MODELS``: a key test
        elif isinstance(parent, cst.Arg) and _called_name(self.parent(parent)) == "len":
            return []
        else:
            return [node]
        wanted = string_value(picked) if picked is not None else None
        if key is not None and wanted is not None and wanted != key:
            return []  # another entry
        return self._onward(step, rest, depth + 1)

    def _loop_uses(
        self, iterated: cst.CSTNode, path: tuple[str | None, ...], depth: int, *, pairs: bool
    ) -> list[cst.CSTNode]:
        loop = self.parent(iterated)
        if not isinstance(loop, (cst.For, cst.CompFor)) or loop.iter is not iterated:
            return [iterated]
        target: cst.BaseExpression = loop.target
        if pairs:
            if not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
                return [iterated]
            target = target.elements[1].value
        if not isinstance(target, cst.Name):
            return [iterated]
        return [use for read in self.references(target) for use in self._onward(read, path[1:], depth + 1)]

    def _local_reads(self, node: cst.CSTNode) -> list[cst.CSTNode] | None:
        """Reads of the function-local name (or ``self`` attribute) ``node`` is assigned to, else None."""
        parent = self.parent(node)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            scope = self.scope(target) if isinstance(target, cst.Name) else None
            if scope is not None and scope.kind == "function":
                return self.references(target)
            if isinstance(target, cst.Attribute) and target in self.self_targets:  # ``self.model = model``
                return self._self_reads(target, target.attr.value)
        return None

    def _outside_reads(self, anchor: cst.CSTNode, attr: str) -> list[cst.CSTNode]:
        """Reads of the field ``attr`` of the class around ``anchor`` through a class or instance name."""
        cls = next((a for a in self.ancestors(anchor) if isinstance(a, cst.ClassDef)), None)
        return self.field_reads(cls, attr) if cls is not None else []

    def _construction_reads(self, arg: cst.Arg) -> list[cst.CSTNode] | None:
        """``cfg = ModelConfig(model=...)``: the reads of ``cfg.model`` (and any other read of ``cfg``,
        which takes the value where the tool cannot follow it); None when ``arg`` sets no field."""
        call = self.parent(arg)
        if not isinstance(call, cst.Call) or arg.keyword is None:
            return None
        owners = self._call_owners(call, frozenset())
        if not owners or any(o.cls is None for o in owners):
            return None
        reads = self.bound_reads(call)
        if reads is None:
            return [call]
        out: list[cst.CSTNode] = []
        for read in reads:
            outer = self.parent(read)
            if isinstance(outer, cst.Attribute) and outer.value is read:
                if outer.attr.value == arg.keyword.value:
                    out.append(outer)
                elif not isinstance(self.parent(outer), cst.Call):
                    continue  # another field read (``cfg.temperature``), not this value
                else:
                    out.append(read)  # a method call: the object goes where the tool cannot follow it
            else:
                out.append(read)
        return out

    def callers_passing(self, func: cst.FunctionDef, param: cst.Param) -> list[str]:
        """Calls (here, or in other files of the run) that pass ``param`` to ``func`` explicitly."""
        if param.default is None or param.star:
            return [f"`{param.name.value}` has no default"]
        params = list(func.params.posonly_params) + list(func.params.params)
        names = [p.name.value for p in params]
        skip = 1 if names and names[0] in ("self", "cls") else 0
        position = names.index(param.name.value) - skip if param in params else -1
        target = func.name.value
        if target == "__init__":
            cls = next((a for a in self.ancestors(func) if isinstance(a, cst.ClassDef)), None)
            target = cls.name.value if cls is not None else target
        found = []
        for call in self.calls:
            callee = call.func
            called = (
                callee.value
                if isinstance(callee, cst.Name)
                else callee.attr.value
                if isinstance(callee, cst.Attribute)
                else ""
            )
            if called != target:
                continue
            positional = [a for a in call.args if a.keyword is None]
            passes = (
                any(a.keyword is not None and a.keyword.value == param.name.value for a in call.args)
                or any(a.star for a in call.args)
                or 0 <= position < len(positional)
            )
            if passes:
                found.append(f"line {self.line(call)}")
        for use in self.links.used:
            if use.export.param == param.name.value and use.export.name == target and not use.export.client:
                found.append(f"{use.path}:{use.line}")
        return found

    def field_default(self, node: cst.CSTNode | None) -> bool:
        """``Field(default=...)`` / ``field(default=...)``: the argument becomes the attribute's value."""
        if not isinstance(node, cst.Arg) or (node.keyword is not None and node.keyword.value != "default"):
            return False
        call = self.parent(node)
        return isinstance(call, cst.Call) and bool(self.qualified(call.func) & FIELD_FACTORIES)

    def _self_reads(self, anchor: cst.CSTNode, attr: str) -> list[cst.CSTNode]:
        cls = next((a for a in self.ancestors(anchor) if isinstance(a, cst.ClassDef)), None)
        return [
            read
            for read in self.self_reads
            if read.attr.value == attr
            and read not in self.self_targets
            and next((a for a in self.ancestors(read) if isinstance(a, cst.ClassDef)), None) is cls
        ]

    # --- arguments and edits ---------------------------------------------------

    @staticmethod
    def kwarg(call: cst.Call, name: str) -> cst.Arg | None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg
        return None

    @staticmethod
    def _arg(call: cst.Call, position: int, name: str) -> cst.Arg | None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if len(positional) > position:
            return positional[position]
        return Module.kwarg(call, name)

    @staticmethod
    def positional(call: cst.Call, position: int) -> cst.Arg | None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        return positional[position] if len(positional) > position else None

    @staticmethod
    def has_star_kwargs(call: cst.Call) -> bool:
        return any(a.star == "**" for a in call.args)

    def add_kwarg(self, call: cst.Call, name: str, value: str) -> Edit:
        """Insert ``name=value`` as the last argument of ``call``, in the call's own layout."""
        open_at = self._open_paren(call)
        close_at = self.span(call)[1] - 1
        last = call.args[-1] if call.args else None
        last_end = self.span(last)[1] if last is not None else None
        return self._append_item(open_at, close_at, last_end, f"{name}={value}")

    def add_dict_item(self, node: cst.Dict, key: str, value: str) -> Edit:
        """Insert ``key: value`` as the last item of the dict display ``node``."""
        start, end = self.span(node)
        last = node.elements[-1] if node.elements else None
        last_end = self.span(last)[1] if last is not None else None
        return self._append_item(start, end - 1, last_end, f"{key}: {value}")

    def _open_paren(self, call: cst.Call) -> int:
        func_end = self.span(call.func)[1]
        return self.text.index("(", func_end)

    def _append_item(self, open_at: int, close_at: int, last_end: int | None, item: str) -> Edit:
        text = self.text
        if last_end is None:
            between = text[open_at + 1 : close_at]
            if "\n" in between or "\r" in between:
                indent = self._indent_of(open_at) + "    "
                return Edit(open_at + 1, open_at + 1, f"{self.newline}{indent}{item},")
            return Edit(open_at + 1, open_at + 1, item)
        tail = text[last_end:close_at]
        comma = _comma_offset(tail)
        multiline = "\n" in tail or "\r" in tail
        if comma is None:
            if multiline:
                indent = self._item_indent(open_at, last_end, tail)
                line_end = end_of_line(text, last_end)
                if line_end < close_at:
                    # ``x  # comment`` then ``)`` on its own line: add a comma after x, the item on a new line.
                    return Edit(last_end, line_end, f",{text[last_end:line_end]}{self.newline}{indent}{item}")
            return Edit(last_end, last_end, f", {item}")
        after_comma = last_end + comma + 1
        if multiline and ("\n" in tail[comma:] or "\r" in tail[comma:]):
            line_end = end_of_line(text, after_comma)
            nl_len = 2 if text.startswith("\r\n", line_end) else 1
            insert_at = line_end + nl_len
            indent = self._item_indent(open_at, last_end, tail)
            return Edit(insert_at, insert_at, f"{indent}{item},{self.newline}")
        return Edit(after_comma, after_comma, f" {item},")

    def _item_indent(self, open_at: int, last_end: int, tail: str) -> str:
        """The indent of an item inserted on a line of its own after the item ending at ``last_end``.

        When the items start on their own lines, that line's indent. When they share the opening
        bracket's line (``f(a, b,`` then a comment line), the indent of the first line below them
        that holds more than the closing bracket, else the column of the first item.
        """
        if self.index.position(last_end - 1)[0] != self.index.position(open_at)[0]:
            return self._indent_of(last_end - 1)
        for line in tail.splitlines()[1:]:
            stripped = line.lstrip(" \t")
            if stripped and stripped[0] not in ")]}":
                return line[: len(line) - len(stripped)]
        first = _BLANKS.match(self.text, open_at + 1)
        column = self.index.position(open_at)[1] + (first.end() - first.start() if first else 0)
        return " " * column

    def _indent_of(self, offset: int) -> str:
        line, _ = self.index.position(offset)
        start = self.index.starts[line - 1]
        match = re.match(r"[ \t]*", self.text[start:])
        return match.group(0) if match else ""

    def dict_value_source(self, value: object, quote: str = '"') -> str:
        """A Python literal for ``value`` (dicts of strings), quoted like the surrounding code."""
        if isinstance(value, dict):
            items = ", ".join(
                f"{self.dict_value_source(k, quote)}: {self.dict_value_source(v, quote)}"
                for k, v in value.items()
            )
            return "{" + items + "}"
        if isinstance(value, bool):
            return "True" if value else "False"
        if isinstance(value, str):
            return f"{quote}{value}{quote}"
        raise AssertionError(f"unreachable: cannot render {value!r}")

    @staticmethod
    def dict_get(node: cst.Dict, key: str) -> cst.DictElement | None:
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == key:
                return element
        return None

    @staticmethod
    def dict_has_star(node: cst.Dict) -> bool:
        return any(isinstance(e, cst.StarredDictElement) for e in node.elements)

    def add_import(self, module_name: str, name: str) -> Edit | None:
        """``from module_name import name`` after the module's leading imports (so before any use of
        the name: a notebook's first cell), unless a top-level statement binds the name already."""
        if name in _top_level_names(self.tree):
            return None
        last: cst.CSTNode | None = None
        for stmt in self.tree.body:
            small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and stmt.body else None
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                last = stmt
            elif isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString) and last is None:
                last = stmt  # the module docstring
            else:
                break
        line = f"from {module_name} import {name}{self.newline}"
        if last is None:
            return Edit(0, 0, line)
        end = self.span(last)[1]
        nl = end_of_line(self.text, end)
        nl_len = 2 if self.text.startswith("\r\n", nl) else 1
        at = min(nl + nl_len, len(self.text))
        if at == len(self.text) and not self.text.endswith(("\n", "\r")):
            return Edit(at, at, self.newline + line.rstrip("\r\n"))
        return Edit(at, at, line)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        parent = self.parent(node)
        while parent is not None:
            yield parent
            parent = self.parent(parent)


# The expressions that build a string from parts (``.format`` calls are tested by :func:`is_composed`).
_COMPOSING = (cst.FormattedString, cst.ConcatenatedString, cst.BinaryOperation, cst.Call)


def is_composed(expr: cst.BaseExpression) -> bool:
    """``f"..."``, ``"a" "b"``, ``a + b``, ``"..." % x``, ``"...".format(x)``: a string built from parts."""
    if isinstance(expr, (cst.FormattedString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.BinaryOperation):
        return isinstance(expr.operator, cst.Add) or (
            isinstance(expr.operator, cst.Modulo) and isinstance(expr.left, cst.SimpleString)
        )
    return (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "format"
        and isinstance(expr.func.value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _dead_for(module: Module, ref: Binding, read: cst.Name) -> bool:
    """An assignment overwritten on every path before ``read`` (:mod:`migrate.python.overwrite`)."""
    if ref.kind != "assign" or not isinstance(ref.node, cst.Name):
        return False
    from migrate.python.overwrite import overwritten

    return overwritten(module, ref.node, read)


def _has_concatenation(module: Module) -> bool:
    parents = module.names.parents
    return any(
        isinstance(parents.get(node), (cst.ConcatenatedString, cst.BinaryOperation))
        for node in module.strings
    )


def _in_target(module: Module, element: cst.CSTNode) -> bool:
    """An element of a tuple or list that is an assignment target (``X[k], y = ...``)."""
    node: cst.CSTNode | None = element
    while isinstance(node, (cst.Element, cst.Tuple, cst.List)):
        node = module.parent(node)
    return isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor))


def _called_name(node: cst.CSTNode | None) -> str | None:
    return node.func.value if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) else None


# Mapping reads with a possible default: ``X.get(key, default)``, and ``X.pop(...)`` and
# ``X.setdefault(...)``, which return the same value (``model = kwargs.pop("model", "deepseek-chat")``).
MAPPING_READS = frozenset({"get", "pop", "setdefault"})


def _is_get(node: cst.CSTNode) -> bool:
    """``X.get(...)`` (or ``pop``, ``setdefault``): a mapping read with a possible default."""
    return (
        type(node) is cst.Call
        and type(node.func) is cst.Attribute
        and node.func.attr.value in MAPPING_READS
        and bool(node.args)
    )


def _top_level_names(tree: cst.Module) -> set[str]:
    """The names the module's top-level statements bind: imports, assignments, defs and classes."""
    names: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            names.add(stmt.name.value)
            continue
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and isinstance(small.names, Sequence):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(bound, (cst.Name, cst.Attribute)):
                        names.add(dotted(bound).partition(".")[0])
            elif isinstance(small, cst.Assign):
                names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                names.add(small.target.value)
    return names


def _class_level_value(small: cst.BaseSmallStatement, attr: str) -> cst.BaseExpression | None:
    """The value of ``attr = ...`` / ``attr: T = ...`` in a class body, if ``small`` is that statement."""
    if isinstance(small, cst.Assign) and any(
        isinstance(t.target, cst.Name) and t.target.value == attr for t in small.targets
    ):
        return small.value
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.target.value == attr:
        return small.value
    return None


def _name_pattern(rules: Rules) -> re.Pattern[str]:
    return re.compile(rules.model_id_regex(current=True))


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal, else None."""
    if type(node) is cst.SimpleString:
        prefix = node.prefix
        if "b" not in prefix and "B" not in prefix:
            quote = node.quote
            body = node.value[len(prefix) + len(quote) : -len(quote)]
            if "\\" not in body and "\r" not in body:
                return body  # no escapes, no line endings to normalise: the text is the value
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    return None


def _comma_offset(tail: str) -> int | None:
    """Offset of the first comma in ``tail`` that is code, not inside a comment."""
    i = 0
    while i < len(tail):
        ch = tail[i]
        if ch == "#":
            while i < len(tail) and tail[i] not in "\r\n":
                i += 1
            continue
        if ch == ",":
            return i
        i += 1
    return None


def _short(source: str, limit: int = 40) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_WHOLE_WORDS: dict[str, re.Pattern[str]] = {}


def _whole_word(word: str) -> re.Pattern[str]:
    pattern = _WHOLE_WORDS.get(word)
    if pattern is None:
        # The literal first, the boundaries after: re finds a literal prefix fast.
        escaped = re.escape(word)
        pattern = _WHOLE_WORDS[word] = re.compile(rf"{escaped}(?!\w)(?<!\w{escaped})")
    return pattern


def retired_mentions(text: str, rules: Rules) -> Iterator[tuple[int, int, str]]:
    """Every whole-word occurrence of a retired name in ``text`` (the plain-text backstop)."""
    pattern = re.compile(NAME_BOUNDARY_BEFORE + "(" + rules.names_regex() + ")" + NAME_BOUNDARY_AFTER)
    for match in pattern.finditer(text):
        yield match.start(), match.end(), match.group(1)


def dotted(node: cst.CSTNode) -> str:
    # Exact type tests: libcst has no subclasses of these, and isinstance on its (ABC) node
    # classes is a Python call; adapters ask this of every callee.
    if type(node) is cst.Name:
        return node.value
    if type(node) is cst.Attribute:
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    if type(node) is cst.Call:
        base = dotted(node.func)
        return f"{base}()" if base else ""
    return ""
