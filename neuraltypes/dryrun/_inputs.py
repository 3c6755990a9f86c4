"""Values for declared ports: the model's inputs, and outputs of modules that cannot run on meta.

Each axis kind gets its own size (B=3, audio T=160001, other T=1001, D=64, ...) so that a
transposition or a wrong axis shows up as a size mismatch; ``sizes`` overrides them by
label (``T``, ``D``) or size symbol. Sizes cost nothing on meta, so time is realistic: 10 s
of 16 kHz audio, 1001 frames (augmentations and subsampling have minimum lengths). Data
tensors live on ``meta`` (no memory); lengths are real CPU tensors filled with the time size
of the port they describe, because models read them (``.item()``, slicing, ``.max()``).

>>> from neuraltypes import NeuralType, AudioSignal, LengthsType
>>> from neuraltypes.runtime._ports import Port
>>> ports = (Port("audio", NeuralType(("B", "T"), AudioSignal())),
...          Port("audio_length", NeuralType(("B",), LengthsType())))
>>> values = make_inputs(ports, {})
>>> values["audio"].shape, values["audio"].device.type, values["audio_length"].tolist()
(torch.Size([3, 160001]), 'meta', [160001, 160001, 160001])
"""

from __future__ import annotations

from typing import Any, Final

import torch

from .._axes import AxisKind
from .._elements import (
    AudioSignal,
    BoolType,
    Index,
    IntType,
    LabelsType,
    Length,
    LengthsType,
    MaskType,
    TokenIndex,
)
from .._neural_type import NeuralType
from ..runtime._ports import Port
from ._checks import Bound, tensor_axes
from ._values import axis_labels

__all__ = ["DEFAULT_SIZES", "choose_ports", "make_inputs", "make_value", "parse_size"]

DEFAULT_SIZES: Final[dict[str, int]] = {
    "B": 3,
    "T": 1001,
    "audio T": 160001,
    "D": 64,
    "W": 32,
    "H": 24,
    "any": 5,
    "seq": 7,
    "flowgroup": 2,
    "S": 1,
}

_INTS: Final = (LabelsType, Index, IntType, TokenIndex, Length, LengthsType)
_SUFFIXES: Final = ("_lengths", "_length", "_lens", "_len", "lengths", "length", "lens", "len")


def parse_size(text: str) -> tuple[str, int]:
    """``"T=800"`` -> ``("T", 800)``; labels are normalised (``time`` -> ``T``), symbols kept.

    >>> parse_size("time=800"), parse_size("n_mels=80")
    (('T', 800), ('n_mels', 80))
    """
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name or not value.strip().isdigit() or int(value) <= 0:
        raise ValueError(f"--size {text!r}: expected AXIS=N with a positive N, e.g. T=800")
    try:
        kind = AxisKind.from_str(name)
    except ValueError:
        return name, int(value)
    label = (axis_labels(NeuralType((kind.name,))) or (name,))[0] if kind.name != "Any" else "any"
    return str(label), int(value)


def choose_ports(ports: tuple[Port, ...], wanted: tuple[str, ...] = ()) -> tuple[Port, ...]:
    """The ports to feed: ``wanted`` (with their lengths ports), else the mandatory ones; when
    every port is optional (NeMo's ``input_signal``/``processed_signal`` choice), the first
    one and its lengths port."""
    if wanted:
        names = set(wanted)
        chosen = [p for p in ports if p.name in names]
        return tuple(p for p in ports if p in chosen or _pairs(p, chosen))
    mandatory = tuple(p for p in ports if not p.optional)
    if mandatory or not ports:
        return mandatory
    first = ports[0]
    return tuple(p for p in ports if p is first or _pairs(p, [first]))


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)].rstrip("_")
    return ""


def _pairs(port: Port, chosen: list[Port]) -> bool:
    """Whether ``port`` is the lengths port of one of ``chosen`` (``x`` -> ``x_length``)."""
    if not isinstance(port.ntype.elements_type, LengthsType):
        return False
    stem = _stem(port.name)
    return bool(stem) and any(p.name.startswith(stem) for p in chosen if p is not port)


def make_inputs(
    ports: tuple[Port, ...], sizes: dict[str, int], wanted: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One value per chosen port (see ``choose_ports``), keyed by port name."""
    chosen = choose_ports(ports, wanted)
    values: dict[str, Any] = {}
    for port in chosen:
        if _is_lengths(port.ntype):
            continue
        values[port.name] = make_value(port.ntype, port.depth, sizes, {})
    for port in chosen:
        if _is_lengths(port.ntype):
            time = _time_of(port, chosen, values, sizes)
            values[port.name] = make_value(port.ntype, port.depth, sizes, {}, time)
    return {p.name: values[p.name] for p in chosen}


def _is_lengths(ntype: NeuralType) -> bool:
    axes = tensor_axes(ntype)
    return isinstance(ntype.elements_type, LengthsType) and axes is not None and len(axes) == 1


def _time_of(
    port: Port, chosen: tuple[Port, ...], values: dict[str, Any], sizes: dict[str, int]
) -> int:
    """The time size of the port a lengths port describes (by name, else the first timed one)."""
    stem = _stem(port.name)
    candidates = [p for p in chosen if stem and p.name.startswith(stem) and p is not port]
    candidates += [p for p in chosen if p not in candidates]
    for other in candidates:
        axes = tensor_axes(other.ntype)
        value = values.get(other.name)
        if axes is None or not isinstance(value, torch.Tensor):
            continue
        for i, axis in enumerate(axes):
            if axis.kind is AxisKind.Time and i < value.dim():
                return int(value.shape[i])
    return sizes.get("T", DEFAULT_SIZES["T"])


def axis_size(ntype: NeuralType, index: int, sizes: dict[str, int], bound: Bound) -> int:
    """The size the dry run gives axis ``index`` of ``ntype``."""
    axes = tensor_axes(ntype) or ()
    axis = axes[index]
    if axis.size is not None:
        return int(axis.size)
    if axis.symbol is not None:
        if axis.symbol in bound:
            return bound[axis.symbol][0]
        if axis.symbol in sizes:
            return sizes[axis.symbol]
    label = (axis_labels(NeuralType((axis,))) or ("any",))[0] or "any"
    if axis.kind is AxisKind.Batch and "batch" in bound:
        return bound["batch"][0]
    if label in sizes:
        return sizes[label]
    if label == "T" and isinstance(ntype.elements_type, AudioSignal):
        return DEFAULT_SIZES["audio T"]
    return DEFAULT_SIZES.get(label, 5)


def make_value(
    ntype: NeuralType,
    depth: int,
    sizes: dict[str, int],
    bound: Bound,
    fill: int | None = None,
) -> Any:
    """A tensor for ``ntype`` (meta; lengths: real CPU, filled with ``fill``) in ``depth`` lists."""
    axes = tensor_axes(ntype)
    shape = tuple(axis_size(ntype, i, sizes, bound) for i in range(len(axes or ())))
    element = ntype.elements_type
    value: Any
    if _is_lengths(ntype):
        size = fill if fill is not None else sizes.get("T", DEFAULT_SIZES["T"])
        value = torch.full(shape, size, dtype=torch.int64)
    elif isinstance(element, BoolType | MaskType):
        value = torch.empty(shape, dtype=torch.bool, device="meta")
    elif isinstance(element, _INTS):
        value = torch.empty(shape, dtype=torch.int64, device="meta")
    else:
        value = torch.empty(shape, dtype=torch.float32, device="meta")
    for _ in range(depth):
        value = [value]
    return value
