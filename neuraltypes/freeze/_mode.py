"""How to freeze under the wrappers around a model: ``requires_grad`` or ``drop_grads``.

``requires_grad`` turns the flag off (no backward compute for frozen parts) but is only safe
when the scheduler sees the DDP wrapper and its settings allow a changing set of gradients.
``drop_grads`` keeps the flag and drops the gradients before each optimizer step, which no
wrapper can tell apart from a normal step: safe under DDP (any settings, any bind order) and
FSDP2. FSDP1 flattens parameters, so neither mode can freeze single modules there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import torch
import torch.distributed as dist

from ._ddp import DDPInfo

__all__ = [
    "HINT_FSDP1",
    "Mode",
    "Wrapping",
    "choose_mode",
    "detect",
    "fsdp_imported",
    "is_fsdp1",
    "wrapping_problems",
]

Mode = Literal["requires_grad", "drop_grads"]

HINT_DROP_GRADS = (
    "use mode: drop_grads in freeze_updates (what the default mode: auto picks when training "
    "is distributed): frozen parameters keep requires_grad=True and their gradients are "
    "dropped before each optimizer step, which is safe in any bind order and with any DDP "
    "settings, at the cost of the frozen parts' backward compute"
)
HINT_BIND_DDP = (
    "or keep mode: requires_grad and bind the DDP wrapper itself, after wrapping: "
    "schedule.bind(DistributedDataParallel(model, find_unused_parameters=True), optimizer)"
)
HINT_FSDP1 = (
    "shard with FSDP2 (torch.distributed.fsdp.fully_shard), which keeps one parameter per "
    "tensor and is supported with mode: drop_grads (the default under distributed training), "
    "or use DistributedDataParallel"
)


@dataclass(frozen=True)
class Wrapping:
    """What the scheduler knows about distributed training around the bound model."""

    world_size: int
    ddp: DDPInfo | None
    fsdp: Literal["fsdp1", "fsdp2"] | None

    @property
    def distributed(self) -> bool:
        """Whether any rank but this one could see these parameters."""
        return self.world_size > 1 or self.ddp is not None or self.fsdp is not None


def is_fsdp1(module: torch.nn.Module) -> bool:
    """Whether ``module`` is an FSDP1 ``FullyShardedDataParallel`` wrapper."""
    return isinstance(module, _fsdp1_types())


def fsdp_imported() -> bool:
    """Whether any FSDP wrapper could have touched the model (its module is imported)."""
    return "torch.distributed.fsdp" in sys.modules


def world_size() -> int:
    """The size of the default process group, 1 when none is initialised."""
    if dist.is_available() and dist.is_initialized():
        return int(dist.get_world_size())
    return 1


def detect(
    modules: Iterable[torch.nn.Module], params: Iterable[torch.Tensor], ddp: DDPInfo | None
) -> Wrapping:
    """Look at the modules and parameters *now*: FSDP may have wrapped them after bind.

    >>> detect([torch.nn.Linear(2, 2)], [], None).fsdp is None
    True
    """
    fsdp1, fsdp2 = _fsdp1_types(), _fsdp2_types()
    kind: Literal["fsdp1", "fsdp2"] | None = None
    if any(isinstance(m, fsdp1) for m in modules):
        kind = "fsdp1"
    elif any(isinstance(m, fsdp2) for m in modules):
        kind = "fsdp2"
    if not fsdp1 and not fsdp2:
        return Wrapping(world_size(), ddp, None)
    for p in params:
        if getattr(p, "_fsdp_flattened", False) or type(p).__name__ == "FlatParameter":
            kind = "fsdp1"
            break
        if kind is None and _is_dtensor(p):
            kind = "fsdp2"
    return Wrapping(world_size(), ddp, kind)


def choose_mode(requested: str, wrapping: Wrapping) -> Mode:
    """``auto`` is ``drop_grads`` when distributed, else ``requires_grad``.

    >>> choose_mode("auto", Wrapping(1, None, None)), choose_mode("auto", Wrapping(2, None, None))
    ('requires_grad', 'drop_grads')
    """
    if requested == "requires_grad":
        return "requires_grad"
    if requested == "drop_grads" or wrapping.distributed:
        return "drop_grads"
    return "requires_grad"


def wrapping_problems(mode: Mode, wrapping: Wrapping) -> tuple[list[str], list[str]]:
    """Why ``mode`` is unsafe under ``wrapping``, and what to do (a bound DDP wrapper's own
    settings are checked by ``ddp_checks``)."""
    if wrapping.fsdp == "fsdp1":
        return [
            "the model is wrapped in FSDP1 (FullyShardedDataParallel), which flattens module "
            "parameters into shared FlatParameters: the scheduler cannot freeze single "
            "modules there in either mode, with or without use_orig_params=True"
        ], [HINT_FSDP1]
    if mode == "drop_grads":
        return [], []
    if wrapping.fsdp == "fsdp2":
        return [
            "the model is sharded with FSDP2 (fully_shard), which replaces its parameters "
            "with DTensors and gathers and reduces them per group: mode requires_grad "
            "cannot be sure every rank reduces the same set"
        ], [HINT_DROP_GRADS]
    if wrapping.ddp is None and wrapping.world_size > 1:
        return [
            f"torch.distributed is initialised with {wrapping.world_size} processes but "
            "the bound model is not a DistributedDataParallel wrapper: with mode "
            "requires_grad, a DDP wrapper built around it (before or after bind) crashes "
            "with 'Expected to have finished reduction' when a module freezes, its ranks "
            "silently drift apart when a module frozen at wrap time unfreezes, and FSDP "
            "sharding replaces the parameters whose flags it sets"
        ], [HINT_DROP_GRADS, HINT_BIND_DDP]
    return [], []


def _fsdp1_types() -> tuple[type, ...]:
    # Only a model that was wrapped has imported the wrapper: no import cost otherwise.
    fsdp = sys.modules.get("torch.distributed.fsdp")
    found = getattr(fsdp, "FullyShardedDataParallel", None)
    return (found,) if isinstance(found, type) else ()


def _fsdp2_types() -> tuple[type, ...]:
    fsdp = sys.modules.get("torch.distributed.fsdp")
    found = getattr(fsdp, "FSDPModule", None)
    return (found,) if isinstance(found, type) else ()


def _is_dtensor(p: torch.Tensor) -> bool:
    tensor = sys.modules.get("torch.distributed.tensor")
    found = getattr(tensor, "DTensor", None)
    return isinstance(found, type) and isinstance(p, found)
