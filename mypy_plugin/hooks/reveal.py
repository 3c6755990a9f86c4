"""``reveal_neural_type(x)``: print the neural type the plugin tracks for ``x`` as a note."""

from __future__ import annotations

from mypy.plugin import FunctionContext
from mypy.types import Type

from ..errorcodes import note_neural_type
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
        text = f'Revealed neural type is "{format_spec(carrier["spec"])}" from {carrier["src"]}'
    elif carrier_of(typ) is None:
        text = "Revealed neural type is unknown (value is unchecked)"
    else:
        text = "Revealed neural type is unknown (value may have changed; unchecked)"
    note_neural_type(ctx.api, ctx.context, text)
    return ctx.default_return_type
