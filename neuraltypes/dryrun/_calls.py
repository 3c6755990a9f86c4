"""One checked call of a typed module: its state, its outputs by port, made-up outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from .._elements import LengthsType
from ..runtime._ports import Port
from ._checks import Bound, leaves
from ._inputs import make_value
from ._modports import ModulePorts
from ._values import Source, axis_labels, tag

__all__ = ["Call", "main_input", "split_outputs", "synthesise"]


@dataclass(slots=True)
class Call:
    """A typed module's call in progress: bound sizes, input values by port, what went wrong."""

    module: nn.Module
    path: str
    ports: ModulePorts
    depth: int  # length of the module stack when the call began
    bound: Bound = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    failed: bool = False
    synthetic_in: bool = False


def split_outputs(call: Call, output: Any) -> tuple[list[tuple[Port, Any]], int | None]:
    """``([(port, value), ...], None)``, or ``([], count)`` when the number of values returned
    contradicts the declared output ports."""
    ports = call.ports
    if ports.out_mode == "none" or not ports.outputs:
        return [], None
    if ports.out_mode == "single":
        port = ports.outputs[0]
        value = output
        if isinstance(output, tuple | list) and port.depth == 0:
            if len(output) != 1:
                return [], len(output)
            value = output[0]
        return [(port, value)], None
    if isinstance(output, dict):
        return [(p, output.get(p.name)) for p in ports.outputs], None
    items = output if isinstance(output, tuple | list) else (output,)
    mandatory = max((p.index + 1 for p in ports.outputs if not p.optional), default=0)
    if not mandatory <= len(items) <= ports.out_len:
        return [], len(items)
    return [(p, items[p.index] if p.index < len(items) else None) for p in ports.outputs], None


def synthesise(call: Call, sizes: dict[str, int]) -> Any:
    """Outputs made from the declared output ports (sizes bound by the call where known),
    tagged as synthetic so that checks downstream of them are skipped."""
    ports = call.ports
    made: dict[str, Any] = {}
    time: int | None = None
    for port in sorted(ports.outputs, key=_is_length):
        value = make_value(port.ntype, port.depth, sizes, call.bound, time)
        for leaf in leaves(value, port.depth):
            labels = axis_labels(port.ntype)
            tag(leaf, Source(call.path, port.name, "output", port.ntype, labels, synthetic=True))
            if time is None and labels and "T" in labels and isinstance(leaf, torch.Tensor):
                time = int(leaf.shape[labels.index("T")])
        made[port.name] = value
    if ports.out_mode == "single":
        return made[ports.outputs[0].name]
    items: list[Any] = [None] * ports.out_len
    for port in ports.outputs:
        items[port.index] = made[port.name]
    if ports.out_type is not tuple and hasattr(ports.out_type, "_fields"):
        return ports.out_type(*items)
    return tuple(items)


def main_input(call: Call) -> torch.Tensor | None:
    """The call's first tensor input of the highest rank (data rather than lengths)."""
    tensors = [
        value
        for port in call.ports.inputs
        if isinstance(value := call.values.get(port.name), torch.Tensor)
    ]
    return max(tensors, key=lambda t: t.dim(), default=None)


def _is_length(port: Port) -> bool:
    return isinstance(port.ntype.elements_type, LengthsType)
