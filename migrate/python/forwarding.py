"""``**kwargs`` forwarding: a function passes its ``**kwargs`` on to a request.

``def chat(messages, **kwargs): return client.chat.completions.create(messages=messages, **kwargs)``
called as ``chat(msgs, model="deepseek-chat")``: the caller's keyword is the request's
model. The tool follows it only when ``kwargs`` reaches the request unchanged (no
``kwargs[...] =``, ``.pop``, ``.update``, no reassignment, not passed anywhere else).
Each caller that passes the model becomes a *forwarded sink*: the request's adapter
spells the thinking mode at the caller, as a keyword the request accepts. Callers in
other modules learn of the function through a :class:`Target` (the run's cross-module
pass finds the functions they import).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from migrate.adapters.python.base import BASE_URL_KEYWORDS, PythonAdapter, Sink, host_of_url
from migrate.hosts import Host
from migrate.model import Edit, Place
from migrate.python.analysis import PLAIN_DECORATORS, Module, dotted
from migrate.rulepack import Rules

# Reads of ``kwargs`` that neither change it nor let it escape.
_READ_ONLY_METHODS = frozenset({"get", "keys", "items", "values", "copy"})


@dataclass(frozen=True)
class Target:
    """A function whose ``**kwargs`` reach a request: what its callers need to know (picklable)."""

    name: str  # the function's name
    function: str  # how messages name it: "`chat(**kwargs)`"
    code: str  # the request's adapter
    host: Host
    request: str  # the request, e.g. "`client.chat.completions.create()`"
    at: Place  # where the request is (path "" in the caller's own module)
    model_keywords: tuple[str, ...]  # the keywords a caller passes the model as
    named: tuple[str, ...]  # the function's own parameters: a keyword of that name stops there
    keywords: tuple[str, ...]  # the keywords the request passes itself: a caller cannot pass them too
    unknown: tuple[str, ...]  # uses of the function in its own module that the tool cannot follow


@dataclass(frozen=True)
class Forwarded:
    """One caller's keyword argument that a function's ``**kwargs`` passes on to a request."""

    sink: Sink  # the request as seen from the caller: ``node`` is the caller's call, ``model`` its argument
    target: Target
    unsafe: tuple[str, ...]  # why the callers are not all known
    origin: Sink | None = None  # the request itself, when it is in the caller's module


def targets(
    module: Module, adapter: PythonAdapter, path: str = ""
) -> Iterator[tuple[cst.FunctionDef, Target, Sink]]:
    """The functions of ``module`` whose ``**kwargs`` reach a request of ``adapter`` unchanged."""
    for origin, model_keywords in adapter.forwarding_sinks(module):
        call, name = origin.node, origin.model
        if not isinstance(call, cst.Call) or not isinstance(name, cst.Name):
            continue
        param = _kwargs_param(module, name)
        func = (
            next((a for a in module.ancestors(param) if isinstance(a, cst.FunctionDef)), None)
            if param
            else None
        )
        if param is None or func is None or func.params.star_kwarg is not param or _touched(module, param):
            continue
        params = (*func.params.posonly_params, *func.params.params, *func.params.kwonly_params)
        _, unknown = module.calls_of(func)
        for decorator in func.decorators:
            if dotted(decorator.decorator) not in PLAIN_DECORATORS:
                unknown.append(f"the decorator `@{module.source(decorator.decorator)}`")
        line, column = module.index.position(module.span(call)[0])
        block = module.parent(func)
        cls = module.parent(block) if func.name.value == "__init__" and block is not None else None
        target = Target(
            name=func.name.value,
            function=f"`{(cls if isinstance(cls, cst.ClassDef) else func).name.value}(**{name.value})`",
            code=adapter.CODE,
            host=origin.host,
            request=origin.what,
            at=Place(path, line, column, "sent"),
            model_keywords=model_keywords,
            named=tuple(p.name.value for p in params),
            keywords=tuple(a.keyword.value for a in call.args if a.keyword is not None),
            unknown=tuple(unknown),
        )
        yield func, target, origin


def forwarded(module: Module, adapter: PythonAdapter) -> list[Forwarded]:
    """The callers' model arguments that reach a request of ``adapter`` through a function's ``**kwargs``:
    functions of this module, and functions of other modules that it imports (``module.links``)."""
    out: list[Forwarded] = []
    for func, target, origin in targets(module, adapter):
        calls, _ = module.calls_of(func)
        out.extend(_callers(module, adapter, target, calls, origin))
    for local, target in module.links.forwarders:
        if target.code != adapter.CODE:
            continue
        calls = [call for call in module.calls if _imported_call(module, call, local)]
        out.extend(_callers(module, adapter, target, calls, None))
    return out


def _imported_call(module: Module, call: cst.Call, local: str) -> bool:
    """Whether ``call`` calls the imported function this module spells ``local``: ``chat`` (imported by
    name) or ``llm.chat`` / ``app.llm.chat`` (through its module), whose first name is only an import."""
    func = call.func
    if type(func) is cst.Name:
        head: cst.BaseExpression = func
    elif type(func) is cst.Attribute and "." in local:
        head = func
        while type(head) is cst.Attribute:
            head = head.value
    else:
        return False
    if dotted(func) != local or type(head) is not cst.Name:
        return False
    refs = module.referents(head)
    return bool(refs) and all(r.kind == "import" for r in refs)


def _callers(
    module: Module, adapter: PythonAdapter, target: Target, calls: list[cst.Call], origin: Sink | None
) -> list[Forwarded]:
    unknown = list(target.unknown)
    for caller in calls:
        if any(a.star for a in caller.args):
            unknown.append(
                f"the call at line {module.line(caller)}, which unpacks arguments the tool cannot see"
            )
    where = f" at {target.at.path}:{target.at.line}" if target.at.path else f" (line {target.at.line})"
    what = f"{target.request}{where} through {target.function}"
    reasons = (f"not every call of {target.function} is seen ({', '.join(unknown[:3])})",) if unknown else ()
    out = []
    for caller in calls:
        for keyword in target.model_keywords:
            arg = module.kwarg(caller, keyword)
            if arg is None or keyword in target.named:
                continue
            sink = Sink(adapter, caller, arg.value, _host(module, caller, target.host), what)
            out.append(Forwarded(sink, target, reasons, origin))
    return out


def _host(module: Module, caller: cst.Call, host: Host) -> Host:
    """The request's host, unless the caller passes a base URL itself (``make_llm(base_url=...)``)."""
    for arg in caller.args:
        if arg.keyword is not None and arg.keyword.value in BASE_URL_KEYWORDS:
            return host_of_url(module, arg.value) or Host(
                unknown=f"the call at line {module.line(caller)} passes its own {arg.keyword.value}="
            )
    return host


