"""Explain a failed check: which axis, expected vs found, the sizes bound so far, and for
names that are not ports, the closest port name."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from .._errors import NeuralTypeError
from ._messages import NO_VALUE, axes_text, port_error, shape_text

if TYPE_CHECKING:
    from ._cport import CPort

__all__ = ["CheckerErrors", "explain_shape"]


def _dims(shape: Any) -> tuple[Any, ...]:
    return tuple(int(d) if isinstance(d, int) else d for d in shape)


def explain_shape(
    qualname: str, role: str, cport: Any, value: Any, bound: dict[str, Any]
) -> NeuralTypeError:
    """Recompute which check failed for ``value`` on the compiled port ``cport``.

    >>> import torch
    >>> from neuraltypes.runtime._cport import compile_port
    >>> from neuraltypes.runtime._ports import Port
    >>> from neuraltypes import NeuralType
    >>> cport = compile_port(Port("x", NeuralType(("B", "D", "T"))), 0)
    >>> err = explain_shape("Enc.forward", "input", cport, torch.zeros(2, 7), {})
    >>> str(err).splitlines()[0].split(": ", 2)[2]
    'expected axes (batch, dimension, time), but got shape (2, 7) (rank 2, expected 3)'
    """
    name, _, _, _, rank, fixed, batch, symbols, ntype, _ = cport
    shape = _dims(value.shape)
    head = f"expected axes {axes_text(ntype)}, but got shape {shape_text(shape)}"
    if len(shape) != rank:
        problem = f"{head} (rank {len(shape)}, expected {rank})"
        return port_error(qualname, role, name, ntype, value, problem, "rank", bound)
    for i, size in fixed:
        if shape[i] != size:
            problem = (
                f"{head}: axis {i} ({axes_text(ntype, i)}) has size {shape[i]}, expected {size}"
            )
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
                f"{head}: axis {i} ({axes_text(ntype, i)}) has size {shape[i]}, but {symbol} is "
                f"{bound[symbol]}"
            )
            return port_error(qualname, role, name, ntype, value, problem, "symbol", bound)
    return port_error(qualname, role, name, ntype, value, head, "rank", bound)


def _did_you_mean(key: str, names: Any) -> str:
    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.5)
    return f' (did you mean "{close[0]}"?)' if close else ""


class CheckerErrors:
    """The ``NeuralTypeError``s of a ``Checker`` (a mixin: built only when a check fails).

    >>> from neuraltypes.runtime._check import Checker
    >>> from neuraltypes.runtime._ports import Port
    >>> from neuraltypes import NeuralType
    >>> ports = (Port("audio_signal", NeuralType(("B", "T"))),)
    >>> checker = Checker("Enc.forward", ports, (), "none", 0, ("self", "audio_signal"),
    ...                   strict_names=False)
    >>> str(checker._missing(checker.inputs[0], {"audio": 1})).splitlines()[0].split("; ")[1]
    '"audio" is not a port of Enc.forward (did you mean "audio_signal"?)'
    """

    __slots__ = ()

    qualname: str
    names: frozenset[str]
    accepted: frozenset[str]
    params: frozenset[str]
    inputs: tuple[CPort, ...]
    outputs: tuple[CPort, ...]
    out_mandatory: int
    out_len: int

    def _shape(self, role: str, cport: CPort, value: Any, bound: Any) -> Exception:
        if not isinstance(bound, dict):  # the fast path passes its batch size (-1: unbound)
            bound = {} if bound == -1 else {"batch": bound}
        return explain_shape(self.qualname, role, cport, value, bound)

    def _missing(self, cport: CPort, kwargs: Any = None) -> Exception:
        problem = "mandatory port is missing"
        # A keyword that is neither a port nor a parameter is most likely this port misspelt.
        strays = [k for k in kwargs or () if k not in self.names and k not in self.params]
        for key in strays:
            problem += f'; "{key}" is not a port of {self.qualname}' + _did_you_mean(
                key, self.names
            )
        return port_error(
            self.qualname, "input", cport.name, cport.ntype, NO_VALUE, problem, "missing"
        )

    def _none(self, role: str, cport: CPort) -> Exception:
        return port_error(
            self.qualname,
            role,
            cport.name,
            cport.ntype,
            None,
            "got None for a mandatory port",
            "none",
        )

    def _unknown(self, key: str) -> Exception:
        names = ", ".join(sorted(self.names)) or "(none)"
        close = _did_you_mean(key, self.names) or _did_you_mean(key, self.accepted)
        return port_error(
            self.qualname, "input", key, None, NO_VALUE,
            f"no such input port (declared: {names}){close}", "unknown",
        )  # fmt: skip

    def _count(self, count: int) -> Exception:
        low, high = self.out_mandatory, self.out_len
        span = f"{low}" if low == high else f"between {low} and {high}"
        names = ", ".join(c.name for c in self.outputs)
        return port_error(
            self.qualname, "output", names, None, NO_VALUE,
            f"expected {span} output value(s), but got {count}", "count",
        )  # fmt: skip

    def _depth(self, role: str, cport: CPort, value: Any, level: int) -> Exception:
        return port_error(
            self.qualname, role, cport.name, cport.ntype, value,
            f"expected container depth {cport.depth}, but found a value at depth {level}", "depth",
        )  # fmt: skip
