"""DistributedDataParallel: detect the wrapper and refuse schedules that would break or drift."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import torch
from torch.nn.parallel import DataParallel, DistributedDataParallel

__all__ = ["DDPInfo", "ddp_problems", "unwrap"]

HINT_FIND_UNUSED = (
    "use mode: drop_grads in freeze_updates (the default mode: auto picks it under DDP), "
    "which works with any DDP settings; or, to keep mode: requires_grad, wrap with "
    "DistributedDataParallel(model, find_unused_parameters=True) and without "
    "static_graph=True (Lightning: strategy=DDPStrategy(find_unused_parameters=True)): the "
    "set of parameters that receive gradients changes when a module freezes or unfreezes"
)
HINT_WRAP_TIME = (
    "wrap the model in DDP while these parameters are trainable (bind and wrap before the "
    "first apply), or wrap it again after they unfreeze: DDP only all-reduces parameters "
    "that required grad at wrap time, so the ranks would silently drift apart"
)


@dataclass(frozen=True)
class DDPInfo:
    """What the scheduler needs to know about a DDP wrapper, taken at bind time.

    ``reducer`` holds the ids of the parameters DDP synchronises: those that required grad
    (and were not ignored) when it was built. Bind right after wrapping, before any apply.
    """

    find_unused_parameters: bool
    static_graph: bool
    reducer: frozenset[int]

    @classmethod
    def of(cls, ddp: DistributedDataParallel) -> DDPInfo:
        """Read the wrapper's settings and its synchronised parameters."""
        ignore: set[str] = set(getattr(ddp, "parameters_to_ignore", ()))
        reducer = frozenset(
            id(p) for n, p in ddp.module.named_parameters() if p.requires_grad and n not in ignore
        )
        return cls(
            find_unused_parameters=bool(getattr(ddp, "find_unused_parameters", False)),
            static_graph=bool(getattr(ddp, "static_graph", False)),
            reducer=reducer,
        )


def unwrap(model: torch.nn.Module) -> tuple[torch.nn.Module, DDPInfo | None]:
    """Return the module whose names the schedule uses, and the DDP info if wrapped.

    >>> unwrap(torch.nn.Linear(2, 2))[1] is None
    True
    """
    if isinstance(model, DistributedDataParallel):
        return model.module, DDPInfo.of(model)
    if isinstance(model, DataParallel) or _is_fsdp1(model):
        inner = model.module  # FSDP1 is refused later, with its own error
        if isinstance(inner, torch.nn.Module):
            return inner, None
    return model, None


def _is_fsdp1(model: torch.nn.Module) -> bool:
    fsdp = sys.modules.get("torch.distributed.fsdp")
    found = getattr(fsdp, "FullyShardedDataParallel", None)
    return isinstance(found, type) and isinstance(model, found)


def ddp_problems(info: DDPInfo, freezes_synced_params: bool) -> list[str]:
    """Problems with a DDP wrapper for a schedule that freezes synchronised parameters."""
    if not freezes_synced_params:
        return []
    problems = []
    if info.static_graph:
        problems.append(
            "the model is wrapped with DistributedDataParallel(static_graph=True), which "
            "fails once a module freezes"
        )
    if not info.find_unused_parameters:
        problems.append(
            "the model is wrapped with DistributedDataParallel(find_unused_parameters=False); "
            "the reducer raises 'Expected to have finished reduction' once a module freezes"
        )
    return problems
