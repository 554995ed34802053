"""Python sources: follow retired literals to the calls that send them and build the reports.

One :class:`~migrate.python.analysis.Module` per file. Every Python adapter lists its
sinks; each sink's model expression is traced back to its literals. A retired
literal that reaches sinks is renamed where it is defined, and each sink's
adapter spells the thinking mode at the sink. Whatever cannot be proven safe
becomes an unsafe fix or a report with no fix, with the reason in the message.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import libcst as cst

from migrate.adapters.base import Rule
from migrate.adapters.python.base import Placement, PythonAdapter, Sink, client_host, thinking_value
from migrate.adapters.python.openai_sdk import OpenAISdk, is_chat_method
from migrate.hosts import DEEPSEEK_PREFIXES, vendor_of
from migrate.model import (
    UNTRACED_READ,
    Applicability,
    Edit,
    Export,
    Fix,
    Place,
    Report,
    Severity,
    Thinking,
    Use,
)
from migrate.python.analysis import (
    ModelLiteral,
    Module,
    Values,
    dotted,
    environment_override,
    retired_mentions,
    string_value,
)
from migrate.python.composed import composed_reports
from migrate.python.forwarding import Forwarded, collisions, forwarded, targets, unfollowed_kwargs
from migrate.python.overwrite import overwriting, overwritten_read
from migrate.report_rules.capabilities import capability_reports
from migrate.report_rules.fragments import RE_FUNCTIONS, fragment_reports
from migrate.report_rules.hazards import hazard_reports
from migrate.report_rules.python_strings import (
    OtherHost,
    RetiredModelComparison,
    RetiredModelLookupKey,
    RetiredModelString,
    RetiredModelText,
)

COMPARISON_METHODS = frozenset({"startswith", "endswith", "find", "index", "count", "__eq__"})


@dataclass
class _Reach:
    sink: Sink
    values: Values
    forward: Forwarded | None = None  # the sink is a caller of a function whose ``**kwargs`` reach a request


def check_module(module: Module, adapters: Sequence[PythonAdapter]) -> tuple[list[Report], list[Use]]:
    reaches: dict[ModelLiteral, list[_Reach]] = {}
    external: dict[Export, list[_Reach]] = {}
    every: list[tuple[Sink, Values]] = []
    reports_by_default: list[Report] = []
    for adapter in adapters:
        if not adapter.relevant(module):
            # Only the callers of imported functions whose ``**kwargs`` reach this adapter's requests.
            if any(t.code == adapter.CODE for _, t in module.links.forwarders):
                _forwarded_reaches(module, adapter, reaches)
            continue
        reports_by_default.extend(adapter.defaults(module))
        for sink in adapter.sinks(module):
            values = module.values(sink.model)
            every.append((sink, values))
            for lit in values.retired:
                reaches.setdefault(lit, []).append(_Reach(sink, values))
            for export in values.externals:
                external.setdefault(export, []).append(_Reach(sink, values))
        _forwarded_reaches(module, adapter, reaches)
    reports: list[Report] = reports_by_default
    for lit in module.literals.values():
        if lit.rename is None:
            continue
        remote = [
            u
            for u in module.links.used
            if u.export.keys is None and u.export.old == lit.value and u.export.line == module.line(lit.node)
        ]
        first = module.registry_of(lit)
        if first is not None:  # reads of the registry in other modules (its first entry stands for it)
            at = module.line(first.node)
            remote += [
                u
                for u in module.links.used
                if u.export.keys is not None and u.export.line == at and u.export.old == first.value
            ]
            if lit not in reaches:
                reports.append(replace(_context_report(module, lit), related=_sent_at(remote)))
                continue
        # Guessed reads alone (``.field`` on untraced objects) show no request: the literal's own report.
        if lit in reaches or any(not u.what.startswith(UNTRACED_READ) for u in remote):
            made = (
                _sink_report(module, lit, reaches[lit], remote)
                if lit in reaches
                else _remote_report(module, lit, remote)
            )
            reports.append(
                replace(made, related=_forwarded_to(module, reaches.get(lit, [])) + _sent_at(remote))
            )
        else:
            reports.append(_context_report(module, lit))
    reports.extend(_forwarding_reports(module, reaches))
    if module.links.forwarded_in:
        reports.extend(_forwarded_in_reports(module, adapters))
    uses: list[Use] = []
    for export, reached in external.items():
        for reach in reached:
            report, use = _external_report(module, export, reach)
            uses.append(use)
            if report is not None:
                reports.append(report)
    uses.extend(_stray_imports(module, external))
    reports.extend(composed_reports(module, every))
    reports.extend(hazard_reports(module, every))
    reports.extend(fragment_reports(module))
    reports.extend(capability_reports(module))
    reports.extend(_text_reports(module, reports))
    return reports, uses


def _forwarded_reaches(
    module: Module, adapter: PythonAdapter, reaches: dict[ModelLiteral, list[_Reach]]
) -> None:
    """The retired literals callers pass into a function's ``**kwargs`` that reach ``adapter``'s requests."""
    for forward in forwarded(module, adapter):
        values = module.values(forward.sink.model)
        for lit in values.retired:
            reaches.setdefault(lit, []).append(_Reach(forward.sink, values, forward))


def _external_report(module: Module, export: Export, reach: _Reach) -> tuple[Report | None, Use]:
    """A call that sends a retired constant imported from another module: spell thinking here."""
    sink = reach.sink
    start, end = module.span(sink.model)
    line = module.line(sink.node)

    column = module.index.position(module.span(sink.node)[0])[1]
    defined = (Place(export.path, export.line, 1, "defined"),)

    def report(rule: type[Rule] | Rule, message: str, fix: Fix | None = None) -> Report:
        made = rule.report(
            start, end, message, old=export.old, new=export.new, thinking=export.thinking, fix=fix
        )
        return replace(made, related=defined)

    origin = f"`{module.source(sink.model)}` is `{export.old}` ({export.path}:{export.line})"
    if sink.host.other is not None:
        use = Use(export, "", line, False, OtherHost.CODE, sink.what, column)
        message = f"{origin}, sent by {sink.what} to {sink.host.other}, not DeepSeek's own API; left as is"
        return report(OtherHost, message), use
    if export.keys is not None:
        use = Use(export, "", line, False, sink.adapter.CODE, sink.what, column)
        message = (
            f"`{module.source(sink.model)}` reads `{export.name}` ({export.path}:{export.line}), a registry of "
            f"retired model names (`{export.old}`...); {sink.what} gets no thinking setting from the tool: "
            "when the registry is renamed, set the thinking mode each entry implied here by hand"
        )
        return report(sink.adapter, message), use
    if len(reach.values.modes) > 1:
        use = Use(export, "", line, False, sink.adapter.CODE, sink.what, column)
        message = f"{origin}; {sink.what} also sends another retired name: choose the thinking mode per request by hand"
        return report(sink.adapter, message), use
    placement = _default_mode_is_safe(sink.adapter.place(module, sink, export.thinking, '"'), export.thinking)
    mixed = (
        reach.values.others
        + [f"`{n}`" for n in reach.values.other_names]
        + [f"`{lit.value}`" for lit in reach.values.literals]
    )
    elsewhere = next((where for e, where in module.links.unsafe if e == export), None)
    environment = [environment_override(export.env)] if export.env is not None else []
    unsafe = (
        placement.applicability is Applicability.UNSAFE
        or bool(mixed)
        or sink.host.unknown is not None
        or elsewhere is not None
        or bool(environment)
    )
    switched = bool(placement.edits) or placement.applicability is Applicability.SAFE
    use = Use(export, "", line, not unsafe, sink.adapter.CODE, sink.what, column, switched)
    if not placement.edits and not unsafe:
        return None, use
    edits = list(placement.edits)
    for module_name, name in placement.imports:
        edit = module.add_import(module_name, name)
        if edit is not None:
            edits.append(edit)
    reasons = (
        ([_unknown_host(sink)] if sink.host.unknown is not None else [])
        + ([placement.note] if unsafe and placement.note else [])
        + ([f"{sink.what} also sends {', '.join(dict.fromkeys(mixed))}"] if mixed else [])
        + (
            [
                f"the rename at {export.path}:{export.line} is unsafe (also used at {elsewhere}), and this belongs to it"
            ]
            if elsewhere is not None
            else []
        )
        + environment
    )
    message = f"{origin}, retired; it becomes `{export.new}`, so set thinking {export.thinking.value} at {sink.what}"
    if reasons:
        message += "; unsafe: " + "; ".join(reasons)
    fix = (
        Fix(
            Applicability.UNSAFE if unsafe else Applicability.SAFE,
            f"Set thinking {export.thinking.value} for the renamed `{export.old}`",
            tuple(edits),
        )
        if edits
        else None
    )
    return report(sink.adapter, message, fix), use


def _stray_imports(module: Module, handled: dict[Export, list[_Reach]]) -> list[Use]:
    """Reads of imported retired constants that reach no sink the tool understands."""
    if not module.links.imported:
        return []
    sink_models = {id(r.sink.model) for reaches in handled.values() for r in reaches}
    spellings = dict(module.links.imported)
    out = []
    for node in _reads(module, spellings):
        if not _feeds(module, node, sink_models):
            export = spellings[dotted(node)]
            out.append(
                Use(
                    export,
                    "",
                    module.line(node),
                    False,
                    RetiredModelString.CODE,
                    "code the tool cannot follow",
                )
            )
    return out


def _reads(module: Module, spellings: dict[str, Export]) -> list[cst.CSTNode]:
    """Reads of the imported constants: ``MODEL`` (a name read) or ``config.MODEL`` (the outermost match),
    and of imported class fields through an instance (``cfg.model`` with ``cfg: ModelConfig``)."""
    found: list[cst.CSTNode] = [n for n in module.names.read_names() if n.value in spellings]
    fields = {key.rpartition(".")[2] for key in spellings if "." in key}
    for node in module.names.attributes:
        if node.attr.value not in fields or dotted(node) in spellings:
            continue
        if isinstance(module.parent(node), cst.AssignTarget):
            continue
        if isinstance(node.value, cst.Name) and node.value.value == "self":
            continue  # a class's own attribute of that name
        owners = module.owners(node.value)
        if owners is None or any(
            f"{o.spelling}.{node.attr.value}" in spellings for o in owners if o.spelling is not None
        ):
            found.append(node)  # the imported object's field, or an object the tool cannot tell apart
    for node in module.names.attributes:
        if dotted(node) not in spellings:
            continue
        outer, parent = node, module.parent(node)
        while isinstance(parent, cst.Attribute) and parent.value is outer:
            if dotted(parent) in spellings:
                break
            outer, parent = parent, module.parent(parent)
        else:
            found.append(node)
    return sorted(found, key=lambda n: module.span(n))


def _remote_report(module: Module, lit: ModelLiteral, remote: list[Use]) -> Report:
    """A module constant whose only requests are made in other modules: rename it here."""
    assert lit.rename is not None
    new_value = lit.prefix + lit.rename.new
    places = (
        ", ".join(dict.fromkeys(f"{u.what} ({u.path}:{u.line})" for u in remote if u.ok))
        or ", ".join(dict.fromkeys(f"{u.what} ({u.path}:{u.line})" for u in remote if u.what))
        or "the requests that send it"
    )
    bad = [u for u in remote if not u.ok]
    # Reads in this module (``log(settings.llm_model)``, a field's own validator) reach no request either.
    local = [u for u in module.uses(lit) if u is not lit.node]
    if not local and all(u.code == OtherHost.CODE for u in remote):
        # Every request that sends it goes to a proven other host: that host's catalog decides the id.
        return Report(
            code=OtherHost.CODE,
            start=lit.start,
            end=lit.end,
            old=lit.value,
            new=None,
            message=f"`{lit.value}` is sent only to other hosts ({places}), not DeepSeek's own API; left as is",
            severity=Severity.WARNING,
        )
    message = (
        f"`{lit.value}` is retired; use `{new_value}` with thinking {lit.rename.thinking.value} at {places}"
    )
    # An ex-deepseek-chat value renamed with no call that gets its thinking switch would think silently.
    whole = lit.rename.thinking is not Thinking.DISABLED or any(u.ok or u.switched for u in remote)
    unsafe = "unsafe: " if whole else ""  # with no fix at all, the reasons are only what to look at
    if local:
        lines = ", ".join(dict.fromkeys(str(module.line(u)) for u in local[:5]))
        message += f"; {unsafe}this module also uses the value where the tool cannot follow it (line {lines})"
    if bad:
        message += (
            ("; " if local else f"; {unsafe}")
            + "the value is also used where the tool cannot fix it ("
            + ", ".join(dict.fromkeys(f"{u.path}:{u.line}" for u in bad))
            + ")"
        )
        message += "".join(
            f"; {environment_override(env)}" for env in dict.fromkeys(u.export.env for u in bad) if env
        )
    if not whole:
        message += "; no fix: no call the tool can see gets the thinking switch, so rename it by hand"
    return Report(
        # The rule of a request site that sends it, before reads the tool cannot follow (in any order).
        code=next((u.code for u in remote if u.code != RetiredModelString.CODE), remote[0].code),
        start=lit.start,
        end=lit.end,
        old=lit.value,
        new=new_value,
        thinking=lit.rename.thinking,
        message=message,
        fix=Fix(
            Applicability.UNSAFE if bad or local else Applicability.SAFE,
            f"Rename to `{new_value}` (the calls in other modules get thinking {lit.rename.thinking.value})",
            (lit.rename_edit(),),
        )
        if whole
        else None,
    )


def _sent_at(remote: list[Use]) -> tuple[Place, ...]:
    """The request sites in other modules that a definition's value reaches (not reads it cannot follow)."""
    sites = (u for u in remote if u.code != RetiredModelString.CODE)
    return tuple(dict.fromkeys(Place(u.path, u.line, u.column, "sent") for u in sites))


