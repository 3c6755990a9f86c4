"""NeMo's ``input_types``/``output_types`` derived from an annotated ``forward`` (one source).

``neuraltypes migrate`` keeps classes that derive from NeMo's ``NeuralModule``/``Typing`` on
NeMo: ``forward`` gets ``Annotated[Tensor, NeuralType(...)]`` annotations and the legacy
properties become one call here, so NeMo's ``typecheck``, export and serialization keep
reading a port dict while the annotations are the only declaration. The dict holds the very
``NeuralType`` objects of the annotations (NeMo's own when the module imports NeMo's
vocabulary): nothing of neuraltypes reaches NeMo. The grammar is neuraltypes' own
(``neuraltypes._grammar``, read as the runtime reads it); parsed once per function.

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
import typing
import weakref
from collections.abc import Callable
from typing import Any

from ._errors import AnnotationError
from ._grammar import (
    GrammarError,
    OutputForm,
    PortForm,
    default_output_name,
    read_outputs,
    read_port,
)
from .runtime._ports import _TypingSyntax

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
            form = _grammar(read_port, hints[name], f"parameter {name!r} of {qualname}")
            if form is not None:
                inputs[name] = _nemo_value(form)
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


def _grammar(read: Callable[[Any, Any], Any], hint: Any, where: str) -> Any:
    try:
        return read(hint, _SYNTAX)
    except GrammarError as exc:
        raise AnnotationError(f"{where}: {exc}") from None


def _outputs(hint: Any, qualname: str) -> Ports:
    where = f"the return annotation of {qualname}"
    form: OutputForm[Any] = _grammar(read_outputs, hint, where)
    if len(form.ports) != form.length:  # NeMo pairs outputs with ports by position: no gaps
        missing = min(set(range(form.length)) - {index for index, _, _ in form.ports})
        raise AnnotationError(
            f"item {missing} of {where} has no NeuralType, but NeMo matches outputs "
            "to ports by position. HINT: annotate every item, or none"
        )
    return {
        field or item.label or default_output_name(index, form.mode): _nemo_value(item)
        for index, field, item in form.ports
    }


def _nemo_value(form: PortForm[Any]) -> Any:
    """NeMo's form of a port: the type (optional when the annotation says so), ``[...]``-nested."""
    ntype = form.ntype
    if form.optional and not ntype.optional:  # a new type of the same class: NeMo's stays NeMo's
        ntype = type(ntype)(ntype.axes, ntype.elements_type, optional=True)
    value: Any = ntype
    for _ in range(form.depth):
        value = [value]
    return value


class _AnyNeuralTypeSyntax(_TypingSyntax):
    """The runtime's reading of ``typing`` objects, accepting NeMo's ``NeuralType`` too."""

    def neural_type(self, node: Any) -> Any:
        kind = type(node)
        if kind.__name__ == "NeuralType" and kind.__module__.startswith(_NEMO_TYPES):
            return node  # duck-typed: NeMo is never imported here
        return super().neural_type(node)


_NEMO_TYPES = "nemo.core.neural_types"
_SYNTAX = _AnyNeuralTypeSyntax()
