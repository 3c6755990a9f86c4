"""Modelled tensor operations: keep or permute the carried neural type (rules in ``rules.py``).

Each hook checks that its input's carrier is trusted before passing it on, so a stale type
never flows through an operation.
"""

from __future__ import annotations

from typing import Any

from mypy.nodes import CallExpr, Expression, IntExpr, MemberExpr, UnaryExpr
from mypy.plugin import AttributeContext, CheckerPluginInterface, FunctionContext, MethodContext
from mypy.types import Type

from ..model.spec import Carrier
from .carrier import attach
from .trust import believed

__all__ = [
    "apply_effect",
    "tensor_attribute_callback",
    "tensor_function_callback",
    "tensor_method_callback",
]


def _int(expr: Expression) -> int | None:
    if isinstance(expr, IntExpr):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op == "-" and isinstance(expr.expr, IntExpr):
        return -expr.expr.value
    return None


def _dims(exprs: list[Expression]) -> list[int] | None:
    from mypy.nodes import ListExpr, TupleExpr

    if len(exprs) == 1 and isinstance(exprs[0], TupleExpr | ListExpr):
        exprs = list(exprs[0].items)
    dims = [_int(e) for e in exprs]
    return None if any(d is None for d in dims) else [d for d in dims if d is not None]


def apply_effect(axes: Any, effect: str, dims: list[int] | None) -> Any:
    """New axes after ``effect``; ``None`` when the result cannot be known.

    >>> apply_effect([["batch"], ["dimension"], ["time"]], "swap", [1, -1])
    [['batch'], ['time'], ['dimension']]
    """
    if effect == "keep":
        return axes
    if not isinstance(axes, list):
        return None
    rank = len(axes)
    if effect == "swap_last":
        effect, dims = "swap", [-2, -1]
    if effect == "reverse":
        return axes[::-1] if dims == [] or dims is None else None
    if dims is None or any(not -rank <= d < rank for d in dims):
        return None
    norm = [d % rank for d in dims] if rank else []
    if effect == "swap" and len(norm) == 2:
        out = list(axes)
        out[norm[0]], out[norm[1]] = out[norm[1]], out[norm[0]]
        return out
    if effect == "permute" and sorted(norm) == list(range(rank)):
        return [axes[d] for d in norm]
    return None


def _transform(
    api: CheckerPluginInterface,
    source: Expression | None,
    source_type: Type | None,
    effect: str,
    dims: list[int] | None,
    result: Type,
    label: str,
) -> Type:
    carrier = None if source is None else believed(api, source, source_type)
    if carrier is None:
        return result
    axes = apply_effect(carrier["spec"]["axes"], effect, dims)
    if axes is None and carrier["spec"]["axes"] is not None:
        return result
    spec = {**carrier["spec"], "axes": axes}
    src = carrier["src"] if effect == "keep" else f"{carrier['src']} via {label}"
    new: Carrier = {"spec": spec, "src": src}  # type: ignore[typeddict-item]
    return attach(api, result, new)


def tensor_method_callback(ctx: MethodContext, effect: str, method: str) -> Type:
    """``x.transpose(1, 2)``, ``x.contiguous()``, ...: per ``rules.TENSOR_METHODS``."""
    call = ctx.context
    receiver = (
        call.callee.expr
        if isinstance(call, CallExpr) and isinstance(call.callee, MemberExpr)
        else None
    )
    dims = _dims([e for group in ctx.args for e in group])
    return _transform(
        ctx.api, receiver, ctx.type, effect, dims, ctx.default_return_type, f".{method}()"
    )


def tensor_attribute_callback(ctx: AttributeContext, effect: str, attr: str) -> Type:
    """``x.mT``, ``x.T``: per ``rules.TENSOR_ATTRIBUTES``."""
    member = ctx.context
    receiver = member.expr if isinstance(member, MemberExpr) else None
    if ctx.is_lvalue:
        return ctx.default_attr_type
    return _transform(ctx.api, receiver, ctx.type, effect, [], ctx.default_attr_type, f".{attr}")


def tensor_function_callback(ctx: FunctionContext, effect: str, index: int, name: str) -> Type:
    """``F.relu(x)``, ``torch.transpose(x, 1, 2)``: per ``rules.FUNCTIONS``."""
    if index >= len(ctx.args) or not ctx.args[index]:
        return ctx.default_return_type
    dims = _dims([e for group in ctx.args[index + 1 :] for e in group][:8])
    if effect in ("swap", "permute"):
        positional = [e for group in ctx.args[index + 1 :] for e in group]
        dims = _dims(positional)
    return _transform(
        ctx.api,
        ctx.args[index][0],
        ctx.arg_types[index][0],
        effect,
        dims,
        ctx.default_return_type,
        f"{name}()",
    )
