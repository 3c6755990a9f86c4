"""The port annotation grammar, written once and read by every reader.

A port is ``Annotated[Tensor, NeuralType(...)]``, optionally named by a string in the metadata
(``Annotated[Tensor, NT, "logits"]``), made optional by ``Optional[...]``, ``Union[..., None]``
or ``... | None`` (outside or inside ``Annotated``), and put in containers by ``list[...]``,
``List``, ``Sequence`` or ``MutableSequence`` (outside or inside ``Annotated``: each level is
one depth). A return annotation is one port, a ``tuple[...]`` of ports (``tuple[X, ...]`` is
none), or a ``NamedTuple`` whose fields are ports.

The runtime reads ``typing`` objects, the mypy plugin reads ``ast`` nodes: each supplies a
``Syntax`` over its own nodes; the rules here are the same for both, and so are the ports.

>>> class Strings:  # a toy syntax: nested lists of strings
...     def expand(self, node): return None
...     def head(self, node):
...         return (node[0], node[1:]) if isinstance(node, list) else None
...     def is_none(self, node): return node == "None"
...     def is_ellipsis(self, node): return node == "..."
...     def neural_type(self, node): return node if node.startswith("NT") else None
...     def label(self, node): return node[1:-1] if node.startswith("'") else None
...     def namedtuple(self, node): return None
>>> read_port(["typing.Optional", ["builtins.list", ["typing.Annotated", "T", "NT1", "'x'"]]],
...           Strings())
PortForm(ntype='NT1', depth=1, optional=True, label='x')
>>> read_port(["typing.Annotated", ["typing.List", "T"], "NT2"], Strings()).depth
1
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from ._tables import ANNOTATED_NAMES, CONTAINER_NAMES, OPTIONAL_NAMES, TUPLE_NAMES, UNION_NAMES

__all__ = [
    "GrammarError",
    "OutputForm",
    "PortForm",
    "Syntax",
    "default_output_name",
    "read_outputs",
    "read_port",
]

N = TypeVar("N")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: How many string/alias indirections are followed before giving up (alias cycles).
MAX_HOPS = 8


class GrammarError(ValueError):
    """An annotation breaks the port grammar (e.g. two ``NeuralType`` in one ``Annotated``)."""


class Syntax(Protocol[N, T_co]):
    """How one reader sees its annotation nodes."""

    def expand(self, node: N) -> N | None:
        """What a string annotation or an alias stands for; ``None`` if ``node`` is neither."""

    def head(self, node: N) -> tuple[str, list[N]] | None:
        """``(full name, items)`` of a subscript (``X | Y`` is ``types.UnionType``), else None.

        For ``Annotated`` the items are the annotated type followed by the metadata.
        """

    def is_none(self, node: N) -> bool:
        """Whether ``node`` is ``None`` (inside a union)."""

    def is_ellipsis(self, node: N) -> bool:
        """Whether ``node`` is ``...`` (inside ``tuple[X, ...]``)."""

    def neural_type(self, node: N) -> T_co | None:
        """The neural type a metadata item declares; ``None`` if it declares none.

        Raises ``GrammarError`` for a malformed one (e.g. the class ``NeuralType`` itself).
        """

    def label(self, node: N) -> str | None:
        """The port name a metadata item gives (a string), else ``None``."""

    def namedtuple(self, node: N) -> list[tuple[str, N]] | None:
        """The ``(field, annotation)`` pairs of a NamedTuple class ``node``, else ``None``."""


@dataclass(frozen=True)
class PortForm(Generic[T]):
    """What an annotation declares: the neural type, container depth, optional, and name."""

    ntype: T
    depth: int = 0
    optional: bool = False
    label: str | None = None


@dataclass(frozen=True)
class OutputForm(Generic[T]):
    """A return annotation: ``mode`` ``"none"``, ``"single"`` or ``"tuple"``; its ports.

    ``ports`` holds ``(index, field name or None, form)``; ``length`` counts every item.
    """

    mode: str
    ports: tuple[tuple[int, str | None, PortForm[T]], ...] = ()
    length: int = 0


def default_output_name(index: int, mode: str) -> str:
    """The name of an unlabelled output: ``output`` alone, ``output_<index>`` in a tuple."""
    return "output" if mode == "single" else f"output_{index}"


def _expanded(node: N, syntax: Syntax[N, T]) -> N:
    for _ in range(MAX_HOPS):
        inner = syntax.expand(node)
        if inner is None:
            return node
        node = inner
    return node


def _without_none(items: list[N], syntax: Syntax[N, T]) -> tuple[list[N], bool]:
    """The members of a union other than ``None``, and whether ``None`` was there."""
    rest = [item for item in items if not syntax.is_none(item)]
    return rest, len(rest) < len(items)


def read_port(node: N, syntax: Syntax[N, T]) -> PortForm[T] | None:
    """The port ``node`` declares, or ``None`` if it declares none."""
    head = syntax.head(_expanded(node, syntax))
    if head is None:
        return None
    name, items = head
    if name in OPTIONAL_NAMES or name in UNION_NAMES:
        if name in OPTIONAL_NAMES:
            members, has_none = items, True
        else:
            members, has_none = _without_none(items, syntax)
        inner = read_port(members[0], syntax) if len(members) == 1 else None
        return replace(inner, optional=True) if inner is not None and has_none else inner
    if name in CONTAINER_NAMES:
        inner = read_port(items[0], syntax) if len(items) == 1 else None
        return None if inner is None else replace(inner, depth=inner.depth + 1)
    if name in ANNOTATED_NAMES and items:
        return _annotated(items, syntax)
    return None


def _annotated(items: list[N], syntax: Syntax[N, T]) -> PortForm[T] | None:
    found = [t for t in (syntax.neural_type(meta) for meta in items[1:]) if t is not None]
    if not found:
        return read_port(items[0], syntax)  # other metadata (docs, validators): look inside
    if len(found) > 1:
        raise GrammarError("more than one NeuralType in one Annotated[...]")
    labels = [text for text in (syntax.label(meta) for meta in items[1:]) if text is not None]
    base, depth, optional = items[0], 0, False
    for _ in range(MAX_HOPS):
        head = syntax.head(_expanded(base, syntax))
        if head is None:
            break
        name, parts = head
        if name in OPTIONAL_NAMES and len(parts) == 1:
            base, optional = parts[0], True
        elif name in UNION_NAMES:
            members, has_none = _without_none(parts, syntax)
            if len(members) != 1 or not has_none:
                break
            base, optional = members[0], True
        elif name in CONTAINER_NAMES and len(parts) == 1:
            base, depth = parts[0], depth + 1
        else:
            break
    if read_port(base, syntax) is not None:
        raise GrammarError("nested neural type annotations are not supported")
    return PortForm(found[0], depth, optional, labels[-1] if labels else None)


def read_outputs(node: N | None, syntax: Syntax[N, T]) -> OutputForm[T]:
    """The output ports a return annotation declares.

    One port (``"single"``), a ``tuple[...]`` or ``NamedTuple`` of them (``"tuple"``; items that
    are not ports are skipped but counted), or none.
    """
    if node is None:
        return OutputForm("none")
    single = read_port(node, syntax)
    if single is not None:
        return OutputForm("single", ((0, None, single),), 1)
    node = _expanded(node, syntax)
    fields = syntax.namedtuple(node)
    named: list[tuple[str | None, N]]
    if fields is not None:
        named = [(field, annotation) for field, annotation in fields]
    else:
        head = syntax.head(node)
        if head is None or head[0] not in TUPLE_NAMES:
            return OutputForm("none")
        if any(syntax.is_ellipsis(item) for item in head[1]):
            return OutputForm("none")
        named = [(None, item) for item in head[1]]
    ports = []
    for index, (field, annotation) in enumerate(named):
        form = None if syntax.is_none(annotation) else read_port(annotation, syntax)
        if form is not None:
            ports.append((index, field, form))
    if not ports:
        return OutputForm("none")
    return OutputForm("tuple", tuple(ports), len(named))
