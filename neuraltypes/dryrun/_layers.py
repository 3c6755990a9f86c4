"""What standard torch layers expect of their input, in words, and the layouts they produce.

On ``meta`` torch's own messages are terse (``Invalid channel dimensions``); the layer's
parameters say what it wanted.

>>> import torch
>>> conv = torch.nn.Conv1d(64, 128, 3, device="meta")
>>> expectation(conv, torch.empty(3, 80, 101, device="meta"))
'Conv1d expects 64 input channels (axis 1), got 80'
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

__all__ = ["expectation", "output_layout"]


def expectation(layer: nn.Module, x: Any) -> str:
    """``"<Layer> expects N ..., got M"`` when ``x`` contradicts ``layer``'s parameters."""
    if not isinstance(x, torch.Tensor):
        return ""
    name = type(layer).__name__
    shape = tuple(x.shape)
    if isinstance(layer, nn.modules.conv._ConvNd):
        n = len(layer.kernel_size)
        if len(shape) not in (n + 1, n + 2):
            return f"{name} expects {n + 2} axes (batch, channels, {n} spatial), got shape {shape}"
        axis = len(shape) - n - 1
        if shape[axis] != layer.in_channels:
            return (
                f"{name} expects {layer.in_channels} input channels (axis {axis}), "
                f"got {shape[axis]}"
            )
    elif isinstance(layer, nn.Linear):
        if shape and shape[-1] != layer.in_features:
            return f"Linear expects {layer.in_features} input features (last axis), got {shape[-1]}"
    elif isinstance(layer, nn.modules.batchnorm._BatchNorm):
        if len(shape) >= 2 and shape[1] != layer.num_features:
            return f"{name} expects {layer.num_features} channels (axis 1), got {shape[1]}"
    elif isinstance(layer, nn.LayerNorm):
        norm = tuple(layer.normalized_shape)
        if shape[-len(norm) :] != norm:
            return f"LayerNorm expects trailing axes {norm}, got shape {shape}"
    elif isinstance(layer, nn.RNNBase):
        if shape and shape[-1] != layer.input_size:
            return f"{name} expects {layer.input_size} input features (last axis), got {shape[-1]}"
    elif isinstance(layer, nn.MultiheadAttention):
        if shape and shape[-1] != layer.embed_dim:
            want = layer.embed_dim
            return f"MultiheadAttention expects embed_dim {want} (last axis), got {shape[-1]}"
    return ""


def output_layout(layer: nn.Module, output: Any) -> tuple[str | None, ...] | None:
    """Axis labels of a layer's output known from its kind: Conv1d (B, D, T), Linear (..., D)."""
    if not isinstance(output, torch.Tensor):
        return None
    rank = output.dim()
    if isinstance(layer, nn.Conv1d | nn.ConvTranspose1d) and rank == 3:
        return ("B", "D", "T")
    if isinstance(layer, nn.Linear) and rank >= 2:
        return (*([None] * (rank - 1)), "D")
    return None
