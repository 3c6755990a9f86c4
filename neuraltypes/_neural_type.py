"""``NeuralType``: axes plus an element type, with NeMo's comparison rules (minus its defects)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ._axes import AXIS_LABELS, AxisKind, AxisKindAbstract, AxisType
from ._comparison import NeuralTypeComparisonResult
from ._elements import ElementType, VoidType
from ._errors import AnnotationError

__all__ = ["NeuralType"]

_R = NeuralTypeComparisonResult


class NeuralType:
    """The type of a port: axes (or ``None``), an element type, and whether it is optional.

    Immutable and hashable; ``==`` is structural (deviations D2, D3).

    >>> from neuraltypes import SpectrogramType, MelSpectrogramType
    >>> port = NeuralType(("B", "D", "T"), SpectrogramType())
    >>> str(port)
    'axes: (batch, dimension, time); elements_type: SpectrogramType'
    >>> port.compare(NeuralType(("B", "D", "T"), MelSpectrogramType()))
    <NeuralTypeComparisonResult.GREATER: 2>
    """

    axes: tuple[AxisType, ...] | None
    elements_type: ElementType
    optional: bool
    _hash: int | None

    def __init__(
        self,
        axes: Iterable[str | AxisType] | None = None,
        elements_type: ElementType | None = None,
        optional: bool = False,
    ) -> None:
        if elements_type is None:
            elements_type = VoidType()
        elif _ELEMENT_TYPE not in type(elements_type).__mro__ and not isinstance(
            elements_type,
            ElementType,  # the ABC check also honours registered classes
        ):
            hint = (
                " Did you pass a class instead?"
                if isinstance(elements_type, type)
                else f" Got {elements_type!r}."
            )
            raise AnnotationError(
                "elements_type of NeuralType must be an instance of a class derived from "
                f"ElementType.{hint}"
            )
        if axes is None:
            parsed = None
        elif type(axes) is tuple:
            try:
                parsed = _parse_axes_cached(axes)
            except TypeError:  # an unhashable item: parse it uncached for the error message
                parsed = _parse_axes_uncached(axes)
        else:
            parsed = _parse_axes_uncached(axes)
        # Legacy NeMo properties build these on every call, so construction is kept short:
        # direct stores into the instance dict (``__setattr__`` refuses; this is twice as fast
        # as ``object.__setattr__`` on slots). The hash is computed on first use.
        attrs = self.__dict__
        attrs["axes"] = parsed
        attrs["elements_type"] = elements_type
        attrs["optional"] = bool(optional)
        attrs["_hash"] = None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"NeuralType is immutable; cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (NeuralType, (self.axes, self.elements_type, self.optional))

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, NeuralType):
            return NotImplemented
        return (
            self.axes == other.axes
            and self.elements_type == other.elements_type
            and self.optional == other.optional
        )

    def __hash__(self) -> int:
        value = self._hash
        if value is None:
            value = hash((self.axes, self.elements_type, self.optional))
            self.__dict__["_hash"] = value
        return value

    def __str__(self) -> str:
        axes = "None" if self.axes is None else str(self.axes)
        return f"axes: {axes}; elements_type: {self.elements_type.__class__.__name__}"

    def __repr__(self) -> str:
        axes = "None" if self.axes is None else str(self.axes)
        msg = f"axis={axes}, element_type={self.elements_type.__class__.__name__}"
        if self.optional:
            msg += f", optional={self.optional}"
        return f"{self.__class__.__name__}({msg})"

    def compare(self, second: NeuralType) -> NeuralTypeComparisonResult:
        """How this (port) type relates to ``second`` (a value's type), per NeMo's table.

        >>> from neuraltypes import LengthsType
        >>> NeuralType(("B", "T")).compare(NeuralType(("T", "B")))
        <NeuralTypeComparisonResult.TRANSPOSE_SAME: 4>
        >>> NeuralType(("B",), LengthsType()).compare(NeuralType(("B", "T"), LengthsType()))
        <NeuralTypeComparisonResult.INCOMPATIBLE: 6>
        """
        if _is_scripting():
            return _R.SAME
        if self.axes is None and isinstance(self.elements_type, VoidType):
            return _R.SAME  # "big void"
        if self.axes is None:
            if second.axes is None:
                return self.elements_type.compare(second.elements_type)
            return _R.INCOMPATIBLE
        axes_code = compare_axes(self.axes, second.axes)
        element = self.elements_type.compare(second.elements_type)
        if axes_code == 0:
            return element
        if axes_code == 1:
            return _R.TRANSPOSE_SAME if element is _R.SAME else _R.INCOMPATIBLE
        if axes_code == 2:
            return _R.DIM_INCOMPATIBLE if element is _R.SAME else _R.INCOMPATIBLE
        return _R.INCOMPATIBLE


_ELEMENT_TYPE = ElementType


def _is_scripting() -> bool:
    """``torch.jit.is_scripting()`` without importing torch (the vocabulary stays torch-free,
    so ``neuraltypes check``/``migrate`` start fast); when torch is not loaded, nothing scripts."""
    torch = sys.modules.get("torch")
    return torch is not None and bool(torch.jit.is_scripting())


def compare_axes(axes_a: tuple[AxisType, ...] | None, axes_b: tuple[AxisType, ...] | None) -> int:
    """0 same, 1 transposed, 2 sizes differ, 3 different (NeMo's code, with D1 fixed).

    An ``any`` axis on the port side matches only its own position (NeMo resets the whole
    match there); it is left out of the transposition test.

    >>> compare_axes(NeuralType(("B", "any", "T")).axes, NeuralType(("B", "W", "H")).axes)
    3
    """
    if axes_a is None or axes_b is None:
        return 0 if axes_a is None and axes_b is None else 3
    if len(axes_a) != len(axes_b):
        return 3
    same = True
    kinds_a: dict[AxisKindAbstract, int | None] = {}
    kinds_b: dict[AxisKindAbstract, int | None] = {}
    for axis_a, axis_b in zip(axes_a, axes_b, strict=True):
        if axis_a.kind is AxisKind.Any:
            continue
        kinds_a[axis_a.kind] = axis_a.size
        kinds_b[axis_b.kind] = axis_b.size
        if (
            axis_a.kind != axis_b.kind
            or axis_a.is_list != axis_b.is_list
            or (axis_a.size is not None and axis_a.size != axis_b.size)
        ):
            same = False
    if same:
        return 0
    if kinds_a.keys() == kinds_b.keys():
        for kind, size in kinds_a.items():
            if kinds_b[kind] != size:
                return 2
        return 1
    return 3


def _parse_axes(axes: Iterable[str | AxisType]) -> tuple[AxisType, ...]:
    if type(axes) is tuple:
        try:
            return _parse_axes_cached(axes)
        except TypeError:  # an unhashable item: parse it uncached for the error message
            pass
    return _parse_axes_uncached(axes)


@lru_cache(maxsize=4096)
def _parse_axes_cached(axes: tuple[str | AxisType, ...]) -> tuple[AxisType, ...]:
    # Legacy NeMo properties rebuild the same NeuralTypes on every call: the parsed axes
    # (immutable AxisType tuples) are shared, which also makes later comparisons identity-fast.
    return _parse_axes_uncached(axes)


def _parse_axes_uncached(axes: Iterable[str | AxisType]) -> tuple[AxisType, ...]:
    try:
        # A bare string is iterated like NeMo does: 'BT' is ('B', 'T'), tuple('B') is ('B',).
        items = tuple(axes)
    except TypeError:
        raise AnnotationError(
            f"NeuralType axes must be a tuple of axis labels or AxisType, got {axes!r}"
        ) from None
    parsed: list[AxisType] = []
    for position, axis in enumerate(items):
        if isinstance(axis, AxisType):
            parsed.append(axis)
        elif isinstance(axis, str):
            try:
                parsed.append(AxisType(AxisKind.from_str(axis)))
            except ValueError:
                raise AnnotationError(
                    f"Can't create AxisKind from {axis!r} (axis {position} of {items!r}). "
                    f"HINT: valid labels are {', '.join(AXIS_LABELS)}, or an AxisType"
                ) from None
        else:
            # Deviation D4: one rule and one error for anything that is not a label or AxisType.
            raise AnnotationError(
                f"axis {position} of {items!r} must be a label string or an AxisType, got {axis!r}"
            )
    seen_tensor_axis = False
    for axis in parsed:
        if axis.is_list and seen_tensor_axis:
            raise AnnotationError(
                "You have list dimension after Tensor dimension. All list dimensions must "
                f"preceed Tensor dimensions (axes {tuple(parsed)!r})"
            )
        if not axis.is_list:
            seen_tensor_axis = True
    return tuple(parsed)
