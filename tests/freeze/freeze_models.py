"""Small real models for the freeze tests (also used by ``freeze-plan`` via module:factory)."""

from __future__ import annotations

import torch
from torch import nn


class Net(nn.Module):
    """Encoder (Linear, BatchNorm, Dropout, Linear) -> decoder, like a tiny ASR model."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5), nn.ReLU(), nn.Linear(8, 8)
        )
        self.decoder = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))


def make_net() -> Net:
    return Net()


def make_deep(n_layers: int = 8) -> nn.Module:
    """A model with many named submodules: encoder.layers.0..n-1, decoder."""
    m = nn.Module()
    m.encoder = nn.Module()
    m.encoder.layers = nn.ModuleList(nn.Linear(4, 4) for _ in range(n_layers))
    m.decoder = nn.Linear(4, 2)
    return m
