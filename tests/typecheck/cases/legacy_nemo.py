# fmt: off
# ruff: noqa: E501
from collections import OrderedDict
from typing import Any

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import (
    AcousticEncodedRepresentation,
    EncodedRepresentation,
    LengthsType,
    NeuralType,
    SpectrogramType,
)
from torch import nn


# case: legacy_properties_declare_ports
class ConvEncoder(NeuralModule):
    @property
    def input_types(self) -> Any:
        return OrderedDict(
            {
                "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
                "length": NeuralType(tuple("B"), LengthsType()),
            }
        )

    @property
    def output_types(self) -> Any:
        return OrderedDict(
            [
                ("outputs", NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())),
                ("encoded_lengths", NeuralType(tuple("B"), LengthsType())),
            ]
        )

    @typecheck()
    def forward(self, audio_signal, length):
        return audio_signal, length


class ConvDecoder(NeuralModule):
    def __init__(self, sample_rate: int) -> None:
        super().__init__()
        self.rate = sample_rate

    @property
    def input_types(self):
        return {"encoder_output": NeuralType(("B", "D", "T"), EncodedRepresentation())}

    @typecheck()
    def forward(self, encoder_output):
        return encoder_output


class Computed(NeuralModule):
    @property
    def input_types(self):
        if self.training:
            return {"x": NeuralType(("B", "T"), LengthsType())}
        return {"x": NeuralType(("B", "D", "T"), EncodedRepresentation())}

    def forward(self, x):
        return x


class ASR(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = ConvEncoder()
        self.decoder = ConvDecoder(16000)
        self.computed = Computed()

    def forward(self, spec, length):
        enc, enc_len = self.encoder(audio_signal=spec, length=length)
        self.decoder(encoder_output=enc)
        self.decoder(encoder_output=enc.transpose(1, 2))  # E: argument "encoder_output" of "ConvDecoder.forward": expected NeuralType(('B', 'D', 'T'), EncodedRepresentation), got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "ConvEncoder.forward" output "outputs" via .transpose()
        self.decoder(encoder_output=enc_len)  # E: output "encoded_lengths"
        self.computed(enc_len)  # E: (expected 2 axes, got 1)
        return enc
