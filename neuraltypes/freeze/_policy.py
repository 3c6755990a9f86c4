"""BatchNorm and dropout policy for frozen modules: ``eval``, ``train_bn`` or ``batch_stats``."""

from __future__ import annotations

import torch
from torch.nn.modules.batchnorm import _NormBase

__all__ = [
    "EvalHook",
    "OutputRequiresGradHook",
    "is_norm",
    "keeps_params_trainable",
    "stays_in_train_mode",
]


def is_norm(module: torch.nn.Module) -> bool:
    """Whether ``module`` keeps running statistics (BatchNorm, SyncBatchNorm, InstanceNorm).

    >>> is_norm(torch.nn.BatchNorm1d(3)), is_norm(torch.nn.LayerNorm(3))
    (True, False)
    """
    return isinstance(module, _NormBase)


def stays_in_train_mode(module: torch.nn.Module, policy: str) -> bool:
    """Whether a module inside a frozen region keeps the trainer's mode under ``policy``.

    ``eval``: nothing does (statistics and dropout frozen). ``train_bn``: norm layers train
    as usual. ``batch_stats``: norm layers normalise with batch statistics without
    updating the running ones (``track_running_stats=False``).
    """
    return policy != "eval" and is_norm(module)


def keeps_params_trainable(module: torch.nn.Module, policy: str) -> bool:
    """Whether the parameters of ``module`` stay trainable while its region is frozen."""
    return policy == "train_bn" and is_norm(module)


class EvalHook:
    """Forward pre-hook that re-asserts eval mode, so ``model.train()`` cannot undo a freeze.

    A plain module-level class (not a closure) so that models stay picklable.

    >>> bn = torch.nn.BatchNorm1d(2)
    >>> _ = bn.register_forward_pre_hook(EvalHook())
    >>> _ = bn.train()(torch.randn(4, 2))
    >>> bn.training
    False
    """

    def __call__(self, module: torch.nn.Module, args: object) -> None:
        module.training = False


class OutputRequiresGradHook:
    """Forward hook making a frozen module's floating-point outputs require grad.

    A frozen region feeding a block checkpointed with ``use_reentrant=True`` gives that block
    inputs without grad, so the block's own parameters silently get no gradient
    (transformers#23170). Like Hugging Face's ``enable_input_require_grads``, this marks the
    outputs as requiring grad (only leaf tensors, only when autograd is recording).

    >>> emb = torch.nn.Embedding(3, 2).requires_grad_(False)
    >>> _ = emb.register_forward_hook(OutputRequiresGradHook())
    >>> emb(torch.tensor([1])).requires_grad
    True
    """

    def __call__(self, module: torch.nn.Module, args: object, output: object) -> None:
        if torch.is_grad_enabled() and not torch.is_inference_mode_enabled():
            _mark(output)


def _mark(value: object) -> None:
    if isinstance(value, torch.Tensor):
        if value.is_floating_point() and not value.requires_grad and value.is_leaf:
            value.requires_grad_(True)
    elif isinstance(value, list | tuple):
        for v in value:
            _mark(v)
    elif isinstance(value, dict):
        for v in value.values():
            _mark(v)
