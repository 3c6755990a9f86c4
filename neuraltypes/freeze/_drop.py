"""Mode ``drop_grads``: drop the frozen parameters' gradients right before any optimizer step.

The parameters keep ``requires_grad=True``, so DDP's reducer and FSDP see the same set of
gradients at every step on every rank; the optimizer then finds ``grad is None`` for the
frozen ones and skips them: no update, no momentum or Adam moments, no weight decay.

The drop runs from one global optimizer step pre-hook
(``torch.optim.optimizer.register_optimizer_step_pre_hook``), so it does not depend on which
optimizer the scheduler was given, or whether the optimizer was built after a wrapper
replaced the parameters.
"""

from __future__ import annotations

import weakref
from typing import Any

import torch
from torch.optim.optimizer import register_optimizer_step_pre_hook
from torch.utils.hooks import RemovableHandle

from ._errors import FreezeConfigError

__all__ = ["GradDropper"]

_ACTIVE: weakref.WeakSet[GradDropper] = weakref.WeakSet()
_HOOK: list[RemovableHandle] = []


class GradDropper:
    """Drop the gradients of ``targets`` before every optimizer step while it is active.

    Each target is read from the module that holds it at step time (a wrapper may have
    replaced the object since bind), and also the object resolved at the last transition.

    >>> lin = torch.nn.Linear(2, 1); opt = torch.optim.SGD(lin.parameters(), lr=1.0)
    >>> dropper = GradDropper(); dropper.set_targets([("weight", lin, "weight", lin.weight)])
    >>> lin(torch.ones(1, 2)).sum().backward(); w = lin.weight.detach().clone(); opt.step()
    >>> torch.equal(lin.weight, w), lin.weight.grad is None, lin.bias.grad is None
    (True, True, False)
    """

    def __init__(self) -> None:
        self.targets: list[tuple[str, torch.nn.Module, str, torch.Tensor]] = []

    def set_targets(self, targets: list[tuple[str, torch.nn.Module, str, torch.Tensor]]) -> None:
        """Drop these parameters' gradients from now on (none: deactivate)."""
        self.targets = targets
        if targets:
            _ACTIVE.add(self)
            if not _HOOK:
                _HOOK.append(register_optimizer_step_pre_hook(_before_any_step))
        else:
            _ACTIVE.discard(self)

    def drop(self) -> None:
        """Set ``grad = None`` on every frozen parameter (the object its module holds now)."""
        for name, owner, attr, resolved in self.targets:
            now = owner._parameters.get(attr)
            if now is None:
                raise FreezeConfigError.from_problems(
                    [
                        f"frozen parameter {name!r} is no longer held by its module (a "
                        "wrapper replaced or flattened it), so its gradient cannot be dropped"
                    ],
                    "bind the schedule to the model as the wrapper leaves it, or use "
                    "DistributedDataParallel or FSDP2 (fully_shard), which the scheduler follows",
                )
            now.grad = None
            resolved.grad = None


def _before_any_step(optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
    for dropper in list(_ACTIVE):
        dropper.drop()
