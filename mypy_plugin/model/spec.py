"""Port specs as plain JSON: the shape stored in metadata and carried on tensor types.

A ``Spec`` is ``{"axes": [[kind, size, is_list], ...] | None | "?", "elem": fullname | "?",
"opt": bool, "depth": int}``; ``"?"`` means "not a literal, unchecked"; ``depth`` counts
``list[...]`` containers around the tensor.

>>> axes = [["batch", None, False], ["time", 10, False]]
>>> s = make_spec(axes, "neuraltypes._elements.LengthsType")
>>> format_spec(s)
"NeuralType(('B', 'T:10'), LengthsType)"
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

from .rules import SHORT_LABELS

__all__ = ["Carrier", "Spec", "format_axes", "format_spec", "make_spec"]

UNKNOWN = "?"


class Spec(TypedDict):
    """One port's neural type."""

    axes: list[list[Any]] | str | None
    elem: str
    opt: bool
    depth: int
    params: NotRequired[dict[str, int]]  # literal int element parameters (``freq``)


class Carrier(TypedDict):
    """A neural type on a value, plus where it came from (for messages)."""

    spec: Spec
    src: str


def make_spec(
    axes: list[list[Any]] | str | None, elem: str, opt: bool = False, depth: int = 0
) -> Spec:
    """Build a ``Spec``."""
    return {"axes": axes, "elem": elem, "opt": opt, "depth": depth}


def short_elem(elem: str) -> str:
    """The class name of an element full name."""
    return "?" if elem == UNKNOWN else elem.rpartition(".")[2]


def format_axis(axis: list[Any]) -> str:
    """``['time', 10, False]`` -> ``T:10``."""
    kind = str(axis[0])
    text = SHORT_LABELS.get(kind, kind.rpartition(".")[2])
    if axis[1] is not None:
        text += f":{axis[1]}"
    if axis[2]:
        text += "[list]"
    return text


def format_axes(axes: list[list[Any]] | str | None) -> str:
    """Axes the way users write them."""
    if axes is None:
        return "None"
    if isinstance(axes, str):
        return "(?)"
    items = [repr(format_axis(axis)) for axis in axes]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def format_elem(spec: Spec) -> str:
    """``AudioSignal`` or, with literal parameters, ``AudioSignal(freq=8000)``."""
    params = spec.get("params") or {}
    args = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return short_elem(spec["elem"]) + (f"({args})" if args else "")


def format_spec(spec: Spec) -> str:
    """``NeuralType(('B', 'D', 'T'), SpectrogramType)``, wrapped in ``list[...]`` per depth."""
    text = f"NeuralType({format_axes(spec['axes'])}, {format_elem(spec)})"
    for _ in range(spec["depth"]):
        text = f"list[{text}]"
    return text


def dump_carrier(carrier: Carrier) -> str:
    """Serialise a carrier (stable key order, so equal carriers are equal strings)."""
    return json.dumps(carrier, sort_keys=True, separators=(",", ":"))


def load_carrier(text: str) -> Carrier | None:
    """Parse a carrier string; ``None`` if it is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or "spec" not in data:
        return None
    carrier: Carrier = data  # type: ignore[assignment]
    return carrier
