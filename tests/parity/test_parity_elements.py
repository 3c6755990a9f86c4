"""NeMo semantics: the 42 element types, their parents, parameters and compare()."""

import pytest

import neuraltypes as nt
from neuraltypes import NeuralTypeComparisonResult as R

PARENTS = {
    "ElementType": [
        "VoidType", "ChannelType", "LogitsType", "ProbsType", "LogprobsType", "LabelsType",
        "LengthsType", "LossType", "AudioSignal", "VideoSignal", "Index", "Target",
        "ImageValue", "StringType", "BoolType", "IntType", "FloatType",
        "ProbabilityDistributionSamplesType", "SequenceToSequenceAlignmentType",
        "NormalDistributionMeanType", "NormalDistributionLogVarianceType",
        "TokenDurationType", "TokenLogDurationType", "LogDeterminantType",
    ],
    "ChannelType": ["EmbeddedTextType", "EncodedRepresentation", "SpectrogramType"],
    "EncodedRepresentation": ["AcousticEncodedRepresentation"],
    "SpectrogramType": ["MelSpectrogramType", "MFCCSpectrogramType"],
    "LabelsType": ["HypothesisType", "PredictionsType"],
    "PredictionsType": ["RegressionValuesType", "CategoricalValuesType", "MaskType"],
    "Target": ["ClassificationTarget"],
    "ImageValue": ["NormalizedImageValue", "ImageFeatureValue"],
    "StringType": ["StringLabel"],
    "IntType": ["TokenIndex", "Length"],
    "ProbabilityDistributionSamplesType": ["NormalDistributionSamplesType"],
}  # fmt: skip
CHILD_TO_PARENT = {child: parent for parent, kids in PARENTS.items() for child in kids}


def test_there_are_42_subclasses_all_exported() -> None:  # deviation D7: all 42 in __all__
    assert len(CHILD_TO_PARENT) == 42
    for name in CHILD_TO_PARENT:
        assert name in nt.__all__, name


@pytest.mark.parametrize("child", sorted(CHILD_TO_PARENT))
def test_direct_parent(child: str) -> None:
    cls = getattr(nt, child)
    assert cls.__bases__ == (getattr(nt, CHILD_TO_PARENT[child]),)


def test_parameters() -> None:
    assert nt.AudioSignal(16000).type_parameters == {"freq": 16000}
    assert nt.AudioSignal().type_parameters == {"freq": None}
    assert nt.VideoSignal(25).type_parameters == {"fps": 25}
    for name in CHILD_TO_PARENT:
        if name not in ("AudioSignal", "VideoSignal"):
            assert getattr(nt, name)().type_parameters == {}
        assert getattr(nt, name)().fields is None


def test_repr_is_the_class_name_and_str_is_short() -> None:  # deviation D6: one short line
    for name in CHILD_TO_PARENT:
        element = getattr(nt, name)()
        assert repr(element) == name
        assert "\n" not in str(element) and str(element)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (nt.SpectrogramType(), nt.SpectrogramType(), R.SAME),
        (nt.AudioSignal(16000), nt.AudioSignal(), R.SAME),  # None is a wildcard
        (nt.AudioSignal(8000), nt.AudioSignal(16000), R.SAME_TYPE_INCOMPATIBLE_PARAMS),
        (nt.MelSpectrogramType(), nt.SpectrogramType(), R.LESS),
        (nt.SpectrogramType(), nt.MelSpectrogramType(), R.GREATER),
        (nt.ChannelType(), nt.AcousticEncodedRepresentation(), R.GREATER),
        (nt.MelSpectrogramType(), nt.MFCCSpectrogramType(), R.INCOMPATIBLE),
        (nt.VoidType(), nt.LogitsType(), R.SAME),  # a Void port accepts anything
        (nt.SpectrogramType(), nt.VoidType(), R.INCOMPATIBLE),  # a Void value compares normally
        (nt.ElementType(), nt.VoidType(), R.GREATER),
    ],
)
def test_element_compare_table(a: nt.ElementType, b: nt.ElementType, expected: R) -> None:
    assert a.compare(b) is expected


def test_parameters_are_ignored_across_subclasses() -> None:
    class Audio16k(nt.AudioSignal):
        """16 kHz audio."""

    assert nt.AudioSignal(8000).compare(Audio16k(16000)) is R.GREATER


def test_fields_differ_is_incompatible() -> None:  # NeMo test_struct
    class Struct(nt.ElementType):
        def __init__(self, fields: tuple[str, ...]) -> None:
            self._f = fields

        @property
        def fields(self) -> tuple[str, ...]:
            return self._f

    assert Struct(("a", "b")).compare(Struct(("a", "c"))) is R.INCOMPATIBLE
    assert Struct(("a", "b")).compare(Struct(("a", "b"))) is R.SAME
