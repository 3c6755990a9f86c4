"""Element types: what the numbers in a tensor mean, as a class hierarchy (NeMo's 42 types)."""

from __future__ import annotations

from abc import ABC
from typing import Any

from ._comparison import NeuralTypeComparisonResult

__all__ = [
    "AcousticEncodedRepresentation",
    "AudioSignal",
    "BoolType",
    "CategoricalValuesType",
    "ChannelType",
    "ClassificationTarget",
    "ElementType",
    "EmbeddedTextType",
    "EncodedRepresentation",
    "FloatType",
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
    "VideoSignal",
    "VoidType",
]

_R = NeuralTypeComparisonResult


class ElementType(ABC):  # noqa: B024 - abstract by convention, as in NeMo
    """Base of all element types. Subclass it to define your own.

    Equality is structural (class, ``type_parameters``, ``fields``) and types are hashable.

    >>> class Phoneme(ElementType):
    ...     '''Phoneme posteriors.'''
    >>> str(Phoneme()), repr(Phoneme()), Phoneme() == Phoneme()
    ('Phoneme posteriors.', 'Phoneme', True)
    """

    def __str__(self) -> str:
        # Deviation D6: NeMo returns the whole (multi-line) docstring.
        doc = type(self).__doc__
        if not doc or not doc.strip():
            return type(self).__name__
        return doc.strip().splitlines()[0].strip()

    def __repr__(self) -> str:
        return self.__class__.__name__

    @property
    def type_parameters(self) -> dict[str, Any]:
        """Parameters that must agree for two values of the same class (e.g. ``freq``)."""
        return {}

    @property
    def fields(self) -> Any:
        """Field names for struct-like types; ``None`` for plain types."""
        return None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A class that keeps the base ``type_parameters``/``fields`` has one value per class:
        # equality and hashing need only the class (legacy NeMo properties hash fresh types).
        cls._nt_plain = cls.type_parameters is _BASE_PARAMS and cls.fields is _BASE_FIELDS

    _nt_plain = True

    def _key(self) -> tuple[Any, ...]:
        return (type(self), tuple(sorted(self.type_parameters.items())), self.fields)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(self) is not type(other):
            return False if isinstance(other, ElementType) else NotImplemented
        if self._nt_plain:
            return True
        return self.type_parameters == other.type_parameters and self.fields == other.fields

    def __hash__(self) -> int:
        if self._nt_plain:
            return hash(type(self))
        try:
            return hash(self._key())
        except TypeError:  # unhashable user fields: fall back to the class
            return hash(type(self))

    def compare(self, second: ElementType) -> NeuralTypeComparisonResult:
        """Compare exact classes, then parameters (``None`` is a wildcard), then fields.

        >>> SpectrogramType().compare(MelSpectrogramType())
        <NeuralTypeComparisonResult.GREATER: 2>
        >>> AudioSignal(8000).compare(AudioSignal(16000))
        <NeuralTypeComparisonResult.SAME_TYPE_INCOMPATIBLE_PARAMS: 7>
        """
        first_t = type(self)
        second_t = type(second)
        if first_t is not second_t:
            if issubclass(first_t, second_t):
                return _R.LESS
            if issubclass(second_t, first_t):
                return _R.GREATER
            return _R.INCOMPATIBLE
        params_a = self.type_parameters
        params_b = second.type_parameters
        if params_a.keys() != params_b.keys():
            return _R.SAME_TYPE_INCOMPATIBLE_PARAMS
        for key, value in params_a.items():
            other = params_b[key]
            if value is not None and other is not None and value != other:
                return _R.SAME_TYPE_INCOMPATIBLE_PARAMS
        if self.fields == second.fields:
            return _R.SAME
        return _R.INCOMPATIBLE


_BASE_PARAMS = ElementType.__dict__["type_parameters"]
_BASE_FIELDS = ElementType.__dict__["fields"]


class VoidType(ElementType):
    """Void: accepts any element type (as a port); compares normally as a value."""

    def compare(self, second: ElementType) -> NeuralTypeComparisonResult:
        return _R.SAME


class ChannelType(ElementType):
    """Values in a channel (feature) dimension."""


class EmbeddedTextType(ChannelType):
    """Embedded text."""


class LogitsType(ElementType):
    """Logits (unnormalised scores)."""


class ProbsType(ElementType):
    """Probabilities."""


class LogprobsType(ElementType):
    """Log-probabilities."""


class LabelsType(ElementType):
    """Labels (class indices or token ids)."""


class HypothesisType(LabelsType):
    """Hypotheses (decoded predictions)."""


class LengthsType(ElementType):
    """Lengths of sequences."""


class LossType(ElementType):
    """A loss value."""


class EncodedRepresentation(ChannelType):
    """An encoder's output representation."""


class AcousticEncodedRepresentation(EncodedRepresentation):
    """An acoustic encoder's output representation."""


class AudioSignal(ElementType):
    """An audio signal (waveform samples), optionally at a given sample rate.

    >>> AudioSignal(16000).type_parameters
    {'freq': 16000}
    """

    def __init__(self, freq: int | None = None) -> None:
        self._freq = freq

    @property
    def type_parameters(self) -> dict[str, Any]:
        return {"freq": self._freq}


class VideoSignal(ElementType):
    """A video signal, optionally at a given frame rate."""

    def __init__(self, fps: int | None = None) -> None:
        self._fps = fps

    @property
    def type_parameters(self) -> dict[str, Any]:
        return {"fps": self._fps}


class SpectrogramType(ChannelType):
    """A spectrogram."""


class MelSpectrogramType(SpectrogramType):
    """A mel spectrogram."""


class MFCCSpectrogramType(SpectrogramType):
    """MFCC features."""


class PredictionsType(LabelsType):
    """Predictions."""


class RegressionValuesType(PredictionsType):
    """Regression values."""


class CategoricalValuesType(PredictionsType):
    """Categorical values."""


class MaskType(PredictionsType):
    """A mask."""


class Index(ElementType):
    """Indices."""


class Target(ElementType):
    """Targets."""


class ClassificationTarget(Target):
    """Classification targets."""


class ImageValue(ElementType):
    """Image pixel values."""


class NormalizedImageValue(ImageValue):
    """Normalised image pixel values."""


class ImageFeatureValue(ImageValue):
    """Image feature values."""


class StringType(ElementType):
    """Strings."""


class StringLabel(StringType):
    """String labels."""


class BoolType(ElementType):
    """Booleans."""


class IntType(ElementType):
    """Integers."""


class FloatType(ElementType):
    """Floats."""


class TokenIndex(IntType):
    """Token indices."""


class Length(IntType):
    """A length."""


class ProbabilityDistributionSamplesType(ElementType):
    """Samples from a probability distribution."""


class NormalDistributionSamplesType(ProbabilityDistributionSamplesType):
    """Samples from a normal distribution."""


class SequenceToSequenceAlignmentType(ElementType):
    """Sequence-to-sequence alignments."""


class NormalDistributionMeanType(ElementType):
    """Means of a normal distribution."""


class NormalDistributionLogVarianceType(ElementType):
    """Log-variances of a normal distribution."""


class TokenDurationType(ElementType):
    """Token durations."""


class TokenLogDurationType(ElementType):
    """Log token durations."""


class LogDeterminantType(ElementType):
    """Log-determinants."""
