"""Ports as NeMo writes them: ``{name: NeuralType | [NeuralType]}`` (legacy properties)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from .._errors import AnnotationError
from .._nemo_objects import to_ours
from .._neural_type import NeuralType
from ._ports import Port

__all__ = ["ports_from_nemo", "ports_to_dict"]


def ports_to_dict(ports: tuple[Port, ...]) -> OrderedDict[str, Any] | None:
    """NeMo's ``input_types``/``output_types`` form: ordered name -> type (``[type]`` for lists).

    >>> dict(ports_to_dict((Port("x", NeuralType(("B",)), depth=1),)))
    {'x': [NeuralType(axis=(batch,), element_type=VoidType)]}
    """
    if not ports:
        return None
    return OrderedDict((port.name, port.as_nemo()) for port in ports)


def ports_from_nemo(spec: Any, qualname: str, kind: str) -> tuple[Port, ...]:
    """Ports from a NeMo-style ``input_types``/``output_types`` mapping (legacy properties);
    NeMo's own ``NeuralType`` objects are read as ours.

    >>> [p.depth for p in ports_from_nemo({"x": [NeuralType(("B",))]}, "M.forward", "input")]
    [1]
    """
    if spec is None:
        return ()
    spec = to_ours(spec)
    if not isinstance(spec, dict):
        raise AnnotationError(
            f"{kind}_types of {qualname} must be a dict of port name -> NeuralType, "
            f"got {type(spec).__name__}"
        )
    ports: list[Port] = []
    for index, (name, value) in enumerate(spec.items()):
        depth = 0
        item = value
        while isinstance(item, list | tuple):
            if len(item) != 1:
                raise AnnotationError(
                    f"{kind} port {name!r} of {qualname}: a container port holds exactly one "
                    f"NeuralType, got {value!r}"
                )
            item = item[0]
            depth += 1
        if not isinstance(item, NeuralType):
            raise AnnotationError(
                f"{kind} port {name!r} of {qualname} must be a NeuralType (or [NeuralType]), "
                f"got {value!r}"
            )
        ports.append(Port(str(name), item, depth, index))
    return tuple(ports)
