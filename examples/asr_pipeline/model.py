"""A CTC speech recogniser wired like NeMo's ``EncDecCTCModel``.

preprocessor (Mel) -> encoder (Spectrogram in, acoustic encoding out) -> decoder (log-probs)
-> CTC loss. Every call below is a connection ``neuraltypes check`` verifies.
"""

from __future__ import annotations

from typing import Annotated

from torch import Tensor

from neuraltypes import (
    AudioSignal,
    LabelsType,
    LengthsType,
    LogprobsType,
    NeuralModule,
    NeuralType,
    typecheck,
)

from .modules import (
    SAMPLE_RATE,
    AudioToMelSpectrogramPreprocessor,
    ConvASRDecoder,
    ConvASREncoder,
    CTCLoss,
)


class EncDecCTCModel(NeuralModule):
    """Audio in, per-frame log-probabilities and greedy predictions out."""

    def __init__(self, vocabulary: list[str], features: int = 64, d_model: int = 128) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.preprocessor = AudioToMelSpectrogramPreprocessor(features=features)
        self.encoder = ConvASREncoder(feat_in=features, d_model=d_model)
        self.decoder = ConvASRDecoder(feat_in=d_model, num_classes=len(vocabulary))
        self.loss = CTCLoss(num_classes=len(vocabulary))

    @typecheck()
    def forward(
        self,
        input_signal: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=SAMPLE_RATE))],
        input_signal_length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "log_probs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_len"],
        Annotated[Tensor, NeuralType(("B", "T"), LabelsType()), "greedy_predictions"],
    ]:
        processed_signal, processed_length = self.preprocessor(
            input_signal=input_signal, length=input_signal_length
        )
        encoded, encoded_len = self.encoder(audio_signal=processed_signal, length=processed_length)
        log_probs = self.decoder(encoder_output=encoded)
        greedy_predictions = log_probs.argmax(dim=-1)
        return log_probs, encoded_len, greedy_predictions

    # Unannotated, like most training code: `neuraltypes check` turns on check_untyped_defs,
    # so the connections in here are checked too.
    def training_step(self, batch):
        signal, signal_length, transcript, transcript_length = batch
        log_probs, encoded_len, _ = self(input_signal=signal, input_signal_length=signal_length)
        return self.loss(
            log_probs=log_probs,
            targets=transcript,
            input_lengths=encoded_len,
            target_lengths=transcript_length,
        )

    def transcribe(self, signal: Tensor, signal_length: Tensor) -> list[str]:
        """Greedy CTC decoding: merge repeats, drop blanks."""
        _, encoded_len, predictions = self(input_signal=signal, input_signal_length=signal_length)
        texts = []
        for row, n in zip(predictions.tolist(), encoded_len.tolist(), strict=True):
            chars, previous = [], None
            for token in row[:n]:
                if token != previous and token < len(self.vocabulary):
                    chars.append(self.vocabulary[token])
                previous = token
            texts.append("".join(chars))
        return texts
