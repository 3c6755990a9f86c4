"""A call on a union of modules is an error only when it fails for every member.

mypy checks ``m(...)`` once per member of ``m``'s union type, calling the method hook for
each. Each member's findings are kept (not reported); when the last member is checked, they
are all reported if every member failed, else none are (one member may be the one called).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mypy.nodes import CallExpr, Context, Expression, MemberExpr
from mypy.plugin import MethodContext
from mypy.types import Instance, UnionType, get_proper_type

from .env import CheckEnv

__all__ = ["Reports", "receiver_of_call", "receiver_of_method", "report_for_member"]

#: Findings of one check, reported by calling them.
Reports = list[Callable[[], None]]


def receiver_of_call(context: Context) -> Expression | None:
    """``m`` in ``m(...)``."""
    return context.callee if isinstance(context, CallExpr) else None


def receiver_of_method(context: Context) -> Expression | None:
    """``m`` in ``m.forward(...)``."""
    if isinstance(context, CallExpr) and isinstance(context.callee, MemberExpr):
        return context.callee.expr
    return None


def _members(ctx: MethodContext, receiver: Expression | None) -> list[Any] | None:
    """The items of the receiver's union type, or ``None`` when it is not a union."""
    lookup = getattr(ctx.api, "lookup_type_or_none", None)
    typ = None if receiver is None or lookup is None else lookup(receiver)
    proper = get_proper_type(typ) if typ is not None else None
    if not isinstance(proper, UnionType):
        return None
    return [get_proper_type(item) for item in proper.relevant_items()]


def _name(item: Any) -> str:
    return item.type.fullname if isinstance(item, Instance) else ""


def report_for_member(
    ctx: MethodContext,
    env: CheckEnv,
    member: Instance,
    found: Reports,
    receiver: Expression | None,
) -> None:
    """Report ``found`` (the findings for ``member``), unless the receiver is a union."""
    members = _members(ctx, receiver)
    if members is None or len(members) < 2:
        for report in found:
            report()
        return
    names = [_name(item) for item in members]
    key = (ctx.api.path, ctx.context.line, ctx.context.column, tuple(names))
    if member.type.fullname == names[0]:
        env.union_findings[key] = {}
    seen = env.union_findings.setdefault(key, {})
    seen[member.type.fullname] = found
    if member.type.fullname != names[-1]:
        return
    del env.union_findings[key]
    if all(seen.get(name) for name in names):  # a member not checked, or that passed: none
        for name in names:
            for report in seen[name]:
                report()
