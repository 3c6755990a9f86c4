"""Check one value against one port: rank, fixed sizes, sizes bound in the call, types, layout.

Each check returns reasons (sentences), never raises; the hooks turn them into findings.

>>> import torch
>>> from neuraltypes import NeuralType
>>> from neuraltypes.runtime._ports import Port
>>> bound = {"batch": (2, 'input "x"')}
>>> shape_reasons(Port("y", NeuralType(("B", "T"))), (3, 7), bound)
['axis 0 (B) has size 3, but this call\\'s batch size is 2 (from input "x")']
"""

from __future__ import annotations

from typing import Any, Final

from .._axes import AxisKind
from .._comparison import NeuralTypeComparisonResult
from .._elements import VoidType
from .._neural_type import NeuralType
from ..runtime._ports import Port
from ._values import Source, axis_labels

__all__ = ["Bound", "leaves", "shape_reasons", "sizes_text", "type_reason", "type_text"]

#: axis name ("batch" or a size symbol) -> (size, which port bound it)
Bound = dict[str, tuple[int, str]]

_R = NeuralTypeComparisonResult
_OK: Final = (_R.SAME, _R.GREATER)


def tensor_axes(ntype: NeuralType) -> tuple[Any, ...] | None:
    """The axes a tensor carries (list axes are container levels), or ``None``."""
    if ntype.axes is None:
        return None
    return tuple(axis for axis in ntype.axes if not axis.is_list)


def shape_reasons(port: Port, shape: tuple[int, ...], bound: Bound, where: str = "") -> list[str]:
    """Why ``shape`` does not fit ``port`` (binding the batch and size symbols into ``bound``)."""
    axes = tensor_axes(port.ntype)
    if axes is None:
        return []
    labels = axis_labels(NeuralType(axes)) or ()
    if len(shape) != len(axes):
        return [
            f"expected {len(axes)} axes ({', '.join(map(str, labels))}), "
            f"got {len(shape)}: shape {tuple(shape)}"
        ]
    reasons: list[str] = []
    where = where or f'"{port.name}"'
    for i, (axis, size) in enumerate(zip(axes, shape, strict=True)):
        label = labels[i]
        if axis.size is not None and size != axis.size:
            reasons.append(
                f"axis {i} ({label}) has size {size}, but the port fixes it to {axis.size}"
            )
        keys = ["batch"] if axis.kind is AxisKind.Batch else []
        if axis.symbol is not None:
            keys.append(axis.symbol)
        for key in keys:
            if key not in bound:
                bound[key] = (int(size), where)
            elif bound[key][0] != size:
                what = "batch size" if key == "batch" else f"size {key}"
                reasons.append(
                    f"axis {i} ({label}) has size {size}, but this call's {what} is "
                    f"{bound[key][0]} (from {bound[key][1]})"
                )
    return reasons


def type_reason(port: Port, source: Source | None) -> str:
    """Why the value's declared type (or tracked layout) does not fit ``port``, or ``""``."""
    if source is None or source.synthetic:
        return ""
    expected = port.ntype
    if source.exact and source.ntype is not None:
        found = source.ntype
        if isinstance(found.elements_type, VoidType):
            found = NeuralType(found.axes, expected.elements_type, found.optional)
        if found.axes is None or expected.axes is None:
            if expected.axes is None and isinstance(expected.elements_type, VoidType):
                return ""
            result = expected.elements_type.compare(found.elements_type)
        else:
            result = expected.compare(found)
        if result in _OK:
            return ""
        return _explain(result, expected, found)
    return layout_reason(expected, source.axes)


def layout_reason(expected: NeuralType, axes: tuple[str | None, ...] | None) -> str:
    """An axis the value is known to carry sits where the port wants another it also carries."""
    want = axis_labels(NeuralType(tensor_axes(expected))) if expected.axes is not None else None
    if want is None or axes is None or len(want) != len(axes):
        return ""
    for i, (have, need) in enumerate(zip(axes, want, strict=True)):
        if have is None or need == "any" or have == "any" or have == need:
            continue
        if have in want:
            return f"axis {i} is {have}, expected {need}"
    return ""


def _labels(axes: tuple[str | None, ...]) -> str:
    return ", ".join("?" if a is None else a for a in axes)


def _explain(result: NeuralTypeComparisonResult, expected: NeuralType, found: NeuralType) -> str:
    want, have = expected.elements_type, found.elements_type
    if result is _R.TRANSPOSE_SAME:
        return f"axes transposed: ({_labels(axis_labels(found) or ())}) given where " \
            f"({_labels(axis_labels(expected) or ())}) is expected"  # fmt: skip
    if result is _R.SAME_TYPE_INCOMPATIBLE_PARAMS:
        return (
            f"{type(want).__name__} parameters differ: {have.type_parameters} given, "
            f"{want.type_parameters} expected"
        )
    if result is _R.DIM_INCOMPATIBLE:
        return "axis sizes differ"
    if type(want) is not type(have) and want.compare(have) not in _OK:
        return f"{type(have).__name__} is not a subclass of {type(want).__name__}"
    return f"axes ({_labels(axis_labels(found) or ())}) do not match " \
        f"({_labels(axis_labels(expected) or ())})"  # fmt: skip


def type_text(ntype: NeuralType | None) -> str:
    """``(B, D, T) MelSpectrogramType``."""
    if ntype is None:
        return "untyped"
    axes = axis_labels(ntype)
    if axes is not None and ntype.axes is not None:
        axes = tuple(_axis_text(a, label) for a, label in zip(ntype.axes, axes, strict=True))
    name = type(ntype.elements_type).__name__
    params = {k: v for k, v in ntype.elements_type.type_parameters.items() if v is not None}
    if params:
        name += "(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
    if axes is None:
        return name
    return f"({_labels(axes)}) {name}"


def _axis_text(axis: Any, label: str | None) -> str:
    text = label or "?"
    if axis.size is not None:
        text += f":{axis.size}"
    if axis.symbol is not None:
        text += f"={axis.symbol}"
    if axis.is_list:
        text += "[list]"
    return text


def sizes_text(shape: tuple[int, ...], axes: tuple[str | None, ...] | None) -> str:
    """``(B=3, D=80, T=101)``, or the bare shape when the axes are unknown."""
    if axes is None or len(axes) != len(shape):
        return str(tuple(shape))
    return "(" + ", ".join(f"{a or '?'}={n}" for a, n in zip(axes, shape, strict=True)) + ")"


def leaves(value: Any, depth: int) -> list[Any]:
    """The values of a (nested list) container port, or ``[value]``."""
    if depth > 0 and isinstance(value, list | tuple):
        out: list[Any] = []
        for item in value:
            out.extend(leaves(item, depth - 1))
        return out
    return [value]
