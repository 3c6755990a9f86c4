"""``out.logits`` on a NamedTuple output: the field's item type, with its carrier.

mypy types a NamedTuple attribute from the class's field declaration, which has no
carrier; the carriers live on the tuple's items (``attach_ret``), so the hook reads the
item at the field's index. Indexing and unpacking use the items directly.
"""

from __future__ import annotations

from mypy.nodes import MemberExpr
from mypy.plugin import AttributeContext
from mypy.types import TupleType, Type, get_proper_type

from .carrier import attach, carrier_of
from .trust import is_trusted

__all__ = ["namedtuple_attribute_callback"]


def namedtuple_attribute_callback(ctx: AttributeContext, attr: str) -> Type:
    """The carrier of field ``attr`` of a NamedTuple value, when its receiver is trusted."""
    typ = get_proper_type(ctx.type)
    member = ctx.context
    if ctx.is_lvalue or not isinstance(typ, TupleType) or not isinstance(member, MemberExpr):
        return ctx.default_attr_type
    meta = typ.partial_fallback.type.metadata.get("namedtuple") or {}
    fields = meta.get("fields") or []
    if attr not in fields or fields.index(attr) >= len(typ.items):
        return ctx.default_attr_type
    item = typ.items[fields.index(attr)]
    carrier = carrier_of(item) if is_trusted(ctx.api, member.expr) else None
    if carrier is None:
        return ctx.default_attr_type
    return attach(ctx.api, ctx.default_attr_type, carrier)
