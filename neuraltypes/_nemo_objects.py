"""NeMo's own ``NeuralType`` objects as ours (torch-free): for legacy properties, decorator
arguments and tags that come from NeMo's classes.

NeMo's 42 element types have the same names here; an unknown NeMo subclass becomes a subclass
of its nearest known base, so comparisons keep the hierarchy. Axes are mapped by kind name.

>>> from neuraltypes import NeuralType
>>> to_ours({"x": [NeuralType(("B",))]})["x"]
[NeuralType(axis=(batch,), element_type=VoidType)]
>>> is_foreign_neural_type(NeuralType(("B",)))
False
"""

from __future__ import annotations

from typing import Any

from . import _elements
from ._axes import AxisKind, AxisKindAbstract, AxisType
from ._elements import AudioSignal, ElementType, VideoSignal
from ._neural_type import NeuralType

__all__ = ["is_foreign_neural_type", "to_ours"]


def is_foreign_neural_type(value: Any) -> bool:
    """Whether ``value`` is a ``NeuralType`` of another library (NeMo's), not ours."""
    return (
        type(value).__name__ == "NeuralType"
        and not isinstance(value, NeuralType)
        and hasattr(value, "elements_type")
    )


_DERIVED: dict[type, type[ElementType]] = {}


def to_ours(spec: Any) -> Any:
    """A ``{name: NT | [NT]}`` spec with every NeMo ``NeuralType`` replaced by ours."""
    if isinstance(spec, dict):
        return {key: to_ours(value) for key, value in spec.items()}
    if isinstance(spec, list | tuple):
        return type(spec)(to_ours(item) for item in spec)
    if isinstance(spec, NeuralType) or spec is None:
        return spec
    if is_foreign_neural_type(spec):
        return _neural_type(spec)
    return spec


def _neural_type(value: Any) -> NeuralType:
    axes = value.axes
    ours = None if axes is None else tuple(_axis(axis) for axis in axes)
    return NeuralType(ours, _element(value.elements_type), bool(getattr(value, "optional", False)))


def _axis(axis: Any) -> AxisType:
    if isinstance(axis, AxisType):
        return axis
    kind = axis.kind
    ours: AxisKindAbstract = AxisKind.Any
    if not isinstance(kind, AxisKindAbstract):
        name = getattr(kind, "name", "")
        ours = AxisKind.__members__.get(name, AxisKind.Any)
    else:
        ours = kind
    return AxisType(ours, getattr(axis, "size", None), bool(getattr(axis, "is_list", False)))


def _element(value: Any) -> ElementType:
    if isinstance(value, ElementType):
        return value
    params = dict(getattr(value, "type_parameters", {}) or {})
    cls = type(value)
    ours = _class(cls)
    if issubclass(ours, AudioSignal):
        return ours(freq=params.get("freq"))
    if issubclass(ours, VideoSignal):
        return ours(fps=params.get("fps"))
    return ours()


def _class(cls: type) -> type[ElementType]:
    """Our element class of the same name, or a subclass of the nearest known base."""
    known = getattr(_elements, cls.__name__, None)
    if isinstance(known, type) and issubclass(known, ElementType):
        return known
    derived = _DERIVED.get(cls)
    if derived is None:
        bases = [b for b in cls.__mro__[1:] if b.__name__ != "ABC" and b is not object]
        parent = _class(bases[0]) if bases else ElementType
        derived = type(cls.__name__, (parent,), {"__doc__": cls.__doc__, "__module__": __name__})
        _DERIVED[cls] = derived
    return derived
