"""The literal arguments of a modelled tensor operation, and its effect on a carrier.

Shared by the operation hooks (``tensor_ops.py``) and by the trust rule, which replays an
operation on a value mypy types as ``Any`` (an unannotated parameter: no hook runs).

>>> carrier = {"spec": {"axes": [["batch", None, False], ["time", None, False]],
...     "elem": "e.LengthsType", "opt": False, "depth": 0}, "src": "x"}
>>> transformed(carrier, "unsqueeze", OpArgs((1,), {}), ".unsqueeze()")["src"]
'x via .unsqueeze()'
"""

from __future__ import annotations

from typing import Any

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    CallExpr,
    Expression,
    IntExpr,
    ListExpr,
    NameExpr,
    TupleExpr,
    UnaryExpr,
)

from ..model.effects import UNKNOWN_ARG, OpArgs, apply_op, elem_kept
from ..model.spec import UNKNOWN, Carrier, Spec

__all__ = ["literal", "op_args", "transformed"]

_CONSTANTS = {"builtins.True": True, "builtins.False": False, "builtins.None": None}


def literal(expr: Expression) -> Any:
    """The Python value of a literal argument (ints, bools, ``None``, tuples of them).

    Anything else is ``UNKNOWN_ARG``.
    """
    if isinstance(expr, IntExpr):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op == "-" and isinstance(expr.expr, IntExpr):
        return -expr.expr.value
    if isinstance(expr, NameExpr) and expr.fullname in _CONSTANTS:
        return _CONSTANTS[expr.fullname]
    if isinstance(expr, TupleExpr | ListExpr):
        items = tuple(literal(e) for e in expr.items)
        return UNKNOWN_ARG if UNKNOWN_ARG in items else items
    return UNKNOWN_ARG


def op_args(call: CallExpr, skip: Expression | None) -> OpArgs | None:
    """The literal arguments of ``call`` other than ``skip`` (``None``: ``*args``/``**kw``)."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for arg, kind, name in zip(call.args, call.arg_kinds, call.arg_names, strict=True):
        if arg is skip:
            continue
        if kind == ARG_POS:
            positional.append(literal(arg))
        elif kind == ARG_NAMED and name is not None:
            keywords[name] = literal(arg)
        else:
            return None
    return OpArgs(tuple(positional), keywords)


def transformed(carrier: Carrier, effect: str, args: OpArgs, label: str) -> Carrier | None:
    """``carrier`` after ``effect``, or ``None`` when the result is not sure."""
    spec = carrier["spec"]
    if effect == "keep":
        return carrier
    axes = apply_op(spec["axes"], effect, args)
    if axes is None:
        return None
    new_spec: Spec = {**spec, "axes": axes}
    if not elem_kept(effect):
        new_spec = {**new_spec, "elem": UNKNOWN}
        new_spec.pop("params", None)
    return {"spec": new_spec, "src": f"{carrier['src']} via {label}"}