def _sink_report(module: Module, lit: ModelLiteral, reached: list[_Reach], remote: list[Use]) -> Report:
    """A retired literal that reaches sinks in this module: rename it and spell thinking at each sink."""
    assert lit.rename is not None
    refused = _not_for_deepseek(module, lit, reached)
    if refused is not None:
        return refused
    rename = lit.rename
    rule = reached[0].sink.adapter
    new_value = lit.prefix + rename.new
    conflicts = [r for r in reached if len(r.values.modes) > 1]
    if conflicts:
        sink = conflicts[0].sink
        message = (
            f"`{lit.value}` is retired; {sink.what} (line {module.line(sink.node)}) sends both retired names, "
            f"which become one model (`{rename.new}`) with different thinking modes: carry the thinking mode "
            "next to each name (a `thinking` entry beside each registry entry) and send it from the request"
        )
        # Not when the registry is also read where the tool cannot follow: a new key may break that reader.
        entries = (
            None
            if remote or _unfollowed(module, lit, reached, remote)
            else _registry_thinking_fix(module, lit, reached)
        )
        if entries is not None:
            fix, shown = entries
            message += (
                f"; unsafe fix: does that, sending {shown} (other readers of the registry see the new key)"
            )
            return _literal_report(rule, lit, message, new=new_value, fix=fix)
        return _literal_report(rule, lit, message, new=new_value)
    alias = _enum_alias(module, lit, new_value)
    if alias is not None:
        return _literal_report(
            rule,
            lit,
            f"`{lit.value}` is retired; use `{new_value}` with thinking {rename.thinking.value}, by hand: {alias}",
            new=new_value,
        )
    plan = _plan_sinks(module, lit, reached)
    if plan.manual:
        return _literal_report(
            rule,
            lit,
            f"`{lit.value}` is retired; use `{new_value}` with thinking {rename.thinking.value}, by hand: "
            + "; ".join(dict.fromkeys(plan.manual)),
            new=new_value,
        )
    unsafe_reasons = (
        plan.unsafe + _unfollowed(module, lit, reached, remote) + ([lit.unsafe] if lit.unsafe else [])
    )
    applicability = Applicability.UNSAFE if unsafe_reasons else Applicability.SAFE
    sinks_text = ", ".join(
        dict.fromkeys(
            [f"{r.sink.what} (line {module.line(r.sink.node)})" for r in reached]
            + [f"{u.what} ({u.path}:{u.line})" for u in remote if u.ok]
        )
    )
    message = (
        f"`{lit.value}` is retired; use `{new_value}` with thinking {rename.thinking.value} at {sinks_text}"
    )
    if unsafe_reasons:
        message += "; unsafe: " + "; ".join(dict.fromkeys(unsafe_reasons))
    elif plan.notes:
        message += f" ({'; '.join(dict.fromkeys(plan.notes))})"
    fix_message = f"Rename to `{new_value}` and set thinking {rename.thinking.value}"
    fix = Fix(applicability, fix_message, tuple(dict.fromkeys(plan.edits)))
    return _literal_report(rule, lit, message, new=new_value, fix=fix)


