"""A CTC speech recogniser wired from a config: sizes and wiring come from YAML, not code.

``neuraltypes check`` sees the annotations but not the numbers (``features: 80`` feeding
``feat_in: 64``) nor which module the config wires where; ``neuraltypes dry-run`` builds the
model from the config on the meta device and runs it once:

    neuraltypes dry-run --model examples.config_pipeline.model:build \\
        --config examples/config_pipeline/good.yaml:model
"""

from __future__ import annotations

from typing import Annotated, Any

import torch
from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)

Audio = Annotated[Tensor, NeuralType(("B", "T"), AudioSignal())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]
Encoded = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]


class MelPreprocessor(NeuralModule):
    """Audio (B, T) -> log-mel features (B, D, T), ``features`` mel bands."""

    window: Tensor
    filterbank: Tensor

    def __init__(self, features: int, n_fft: int = 512, hop_length: int = 160) -> None:
        super().__init__()
        self.n_fft, self.hop_length = n_fft, hop_length
        self.register_buffer("window", torch.hann_window(n_fft), persistent=False)
        bins = torch.linspace(0.0, 1.0, n_fft // 2 + 1)
        centres = torch.linspace(0.0, 1.0, features + 2)[1:-1]
        width = 2.0 / (features + 1)
        fb = torch.clamp(1.0 - (bins[None, :] - centres[:, None]).abs() / width, min=0.0)
        self.register_buffer("filterbank", fb, persistent=False)

    @typecheck()
    def forward(
        self, input_signal: Audio, length: Lengths
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType()), "processed_signal"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "processed_length"],
    ]:
        stft = torch.stft(
            input_signal, self.n_fft, self.hop_length, window=self.window, return_complex=True
        )
        mel = torch.log(self.filterbank @ stft.abs().pow(2) + 1e-6)
        return mel, torch.div(length, self.hop_length, rounding_mode="floor") + 1


class ConvEncoder(NeuralModule):
    """Spectrogram (B, feat_in, T) -> encoding (B, d_model, T/2)."""

    def __init__(self, feat_in: int, d_model: int) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv1d(feat_in, d_model, kernel_size=11, stride=2, padding=5),
            nn.ReLU(),
            nn.Conv1d(d_model, d_model, kernel_size=5, padding=2),
            nn.ReLU(),
        )

    def encode(self, audio_signal: Tensor) -> Tensor:
        """The conv stack, (B, D, T) out."""
        return self.layers(audio_signal)

    @typecheck()
    def forward(
        self,
        audio_signal: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Lengths,
    ) -> tuple[
        Annotated[Encoded, "outputs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_lengths"],
    ]:
        return self.encode(audio_signal), torch.div(length - 1, 2, rounding_mode="floor") + 1


class TimeMajorConvEncoder(ConvEncoder):
    """The same encoder returning (B, T, D) for an attention decoder; its annotation was not
    updated and still declares (B, D, T)."""

    def encode(self, audio_signal: Tensor) -> Tensor:
        return self.layers(audio_signal).transpose(1, 2)


class ConvDecoder(NeuralModule):
    """Encoding (B, feat_in, T) -> per-frame log-probabilities (B, T, classes + 1)."""

    def __init__(self, feat_in: int, num_classes: int) -> None:
        super().__init__()
        self.decoder_layers = nn.Conv1d(feat_in, num_classes + 1, kernel_size=1)

    @typecheck()
    def forward(
        self, encoder_output: Encoded
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "logprobs"]:
        return self.decoder_layers(encoder_output).transpose(1, 2).log_softmax(dim=-1)


ENCODERS: dict[str, type[ConvEncoder]] = {
    "conv": ConvEncoder,
    "time_major_conv": TimeMajorConvEncoder,
}


class ConfigCTCModel(NeuralModule):
    """preprocessor -> encoder -> decoder, every size and the decoder's input from the config."""

    def __init__(self, cfg: Any) -> None:
        super().__init__()
        self.preprocessor = MelPreprocessor(features=cfg.preprocessor.features)
        encoder = ENCODERS[cfg.encoder.get("name", "conv")]
        self.encoder = encoder(feat_in=cfg.encoder.feat_in, d_model=cfg.encoder.d_model)
        self.decoder = ConvDecoder(feat_in=cfg.decoder.feat_in, num_classes=len(cfg.labels))
        # which representation feeds the decoder: "encoder", or "preprocessor" (a shortcut
        # some configs use to debug a decoder): a wiring no static check can see
        self.decoder_input = str(cfg.decoder.get("input", "encoder"))

    @typecheck()
    def forward(
        self, input_signal: Audio, input_signal_length: Lengths
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "log_probs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_len"],
    ]:
        processed, processed_len = self.preprocessor(
            input_signal=input_signal, length=input_signal_length
        )
        encoded, encoded_len = self.encoder(audio_signal=processed, length=processed_len)
        sources = {"encoder": encoded, "preprocessor": processed}
        log_probs = self.decoder(encoder_output=sources[self.decoder_input])
        return log_probs, encoded_len


def build(cfg: Any) -> ConfigCTCModel:
    """The dry run's factory: ``build(cfg)`` with the config node."""
    return ConfigCTCModel(cfg)


__all__ = ["ConfigCTCModel", "build"]
