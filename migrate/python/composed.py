"""Model names built at run time: f-strings, concatenations, ``%`` and ``.format``.

Two cases, both asked of by :meth:`~migrate.python.analysis.Module.values`:

* **folded**: every part is a literal (``f"deepseek-chat"``, ``"deepseek-" "chat"``,
  ``"deepseek-" + "chat"``). The value is known, so it is a
  :class:`~migrate.python.analysis.ModelLiteral` like any other: same findings, same
  fixes. An f-string is renamed inside its text; a concatenation is replaced as a
  whole, and never safely when a comment sits between its parts.
* **composed**: a part is an expression (``f"deepseek-{mode}"``, ``"deepseek-%s" % mode``,
  ``"{}/deepseek-reasoner".format(p)``, ``"deepseek-" + mode``). The strings that
  expression can hold in this module are tried in every combination: one that makes a
  retired name is an error at the request with no fix (the fix would change the part);
  one the tool cannot see behind a ``deepseek-`` head is a warning.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from migrate.adapters.python.base import Sink

from migrate.hosts import DEEPSEEK_PREFIXES
from migrate.model import Applicability, Edit, Fix, Report, Thinking
from migrate.python.analysis import ModelLiteral, Module, Values, is_composed, string_value
from migrate.python.overwrite import overwritten

MAX_COMBINATIONS = 32


@dataclass(frozen=True)
class Hole:
    """A part of a composed string that is an expression: what it can hold, as far as this module shows."""

    source: str  # ``mode``
    options: tuple[tuple[str, cst.SimpleString], ...]  # (a string it can hold, the literal that spells it)
    unknown: bool  # it can also hold something the tool cannot see
    expr: cst.BaseExpression | None = None


Piece = str | Hole


@dataclass(frozen=True)
class Composed:
    """A string built from parts, one of which the tool resolves only partly."""

    node: cst.BaseExpression
    retired: tuple[tuple[str, str], ...]  # (a retired model id it makes, the values that make it)
    open_name: str | None  # a retired name the literal parts end with, behind a part the tool cannot see
    head: str | None  # ``deepseek-`` right before a part the tool cannot see
    unknown: str  # what the tool cannot see ("`mode`")
    pieces: tuple[Piece, ...] = ()


# --- folding -----------------------------------------------------------------------


def fold_literals(module: Module) -> None:
    """Add the model names folded from literal parts to ``module.literals`` (and drop their parts)."""
    parents = module.names.parents
    roots: dict[cst.BaseExpression, None] = {}
    for node in [*module.strings, *module.names.fstrings]:
        root: cst.BaseExpression = node
        parent = parents.get(root)
        while isinstance(parent, cst.ConcatenatedString) or (
            isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Add)
        ):
            root = parent
            parent = parents.get(root)
        if root is not node or isinstance(node, cst.FormattedString):
            roots[root] = None
    pattern = re.compile(module.rules.model_id_regex(current=True))
    for root in roots:
        parts = _literal_parts(root)
        if parts is None:
            continue
        value = "".join(text for _, text in parts)
        match = pattern.fullmatch(value)
        for part, _ in parts:
            module.literals.pop(part, None)  # "deepseek-chat" "-v2" is not deepseek-chat
        if match is None:
            continue
        lit = _folded(module, root, parts, value, match)
        if lit is not None:
            module.literals[root] = lit


def _literal_parts(node: cst.BaseExpression) -> list[tuple[cst.BaseExpression, str]] | None:
    """The literal parts of ``node`` and their values, or None when a part is not a plain literal."""
    if isinstance(node, cst.SimpleString):
        value = string_value(node)
        return [(node, value)] if value is not None else None
    if isinstance(node, cst.FormattedString):
        if not all(isinstance(p, cst.FormattedStringText) for p in node.parts):
            return None
        text = "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
        if "\\" in text or "{" in text or "}" in text or "b" in node.prefix.lower():
            return None  # escapes or doubled braces: the value is not the raw text
        return [(node, text)]
    if isinstance(node, cst.ConcatenatedString) or (
        isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)
    ):
        left, right = _literal_parts(node.left), _literal_parts(node.right)
    else:
        return None
    return left + right if left is not None and right is not None else None


def _folded(
    module: Module,
    root: cst.BaseExpression,
    parts: list[tuple[cst.BaseExpression, str]],
    value: str,
    match: re.Match[str],
) -> ModelLiteral | None:
    name, prefix = match.group("name"), match.group("prefix") or ""
    rename = module.rules.renames.get(name)
    start, end = module.span(root)
    if isinstance(root, cst.FormattedString):
        token = module.text[start:end]
        body_start = len(root.start)
        if token[body_start : len(token) - len(root.end)] != value:
            return None
        pos = token.find(name, body_start)
        return ModelLiteral(
            root, value, name, prefix, start, end, start + pos, start + pos + len(name), rename
        )
    # A concatenation: renamed as a whole, in the quote of its first part.
    first = parts[0][0]
    quote = first.quote[0] if isinstance(first, cst.SimpleString) else getattr(first, "end", '"')[0]
    gaps = []
    at = start
    for part, _ in parts:
        part_start, part_end = module.span(part)
        gaps.append(module.text[at:part_start])
        at = part_end
    gaps.append(module.text[at:end])
    unsafe = "a comment sits between the parts of the concatenation" if any("#" in g for g in gaps) else None
    replacement = f"{quote}{prefix}{rename.new}{quote}" if rename is not None else None
    return ModelLiteral(
        root, value, name, prefix, start, end, start, end, rename, replacement=replacement, unsafe=unsafe
    )


# --- composing ---------------------------------------------------------------------


def composed_values(module: Module, expr: cst.BaseExpression, seen: frozenset[cst.CSTNode]) -> Values:
    """:meth:`Module.values` of a string built from parts."""
    out = Values()
    lit = module.literals.get(expr)
    if lit is not None:
        out.literals.append(lit)
        return out
    if isinstance(expr, cst.FormattedString) and len(expr.parts) == 1:
        (part,) = expr.parts
        if (
            isinstance(part, cst.FormattedStringExpression)
            and part.conversion in (None, "s")
            and not part.format_spec
        ):
            return module.values(part.expression, seen)  # f"{model}" is the value of ``model``
    pieces = _pieces(module, expr, seen | {expr})
    if pieces is not None and all(isinstance(p, str) for p in pieces):
        out.other_names.append("".join(p for p in pieces if isinstance(p, str)))
        return out
    out.others.append(f"`{_short(module.source(expr))}` (line {module.line(expr)})")
    if pieces is not None:
        composed = _compose(module, expr, pieces)
        if composed is not None:
            out.composed.append(composed)
    return out


def _pieces(module: Module, node: cst.BaseExpression, seen: frozenset[cst.CSTNode]) -> list[Piece] | None:
    """The parts of a composed string in order: text, or a :class:`Hole`; None when it cannot be read."""
    if isinstance(node, cst.SimpleString):
        value = string_value(node)
        return [value] if value is not None else None
    if isinstance(node, cst.FormattedString):
        out: list[Piece] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                if "\\" in part.value:
                    return None
                out.append(part.value.replace("{{", "{").replace("}}", "}"))
            elif isinstance(part, cst.FormattedStringExpression):
                exact = part.conversion in (None, "s") and part.format_spec is None
                out.append(_hole(module, part.expression, seen, exact))
        return out
    if isinstance(node, cst.ConcatenatedString) or (
        isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)
    ):
        left = _pieces(module, node.left, seen) if is_composed(node.left) or _is_str(node.left) else None
        right = _pieces(module, node.right, seen) if is_composed(node.right) or _is_str(node.right) else None
        if isinstance(node, cst.BinaryOperation):
            left = left if left is not None else [_hole(module, node.left, seen, True)]
            right = right if right is not None else [_hole(module, node.right, seen, True)]
        return left + right if left is not None and right is not None else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        template = string_value(node.left)
        if template is None:
            return None
        args = list(node.right.elements) if isinstance(node.right, cst.Tuple) else None
        values = [e.value for e in args] if args is not None else [node.right]
        return _percent(module, template, values, seen)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        template_pieces = _pieces(module, node.func.value, seen)
        if template_pieces is None or not all(isinstance(p, str) for p in template_pieces):
            return None
        template = "".join(p for p in template_pieces if isinstance(p, str))
        return _format(module, template, node, seen)
    return None


def _is_str(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.SimpleString, cst.FormattedString))


def _percent(
    module: Module, template: str, values: Sequence[cst.BaseExpression], seen: frozenset[cst.CSTNode]
) -> list[Piece] | None:
    out: list[Piece] = []
    used = 0
    for i, chunk in enumerate(re.split(r"(%.)", template)):
        if i % 2 == 0:
            out.append(chunk)
        elif chunk == "%%":
            out.append("%")
        elif used < len(values):
            out.append(_hole(module, values[used], seen, chunk == "%s"))
            used += 1
        else:
            return None  # ``%(name)s`` or a count the tool does not read
    return out if used == len(values) else None


def _format(
    module: Module, template: str, call: cst.Call, seen: frozenset[cst.CSTNode]
) -> list[Piece] | None:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    starred = any(a.star for a in call.args)
    out: list[Piece] = []
    auto = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for text, field_name, spec, conversion in parsed:
        out.append(text)
        if field_name is None:
            continue
        exact = not spec and conversion in (None, "s")
        arg: cst.BaseExpression | None = None
        if field_name == "":
            arg = positional[auto] if auto < len(positional) else None
            auto += 1
        elif field_name.isdigit():
            index = int(field_name)
            arg = positional[index] if index < len(positional) else None
        elif field_name.isidentifier():
            arg = keywords.get(field_name)
        if arg is None:
            if not starred:
                return None
            out.append(Hole(field_name or "?", (), True))
        else:
            out.append(_hole(module, arg, seen, exact))
    return out


def _hole(module: Module, expr: cst.BaseExpression, seen: frozenset[cst.CSTNode], exact: bool) -> Hole:
    source = _short(module.source(expr), 30)
    if not exact:
        return Hole(source, (), True, expr)
    options: list[tuple[str, cst.SimpleString]] = []
    unknown = _strings(module, expr, seen, options)
    return Hole(source, tuple(dict.fromkeys(options)), unknown or not options, expr)


def _strings(
    module: Module,
    expr: cst.BaseExpression,
    seen: frozenset[cst.CSTNode],
    out: list[tuple[str, cst.SimpleString]],
) -> bool:
    """Collect the strings ``expr`` can hold into ``out``; True when it can also hold others."""
    if expr in seen or len(seen) > 50:
        return True
    seen = seen | {expr}
    if isinstance(expr, cst.SimpleString):
        value = string_value(expr)
        if value is None:
            return True
        out.append((value, expr))
        return False
    if isinstance(expr, cst.IfExp):
        return _strings(module, expr.body, seen, out) | _strings(module, expr.orelse, seen, out)
    if isinstance(expr, cst.BooleanOperation):
        return _strings(module, expr.left, seen, out) | _strings(module, expr.right, seen, out)
    if not isinstance(expr, cst.Name) or module.scope(expr) is None:
        return True
    referents = module.referents(expr)
    unknown = not referents
    for ref in referents:
        target = ref.node
        if ref.kind != "assign" or target is None or overwritten(module, target, expr):
            unknown = unknown or ref.kind != "assign" or target is None
            continue
        parent = target if isinstance(target, cst.Param) else module.parent(target)
        if isinstance(parent, cst.AssignTarget) and isinstance(module.parent(parent), cst.Assign):
            assign = module.parent(parent)
            assert isinstance(assign, cst.Assign)
            unknown |= _strings(module, assign.value, seen, out)
        elif isinstance(parent, cst.AnnAssign) and parent.value is not None:
            unknown |= _strings(module, parent.value, seen, out)
        elif isinstance(parent, cst.Param) and parent.default is not None:
            _strings(module, parent.default, seen, out)
            unknown = True  # callers may pass another value
        else:
            unknown = True
    return unknown


def _compose(module: Module, node: cst.BaseExpression, pieces: list[Piece]) -> Composed | None:
    rules = module.rules
    full = re.compile(rules.model_id_regex())
    holes = [p for p in pieces if isinstance(p, Hole)]
    choices = [[*h.options, *([None] if h.unknown else [])] for h in holes]
    retired: dict[str, list[str]] = {}
    open_name = head = None
    for combo in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
        picked = iter(combo)
        texts: list[str | None] = []
        how: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                texts.append(piece)
                continue
            choice = next(picked)
            if choice is None:
                texts.append(None)
            else:
                texts.append(choice[0])
                inline = piece.expr is choice[1] or any(a is piece.expr for a in module.ancestors(choice[1]))
                named = "the part" if inline else f"`{piece.source}` ="
                how.append(f'{named} "{choice[0]}" (line {module.line(choice[1])})')
        if None not in texts:
            value = "".join(t for t in texts if t is not None)
            if full.fullmatch(value):
                retired.setdefault(value, []).extend(how)
            continue
        open_name = open_name or _open_name(texts, rules.names_regex())
        head = head or _head(texts, rules.composed_heads())
    unknown = ", ".join(f"`{h.source}`" for h in holes if h.unknown)
    if not retired and open_name is None and head is None:
        return None
    found = tuple((value, ", ".join(dict.fromkeys(how)) or "always") for value, how in retired.items())
    return Composed(node, found, open_name, head, unknown, tuple(pieces))


def _open_name(texts: list[str | None], names: str) -> str | None:
    """``{p}/deepseek-reasoner``: a retired name at the end, after a provider separator, behind an unknown part."""
    last = max(i for i, t in enumerate(texts) if t is None)
    tail = "".join(t for t in texts[last + 1 :] if t is not None)
    match = re.fullmatch(rf"(?:[A-Za-z0-9_.-]*[/:])(?P<name>{names})", tail)
    return match.group("name") if match else None


def _head(texts: list[str | None], heads: list[str]) -> str | None:
    """``deepseek-`` right before an unknown part, at the start of an id or after a provider separator."""
    first = texts.index(None)
    before = "".join(t for t in texts[:first] if t is not None)
    for head in heads:
        if before.endswith(head):
            lead = before[: -len(head)]
            if not lead or (lead[-1] in "/:" and re.fullmatch(r"(?:[A-Za-z0-9_.-]+[/:])*", lead)):
                return head
    return None


def _short(source: str, limit: int = 40) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def composed_reports(module: Module, every: Sequence[tuple[object, Values]]) -> Iterator[Report]:
    """One report per composed string that reaches requests (see the module docstring)."""
    from migrate.adapters.python.base import Sink
    from migrate.report_rules.python_strings import ComposedModelName, OtherHost

    reached: dict[cst.BaseExpression, tuple[Composed, list[Sink], list[Values]]] = {}
    for sink, values in every:
        assert isinstance(sink, Sink)
        for composed in values.composed:
            entry = reached.setdefault(composed.node, (composed, [], []))
            entry[1].append(sink)
            entry[2].append(values)
    full = re.compile(module.rules.model_id_regex())
    for composed, sinks, sent in reached.values():
        start, end = module.span(composed.node)
        source = f"`{_short(module.source(composed.node))}`"
        ours = [s for s in sinks if s.host.other is None]
        where = ", ".join(dict.fromkeys(f"{s.what} (line {module.line(s.node)})" for s in ours or sinks))
        first_party = []
        for value, how in composed.retired:
            match = full.fullmatch(value)
            assert match is not None
            prefix = match.group("prefix") or ""
            if prefix and not prefix.startswith(DEEPSEEK_PREFIXES):
                continue
            rename = module.rules.renames[match.group("name")]
            first_party.append((value, how, prefix + rename.new, rename))
        if not ours:
            if composed.retired or composed.open_name:
                yield OtherHost.report(
                    start,
                    end,
                    f"{source} is sent by {where} to {sinks[0].host.other}, not DeepSeek's own API; left as is",
                )
            continue
        if first_party:
            value, how, new, rename = first_party[0]
            made = "; ".join(f"`{v}` when {h}" for v, h, _, _ in first_party)
            if len({r.thinking for _, _, _, r in first_party}) > 1:
                message = (
                    f"{source} makes the retired {made}; both become `{new}` with different thinking modes at "
                    f"{where}: carry the thinking mode separately and set it per request by hand"
                )
            else:
                message = f"{source} makes the retired {made}; use `{new}` with thinking {rename.thinking.value} at {where}"
            fix = None
            if len(sinks) == 1 and _only(sent[0]) and len(first_party) == len(composed.retired):
                if len(first_party) == 1:
                    fix = _part_fix(module, composed, sinks[0], new, rename.thinking)
                if fix is None and len({(v.rpartition("/")[2], r.new) for v, _, _, r in first_party}) == 1:
                    fix = _tail_fix(module, composed, sinks[0], rename.old, rename.new, rename.thinking)
            if fix is not None and fix.message.startswith("Change"):
                message += "; unsafe: the fix changes the part, which nothing else in this module reads"
            elif fix is not None:
                message += (
                    "; unsafe: the name is renamed in the template, the other parts come from variables"
                )
            elif len(first_party) == len({r.thinking for _, _, _, r in first_party}) == 1:
                message += ": change the parts by hand"
            yield ours[0].adapter.report(
                start, end, message, old=value, new=new, thinking=rename.thinking, fix=fix
            )
        elif composed.open_name is not None:
            rename = module.rules.renames[composed.open_name]
            yield ours[0].adapter.report(
                start,
                end,
                f"{source} ends with the retired `{composed.open_name}` behind a provider prefix the tool cannot "
                f"see ({composed.unknown}); sent by {where}. If it reaches DeepSeek, use `{rename.new}` with "
                f"thinking {rename.thinking.value}",
                old=composed.open_name,
                thinking=rename.thinking,
            )
        elif composed.retired:
            yield OtherHost.report(
                start,
                end,
                f"{source} makes "
                + ", ".join(f"`{v}`" for v, _ in composed.retired)
                + ", another provider's "
                "id, not DeepSeek's own API; left as is",
            )
        elif composed.head is not None:
            names = " or ".join(f"`{old}`" for old in module.rules.renames if old.startswith(composed.head))
            yield ComposedModelName.report(
                start,
                end,
                f"composed model name may be retired: {source} builds `{composed.head}…` from "
                f"{composed.unknown}, which the tool cannot see; check that it never makes {names} "
                f"(sent by {where})",
            )


def _only(values: Values) -> bool:
    """The request sends the composed string and nothing else."""
    return len(values.others) == len(values.composed) == 1 and not (
        values.literals or values.other_names or values.externals
    )


def _part_fix(module: Module, composed: Composed, sink: Sink, new: str, thinking: Thinking) -> Fix | None:
    """Change the one literal that makes the retired name, when nothing else reads it (always unsafe)."""
    holes = [p for p in composed.pieces if isinstance(p, Hole)]
    if len(holes) != 1 or holes[0].unknown or len(holes[0].options) != 1 or holes[0].expr is None:
        return None
    hole = holes[0]
    old, node = hole.options[0]
    index = composed.pieces.index(hole)
    before = "".join(p for p in composed.pieces[:index] if isinstance(p, str))
    after = "".join(p for p in composed.pieces[index + 1 :] if isinstance(p, str))
    if not (new.startswith(before) and new.endswith(after) and len(before) + len(after) < len(new)):
        return None
    part = new[len(before) : len(new) - len(after)]
    if hole.expr is None or not _read_only_by(module, node, hole.expr):
        return None
    start, end = module.span(node)
    body_start, body_end = start + len(node.prefix) + len(node.quote), end - len(node.quote)
    if module.text[body_start:body_end] != old:
        return None
    placement = _place(module, sink, thinking, node.quote[0])
    if placement is None:
        return None
    return Fix(
        Applicability.UNSAFE,
        f'Change "{old}" to "{part}" (line {module.line(node)}) and set thinking {thinking.value}',
        (Edit(body_start, body_end, part), *placement),
    )


def _read_only_by(module: Module, node: cst.SimpleString, read: cst.BaseExpression) -> bool:
    """``node`` is ``read`` itself, or the value of one name whose only read is ``read``."""
    if node is read:
        return True
    parent = module.parent(node)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
    elif isinstance(parent, cst.AnnAssign):
        target = parent.target
    else:
        return False
    if not isinstance(target, cst.Name):
        return False
    reads = module.references(target)
    return len(reads) == 1 and reads[0] is read


def _tail_fix(
    module: Module, composed: Composed, sink: Sink, old: str, new: str, thinking: Thinking
) -> Fix | None:
    """``f"{provider}/deepseek-chat"`` with every ``provider`` known and DeepSeek's: rename in the literal text."""
    holes = [p for p in composed.pieces if isinstance(p, Hole)]
    last = composed.pieces[-1]
    if any(h.unknown for h in holes) or not isinstance(last, str) or not last.endswith(old):
        return None
    node = composed.node
    text: cst.CSTNode | None = None
    closing = 0
    if isinstance(node, cst.FormattedString) and isinstance(node.parts[-1], cst.FormattedStringText):
        text, closing = node.parts[-1], 0
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.left, cst.SimpleString):
        text, closing = node.left, len(node.left.quote)
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        value = node.func.value
        text, closing = (value, len(value.quote)) if isinstance(value, cst.SimpleString) else (None, 0)
    if text is None:
        return None
    end = module.span(text)[1] - closing
    if module.text[end - len(old) : end] != old:
        return None
    quote = '"'
    placement = _place(module, sink, thinking, quote)
    if placement is None:
        return None
    return Fix(
        Applicability.UNSAFE,
        f"Rename `{old}` to `{new}` in the template and set thinking {thinking.value}",
        (Edit(end - len(old), end, new), *placement),
    )


def _place(module: Module, sink: Sink, thinking: Thinking, quote: str) -> tuple[Edit, ...] | None:
    """The sink's thinking edits (with the imports they need), or None when they need a hand."""
    from migrate.python.checker import _default_mode_is_safe

    placement = _default_mode_is_safe(sink.adapter.place(module, sink, thinking, quote), thinking)
    if placement.manual:
        return None
    edits = list(placement.edits)
    for module_name, name in placement.imports:
        added = module.add_import(module_name, name)
        if added is not None:
            edits.append(added)
    return tuple(dict.fromkeys(edits))
