# fmt: off
# ruff: noqa: E501
"""A NeMo-style ASR model: untyped factories, an unresolvable base, @typecheck(), unannotated steps."""
from typing import Any

from lightning_not_installed import ModelPT  # type: ignore[import-not-found]
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


def from_config_dict(cfg):
    return cfg


class Preprocessor(NeuralModule):
    @property
    def input_types(self):
        return {
            "input_signal": NeuralType(("B", "T"), AudioSignal(freq=16000)),
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


class ConformerEncoder(NeuralModule):
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
        }

    @typecheck()
    def forward(self, audio_signal, length):
        return audio_signal, length


class ConvASRDecoder(NeuralModule):
    def __init__(self, num_classes: int) -> None:
        super().__init__()
        self._num_classes = num_classes

    @property
    def input_types(self):
        return {"encoder_output": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    @property
    def output_types(self):
        return {"logprobs": NeuralType(("B", "T", "D"), LogprobsType())}

    @typecheck()
    def forward(self, encoder_output):
        return encoder_output.transpose(1, 2)


class EncDecCTCModel(ModelPT):
    def __init__(self, cfg: Any, trainer: Any = None) -> None:
        super().__init__(cfg=cfg, trainer=trainer)
        self.preprocessor = Preprocessor()
        self.encoder = ConformerEncoder()
        self.decoder = ConvASRDecoder(num_classes=128)
        self.spec_augmentation = from_config_dict(cfg.spec_augment)
        self.loss = from_config_dict(cfg.loss)

    @property
    def input_types(self):
        return {
            "input_signal": NeuralType(("B", "T"), AudioSignal(freq=16000), optional=True),
            "input_signal_length": NeuralType(tuple("B"), LengthsType(), optional=True),
        }

    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "T", "D"), LogprobsType()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }

    @typecheck()
    def forward(self, input_signal=None, input_signal_length=None):
        processed_signal, processed_signal_length = self.preprocessor(
            input_signal=input_signal, length=input_signal_length
        )
        if self.spec_augmentation is not None and self.training:
            processed_signal = self.spec_augmentation(input_spec=processed_signal, length=processed_signal_length)
        encoded, encoded_len = self.encoder(audio_signal=processed_signal, length=processed_signal_length)
        log_probs = self.decoder(encoder_output=encoded)
        greedy_predictions = log_probs.argmax(dim=-1, keepdim=False)
        return log_probs, encoded_len, greedy_predictions

    # case: unannotated_training_step_is_silent
    def training_step(self, batch, batch_nb):
        signal, signal_len, transcript, transcript_len = batch
        log_probs, encoded_len, _predictions = self.forward(input_signal=signal, input_signal_length=signal_len)
        loss_value = self.loss(log_probs=log_probs, targets=transcript, input_lengths=encoded_len, target_lengths=transcript_len)
        return {"loss": loss_value}

    # case: a_transposed_encoder_output_is_reported
    def buggy_step(self, batch):
        signal, signal_len = batch
        spec, spec_len = self.preprocessor(input_signal=signal, length=signal_len)
        encoded, _encoded_len = self.encoder(audio_signal=spec, length=spec_len)
        encoded = encoded.transpose(1, 2)
        return self.decoder(encoder_output=encoded)  # E: argument "encoder_output" of "ConvASRDecoder.forward": expected NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation), got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "ConformerEncoder.forward" output "outputs" via .transpose() (axis 1 is T, expected D)
