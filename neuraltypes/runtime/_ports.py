"""Read ports from ``Annotated[Tensor, NeuralType(...)]`` annotations of a ``forward`` signature.

Inputs are the annotated parameters (by name). Outputs come from the return annotation: one
annotated tensor (port ``"output"``), a ``tuple[...]`` of them (ports ``"output_0"``, ...), or a
``NamedTuple`` (its field names). A plain string in the ``Annotated`` metadata names an output
port: ``Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "logprobs"]``.
``Optional[...]``/``X | None`` makes a port optional, ``list[...]`` (nested) a container port.
"""

from __future__ import annotations

import inspect
import types
import typing
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Union

from .._errors import AnnotationError
from .._neural_type import NeuralType

__all__ = [
    "Port",
    "Signature",
    "UnresolvedAnnotationError",
    "read_signature",
]


class UnresolvedAnnotationError(AnnotationError):
    """An annotation names something that cannot be resolved (yet)."""


@dataclass(frozen=True, slots=True)
class Port:
    """One port: its name, neural type, container depth and (for outputs) tuple position.

    >>> Port("length", NeuralType(("B",))).depth
    0
    """

    name: str
    ntype: NeuralType
    depth: int = 0
    index: int = 0

    @property
    def optional(self) -> bool:
        """Whether the port may be omitted or ``None``."""
        return self.ntype.optional

    def as_nemo(self) -> Any:
        """The NeMo form: the ``NeuralType``, wrapped in one list per container level."""
        value: Any = self.ntype
        for _ in range(self.depth):
            value = [value]
        return value


@dataclass(frozen=True, slots=True)
class Signature:
    """The ports of one function: inputs, outputs, and how outputs are returned.

    ``out_mode`` is ``"none"``, ``"single"`` (one value) or ``"tuple"`` (tuple/NamedTuple).
    ``params`` are the names of the parameters that can be passed positionally, in order.
    """

    qualname: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    out_mode: str
    out_len: int
    params: tuple[str, ...]
    out_type: type = tuple
    unresolved: str = ""  # why some annotations could not be resolved (then not cached)

    def require_resolved(self) -> Signature:
        """``self``, or an ``AnnotationError`` when ports are read from unresolved annotations."""
        if self.unresolved:
            raise UnresolvedAnnotationError(self.unresolved)
        return self


_CACHE: weakref.WeakKeyDictionary[Callable[..., Any], Signature] = weakref.WeakKeyDictionary()


def read_signature(fn: Callable[..., Any], owner: type | None = None) -> Signature:
    """Parse (once, then cached) the ports declared by ``fn``'s annotations.

    >>> from torch import Tensor
    >>> BT = Annotated[Tensor, NeuralType(("B", "T"))]
    >>> def f(x: BT) -> Annotated[Tensor, NeuralType(("B",))]:
    ...     return x.sum(1)
    >>> sig = read_signature(f)
    >>> [p.name for p in sig.inputs], [p.name for p in sig.outputs]
    (['x'], ['output'])
    """
    try:
        return _CACHE[fn]
    except (KeyError, TypeError):
        pass
    sig = _read(fn, owner)
    if sig.unresolved:
        return sig  # forward references may resolve later: parse again next time
    try:
        _CACHE[fn] = sig
    except TypeError:  # not weak-referenceable; parse again next time
        pass
    return sig


def _qualname(fn: Callable[..., Any], owner: type | None) -> str:
    name = getattr(fn, "__name__", repr(fn))
    if owner is not None:
        return f"{owner.__name__}.{name}"
    return str(getattr(fn, "__qualname__", name))


def _read(fn: Callable[..., Any], owner: type | None) -> Signature:
    target = inspect.unwrap(fn)
    qualname = _qualname(target, owner)
    localns: dict[str, Any] = {}
    if owner is not None:
        for klass in reversed(owner.__mro__):
            localns.update(vars(klass))
        localns[owner.__name__] = owner
    hints, unresolved = _hints(target, localns, qualname)
    try:
        parameters = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    params = tuple(
        p.name
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    )
    inputs: list[Port] = []
    for param in parameters:
        if param.name not in hints:
            continue
        where = f"parameter {param.name!r} of {qualname}"
        parsed = _parse(hints[param.name], where)
        if parsed is not None:
            ntype, depth, _label = parsed
            inputs.append(Port(param.name, ntype, depth))
    ret = hints.get("return")
    outputs, out_mode, out_len = _read_return(ret, qualname)
    out_type = ret if isinstance(ret, type) and issubclass(ret, tuple) else tuple
    return Signature(
        qualname, tuple(inputs), outputs, out_mode, out_len, params, out_type, unresolved
    )


