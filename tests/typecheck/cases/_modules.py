# fmt: off
"""Shared modules imported by other cases (cross-file)."""

from typing import Annotated

from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    EncodedRepresentation,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralType,
    SpectrogramType,
)

from ._elements import MySpec


class Preprocessor(nn.Module):
    def forward(
        self, audio: Tensor
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())],
        Annotated[Tensor, NeuralType(tuple("B"), LengthsType())],
    ]:
        raise NotImplementedError


class MyPreprocessor(nn.Module):
    def forward(self, audio: Tensor) -> Annotated[Tensor, NeuralType(("B", "D", "T"), MySpec())]:
        raise NotImplementedError


class Encoder(nn.Module):
    def forward(
        self,
        audio_signal: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())],
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())],
        Annotated[Tensor, NeuralType(tuple("B"), LengthsType())],
    ]:
        raise NotImplementedError


class Decoder(nn.Module):
    def forward(
        self,
        encoder_output: Annotated[Tensor, NeuralType(("B", "D", "T"), EncodedRepresentation())],
        mask: Annotated[Tensor, NeuralType(("B", "T"), optional=True)] | None = None,
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        raise NotImplementedError


class BTDDecoder(nn.Module):
    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", "T", "D"), EncodedRepresentation())]
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        raise NotImplementedError
