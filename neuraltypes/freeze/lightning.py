"""PyTorch Lightning callback applying a ``freeze_updates`` schedule (lightning is optional)."""

from __future__ import annotations

from typing import Any

import lightning.pytorch as pl
import torch
from torch.nn.parallel import DistributedDataParallel

from ._errors import FreezeConfigError
from ._schedule import FreezeSchedule
from ._scheduler import FreezeScheduler

__all__ = ["FreezeScheduleCallback"]


class FreezeScheduleCallback(pl.Callback):
    """Apply a freeze schedule at every ``on_train_batch_start`` for ``global_step + 1``.

    ``global_step`` counts optimizer updates, so with ``accumulate_grad_batches=k`` all k
    micro-batches of one update see the same state, and changes happen only before the
    first micro-batch of an update. Binds in ``on_train_start`` (after the optimizers and
    any DDP wrapper exist), so bad names fail before the first batch. Names are relative
    to the LightningModule, or to its submodule ``root`` (``root="model"`` for a module
    that holds the network as ``self.model``: the names ``freeze-plan`` uses on the network).
    Under DDP (``strategy="ddp"``) the default ``mode: auto`` freezes by dropping gradients
    (``drop_grads``). Modules frozen at the end of ``fit`` stay frozen (NeMo keeps ``-1``
    modules frozen) unless ``release_on_end=True``.

    >>> cb = FreezeScheduleCallback({"enabled": True, "modules": {"encoder": 200}}, root="model")
    >>> cb.schedule.boundaries(), cb.root
    ((1, 201), 'model')
    """

    def __init__(
        self, config: Any, *, root: str | None = None, release_on_end: bool = False
    ) -> None:
        self.schedule = FreezeSchedule.from_config(config)
        self.root = root
        self.release_on_end = release_on_end
        self.scheduler: FreezeScheduler | None = None
        self._pending: dict[str, Any] | None = None

    def on_train_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        """Bind the schedule to the module (or ``root``), its optimizers and any DDP wrapper."""
        wrapper = trainer.strategy.model
        ddp = wrapper if isinstance(wrapper, DistributedDataParallel) else None
        self.scheduler = self.schedule.bind(
            self._bound_module(pl_module), list(trainer.optimizers), ddp=ddp
        )
        if self._pending is not None:
            self.scheduler.load_state_dict(self._pending)
            self._pending = None

    def on_train_batch_start(
        self, trainer: pl.Trainer, pl_module: pl.LightningModule, batch: Any, batch_idx: int
    ) -> None:
        """Apply the state for optimizer update ``global_step + 1``."""
        if self.scheduler is not None:
            self.scheduler.apply(trainer.global_step + 1)

    def on_before_optimizer_step(
        self, trainer: pl.Trainer, pl_module: pl.LightningModule, optimizer: Any
    ) -> None:
        """Mode ``drop_grads``: drop the frozen gradients before Lightning clips gradients."""
        if self.scheduler is not None:
            self.scheduler.drop_frozen_grads()

    def on_train_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        """Optionally unfreeze everything at the end of ``fit``."""
        if self.scheduler is not None and self.release_on_end:
            self.scheduler.release()

    def _bound_module(self, pl_module: pl.LightningModule) -> torch.nn.Module:
        if not self.root:
            return pl_module
        try:
            return pl_module.get_submodule(self.root)
        except AttributeError:
            top = ", ".join(n for n, _ in pl_module.named_children()) or "(none)"
            raise FreezeConfigError.from_problems(
                [
                    f"FreezeScheduleCallback(root={self.root!r}): the LightningModule has no such "
                    "submodule"
                ],
                f"root is a dotted path from the LightningModule; its top-level modules are: {top}",
            ) from None

    def state_dict(self) -> dict[str, Any]:
        """The scheduler's state (recorded flags, step) for the checkpoint."""
        if self.scheduler is not None:
            return self.scheduler.state_dict()
        return dict(self._pending or {})

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Keep the state until ``on_train_start`` binds the scheduler."""
        if not state_dict:
            return
        if self.scheduler is not None:
            self.scheduler.load_state_dict(state_dict)
        else:
            self._pending = dict(state_dict)