def _hints(target: Any, localns: dict[str, Any], qualname: str) -> tuple[dict[str, Any], str]:
    """Resolved annotations, and a message naming those that could not be resolved ("")."""
    try:
        return typing.get_type_hints(target, localns=localns, include_extras=True), ""
    except AnnotationError as exc:
        raise AnnotationError(f"Bad neural type annotation on {qualname}: {exc}") from None
    except Exception:
        pass
    hints: dict[str, Any] = {}
    failures: list[str] = []
    globalns = getattr(target, "__globals__", {})
    for name, value in inspect.get_annotations(target).items():
        if isinstance(value, str):
            try:
                value = eval(value, globalns, localns)
            except AnnotationError as exc:
                raise AnnotationError(f"Bad neural type annotation on {qualname}: {exc}") from None
            except Exception as exc:
                failures.append(f"{name!r}: {type(exc).__name__}: {exc}")
                continue
        hints[name] = value
    message = (
        f"Cannot resolve the annotations of {qualname} ({'; '.join(failures)}). "
        "HINT: names used in annotations must be importable at module level"
    )
    return hints, message if failures else "Cannot resolve the annotations of " + qualname


def _read_return(hint: Any, qualname: str) -> tuple[tuple[Port, ...], str, int]:
    where = f"the return annotation of {qualname}"
    if hint is None:
        return (), "none", 0
    parsed = _parse(hint, where)
    if parsed is not None:
        ntype, depth, label = parsed
        return (Port(label or "output", ntype, depth),), "single", 1
    names: tuple[str, ...] | None = None
    items: tuple[Any, ...]
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        names = tuple(hint._fields)
        try:
            field_hints = typing.get_type_hints(hint, include_extras=True)
        except AnnotationError:
            raise
        except Exception as exc:
            raise UnresolvedAnnotationError(
                f"Cannot resolve the fields of {hint.__name__}, {where}: "
                f"{type(exc).__name__}: {exc}. "
                "HINT: names used in annotations must be importable at module level"
            ) from None
        items = tuple(field_hints.get(name) for name in names)
    elif typing.get_origin(hint) is tuple:
        items = typing.get_args(hint)
        if len(items) == 2 and items[1] is Ellipsis:
            return (), "none", 0
    else:
        return (), "none", 0
    ports: list[Port] = []
    for index, item in enumerate(items):
        label_where = f"item {index} of {where}"
        parsed = None if item is None else _parse(item, label_where)
        if parsed is None:
            continue
        ntype, depth, label = parsed
        name = names[index] if names is not None else (label or f"output_{index}")
        ports.append(Port(name, ntype, depth, index))
    if not ports:
        return (), "none", 0
    return tuple(ports), "tuple", len(items)


def _parse(hint: Any, where: str) -> tuple[NeuralType, int, str | None] | None:
    """``(neural type, container depth, port label)`` for a port annotation, else ``None``."""
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = typing.get_args(hint)
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            return None
        inner = _parse(rest[0], where)
        if inner is None:
            return None
        ntype, depth, label = inner
        if len(rest) != len(args) and not ntype.optional:
            ntype = NeuralType(ntype.axes, ntype.elements_type, optional=True)
        return ntype, depth, label
    if origin is Annotated:
        return _parse_annotated(hint, where)
    if origin is list:
        args = typing.get_args(hint)
        if len(args) != 1:
            return None
        inner = _parse(args[0], where)
        if inner is None:
            return None
        return inner[0], inner[1] + 1, inner[2]
    return None


def _parse_annotated(hint: Any, where: str) -> tuple[NeuralType, int, str | None] | None:
    found: list[NeuralType] = []
    label: str | None = None
    for meta in hint.__metadata__:
        if isinstance(meta, NeuralType):
            found.append(meta)
        elif isinstance(meta, type) and issubclass(meta, NeuralType):
            raise AnnotationError(
                f"{where}: Annotated metadata is the class NeuralType, not an instance. "
                "HINT: write NeuralType(('B', 'T'), LengthsType()), with parentheses"
            )
        elif isinstance(meta, str):
            label = meta
    if not found:
        return None
    if len(found) > 1:
        raise AnnotationError(f"{where}: more than one NeuralType in one Annotated[...]")
    ntype = found[0]
    base = hint.__origin__
    inner = _parse(base, where) if typing.get_origin(base) is not Annotated else None
    if typing.get_origin(base) in (Union, types.UnionType) and type(None) in typing.get_args(base):
        if not ntype.optional:
            ntype = NeuralType(ntype.axes, ntype.elements_type, optional=True)
    elif inner is not None:
        raise AnnotationError(f"{where}: nested neural type annotations are not supported")
    return ntype, 0, label