def _kwargs_param(module: Module, name: cst.Name) -> cst.Param | None:
    """The ``**kwargs`` parameter ``name`` reads, when it is the only binding of that name."""
    refs = module.referents(name)
    if len(refs) != 1 or refs[0].kind != "assign" or refs[0].node is None:
        return None
    node = refs[0].node
    param = node if isinstance(node, cst.Param) else module.parent(node)
    if not isinstance(param, cst.Param) or param.star != "**":
        return None
    if len(refs[0].scope.bindings.get(name.value, ())) != 1:
        return None  # ``kwargs = {...}`` somewhere in the function
    return param


def _touched(module: Module, param: cst.Param) -> bool:
    """Whether ``kwargs`` is changed or passed on anywhere but as ``**kwargs``."""
    return _touching(module, param) is not None


def _touching(module: Module, param: cst.Param) -> cst.CSTNode | None:
    """The first read of ``kwargs`` that may change it or pass it on other than as ``**kwargs``."""
    for read in module.references(param):
        parent = module.parent(read)
        if isinstance(parent, cst.Arg) and parent.star == "**" and parent.value is read:
            continue
        if isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, (cst.In, cst.NotIn)):
            continue  # ``"model" in kwargs``
        if (
            isinstance(parent, cst.Attribute)
            and parent.value is read
            and parent.attr.value in _READ_ONLY_METHODS
            and isinstance(module.parent(parent), cst.Call)
        ):
            continue  # ``kwargs.get("model")``
        return read
    return None


def unfollowed_kwargs(module: Module, call: cst.Call, arg: cst.Arg) -> str | None:
    """Why a keyword passed to ``call``, a function of this module that takes ``**kwargs``, is not
    followed through them (for the message of the literal's report); None when that is not the case."""
    if not isinstance(call.func, cst.Name):
        return None
    refs = module.referents(call.func)
    func = refs[0].node if len(refs) == 1 and refs[0].kind == "assign" else None
    if not isinstance(func, cst.FunctionDef) or func.params.star_kwarg is None or arg.keyword is None:
        return None
    params = (*func.params.posonly_params, *func.params.params, *func.params.kwonly_params)
    if arg.keyword.value in {p.name.value for p in params}:
        return None
    param = func.params.star_kwarg
    read = _touching(module, param)
    shown = f"`{func.name.value}(**{param.name.value})`"
    if read is not None:
        return f"{shown} changes its `{param.name.value}` or passes it elsewhere (line {module.line(read)})"
    return None


def collisions(forward: Forwarded, module: Module, edits: Sequence[Edit]) -> list[str]:
    """The keywords the placement adds at the caller that the request passes itself (a TypeError)."""
    caller = forward.sink.node
    assert isinstance(caller, cst.Call)
    return [
        k
        for k in forward.target.keywords
        if module.kwarg(caller, k) is None and any(re.search(rf"(?<![\w.]){k}\s*=", e.content) for e in edits)
    ]


def top_level_targets(
    path: Path,
    rules: Rules,
    shown: Callable[[Path], str],
    read: Callable[[str], bytes],
    functions: Iterable[str],
) -> dict[str, list[Target]]:
    """The functions of ``functions`` at the top level of the module at ``path`` whose ``**kwargs``
    reach a request (:func:`targets`), by name."""
    found: dict[str, list[Target]] = {}
    try:
        text = read(str(path)).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return found
    if "**" not in text:  # no function of it takes **kwargs: nothing to parse
        return found
    wanted = set(functions)
    from migrate import registry
    from migrate.python.cstindex import identity_hash
    from migrate.python.nesting import MAX_DEPTH, nesting_depth

    if nesting_depth(text) > MAX_DEPTH:  # libcst's parser would overflow the C stack
        return found
    with identity_hash:
        try:
            module = Module(text, rules, None, str(path))
        except Exception:  # a file libcst cannot parse: its callers stay for manual review
            return found
        try:
            for adapter in (a() for a in registry.PYTHON_ADAPTERS):
                if not adapter.relevant(module):
                    continue
                for func, target, _ in targets(module, adapter, shown(path)):
                    if isinstance(module.parent(func), cst.Module) and func.name.value in wanted:
                        found.setdefault(func.name.value, []).append(target)
        finally:
            module.release()
    return found