ENUM_BASES = frozenset(
    {"enum.Enum", "enum.StrEnum", "enum.IntEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"}
)


def _enum_alias(module: Module, lit: ModelLiteral, new_value: str) -> str | None:
    """Why renaming the value of an Enum member would break the Enum: another member has, or gets,
    the same value, so the renamed member becomes its alias (``Model.REASONER is Model.CHAT``, one
    fewer member when iterating, ``@unique`` raises). None when ``lit`` is no such member's value."""
    assign = module.parent(lit.node)
    line = module.parent(assign) if isinstance(assign, (cst.Assign, cst.AnnAssign)) else None
    body = module.parent(line) if isinstance(line, cst.SimpleStatementLine) else None
    cls = module.parent(body) if isinstance(body, cst.IndentedBlock) else None
    if not isinstance(cls, cst.ClassDef) or not any(
        module.qualified(b.value) & ENUM_BASES for b in cls.bases
    ):
        return None
    member = _member_name(assign)
    for stmt in cls.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if small is assign or not isinstance(small, (cst.Assign, cst.AnnAssign)) or small.value is None:
                continue
            other = module.literals.get(small.value)
            value = (
                other.prefix + other.rename.new
                if other is not None and other.rename is not None
                else string_value(small.value)
            )
            if value == new_value:
                return (
                    f"`{cls.name.value}.{member}` and `{cls.name.value}.{_member_name(small)}` would both be "
                    f"`{new_value}`, which makes one an alias of the other; give the Enum's members distinct "
                    "values and carry the thinking mode beside each"
                )
    return None


