"""PyTorch Lightning callback applying a ``freeze_updates`` schedule (lightning is optional)."""

from __future__ import annotations

from typing import Any

import lightning.pytorch as pl
from torch.nn.parallel import DistributedDataParallel

from ._schedule import FreezeSchedule
from ._scheduler import FreezeScheduler

__all__ = ["FreezeScheduleCallback"]


class FreezeScheduleCallback(pl.Callback):
    """Apply a freeze schedule at every ``on_train_batch_start`` for ``global_step + 1``.

    ``global_step`` counts optimizer updates, so with ``accumulate_grad_batches=k`` all k
    micro-batches of one update see the same state, and changes happen only before the
    first micro-batch of an update. Binds in ``on_train_start`` (after the optimizers and
    any DDP wrapper exist), so bad names fail before the first batch. Modules frozen at the
    end of ``fit`` stay frozen (NeMo keeps ``-1`` modules frozen) unless
    ``release_on_end=True``.

    >>> cb = FreezeScheduleCallback({"enabled": True, "modules": {"encoder": 200}})
    >>> cb.schedule.boundaries()
    (1, 201)
    """

    def __init__(self, config: Any, *, release_on_end: bool = False) -> None:
        self.schedule = FreezeSchedule.from_config(config)
        self.release_on_end = release_on_end
        self.scheduler: FreezeScheduler | None = None
        self._pending: dict[str, Any] | None = None

    def on_train_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        """Bind the schedule to the module, its optimizers and the DDP wrapper if any."""
        wrapper = trainer.strategy.model
        ddp = wrapper if isinstance(wrapper, DistributedDataParallel) else None
        self.scheduler = self.schedule.bind(pl_module, list(trainer.optimizers), ddp=ddp)
        if self._pending is not None:
            self.scheduler.load_state_dict(self._pending)
            self._pending = None

    def on_train_batch_start(
        self, trainer: pl.Trainer, pl_module: pl.LightningModule, batch: Any, batch_idx: int
    ) -> None:
        """Apply the state for optimizer update ``global_step + 1``."""
        if self.scheduler is not None:
            self.scheduler.apply(trainer.global_step + 1)

    def on_train_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        """Optionally unfreeze everything at the end of ``fit``."""
        if self.scheduler is not None and self.release_on_end:
            self.scheduler.release()

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
