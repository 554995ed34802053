"""Cross-module links: retired names defined in one module and sent from another.

A model name usually lives in ``config.py`` and is used elsewhere. Before the
per-file pass, this module finds (with ``ast``, which is ten times cheaper than
libcst) the public module-level constants bound to retired literals in the
candidate files, then the other Python files of the run that import them
(``from app.config import MODEL``, ``from .config import *``,
``import app.config as cfg`` + ``cfg.MODEL``, ``from app import config`` +
``config.MODEL``). A bytes search for the exported names keeps this to the few
files that can matter.

We build this small import graph ourselves rather than use libcst's
``FullRepoManager``: it needs a fixed file list up front and computes full
qualified names for every file, which costs a parse of every file in the repo;
here only files containing an exported name are parsed, with ``ast``.
"""

from __future__ import annotations

import ast
import bisect
import functools
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from migrate.hosts import DEEPSEEK, Host, is_deepseek_url, join_hosts, url_host, vendor_of
from migrate.rulepack import Rules
from migrate.textedit import NEWLINE_BYTES

TYPE_CHECKING = False  # typing's flag, without importing typing
if TYPE_CHECKING:
    from migrate.model import Export, Links, Place
    from migrate.python.forwarding import Target

    ExportIndex = dict[str, dict[str, Export]]  # module -> exported name -> export


def module_name(path: Path) -> str:
    """Dotted module name from the package structure (``__init__.py`` folders) around ``path``."""
    parts = [path.stem] if path.stem != "__init__" else []
    directory = path.parent
    while (directory / "__init__.py").is_file():
        parts.insert(0, directory.name)
        if directory.parent == directory:
            break
        directory = directory.parent
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.stem == "__init__"


def module_facts(
    path: Path, shown: str, data: bytes, rules: Rules
) -> tuple[list[Export], list[ImportRow], tuple[int, ...], tuple[ModelCall, ...]]:
    """One parse of a candidate file, for the cross-module pass: the public names it binds to a retired
    model id (module constants, parameter defaults), its import statements (:func:`import_table`),
    where its top-level statements start (:func:`statement_lines`), and its calls with a model keyword
    (:func:`model_calls`, for the forwarding pass)."""
    tree = parse_ast(data)
    if tree is None:
        return [], [], (), ()
    module = module_name(path)  # looks for __init__.py files up the tree: once per file
    return (
        _exports(tree, module, shown, data, rules),
        _import_rows(tree, path, module),
        statement_lines(tree),
        model_calls(tree, data, rules),
    )


# A call with a model keyword (``chat(model=...)``), as the forwarding pass needs it: the callee as
# spelt (``chat``, ``llm.chat``), and for each model keyword the (line, column) of the retired literal
# it passes, or None when it passes anything else.
ModelCall = tuple[str, tuple["tuple[int, int] | None", ...]]


def model_calls(tree: ast.Module, data: bytes, rules: Rules) -> tuple[ModelCall, ...]:
    """The calls of a dotted name with a model keyword (:data:`CALLER_MODEL_KEYWORDS`), in the
    top-level statements that spell such a keyword (:func:`_nodes_near`): made where the module is
    parsed anyway, so the forwarding pass (:func:`imported_targets`) parses no caller again."""
    if b"model" not in data:
        return ()
    near = _match_lines(data, MODEL_KEYWORD)
    if near == []:
        return ()
    retired = re.compile(rules.names_regex())
    lines: list[bytes] | None = None
    out: list[ModelCall] = []
    for node in _nodes_near(tree, near):
        if not isinstance(node, ast.Call):
            continue
        keywords = [k.value for k in node.keywords if k.arg in CALLER_MODEL_KEYWORDS]
        local = _dotted_ast(node.func) if keywords else ""
        if not local:
            continue
        places: list[tuple[int, int] | None] = []
        for value in keywords:
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and retired.search(value.value)
            ):
                lines = data.splitlines() if lines is None else lines
                text = lines[value.lineno - 1][: value.col_offset] if value.lineno <= len(lines) else b""
                places.append((value.lineno, len(text.decode("utf-8", "replace")) + 1))  # ast counts bytes
            else:
                places.append(None)
        out.append((local, tuple(places)))
    return tuple(out)


def statement_lines(tree: ast.Module) -> tuple[int, ...]:
    """The first line of each top-level statement, its decorators included."""
    return tuple(
        min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())]) for stmt in tree.body
    )


