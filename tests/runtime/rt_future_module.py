"""A module written with postponed annotations and module-level aliases (used by test_ports)."""

from __future__ import annotations

from typing import Annotated, NamedTuple

import torch
from torch import Tensor

from neuraltypes import (
    AcousticEncodedRepresentation,
    LengthsType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]


class Encoder(NeuralModule):
    @typecheck()
    def forward(
        self, audio_signal: Spec, length: Lengths, cache: Lengths | None = None
    ) -> EncoderOutput:  # defined below: a forward reference
        return EncoderOutput(audio_signal[:, :, ::2], length // 2)


class EncoderOutput(NamedTuple):
    outputs: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]
    encoded_lengths: Lengths


def make_inputs() -> tuple[Tensor, Tensor]:
    return torch.randn(2, 4, 10), torch.tensor([10, 8])
