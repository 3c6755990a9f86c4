"""``dry_run``: build (given a factory), make inputs, run once with every typed module checked."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from torch import nn

from .._errors import AnnotationError
from ._build import BuildError, build_model
from ._checks import sizes_text
from ._hooks import Session
from ._inputs import DEFAULT_SIZES, make_inputs
from ._modports import module_ports
from ._nemo import checks_off
from ._report import DryRunReport
from ._values import Propagate, Source, autocast_on_meta, axis_labels, tag

__all__ = ["dry_run"]


def dry_run(
    model_or_factory: nn.Module | Callable[..., Any],
    config: Any = None,
    *,
    method: str = "forward",
    sizes: Mapping[str, int] | None = None,
    inputs: Mapping[str, Any] | tuple[str, ...] | None = None,
    target: str = "",
    config_key: str = "",
) -> DryRunReport:
    """Run a model once on ``meta`` and check every connection between typed modules.

    >>> import torch
    >>> from typing import Annotated
    >>> from neuraltypes import NeuralType
    >>> BT = Annotated[torch.Tensor, NeuralType(("B", "T"))]
    >>> class Double(torch.nn.Module):
    ...     def forward(self, x: BT) -> BT:
    ...         return x * 2
    >>> dry_run(Double).ok
    True

    Args:
        model_or_factory: an ``nn.Module`` (used as it is), or a factory/class called under
            ``torch.device("meta")``, with ``config`` when one is given.
        config: the factory's argument (a class taking ``cfg`` gets ``cfg=config``); with
            ``None`` the factory is called without arguments.
        method: the method to run (``forward`` by default); its ports make the inputs.
        sizes: axis sizes by label (``{"T": 800, "D": 80}``) or size symbol.
        inputs: port values to pass (a mapping), or names of optional ports to fill.
        target: how to name the model in the report.
        config_key: where ``config`` came from (for build errors).

    Returns:
        A ``DryRunReport``; ``BuildError`` is raised when the model cannot be built or has no
        typed inputs to make.
    """
    started = time.perf_counter()
    report = DryRunReport(target=target or _name(model_or_factory))
    if isinstance(model_or_factory, nn.Module):
        model = model_or_factory
    else:
        model, notes = build_model(model_or_factory, config, config is not None, config_key)
        report.notes.extend(notes)
    report.parameters = sum(p.numel() for p in model.parameters())
    merged = dict(sizes or {})
    try:
        top = module_ports(model, method)
    except AnnotationError as exc:
        raise BuildError(f"model.{method}: {exc}") from None
    fn = model if method == "forward" else getattr(model, method, None)
    if fn is None:
        raise BuildError(f"{type(model).__name__} has no method {method!r}")
    if isinstance(inputs, Mapping):
        kwargs = dict(inputs)
    elif top is None or not top.inputs:
        raise BuildError(
            f"{type(model).__name__}.{method} declares no input ports, so the dry run cannot make "
            "its inputs. HINT: annotate its parameters (Annotated[Tensor, NeuralType(...)]) or "
            "define input_types, or pass inputs= to dry_run"
        )
    else:
        kwargs = make_inputs(top.inputs, merged, tuple(inputs or ()))
    ports = {p.name: p for p in top.inputs} if top is not None else {}
    for name, value in kwargs.items():
        port = ports.get(name)
        if port is not None:
            tag(value, Source("model", name, "input", port.ntype, axis_labels(port.ntype)))
        report.inputs.append(_describe(name, value, port.ntype if port else None))
    session = Session(model, report, {**DEFAULT_SIZES, **merged})
    session.install(model, top)
    try:
        with checks_off(), autocast_on_meta(), Propagate():
            if top is not None:
                session.run_top(model, fn, top, kwargs)
            else:
                fn(**kwargs)
    finally:
        session.remove()
    report.seconds = time.perf_counter() - started
    return report


def _name(obj: Any) -> str:
    if isinstance(obj, nn.Module):
        return type(obj).__name__
    return f"{getattr(obj, '__module__', '?')}:{getattr(obj, '__qualname__', repr(obj))}"


def _describe(name: str, value: Any, ntype: Any) -> str:
    shape = getattr(value, "shape", None)
    if shape is None:
        return f"{name}={type(value).__name__}"
    labels = axis_labels(ntype) if ntype is not None else None
    text = f"{name} {sizes_text(tuple(int(n) for n in shape), labels)}"
    if value.device.type == "cpu" and value.numel() and value.dim() <= 1:
        text += f" = {int(value.flatten()[0])}"
    return text
