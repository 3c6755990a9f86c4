# ``nemo.core.neural_types.elements`` mapped onto ``neuraltypes``.

from typing import Any

from neuraltypes._elements import AcousticEncodedRepresentation as AcousticEncodedRepresentation
from neuraltypes._elements import AudioSignal as AudioSignal
from neuraltypes._elements import BoolType as BoolType
from neuraltypes._elements import CategoricalValuesType as CategoricalValuesType
from neuraltypes._elements import ChannelType as ChannelType
from neuraltypes._elements import ClassificationTarget as ClassificationTarget
from neuraltypes._elements import ElementType as ElementType
from neuraltypes._elements import EmbeddedTextType as EmbeddedTextType
from neuraltypes._elements import EncodedRepresentation as EncodedRepresentation
from neuraltypes._elements import FloatType as FloatType
from neuraltypes._elements import HypothesisType as HypothesisType
from neuraltypes._elements import ImageFeatureValue as ImageFeatureValue
from neuraltypes._elements import ImageValue as ImageValue
from neuraltypes._elements import Index as Index
from neuraltypes._elements import IntType as IntType
from neuraltypes._elements import LabelsType as LabelsType
from neuraltypes._elements import Length as Length
from neuraltypes._elements import LengthsType as LengthsType
from neuraltypes._elements import LogDeterminantType as LogDeterminantType
from neuraltypes._elements import LogitsType as LogitsType
from neuraltypes._elements import LogprobsType as LogprobsType
from neuraltypes._elements import LossType as LossType
from neuraltypes._elements import MaskType as MaskType
from neuraltypes._elements import MelSpectrogramType as MelSpectrogramType
from neuraltypes._elements import MFCCSpectrogramType as MFCCSpectrogramType
from neuraltypes._elements import (
    NormalDistributionLogVarianceType as NormalDistributionLogVarianceType,
)
from neuraltypes._elements import NormalDistributionMeanType as NormalDistributionMeanType
from neuraltypes._elements import NormalDistributionSamplesType as NormalDistributionSamplesType
from neuraltypes._elements import NormalizedImageValue as NormalizedImageValue
from neuraltypes._elements import PredictionsType as PredictionsType
from neuraltypes._elements import (
    ProbabilityDistributionSamplesType as ProbabilityDistributionSamplesType,
)
from neuraltypes._elements import ProbsType as ProbsType
from neuraltypes._elements import RegressionValuesType as RegressionValuesType
from neuraltypes._elements import SequenceToSequenceAlignmentType as SequenceToSequenceAlignmentType
from neuraltypes._elements import SpectrogramType as SpectrogramType
from neuraltypes._elements import StringLabel as StringLabel
from neuraltypes._elements import StringType as StringType
from neuraltypes._elements import Target as Target
from neuraltypes._elements import TokenDurationType as TokenDurationType
from neuraltypes._elements import TokenIndex as TokenIndex
from neuraltypes._elements import TokenLogDurationType as TokenLogDurationType
from neuraltypes._elements import VideoSignal as VideoSignal
from neuraltypes._elements import VoidType as VoidType

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
