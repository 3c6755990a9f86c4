"""Compare a value's neural type with a port's, with the runtime's rules.

Returns ``""`` when compatible or unknown, else a short reason. Axes follow
``neuraltypes._neural_type.compare_axes`` (``any`` matches only its own position, sizes
must agree, list axes must agree); elements must be the port's class or a subclass.

>>> bdt = [["batch", None, False], ["dimension", None, False], ["time", None, False]]
>>> btd = [bdt[0], bdt[2], bdt[1]]
>>> axes_reason(bdt, btd)
'axis 1 is T, expected D'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..fullnames import ELEMENT_BASE_FULLNAME, VOID_FULLNAME
from .spec import UNKNOWN, Spec, format_axis, format_elem, short_elem

__all__ = ["axes_reason", "mismatch_reason"]

#: ``is_subclass(value_elem, port_elem)``: True, False, or None when unknown.
SubclassFn = Callable[[str, str], bool | None]


def _same_axis(port: list[Any], value: list[Any]) -> bool:
    return (
        port[0] == value[0]
        and bool(port[2]) == bool(value[2])
        and (port[1] is None or port[1] == value[1])
    )


def axes_reason(port: list[list[Any]] | str | None, value: list[list[Any]] | str | None) -> str:
    """Why ``value`` axes do not fit ``port`` axes, or ``""``."""
    if isinstance(port, str) or isinstance(value, str):
        return ""
    if port is None:
        return "" if value is None else "expected no axes"
    if value is None:
        return f"expected {len(port)} axes, got none"
    if len(port) != len(value):
        return f"expected {len(port)} axes, got {len(value)}"
    for position, (axis_p, axis_v) in enumerate(zip(port, value, strict=True)):
        if axis_p[0] == "any" or _same_axis(axis_p, axis_v):
            continue
        if axis_p[0] == axis_v[0] and axis_p[1] is not None and axis_p[1] != axis_v[1]:
            got = "unsized" if axis_v[1] is None else f"size {axis_v[1]}"
            return f"axis {position} ({format_axis(axis_p)}) has {got}"
        return f"axis {position} is {format_axis(axis_v)}, expected {format_axis(axis_p)}"
    return ""


def element_reason(port: str, value: str, is_subclass: SubclassFn) -> str:
    """Why element ``value`` does not fit ``port``, or ``""``."""
    if UNKNOWN in (port, value) or port in (VOID_FULLNAME, ELEMENT_BASE_FULLNAME):
        return ""
    if port == value or is_subclass(value, port) is not False:
        return ""
    return f"{short_elem(value)} is not a subclass of {short_elem(port)}"


def params_reason(port: Spec, value: Spec) -> str:
    """Same element class with different literal parameters (``None`` is a wildcard).

    >>> a8 = {"axes": None, "elem": "e.AudioSignal", "opt": False, "depth": 0,
    ...       "params": {"freq": 8000}}
    >>> params_reason({**a8, "params": {"freq": 16000}}, a8)
    'AudioSignal(freq=8000) has incompatible parameters, expected AudioSignal(freq=16000)'
    """
    if port["elem"] != value["elem"] or UNKNOWN == port["elem"]:
        return ""  # parameters are ignored across subclasses
    mine, theirs = port.get("params") or {}, value.get("params") or {}
    if all(theirs.get(k) in (None, v) for k, v in mine.items()):
        return ""
    return f"{format_elem(value)} has incompatible parameters, expected {format_elem(port)}"


def mismatch_reason(port: Spec, value: Spec, is_subclass: SubclassFn) -> str:
    """All reasons ``value`` does not fit ``port`` (joined with ``"; "``), or ``""``."""
    if port["axes"] is None and port["elem"] == VOID_FULLNAME:
        return ""  # "big void" accepts anything
    reasons = [
        axes_reason(port["axes"], value["axes"]),
        element_reason(port["elem"], value["elem"], is_subclass),
        params_reason(port, value),
    ]
    return "; ".join(r for r in reasons if r)
