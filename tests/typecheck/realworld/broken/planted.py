# fmt: off
# ruff: noqa
"""Realistic wiring bugs over the corpus modules, each marked with the expected error."""
from typing import List, Optional

import torch
import torch.nn as nn
from torch import Tensor

from ..losses import CTCLoss
from ..modules import (
    AudioToMelSpectrogramPreprocessor,
    ConvASRDecoder,
    ConvASRDecoderClassification,
    ConvASREncoder,
    RNNTDecoder,
    RNNTJoint,
    SpeakerDecoder,
)


class BrokenCTC(nn.Module):
    def __init__(self, vocab: List[str]) -> None:
        super().__init__()
        self.preprocessor = AudioToMelSpectrogramPreprocessor(sample_rate=16000, features=64)
        self.encoder = ConvASREncoder(jasper=[], activation="relu", feat_in=64)
        self.decoder = ConvASRDecoder(feat_in=1024, num_classes=len(vocab), vocabulary=vocab)
        self.classifier = ConvASRDecoderClassification(feat_in=1024, num_classes=len(vocab))
        self.loss = CTCLoss(num_classes=len(vocab), zero_infinity=True)

    def forward(self, input_signal, input_signal_length):
        spec, spec_len = self.preprocessor(input_signal=input_signal, length=input_signal_length)
        encoded, encoded_len = self.encoder(audio_signal=spec, length=spec_len)
        # (1) "the decoder wants time-major": transposed before the decoder
        log_probs = self.decoder(encoder_output=encoded.transpose(1, 2))  # E: Neural type mismatch for argument "encoder_output" of "ConvASRDecoder.forward"
        return log_probs, encoded_len

    def skip_encoder(self, input_signal, input_signal_length):
        spec, spec_len = self.preprocessor(input_signal=input_signal, length=input_signal_length)
        # (2) Mel features straight into the decoder
        return self.decoder(encoder_output=spec)  # E: (MelSpectrogramType is not a subclass of AcousticEncodedRepresentation)

    def misspelled(self, input_signal, input_signal_length):
        spec, spec_len = self.preprocessor(input_signal=input_signal, length=input_signal_length)
        # (3) keyword spelled like the loss's, not the encoder's
        return self.encoder(audio_signal=spec, lengths=spec_len)  # E: "lengths" # E: "length"

    def training_step(self, batch, batch_nb):
        signal, signal_len, transcript, transcript_len = batch
        spec, spec_len = self.preprocessor(input_signal=signal, length=signal_len)
        encoded, encoded_len = self.encoder(audio_signal=spec, length=spec_len)
        # (4) classification logits (B, D) handed to the CTC loss as log-probs
        logits = self.classifier(encoder_output=encoded)
        return self.loss(log_probs=logits, targets=transcript, input_lengths=encoded_len, target_lengths=transcript_len)  # E: Neural type mismatch for argument "log_probs" of "CTCLoss.forward"


def rnnt_swapped(signal: Tensor, length: Tensor, targets: Tensor, target_len: Tensor):
    pre = AudioToMelSpectrogramPreprocessor(sample_rate=16000, features=80)
    encoder = ConvASREncoder(jasper=[], activation="relu", feat_in=80)
    decoder = RNNTDecoder(prednet={"pred_hidden": 640, "pred_rnn_layers": 1}, vocab_size=1024)
    joint = RNNTJoint(
        jointnet={"encoder_hidden": 512, "pred_hidden": 640, "joint_hidden": 640, "activation": "relu"},
        num_classes=1024,
    )
    spec, spec_len = pre(input_signal=signal, length=length)
    encoded, encoded_len = encoder(audio_signal=spec, length=spec_len)
    decoded, decoded_len, states = decoder(targets=targets, target_length=target_len)
    # (5) encoder and prediction-network outputs swapped
    # (RNNTDecoder's optional "states" output: its two mandatory outputs are still typed.)
    return joint(encoder_outputs=decoded, decoder_outputs=encoded)  # E: argument "encoder_outputs" of "RNNTJoint.forward"  # E: argument "decoder_outputs" of "RNNTJoint.forward"


def speaker_on_spectrogram(signal: Tensor, length: Tensor):
    pre = AudioToMelSpectrogramPreprocessor(sample_rate=16000)
    spk = SpeakerDecoder(feat_in=64, num_classes=100)
    spec, spec_len = pre(input_signal=signal, length=length)
    # (6) speaker decoder fed the spectrogram, lengths in the wrong slot
    return spk(spec_len, spec)  # E: argument "encoder_output" of "SpeakerDecoder.forward" # E: argument "length" of "SpeakerDecoder.forward"
