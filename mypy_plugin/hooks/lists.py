"""``torch.cat`` of tracked tensors: the neural type survives where the rule is sure.

Concatenating along an existing axis keeps every axis's meaning, so ``torch.cat([a, b],
dim=2)`` of values with one neural type has that type (a literal ``dim``; a sized axis
keeps a size only when every part's size is known). ``torch.stack`` adds an axis nobody
named: unchecked.
"""

from __future__ import annotations

from typing import Any

from mypy.nodes import CallExpr, Expression, ListExpr, TupleExpr
from mypy.plugin import FunctionContext
from mypy.types import Type

from ..model.spec import Carrier
from .carrier import attach
from .op_calls import op_args
from .trust import believed, believed_list

__all__ = ["cat_callback"]


def _parts(ctx: FunctionContext, seq: Expression) -> list[Carrier] | None:
    lookup = getattr(ctx.api, "lookup_type_or_none", None)
    if isinstance(seq, ListExpr | TupleExpr):
        if lookup is None or not seq.items:
            return None
        found = [believed(ctx.api, item, lookup(item)) for item in seq.items]
        return None if any(c is None for c in found) else [c for c in found if c is not None]
    element = believed_list(ctx.api, seq)
    return None if element is None else [element]


def concatenated(parts: list[Carrier], dim: Any, known_count: bool) -> Carrier | None:
    """The carrier of ``cat(parts, dim)``, or ``None`` when not sure.

    >>> bt = {"axes": [["batch", None, False], ["time", 4, False]], "elem": "e.X",
    ...       "opt": False, "depth": 0}
    >>> concatenated([{"spec": bt, "src": "a"}] * 2, 1, True)["spec"]["axes"][1]
    ['time', 8, False]
    """
    first = parts[0]["spec"]
    axes = first["axes"]
    if any(p["spec"] != first for p in parts) or not isinstance(axes, list):
        return None
    if type(dim) is not int or not -len(axes) <= dim < len(axes):
        return None
    at = dim % len(axes)
    axis = list(axes[at])
    if axis[1] is not None:
        if not known_count:
            return None
        axis[1] = axis[1] * len(parts)
    new_axes = [axis if i == at else a for i, a in enumerate(axes)]
    return {"spec": {**first, "axes": new_axes}, "src": f"{parts[0]['src']} via cat()"}


def cat_callback(ctx: FunctionContext) -> Type:
    """``torch.cat(seq, dim)``: the parts' common neural type (see module docstring)."""
    call = ctx.context
    if not ctx.args or not ctx.args[0] or not isinstance(call, CallExpr):
        return ctx.default_return_type
    seq = ctx.args[0][0]
    args = op_args(call, seq)
    parts = None if args is None else _parts(ctx, seq)
    if args is None or not parts:
        return ctx.default_return_type
    carrier = concatenated(
        parts, args.get(0, "dim", default=0), isinstance(seq, ListExpr | TupleExpr)
    )
    return (
        ctx.default_return_type
        if carrier is None
        else attach(ctx.api, ctx.default_return_type, carrier)
    )
