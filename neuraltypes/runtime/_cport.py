"""A port compiled for the per-call checks: a named tuple of what the checks read."""

from __future__ import annotations

from typing import Final, NamedTuple

from .._axes import AxisKind
from .._neural_type import NeuralType
from ._ports import Port

__all__ = ["KEYWORD_ONLY", "CPort", "compile_port"]

#: The positional index of a port that can only be passed by keyword.
KEYWORD_ONLY: Final = 1 << 30


class CPort(NamedTuple):
    """A port compiled for the per-call checks (a tuple: unpacks and indexes fast)."""

    name: str
    pos: int  # the positional index it may be passed at (``KEYWORD_ONLY`` if none)
    depth: int  # container levels around the tensor
    optional: bool
    rank: int  # number of axes (-1: axes not declared)
    fixed: tuple[tuple[int, int], ...]  # (axis, size) of fixed-size axes
    batch: tuple[int, ...]  # the batch axes
    symbols: tuple[tuple[int, str], ...]  # (axis, symbol) of size symbols
    ntype: NeuralType
    out_index: int  # position in the output tuple


def compile_port(port: Port, pos: int) -> CPort:
    """The flat form of ``port``, which may be passed at positional index ``pos``.

    >>> port = compile_port(Port("x", NeuralType(("B", "T"))), 0)
    >>> port.name, port.pos, port.rank, port.batch
    ('x', 0, 2, (0,))
    """
    axes = port.ntype.axes
    if axes is None:
        return CPort(
            port.name, pos, port.depth, port.optional, -1, (), (), (), port.ntype, port.index
        )
    tensor_axes = list(axes)  # NeMo compares len(shape) with every axis, list axes included
    fixed = tuple((i, a.size) for i, a in enumerate(tensor_axes) if a.size is not None)
    batch = tuple(i for i, a in enumerate(tensor_axes) if a.kind is AxisKind.Batch)
    symbols = tuple((i, a.symbol) for i, a in enumerate(tensor_axes) if a.symbol is not None)
    return CPort(
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
