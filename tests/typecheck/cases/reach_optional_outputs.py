# fmt: off
# ruff: noqa: E501
"""Optional outputs: the mandatory positions are typed (``out[0]``, unpacking), the rest unchecked."""
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import (
    AcousticEncodedRepresentation,
    LengthsType,
    LogprobsType,
    NeuralType,
    SpectrogramType,
)


class StreamingEncoder(NeuralModule):
    @property
    def input_types(self):
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
            "cache": NeuralType(("B", "D", "T"), SpectrogramType(), optional=True),
        }

    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
            "cache_next": NeuralType(("B", "D", "T"), SpectrogramType(), optional=True),
            "cache_next_len": NeuralType(tuple("B"), LengthsType(), optional=True),
        }

    @typecheck()
    def forward(self, audio_signal, length, cache=None):
        return audio_signal, length


class OneMandatory(NeuralModule):
    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "extra": NeuralType(tuple("B"), LengthsType(), optional=True),
        }

    @typecheck()
    def forward(self, x):
        return x


class Decoder(NeuralModule):
    @property
    def input_types(self):
        return {"encoder_output": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    @property
    def output_types(self):
        return {"logprobs": NeuralType(("B", "T", "D"), LogprobsType())}

    @typecheck()
    def forward(self, encoder_output):
        return encoder_output.transpose(1, 2)


class Model(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = StreamingEncoder()
        self.one = OneMandatory()
        self.decoder = Decoder()

    def indexed(self, spec, spec_len):
        out = self.encoder(audio_signal=spec, length=spec_len)
        self.decoder(encoder_output=out[0])
        self.decoder(encoder_output=out[1])  # E: Neural type mismatch for argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation), got NeuralType(('B',), LengthsType) from "StreamingEncoder.forward" output "encoded_lengths"
        return self.decoder(encoder_output=out[2])  # optional position: unchecked

    def unpacked(self, spec, spec_len):
        encoded, encoded_len = self.encoder(audio_signal=spec, length=spec_len)
        self.decoder(encoder_output=encoded)
        return self.decoder(encoder_output=encoded_len)  # E: Neural type mismatch for argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation), got NeuralType(('B',), LengthsType) from "StreamingEncoder.forward" output "encoded_lengths"

    def unpacked_more(self, spec, spec_len, cache):
        encoded, _encoded_len, cache_next, _cache_len = self.encoder(audio_signal=spec, length=spec_len, cache=cache)
        self.decoder(encoder_output=cache_next)  # optional output: unchecked
        return self.decoder(encoder_output=encoded.transpose(1, 2))  # E: got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "StreamingEncoder.forward" output "outputs" via .transpose()

    def single_mandatory(self, x):
        out = self.one(x)  # may be a bare tensor or a tuple: unchecked
        return self.decoder(encoder_output=out[0])


class PartlyComputed(NeuralModule):
    """NeMo's ``EncDecCTCModel.input_types``: one element computed, the other ports literal."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = StreamingEncoder()
        self.decoder = Decoder()
        self._sample_rate = 16000

    @property
    def input_types(self):
        input_signal_eltype = LengthsType() if self._sample_rate else SpectrogramType()
        return {
            "input_signal": NeuralType(("B", "T"), input_signal_eltype, optional=True),
            "processed_signal": NeuralType(("B", "D", "T"), SpectrogramType(), optional=True),
            "processed_signal_length": NeuralType(tuple("B"), LengthsType(), optional=True),
        }

    @typecheck()
    def forward(self, input_signal=None, processed_signal=None, processed_signal_length=None):
        self.decoder(encoder_output=input_signal)  # computed port: unchecked
        _encoded, _ = self.encoder(audio_signal=processed_signal, length=processed_signal_length)
        return self.decoder(encoder_output=processed_signal)  # not a source: the property computes


class Caller(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.model = PartlyComputed()
        self.encoder = StreamingEncoder()

    def step(self, signal, length):
        encoded, encoded_len = self.encoder(audio_signal=signal, length=length)
        self.model(input_signal=encoded)  # computed port: unchecked
        return self.model(processed_signal=encoded, processed_signal_length=encoded_len)  # E: Neural type mismatch for argument "processed_signal" of "PartlyComputed.forward": expected NeuralType(('B', 'D', 'T'), SpectrogramType), got NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation) from "StreamingEncoder.forward" output "outputs"
