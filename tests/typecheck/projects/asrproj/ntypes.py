"""Shared neural-type aliases, imported by every module of the project."""

from typing import Annotated, NamedTuple, TypeAlias

from torch import Tensor

from neuraltypes import (
    AudioSignal,
    LabelsType,
    LengthsType,
    LogitsType,
    LogprobsType,
    LossType,
    MelSpectrogramType,
    NeuralType,
)

from .elements import ConformerEncoding

SAMPLE_RATE = 16000

Audio = Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=16000))]
Audio8k: TypeAlias = Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=8000))]
Lengths = Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]
Mel = Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())]
Encoded: TypeAlias = Annotated[Tensor, NeuralType(("B", "D", "T"), ConformerEncoding())]
Logits = Annotated[Tensor, NeuralType(("B", "T", "D"), LogitsType())]
LogProbs = Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]
Labels = Annotated[Tensor, NeuralType(("B", "T"), LabelsType())]
Loss = Annotated[Tensor, NeuralType(None, LossType())]


class EncoderOutput(NamedTuple):
    """What every encoder returns."""

    encoded: Encoded
    encoded_len: Lengths