def _member_name(assign: cst.CSTNode | None) -> str:
    target = (
        assign.targets[0].target
        if isinstance(assign, cst.Assign)
        else assign.target
        if isinstance(assign, cst.AnnAssign)
        else None
    )
    return target.value if isinstance(target, cst.Name) else "?"


def _registry_thinking_fix(
    module: Module, lit: ModelLiteral, reached: list[_Reach]
) -> tuple[Fix, str] | None:
    """One request sent both retired names from a module-level dict of dicts (``MODELS[kind]["model"]``):
    the fix that gives every entry a ``"thinking"`` item beside its renamed model and sends the entry's
    thinking from the request (openai SDK: ``extra_body={"thinking": entry["thinking"]}``). The same
    edits for every literal of the registry, so the fix is whole whichever literal carries it; None
    when the shape is any other."""
    if len({id(r.sink.node) for r in reached}) != 1 or reached[0].forward is not None:
        return None
    reach = reached[0]
    sink, values = reach.sink, reach.values
    call = sink.node
    if (
        not isinstance(sink.adapter, OpenAISdk)
        or not isinstance(call, cst.Call)
        or not is_chat_method(dotted(call.func))
        or module.kwarg(call, "extra_body") is not None
        or module.has_star_kwargs(call)
        or sink.host.unknown is not None
        or values.others
        or values.other_names
        or values.externals
    ):
        return None
    read = sink.model
    if not (
        isinstance(read, cst.Subscript)
        and len(read.slice) == 1
        and isinstance(read.slice[0].slice, cst.Index)
    ):
        return None
    key = string_value(read.slice[0].slice.value)
    registry: cst.Dict | None = None
    entries: list[tuple[ModelLiteral, cst.Dict]] = []
    for found in values.literals:
        item = module.parent(found.node)
        entry = module.parent(item) if isinstance(item, cst.DictElement) else None
        outer_item = module.parent(entry) if isinstance(entry, cst.Dict) else None
        outer = module.parent(outer_item) if isinstance(outer_item, cst.DictElement) else None
        if (
            found.rename is None
            or not isinstance(item, cst.DictElement)
            or item.value is not found.node
            or string_value(item.key) != key
            or not isinstance(entry, cst.Dict)
            or not isinstance(outer, cst.Dict)
            or registry not in (None, outer)
            or module.dict_get(entry, "thinking") is not None
            or module.dict_has_star(entry)
        ):
            return None
        registry = outer
        entries.append((found, entry))
    if registry is None or key is None or module.dict_has_star(registry):
        return None
    assign = module.parent(registry)
    if not (
        isinstance(assign, (cst.Assign, cst.AnnAssign))
        and isinstance(module.parent(module.parent(assign) or assign), cst.Module)
    ):
        return None
    # Every entry of the registry must get its thinking item, or the request's read fails for it.
    if len({id(e) for _, e in entries}) != len(entries) or len(entries) != len(registry.elements):
        return None
    q = lit.quote
    edits: list[Edit] = []
    for found, entry in entries:
        assert found.rename is not None
        edits.append(found.rename_edit())
        value = module.dict_value_source(thinking_value(found.rename.thinking), q)
        edits.append(module.add_dict_item(entry, f"{q}thinking{q}", value))
    sent = f"{{{q}thinking{q}: {module.source(read.value)}[{q}thinking{q}]}}"
    edits.append(module.add_kwarg(call, "extra_body", sent))
    fix = Fix(
        Applicability.UNSAFE,
        "Add a thinking entry beside each retired registry entry and send it from the request",
        tuple(edits),
    )
    return fix, f"`extra_body={sent}`"