def parse_ast(source: str | bytes) -> ast.Module | None:
    """CPython's tree of ``source``, or None when it does not parse.

    Its warnings (an invalid escape is a SyntaxWarning from Python 3.12) are the
    file's own business, not lines for this tool to print.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


def _exports(tree: ast.Module, module: str, shown: str, data: bytes, rules: Rules) -> list[Export]:
    from migrate.model import Export

    renames = rules.renames
    pattern = re.compile(rules.model_id_regex())
    hit_lines = _hit_lines(data, rules)
    out: list[Export] = []
    for owner, func in _functions(tree):
        # Callers spell a constructor by its class name.
        called = owner.name if isinstance(owner, ast.ClassDef) and func.name == "__init__" else func.name
        found = _param_exports(func, called, shown, module, pattern, rules, hit_lines)
        if _public(tree, owner, func):  # other modules call only public functions and classes
            found += _client_param_exports(owner, func, called, shown, module, hit_lines)
        if isinstance(owner, ast.ClassDef) and func.name != "__init__":
            found = [replace(e, method=True) for e in found]
        out.extend(found)
    if hit_lines:
        out.extend(_client_field_exports(tree, shown, module))
    fields: dict[str, list[Export]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found = _field_exports(node, shown, module, pattern, rules)
            if found:
                fields[node.name] = [e for e in found if e.param is None]
                out.extend(found)
    out.extend(_nested_field_exports(tree, fields))
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.Assign) or (isinstance(node, ast.AnnAssign) and node.value is not None):
            out.extend(_instance_exports(node, fields))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and fields:
            out.extend(_factory_exports(node, fields))
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, (ast.Dict, ast.List, ast.Tuple)):
            for target in targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    out.extend(_registry_exports(value, target.id, module, shown, pattern, rules))
            continue
        variable = _getenv_variable(value)
        value = _getenv_default(value) or value
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        match = pattern.fullmatch(value.value)
        if match is None:
            continue
        rename = renames[match.group("name")]
        for target in targets:
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                out.append(
                    Export(
                        path=shown,
                        module=module,
                        name=target.id,
                        old=value.value,
                        new=match.group("prefix") + rename.new,
                        thinking=rename.thinking,
                        line=node.lineno,
                        env=variable,
                    )
                )
    return out


GETENV = frozenset({"os.getenv", "os.environ.get", "getenv", "environ.get"})


def _getenv_default(value: ast.expr) -> ast.expr | None:
    """The default of ``os.getenv("VAR", default)`` (or ``os.environ.get``): what the name holds
    when the variable is unset."""
    if (
        isinstance(value, ast.Call)
        and len(value.args) == 2
        and not value.keywords
        and _dotted_ast(value.func) in GETENV
    ):
        return value.args[1]
    return None


def _getenv_variable(value: ast.expr) -> str | None:
    """The variable ``os.getenv("VAR", default)`` reads, when spelled as a literal."""
    if _getenv_default(value) is None:
        return None
    assert isinstance(value, ast.Call)
    name = value.args[0]
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        return name.value
    return "it reads"


def _dotted_ast(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted_ast(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


SETTINGS_BASE = "BaseSettings"  # pydantic-settings (and pydantic v1): fields read from the environment
FIELD_CALLS = frozenset({"Field", "field", "ib", "attrib"})  # pydantic, dataclasses, attrs


def _field_exports(
    cls: ast.ClassDef, shown: str, module: str, pattern: re.Pattern[str], rules: Rules
) -> list[Export]:
    """Class fields with a retired default (``model: str = "deepseek-chat"``, ``MODEL = ...``,
    ``Field(default=...)``), exported as ``Class.field``; an annotated field also as a parameter
    of the constructor (``Class(model=...)`` elsewhere sets it to a model the tool did not choose)."""
    from migrate.model import Export

    if cls.name.startswith("_"):
        return []
    settings = any(
        (base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else "")
        == SETTINGS_BASE
        for base in cls.bases
    )
    out = []
    position = 0
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            targets, value, annotated = [stmt.target.id], stmt.value, True
        elif isinstance(stmt, ast.Assign):
            targets = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            value, annotated = stmt.value, False
        else:
            continue
        if annotated:
            position += 1
        default = _field_default(value)
        if default is None or not isinstance(default.value, str):
            continue
        match = pattern.fullmatch(default.value)
        if match is None:
            continue
        rename = rules.renames[match.group("name")]
        for attr in targets:
            export = Export(
                path=shown,
                module=module,
                name=f"{cls.name}.{attr}",
                old=default.value,
                new=match.group("prefix") + rename.new,
                thinking=rename.thinking,
                line=default.lineno,
                env=attr.upper() if settings else None,
            )
            out.append(export)
            if annotated:
                out.append(replace(export, name=cls.name, param=attr, position=position - 1))
    return out


def _nested_field_exports(tree: ast.Module, fields: dict[str, list[Export]]) -> list[Export]:
    """``llm: LLMSettings = LLMSettings()`` (or ``Field(default_factory=LLMSettings)``,
    ``field(default_factory=LLMSettings)``, the annotation alone) in a class of the module: the retired
    fields of ``LLMSettings`` also as ``Settings.llm.model`` (added to ``fields``, so an instance's
    exports carry them too). A pydantic BaseSettings around it reads ``LLM`` (or ``LLM__MODEL``) from
    the environment."""
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")]
    out: list[Export] = []
    for _ in range(3):  # a field of a field of a field
        added = []
        for cls in classes:
            settings = any(_dotted_ast(b).rpartition(".")[2] == SETTINGS_BASE for b in cls.bases)
            have = {e.name for e in fields.get(cls.name, [])}
            for stmt in cls.body:
                if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                    continue
                inner = _field_class(stmt)
                if inner is None or inner == cls.name or inner not in fields:
                    continue
                attr = stmt.target.id
                for export in fields[inner]:
                    rest = export.name.partition(".")[2]
                    name = f"{cls.name}.{attr}.{rest}"
                    if name in have:
                        continue
                    env = export.env
                    if settings:
                        env = f"{attr.upper()} (or {attr.upper()}__{rest.replace('.', '__').upper()})"
                    added.append(replace(export, name=name, env=env))
                    have.add(name)
        if not added:
            break
        for export in added:
            fields.setdefault(export.name.partition(".")[0], []).append(export)
        out.extend(added)
    return out


def _field_class(stmt: ast.AnnAssign) -> str | None:
    """The class of the module an annotated class field holds an instance of, by name: its default's
    constructor called with no arguments, its ``default_factory``, or (no default) its annotation."""
    value = stmt.value
    if value is None:
        return stmt.annotation.id if isinstance(stmt.annotation, ast.Name) else None
    if not isinstance(value, ast.Call):
        return None
    func = _dotted_ast(value.func)
    if func.rpartition(".")[2] in FIELD_CALLS:
        factory = [k.value for k in value.keywords if k.arg == "default_factory"]
        if len(factory) == 1 and isinstance(factory[0], ast.Name) and not value.args:
            return factory[0].id
        return None
    if isinstance(value.func, ast.Name) and not value.args and not value.keywords:
        return value.func.id
    return None


def _field_default(value: ast.expr | None) -> ast.Constant | None:
    """The constant a class field defaults to: the value itself, or ``Field(default)``'s."""
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in FIELD_CALLS:
            return None
        given = value.args[:1] + [k.value for k in value.keywords if k.arg == "default"]
        value = given[0] if given else None
    return value if isinstance(value, ast.Constant) else None


