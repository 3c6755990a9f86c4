"""The project's neural types, written once and imported everywhere (a new user's habit)."""

from typing import Annotated

from torch import Tensor

from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    EncodedRepresentation,
    LabelsType,
    LengthsType,
    LogprobsType,
    LossType,
    MaskType,
    MelSpectrogramType,
    NeuralType,
)

Audio = Annotated[Tensor, NeuralType(("B", "T"), AudioSignal())]
Lengths = Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]
Mel = Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())]
Encoded = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]
EncodedBTD = Annotated[Tensor, NeuralType(("B", "T", "D"), EncodedRepresentation())]
Pooled = Annotated[Tensor, NeuralType(("B", "D"), EncodedRepresentation())]
Mask = Annotated[Tensor, NeuralType(("B", "T"), MaskType())]
Tokens = Annotated[Tensor, NeuralType(("B", "T"), LabelsType())]
LogProbs = Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]
Loss = Annotated[Tensor, NeuralType(None, LossType())]
