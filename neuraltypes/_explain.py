"""Explain a failed shape check: which axis, expected vs found, and the sizes bound so far."""

from __future__ import annotations

from typing import Any

from ._errors import NeuralTypeError
from ._messages import port_error

__all__ = ["explain_shape"]


def _dims(shape: Any) -> tuple[Any, ...]:
    return tuple(int(d) if isinstance(d, int) else d for d in shape)


def explain_shape(
    qualname: str, role: str, cport: Any, value: Any, bound: dict[str, Any]
) -> NeuralTypeError:
    """Recompute which check failed for ``value`` on the compiled port ``cport``.

    >>> import torch
    >>> from neuraltypes._check import _compile_port
    >>> from neuraltypes._ports import Port
    >>> from neuraltypes import NeuralType
    >>> cport = _compile_port(Port("x", NeuralType(("B", "D", "T"))), 0)
    >>> err = explain_shape("Enc.forward", "input", cport, torch.zeros(2, 7), {})
    >>> str(err).splitlines()[0].split(": ", 2)[2]
    'expected axes (batch, dimension, time), but got shape (2, 7) (rank 2, expected 3)'
    """
    name, _, _, _, rank, fixed, batch, symbols, ntype, _ = cport
    shape = _dims(value.shape)
    axes = tuple(ntype.axes or ())
    head = f"expected axes {axes}, but got shape {shape}"
    if len(shape) != rank:
        problem = f"{head} (rank {len(shape)}, expected {rank})"
        return port_error(qualname, role, name, ntype, value, problem, "rank", bound)
    for i, size in fixed:
        if shape[i] != size:
            problem = f"{head}: axis {i} ({axes[i]!r}) has size {shape[i]}, expected {size}"
            return port_error(qualname, role, name, ntype, value, problem, "size", bound)
    for i in batch:
        if "batch" in bound and shape[i] != bound["batch"]:
            problem = (
                f"{head}: axis {i} (batch) has size {shape[i]}, but this call's batch size is "
                f"{bound['batch']}"
            )
            return port_error(qualname, role, name, ntype, value, problem, "batch", bound)
    for i, symbol in symbols:
        if symbol in bound and shape[i] != bound[symbol]:
            problem = (
                f"{head}: axis {i} ({axes[i]!r}) has size {shape[i]}, but {symbol} is "
                f"{bound[symbol]}"
            )
            return port_error(qualname, role, name, ntype, value, problem, "symbol", bound)
    return port_error(qualname, role, name, ntype, value, head, "rank", bound)
