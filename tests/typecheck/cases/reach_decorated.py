# fmt: off
# ruff: noqa: E501
"""Decorator-declared ports: ``@typecheck(input_types=..., output_types=...)`` on any method."""
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import (
    AudioSignal,
    LengthsType,
    MelSpectrogramType,
    NeuralType,
    SpectrogramType,
    TokenIndex,
)


class Vocoder(NeuralModule):
    @typecheck(
        input_types={"spec": NeuralType(("B", "D", "T"), MelSpectrogramType())},
        output_types={"audio": NeuralType(("B", "T"), AudioSignal())},
    )
    def convert_spectrogram_to_audio(self, *, spec):
        return spec


class Generator(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.vocoder = Vocoder()

    @typecheck(
        input_types={"tokens": NeuralType(("B", "T_text"), TokenIndex())},
        output_types={"spect": NeuralType(("B", "D", "T_spec"), MelSpectrogramType())},
    )
    def generate_spectrogram(self, *, tokens):
        self.vocoder.convert_spectrogram_to_audio(spec=tokens)  # E: Neural type mismatch for argument "spec" of "Vocoder.convert_spectrogram_to_audio": expected NeuralType(('B', 'D', 'T'), MelSpectrogramType), got NeuralType(('B', 'T'), TokenIndex) from parameter "tokens" of "Generator.generate_spectrogram"
        return tokens

    @typecheck(output_types={"spect": NeuralType(("B", "D", "T"), SpectrogramType())})
    def plain_spectrogram(self, *, tokens):
        return tokens

    @typecheck(input_types=dict(lengths=NeuralType(tuple("B"), LengthsType())))
    def inputs_only(self, *, lengths):
        return lengths


class Pipeline(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.generator = Generator()
        self.vocoder = Vocoder()

    def synthesize(self, tokens):
        spect = self.generator.generate_spectrogram(tokens=tokens)
        audio = self.vocoder.convert_spectrogram_to_audio(spec=spect)
        self.vocoder.convert_spectrogram_to_audio(spec=audio)  # E: Neural type mismatch for argument "spec" of "Vocoder.convert_spectrogram_to_audio": expected NeuralType(('B', 'D', 'T'), MelSpectrogramType), got NeuralType(('B', 'T'), AudioSignal) from "Vocoder.convert_spectrogram_to_audio" output "audio"
        plain = self.generator.plain_spectrogram(tokens=tokens)
        self.vocoder.convert_spectrogram_to_audio(spec=plain)  # E: (SpectrogramType is not a subclass of MelSpectrogramType)
        self.generator.inputs_only(lengths=spect)  # E: Neural type mismatch for argument "lengths" of "Generator.inputs_only"
        return audio


class Override(NeuralModule):
    """``@typecheck(input_types=...)`` on ``forward`` replaces the properties: its literal ports."""

    @property
    def input_types(self):
        return {"x": NeuralType(("B", "T"), AudioSignal())}

    @typecheck(input_types={"x": NeuralType(("B", "D", "T"), MelSpectrogramType())})
    def forward(self, *, x):
        return x


class UsesOverride(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.override = Override()
        self.generator = Generator()
        self.vocoder = Vocoder()

    def run(self, tokens):
        spect = self.generator.generate_spectrogram(tokens=tokens)
        self.override(x=spect)
        self.override(x=self.vocoder.convert_spectrogram_to_audio(spec=spect))  # E: Neural type mismatch for argument "x" of "Override.forward": expected NeuralType(('B', 'D', 'T'), MelSpectrogramType), got NeuralType(('B', 'T'), AudioSignal)
        return self.override(x=self.generator.inputs_only(lengths=tokens))  # unknown output: unchecked
