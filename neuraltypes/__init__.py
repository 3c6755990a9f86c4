"""neuraltypes: NeMo-compatible neural types for PyTorch, checked at run time and by mypy.

>>> from neuraltypes import NeuralType, SpectrogramType, MelSpectrogramType
>>> NeuralType(("B", "D", "T"), SpectrogramType()).compare(
...     NeuralType(("B", "D", "T"), MelSpectrogramType()))
<NeuralTypeComparisonResult.GREATER: 2>
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._axes import AxisKind as AxisKind
from ._axes import AxisKindAbstract as AxisKindAbstract
from ._axes import AxisType as AxisType
from ._comparison import NeuralTypeComparisonResult as NeuralTypeComparisonResult
from ._elements import AcousticEncodedRepresentation as AcousticEncodedRepresentation
from ._elements import AudioSignal as AudioSignal
from ._elements import BoolType as BoolType
from ._elements import CategoricalValuesType as CategoricalValuesType
from ._elements import ChannelType as ChannelType
from ._elements import ClassificationTarget as ClassificationTarget
from ._elements import ElementType as ElementType
from ._elements import EmbeddedTextType as EmbeddedTextType
from ._elements import EncodedRepresentation as EncodedRepresentation
from ._elements import FloatType as FloatType
from ._elements import HypothesisType as HypothesisType
from ._elements import ImageFeatureValue as ImageFeatureValue
from ._elements import ImageValue as ImageValue
from ._elements import Index as Index
from ._elements import IntType as IntType
from ._elements import LabelsType as LabelsType
from ._elements import Length as Length
from ._elements import LengthsType as LengthsType
from ._elements import LogDeterminantType as LogDeterminantType
from ._elements import LogitsType as LogitsType
from ._elements import LogprobsType as LogprobsType
from ._elements import LossType as LossType
from ._elements import MaskType as MaskType
from ._elements import MelSpectrogramType as MelSpectrogramType
from ._elements import MFCCSpectrogramType as MFCCSpectrogramType
from ._elements import NormalDistributionLogVarianceType as NormalDistributionLogVarianceType
from ._elements import NormalDistributionMeanType as NormalDistributionMeanType
from ._elements import NormalDistributionSamplesType as NormalDistributionSamplesType
from ._elements import NormalizedImageValue as NormalizedImageValue
from ._elements import PredictionsType as PredictionsType
from ._elements import ProbabilityDistributionSamplesType as ProbabilityDistributionSamplesType
from ._elements import ProbsType as ProbsType
from ._elements import RegressionValuesType as RegressionValuesType
from ._elements import SequenceToSequenceAlignmentType as SequenceToSequenceAlignmentType
from ._elements import SpectrogramType as SpectrogramType
from ._elements import StringLabel as StringLabel
from ._elements import StringType as StringType
from ._elements import Target as Target
from ._elements import TokenDurationType as TokenDurationType
from ._elements import TokenIndex as TokenIndex
from ._elements import TokenLogDurationType as TokenLogDurationType
from ._elements import VideoSignal as VideoSignal
from ._elements import VoidType as VoidType
from ._errors import AnnotationError as AnnotationError
from ._errors import NeuralTypeError as NeuralTypeError

# >>> runtime exports (typecheck, NeuralModule, ...) are added below this line
from ._neural_type import NeuralType as NeuralType
from ._reveal import reveal_neural_type as reveal_neural_type

if TYPE_CHECKING:
    from .dryrun import DryRunReport as DryRunReport
    from .dryrun import dry_run as dry_run
    from .freeze import FreezeConfigError as FreezeConfigError
    from .freeze import FreezeSchedule as FreezeSchedule
    from .freeze import FreezeScheduler as FreezeScheduler
    from .runtime._module import NeuralModule as NeuralModule
    from .runtime._module import Typing as Typing
    from .runtime._typecheck import typecheck as typecheck

# <<< runtime exports end

__version__ = "0.1.0"

# Imported on first use: the vocabulary needs no torch, so ``import neuraltypes`` (and the
# ``neuraltypes check``/``migrate`` commands) start without paying for ``import torch``.
_LAZY: dict[str, str] = {
    "NeuralModule": ".runtime._module",
    "Typing": ".runtime._module",
    "typecheck": ".runtime._typecheck",
    "DryRunReport": ".dryrun",
    "dry_run": ".dryrun",
    "FreezeConfigError": ".freeze",
    "FreezeSchedule": ".freeze",
    "FreezeScheduler": ".freeze",
}


def __getattr__(name: str) -> Any:
    """Import the torch-dependent parts only when they are used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'neuraltypes' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "AcousticEncodedRepresentation",
    "AnnotationError",
    "AudioSignal",
    "AxisKind",
    "AxisKindAbstract",
    "AxisType",
    "BoolType",
    "CategoricalValuesType",
    "ChannelType",
    "ClassificationTarget",
    "DryRunReport",
    "ElementType",
    "EmbeddedTextType",
    "EncodedRepresentation",
    "FloatType",
    "FreezeConfigError",
    "FreezeSchedule",
    "FreezeScheduler",
    "HypothesisType",
    "ImageFeatureValue",
    "ImageValue",
    "Index",
    "IntType",
    "LabelsType",
    "Length",
    "LengthsType",
    "LogDeterminantType",
    "LogitsType",
    "LogprobsType",
    "LossType",
    "MFCCSpectrogramType",
    "MaskType",
    "MelSpectrogramType",
    "NeuralModule",
    "NeuralType",
    "NeuralTypeComparisonResult",
    "NeuralTypeError",
    "NormalDistributionLogVarianceType",
    "NormalDistributionMeanType",
    "NormalDistributionSamplesType",
    "NormalizedImageValue",
    "PredictionsType",
    "ProbabilityDistributionSamplesType",
    "ProbsType",
    "RegressionValuesType",
    "SequenceToSequenceAlignmentType",
    "SpectrogramType",
    "StringLabel",
    "StringType",
    "Target",
    "TokenDurationType",
    "TokenIndex",
    "TokenLogDurationType",
    "Typing",
    "VideoSignal",
    "VoidType",
    "__version__",
    "dry_run",
    "reveal_neural_type",
    "typecheck",
]
