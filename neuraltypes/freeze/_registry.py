"""Each parameter's own ``requires_grad``, recorded at its first freeze (first record wins)."""

from __future__ import annotations

import torch
from torch.utils.weak import WeakIdKeyDictionary

__all__ = [
    "forget",
    "freeze_param",
    "move_record",
    "original_requires_grad",
    "record",
    "unfreeze_param",
]

# Shared by every scheduler, so a parameter frozen by one scheduler is known to the next one
# (for example after wrapping the model in DDP). Weak: it never keeps a model alive.
_ORIGINAL: WeakIdKeyDictionary = WeakIdKeyDictionary()


def original_requires_grad(p: torch.Tensor) -> bool:
    """The flag ``p`` had before any scheduler froze it (its current flag if none did).

    >>> p = torch.nn.Parameter(torch.zeros(1)); freeze_param(p); original_requires_grad(p)
    True
    """
    return bool(_ORIGINAL.get(p, p.requires_grad))  # type: ignore[no-untyped-call]


def record(p: torch.Tensor, flag: bool) -> None:
    """Record ``flag`` as the parameter's own setting (from a checkpoint), if none is known."""
    if p not in _ORIGINAL:
        _ORIGINAL[p] = flag


def freeze_param(p: torch.Tensor) -> None:
    """Record the own flag once, then ``requires_grad=False`` and drop the gradient."""
    if p not in _ORIGINAL:
        _ORIGINAL[p] = p.requires_grad
    p.requires_grad_(False)
    p.grad = None


def unfreeze_param(p: torch.Tensor) -> bool:
    """Restore the parameter's own flag and forget the record; return that flag."""
    flag = bool(_ORIGINAL.pop(p, True))  # type: ignore[no-untyped-call]
    p.requires_grad_(flag)
    return flag


def move_record(old: torch.Tensor, new: torch.Tensor) -> None:
    """A wrapper replaced ``old`` by ``new``: the record (and the frozen flag) follow it."""
    if old in _ORIGINAL and new not in _ORIGINAL:
        _ORIGINAL[new] = _ORIGINAL.pop(old)  # type: ignore[no-untyped-call]


def forget(p: torch.Tensor) -> None:
    """Drop a record without touching the parameter."""
    _ORIGINAL.pop(p, None)  # type: ignore[no-untyped-call]
