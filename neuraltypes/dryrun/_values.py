"""Where a value came from: a tag on each tensor, carried through torch ops by a function mode.

A port's output is tagged with its ``Source`` (module path, port, declared type, axis labels).
Ops on a tagged tensor pass the source on: permutations (``transpose``, ``permute``, ``.mT``)
permute the axis labels, shape-preserving ops keep them, anything else forgets them but keeps
the producer, so a message can say "from model.encoder output "outputs" via transpose(1, 2)".

The same mode lets real CPU tensors (lengths, which models read with ``.item()`` or use to
slice) meet meta tensors: an op mixing both gets the CPU operands moved to ``meta``.

>>> import torch
>>> x = torch.empty(3, 4, 5, device="meta")
>>> tag(x, Source("model.enc", "out", "output", None, ("B", "D", "T")))
>>> with Propagate():
...     y = x.transpose(1, 2)
>>> source_of(y).axes, source_of(y).via
(('B', 'T', 'D'), ('transpose(1, 2)',))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Final

import torch
from torch.overrides import TorchFunctionMode

from .._neural_type import NeuralType

__all__ = ["Propagate", "Source", "autocast_on_meta", "axis_labels", "source_of", "tag"]

_ATTR: Final = "_neuraltypes_dry_run_source"
_META: Final = torch.device("meta")
_MAX_VIA: Final = 4


@dataclass(frozen=True, slots=True)
class Source:
    """The producer of a value: ``module`` path, ``port``, its role, declared type, axes.

    ``axes`` are the current value's axis labels (``None`` when unknown, or ``None`` items for
    single unknown axes); ``via`` the ops applied since the port (empty: the port's value
    itself, so its declared element type applies); ``synthetic``: made by the dry run.
    """

    module: str
    port: str
    role: str  # "output", "input" (a call's own input) or "layer" (a torch layer's output)
    ntype: NeuralType | None
    axes: tuple[str | None, ...] | None
    via: tuple[str, ...] = ()
    synthetic: bool = False

    @property
    def exact(self) -> bool:
        """Whether the value is the port's value itself (no op applied since)."""
        return not self.via and self.role != "layer"

    def describe(self) -> str:
        """``model.enc output "out" via transpose(1, 2)``."""
        if self.role == "layer":
            text = f"{self.module} ({self.port}) output"
        else:
            text = f'{self.module} {self.role} "{self.port}"'
        if self.via:
            text += " via " + ", ".join(self.via)
        return text


def axis_labels(ntype: NeuralType | None) -> tuple[str | None, ...] | None:
    """Short labels of a type's axes: ``("B", "D", "T")``; ``None`` without axes."""
    if ntype is None or ntype.axes is None:
        return None
    return tuple(_LABEL.get(str(axis.kind), str(axis.kind)) for axis in ntype.axes)


_LABEL: Final = {
    "batch": "B",
    "time": "T",
    "dimension": "D",
    "width": "W",
    "height": "H",
    "any": "any",
    "sequence": "seq",
    "flowgroup": "flowgroup",
    "singleton": "S",
}


def tag(value: Any, source: Source) -> None:
    """Attach ``source`` to a tensor (other values are left alone)."""
    if isinstance(value, torch.Tensor):
        try:
            setattr(value, _ATTR, source)
        except (AttributeError, RuntimeError):
            pass


def source_of(value: Any) -> Source | None:
    """The source attached to ``value``, if any."""
    return getattr(value, _ATTR, None) if isinstance(value, torch.Tensor) else None


_TRIVIAL: Final = frozenset({"to", "contiguous", "float", "detach", ".data", "clone", "type_as"})
_PERMUTE: Final = frozenset({"transpose", "swapaxes", "swapdims", "permute", "movedim", "moveaxis"})


