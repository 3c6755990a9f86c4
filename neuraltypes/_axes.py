"""Axis kinds and axis types, NeMo-compatible by name, value and printed form."""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

from ._tables import AXIS_KIND_MEMBERS, axis_kind
from ._tables import AXIS_LABELS as AXIS_LABELS_TABLE

__all__ = ["AxisKind", "AxisKindAbstract", "AxisType"]


class AxisKindAbstract(Enum):
    """Base of every axis-kind enum; subclass it for user-defined kinds.

    >>> class Freq(AxisKindAbstract):
    ...     Band = 0
    >>> AxisType(Freq.Band).kind is Freq.Band
    True
    """


class AxisKind(AxisKindAbstract):
    """The standard axis kinds. ``Channel`` is an alias of ``Dimension``.

    >>> AxisKind.from_str("B"), AxisKind.from_str("channel"), str(AxisKind.Channel)
    (batch, dimension, 'dimension')
    """

    Batch = 0
    Time = 1
    Dimension = 2
    Channel = 2
    Width = 3
    Height = 4
    Any = 5
    Sequence = 6
    FlowGroup = 7
    Singleton = 8

    def __repr__(self) -> str:
        return self.__str__()

    def __str__(self) -> str:
        return str(self.name).lower()

    def t_with_string(self, text: str) -> bool:
        """Whether ``text`` is ``t_<kind>`` (NeMo's helper, kept for compatibility)."""
        return text.startswith("t_") and text.endswith("_") and text[2:-1] == self.__str__()

    @staticmethod
    def from_str(label: str) -> AxisKind:
        """Parse an axis label the way NeMo does, plus every printed name (``"dimension"``).

        >>> AxisKind.from_str(" T "), AxisKind.from_str("t_audio"), AxisKind.from_str("dimension")
        (time, time, dimension)
        """
        if not isinstance(label, str):
            raise ValueError(f"Can't create AxisKind from {label!r}: expected a string label")
        kind = axis_kind(label)
        if kind is None:
            raise ValueError(f"Can't create AxisKind from {label}")
        return AxisKind[_MEMBER_OF_KIND[kind]]


# The tables are the one source of truth (``_tables``); the enum above must match them.
_MEMBER_OF_KIND: Final[dict[str, str]] = {
    kind: member for member, kind in reversed(AXIS_KIND_MEMBERS.items())
}


_LABELS: Final[dict[str, AxisKind]] = {
    label: AxisKind[_MEMBER_OF_KIND[kind]] for label, kind in AXIS_LABELS_TABLE.items()
}

#: Every label ``AxisKind.from_str`` accepts (for error hints).
AXIS_LABELS: Final[tuple[str, ...]] = tuple(
    sorted({k.upper() if len(k) == 1 else k for k in _LABELS})
)


class AxisType:
    """One axis of a neural type: its kind, an optional fixed size, and whether it is a list.

    ``symbol`` (a neuraltypes extension) names a size that must agree across every port of
    one call that uses the same symbol, e.g. two ports sharing one time axis.

    >>> AxisType(AxisKind.Time), AxisType(AxisKind.Time, 10), AxisType(AxisKind.Batch, is_list=True)
    (time, time:10, batch_listdim)
    >>> AxisType("D", 80) == AxisType(AxisKind.Dimension, 80)
    True
    """

    __slots__ = ("_hash", "is_list", "kind", "size", "symbol")

    kind: AxisKindAbstract
    size: int | None
    is_list: bool
    symbol: str | None
    _hash: int

    def __init__(
        self,
        kind: AxisKindAbstract | str,
        size: int | None = None,
        is_list: bool = False,
        *,
        symbol: str | None = None,
    ) -> None:
        if isinstance(kind, str):
            kind = AxisKind.from_str(kind)
        if not isinstance(kind, AxisKindAbstract):
            raise ValueError(
                f"AxisType kind must be an AxisKind (or AxisKindAbstract member) or a label "
                f"string, got {kind!r}"
            )
        if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
            raise ValueError(f"AxisType size must be an int or None, got {size!r}")
        if size is not None and is_list:
            raise ValueError("The axis can't be list and have a fixed size")
        if symbol is not None and (not isinstance(symbol, str) or not symbol):
            raise ValueError(f"AxisType symbol must be a non-empty string, got {symbol!r}")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "is_list", bool(is_list))
        object.__setattr__(self, "symbol", symbol)
        object.__setattr__(self, "_hash", hash((kind, size, bool(is_list), symbol)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"AxisType is immutable; cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AxisType):
            return NotImplemented
        return (
            self.kind == other.kind
            and self.size == other.size
            and self.is_list == other.is_list
            and self.symbol == other.symbol
        )

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[Any, ...]:
        return (_make_axis, (self.kind, self.size, self.is_list, self.symbol))

    def __repr__(self) -> str:
        text = str(self.kind) if self.size is None else f"{self.kind}:{self.size}"
        if self.symbol is not None:
            text += f"={self.symbol}"
        if self.is_list:
            text += "_listdim"
        return text


def _make_axis(
    kind: AxisKindAbstract, size: int | None, is_list: bool, symbol: str | None
) -> AxisType:
    return AxisType(kind, size, is_list, symbol=symbol)
