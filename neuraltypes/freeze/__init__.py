"""Freeze scheduler: NeMo's ``freeze_updates`` config, done so that frozen really means frozen.

>>> import torch
>>> from neuraltypes.freeze import FreezeSchedule
>>> model = torch.nn.ModuleDict({"encoder": torch.nn.Linear(4, 4), "head": torch.nn.Linear(4, 2)})
>>> sched = FreezeSchedule.from_config("enabled: true\\nmodules: {encoder: 200}").bind(model)
>>> sched.apply(1).frozen, model["encoder"].weight.requires_grad
(('encoder',), False)
"""

from __future__ import annotations

from ._amp import has_grads as has_grads
from ._amp import scaler_step as scaler_step
from ._change import UNCHANGED as UNCHANGED
from ._change import FreezeChange as FreezeChange
from ._errors import FreezeConfigError as FreezeConfigError
from ._schedule import FOREVER as FOREVER
from ._schedule import FreezeEntry as FreezeEntry
from ._schedule import FreezeSchedule as FreezeSchedule
from ._schedule import NormPolicy as NormPolicy
from ._schedule import OptimizerStatePolicy as OptimizerStatePolicy
from ._scheduler import FreezeScheduler as FreezeScheduler

__all__ = [
    "FOREVER",
    "UNCHANGED",
    "FreezeChange",
    "FreezeConfigError",
    "FreezeEntry",
    "FreezeSchedule",
    "FreezeScheduler",
    "NormPolicy",
    "OptimizerStatePolicy",
    "has_grads",
    "scaler_step",
]
