"""``**kwargs`` forwarding: a function of the module passes its ``**kwargs`` on to a request.

``def chat(messages, **kwargs): return client.chat.completions.create(messages=messages, **kwargs)``
called as ``chat(msgs, model="deepseek-chat")``: the caller's keyword is the request's
model. The tool follows it only when ``kwargs`` reaches the request unchanged (no
``kwargs[...] =``, ``.pop``, ``.update``, no reassignment, not passed anywhere else).
Each caller that passes the model becomes a *forwarded sink*: the request's adapter
spells the thinking mode at the caller, as a keyword the request accepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from migrate.adapters.python.base import BASE_URL_KEYWORDS, Sink, host_of_url
from migrate.hosts import Host
from migrate.model import Edit
from migrate.python.analysis import PLAIN_DECORATORS, Module, dotted

# Reads of ``kwargs`` that neither change it nor let it escape.
_READ_ONLY_METHODS = frozenset({"get", "keys", "items", "values", "copy"})


@dataclass(frozen=True)
class Forwarded:
    """One caller's keyword argument that a function's ``**kwargs`` passes on to a request."""

    sink: Sink  # the request as seen from the caller: ``node`` is the caller's call, ``model`` its argument
    origin: Sink  # the request in the function (its ``model`` is the ``kwargs`` name of ``**kwargs``)
    function: str  # e.g. "`chat(**kwargs)`"
    unsafe: tuple[str, ...]  # why the callers are not all known
    keywords: tuple[str, ...]  # the keywords the request passes itself: a caller cannot pass them too


def forwarded(module: Module, origin: Sink, model_keywords: Sequence[str]) -> list[Forwarded]:
    """The callers' model arguments that reach ``origin`` through the ``**kwargs`` it passes on."""
    call = origin.node
    name = origin.model
    if not isinstance(call, cst.Call) or not isinstance(name, cst.Name):
        return []
    param = _kwargs_param(module, name)
    if param is None:
        return []
    func = next((a for a in module.ancestors(param) if isinstance(a, cst.FunctionDef)), None)
    if func is None or func.params.star_kwarg is not param or _touched(module, param, call):
        return []
    named = {
        p.name.value for p in (*func.params.posonly_params, *func.params.params, *func.params.kwonly_params)
    }
    keywords = tuple(a.keyword.value for a in call.args if a.keyword is not None)
    calls, unknown = module.calls_of(func)
    for decorator in func.decorators:
        if dotted(decorator.decorator) not in PLAIN_DECORATORS:
            unknown.append(f"the decorator `@{module.source(decorator.decorator)}`")
    for caller in calls:
        if any(a.star for a in caller.args):
            unknown.append(
                f"the call at line {module.line(caller)}, which unpacks arguments the tool cannot see"
            )
    shown = f"`{func.name.value}(**{name.value})`"
    out: list[Forwarded] = []
    for caller in calls:
        for keyword in model_keywords:
            arg = module.kwarg(caller, keyword)
            if arg is None or keyword in named:
                continue
            what = f"{origin.what} (line {module.line(call)}) through {shown}"
            sink = Sink(origin.adapter, caller, arg.value, _host(module, caller, origin), what)
            reasons = (f"not every call of {shown} is seen ({', '.join(unknown[:3])})",) if unknown else ()
            out.append(Forwarded(sink, origin, shown, reasons, keywords))
    return out


def _host(module: Module, caller: cst.Call, origin: Sink) -> Host:
    """The request's host, unless the caller passes a base URL itself (``make_llm(base_url=...)``)."""
    for arg in caller.args:
        if arg.keyword is not None and arg.keyword.value in BASE_URL_KEYWORDS:
            return host_of_url(module, arg.value) or Host(
                unknown=f"the call at line {module.line(caller)} passes its own {arg.keyword.value}="
            )
    return origin.host


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


def _touched(module: Module, param: cst.Param, call: cst.Call) -> bool:
    """Whether ``kwargs`` is changed or passed on anywhere but as ``**kwargs`` (to ``call`` or another call)."""
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
        return True
    return False


def collisions(forward: Forwarded, module: Module, edits: Sequence[Edit]) -> list[str]:
    """The keywords the placement adds at the caller that the request passes itself (a TypeError)."""
    caller = forward.sink.node
    assert isinstance(caller, cst.Call)
    return [
        k
        for k in forward.keywords
        if module.kwarg(caller, k) is None and any(re.search(rf"(?<![\w.]){k}\s*=", e.content) for e in edits)
    ]
