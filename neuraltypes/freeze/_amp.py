"""AMP ``GradScaler`` guard: never ``scaler.step`` an optimizer whose parameters are all frozen."""

from __future__ import annotations

import torch

__all__ = ["has_grads", "scaler_step"]


def has_grads(optimizer: torch.optim.Optimizer) -> bool:
    """Whether any parameter of ``optimizer`` has a gradient this update.

    >>> p = torch.nn.Parameter(torch.ones(1)); has_grads(torch.optim.SGD([p], lr=0.1))
    False
    """
    return any(p.grad is not None for g in optimizer.param_groups for p in g["params"])


def scaler_step(scaler: torch.amp.GradScaler, *optimizers: torch.optim.Optimizer) -> bool:
    """``scaler.step`` each optimizer that has gradients, then ``scaler.update()`` once.

    Stepping an optimizer whose parameters are all frozen raises ``AssertionError: No inf
    checks were recorded for this optimizer``; this skips it (and skips ``update`` when no
    optimizer stepped). Returns whether any optimizer stepped.

    >>> p = torch.nn.Parameter(torch.ones(1))
    >>> scaler_step(torch.amp.GradScaler("cpu"), torch.optim.SGD([p], lr=0.1))
    False
    """
    stepped = False
    for opt in optimizers:
        if has_grads(opt):
            scaler.step(opt)
            stepped = True
    if stepped:
        scaler.update()
    return stepped
