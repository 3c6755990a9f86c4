"""Read ports from ``Annotated[Tensor, NeuralType(...)]`` annotations of a ``forward`` signature.

Inputs are the annotated parameters (by name). Outputs come from the return annotation: one
annotated tensor (port ``"output"``), a ``tuple[...]`` of them (ports ``"output_0"``, ...), or a
``NamedTuple`` (its field names). A plain string in the ``Annotated`` metadata names an output
port: ``Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "logprobs"]``.
``Optional[...]``/``X | None`` makes a port optional, ``list[...]``/``Sequence[...]`` (nested,
outside or inside ``Annotated``) a container port: the grammar is ``neuraltypes._grammar``.
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
from .._grammar import GrammarError, PortForm, default_output_name, read_outputs, read_port
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
    keywords: frozenset[str] | None = None  # names passable by keyword (None: ``**kwargs``)

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
    keywords: frozenset[str] | None = frozenset(
        p.name
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    )
    if not parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        keywords = None
    inputs: list[Port] = []
    for param in parameters:
        if param.name not in hints:
            continue
        where = f"parameter {param.name!r} of {qualname}"
        parsed = _parse(hints[param.name], where)
        if parsed is not None:
            inputs.append(Port(param.name, _optional(parsed), parsed.depth))
    ret = hints.get("return")
    outputs, out_mode, out_len = _read_return(ret, qualname)
    out_type = ret if isinstance(ret, type) and issubclass(ret, tuple) else tuple
    return Signature(
        qualname, tuple(inputs), outputs, out_mode, out_len, params, out_type, unresolved, keywords
    )


def _hints(target: Any, localns: dict[str, Any], qualname: str) -> tuple[dict[str, Any], str]:
    """Resolved annotations, and a message naming those that could not be resolved ("")."""
    try:
        return typing.get_type_hints(target, localns=localns, include_extras=True), ""
    except Exception as exc:  # evaluated one by one below, to name the parameter that fails
        error = exc
    hints: dict[str, Any] = {}
    failures: list[str] = []
    globalns = getattr(target, "__globals__", {})
    for name, value in inspect.get_annotations(target).items():
        if isinstance(value, str):
            try:
                value = eval(value, globalns, localns)
            except AnnotationError as exc:
                where = "the return annotation" if name == "return" else f"parameter {name!r}"
                raise AnnotationError(
                    f"Bad neural type annotation on {qualname}, {where}: {exc}"
                ) from None
            except Exception as exc:
                failures.append(f"{name!r}: {type(exc).__name__}: {exc}")
                continue
        hints[name] = value
    if isinstance(error, AnnotationError) and not failures:
        raise AnnotationError(f"Bad neural type annotation on {qualname}: {error}") from None
    message = (
        f"Cannot resolve the annotations of {qualname} ({'; '.join(failures)}). "
        "HINT: names used in annotations must be importable at module level"
    )
    return hints, message if failures else "Cannot resolve the annotations of " + qualname


def _read_return(hint: Any, qualname: str) -> tuple[tuple[Port, ...], str, int]:
    where = f"the return annotation of {qualname}"
    try:
        form = read_outputs(hint, _SYNTAX)
    except GrammarError as exc:
        raise AnnotationError(f"{where}: {exc}") from None
    ports = tuple(
        Port(
            field or item.label or default_output_name(index, form.mode),
            _optional(item),
            item.depth,
            index,
        )
        for index, field, item in form.ports
    )
    return ports, form.mode, form.length


def _parse(hint: Any, where: str) -> PortForm[NeuralType] | None:
    """The port an annotation declares (see ``neuraltypes._grammar``), else ``None``."""
    try:
        return read_port(hint, _SYNTAX)
    except GrammarError as exc:
        raise AnnotationError(f"{where}: {exc}") from None


def _optional(form: PortForm[NeuralType]) -> NeuralType:
    """The port's type, optional when the annotation makes it so."""
    ntype = form.ntype
    if form.optional and not ntype.optional:
        return NeuralType(ntype.axes, ntype.elements_type, optional=True)
    return ntype


def _origin_name(origin: Any) -> str | None:
    if origin is Annotated:
        return "typing.Annotated"
    if origin is Union:
        return "typing.Union"
    if origin is types.UnionType:
        return "types.UnionType"
    if isinstance(origin, type):
        return f"{origin.__module__}.{origin.__qualname__}"
    return None


class _TypingSyntax:
    """``neuraltypes._grammar`` over resolved ``typing`` objects."""

    def expand(self, node: Any) -> Any:
        return None  # ``get_type_hints`` has resolved strings and aliases

    def head(self, node: Any) -> tuple[str, list[Any]] | None:
        origin = typing.get_origin(node)
        name = _origin_name(origin)
        if name is None:
            return None
        if origin is Annotated:
            return name, [node.__origin__, *node.__metadata__]
        return name, list(typing.get_args(node))

    def is_none(self, node: Any) -> bool:
        return node is None or node is type(None)

    def is_ellipsis(self, node: Any) -> bool:
        return node is Ellipsis

    def neural_type(self, node: Any) -> NeuralType | None:
        if isinstance(node, NeuralType):
            return node
        if isinstance(node, type) and issubclass(node, NeuralType):
            raise GrammarError(
                "Annotated metadata is the class NeuralType, not an instance. "
                "HINT: write NeuralType(('B', 'T'), LengthsType()), with parentheses"
            )
        return None

    def label(self, node: Any) -> str | None:
        return node if isinstance(node, str) else None

    def namedtuple(self, node: Any) -> list[tuple[str, Any]] | None:
        if not (isinstance(node, type) and issubclass(node, tuple) and hasattr(node, "_fields")):
            return None
        try:
            field_hints = typing.get_type_hints(node, include_extras=True)
        except AnnotationError:
            raise
        except Exception as exc:
            raise UnresolvedAnnotationError(
                f"Cannot resolve the fields of {node.__name__}: {type(exc).__name__}: {exc}. "
                "HINT: names used in annotations must be importable at module level"
            ) from None
        return [(name, field_hints.get(name)) for name in node._fields]


_SYNTAX = _TypingSyntax()
