"""Acoustic encoder."""

from torch import nn

from neuraltypes import NeuralModule

from .aliases import Features
from .ntypes import EncoderOutput, Lengths


class ConvEncoder(NeuralModule):
    """Strided 1-D convolutions over Mel features."""

    def __init__(self, feat_in: int = 80, d_model: int = 256) -> None:
        super().__init__()
        self.conv = nn.Conv1d(feat_in, d_model, kernel_size=3, stride=2, padding=1)

    def forward(self, audio_signal: Features, length: Lengths) -> EncoderOutput:
        return EncoderOutput(self.conv(audio_signal), (length + 1) // 2)
