"""BROKEN copy of ../asr_pipeline/model.py with planted mismatches, marked PLANTED (1)-(3).

``neuraltypes check examples/broken_pipeline`` reports each of them; none needs a run.

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
    LogitsType,
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
        Annotated[Tensor, NeuralType(("B", "T", "D"), LogitsType()), "logits"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_len"],
        Annotated[Tensor, NeuralType(("B", "T"), LabelsType()), "greedy_predictions"],
    ]:
        processed_signal, processed_length = self.preprocessor(
            input_signal=input_signal, length=input_signal_length
        )
        encoded, encoded_len = self.encoder(audio_signal=processed_signal, length=processed_length)
        # PLANTED (1): the encoding is transposed to (B, T, D), "for the attention layer",
        # but the decoder wants (B, D, T). At run time this is a conv shape error at best.
        encoded_btd = encoded.transpose(1, 2)
        logits = self.decoder(encoder_output=encoded_btd)
        greedy_predictions = logits.argmax(dim=-1)
        return logits, encoded_len, greedy_predictions

    # Unannotated, like most training code: `neuraltypes check` turns on check_untyped_defs,
    # so the connections in here are checked too.
    def training_step(self, batch):
        signal, signal_length, transcript, transcript_length = batch
        logits, encoded_len, _ = self(input_signal=signal, input_signal_length=signal_length)
        return self.loss(
            log_probs=logits,  # PLANTED (3), part 2: raw logits where log-probs are expected
            targets=transcript,
            input_lengths=encoded_len,
            target_lengths=transcript_length,
        )

    def decode_features(self, signal: Tensor, signal_length: Tensor) -> Tensor:
        """Debug shortcut that skips the encoder."""
        features, _ = self.preprocessor(input_signal=signal, length=signal_length)
        # PLANTED (2): Mel features straight into a decoder that wants an acoustic encoding.
        return self.decoder(encoder_output=features)

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
