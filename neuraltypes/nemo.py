"""NeMo's ``input_types``/``output_types`` derived from an annotated ``forward`` (one source).

``neuraltypes migrate`` keeps classes that derive from NeMo's ``NeuralModule``/``Typing`` on
NeMo: ``forward`` gets ``Annotated[Tensor, NeuralType(...)]`` annotations and the legacy
properties become one call here, so NeMo's ``typecheck``, export and serialization keep
reading a port dict while the annotations are the only declaration. The dict holds the very
``NeuralType`` objects of the annotations (NeMo's own when the module imports NeMo's
vocabulary): nothing of neuraltypes reaches NeMo. Torch-free; parsed once per function.

>>> from typing import Annotated
>>> from neuraltypes import LengthsType, NeuralType
>>> class Encoder:
...     @property
...     def input_types(self):
...         return input_types_of(Encoder.forward)
...     def forward(self, length: Annotated[object, NeuralType(("B",), LengthsType())]):
...         return length
>>> Encoder().input_types
{'length': NeuralType(axis=(batch,), element_type=LengthsType)}
"""

from __future__ import annotations

import inspect
import types
import typing
import weakref
from collections.abc import Callable
from typing import Annotated, Any, Union

from ._errors import AnnotationError

__all__ = ["input_types_of", "output_types_of"]

Ports = dict[str, Any]

_CACHE: weakref.WeakKeyDictionary[Any, tuple[Ports | None, Ports | None]] = (
    weakref.WeakKeyDictionary()
)


def input_types_of(forward: Callable[..., Any]) -> Ports | None:
    """The ``input_types`` dict ``forward``'s annotated parameters declare (``None``: none).

    Ports are the parameters annotated with a ``NeuralType``, in parameter order;
    ``list[...]`` nests the type in a list per level, ``X | None`` makes it optional.
    """
    inputs, _ = _ports(forward)
    return None if inputs is None else dict(inputs)


def output_types_of(forward: Callable[..., Any]) -> Ports | None:
    """The ``output_types`` dict ``forward``'s return annotation declares (``None``: none).

    One annotated tensor is port ``"output"`` (or the string label in its ``Annotated``), a
    ``tuple[...]`` gives ``"output_0"``, ``"output_1"``, ... (or the labels), a ``NamedTuple``
    its field names.
    """
    _, outputs = _ports(forward)
    return None if outputs is None else dict(outputs)


def _ports(forward: Callable[..., Any]) -> tuple[Ports | None, Ports | None]:
    target = inspect.unwrap(forward)
    try:
        return _CACHE[target]
    except (KeyError, TypeError):
        pass
    found = _read(target)
    try:
        _CACHE[target] = found
    except TypeError:  # not weak-referenceable: read again next time
        pass
    return found


def _read(fn: Any) -> tuple[Ports | None, Ports | None]:
    qualname = getattr(fn, "__qualname__", repr(fn))
    hints = _hints(fn, qualname)
    inputs: Ports = {}
    for name in inspect.signature(fn).parameters:
        if name in hints:
            parsed = _parse(hints[name], f"parameter {name!r} of {qualname}")
            if parsed is not None:
                inputs[name] = parsed[0]
    outputs = _outputs(hints.get("return"), qualname)
    return (inputs or None), (outputs or None)


def _hints(fn: Any, qualname: str) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:
        pass
    hints: dict[str, Any] = {}
    for name, value in inspect.get_annotations(fn).items():
        if isinstance(value, str):
            try:
                value = eval(value, getattr(fn, "__globals__", {}))
            except Exception as exc:
                if "NeuralType" in value or "Annotated" in value:
                    raise AnnotationError(
                        f"Cannot resolve the annotation of {name!r} of {qualname}: "
                        f"{type(exc).__name__}: {exc}. "
                        "HINT: names used in port annotations must be importable at module level"
                    ) from None
                continue
        hints[name] = value
    return hints


def _outputs(hint: Any, qualname: str) -> Ports:
    where = f"the return annotation of {qualname}"
    if hint is None:
        return {}
    parsed = _parse(hint, where)
    if parsed is not None:
        return {parsed[1] or "output": parsed[0]}
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        fields = typing.get_type_hints(hint, include_extras=True)
        items = [(name, fields.get(name)) for name in hint._fields]
    elif typing.get_origin(hint) is tuple:
        items = [(None, item) for item in typing.get_args(hint)]
        if len(items) == 2 and items[1][1] is Ellipsis:
            return {}
    else:
        return {}
    ports: Ports = {}
    for index, (field, item) in enumerate(items):
        found = None if item is None else _parse(item, f"item {index} of {where}")
        if found is None:
            if ports or index:  # NeMo pairs outputs with ports by position: no gaps
                raise AnnotationError(
                    f"item {index} of {where} has no NeuralType, but NeMo matches outputs "
                    "to ports by position. HINT: annotate every item, or none"
                )
            return {}
        ports[field or found[1] or f"output_{index}"] = found[0]
    return ports


def _is_neural_type(meta: Any) -> bool:
    """neuraltypes' or NeMo's ``NeuralType`` instance (duck-typed: NeMo is never imported)."""
    kind = type(meta)
    return kind.__name__ == "NeuralType" and kind.__module__.startswith(
        ("neuraltypes", "nemo.core.neural_types")
    )


def _parse(hint: Any, where: str) -> tuple[Any, str | None] | None:
    """``(port value, label)`` for a port annotation (``[NT]`` per list level), else ``None``."""
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = typing.get_args(hint)
        rest = [a for a in args if a is not type(None)]
        inner = _parse(rest[0], where) if len(rest) == 1 else None
        if inner is None or len(rest) == len(args):
            return inner
        return _optional(inner[0]), inner[1]
    if origin is list:
        args = typing.get_args(hint)
        inner = _parse(args[0], where) if len(args) == 1 else None
        return None if inner is None else ([inner[0]], inner[1])
    if origin is not Annotated:
        return None
    found = [m for m in hint.__metadata__ if _is_neural_type(m)]
    labels = [m for m in hint.__metadata__ if isinstance(m, str)]
    if not found:
        return None
    if len(found) > 1:
        raise AnnotationError(f"{where}: more than one NeuralType in one Annotated[...]")
    base = typing.get_args(hint)[0]
    ntype = found[0]
    if typing.get_origin(base) in (Union, types.UnionType) and type(None) in typing.get_args(base):
        ntype = _optional(ntype)
    return ntype, (labels[-1] if labels else None)


def _optional(value: Any) -> Any:
    """The port made optional (a new type of the same class: NeMo's stays NeMo's)."""
    if isinstance(value, list):
        return [_optional(value[0])]
    if value.optional:
        return value
    return type(value)(value.axes, value.elements_type, optional=True)
