"""The contract of Python adapters: find the places that send a model name, and spell thinking there.

A Python adapter finds *sinks*: the call or dict display that sends a model
name to an API on its surface (``client.chat.completions.create(model=...)``,
a raw request body, ``ChatDeepSeek(model=...)``...). For each sink it says who
receives the request (DeepSeek, or another host) and how to spell the thinking
mode there (:meth:`PythonAdapter.place`). The engine follows values from
retired literals to sinks, renames the literal where it is defined, and asks the
sink's adapter for the thinking edits. Adapters report; the engine applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from migrate.adapters.base import Rule
from migrate.hosts import DEEPSEEK, Host, env_host, is_deepseek_url, join_hosts, vendor_of
from migrate.model import Applicability, Edit, Report, Thinking
from migrate.python.analysis import PLAIN_DECORATORS, ModelLiteral, Module, dotted, string_value

URL = re.compile(r"^https?://", re.I)
# Client methods that return the client they are called on (or a copy with other options).
PASS_THROUGH = ("with_options", "copy")
# How :meth:`Module.values` describes a read of the environment: "the environment variable X (line N)".
ENV_READ = "the environment variable "
# Between an unknown base URL's expression and why it is unknown, when there is more to say than
# that the tool cannot see it: the client's message repeats the reason.
DETAIL = ": "
BASE_URL_KEYWORDS = ("base_url", "api_base", "base_url_", "api_base_url", "openai_api_base", "url")


@dataclass(frozen=True)
class Sink:
    """A call or dict display that sends ``model`` to an API."""

    adapter: PythonAdapter
    node: cst.CSTNode
    model: cst.BaseExpression
    host: Host = DEEPSEEK
    what: str = ""  # how a message names the sink, e.g. "`client.chat.completions.create()`"


@dataclass(frozen=True)
class Placement:
    """The edits that spell a thinking mode at one sink, and how safe they are."""

    edits: tuple[Edit, ...] = ()
    applicability: Applicability = Applicability.SAFE
    note: str = ""
    imports: tuple[tuple[str, str], ...] = ()  # (module, name) pairs the edits need; the engine adds them
    manual: bool = False  # no fix can be offered: the finding is for manual review, the note says why


class PythonAdapter(Rule):
    """A rule for one Python client surface."""

    # Literal forms this surface sends to DeepSeek: bare names, or with a provider prefix.
    PREFIXES: ClassVar[tuple[str, ...]] = ("",)
    # Words of which one must occur in a module for :meth:`sinks` to find anything there
    # (see :func:`trigger_words`); empty: always look.
    TRIGGERS: ClassVar[frozenset[str]] = frozenset()
    # Whether this surface sends the model id exactly as written to the host (no provider prefix
    # is read): a slash id such as `deepseek/deepseek-chat` then names another catalog's model,
    # since DeepSeek's API serves no slash ids (see :meth:`verbatim`).
    VERBATIM: ClassVar[bool] = False

    def relevant(self, module: Module) -> bool:
        """Whether :meth:`sinks` can find anything in ``module``: a cheap test on its words."""
        return not self.TRIGGERS or module.mentions(self.TRIGGERS)

    def sinks(self, module: Module) -> Iterator[Sink]:
        raise NotImplementedError

    def place(self, module: Module, sink: Sink, thinking: Thinking, quote: str) -> Placement:
        raise NotImplementedError

    @classmethod
    def by_hand(cls, thinking: Thinking) -> str | None:
        """How a person sets ``thinking`` in this client, for messages about code the tool cannot see
        (``openai SDK: extra_body={...}``); None when messages need not name this client."""
        return None

    def forwarding_sinks(self, module: Module) -> Iterator[tuple[Sink, tuple[str, ...]]]:
        """Requests that take their model from the ``**kwargs`` of a function they pass it on from
        (``create(messages=m, **kwargs)``), with the keywords a caller passes the model as. The sink's
        ``model`` is the ``kwargs`` name. Only requests whose :meth:`place` spells thinking with keywords
        of the call alone: the engine asks it to spell them at each caller instead."""
        return iter(())

    def accepts(self, lit: ModelLiteral) -> bool:
        return lit.prefix in self.PREFIXES

    def verbatim(self, module: Module, sink: Sink) -> bool:
        """Whether ``sink`` sends its model id exactly as written to the host."""
        return self.VERBATIM

    def explicit_thinking(self, module: Module, sink: Sink) -> Thinking | None:
        """The thinking mode ``sink`` sets in this client's own spelling (agno's ``use_thinking=``);
        None when it sets none that way (the hazard rules then look for the request-body field)."""
        return None

    def defaults(self, module: Module) -> Iterator[Report]:
        """Reports for calls that send a retired name without spelling it: a client whose default
        model, in the versions the project pins, is one (agno's ``DeepSeek()`` before 2.6.10)."""
        return iter(())

    def hazards(self, module: Module, sink: Sink) -> Iterator[Report]:
        """Reports for what this client does wrong in thinking mode, for a sink that runs in it
        (LangChain's ``with_structured_output()``); the request-level hazards are the hazard rules' own."""
        return iter(())


def trigger_words(*names: frozenset[str], bare: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words that :func:`callee_matches` / :func:`callee_is` need in a module to match ``names``.

    A callee matched by qualified name was imported, so the first word of the
    name (the package) is in the import; a callee matched by spelling ends with
    the last word of a name, or is one of ``bare``.
    """
    words = set(bare)
    for group in names:
        for name in group:
            parts = name.split(".")
            words.update((parts[0], parts[-1]))
    return frozenset(words)


def method_matcher(methods: frozenset[str]) -> Callable[[str], str | None]:
    """A function from a dotted callee (``client.beta.chat.completions.parse``) to the method of
    ``methods`` it ends with; the longest wins (``beta.chat.completions.parse``, not
    ``chat.completions.parse``), so the answer never depends on set order."""
    ordered = sorted(methods, key=lambda m: (-len(m), m))
    last_words = {m.rpartition(".")[2] for m in methods}

    def match(name: str) -> str | None:
        if name.rpartition(".")[2] not in last_words:
            return None  # most calls: one set lookup
        for method in ordered:
            if name.endswith("." + method):
                return method
        return None

    return match


def thinking_value(thinking: Thinking) -> dict[str, object]:
    return {"type": thinking.value}


def host_of_url(module: Module, expr: cst.BaseExpression | None) -> Host | None:
    """Classify a base-URL expression: DeepSeek, another host, or unknown (a value this module
    cannot show, such as ``os.getenv("BASE_URL")``, or a relative path); None when there is none."""
    if expr is None:
        return None
    value = string_value(expr)
    if value is None:
        opened = _open_param(module, expr)
        if opened is not None:
            return Host(unknown=f"`{_shown(module, expr)}` (line {module.line(expr)}){DETAIL}{opened}")
    if value is None and isinstance(expr, cst.Name):
        value = _imported_constant(module, expr)
    if value is None and isinstance(
        expr, (cst.Name, cst.Attribute, cst.Call, cst.BooleanOperation, cst.IfExp)
    ):
        vals = module.values(expr)
        urls = [v for v in vals.other_names if URL.match(v)]
        env = [
            o[len(ENV_READ) :].partition(" (line")[0].partition(",")[0]
            for o in vals.others
            if o.startswith(ENV_READ)
        ]
        if urls and not vals.others:
            if len(set(map(is_deepseek_url, urls))) > 1:
                return Host(
                    unknown=f"`{_shown(module, expr)}` (line {module.line(expr)}){DETAIL}it may be "
                    + " or ".join(dict.fromkeys(urls))
                )
            value = urls[0]
        elif urls and len(env) == len(vals.others):
            host = env_host(env, urls)
            if host.unknown is not None:
                return Host(
                    unknown=f"`{_shown(module, expr)}` (line {module.line(expr)}){DETAIL}{host.unknown}"
                )
            return host
    if value is None and isinstance(expr, cst.FormattedString) and expr.parts:
        lead = expr.parts[0]
        if isinstance(lead, cst.FormattedStringText) and URL.match(lead.value):
            value = lead.value
        elif isinstance(lead, cst.FormattedStringExpression):
            return host_of_url(module, lead.expression)
    if value is None:
        return Host(
            unknown=f"`{_shown(module, expr)}` (line {module.line(expr)}) is not a URL the tool can see"
        )
    if is_deepseek_url(value):
        return DEEPSEEK
    if not URL.match(value.strip()):
        return Host(unknown=f"`{value}` (line {module.line(expr)}) is not an absolute URL")
    return Host(other=value)


def _open_param(module: Module, expr: cst.BaseExpression) -> str | None:
    """Why a base URL read from a parameter (``def __init__(self, base_url="https://api.deepseek.com")``)
    is open: callers the tool does not see (other modules, a framework) may pass another URL. None when
    it reaches no such parameter (the calls of a private function are joined by ``Module.values``).
    A field of an object that arrives as such a parameter (``cfg.base_url``, ``self.cfg.base_url``
    with ``self.cfg = cfg``) is open too: the callers build the object."""
    holders = [expr]
    while isinstance(holders[-1], cst.Attribute):
        holders.append(holders[-1].value)
    params = [
        (p, "URL" if holder is expr else "object")
        for holder in holders
        if not (isinstance(holder, cst.Name) and holder.value in ("self", "cls"))
        for p in reaching_params(module, holder)
    ]
    for param, passed in dict.fromkeys(params):
        func = next(
            (a for a in module.ancestors(param) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None
        )
        if not isinstance(func, cst.FunctionDef) or param.star or module.callable_elsewhere(func):
            return (
                f"`{param.name.value}` is a parameter of `{_callee_name(module, param)}()`, "
                f"and callers the tool does not see may pass another {passed}"
            )
    return None


def _shown(module: Module, expr: cst.BaseExpression) -> str:
    text = " ".join(module.source(expr).split())
    return text if len(text) <= 60 else text[:59] + "…"


def unset_base_url(module: Module, call: cst.Call, source: str) -> Host:
    """The host of a client built with no base URL keyword: unknown, since ``source`` decides it
    (``OPENAI_BASE_URL``, or api.openai.com) and the tool cannot see that."""
    what = f"`{_shown(module, call.func)}()` at line {module.line(call)}"
    if module.has_star_kwargs(call):
        return Host(unknown=f"{what} takes its options from **kwargs: the base URL is not visible")
    return Host(unknown=f"{what} sets no base URL: it comes from {source}, which is not visible")


def kwarg_host(module: Module, call: cst.Call, *keywords: str) -> Host | None:
    """The host the first of ``keywords`` the call passes names (``base_url=``...); None when the call
    passes none of them."""
    for keyword in keywords:
        arg = module.kwarg(call, keyword)
        if arg is not None:
            host = host_of_url(module, arg.value)
            if host is not None and host.unknown is not None:
                return Host(
                    unknown=f"`{_shown(module, call.func)}()` at line {module.line(call)} takes "
                    f"{keyword}=`{_shown(module, arg.value)}`, which the tool cannot resolve"
                    + (f": {host.unknown.rpartition(DETAIL)[2]}" if DETAIL in host.unknown else "")
                )
            return host
    return None


def client_host(
    module: Module, expr: cst.BaseExpression, classify: Callable[[cst.Call], Host | None], depth: int = 0
) -> Host | None:
    """The host of the client ``expr`` refers to, over every assignment that reaches it.

    ``classify`` gives the host of one constructor call (None: not a client it knows).
    A call to a function of this module (a client factory) is followed to what it
    returns. None when no constructor is seen; unknown when one is seen that is no
    client ``classify`` knows, or the reaching clients disagree.
    """
    if depth > 2:
        return None
    found: list[tuple[Host, str]] = []
    for param in reaching_params(module, expr):
        host = param_host(module, param, classify, depth)
        if host is not None:
            found.append(
                (host, f"by the callers of `{_callee_name(module, param)}()` (as `{param.name.value}`)")
            )
    for ctor in constructors_of(module, expr):
        pass_through = isinstance(ctor.func, cst.Attribute) and ctor.func.attr.value in PASS_THROUGH
        host = kwarg_host(module, ctor, *BASE_URL_KEYWORDS) if pass_through else classify(ctor)
        vendor = vendor_of(module.qualified(ctor.func))
        if host is None and vendor is not None:
            host = Host(other=vendor)
        if host is None:
            # A wrapper of a client (``instructor.from_openai(OpenAI(...))``) sends through it.
            wrapped = [a.value for a in ctor.args if a.keyword is None and not a.star]
            inner = [h for h in (client_host(module, w, classify, depth + 1) for w in wrapped[:1]) if h]
            host = (
                inner[0]
                if inner
                else Host(
                    unknown=f"`{_shown(module, ctor.func)}()` at line {module.line(ctor)} is not a client the tool knows"
                )
            )
        found.append((host, f"at line {module.line(ctor)}"))
    found.extend(_base_url_writes(module, expr))
    if not found and isinstance(expr, cst.Name):
        imported = _imported_client(module, expr)
        if imported is not None:
            return imported
    if not found and isinstance(expr, cst.Attribute) and dotted(expr.value) == "self":
        field = _declared_field(module, expr)
        if field is not None:
            return field_host(module, field, classify, depth)
    if not found and isinstance(expr, cst.Attribute) and dotted(expr.value) != "self":
        held = _held_client(module, expr, classify, depth)
        if held is not None:
            return held
    return join_hosts(found) if found else None


def _imported_constant(module: Module, name: cst.Name) -> str | None:
    """The string a name imported from another module of the project is bound to there
    (``from config import DEEPSEEK_BASE_URL``, one module-level ``NAME = "..."`` and no other
    assignment); None when it is not so imported or not such a constant."""
    refs = module.referents(name)
    if not refs or not all(r.kind == "import" for r in refs):
        return None
    from migrate.python.crossmodule import imported_constant  # deferred: the cross-module pass

    return imported_constant(module.location or "<memory>", module.text, name.value)


def _imported_client(module: Module, name: cst.Name) -> Host | None:
    """The host of a client imported from another module of the project (``from app.llm import
    client``): what that module builds, read with ``ast``; unknown when it cannot be seen. None when
    the name is not imported from a module."""
    refs = module.referents(name)
    if not refs or not all(r.kind == "import" for r in refs):
        return None
    from migrate.python.crossmodule import imported_client_host  # deferred: the cross-module pass

    return imported_client_host(module.location or "<memory>", module.text, name.value)


def _declared_field(module: Module, read: cst.Attribute) -> cst.AnnAssign | None:
    """The class-level declaration ``client: OpenAI`` (no value) of the field ``self.client`` reads,
    when the class never assigns it: a dataclass or pydantic field, filled by whoever builds it."""
    cls = next((a for a in module.ancestors(read) if isinstance(a, cst.ClassDef)), None)
    return _class_field(cls, read.attr.value) if cls is not None else None


def _class_field(cls: cst.ClassDef, attr: str) -> cst.AnnAssign | None:
    """The class-level declaration ``attr: T`` (no value) in ``cls``'s body."""
    for stmt in cls.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if (
                isinstance(small, cst.AnnAssign)
                and small.value is None
                and isinstance(small.target, cst.Name)
                and small.target.value == attr
            ):
                return small
    return None


def _held_client(
    module: Module, expr: cst.Attribute, classify: Callable[[cst.Call], Host | None], depth: int
) -> Host | None:
    """``deps.client`` / ``self.deps.client``: a client kept in a declared field of an object of one of
    this module's classes (a parameter ``deps: Deps``, ``deps = Deps(...)``, ``self.deps = deps``). The
    construction's argument when the object is made here, else the join of every construction of the
    class in the run (:func:`field_host`). None when the object is not one the tool can name."""
    owners = module.owners(expr.value)
    if not owners or any(o.cls is None or not o.instance for o in owners):
        return None
    name = expr.attr.value
    written = [
        a
        for a in module.names.attributes
        if a.attr.value == name and isinstance(module.parent(a), (cst.AssignTarget, cst.AnnAssign))
    ]
    if written:  # ``deps.client = ...`` / ``self.client = ...``: not only what the constructions pass
        return Host(unknown=f"`.{name}` is also assigned (line {module.line(written[0])})")
    found: list[tuple[Host, str]] = []
    for owner in owners:
        assert owner.cls is not None
        field = _class_field(owner.cls, name)
        if field is None:
            return None
        call = owner.call
        if call is None and module.subclasses(owner.cls):
            return Host(
                unknown=f"`{owner.cls.name.value}` has subclasses, whose constructions pass `{name}` too"
            )
        if call is None:
            found.append((field_host(module, field, classify, depth), f"as `{owner.cls.name.value}.{name}`"))
            continue
        arg = module.kwarg(call, name)
        position = _field_position(owner.cls, name)
        if arg is None and position is not None and not any(a.star for a in call.args):
            arg = module.positional(call, position)
        host = client_host(module, arg.value, classify, depth + 1) if arg is not None else None
        where = f"at line {module.line(call)}"
        found.append((host or Host(unknown=f"the construction {where} does not show `{name}`"), where))
    return join_hosts(found)


def _generates_init(decorator: str) -> bool:
    """A dataclass or attrs decorator: ``__init__`` takes the fields in order."""
    return decorator.rpartition(".")[2] in ("dataclass", "define", "frozen", "mutable") or decorator in (
        "attr.s",
        "attr.attrs",
    )


def _field_position(cls: cst.ClassDef, name: str) -> int | None:
    """The position of field ``name`` in the ``__init__`` a dataclass without base classes generates;
    None when positional arguments cannot be mapped to it (base classes, whose fields come first, a
    ``KW_ONLY`` marker or an ``init=False`` field before it, or a class that is not a dataclass)."""
    if cls.bases or not any(
        _generates_init(dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator))
        for d in cls.decorators
    ):
        return None
    position = 0
    for line in cls.body.body:
        for s in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            if not isinstance(s, cst.AnnAssign) or not isinstance(s.target, cst.Name):
                continue
            annotation = dotted(s.annotation.annotation)
            if "ClassVar" in annotation or (
                isinstance(s.annotation.annotation, cst.Subscript)
                and "ClassVar" in dotted(s.annotation.annotation.value)
            ):
                continue
            if "KW_ONLY" in annotation or (
                isinstance(s.value, cst.Call)
                and any(
                    a.keyword is not None and a.keyword.value in ("init", "kw_only") for a in s.value.args
                )
            ):
                return None
            if s.target.value == name:
                return position
            position += 1
    return None


def field_host(
    module: Module, field: cst.AnnAssign, classify: Callable[[cst.Call], Host | None], depth: int = 0
) -> Host:
    """The host of a client kept in a declared field (``client: OpenAI`` in a dataclass or a pydantic
    model): the join of what every construction of the class in this module passes for it;
    unknown when none is visible or one passes what the tool cannot trace."""
    cls = next(a for a in module.ancestors(field) if isinstance(a, cst.ClassDef))
    assert isinstance(field.target, cst.Name)
    name = field.target.value
    intro = f"`{name}` is a field of `{cls.name.value}`"
    position = _field_position(cls, name)
    found: list[tuple[Host, str]] = []
    unknown: list[str] = []
    calls = module.constructions(cls)
    remote = [
        u
        for u in module.links.used
        if u.host is not None
        and u.export.client
        and u.export.param == name
        and u.export.name == cls.name.value
    ]
    for use in remote:  # constructions in other files of the run (``Deps(client=OpenAI(...))``)
        assert use.host is not None
        if use.host.unknown is not None:
            unknown.append(f"{use.path}:{use.line}: {use.host.unknown}")
        else:
            found.append((use.host, f"{use.path}:{use.line}"))
    if not calls and not remote:
        unknown.append("no construction of it is visible")
    for call in calls:
        arg = module.kwarg(call, name)
        if arg is None and position is not None and not any(a.star for a in call.args):
            arg = module.positional(call, position)
        if arg is None:
            unknown.append(f"the construction at line {module.line(call)} does not show it")
            continue
        host = client_host(module, arg.value, classify, depth + 1)
        if host is None or host.unknown is not None:
            unknown.append(
                host.unknown
                if host is not None and host.unknown
                else f"`{_shown(module, arg.value)}` at line {module.line(call)}"
            )
        else:
            found.append((host, f"line {module.line(call)}"))
    if unknown or not found:
        return Host(
            unknown=f"{intro}; the tool cannot see every client passed to it ({', '.join(list(dict.fromkeys(unknown))[:3])})"
        )
    joined = join_hosts(found)
    if joined.unknown is not None:
        parts = ", ".join(f"{where} ({h.unknown or h.other or 'DeepSeek'})" for h, where in found)
        return Host(unknown=f"{intro}, and its constructions pass different clients: {parts}")
    return joined


def reaching_params(module: Module, expr: cst.BaseExpression, depth: int = 0) -> list[cst.Param]:
    """The parameters whose value the client object ``expr`` may be: ``client`` in
    ``def ask(client): client.chat...``, through ``client = client or OpenAI(...)``, ``x if c else y``
    and ``self.client = client`` (set in any method)."""
    if depth > 5:
        return []
    out: list[cst.Param] = []
    if isinstance(expr, cst.BooleanOperation):
        out += reaching_params(module, expr.left, depth + 1) + reaching_params(module, expr.right, depth + 1)
    elif isinstance(expr, cst.IfExp):
        out += reaching_params(module, expr.body, depth + 1) + reaching_params(module, expr.orelse, depth + 1)
    elif isinstance(expr, cst.Call):
        if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in PASS_THROUGH:
            out += reaching_params(module, expr.func.value, depth + 1)
    elif isinstance(expr, cst.Name):
        for ref in module.referents(expr):
            if isinstance(ref.node, cst.Param):
                out.append(ref.node)
            elif isinstance(module.parent(ref.node) if ref.node is not None else None, cst.Param):
                param = module.parent(ref.node) if ref.node is not None else None
                assert isinstance(param, cst.Param)
                out.append(param)
        for value in assigned_values(module, expr):
            out += reaching_params(module, value, depth + 1)
    elif isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self":
        for target in module.self_targets:
            if target.attr.value != expr.attr.value or not module.same_object(expr, target):
                continue
            holder = module.parent(target)
            assign = module.parent(holder) if isinstance(holder, cst.AssignTarget) else holder
            kept = assign.value if isinstance(assign, (cst.Assign, cst.AnnAssign)) else None
            if kept is not None and not isinstance(kept, cst.Call):
                out += reaching_params(module, kept, depth + 1)
    return list(dict.fromkeys(out))


def param_host(
    module: Module, param: cst.Param, classify: Callable[[cst.Call], Host | None], depth: int = 0
) -> Host | None:
    """The host of a client that arrives as ``param``: the join of what every caller in the run passes
    (here, and in other files through :attr:`Use.host`), and of its default.

    Unknown when a caller passes what the tool cannot trace, or no caller is seen (a public function
    others may call); None when every caller leaves it to a ``None`` default (``client or OpenAI(...)``
    then decides, a reaching assignment of its own).
    """
    name = param.name.value
    func = next((a for a in module.ancestors(param) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None)
    if not isinstance(func, cst.FunctionDef) or param.star:
        return Host(unknown=f"`{name}` is a parameter; the tool cannot see every client passed to it")
    target = _callee_name(module, param)
    intro = f"`{name}` is a parameter of `{target}()`"
    calls, unknown = module.calls_of(func)
    unknown += [
        f"the decorator `@{dotted(d.decorator) or '...'}`"
        for d in func.decorators
        if dotted(d.decorator) not in PLAIN_DECORATORS
    ]
    found: list[tuple[Host, str]] = []
    recursive: list[cst.Call] = []
    omitted = False
    for call in calls:
        if any(a.star for a in call.args):
            unknown.append(f"the call at line {module.line(call)} unpacks its arguments")
            continue
        arg = module.passed(call, func, param)
        if arg is None:
            omitted = True
            continue
        if isinstance(arg.value, cst.Name) and param in reaching_params(module, arg.value):
            recursive.append(call)  # it passes on what its own callers passed
            continue
        host = client_host(module, arg.value, classify, depth + 1)
        if host is None:
            unknown.append(f"`{_shown(module, arg.value)}` at line {module.line(call)}")
        elif host.unknown is not None:
            unknown.append(host.unknown)
        else:
            found.append((host, f"line {module.line(call)}"))
    remote = [
        u
        for u in module.links.used
        if u.host is not None and u.export.client and u.export.param == name and u.export.name == target
    ]
    for use in remote:
        assert use.host is not None
        if use.host.unknown is not None:
            unknown.append(f"{use.path}:{use.line}: {use.host.unknown}")
        else:
            found.append((use.host, f"{use.path}:{use.line}"))
    calls = [c for c in calls if c not in recursive]
    if not calls and not remote:
        unknown.append("no call of it is visible")
    default = param.default
    if (
        (omitted or not calls)
        and default is not None
        and not (isinstance(default, cst.Name) and default.value == "None")
    ):
        host = client_host(module, default, classify, depth + 1)
        if host is None:
            unknown.append(f"its default `{_shown(module, default)}`")
        elif host.unknown is not None:
            unknown.append(host.unknown)
        else:
            found.append((host, "its default"))
    if unknown:
        return Host(
            unknown=f"{intro}; the tool cannot see every client passed to it ({', '.join(list(dict.fromkeys(unknown))[:3])})"
        )
    if not found:
        return None
    joined = join_hosts(found)
    if joined.unknown is not None:
        parts = ", ".join(f"{where} ({h.unknown or h.other or 'DeepSeek'})" for h, where in found)
        return Host(unknown=f"{intro}, and its callers pass different clients: {parts}")
    return joined


def _callee_name(module: Module, param: cst.Param) -> str:
    """How callers spell the function ``param`` belongs to: its name, or its class's for ``__init__``."""
    func = next((a for a in module.ancestors(param) if isinstance(a, (cst.FunctionDef, cst.Lambda))), None)
    if not isinstance(func, cst.FunctionDef):
        return "lambda"
    if func.name.value == "__init__":
        cls = next((a for a in module.ancestors(func) if isinstance(a, cst.ClassDef)), None)
        return cls.name.value if cls is not None else "__init__"
    return func.name.value


def _base_url_writes(module: Module, expr: cst.BaseExpression) -> list[tuple[Host, str]]:
    """Hosts the client ``expr`` is pointed at after it is built (``client.base_url = "..."``)."""
    spelled = dotted(expr)
    if not spelled:
        return []
    out: list[tuple[Host, str]] = []
    for node in module.names.attributes:
        if node.attr.value not in ("base_url", "api_base") or dotted(node.value) != spelled:
            continue
        if spelled.startswith("self.") and not module.same_object(expr, node):
            continue  # another class's object
        target = module.parent(node)
        assign = module.parent(target) if isinstance(target, cst.AssignTarget) else None
        if isinstance(assign, cst.Assign):
            host = host_of_url(module, assign.value) or Host(
                unknown="a base URL set after the client is built"
            )
            out.append((host, f"at line {module.line(assign)}"))
    return out


def module_base_urls(module: Module) -> list[tuple[str, bool]]:
    """Every literal base URL passed as a keyword in the module, with whether it is DeepSeek's."""
    out: list[tuple[str, bool]] = []
    for call in module.calls:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in BASE_URL_KEYWORDS:
                value = string_value(arg.value)
                if value is not None and URL.match(value):
                    out.append((value, is_deepseek_url(value)))
    return out


def fallback_host(module: Module, expr: cst.BaseExpression | None = None) -> Host:
    """The host of a call whose client cannot be traced: unknown when the module names another host
    (another client's base URL proves nothing about this one, either way), when the client is an
    attribute this module never sets (``self.client`` set by a base class, ``app.state.client``), or a
    name a star import may bind. A bare name nothing binds (a snippet) is taken as DeepSeek's."""
    others = [u for u, is_ds in module_base_urls(module) if not is_ds]
    if others:
        return Host(unknown=f"the client is not visible here, and this module also talks to {others[0]}")
    why = _untraced_client(module, expr) if expr is not None else None
    return Host(unknown=why) if why is not None else DEEPSEEK


def _untraced_client(module: Module, expr: cst.BaseExpression) -> str | None:
    shown = f"`{_shown(module, expr)}`"
    if isinstance(expr, cst.Attribute):
        root: cst.BaseExpression = expr
        while isinstance(root, cst.Attribute):
            root = root.value
        if isinstance(root, cst.Name) and root.value in ("self", "cls"):
            return f"{shown} is not set in this module: a base class or whoever builds the object sets it"
        return f"{shown} is not a client the tool can trace"
    if isinstance(expr, cst.Name) and not module.referents(expr) and _star_imports(module):
        return f"{shown} may come from `from {_star_imports(module)[0]} import *`"
    if not isinstance(expr, cst.Name):
        return f"{shown} is not a client the tool can trace"
    bound = [r for r in module.referents(expr) if r.kind != "builtin" and r.node is not None]
    if bound:  # a loop variable, ``registry[provider]``, ``kwargs["client"]``, a tuple unpacked...
        lines = ", ".join(dict.fromkeys(str(module.line(r.node)) for r in bound if r.node is not None))
        return f"{shown} is bound (line {lines}) to a value the tool cannot trace to a client"
    return None


def _star_imports(module: Module) -> list[str]:
    return [
        dotted(small.module) if small.module is not None else "."
        for stmt in module.tree.body
        if isinstance(stmt, cst.SimpleStatementLine)
        for small in stmt.body
        if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar)
    ]


# Methods of a built client or model whose own keywords replace the constructor's for that request
# (LangChain's ``llm.bind(extra_body=...)``, ``llm.invoke(..., extra_body=...)``).
OVERRIDE_METHODS = frozenset({"bind", "invoke", "ainvoke", "stream", "astream", "batch", "abatch"})


def call_time_overrides(module: Module, ctor: cst.Call, keyword: str) -> list[str]:
    """The calls on the object ``ctor`` builds (``llm = ChatOpenAI(...)``) that pass ``keyword=``
    themselves, replacing what the constructor sets, as "`llm.bind(extra_body=...)` at line N"."""
    out: list[str] = []
    for read in module.bound_reads(ctor) or []:
        attr = module.parent(read)
        if not (
            isinstance(attr, cst.Attribute) and attr.value is read and attr.attr.value in OVERRIDE_METHODS
        ):
            continue
        call = module.parent(attr)
        if isinstance(call, cst.Call) and call.func is attr and module.kwarg(call, keyword) is not None:
            out.append(f"`{dotted(attr)}({keyword}=...)` at line {module.line(call)}")
    return out


def star_kwargs_name(call: cst.Call) -> cst.Name | None:
    """The name a call unpacks as its only ``**`` argument (``**kwargs``), else None."""
    stars = [a for a in call.args if a.star == "**"]
    return stars[0].value if len(stars) == 1 and isinstance(stars[0].value, cst.Name) else None


def add_kwarg_unless_present(module: Module, call: cst.Call, keyword: str, value: str) -> Placement:
    """Add ``keyword=value`` unless the call passes it already (then respect it)."""
    if module.kwarg(call, keyword) is not None:
        return Placement(note=f"{keyword}= is already set")
    if module.has_star_kwargs(call):
        return Placement(
            applicability=Applicability.UNSAFE,
            note=f"the call also passes **kwargs; make sure {keyword}={value} is not set twice",
        )
    return Placement(edits=(module.add_kwarg(call, keyword, value),))


def combine(*placements: Placement) -> Placement:
    edits: list[Edit] = []
    notes: list[str] = []
    imports: list[tuple[str, str]] = []
    unsafe = manual = False
    for p in placements:
        manual = manual or p.manual
        edits.extend(p.edits)
        imports.extend(p.imports)
        if p.note:
            notes.append(p.note)
        unsafe = unsafe or p.applicability is Applicability.UNSAFE
    return Placement(
        edits=tuple(edits),
        applicability=Applicability.UNSAFE if unsafe else Applicability.SAFE,
        note="; ".join(notes),
        imports=tuple(dict.fromkeys(imports)),
        manual=manual,
    )


def callee_matches(
    module: Module, func: cst.BaseExpression, names: frozenset[str], *, by_spelling: bool = True
) -> bool:
    """Whether ``func`` is one of ``names`` (qualified names such as ``langchain_deepseek.ChatDeepSeek``).

    An imported or aliased callee matches by its qualified name only. A callee no
    import binds (a star import, a snippet) matches by spelling when
    ``by_spelling``: ``ChatDeepSeek`` or ``langchain_deepseek.ChatDeepSeek``.
    """
    qualified = module.qualified(func)
    if qualified:
        return bool(qualified & names)
    spelled = dotted(func)
    return by_spelling and bool(spelled) and any(n == spelled or n.endswith("." + spelled) for n in names)


def deep_merge_into_dict_kwarg(
    module: Module,
    call: cst.Call,
    keyword: str,
    value: dict[str, object],
    quote: str,
    *,
    what: str,
) -> Placement:
    """Make ``keyword=`` carry ``value``, a dict of nested dicts: ``{"extra_body": {"thinking": ...}}``.

    Adds the keyword, or merges the missing keys into the dict displays already
    there, at every level (keys added to one dict go in one edit). A key already
    present with a non-dict value is respected (no edit). A level that is not a
    dict display, or ``**kwargs`` where the keyword is absent, gives an unsafe
    placement with no edit for it and a note saying what to add by hand.
    """
    arg = module.kwarg(call, keyword)
    if arg is None:
        rendered = module.dict_value_source(value, quote)
        if module.has_star_kwargs(call):
            return Placement(
                applicability=Applicability.UNSAFE,
                note=f"the call also passes **kwargs; make sure {keyword}= carries {rendered}",
            )
        return Placement(edits=(module.add_kwarg(call, keyword, rendered),))
    return _deep_merge(module, arg.value, value, keyword, quote, what)


def _deep_merge(
    module: Module, node: cst.BaseExpression, value: dict[str, object], shown: str, quote: str, what: str
) -> Placement:
    if not isinstance(node, cst.Dict):
        return Placement(
            applicability=Applicability.UNSAFE,
            note=f"{shown} is not a dict literal; make it carry {module.dict_value_source(value, quote)} by hand ({what})",
        )
    missing: list[str] = []
    placements: list[Placement] = []
    for key, sub in value.items():
        element = module.dict_get(node, key)
        if element is None:
            missing.append(f"{quote}{key}{quote}: {module.dict_value_source(sub, quote)}")
        elif isinstance(sub, dict):
            placements.append(_deep_merge(module, element.value, sub, f"{shown}[{key!r}]", quote, what))
        else:
            placements.append(Placement(note=f"{shown} already sets {key!r}"))
    if missing:
        key, _, rest = missing[0].partition(": ")
        edit = module.add_dict_item(node, key, ", ".join([rest, *missing[1:]]))
        if module.dict_has_star(node):
            placements.append(
                Placement(
                    edits=(edit,),
                    applicability=Applicability.UNSAFE,
                    note=f"{shown} also unpacks another dict that may set the same keys",
                )
            )
        else:
            placements.append(Placement(edits=(edit,)))
    return combine(*placements)


def callee_is(
    module: Module, func: cst.BaseExpression, names: frozenset[str], bare: frozenset[str] = frozenset()
) -> bool:
    """Whether ``func`` is one of ``names`` (qualified), judged by spelling only when nothing binds it."""
    qualified = module.qualified(func)
    if qualified:
        return bool(qualified & names)
    spelled = dotted(func)
    return spelled in names or spelled in bare


def add_kwargs_unless_present(module: Module, call: cst.Call, kwargs: dict[str, str]) -> Placement:
    """Add each ``name=value`` the call lacks (rendered values), as one insertion."""
    missing = {k: v for k, v in kwargs.items() if module.kwarg(call, k) is None}
    if not missing:
        return Placement(note=f"{', '.join(kwargs)} already set")
    wanted = ", ".join(f"{k}={v}" for k, v in missing.items())
    if module.has_star_kwargs(call):
        return Placement(
            applicability=Applicability.UNSAFE,
            note=f"the call also passes **kwargs; add {wanted} by hand unless those kwargs carry it",
        )
    return Placement(edits=_appended(missing, lambda k, v: module.add_kwarg(call, k, v), "="))


def merge_extra_body_and_add_kwargs(
    module: Module, call: cst.Call, items: dict[str, object], kwargs: dict[str, str], quote: str, *, what: str
) -> Placement:
    """``items`` into ``extra_body=`` plus the plain keywords ``kwargs``, as one insertion when all are new."""
    missing = {k: v for k, v in kwargs.items() if module.kwarg(call, k) is None}
    if missing and module.kwarg(call, "extra_body") is None and not module.has_star_kwargs(call):
        return add_kwargs_unless_present(
            module, call, {"extra_body": module.dict_value_source(items, quote), **missing}
        )
    placement = merge_items_into_dict_kwarg(module, call, "extra_body", items, quote, what=what)
    return combine(placement, add_kwargs_unless_present(module, call, missing)) if missing else placement


def merge_items_into_dict_kwarg(
    module: Module,
    call: cst.Call,
    keyword: str,
    items: dict[str, object],
    quote: str,
    *,
    what: str,
) -> Placement:
    """Put ``items`` into the dict passed as ``keyword=`` (adding the keyword if absent); keys present win."""
    rendered = module.dict_value_source(items, quote)
    arg = module.kwarg(call, keyword)
    if arg is None:
        if module.has_star_kwargs(call):
            return Placement(
                applicability=Applicability.UNSAFE,
                note=f"the call also passes **kwargs; make sure {keyword}= carries {rendered}",
            )
        return Placement(edits=(module.add_kwarg(call, keyword, rendered),))
    if isinstance(arg.value, cst.Dict):
        return merge_items_into_dict(module, arg.value, items, quote, where=keyword)
    if all(sets_key(module, arg.value, key) for key in items):  # ``extra_body=EXTRA``, bound to a display
        return Placement(
            note=f"{keyword}= already sets {', '.join(map(repr, items))} (`{_shown(module, arg.value)}`)"
        )
    if (
        keyword == "extra_body"
        and items.get("thinking") == thinking_value(Thinking.DISABLED)
        and isinstance(arg.value, (cst.Name, cst.Attribute))
    ):
        # The request's own fields: spread the mapping and set the switch after it, so a rename of
        # an ex-deepseek-chat name never goes without it. Unsafe: the value may be something other
        # than a dict or None (then the call raises) or set the field itself (the switch wins). (Thinking on is the default: an
        # ex-deepseek-reasoner call needs no switch here.)
        start, end = module.span(arg.value)
        shown = module.source(arg.value)
        if _may_be_none(module, arg.value):  # ``def ask(q, extra=None)``: ``{**None}`` would raise
            shown = f"({shown} or {{}})"
        return Placement(
            edits=(Edit(start, end, f"{{**{shown}, {rendered[1:-1]}}}"),),
            applicability=Applicability.UNSAFE,
            note=f"{keyword}= is not a dict literal; the fix spreads it, {{**{shown}, {rendered[1:-1]}}}, "
            f"which needs `{shown}` to be a dict ({what})",
        )
    return Placement(
        applicability=Applicability.UNSAFE,
        note=f"{keyword}= is not a dict literal; add {rendered[1:-1]} to it by hand ({what})",
    )


def _may_be_none(module: Module, expr: cst.BaseExpression) -> bool:
    """Whether a name may hold ``None``: a parameter whose default is ``None`` or that is annotated
    optional, or an assignment of ``None`` that reaches it."""
    if not isinstance(expr, cst.Name):
        return False
    for param in reaching_params(module, expr):
        default = param.default
        annotation = module.source(param.annotation.annotation) if param.annotation is not None else ""
        if (
            (isinstance(default, cst.Name) and default.value == "None")
            or "None" in annotation
            or "Optional" in annotation
        ):
            return True
    return any(isinstance(v, cst.Name) and v.value == "None" for v in assigned_values(module, expr))


def bound_dicts(module: Module, expr: cst.BaseExpression) -> list[cst.Dict] | None:
    """The dict displays ``expr`` is: itself, or every value a name is bound to in this module
    (``EXTRA = {"thinking": ...}`` then ``extra_body=EXTRA``). None when the tool cannot see it:
    another expression, a name bound otherwise (a parameter, an import, a loop), or a dict that
    may change after it is built (a method call on it, an item assigned or deleted)."""
    if isinstance(expr, cst.Dict):
        return [expr]
    if not isinstance(expr, cst.Name):
        return None
    refs = module.referents(expr)
    out: list[cst.Dict] = []
    for ref in refs:
        target = ref.node
        holder = module.parent(target) if ref.kind == "assign" and target is not None else None
        assign = module.parent(holder) if isinstance(holder, cst.AssignTarget) else holder
        value = assign.value if isinstance(assign, (cst.Assign, cst.AnnAssign)) else None
        if target is None or not isinstance(value, cst.Dict):
            return None
        for read in module.references(target):
            if not isinstance(module.parent(read), (cst.Arg, cst.DictElement, cst.StarredDictElement)):
                return None  # ``EXTRA["thinking"] = ...``, ``EXTRA.update(...)``, ``del EXTRA[...]``
        out.append(value)
    return out or None


def sets_key(module: Module, expr: cst.BaseExpression | None, key: str) -> bool:
    """Whether the dict ``expr`` is (a display, or a name bound only to displays) has ``key``:
    ``extra_body={"thinking": ...}`` or ``extra_body=EXTRA``. Words in comments, strings or other
    keys do not count; a dict the tool cannot see does not either (its caller says it is unknown)."""
    dicts = bound_dicts(module, expr) if expr is not None else None
    return bool(dicts) and all(module.dict_get(d, key) is not None for d in dicts or ())


def merge_items_into_dict_item(
    module: Module, node: cst.Dict, key: str, items: dict[str, object], quote: str, *, where: str
) -> Placement:
    """Put ``items`` into the dict at ``node[key]`` (adding the key if absent); keys present win."""
    rendered = module.dict_value_source(items, quote)
    element = module.dict_get(node, key)
    if element is None:
        return merge_items_into_dict(module, node, {key: items}, quote, where=where)
    if isinstance(element.value, cst.Dict):
        return merge_items_into_dict(module, element.value, items, quote, where=f"{where}[{key!r}]")
    return Placement(
        applicability=Applicability.UNSAFE,
        note=f"{where}[{key!r}] is not a dict literal; add {rendered[1:-1]} to it by hand",
    )


def merge_items_into_dict(
    module: Module, node: cst.Dict, items: dict[str, object], quote: str, *, where: str
) -> Placement:
    """Add the keys of ``items`` that the dict display lacks; unsafe if it also unpacks another mapping."""
    missing = {k: v for k, v in items.items() if module.dict_get(node, k) is None}
    if not missing:
        return Placement(note=f"{where} already sets {', '.join(map(repr, items))}")
    rendered = {f"{quote}{k}{quote}": module.dict_value_source(v, quote) for k, v in missing.items()}
    edits = _appended(rendered, lambda k, v: module.add_dict_item(node, k, v), ": ")
    if module.dict_has_star(node):
        return Placement(
            edits=edits,
            applicability=Applicability.UNSAFE,
            note=f"{where} also unpacks another mapping that may set {', '.join(map(repr, missing))}",
        )
    return Placement(edits=edits)


def _appended(items: dict[str, str], make: Callable[[str, str], Edit], sep: str) -> tuple[Edit, ...]:
    """Edits appending ``items`` in order: several insertions at one point, or one combined item."""
    pairs = list(items.items())
    edits: list[Edit] = [make(k, v) for k, v in pairs]
    if all(e.start == e.end == edits[0].start for e in edits):
        return tuple(edits)
    first_key, first_value = pairs[0]
    rest = "".join(f", {k}{sep}{v}" for k, v in pairs[1:])
    return (make(first_key, first_value + rest),)


def client_expr(func: cst.Attribute, method: str) -> cst.BaseExpression | None:
    node: cst.BaseExpression = func
    for _ in method.split("."):
        if not isinstance(node, cst.Attribute):
            return None
        node = node.value
    return node


def constructor_of(module: Module, expr: cst.BaseExpression) -> cst.Call | None:
    """The first call that builds the client object ``expr`` refers to, if this module shows one."""
    return next(iter(constructors_of(module, expr)), None)


def constructors_of(module: Module, expr: cst.BaseExpression, depth: int = 0) -> list[cst.Call]:
    """Every call that builds the client object ``expr`` may refer to, as far as this module shows:
    each reaching assignment (both branches of an ``if`` or of ``a if c else b``, reassignments,
    ``with ... as``, ``self.x`` set in any method), through ``with_options()``/``copy()`` and small
    factory functions."""
    if depth > 5:
        return []
    if isinstance(expr, cst.Call):
        if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in PASS_THROUGH:
            if any(a.keyword is not None and a.keyword.value in BASE_URL_KEYWORDS for a in expr.args):
                return [expr]  # `client.with_options(base_url=...)` sends elsewhere: client_host reads it
            return constructors_of(module, expr.func.value, depth + 1)
        returned = _factory_returns(module, expr)
        if returned:
            return [c for r in returned for c in constructors_of(module, r, depth + 1)]
        return [expr]
    out: list[cst.Call] = []
    if isinstance(expr, (cst.BooleanOperation, cst.IfExp)):  # ``client or OpenAI(...)``
        for side in (
            (expr.left, expr.right) if isinstance(expr, cst.BooleanOperation) else (expr.body, expr.orelse)
        ):
            out.extend(constructors_of(module, side, depth + 1))
    elif isinstance(expr, cst.Name):
        for node in assigned_values(module, expr):
            out.extend(constructors_of(module, node, depth + 1))
    elif (
        isinstance(expr, cst.Attribute)
        and isinstance(expr.value, cst.Name)
        and expr.value.value in ("self", "cls")
    ):
        attr = expr.attr.value
        for kept in module.class_level_values(expr, attr):  # ``class Bot: client = OpenAI(...)``
            out.extend(constructors_of(module, kept, depth + 1))
        for call in module.calls:
            parent = module.parent(call)
            if (
                isinstance(parent, cst.Assign)
                and any(
                    isinstance(t.target, cst.Attribute)
                    and isinstance(t.target.value, cst.Name)
                    and t.target.value.value == "self"
                    and t.target.attr.value == attr
                    for t in parent.targets
                )
                and module.same_object(expr, call)  # not another class's ``self`` (a sibling provider)
            ):
                out.extend(constructors_of(module, call, depth + 1))
        for target in module.self_targets:  # ``self.client = client or OpenAI(...)``
            if target.attr.value != attr or not module.same_object(expr, target):
                continue
            holder = module.parent(target)
            assign = module.parent(holder) if isinstance(holder, cst.AssignTarget) else holder
            value = assign.value if isinstance(assign, (cst.Assign, cst.AnnAssign)) else None
            if target.attr.value == attr and isinstance(value, (cst.BooleanOperation, cst.IfExp, cst.Name)):
                out.extend(constructors_of(module, value, depth + 1))
    return list(dict.fromkeys(out))


def _factory_returns(module: Module, call: cst.Call) -> list[cst.BaseExpression]:
    """What a function of this module called as ``call`` returns (``def make_client(): return OpenAI(...)``)."""
    if not isinstance(call.func, cst.Name):
        return []
    out: list[cst.BaseExpression] = []
    for ref in module.referents(call.func):
        node = ref.node
        if isinstance(node, cst.Name):
            node = module.parent(node)
        if isinstance(node, cst.FunctionDef):
            out.extend(r.value for r in _returns(node) if r.value is not None)
    return out


def _returns(func: cst.FunctionDef) -> list[cst.Return]:
    found: list[cst.Return] = []

    class Visitor(cst.CSTVisitor):
        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is func

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    func.visit(Visitor())
    return found


def assigned_values(module: Module, name: cst.Name) -> list[cst.BaseExpression]:
    out: list[cst.BaseExpression] = []
    for ref in module.referents(name):
        target = ref.node
        parent = module.parent(target) if target is not None else None
        if isinstance(parent, cst.AssignTarget):
            assign = module.parent(parent)
            if isinstance(assign, cst.Assign):
                out.append(assign.value)
        elif isinstance(parent, cst.AnnAssign) and parent.value is not None:
            out.append(parent.value)
        elif isinstance(parent, cst.AsName) and isinstance(module.parent(parent), cst.WithItem):
            with_item = module.parent(parent)
            assert isinstance(with_item, cst.WithItem)
            out.append(with_item.item)
    return out
