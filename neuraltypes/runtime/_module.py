"""``Typing`` (ports as NeMo's properties) and ``NeuralModule`` (plus NeMo's freeze helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from warnings import warn

import torch

from ._nemo_ports import ports_to_dict
from ._ports import UnresolvedAnnotationError, read_signature

__all__ = ["NeuralModule", "Typing"]


class Typing:
    """Mixin giving ``input_types``/``output_types`` derived from ``forward``'s annotations.

    A subclass may define these properties itself (NeMo's legacy style); ``typecheck`` then
    reads them on every call.

    >>> from typing import Annotated
    >>> from torch import Tensor
    >>> from neuraltypes import NeuralType, LengthsType
    >>> class Lengths(Typing):
    ...     def forward(self, x: Annotated[Tensor, NeuralType(("B",), LengthsType())]) -> None: ...
    >>> dict(Lengths().input_types)
    {'x': NeuralType(axis=(batch,), element_type=LengthsType)}
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        forward = cls.__dict__.get("forward")
        if callable(forward):
            try:
                read_signature(forward, cls)  # bad annotations fail at class definition
            except UnresolvedAnnotationError:
                pass  # forward references: resolved at first use

    @property
    def input_types(self) -> dict[str, Any] | None:
        """Ordered port name -> ``NeuralType`` (``[NeuralType]`` for container ports)."""
        forward = getattr(type(self), "forward", None)
        if forward is None:
            return None
        return ports_to_dict(read_signature(forward, type(self)).require_resolved().inputs)

    @property
    def output_types(self) -> dict[str, Any] | None:
        """Ordered output port name -> ``NeuralType`` (``[NeuralType]`` for container ports)."""
        forward = getattr(type(self), "forward", None)
        if forward is None:
            return None
        return ports_to_dict(read_signature(forward, type(self)).require_resolved().outputs)


class NeuralModule(torch.nn.Module, Typing):
    """A ``torch.nn.Module`` with typed ports and NeMo's freeze helpers (D19/D20 fixed).

    >>> m = NeuralModule(); m.lin = torch.nn.Linear(2, 2, bias=False)
    >>> m.num_weights, (m.freeze(), m.num_weights)[1], (m.unfreeze(), m.num_weights)[1]
    (4, 0, 4)
    """

    _frozen_grad_map: dict[str, bool]

    @property
    def num_weights(self) -> int:
        """Number of trainable (``requires_grad``) parameter elements."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad)

    def freeze(self) -> None:
        """Record each parameter's ``requires_grad``, set them all False, switch to ``eval()``.

        Freezing twice keeps the first recorded state (deviation D19).
        """
        grad_map = self.__dict__.get("_frozen_grad_map")
        if grad_map is None:
            grad_map = {}
            self.__dict__["_frozen_grad_map"] = grad_map
        for name, param in self.named_parameters():
            grad_map.setdefault(name, param.requires_grad)
            param.requires_grad = False
        self.eval()

    def unfreeze(self, partial: bool = False) -> None:
        """Make parameters trainable again, then ``train()``.

        Args:
            partial: restore the state recorded by ``freeze()`` instead of making everything
                trainable; raises ``ValueError`` if the module was never frozen.
        """
        grad_map = self.__dict__.get("_frozen_grad_map")
        if partial and grad_map is None:
            raise ValueError(
                "Cannot unfreeze partially without first freezing the module with `freeze()`"
            )
        for name, param in self.named_parameters():
            if not partial:
                param.requires_grad = True
            elif grad_map is not None and name in grad_map:
                param.requires_grad = grad_map[name]
            else:
                warn(
                    f"Parameter {name} not found in list of previously frozen parameters. "
                    "Unfreezing this parameter.",
                    stacklevel=2,
                )
                param.requires_grad = True
        self.__dict__.pop("_frozen_grad_map", None)
        self.train()

    @contextmanager
    def as_frozen(self) -> Iterator[None]:
        """Freeze inside the block; restore every parameter's flag and every submodule's mode.

        Deviation D20: NeMo restores only the top-level mode.
        """
        grads = {name: p.requires_grad for name, p in self.named_parameters()}
        modes = {name: m.training for name, m in self.named_modules()}
        saved_map = self.__dict__.get("_frozen_grad_map")
        saved_map = None if saved_map is None else dict(saved_map)
        self.freeze()
        try:
            yield
        finally:
            for name, param in self.named_parameters():
                if name in grads:
                    param.requires_grad = grads[name]
            for name, module in self.named_modules():
                if name in modes:
                    module.training = modes[name]
            if saved_map is None:
                self.__dict__.pop("_frozen_grad_map", None)
            else:
                self.__dict__["_frozen_grad_map"] = saved_map
