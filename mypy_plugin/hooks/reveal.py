"""``reveal_neural_type(x)``: print the neural type the plugin tracks for ``x`` as a note."""

from __future__ import annotations

from mypy.plugin import FunctionContext
from mypy.types import Type

from .. import messages
from ..model.spec import format_spec
from .carrier import carrier_of
from .trust import believed

__all__ = ["reveal_callback"]


def reveal_callback(ctx: FunctionContext) -> Type:
    """Emit ``Revealed neural type is "..."`` (or that the value is unchecked)."""
    if not ctx.args or not ctx.args[0]:
        return ctx.default_return_type
    expr, typ = ctx.args[0][0], ctx.arg_types[0][0]
    carrier = believed(ctx.api, expr, typ)
    if carrier is not None:
        messages.revealed(ctx.api, ctx.context, format_spec(carrier["spec"]), carrier["src"])
    else:
        messages.revealed_unknown(ctx.api, ctx.context, changed=carrier_of(typ) is not None)
    return ctx.default_return_type