def _literal_report(
    rule: type[Rule] | Rule,
    lit: ModelLiteral,
    message: str,
    *,
    new: str | None = None,
    fix: Fix | None = None,
) -> Report:
    """A report of ``rule`` on a retired literal, carrying the thinking mode its rename implies."""
    return rule.report(lit.start, lit.end, message, old=lit.value, new=new, thinking=lit.thinking, fix=fix)


def _not_for_deepseek(module: Module, lit: ModelLiteral, reached: list[_Reach]) -> Report | None:
    """The report when a sink sends the literal somewhere the tool must not rename it for, else None."""
    assert lit.rename is not None
    for reach in reached:
        sink = reach.sink
        if lit.prefix == "deepseek/" and sink.host.other is None and sink.adapter.verbatim(module, sink):
            # DeepSeek's API serves no slash ids; a client that sends the id as written
            # sends `deepseek/deepseek-chat` to a catalog that has it (OpenRouter...).
            return _literal_report(
                OtherHost,
                lit,
                f"`{lit.value}` is another catalog's id (OpenRouter-style), sent as written by {sink.what}; "
                "DeepSeek's API has no slash ids, so this request goes to another host and is left as is",
            )
        if sink.host.other is None and not sink.adapter.accepts(lit) and lit.prefix in DEEPSEEK_PREFIXES:
            # DeepSeek's own provider prefix, at a sink that does not read prefixes (a request body
            # unpacked into a LiteLLM-style call): the request does reach DeepSeek, but the tool
            # cannot tell how that library wants the thinking mode spelled here.
            return _literal_report(
                RetiredModelString,
                lit,
                f"`{lit.value}` is retired; it reaches {sink.what} (line {module.line(sink.node)}), where the tool "
                f"cannot tell how the receiving library spells the thinking mode: rename it to "
                f"`{lit.prefix}{lit.rename.new}` and set thinking {lit.rename.thinking.value} by hand",
                new=lit.prefix + lit.rename.new,
            )
        if sink.host.other is not None or not sink.adapter.accepts(lit):
            where = sink.host.other or f"the provider prefix `{lit.prefix}`"
            return _literal_report(
                OtherHost,
                lit,
                f"`{lit.value}` is sent by {sink.what} to {where}, not DeepSeek's own API; "
                "that host's catalog decides this id, so it is left as is",
            )
    return None


@dataclass
class _Plan:
    """What the sinks of one literal say: the edits, why they are unsafe, and what needs a hand."""

    edits: list[Edit]
    unsafe: list[str]
    notes: list[str]
    manual: list[str]


