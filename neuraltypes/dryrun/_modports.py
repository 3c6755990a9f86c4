"""The ports a module instance declares: ``forward`` annotations or NeMo-style properties.

Reads through the runtime (``read_signature``, ``ports_from_nemo``) so the dry run speaks the
same annotation grammar as ``typecheck()``; NeMo's own ``NeuralType`` objects are converted
first (``_nemo.to_ours``).

>>> import torch
>>> from typing import Annotated
>>> from neuraltypes import NeuralType
>>> class Sum(torch.nn.Module):
...     def forward(self, x: Annotated[torch.Tensor, NeuralType(("B", "T"))]) -> None: ...
>>> [p.name for p in module_ports(Sum()).inputs]
['x']
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from .._errors import AnnotationError
from ..runtime._module import Typing
from ..runtime._nemo_ports import ports_from_nemo
from ..runtime._ports import Port, read_signature
from ._nemo import to_ours

__all__ = ["ModulePorts", "module_ports"]


@dataclass(frozen=True, slots=True)
class ModulePorts:
    """Declared ports of one module's method, and how it returns its outputs."""

    qualname: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    out_mode: str  # "none", "single" or "tuple"
    out_len: int
    params: tuple[str, ...]  # positional parameter names, without ``self``
    out_type: type = tuple


def module_ports(module: Any, method: str = "forward") -> ModulePorts | None:
    """The ports ``module.<method>`` declares, or ``None`` when it declares none.

    Raises ``AnnotationError`` for a malformed declaration (the caller reports it).
    """
    cls = type(module)
    fn = inspect.getattr_static(cls, method, None)
    if fn is None:
        return None
    if isinstance(fn, staticmethod | classmethod):
        fn = fn.__func__
    sig = read_signature(fn, cls)
    params = sig.params[1:] if sig.params and sig.params[0] == "self" else sig.params
    inputs, outputs = sig.inputs, sig.outputs
    out_mode, out_len, out_type = sig.out_mode, sig.out_len, sig.out_type
    if sig.unresolved:
        inputs, outputs, out_mode, out_len = (), (), "none", 0
    qualname = f"{cls.__name__}.{method}"
    if method == "forward":
        spec_in = _legacy(module, cls, "input_types")
        if spec_in is not None:
            inputs = ports_from_nemo(spec_in, qualname, "input")
        spec_out = _legacy(module, cls, "output_types")
        if spec_out is not None:
            outputs = ports_from_nemo(spec_out, qualname, "output")
            out_len = len(outputs)
            out_mode = "none" if not outputs else ("single" if out_len == 1 else "tuple")
            out_type = tuple
    if not inputs and not outputs:
        return None
    return ModulePorts(qualname, inputs, outputs, out_mode, out_len, params, out_type)


def _legacy(module: Any, cls: type, which: str) -> Any:
    """A NeMo-style property's spec (converted), or ``None`` when the class does not define one."""
    attr = inspect.getattr_static(cls, which, None)
    if attr is None or attr is Typing.__dict__.get(which):
        return None
    try:
        spec = getattr(module, which)
    except AnnotationError:
        raise
    except Exception as exc:
        raise AnnotationError(
            f"{which} of {cls.__name__} raised {type(exc).__name__}: {exc}"
        ) from None
    if spec is None:
        return None
    return to_ours(dict(spec)) if isinstance(spec, dict) else spec
