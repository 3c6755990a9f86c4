"""The parsed schedule: which named modules are frozen over which optimizer updates."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import torch

    from ._scheduler import FreezeScheduler

__all__ = [
    "FOREVER",
    "FreezeEntry",
    "FreezeMode",
    "FreezeSchedule",
    "NormPolicy",
    "OptimizerStatePolicy",
]

NormPolicy = Literal["eval", "train_bn", "batch_stats"]
OptimizerStatePolicy = Literal["reset", "keep"]
#: How a parameter is frozen: ``requires_grad`` (flag off, no backward compute for it),
#: ``drop_grads`` (flag kept, gradient dropped before each optimizer step: safe under any
#: wrapper, in any bind order) or ``auto`` (``drop_grads`` when distributed, else
#: ``requires_grad``).
FreezeMode = Literal["auto", "requires_grad", "drop_grads"]
NORM_POLICIES: tuple[NormPolicy, ...] = ("eval", "train_bn", "batch_stats")
OPTIMIZER_STATE_POLICIES: tuple[OptimizerStatePolicy, ...] = ("reset", "keep")
FREEZE_MODES: tuple[FreezeMode, ...] = ("auto", "requires_grad", "drop_grads")

#: ``end`` of an entry that never ends (``-1`` in the config).
FOREVER = sys.maxsize


@dataclass(frozen=True)
class FreezeEntry:
    """One ``modules`` entry: ``name`` is frozen for updates ``start..end`` inclusive.

    >>> e = FreezeEntry("decoder", 50, FOREVER)
    >>> e.frozen_at(49), e.frozen_at(50)
    (False, True)
    """

    name: str
    start: int
    end: int
    norm: NormPolicy | None = None
    where: str = field(default="", compare=False)
    output_requires_grad: bool | None = None

    def frozen_at(self, step: int) -> bool:
        """Whether this entry freezes its module for optimizer update ``step`` (1-based)."""
        return self.start <= step <= self.end

    def describe(self) -> str:
        """The window as text: ``1..200``, ``50..end``."""
        return f"{self.start}..{'end' if self.end == FOREVER else self.end}"


@dataclass(frozen=True)
class FreezeSchedule:
    """A validated ``freeze_updates`` schedule, not yet tied to a model.

    >>> cfg = {"enabled": True, "modules": {"encoder": 200, "joint": [10, 100]}}
    >>> s = FreezeSchedule.from_config(cfg)
    >>> s.frozen_names(1), s.frozen_names(150), s.boundaries()
    (('encoder',), ('encoder',), (1, 10, 101, 201))
    """

    enabled: bool
    entries: tuple[FreezeEntry, ...] = ()
    norm: NormPolicy = "eval"
    optimizer_state: OptimizerStatePolicy = "reset"
    output_requires_grad: bool = False
    mode: FreezeMode = "auto"

    @classmethod
    def from_config(cls, cfg: Any) -> FreezeSchedule:
        """Parse a dict, an OmegaConf ``DictConfig``, YAML text or a YAML file path.

        ``cfg`` is the ``freeze_updates`` mapping itself, or a whole config holding it as
        ``freeze_updates`` or ``model.freeze_updates``. Raises ``FreezeConfigError`` listing
        every malformed entry.
        """
        from ._config import parse_config

        return parse_config(cfg)

    @classmethod
    def disabled(cls) -> FreezeSchedule:
        """A schedule that does nothing (``enabled: false``)."""
        return cls(enabled=False)

    @property
    def active_entries(self) -> tuple[FreezeEntry, ...]:
        """The entries that act: none when the schedule is disabled."""
        return self.entries if self.enabled else ()

    def frozen_names(self, step: int) -> tuple[str, ...]:
        """Names of the entries that freeze their module at update ``step``."""
        return tuple(e.name for e in self.active_entries if e.frozen_at(step))

    def boundaries(self) -> tuple[int, ...]:
        """Updates at which the frozen set may change, sorted; always starts with 1."""
        points = {1}
        for e in self.active_entries:
            points.add(e.start)
            if e.end != FOREVER:
                points.add(e.end + 1)
        return tuple(sorted(points))

    def to_config(self) -> dict[str, Any]:
        """The schedule as a plain ``freeze_updates`` mapping (round-trips through from_config)."""
        modules: dict[str, Any] = {}
        for e in self.entries:
            end = -1 if e.end == FOREVER else e.end
            steps: Any = [e.start, end]
            if e.start == 1 and e.end == FOREVER:
                steps = -1
            elif e.start == 1:
                steps = e.end
            extra: dict[str, Any] = {} if e.norm is None else {"norm": e.norm}
            if e.output_requires_grad is not None:
                extra["output_requires_grad"] = e.output_requires_grad
            modules[e.name] = {"steps": steps, **extra} if extra else steps
        return {
            "enabled": self.enabled,
            "modules": modules,
            "norm": self.norm,
            "optimizer_state": self.optimizer_state,
            "output_requires_grad": self.output_requires_grad,
            "mode": self.mode,
        }

    def bind(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer | Sequence[torch.optim.Optimizer] | None = None,
        *,
        ddp: torch.nn.parallel.DistributedDataParallel | None = None,
    ) -> FreezeScheduler:
        """Resolve every name against ``model.named_modules()`` and return a scheduler.

        Pass the optimizer(s) so that unfreezing a module whose parameters are in no param
        group is an error, and so that ``optimizer_state: reset`` can clear their state.
        A ``DistributedDataParallel`` model is detected (names are relative to its
        ``.module``); pass ``ddp=`` when binding an inner module of a DDP wrapper.
        """
        from ._scheduler import FreezeScheduler

        return FreezeScheduler(self, model, optimizer, ddp=ddp)