def _plan_sinks(module: Module, lit: ModelLiteral, reached: list[_Reach]) -> _Plan:
    """The rename edit plus each sink's thinking placement (with the imports it needs)."""
    assert lit.rename is not None
    plan = _Plan(edits=[lit.rename_edit()], unsafe=[], notes=[], manual=[])
    for reach in reached:
        where = f"{reach.sink.what} (line {module.line(reach.sink.node)})"
        if reach.values.other_names:
            # One call serving several models (another provider's, or a V4 name): a thinking
            # field would apply to all of them.
            names = ", ".join(dict.fromkeys(f"`{n}`" for n in reach.values.other_names))
            plan.manual.append(f"{where} also sends {names}; set thinking only for the DeepSeek requests")
            continue
        foreign = [
            o.value
            for o in reach.values.retired
            if o is not lit and o.value != lit.value and _not_for_deepseek(module, o, [reach]) is not None
        ]
        if foreign:  # ``model = "deepseek/deepseek-chat"`` in the OpenRouter branch: another host's id
            names = ", ".join(dict.fromkeys(f"`{n}`" for n in foreign))
            plan.manual.append(
                f"{where} also sends {names} to another host; set thinking only for the DeepSeek requests"
            )
            continue
        if reach.values.others:
            plan.unsafe.append(
                f"{where} also sends {', '.join(dict.fromkeys(reach.values.others))}; "
                "the thinking setting applies to those too"
            )
        if reach.sink.host.unknown is not None:
            plan.unsafe.append(f"{where}: {_unknown_host(reach.sink)}")
        placement = reach.sink.adapter.place(module, reach.sink, lit.rename.thinking, lit.quote)
        if reach.forward is not None:
            placement = _forwarded_placement(module, reach.forward, placement)
            plan.unsafe.extend(reach.forward.unsafe)
            if placement.applicability is Applicability.UNSAFE and not placement.edits:
                # Even for a rename that keeps thinking on by default: the request's own keyword
                # may set it otherwise.
                plan.unsafe.append(placement.note)
        placement = _default_mode_is_safe(placement, lit.rename.thinking)
        if placement.manual:
            plan.manual.append(f"{where}: {placement.note}")
            continue
        if (
            lit.rename.thinking is Thinking.DISABLED
            and placement.applicability is Applicability.UNSAFE
            and not _spells_off(placement.edits)
        ):
            # The switch cannot be placed here: a rename alone would turn thinking on silently.
            plan.manual.append(f"{where}: {placement.note or 'the thinking switch cannot be placed'}")
            continue
        plan.edits.extend(placement.edits)
        for module_name, name in placement.imports:
            edit = module.add_import(module_name, name)
            if edit is not None:
                plan.edits.append(edit)
        if placement.note:
            plan.notes.append(placement.note)
        if placement.applicability is Applicability.UNSAFE:
            plan.unsafe.append(placement.note or "see the sink")
    return plan


def _forwarded_placement(module: Module, forward: Forwarded, placement: Placement) -> Placement:
    """A placement at the caller of a ``**kwargs`` function: none when the request passes the same
    keyword itself (passing it twice raises TypeError), so the switch must go there by hand."""
    clash = collisions(forward, module, placement.edits)
    if not clash:
        return placement
    target = forward.target
    where = f"{target.at.path}:{target.at.line}" if target.at.path else f"line {target.at.line}"
    return Placement(
        applicability=Applicability.UNSAFE,
        note=f"{target.request} ({where}) passes {clash[0]}= itself, so a caller of "
        f"{target.function} cannot pass it too: set thinking in that {clash[0]}= by hand",
    )


def _forwarded_to(module: Module, reached: list[_Reach]) -> tuple[Place, ...]:
    """The requests a caller's argument reaches through a function's ``**kwargs``."""
    return tuple(dict.fromkeys(r.forward.target.at for r in reached if r.forward is not None))


def _forwarding_reports(module: Module, reaches: dict[ModelLiteral, list[_Reach]]) -> list[Report]:
    """At each request that gets retired names through ``**kwargs``: where they come from (the
    callers' findings carry the fixes)."""
    by_origin: dict[int, tuple[Sink, Forwarded, list[ModelLiteral]]] = {}
    for lit, reached in reaches.items():
        for reach in reached:
            forward = reach.forward
            origin = forward.origin if forward is not None else None
            if (
                forward is None
                or origin is None  # in another module, which reports its own request when it is checked
                or forward.sink.host.other is not None
                or not forward.sink.adapter.accepts(lit)
            ):
                continue
            by_origin.setdefault(id(origin.node), (origin, forward, []))[2].append(lit)
    out = []
    for origin, forward, lits in by_origin.values():
        lits.sort(key=lambda x: x.start)
        star = module.parent(origin.model)
        start, end = module.span(star if star is not None else origin.model)
        names = ", ".join(dict.fromkeys(f"`{x.value}` (line {module.line(x.node)})" for x in lits))
        message = (
            f"{origin.what} gets the retired model name {names} through {forward.target.function}; "
            "the caller's finding says how its thinking mode is set there"
        )
        related = []
        for lit in lits:
            line, column = module.index.position(lit.start)
            related.append(Place("", line, column, "defined"))
        made = origin.adapter.report(start, end, message, severity=Severity.INFO)
        out.append(replace(made, related=tuple(dict.fromkeys(related))))
    return out


def _forwarded_in_reports(module: Module, adapters: Sequence[PythonAdapter]) -> list[Report]:
    """At each request of this module that callers in other modules send retired names through a
    function's ``**kwargs``: where they come from (the callers' findings carry the fixes)."""
    by_line: dict[int, list[Place]] = {}
    for line, place in sorted(
        module.links.forwarded_in, key=lambda lp: (lp[1].path, lp[1].line, lp[1].column)
    ):
        by_line.setdefault(line, []).append(place)
    out = []
    for adapter in adapters:
        if not adapter.relevant(module):
            continue
        for _, target, origin in targets(module, adapter):
            places = by_line.get(target.at.line)
            if not places or origin.host.other is not None:
                continue
            star = module.parent(origin.model)
            start, end = module.span(star if star is not None else origin.model)
            shown = ", ".join(dict.fromkeys(f"{p.path}:{p.line}" for p in places[:3]))
            message = (
                f"{origin.what} gets retired model names through {target.function} from other modules "
                f"({shown}); the callers' findings say how their thinking mode is set there"
            )
            made = origin.adapter.report(start, end, message, severity=Severity.INFO)
            out.append(replace(made, related=tuple(dict.fromkeys(places))))
    return out


