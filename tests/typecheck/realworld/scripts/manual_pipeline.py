# fmt: off
# ruff: noqa
"""Hand-wired pipelines over the corpus modules (the connections the plugin checks)."""
from __future__ import annotations

import argparse
import functools
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn
from torch import Tensor

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import *

from ..losses import CTCLoss
from ..losses.ctc import CTCLoss as _CTCLoss
from ..modules import (
    AudioToMelSpectrogramPreprocessor,
    ConformerEncoder,
    ConvASRDecoder,
    ConvASRDecoderClassification,
    ConvASREncoder,
    RNNTDecoder,
    RNNTJoint,
    SpeakerDecoder,
    SpectrogramAugmentation,
)
from ..modules import conv_asr
from ..modules.audio_preprocessing import CropOrPadSpectrogramAugmentation, MaskedPatchAugmentation


class CTCPipeline(nn.Module):
    """QuartzNet-like pipeline with explicitly typed sub-modules."""

    def __init__(self, vocab: List[str], feat_in: int = 64, sample_rate: int = 16000) -> None:
        super().__init__()
        self.preprocessor = AudioToMelSpectrogramPreprocessor(sample_rate=sample_rate, features=feat_in)
        self.spec_augmentation: Optional[SpectrogramAugmentation] = SpectrogramAugmentation(freq_masks=2)
        self.encoder = ConvASREncoder(jasper=[], activation="relu", feat_in=feat_in)
        self.decoder = ConvASRDecoder(feat_in=1024, num_classes=len(vocab), vocabulary=vocab)
        self.loss = CTCLoss(num_classes=len(vocab), zero_infinity=True)
        self.crop = CropOrPadSpectrogramAugmentation(audio_length=128)

    def forward(self, input_signal, input_signal_length):
        processed_signal, processed_signal_length = self.preprocessor(
            input_signal=input_signal, length=input_signal_length
        )
        if self.spec_augmentation is not None and self.training:
            processed_signal = self.spec_augmentation(input_spec=processed_signal, length=processed_signal_length)
        encoded, encoded_len = self.encoder(audio_signal=processed_signal, length=processed_signal_length)
        log_probs = self.decoder(encoder_output=encoded)
        return log_probs, encoded_len

    def loss_step(self, signal, signal_len, transcript, transcript_len):
        log_probs, encoded_len = self.forward(signal, signal_len)
        return self.loss(
            log_probs=log_probs, targets=transcript, input_lengths=encoded_len, target_lengths=transcript_len
        )

    def direct(self, signal: Tensor, signal_len: Tensor) -> Tensor:
        spec, spec_len = self.preprocessor(input_signal=signal, length=signal_len)
        spec, spec_len = self.crop(input_signal=spec, length=spec_len)
        enc = self.encoder(spec, spec_len)
        outputs = enc[0]
        return self.decoder(outputs.contiguous())


def classification(signal: Tensor, length: Tensor) -> Tensor:
    pre = AudioToMelSpectrogramPreprocessor(sample_rate=16000)
    enc = ConvASREncoder(jasper=[], activation="relu", feat_in=64)
    dec = ConvASRDecoderClassification(feat_in=512, num_classes=10)
    spk = SpeakerDecoder(feat_in=512, num_classes=100)
    mask = MaskedPatchAugmentation(patch_size=16)
    spec, spec_len = pre(input_signal=signal, length=length)
    spec = mask(input_spec=spec, length=spec_len)
    encoded, encoded_len = enc(spec, spec_len)
    logits, embs = spk(encoder_output=encoded, length=encoded_len)
    logits2, _ = spk(encoded)
    return dec(encoder_output=encoded) + logits + logits2


def conformer_rnnt(signal: Tensor, length: Tensor, targets: Tensor, target_len: Tensor):
    pre = AudioToMelSpectrogramPreprocessor(sample_rate=16000, features=80)
    encoder = ConformerEncoder(feat_in=80, n_layers=17, d_model=512)
    decoder = RNNTDecoder(prednet={"pred_hidden": 640, "pred_rnn_layers": 1}, vocab_size=1024)
    joint = RNNTJoint(
        jointnet={"encoder_hidden": 512, "pred_hidden": 640, "joint_hidden": 640, "activation": "relu"},
        num_classes=1024,
    )
    spec, spec_len = pre(input_signal=signal, length=length)
    encoded, encoded_len = encoder(audio_signal=spec, length=spec_len)
    # streaming-style call with caches (optional ports)
    cache_channel, cache_time, cache_len = encoder.get_initial_cache_state(batch_size=signal.shape[0])
    out = encoder(
        audio_signal=spec,
        length=spec_len,
        cache_last_channel=cache_channel,
        cache_last_time=cache_time,
        cache_last_channel_len=cache_len,
    )
    decoded, decoded_len, states = decoder(targets=targets, target_length=target_len)
    decoded2, _, states = decoder(targets=targets, target_length=target_len, states=states)
    joint_out = joint(encoder_outputs=encoded, decoder_outputs=decoded)
    joint_out2 = joint(encoder_outputs=out[0], decoder_outputs=decoded2, encoder_lengths=encoded_len)
    return joint_out, joint_out2


def via_partial(signal: Tensor, length: Tensor) -> Tensor:
    make_encoder = functools.partial(ConvASREncoder, jasper=[], activation="relu")
    encoder = make_encoder(feat_in=64)
    pre = conv_asr.ConvASREncoder(jasper=[], activation="relu", feat_in=64)
    spec = torch.randn(2, 64, 100)
    a, a_len = encoder(audio_signal=spec, length=length)
    b, b_len = pre(spec, length)
    return torch.cat([a, b], dim=-1)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample-rate", type=int, default=16000)
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse_args()
    model = CTCPipeline(vocab=list("abc"), sample_rate=args.sample_rate)
    print(model(torch.randn(2, 16000), torch.tensor([16000, 12000])))
