# fmt: off
# ruff: noqa: E501
"""Explicit ``m.forward(x)`` calls are checked like ``m(x)``."""
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


# case: explicit_forward_calls_are_checked
class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()

    def forward(self, audio: Tensor) -> None:
        spec, spec_len = self.pre.forward(audio)
        reveal_neural_type(spec)  # N: Revealed neural type is "NeuralType(('B', 'D', 'T'), MelSpectrogramType)" from "Preprocessor.forward" output 0
        enc, _ = self.encoder.forward(spec, spec_len)
        self.decoder.forward(enc)
        self.decoder.forward(encoder_output=enc)
        self.decoder.forward(enc.mT)  # E: argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), EncodedRepresentation), got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "Encoder.forward" output 0 via .mT (axis 1 is T, expected D)
        self.btd.forward(enc)  # E: (axis 1 is D, expected T)
        self.btd(self.decoder.forward(enc))  # E: LogprobsType is not a subclass of EncodedRepresentation
        self.encoder.forward(spec_len, spec_len)  # E: argument "audio_signal" of "Encoder.forward"


def call_forward(dec: Decoder, enc: Encoder, x: Tensor, n: Tensor) -> None:
    out, _ = enc.forward(x, n)
    dec.forward(out.transpose(1, 2))  # E: (axis 1 is T, expected D)