# How the placements spell thinking off: `{"type": "disabled"}`, the Responses API's
# `{"effort": "none"}`, agno's `use_thinking=False`.
OFF_SPELLINGS = ("disabled", '"none"', "'none'", "=False")


def _spells_off(edits: Sequence[Edit]) -> bool:
    """Whether an unsafe placement's edits hold the switch itself, not only what goes with it
    (``is_function_calling_model=True``): without it, a rename would turn thinking on silently."""
    return any(word in e.content for e in edits for word in OFF_SPELLINGS)


def _unknown_host(sink: Sink) -> str:
    return f"the tool cannot tell whether {sink.what} reaches DeepSeek's API ({sink.host.unknown})"


def _unfollowed(module: Module, lit: ModelLiteral, reached: list[_Reach], remote: list[Use]) -> list[str]:
    """Why the rename is unsafe because of uses no sink accounts for: here, or in other modules."""
    reasons = []
    sink_nodes = {id(r.sink.model) for r in reached}
    stray = [
        u
        for u in module.uses(lit, frozenset(sink_nodes))
        if not _feeds(module, u, sink_nodes) and not overwritten_read(module, lit, u)
    ]
    if stray:
        lines = ", ".join(str(module.line(u)) for u in stray[:5])
        reasons.append(f"the value is also used where the tool cannot follow it (line {lines})")
    bad_remote = [u for u in remote if not u.ok]
    if bad_remote:
        where = ", ".join(dict.fromkeys(f"{u.path}:{u.line}" for u in bad_remote))
        reasons.append(f"other modules use it where the tool cannot fix it ({where})")
    return reasons


def _default_mode_is_safe(placement: Placement, thinking: Thinking) -> Placement:
    # Thinking on is the server default, so for an ex-deepseek-reasoner value a
    # placement the tool could not make still leaves the request's behaviour as it was.
    if (
        thinking is Thinking.ENABLED
        and placement.applicability is Applicability.UNSAFE
        and not placement.edits
    ):
        return Placement(
            note=placement.note + " (thinking is on by default, so the rename alone keeps the behaviour)"
        )
    return placement


def _feeds(module: Module, node: cst.CSTNode, sink_models: set[int]) -> bool:
    """Whether ``node`` is, or passes its value unchanged into, one of the sinks' model expressions."""
    current: cst.CSTNode | None = node
    while current is not None:
        if id(current) in sink_models:
            return True
        parent = module.parent(current)
        if not isinstance(parent, (cst.BooleanOperation, cst.IfExp)):
            return False
        current = parent
    return False


def _context_report(module: Module, lit: ModelLiteral) -> Report:
    """A retired literal no adapter claimed: say what it is and why it is not fixed."""
    if lit.prefix and not lit.prefix.startswith(DEEPSEEK_PREFIXES):
        return _literal_report(
            OtherHost,
            lit,
            f"`{lit.value}` names another provider's model (`{lit.prefix}`), not DeepSeek's own API; left as is",
        )
    dead = _overwritten_report(module, lit)
    if dead is not None:
        return dead
    vendor = _vendor_call(module, lit)
    if vendor is not None:
        return _literal_report(
            OtherHost,
            lit,
            f"`{lit.value}` is passed to {vendor}, not DeepSeek's own API; "
            "that host's catalog decides this id, so it is left as is",
        )
    node: cst.CSTNode = lit.node
    parent = module.parent(node)
    while isinstance(parent, (cst.Tuple, cst.List, cst.Set, cst.Element)):
        node, parent = parent, module.parent(parent)
    if isinstance(parent, (cst.ComparisonTarget, cst.Comparison, cst.MatchValue)):
        return _literal_report(
            RetiredModelComparison,
            lit,
            (
                f"branches on the retired name `{lit.value}`; after migration both modes are `{lit.rename.new if lit.rename else ''}`, "
                "so carry the thinking mode separately and branch on that"
            ),
        )
    arg = parent if isinstance(parent, cst.Arg) else None
    call = module.parent(arg) if arg is not None else None
    if (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value in COMPARISON_METHODS
    ):
        return _literal_report(
            RetiredModelComparison,
            lit,
            (
                f'`.{call.func.attr.value}("{lit.value}")` branches on a retired name; after migration both modes share '
                "one model name, so carry the thinking mode separately"
            ),
        )
    if (
        isinstance(call, cst.Call)
        and call.args
        and call.args[0] is arg
        and (module.qualified(call.func) or {dotted(call.func)}) & RE_FUNCTIONS
    ):
        return _literal_report(
            RetiredModelComparison,
            lit,
            (
                f'the pattern "{lit.value}" tests for a retired name; after migration both modes share '
                "one model name, so carry the thinking mode separately"
            ),
        )
    element = lit.node
    el_parent = module.parent(element)
    if isinstance(el_parent, cst.DictElement) and el_parent.key is element:
        return _literal_report(RetiredModelLookupKey, lit, _lookup_message(module, lit, el_parent))
    return _literal_report(
        RetiredModelString,
        lit,
        f"`{lit.value}` is retired; {_where(module, lit)}, so the tool cannot tell how to set the thinking mode: rename it by hand and set thinking {lit.thinking.value if lit.thinking else ''} where the request is made",
    )