def _instance_exports(node: ast.Assign | ast.AnnAssign, fields: dict[str, list[Export]]) -> list[Export]:
    """``settings = Settings()``: the instance's fields that keep a retired default, as ``settings.field``."""
    value = node.value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in fields):
        return []
    if value.args or any(k.arg is None for k in value.keywords):
        return []  # positional or ``**`` arguments: which field they set is not followed
    passed = {k.arg for k in value.keywords}
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [
        replace(export, name=f"{target.id}.{export.name.partition('.')[2]}")
        for target in targets
        if isinstance(target, ast.Name) and not target.id.startswith("_")
        for export in fields[value.func.id]
        if export.name.split(".")[1] not in passed
    ]


def _factory_exports(
    func: ast.FunctionDef | ast.AsyncFunctionDef, fields: dict[str, list[Export]]
) -> list[Export]:
    """``def get_settings(): return Settings()`` (often ``lru_cache``d): its instance's fields, as
    ``get_settings().field``."""
    if func.name.startswith("_") or isinstance(func, ast.AsyncFunctionDef):
        return []
    made: set[str] = set()
    for node in _statements(func.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return []  # a nested definition's returns are not the function's: do not guess
        if isinstance(node, ast.Return):
            value = node.value
            if not (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in fields
                and not value.args
                and not value.keywords
            ):
                return []
            made.add(value.func.id)
    if len(made) != 1:
        return []
    cls = made.pop()
    return [replace(e, name=f"{func.name}().{e.name.partition('.')[2]}") for e in fields[cls]]


def _registry_exports(
    display: ast.Dict | ast.List | ast.Tuple,
    name: str,
    module: str,
    shown: str,
    pattern: re.Pattern[str],
    rules: Rules,
) -> list[Export]:
    """The retired literals of a registry (a dict or list display, nested ones included), by their keys."""
    from migrate.model import Export

    out: list[tuple[int, Export]] = []
    stack: list[tuple[ast.expr, tuple[str | None, ...]]] = [(display, ())]
    while stack:
        node, keys = stack.pop()
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                named = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
                stack.append((value, (*keys, named)))
        elif isinstance(node, (ast.List, ast.Tuple)):
            stack.extend((element, (*keys, None)) for element in node.elts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and keys:
            match = pattern.fullmatch(node.value)
            if match is not None:
                rename = rules.renames[match.group("name")]
                out.append((node.col_offset, Export(
                    path=shown, module=module, name=name, old=node.value,
                    new=match.group("prefix") + rename.new, thinking=rename.thinking,
                    line=node.lineno, keys=keys,
                )))  # fmt: skip
    # In source order: the first entry stands for the registry (:func:`export_index`).
    return [export for _, export in sorted(out, key=lambda pair: (pair[1].line, pair[0]))]


_COMPOUND = (
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)  # fmt: skip


# node type -> (its statement-list fields, whether it has handlers, whether it has cases)
_BLOCK_FIELDS: dict[type, tuple[tuple[str, ...], bool, bool]] = {}


def _blocks(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists directly inside ``node`` (a module or a compound statement)."""
    spec = _BLOCK_FIELDS.get(type(node))
    if spec is None:
        fields = node._fields  # ``match`` has cases and no body
        names: tuple[str, ...] = tuple(n for n in ("body", "orelse", "finalbody") if n in fields)
        spec = _BLOCK_FIELDS[type(node)] = (names, "handlers" in fields, "cases" in fields)
    names, handlers, cases = spec
    blocks: list[list[ast.stmt]] = []
    for name in names:
        block = getattr(node, name)
        if block:
            blocks.append(block)
    if handlers:
        blocks.extend(h.body for h in node.handlers)  # type: ignore[attr-defined]
    if cases:
        blocks.extend(c.body for c in node.cases)  # type: ignore[attr-defined]
    return blocks


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in ``body``, nested ones included (no expression is visited: imports and
    definitions are statements, and a module has fifty times more expression nodes)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _COMPOUND):
            for block in reversed(_blocks(node)):
                stack.extend(reversed(block))


def _functions(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Each function definition with the node whose body holds it (the module, a class, a function, a block)."""
    stack: list[ast.AST] = [tree]
    while stack:
        owner = stack.pop()
        for block in _blocks(owner):
            for stmt in block:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield owner, stmt
                if isinstance(stmt, _COMPOUND):
                    stack.append(stmt)


def _hit_lines(data: bytes, rules: Rules) -> list[int]:
    """Line numbers (1-based, sorted) that mention a retired name."""
    pattern = re.compile(rules.names_regex().encode())
    out = []
    line, pos = 1, 0
    for match in pattern.finditer(data):  # lines counted on from the last hit: linear in the file
        line += len(NEWLINE_BYTES.findall(data, pos, match.start()))
        pos = match.start()
        out.append(line)
    return out


def _param_exports(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    called: str,
    shown: str,
    module: str,
    pattern: re.Pattern[str],
    rules: Rules,
    hit_lines: list[int],
) -> list[Export]:
    """Parameters whose default is a retired name, or that fall back to one (``model or "deepseek-chat"``)."""
    from migrate.model import Export

    args = func.args
    end = func.end_lineno or func.lineno
    if not any(func.lineno <= line <= end for line in hit_lines):
        return []  # a default or a fallback that names a retired model would be on one of these lines
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
    names = [a.arg for a in positional]
    skip = 1 if names and names[0] in ("self", "cls") else 0
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    by_name = {a.arg: a for a in positional + args.kwonlyargs}
    for node in ast.walk(func):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            used = [v.id for v in node.values if isinstance(v, ast.Name) and v.id in by_name]
            fallbacks = [v for v in node.values if isinstance(v, ast.Constant)]
            pairs += [(by_name[n], c) for n in used for c in fallbacks]
    out = []
    for arg, default in pairs:
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            match = pattern.fullmatch(default.value)
            if match is not None:
                rename = rules.renames[match.group("name")]
                out.append(
                    Export(
                        path=shown, module=module, name=called, old=default.value,
                        new=match.group("prefix") + rename.new, thinking=rename.thinking,
                        line=default.lineno, param=arg.arg,
                        position=names.index(arg.arg) - skip if arg.arg in names else -1,
                    )
                )  # fmt: skip
    return out


def _public(tree: ast.Module, owner: ast.AST, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A public function of the module, or ``__init__`` or a public method of a public class of it."""
    if owner is tree:
        return not func.name.startswith("_")
    return (
        isinstance(owner, ast.ClassDef)
        and owner in tree.body
        and not owner.name.startswith("_")
        and (func.name == "__init__" or not func.name.startswith("_"))
    )


def _client_param_exports(
    owner: ast.AST,
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    called: str,
    shown: str,
    module: str,
    hit_lines: list[int],
) -> list[Export]:
    """Parameters that carry a client object to a request naming a retired model: the receiver of a
    method chain (``client.chat.completions.create(...)``), or, in ``__init__``, a value kept on
    ``self`` (``self.client = client``). Their callers in other files say where the client sends."""
    from migrate.enums import Thinking
    from migrate.model import Export

    init = isinstance(owner, ast.ClassDef) and func.name == "__init__"
    span = owner if isinstance(owner, ast.ClassDef) and init else func
    start, end = span.lineno, span.end_lineno or span.lineno
    if not any(start <= line <= end for line in hit_lines):
        return []
    args = func.args
    positional = args.posonlyargs + args.args
    names = [a.arg for a in positional]
    skip = 1 if isinstance(owner, ast.ClassDef) and names and names[0] in ("self", "cls") else 0
    candidates = set(names[skip:]) | {a.arg for a in args.kwonlyargs}
    used: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            root, depth = node.func, 0
            while isinstance(root, ast.Attribute):
                root, depth = root.value, depth + 1
            if depth >= 2 and isinstance(root, ast.Name) and root.id in candidates:
                used.add(root.id)
            used.update(
                k.value.id
                for k in node.keywords
                if k.arg in CLIENT_KEYWORDS and isinstance(k.value, ast.Name) and k.value.id in candidates
            )
        elif init and isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and _dotted(t.value) == "self" for t in targets):
                used.update(
                    n.id for n in ast.walk(node.value) if isinstance(n, ast.Name) and n.id in candidates
                )
    return [
        Export(
            path=shown, module=module, name=called, old="", new="", thinking=Thinking.DISABLED,
            line=func.lineno, param=name, position=names.index(name) - skip if name in names else -1,
            method=isinstance(owner, ast.ClassDef) and not init, client=True,
        )
        for name in sorted(used)
    ]  # fmt: skip


def _client_field_exports(tree: ast.Module, shown: str, module: str) -> list[Export]:
    """Declared fields of the module's public classes (``client: OpenAI`` in a dataclass or a pydantic
    model, no default) that the module uses as a client (``deps.client.chat.completions.create(...)``,
    ``self.client.messages.create(...)``): constructions in other files (``Deps(client=OpenAI(...))``)
    say where the client sends, as for a parameter of ``__init__``."""
    from migrate.enums import Thinking
    from migrate.model import Export

    if not any(
        isinstance(stmt, ast.AnnAssign) and stmt.value is None
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for stmt in cls.body
    ):
        return []  # no declared field without a default: no walk
    receivers: set[str] = set()  # ``x.<field>.a.b(...)``: the field is the receiver of a method chain
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            root, depth = node.func, 0
            while isinstance(root, ast.Attribute):
                if depth >= 2:
                    receivers.add(root.attr)
                root, depth = root.value, depth + 1
    out: list[Export] = []
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef) or cls.name.startswith("_"):
            continue
        plain = not cls.bases and any(
            _dotted_ast(d.func if isinstance(d, ast.Call) else d).rpartition(".")[2] == "dataclass"
            for d in cls.decorator_list
        )
        position = 0
        for stmt in cls.body:
            if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
                continue
            if "ClassVar" in ast.unparse(stmt.annotation):
                continue
            name, index = stmt.target.id, position
            position += 1
            if stmt.value is None and name in receivers:
                out.append(
                    Export(
                        path=shown, module=module, name=cls.name, old="", new="", thinking=Thinking.DISABLED,
                        line=cls.lineno, param=name, position=index if plain else -1, client=True,
                    )
                )  # fmt: skip
    return out


# Keywords that hand a client to the object that sends the request (``OpenAIChatCompletionsModel(
# openai_client=client)``, pydantic-ai's ``provider=``).
CLIENT_KEYWORDS = frozenset({"client", "openai_client", "async_client", "provider"})
# The client classes whose base URL a caller's ``ast`` is read for (``OpenAI(base_url="...")``).
CLIENT_CLASSES = frozenset({"OpenAI", "AsyncOpenAI", "Anthropic", "AsyncAnthropic"})


def passing_calls(
    data: bytes,
    exports: Iterable[Export],
    file: Path | None = None,
    defined: Iterable[tuple[str, str]] = (),
) -> tuple[list[tuple[Export, int]], list[tuple[Export, int, Host]]]:
    """One parse of another file: its calls that pass a parameter whose default is an export
    (:func:`calls_passing`), and those that pass a client to a parameter of
    :func:`_client_param_exports`, with where that client sends: DeepSeek or another host only for
    a client built right there, or bound only to such clients in that file, with a literal base
    URL; unknown otherwise."""
    tree = parse_ast(data)
    if tree is None:
        return [], []
    plain: list[tuple[Export, int]] = []
    clients: list[tuple[Export, int, Host]] = []
    scope: list[_FileNames] = []
    for export, call in _passing(tree, exports, file, defined, scope):
        if not export.client:
            plain.append((export, call.lineno))
            continue
        arg = _argument(call, export)
        host = (
            Host(unknown=f"the call at line {call.lineno} unpacks its arguments")
            if arg is None
            else _passed_host(tree, arg, scope[0] if scope else None)
        )
        clients.append((export, call.lineno, host))
    return plain, clients


def _argument(call: ast.Call, export: Export) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == export.param:
            return keyword.value
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    return call.args[export.position] if 0 <= export.position < len(call.args) else None


def _passed_host(tree: ast.Module, value: ast.expr, scope: _FileNames | None) -> Host:
    shown = f"`{ast.unparse(value)[:60]}`"
    if isinstance(value, ast.Call):
        return _ctor_host(value, scope, shown)
    if isinstance(value, ast.Name):
        bound = [
            n.value
            for n in ast.walk(tree)
            if (
                isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == value.id for t in n.targets)
            )
            or (isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == value.id)
        ]
        if bound and all(isinstance(b, ast.Call) for b in bound):
            return join_hosts(
                (_ctor_host(b, scope, shown), f"at line {b.lineno}") for b in bound if isinstance(b, ast.Call)
            )
    return Host(unknown=f"{shown} is not a client the tool can trace")


def _ctor_host(call: ast.Call, scope: _FileNames | None, shown: str) -> Host:
    spelled = _dotted(call.func)
    head, _, _ = spelled.partition(".")
    source = scope.names.get(head, []) if scope is not None else []
    packages = [m.partition(".")[0] for m, _ in source] + [
        m.partition(".")[0] for m in (scope.modules.get(head, []) if scope else [])
    ]
    vendor = vendor_of(packages)
    if vendor is not None:
        return Host(other=vendor)
    if spelled.rpartition(".")[2] not in CLIENT_CLASSES:
        return Host(unknown=f"{shown} is not a client the tool can trace")
    base = next((k.value for k in call.keywords if k.arg == "base_url"), None)
    url = base.value if isinstance(base, ast.Constant) and isinstance(base.value, str) else None
    if url is not None and is_deepseek_url(url):
        return DEEPSEEK
    if url is not None and url_host(url) is not None:
        return Host(other=url)
    return Host(unknown=f"{shown} sets no base URL the tool can see")


def top_level_names(data: bytes) -> set[str]:
    """The functions and classes a file defines at its top level (not what it imports)."""
    tree = parse_ast(data)
    body = tree.body if tree is not None else []
    return {n.name for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def calls_passing(
    path: str,
    data: bytes,
    exports: Iterable[Export],
    file: Path | None = None,
    defined: Iterable[tuple[str, str]] = (),
) -> list[tuple[Export, int]]:
    """Calls in another file of the functions whose parameter defaults are exports, passing that parameter.

    A callee is resolved through the file's imports when ``file`` is given: ``ask()``
    is the export's function when the file imports it from the export's module (or a
    package above it, which may re-export it), or star-imports, or does not bind the
    name at all; not when the file defines its own ``ask`` or imports it from a module
    that defines its own (``defined``: module and name pairs of the run's top-level definitions).
    ``mod.ask()`` is it when ``mod`` names the export's module (or a package above it).
    A method (``obj.ask()``) is matched by its name: the object's class is not known.
    """
    return passing_calls(data, [e for e in exports if not e.client], file, defined)[0]


def _passing(
    tree: ast.Module,
    exports: Iterable[Export],
    file: Path | None,
    defined: Iterable[tuple[str, str]],
    made: list[_FileNames],
) -> Iterator[tuple[Export, ast.Call]]:
    """The calls of ``tree`` that pass an export's parameter; ``made`` gets the file's names."""
    by_name: dict[str, list[Export]] = {}
    for export in exports:
        if export.param is not None:
            by_name.setdefault(export.name, []).append(export)
    definers = {(e.module, e.name) for found in by_name.values() for e in found} | set(defined)
    scope = _FileNames(tree, file, definers) if file is not None else None
    if scope is not None:
        made.append(scope)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            name = func.attr
        elif isinstance(func, ast.Name):
            name = (scope.imported_as(func.id) if scope is not None else None) or func.id
        else:
            continue
        for export in by_name.get(name, []):
            if scope is not None and not scope.may_call(func, export):
                continue
            keywords = {k.arg for k in node.keywords}
            starred = any(isinstance(a, ast.Starred) for a in node.args)
            positional = 0 <= export.position < len(node.args)
            if export.param in keywords or None in keywords or starred or positional:
                yield export, node


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def _related(module: str, target: str) -> bool:
    """``module`` is ``target`` or a package above it (which may re-export its names)."""
    return module == target or target.startswith(module + ".")


class _FileNames:
    """What the names of one file are bound to: imports (by their source) and its own definitions."""

    def __init__(self, tree: ast.Module, file: Path, definers: set[tuple[str, str]]) -> None:
        self.definers = definers  # (module, function) pairs that define a function with such a default
        self.modules: dict[str, list[str]] = {}  # a local name bound to a module: ``import a.b as x``
        self.names: dict[str, list[tuple[str, str]]] = {}  # ``from m import n as x``: x -> (m, n)
        self.stars: list[str] = []  # modules star-imported
        for base, name, alias in _import_rows(tree, file, module_name(file)):
            if base is None:
                local = alias or name.partition(".")[0]
                self.modules.setdefault(local, []).append(name if alias else local)
            elif name == "*":
                self.stars.append(base)
            else:
                self.names.setdefault(alias or name, []).append((base, name))
        self.tree = tree

    @functools.cached_property
    def defined(self) -> set[str]:
        """The names the file binds itself (definitions, assignments): asked for a called name only."""
        return {
            n.name
            for n in ast.walk(self.tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        } | {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}

    def imported_as(self, local: str) -> str | None:
        """The original name a local name is imported under (``from m import ask as a``: ``ask``), if one."""
        rows = self.names.get(local)
        return rows[0][1] if rows and len({n for _, n in rows}) == 1 else None

    def may_call(self, func: ast.expr, export: Export) -> bool:
        if isinstance(func, ast.Name):
            rows = self.names.get(func.id)
            if rows:
                return any(n == export.name and self._from(m, n, export) for m, n in rows)
            # The file's own function of that name is not it; a star-imported or unseen binding may be.
            return func.id not in self.defined
        if not isinstance(func, ast.Attribute):
            return False
        base = func.value
        dotted = _dotted(base)
        head, _, rest = dotted.partition(".")
        if head in self.modules:  # ``llm.ask()``, ``app.llm.ask()`` after ``import app.llm``
            return any(
                self._from(f"{m}.{rest}" if rest else m, func.attr, export) for m in self.modules[head]
            )
        if isinstance(base, ast.Name):
            rows = self.names.get(base.id)
            if rows:  # ``from app import llm`` (a module) or ``from app.llm import Bot`` (a class)
                return any(
                    self._from(f"{m}.{n}", func.attr, export) or _related(m, export.module) for m, n in rows
                )
        return export.method  # a method of an object of unknown class: matched by name

    def _from(self, module: str, name: str, export: Export) -> bool:
        """Whether ``module.name`` may be the export's function: its own module or a package above it,
        or a module that does not define its own function of that name (it may re-export it)."""
        return _related(module, export.module) or (module, name) not in self.definers


def mentions_any(exports: Iterable[Export]) -> Callable[[bytes], bool]:
    """A test: does the text spell one of the exports' names as a whole identifier?

    With many names, one pass that collects the identifiers of the text and a set
    lookup beats a regex alternation, which tries every name at every position.
    """
    exports = list(exports)
    plain = [e for e in exports if export_head(e) == e.name]
    fields = [e for e in exports if export_head(e) != e.name]
    test = _mentions_names(plain) if plain else None
    if not fields:
        assert test is not None
        return test
    # ``settings.llm_model``: names such as ``settings`` are everywhere; an importer also spells a
    # part of the defining module's path (``from app.core.config import settings``, ``from app.core
    # import settings`` after a re-export, ``from .config import settings``).
    heads = _mentions_names(fields)
    parts = {part for e in fields for part in e.module.split(".") if part}
    where = re.compile(rb"\b(?:" + b"|".join(re.escape(p.encode()) for p in sorted(parts)) + rb")\b")

    def mentions(data: bytes) -> bool:
        if test is not None and test(data):
            return True
        return heads(data) and where.search(data) is not None

    return mentions


def _mentions_names(exports: list[Export]) -> Callable[[bytes], bool]:
    names = {export_head(e) for e in exports}  # ``settings.llm_model`` is imported as ``settings``
    exact: Callable[[bytes], bool]
    if len(names) > 16 and all(n.isascii() for n in names):
        encoded = {n.encode() for n in names}
        exact = lambda data: not encoded.isdisjoint(_IDENTIFIER.findall(data))  # noqa: E731
    else:
        search = name_pattern(exports).search
        exact = lambda data: search(data) is not None  # noqa: E731
    if len(names) > MENTION_SUBSTRINGS:
        return exact
    # Most files name none of them: a name spelt as a whole identifier is in the bytes as a
    # substring, and ``bytes in`` finds one far faster than either exact test scans a file.
    words = [n.encode() for n in names]
    return lambda data: any(w in data for w in words) and exact(data)


# Up to this many names, each is first looked for as a plain substring (one fast pass per name).
MENTION_SUBSTRINGS = 32


_IDENTIFIER = re.compile(rb"\w+")


def export_head(export: Export) -> str:
    """The name an importer spells: ``settings`` for ``settings.llm_model``, ``get_settings`` for
    ``get_settings().llm_model``."""
    return re.split(r"[.(]", export.name, maxsplit=1)[0]


def name_pattern(exports: Iterable[Export]) -> re.Pattern[bytes]:
    names = sorted({export_head(e) for e in exports}, key=len, reverse=True)
    return re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b")


# One import: (module it names or None for ``import x``, imported name or dotted module, alias)
ImportRow = tuple[str | None, str, str | None]


def import_table(path: Path, data: bytes) -> list[ImportRow]:
    """Every import statement of the file, with relative modules made absolute (one parse)."""
    tree = parse_ast(data)
    return [] if tree is None else _import_rows(tree, path, module_name(path))


def _import_rows(tree: ast.Module, path: Path, here: str) -> list[ImportRow]:
    package = here if _is_package(path) else here.rpartition(".")[0]
    rows: list[ImportRow] = []
    for node in _statements(tree.body):
        if isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if base is not None:
                rows.extend((base, alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.Import):
            rows.extend((None, alias.name, alias.asname) for alias in node.names)
    return rows


def resolve_imports(rows: list[ImportRow], exports: Iterable[Export] | ExportIndex) -> Links:
    from migrate.model import Links

    by_module = exports if isinstance(exports, dict) else export_index(exports)
    spellings: dict[str, Export] = {}
    for base, name, asname in rows:
        if base is None:
            for exported, export in by_module.get(name, {}).items():
                spellings[f"{asname or name}.{exported}"] = export
            continue
        if name == "*":
            for exported, export in by_module.get(base, {}).items():
                spellings[exported] = export
            continue
        exported_here = by_module.get(base, {})
        direct = exported_here.get(name)
        if direct is not None:
            spellings[asname or name] = direct
            continue
        # ``from core.config import settings`` then ``settings.llm_model`` (a field of an instance or class)
        fields = [(k, e) for k, e in exported_here.items() if k.startswith((name + ".", name + "()."))]
        for exported, export in fields:
            spellings[f"{asname or name}{exported[len(name) :]}"] = export
        if fields:
            continue
        # ``from app import config`` then ``config.MODEL``
        for exported, export in by_module.get(f"{base}.{name}" if base else name, {}).items():
            spellings[f"{asname or name}.{exported}"] = export
    return Links(imported=tuple(sorted(spellings.items(), key=lambda kv: kv[0])))


def export_index(exports: Iterable[Export]) -> ExportIndex:
    """The constants of ``exports`` by module and name, for :func:`resolve_imports`."""
    by_module: ExportIndex = {}
    aliases: list[tuple[str, Export]] = []
    for export in exports:
        if export.param is None:
            names = by_module.setdefault(export.module, {})
            if export.keys is None or export.name not in names:  # a registry: its first entry stands for it
                names[export.name] = export
            aliases.extend((alias, export) for alias in namespace_names(export.path, export.module))
    for alias, export in aliases:  # a module's own name wins over another's namespace spelling
        if alias in by_module and all(e.path != export.path for e in by_module[alias].values()):
            continue
        by_module.setdefault(alias, {}).setdefault(export.name, export)
    return by_module


def namespace_names(path: str, module: str) -> list[str]:
    """The longer names a module may be imported by when the folders above its package have no
    ``__init__.py`` (PEP 420 namespace packages, or a project root on ``sys.path``): ``app/config.py``,
    named ``config``, is also ``app.config``."""
    parts = list(PurePath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    own = module.split(".") if module else []
    if not own or parts[-len(own) :] != own:
        return []
    out: list[str] = []
    prefix = parts[: -len(own)]
    while prefix and prefix[-1].isidentifier():
        own = [prefix.pop(), *own]
        out.append(".".join(own))
    return out


def _absolute(module: str | None, level: int, package: str) -> str | None:
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base)


# The keywords any adapter's forwarding requests take the model as (the pass's cheap test).
CALLER_MODEL_KEYWORDS = frozenset({"model", "model_name"})
MODEL_KEYWORD = re.compile(rb"\bmodel(?:_name)?\s*=")  # one of them, spelt as a keyword argument


def imported_targets(
    callers: dict[Path, tuple[list[ImportRow], tuple[ModelCall, ...]]],
    python_names: Sequence[str],
    rules: Rules,
    shown: Callable[[Path], str],
    read: Callable[[str], bytes],
) -> tuple[dict[Path, tuple[tuple[str, Target], ...]], dict[Path, tuple[tuple[int, Place], ...]]]:
    """For each caller file (its import rows and its calls with a model keyword, :func:`model_calls`), the
    functions it imports by name (``from llm import chat``) and calls with a model keyword whose
    ``**kwargs`` reach a request, by local name; and for each defining file, its requests' lines with
    the places of the retired literals callers pass them. The defining modules that define such a
    function at the top level are parsed with libcst once each; one that cannot be read or parsed
    gives nothing."""
    from migrate.model import Place

    wanted: dict[Path, list[tuple[str, str, str]]] = {}
    sent: dict[Path, list[tuple[str, str, Place]]] = {}  # caller -> (module, function, retired literal)
    stems = set()  # the last part of every module name of the run: other imports are third-party
    for file in python_names:
        head, _, tail = file.rpartition(os.sep)
        stem = tail.rpartition(".")[0]
        stems.add(head.rpartition(os.sep)[2] if stem == "__init__" else stem)
    for path, (rows, calls) in callers.items():
        if not calls:
            continue
        names = {
            alias or name: (base, name)
            for base, name, alias in rows
            if base is not None and name != "*" and base.rpartition(".")[2] in stems
        }
        modules = _imported_modules(rows, stems)
        for local, literals in calls:
            head, _, attr = local.rpartition(".")
            if local in names:
                base, name = names[local]
            elif head in modules and attr:
                base, name = modules[head], attr  # ``llm.chat(...)`` after ``from app import llm``
            else:
                continue
            for literal in literals:
                wanted.setdefault(path, []).append((local, base, name))
                if literal is not None:
                    line, column = literal
                    sent.setdefault(path, []).append(
                        (base, name, Place(shown(path), line, column, "defined"))
                    )
    if not wanted:
        return {}, {}
    bases = {base for found in wanted.values() for _, base, _ in found}
    lasts = {b.rpartition(".")[2] for b in bases}
    files: dict[str, Path] = {}
    for name in python_names:
        head, _, tail = name.rpartition(os.sep)  # a Path per file of the run would cost more than this pass
        stem = tail.rpartition(".")[0]
        if (head.rpartition(os.sep)[2] if stem == "__init__" else stem) in lasts:
            path = Path(name)
            module = module_name(path)
            for spelling in (module, *namespace_names(name, module)):
                if spelling in bases:
                    files.setdefault(spelling, path)
    functions: dict[str, set[str]] = {}  # module -> the functions callers call in it
    for found in wanted.values():
        for _, base, name in found:
            functions.setdefault(base, set()).add(name)
    defining = {
        module: path for module, path in files.items() if _defines_forwarder(path, read, functions[module])
    }
    if not defining:
        return {}, {}
    from migrate.python.forwarding import top_level_targets  # libcst: only when a module needs it

    defined: dict[str, dict[str, list[Target]]] = {
        module: top_level_targets(path, rules, shown, read, functions[module])
        for module, path in defining.items()
    }
    out: dict[Path, tuple[tuple[str, Target], ...]] = {}
    for path, found in wanted.items():
        pairs = [
            (local, target)
            for local, base, name in dict.fromkeys(found)
            if files.get(base) != path
            for target in defined.get(base, {}).get(name, [])
        ]
        if pairs:
            out[path] = tuple(pairs)
    requests: dict[Path, list[tuple[int, Place]]] = {}
    for path, places in sent.items():
        for base, name, place in places:
            if base in files and files[base] != path:
                for target in defined.get(base, {}).get(name, []):
                    requests.setdefault(files[base], []).append((target.at.line, place))
    return out, {path: tuple(dict.fromkeys(found)) for path, found in requests.items()}


def _defines_forwarder(path: Path, read: Callable[[str], bytes], functions: set[str]) -> bool:
    """Whether the module at ``path`` may define one of ``functions`` at the top level with ``**kwargs``
    (what :func:`migrate.python.forwarding.top_level_targets` looks for there), by its text and then
    CPython's parser, several times faster than libcst's; True for a module CPython cannot parse."""
    try:
        data = read(str(path))
    except OSError:
        return False  # top_level_targets finds nothing in it either
    if b"**" not in data or not functions:
        return False
    if not all(n.isascii() for n in functions):  # bytes patterns see word boundaries in ASCII only
        return True
    alternatives = b"|".join(re.escape(n.encode()) for n in sorted(functions))
    if b"\r" in data:  # a CR may end a line: ``def NAME`` anywhere (a superset)
        defines = re.compile(rb"\bdef(?:\s|\\)+(?:%s)\b" % alternatives)
    else:  # ``def NAME`` or ``async def NAME`` where a line starts, as a top-level function is spelt
        blank = rb"(?:[ \t\f]|\\\n)"
        defines = re.compile(
            rb"^(?:\xef\xbb\xbf)?\f*(?:async%s+)?def%s+(?:%s)\b" % (blank, blank, alternatives), re.M
        )
    if defines.search(data) is None:
        return False
    tree = parse_ast(data)
    return tree is None or any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in functions
        and node.args.kwarg
        for node in tree.body
    )


def _match_lines(data: bytes, pattern: re.Pattern[bytes]) -> list[int] | None:
    """The lines (from 1, in order) where ``pattern`` matches; None when a CR may end a line, where
    these counts and CPython's could differ."""
    if b"\r" in data:
        return None
    out: list[int] = []
    line, last = 1, 0
    for match in pattern.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        out.append(line)
    return out


def _nodes_near(tree: ast.Module, *lines: list[int] | None) -> Iterator[ast.AST]:
    """The nodes of the top-level statements (decorators included) that span a line of each list of
    ``lines``: ``ast.walk`` over a whole module costs more than its parse, and a call with a model
    keyword spans the line its name is spelt on and the keyword's. Every node when a list is None."""
    if any(found is None for found in lines):
        yield from ast.walk(tree)
        return
    for statement in tree.body:
        start = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        end = statement.end_lineno or statement.lineno
        if all(_spans(found, start, end) for found in lines if found is not None):
            yield from ast.walk(statement)


def _spans(lines: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(lines, start)
    return i < len(lines) and lines[i] <= end


def _imported_modules(rows: list[ImportRow], stems: set[str]) -> dict[str, str]:
    """The project modules a file imports as a module, by the spelling its calls use: ``import app.llm``
    (``app.llm``), ``import app.llm as llm`` and ``from app import llm`` (``llm``). A ``from`` import
    of a name that is not a module is kept too: it then names no module of the run and finds nothing."""
    out: dict[str, str] = {}
    for base, name, alias in rows:
        if base is None:
            if name.rpartition(".")[2] in stems:
                out[alias or name] = name
        elif name != "*" and name in stems:
            out[alias or name] = f"{base}.{name}" if base else name
    return out


# Packages whose own objects are not a project's client (``from openai import OpenAI`` is a class).
SDK_PACKAGES = frozenset({"openai", "anthropic", "litellm", "httpx", "requests", "aiohttp"})


def imported_client_host(importer: str, text: str, local: str) -> Host | None:
    """The host of a client the file ``importer`` imports as ``local`` (``from app.llm import client``):
    read from the project file that defines it, with the same ``ast`` check as a client passed from
    another file (a client class with a literal base URL, or another vendor's SDK); unknown when that
    file is not found or does not show it. None when ``local`` is not imported from a module (or comes
    from an SDK package itself)."""
    found = _definition(Path(importer), text, local)
    if found is None:
        return None
    base, name, source, tree = found
    where = f"`{name}` is imported from `{base}`"
    if source is None:
        return Host(unknown=f"{where}, which is not a file of the project the tool can see")
    if tree is None:
        return Host(unknown=f"{where}, which the tool cannot read")
    if not _stores(tree, name):
        return Host(unknown=f"{where}, which does not show how it is built")
    host = _passed_host(tree, ast.Name(id=name, ctx=ast.Load()), _FileNames(tree, source, set()))
    if host.unknown is not None:
        return Host(unknown=f"{where} ({source.name}): {host.unknown}")
    return host


def imported_constant(importer: str, text: str, local: str) -> str | None:
    """The string constant the file ``importer`` imports as ``local`` from a project module: that
    module's one assignment of the name, a string literal at its top level; None otherwise."""
    found = _definition(Path(importer), text, local)
    tree = found[3] if found is not None else None
    if found is None or tree is None:
        return None
    name = found[1]
    values = [
        stmt.value
        for stmt in tree.body
        if isinstance(stmt, (ast.Assign, ast.AnnAssign))
        and any(
            isinstance(t, ast.Name) and t.id == name
            for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
        )
    ]
    if len(_stores(tree, name)) == 1 and len(values) == 1:
        value = values[0]
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


def _definition(
    importer: Path, text: str, local: str
) -> tuple[str, str, Path | None, ast.Module | None] | None:
    """Where the name ``importer`` imports as ``local`` is defined: (module, name, its file, that
    file's ``ast``), through up to three re-exports (``from .clients import client`` in a package's
    ``__init__.py``). The file is None when no project file of that module is found from the
    importer's folder upwards, the ``ast`` None when it cannot be read. None when ``local`` is not
    imported from a module, or is imported from an SDK package."""
    tree = parse_ast(text)
    rows = _imported_from(tree, importer, local) if tree is not None else []
    if len(rows) != 1 or rows[0][0].partition(".")[0] in SDK_PACKAGES:
        return None
    (base, name), path = rows[0], importer
    for _ in range(4):
        source = _module_file(path, base)
        if source is None:
            return base, name, None, None
        found = _parsed_file(source)
        if found is None or _stores(found, name):
            return base, name, source, found
        onward = _imported_from(found, source, name)
        if len(onward) != 1:
            return base, name, source, found
        path, (base, name) = source, onward[0]
    return None


def _imported_from(tree: ast.Module, path: Path, local: str) -> list[tuple[str, str]]:
    """The (module, name) pairs the file binds ``local`` to with ``from module import name``."""
    return [
        (b, n)
        for b, n, a in _import_rows(tree, path, module_name(path))
        if b is not None and (a or n) == local
    ]


def _stores(tree: ast.Module, name: str) -> list[ast.Name]:
    return [
        n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
    ]


def _module_file(importer: Path, dotted: str) -> Path | None:
    """The project file of the module ``dotted``, looked for from the importer's folder upwards."""
    parts = dotted.split(".")
    folder = importer.resolve().parent
    for _ in range(8):
        for candidate in (folder.joinpath(*parts).with_suffix(".py"), folder.joinpath(*parts, "__init__.py")):
            if candidate.is_file():
                return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


MAX_DEFINING_FILE = 4 << 20
# The files read for their definitions, by path, modification time and size (a file written since is
# read again).
_PARSED: dict[tuple[str, int, int], ast.Module | None] = {}


def _parsed_file(path: Path) -> ast.Module | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        if len(_PARSED) >= 256:
            _PARSED.clear()
        try:
            with open(path, "rb") as handle:
                _PARSED[key] = parse_ast(handle.read(MAX_DEFINING_FILE))
        except OSError:
            _PARSED[key] = None
    return _PARSED[key]
