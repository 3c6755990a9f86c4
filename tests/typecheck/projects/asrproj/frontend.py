"""Feature extraction: audio to log-Mel features."""

from typing import Annotated

import torch
from torch import Tensor, nn

from neuraltypes import NeuralModule, NeuralType, SpectrogramType

from .ntypes import Audio, Audio8k, Lengths, Mel


class MelFrontend(NeuralModule):
    """16 kHz audio to 80 log-Mel bands, 10 ms hop."""

    def __init__(self, features: int = 80) -> None:
        super().__init__()
        self.proj = nn.Conv1d(1, features, kernel_size=400, stride=160)

    def forward(self, audio: Audio, length: Lengths) -> tuple[Mel, Lengths]:
        feats = self.proj(audio.unsqueeze(1))
        return torch.log1p(feats.abs()), length // 160


class TelephoneFrontend(NeuralModule):
    """8 kHz telephone audio to 80 log-Mel bands."""

    def __init__(self, features: int = 80) -> None:
        super().__init__()
        self.proj = nn.Conv1d(1, features, kernel_size=200, stride=80)

    def forward(self, audio: Audio8k, length: Lengths) -> tuple[Mel, Lengths]:
        feats = self.proj(audio.unsqueeze(1))
        return torch.log1p(feats.abs()), length // 80


class SpecAugment(NeuralModule):
    """Masks time and frequency stripes while training."""

    def forward(
        self,
        input_spec: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Lengths,
    ) -> Mel:
        return input_spec