def _overwritten_report(module: Module, lit: ModelLiteral) -> Report | None:
    """A retired literal assigned to a name that is assigned again before every read: it is never sent."""
    parent = module.parent(lit.node)
    if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1):
        return None
    target = parent.targets[0].target
    line = overwriting(module, target) if isinstance(target, cst.Name) else None
    if line is None or not isinstance(target, cst.Name):
        return None
    return _literal_report(
        RetiredModelText,
        lit,
        f"`{lit.value}` is assigned to `{target.value}`, which is assigned again before it is read "
        f"(line {line}), so it is never sent; update it when convenient",
    )


def _vendor_call(module: Module, lit: ModelLiteral) -> str | None:
    """The other vendor whose SDK a call given ``lit`` belongs to (``Mistral(...).chat.complete(model=...)``,
    ``dashscope.Generation.call(model=...)``), as "`call()` (Mistral AI)"; None when it is not one."""
    arg = module.parent(lit.node)
    call = module.parent(arg) if isinstance(arg, cst.Arg) else None
    if not isinstance(call, cst.Call):
        return None
    shown = f"`{dotted(call.func) or 'a call'}()`"
    vendor = vendor_of(module.qualified(call.func))
    if vendor is not None:
        return f"{shown} ({vendor})"
    root: cst.BaseExpression = call.func
    while isinstance(root, cst.Attribute):
        root = root.value
    if root is call.func or not isinstance(root, (cst.Name, cst.Call, cst.Attribute)):
        return None
    host = client_host(module, root, lambda _ctor: None)
    return f"{shown} ({host.other})" if host is not None and host.other is not None else None


def _lookup_message(module: Module, lit: ModelLiteral, element: cst.DictElement) -> str:
    table = module.parent(element)
    new = lit.rename.new if lit.rename else ""
    collisions = []
    if isinstance(table, cst.Dict):
        for other in table.elements:
            if isinstance(other, cst.DictElement) and isinstance(other.key, cst.SimpleString):
                other_lit = module.literal(other.key)
                if other_lit is not None and (
                    (other_lit.rename and other_lit.rename.new == new) or other_lit.name == new
                ):
                    collisions.append(f"`{other_lit.value}`: {module.source(other.value)}")
    text = f"lookup table keyed by the retired name `{lit.value}`"
    if len(collisions) > 1:
        text += f"; renaming would collide on `{new}` ({'; '.join(collisions)})"
    return text + ": key it by model and thinking mode, or keep one entry with V4 values"


def _callee_text(module: Module, func: cst.BaseExpression, limit: int = 60) -> str:
    """A callee that is no dotted name (``PROVIDERS[name].chat.completions.create``), as written."""
    flat = " ".join(module.source(func).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _where(module: Module, lit: ModelLiteral) -> str:
    parent = module.parent(lit.node)
    if module.field_default(parent) or (
        isinstance(parent, (cst.Assign, cst.AnnAssign))
        and isinstance(module.parent(module.parent(parent) or parent), cst.IndentedBlock)
        and isinstance(module.parent(module.parent(module.parent(parent) or parent) or parent), cst.ClassDef)
    ):
        return "it is the default of a class field whose readers the tool cannot follow"
    if isinstance(parent, cst.Arg) and isinstance(module.parent(parent), cst.Call):
        call = module.parent(parent)
        assert isinstance(call, cst.Call)
        name = dotted(call.func) or _callee_text(module, call.func)
        changed = unfollowed_kwargs(module, call, parent)
        if changed is not None:
            return f"it is passed to `{name}()`, but {changed}"
        return f"it is passed to `{name}()` and not followed from there to a request"
    if isinstance(parent, cst.Param):
        return "it is a function default whose uses the tool cannot follow"
    if isinstance(parent, (cst.Element, cst.List, cst.Tuple, cst.Set)):
        return "it is part of a collection of model names"
    if isinstance(parent, cst.DictElement):
        holder = module.parent(module.parent(parent) or parent)
        if isinstance(holder, cst.Assign) and len(holder.targets) == 1:
            name = dotted(holder.targets[0].target)
            if name:
                return f"it is an entry of `{name}`, which no request the tool can follow reads"
        return "it is a value in a dict the tool does not recognise as a request"
    if isinstance(parent, cst.Return):
        return "it is returned to callers"
    return "the tool cannot see where this value is sent"


def _text_reports(module: Module, reports: list[Report]) -> list[Report]:
    """Info reports for retired names in comments, docstrings and longer texts: the plain-text backstop."""
    covered = sorted((r.start, r.end) for r in reports)
    starts = [s for s, _ in covered]
    reach = list(itertools.accumulate((e for _, e in covered), max))  # the furthest end so far
    out: list[Report] = []
    for start, end, name in retired_mentions(module.text, module.rules):
        i = bisect.bisect_right(starts, start) - 1  # the spans that start at or before this name
        if i >= 0 and reach[i] >= end:
            continue
        message = f"mentions the retired model name `{name}` in text; update it when convenient"
        out.append(RetiredModelText.report(start, end, message, old=name))
    return out
