"""A port compiled for the per-call checks: a flat tuple of what the checks read."""

from __future__ import annotations

from typing import Final

from .._axes import AxisKind
from .._neural_type import NeuralType
from ._ports import Port

__all__ = ["KEYWORD_ONLY", "CPort", "compile_port"]

#: The positional index of a port that can only be passed by keyword.
KEYWORD_ONLY: Final = 1 << 30

# A compiled port: (name, pos, depth, optional, rank, fixed, batch, symbols, ntype, index)
CPort = tuple[
    str,
    int,
    int,
    bool,
    int,
    tuple[tuple[int, int], ...],
    tuple[int, ...],
    tuple[tuple[int, str], ...],
    NeuralType,
    int,
]


def compile_port(port: Port, pos: int) -> CPort:
    """The flat form of ``port``, which may be passed at positional index ``pos``.

    >>> compile_port(Port("x", NeuralType(("B", "T"))), 0)[:7]
    ('x', 0, 0, False, 2, (), (0,))
    """
    axes = port.ntype.axes
    if axes is None:
        return (port.name, pos, port.depth, port.optional, -1, (), (), (), port.ntype, port.index)
    tensor_axes = list(axes)  # NeMo compares len(shape) with every axis, list axes included
    fixed = tuple((i, a.size) for i, a in enumerate(tensor_axes) if a.size is not None)
    batch = tuple(i for i, a in enumerate(tensor_axes) if a.kind is AxisKind.Batch)
    symbols = tuple((i, a.symbol) for i, a in enumerate(tensor_axes) if a.symbol is not None)
    return (
        port.name,
        pos,
        port.depth,
        port.optional,
        len(tensor_axes),
        fixed,
        batch,
        symbols,
        port.ntype,
        port.index,
    )
