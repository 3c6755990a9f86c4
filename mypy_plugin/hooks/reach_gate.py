"""Whether a definition in the function being checked could carry a neural type at all.

The trust rule finds the neural type of a name whose own type carries none from its
reaching definitions (``trust._from_reaching``), which needs the function's source: the file
is read and parsed. That search can only succeed if some value it may look at has a carrier:
the right-hand sides of the function's assignments (the only statements
``statements.assignment_at`` returns), the branches, items and receivers the search follows
into, or a parameter with a declared neural type. ``may_carry`` asks exactly that, from
mypy's tree and type map, so a function where no neural value flows is never parsed (on
NeMo's ASR collection, most of the files read only for this).

>>> from mypy.nodes import NameExpr
>>> [type(e).__name__ for e in _leaves(NameExpr("x"))]
['NameExpr']
"""

from __future__ import annotations

from mypy.nodes import (
    AssignmentExpr,
    AssignmentStmt,
    Block,
    CallExpr,
    ConditionalExpr,
    Expression,
    FakeInfo,
    FuncItem,
    ListExpr,
    MemberExpr,
    StarExpr,
    TupleExpr,
)
from mypy.plugin import CheckerPluginInterface
from mypy.types import Instance

from ..metadata import param_source
from .carrier import any_carrier
from .statements import blocks_of

__all__ = ["may_carry"]


class _Last:
    """The function last asked about (checking it asks many times), the values to look at
    and whether one was seen to carry: the answer is never "no" again once it was "yes"."""

    func: FuncItem | None = None
    body: Block | None = None
    values: tuple[Expression, ...] = ()
    seen: bool = False


_LAST = _Last()


def _leaves(expr: Expression) -> list[Expression]:
    """``expr`` and the expressions the trust rule follows from it (``_agreeing``,
    ``_replayed``, ``_rhs``): ternary branches, tuple and list items, starred values, the
    receiver of an attribute or method call, a walrus's value."""
    found: list[Expression] = []
    todo = [expr]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ConditionalExpr):
            todo += (node.if_expr, node.else_expr)
        elif isinstance(node, TupleExpr | ListExpr):
            todo.extend(node.items)
        elif isinstance(node, StarExpr | AssignmentExpr):
            todo.append(node.expr if isinstance(node, StarExpr) else node.value)
        elif isinstance(node, MemberExpr):
            todo.append(node.expr)
        elif isinstance(node, CallExpr) and isinstance(node.callee, MemberExpr):
            todo.append(node.callee.expr)
    return found


def _values(block: Block, out: list[Expression]) -> None:
    """The leaves of every assignment's right-hand side in ``block`` and the blocks of its
    compound statements (where ``assignment_at`` looks; not nested functions)."""
    for stmt in block.body:
        if isinstance(stmt, AssignmentStmt):
            out.extend(_leaves(stmt.rvalue))
        for sub in blocks_of(stmt):
            _values(sub, out)


def _has_param_source(func: FuncItem) -> bool:
    if func.is_static or func.is_class or func.info is None or isinstance(func.info, FakeInfo):
        return False
    return any(
        param_source(func.info, func.name, func.line, arg.variable.name) is not None
        for arg in func.arguments[1:]
    )


def may_carry(api: CheckerPluginInterface) -> bool:
    """Whether a reaching definition in the function being checked may carry a neural type
    (``False``: ``trust._from_reaching`` finds none, and need not read the source)."""
    scope = getattr(api, "scope", None)
    func: FuncItem | None = scope.top_level_function() if scope is not None else None
    if func is None:
        return False
    last = _LAST
    if last.func is not func or last.body is not func.body:  # the daemon merges in place
        last.func, last.body = func, func.body
        last.seen = _has_param_source(func)
        values: list[Expression] = []
        if not last.seen:
            _values(func.body, values)
        last.values = tuple(values)
    if not last.seen:
        last.seen = _any_carries(api, last.values)
    return last.seen


def _any_carries(api: CheckerPluginInterface, values: tuple[Expression, ...]) -> bool:
    lookup = getattr(api, "lookup_type_or_none", None)
    if lookup is None:
        return False
    for value in values:
        typ = lookup(value)
        if typ is None or (type(typ) is Instance and typ.extra_attrs is None and not typ.args):
            continue  # the common case, a plain ``Tensor``: nothing to look into
        if any_carrier(typ):
            return True
    return False
