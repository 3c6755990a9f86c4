# fmt: off
# ruff: noqa
from .audio_preprocessing import AudioToMelSpectrogramPreprocessor, SpectrogramAugmentation
from .conv_asr import (
    ConvASRDecoder,
    ConvASRDecoderClassification,
    ConvASREncoder,
    SpeakerDecoder,
)
from .conformer_encoder import ConformerEncoder
from .rnnt import RNNTDecoder, RNNTJoint

__all__ = [
    "AudioToMelSpectrogramPreprocessor",
    "SpectrogramAugmentation",
    "ConvASRDecoder",
    "ConvASRDecoderClassification",
    "ConvASREncoder",
    "SpeakerDecoder",
    "ConformerEncoder",
    "RNNTDecoder",
    "RNNTJoint",
]
