"""Dead stores: an assignment overwritten, on every path, before a read.

``model = "deepseek-chat"`` then ``model = "deepseek-v4-flash"`` then ``create(model=model)``:
the first value never reaches the request. The test is deliberately narrow: the
overwrite is a plain assignment standing in the same block as the read's statement,
between the first assignment's statement and the read's (so a loop, an ``if`` or a
``try`` around the overwrite keeps the first value alive).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from migrate.python.analysis import ModelLiteral, Module

_BODIES = (cst.Module, cst.IndentedBlock)


def overwritten(module: Module, target: cst.CSTNode, read: cst.CSTNode) -> bool:
    """Whether the name assigned at ``target`` is assigned again, unconditionally, before ``read``."""
    if not isinstance(target, cst.Name):
        return False
    read_levels = {}
    node: cst.CSTNode | None = read
    while node is not None:
        parent = module.parent(node)
        if isinstance(parent, _BODIES):
            read_levels[id(parent)] = node
        node = parent
    node = target
    while node is not None:
        parent = module.parent(node)
        if isinstance(parent, _BODIES) and id(parent) in read_levels:
            body = list(parent.body)
            first = _index(body, node)
            last = _index(body, read_levels[id(parent)])
            return any(_assigns(stmt, target.value) for stmt in body[first + 1 : last])
        node = parent
    return False


def overwriting(module: Module, target: cst.CSTNode) -> int | None:
    """The line of the assignment that overwrites ``target`` before every read of it, if there is one."""
    reads = module.references(target)
    if not reads or not all(overwritten(module, target, read) for read in reads):
        return None
    return module.line(reads[0])


def overwritten_read(module: Module, lit: ModelLiteral, read: cst.CSTNode) -> bool:
    """Whether ``read`` sees another value than ``lit``: the name ``lit`` is assigned to is overwritten first."""
    parent = module.parent(lit.node)
    if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1):
        return False
    return overwritten(module, parent.targets[0].target, read)


def _index(body: Sequence[cst.CSTNode], node: cst.CSTNode) -> int:
    return next(i for i, stmt in enumerate(body) if stmt is node)


def _assigns(stmt: cst.CSTNode, name: str) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    for small in stmt.body:
        if isinstance(small, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
        ):
            return True
        if (
            isinstance(small, cst.AnnAssign)
            and small.value is not None
            and isinstance(small.target, cst.Name)
            and small.target.value == name
        ):
            return True
    return False
