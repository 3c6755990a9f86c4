"""BROKEN copy of ../asr_pipeline/modules.py: one planted change, marked PLANTED (3).

Each ``forward`` declares its ports as ``Annotated[Tensor, NeuralType(axes, element)]``; a
string in the ``Annotated`` metadata names an output port. ``@typecheck()`` checks them at
run time, ``neuraltypes check`` checks every connection between them before anything runs.
"""

from __future__ import annotations

import math
from typing import Annotated

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LabelsType,
    LengthsType,
    LogitsType,
    LogprobsType,
    LossType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)

SAMPLE_RATE = 16_000


def mel_filterbank(sample_rate: int, n_fft: int, n_mels: int) -> Tensor:
    """Triangular mel filters, shape ``(n_mels, n_fft // 2 + 1)`` (HTK mel scale)."""

    def hz_to_mel(hz: float) -> float:
        return 2595.0 * math.log10(1.0 + hz / 700.0)

    freqs = torch.linspace(0.0, sample_rate / 2, n_fft // 2 + 1)
    mels = torch.linspace(hz_to_mel(0.0), hz_to_mel(sample_rate / 2), n_mels + 2)
    points = 700.0 * (10.0 ** (mels / 2595.0) - 1.0)
    widths = points[1:] - points[:-1]
    slopes = points.unsqueeze(0) - freqs.unsqueeze(1)
    down = -slopes[:, :-2] / widths[:-1]
    up = slopes[:, 2:] / widths[1:]
    return torch.clamp(torch.minimum(down, up), min=0.0).T.contiguous()


class AudioToMelSpectrogramPreprocessor(NeuralModule):
    """Raw audio (B, T) -> normalised log-mel features (B, D, T), like NeMo's preprocessor."""

    window: Tensor
    filterbank: Tensor

    def __init__(self, features: int = 64, n_fft: int = 512, hop_length: int = 160) -> None:
        super().__init__()
        self.n_fft, self.hop_length = n_fft, hop_length
        self.register_buffer("window", torch.hann_window(400), persistent=False)
        self.register_buffer(
            "filterbank", mel_filterbank(SAMPLE_RATE, n_fft, features), persistent=False
        )

    @typecheck()
    @torch.no_grad()
    def forward(
        self,
        input_signal: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=SAMPLE_RATE))],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType()), "processed_signal"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "processed_length"],
    ]:
        stft = torch.stft(
            input_signal,
            self.n_fft,
            self.hop_length,
            win_length=400,
            window=self.window,
            return_complex=True,
        )
        mel = torch.log(self.filterbank @ stft.abs().pow(2) + 2**-24)
        mean, std = mel.mean(dim=-1, keepdim=True), mel.std(dim=-1, keepdim=True)
        processed_length = torch.div(length, self.hop_length, rounding_mode="floor") + 1
        return (mel - mean) / (std + 1e-5), processed_length


class ConvASREncoder(NeuralModule):
    """Spectrogram (B, D, T) -> acoustic encoding (B, D', T/2): a strided 1-D conv stack."""

    def __init__(self, feat_in: int = 64, d_model: int = 128) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv1d(feat_in, d_model, kernel_size=11, stride=2, padding=5),
            nn.BatchNorm1d(d_model),
            nn.ReLU(),
            nn.Conv1d(d_model, d_model, kernel_size=5, padding=2),
            nn.BatchNorm1d(d_model),
            nn.ReLU(),
        )

    @typecheck()
    def forward(
        self,
        audio_signal: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()), "outputs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_lengths"],
    ]:
        encoded_lengths = torch.div(length - 1, 2, rounding_mode="floor") + 1
        return self.layers(audio_signal), encoded_lengths


class ConvASRDecoder(NeuralModule):
    """Acoustic encoding (B, D, T) -> per-frame logits (B, T, C), blank last.

    PLANTED (3), part 1: this decoder was changed to return raw logits (its annotation says
    so, honestly); the training step in model.py still feeds them to the CTC loss.
    """

    def __init__(self, feat_in: int = 128, num_classes: int = 28) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.decoder_layers = nn.Conv1d(feat_in, num_classes + 1, kernel_size=1)

    @typecheck()
    def forward(
        self,
        encoder_output: Annotated[
            Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
        ],
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogitsType()), "logits"]:
        return self.decoder_layers(encoder_output).transpose(1, 2)


class CTCLoss(NeuralModule):
    """CTC loss over the decoder's (B, T, C) log-probabilities; the blank is the last class."""

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        self.blank = num_classes

    @typecheck()
    def forward(
        self,
        log_probs: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())],
        targets: Annotated[Tensor, NeuralType(("B", "T"), LabelsType())],
        input_lengths: Annotated[Tensor, NeuralType(("B",), LengthsType())],
        target_lengths: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> Annotated[Tensor, NeuralType(elements_type=LossType()), "loss"]:
        return F.ctc_loss(
            log_probs.transpose(0, 1),
            targets,
            input_lengths,
            target_lengths,
            blank=self.blank,
            zero_infinity=True,
        )
