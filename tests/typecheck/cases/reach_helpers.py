# fmt: off
# ruff: noqa: E501
"""Returns of annotated helper functions and methods are tracked (not through aliases)."""
from typing import Annotated

from torch import Tensor, nn

from neuraltypes import LengthsType, MelSpectrogramType, NeuralType
from neuraltypes._reveal import reveal_neural_type

from ._modules import Decoder, Encoder

# case: annotated_helper_returns_are_tracked
Mel = Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())]


def log_mel(audio: Tensor) -> Annotated[Tensor, NeuralType(("B", "T", "D"), MelSpectrogramType())]:
    raise NotImplementedError


def mel_and_len(audio: Tensor) -> tuple[Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())], Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]]:
    raise NotImplementedError


def aliased(audio: Tensor) -> Mel:
    raise NotImplementedError


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def features(self, audio: Tensor) -> Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())]:
        raise NotImplementedError

    def forward(self, audio: Tensor) -> None:
        mel, mel_len = mel_and_len(audio)
        self.encoder(mel, mel_len)
        self.encoder(mel_len, mel)  # E: from "mel_and_len" return 1 (expected 3 axes, got 1 # E: from "mel_and_len" return 0 (expected 1 axes, got 3
        self.encoder(log_mel(audio), mel_len)  # E: from "log_mel" return (axis 1 is T, expected D)
        self.encoder(log_mel(audio).transpose(1, 2), mel_len)
        feats = self.features(audio)
        self.encoder(feats, mel_len)
        self.encoder(feats.mT, mel_len)  # E: from "Model.features" return via .mT (axis 1 is T, expected D)
        self.encoder(aliased(audio).mT, mel_len)  # through an alias: unchecked
        reveal_neural_type(log_mel(audio))  # N: Revealed neural type is "NeuralType(('B', 'T', 'D'), MelSpectrogramType)" from "log_mel" return
