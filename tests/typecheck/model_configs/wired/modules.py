"""NeMo-style modules a config names by ``_target_``."""

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralType,
    SpectrogramType,
)


class Preprocessor(NeuralModule):
    @property
    def input_types(self):
        return {
            "input_signal": NeuralType(("B", "T"), AudioSignal()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self):
        return {
            "processed_signal": NeuralType(("B", "D", "T"), MelSpectrogramType()),
            "processed_length": NeuralType(tuple("B"), LengthsType()),
        }

    @typecheck()
    def forward(self, input_signal, length):
        return input_signal, length


class Encoder(NeuralModule):
    @property
    def input_types(self):
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
            "cache": NeuralType(("B", "D", "T"), SpectrogramType(), optional=True),
        }

    @typecheck()
    def forward(self, audio_signal, length):
        return audio_signal, length


class TimeMajorEncoder(Encoder):
    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "T", "D"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }


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
