"""NeMo interop for the dry run: NeMo's ``NeuralType`` objects as ours, NeMo's checks switched off.

NeMo modules declare ports with ``nemo.core.neural_types.NeuralType``; the dry run reads them
through the runtime's ``ports_from_nemo`` after converting each type by class name (NeMo's 42
element types have the same names here; an unknown NeMo subclass becomes a subclass of its
nearest known base, so comparisons keep the hierarchy).

>>> from neuraltypes import NeuralType
>>> to_ours({"x": [NeuralType(("B",))]})["x"]
[NeuralType(axis=(batch,), element_type=VoidType)]
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from .. import _elements
from .._axes import AxisKind, AxisKindAbstract, AxisType
from .._elements import AudioSignal, ElementType, VideoSignal
from .._neural_type import NeuralType

__all__ = ["checks_off", "to_ours"]

_DERIVED: dict[type, type[ElementType]] = {}


def to_ours(spec: Any) -> Any:
    """A ``{name: NT | [NT]}`` spec with every NeMo ``NeuralType`` replaced by ours."""
    if isinstance(spec, dict):
        return {key: to_ours(value) for key, value in spec.items()}
    if isinstance(spec, list | tuple):
        return type(spec)(to_ours(item) for item in spec)
    if isinstance(spec, NeuralType) or spec is None:
        return spec
    if type(spec).__name__ == "NeuralType" and hasattr(spec, "elements_type"):
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


@contextmanager
def checks_off() -> Iterator[None]:
    """Switch off neuraltypes' and (when loaded) NeMo's own ``typecheck`` inside the block.

    The dry run checks every declared port itself and reports all findings; the decorators
    would stop the run at the first one.
    """
    from ..runtime._switches import disable_checks

    with ExitStack() as stack:
        stack.enter_context(disable_checks())
        common = sys.modules.get("nemo.core.classes.common")
        nemo_typecheck = getattr(common, "typecheck", None)
        disable = getattr(nemo_typecheck, "disable_checks", None)
        if callable(disable):
            stack.enter_context(disable())
        yield