class Propagate(TorchFunctionMode):
    """Pass sources through torch ops; move CPU operands to ``meta`` when they meet meta ones."""

    def __torch_function__(
        self,
        func: Callable[..., Any],
        types: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        kwargs = kwargs or {}
        args, kwargs = _same_device(args, kwargs)
        try:
            result = func(*args, **kwargs)
        except NotImplementedError as exc:
            if "copy out of meta" not in str(exc):
                raise
            result = _stay_on_meta(args, kwargs)  # .to("cpu")/.cpu() of a meta tensor
        first = _first_tagged(args, kwargs)
        if first is not None:
            tensor, source = first
            name = _op_name(func)
            if isinstance(result, torch.Tensor):
                if source_of(result) is None:
                    tag(result, _derive(source, tensor, result, name, args, kwargs))
            elif isinstance(result, tuple | list) and name in ("chunk", "split", "unbind"):
                for item in result:
                    if isinstance(item, torch.Tensor) and source_of(item) is None:
                        tag(item, _derive(source, tensor, item, name, args, kwargs))
        return result


def _stay_on_meta(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """What ``x.to(device, dtype)``/``x.cpu()`` of a meta tensor gives in a dry run: ``x`` on
    meta, with the dtype asked for (there is no data to copy)."""
    tensor = args[0]
    dtype = kwargs.get("dtype")
    for arg in args[1:]:
        if isinstance(arg, torch.dtype):
            dtype = arg
        elif isinstance(arg, torch.Tensor):
            dtype = arg.dtype
    return tensor if dtype is None else tensor.to(dtype=dtype)


def _op_name(func: Any) -> str:
    name = getattr(func, "__name__", "op")
    if name == "__get__":  # a property: Tensor.mT.__get__
        return "." + str(getattr(getattr(func, "__self__", None), "__name__", "?"))
    return str(name)


def _same_device(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """Move CPU tensors (not 0-dim ones) to meta when another operand is on meta."""
    meta = cpu = False
    for value in (*args, *kwargs.values()):
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, torch.Tensor):
                if item.device.type == "meta":
                    meta = True
                elif item.device.type == "cpu" and item.dim() > 0:
                    cpu = True
    if not (meta and cpu):
        return args, kwargs
    return tuple(_to_meta(a) for a in args), {k: _to_meta(v) for k, v in kwargs.items()}


def _to_meta(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        if value.device.type == "cpu" and value.dim() > 0:
            moved = value.to(_META)
            source = source_of(value)
            if source is not None:
                tag(moved, source)
            return moved
        return value
    if isinstance(value, list | tuple):
        return type(value)(_to_meta(v) for v in value)
    return value


def _first_tagged(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Source] | None:
    for value in (*args, *kwargs.values()):
        for item in value if isinstance(value, list | tuple) else (value,):
            source = source_of(item)
            if source is not None:
                return item, source
    return None


def _derive(
    source: Source,
    tensor: torch.Tensor,
    result: torch.Tensor,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Source:
    axes = source.axes
    op = name
    if name in _PERMUTE and axes is not None:
        dims = [a for a in args[1:] if isinstance(a, int)] or [
            d for a in args[1:] if isinstance(a, list | tuple) for d in a
        ]
        op = f"{name}({', '.join(map(str, dims))})"
        axes = _permuted(name, axes, dims)
    elif name in (".mT", ".mH") and axes is not None and len(axes) >= 2:
        axes = (*axes[:-2], axes[-1], axes[-2])
    elif name == ".T" and axes is not None:
        axes = axes[::-1]
    elif axes is not None and tuple(result.shape) == tuple(tensor.shape):
        pass  # shape-preserving: same layout
    elif axes is not None and name == "__getitem__" and result.dim() == tensor.dim():
        pass  # slicing keeps the layout
    else:
        axes = None
    if result.dim() != (len(axes) if axes is not None else result.dim()):
        axes = None
    if name in _TRIVIAL and axes == source.axes:
        return source
    via = (*source.via, op)
    if len(via) > _MAX_VIA:
        via = (*via[: _MAX_VIA - 1], "...")
    return replace(source, axes=axes, via=via)


def _permuted(
    name: str, axes: tuple[str | None, ...], dims: list[int]
) -> tuple[str | None, ...] | None:
    rank = len(axes)
    try:
        if name in ("transpose", "swapaxes", "swapdims") and len(dims) == 2:
            a, b = (d % rank for d in dims)
            out = list(axes)
            out[a], out[b] = out[b], out[a]
            return tuple(out)
        if name == "permute" and len(dims) == rank:
            return tuple(axes[d % rank] for d in dims)
    except (IndexError, ZeroDivisionError):
        return None
    return None


@contextmanager
def autocast_on_meta() -> Iterator[None]:
    """Let ``torch.autocast(x.device.type)`` accept ``"meta"`` (as ``"cpu"``) inside the block.

    Models switch autocast off around numerically delicate ops (NeMo's STFT); torch refuses
    the meta device type there ("unsupported scalarType").
    """
    cls: Any = torch.amp.autocast_mode.autocast
    original = cls.__init__

    def init(self: Any, device_type: str, *args: Any, **kwargs: Any) -> None:
        original(self, "cpu" if device_type == "meta" else device_type, *args, **kwargs)

    cls.__init__ = init
    try:
        yield
    finally:
        cls.__init__ = original
