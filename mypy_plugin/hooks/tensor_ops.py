"""Modelled tensor operations: move the carried neural type along (rules in ``rules.py``).

Each hook checks that its input's carrier is trusted before passing it on, so a stale type
never flows through an operation; what an operation does to the axes is ``effects.apply_op``.
"""

from __future__ import annotations

from mypy.nodes import CallExpr, Expression, MemberExpr
from mypy.plugin import AttributeContext, CheckerPluginInterface, FunctionContext, MethodContext
from mypy.types import Type

from ..model.effects import OpArgs
from .carrier import attach
from .op_calls import op_args, transformed
from .trust import believed

__all__ = [
    "tensor_attribute_callback",
    "tensor_function_callback",
    "tensor_method_callback",
]


def _transform(
    api: CheckerPluginInterface,
    source: Expression | None,
    source_type: Type | None,
    effect: str,
    args: OpArgs | None,
    result: Type,
    label: str,
) -> Type:
    carrier = None if source is None else believed(api, source, source_type)
    if carrier is None or args is None:
        return result
    new = transformed(carrier, effect, args, label)
    return result if new is None else attach(api, result, new)


def tensor_method_callback(ctx: MethodContext, effect: str, method: str) -> Type:
    """``x.transpose(1, 2)``, ``x.mean(dim=2)``, ...: per ``rules.TENSOR_METHODS``."""
    call = ctx.context
    if not isinstance(call, CallExpr) or not isinstance(call.callee, MemberExpr):
        return ctx.default_return_type
    receiver = call.callee.expr
    return _transform(
        ctx.api,
        receiver,
        ctx.type,
        effect,
        op_args(call, None),
        ctx.default_return_type,
        f".{method}()",
    )


def tensor_attribute_callback(ctx: AttributeContext, effect: str, attr: str) -> Type:
    """``x.mT``, ``x.T``: per ``rules.TENSOR_ATTRIBUTES``."""
    member = ctx.context
    receiver = member.expr if isinstance(member, MemberExpr) else None
    if ctx.is_lvalue:
        return ctx.default_attr_type
    return _transform(
        ctx.api, receiver, ctx.type, effect, OpArgs(), ctx.default_attr_type, f".{attr}"
    )


def tensor_function_callback(ctx: FunctionContext, effect: str, index: int, name: str) -> Type:
    """``F.relu(x)``, ``torch.transpose(x, 1, 2)``, ``torch.mean(x, 2)``: ``rules.FUNCTIONS``."""
    if index >= len(ctx.args) or not ctx.args[index] or not isinstance(ctx.context, CallExpr):
        return ctx.default_return_type
    tensor = ctx.args[index][0]
    args = op_args(ctx.context, tensor) if effect != "keep" else OpArgs()
    return _transform(
        ctx.api, tensor, ctx.arg_types[index][0], effect, args, ctx.default_return_type, f"{name}()"
    )
