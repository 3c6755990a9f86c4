"""NeMo semantics of NeuralType and NeMo's test_neural_types.py inventory."""

import pytest

from neuraltypes import (
    AnnotationError,
    AudioSignal,
    AxisKind,
    AxisKindAbstract,
    AxisType,
    ChannelType,
    ElementType,
    LabelsType,
    LengthsType,
    MelSpectrogramType,
    MFCCSpectrogramType,
    NeuralType,
    SpectrogramType,
    VoidType,
)
from neuraltypes import NeuralTypeComparisonResult as R


def nt(axes: object = None, element: ElementType | None = None) -> NeuralType:
    return NeuralType(axes, element)  # type: ignore[arg-type]


def test_comparison_enum() -> None:
    assert [(m.name, m.value) for m in R] == [
        ("SAME", 0), ("LESS", 1), ("GREATER", 2), ("DIM_INCOMPATIBLE", 3), ("TRANSPOSE_SAME", 4),
        ("CONTAINER_SIZE_MISMATCH", 5), ("INCOMPATIBLE", 6), ("SAME_TYPE_INCOMPATIBLE_PARAMS", 7),
        ("UNCHECKED", 8),
    ]  # fmt: skip
    assert str(R.SAME) == "NeuralTypeComparisonResult.SAME"
    assert all(bool(m) for m in R)  # a plain Enum: `assert a.compare(b)` holds for SAME too


def test_constructor_defaults_and_class_instead_of_instance() -> None:
    assert isinstance(NeuralType().elements_type, VoidType)
    assert NeuralType().axes is None and NeuralType().optional is False
    with pytest.raises(ValueError, match="Did you pass a class instead"):
        NeuralType(("B",), SpectrogramType)  # type: ignore[arg-type]


def test_single_axis_written_as_tuple_of_a_string() -> None:
    assert NeuralType(tuple("B")).axes == (AxisType(AxisKind.Batch),)


def test_list_axis_after_tensor_axis_raises_value_error() -> None:
    with pytest.raises(ValueError, match="list dimension after Tensor dimension"):
        NeuralType((AxisType("B"), AxisType("T", is_list=True)))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # test_parameterized_type_audio_sampling_frequency
        (nt(("B", "T"), AudioSignal(16000)), nt(("B", "T"), AudioSignal(8000)),
         R.SAME_TYPE_INCOMPATIBLE_PARAMS),
        (nt(("B", "T"), AudioSignal(16000)), nt(("B", "T"), AudioSignal(16000)), R.SAME),
        # test_transpose_same_1 / _2
        (nt(("B", "T", "C"), SpectrogramType()), nt(("T", "B", "C"), SpectrogramType()),
         R.TRANSPOSE_SAME),
        (nt(("B", "T"), AudioSignal()), nt(("T", "B"), AudioSignal()), R.TRANSPOSE_SAME),
        # test_inheritance_spec_augment_example
        (nt(("B", "D", "T"), MelSpectrogramType()), nt(("B", "D", "T"), MFCCSpectrogramType()),
         R.INCOMPATIBLE),
        (nt(("B", "D", "T"), SpectrogramType()), nt(("B", "D", "T"), MelSpectrogramType()),
         R.GREATER),
        (nt(("B", "D", "T"), MelSpectrogramType()), nt(("B", "D", "T"), SpectrogramType()),
         R.LESS),
        # test_singletone
        (nt(None, LengthsType()), nt(None, LengthsType()), R.SAME),
        # test_list_of_lists
        (nt((AxisType("B", is_list=True), AxisType("T"))), nt(("B", "T")), R.TRANSPOSE_SAME),
        # test_void
        (nt(("B", "T", "C"), VoidType()), nt(("B", "T", "C"), SpectrogramType()), R.SAME),
        (nt(("B", "T", "C"), SpectrogramType()), nt(("B", "T", "C"), VoidType()), R.INCOMPATIBLE),
        (nt(("B", "T", "C"), VoidType()), nt(("B", "T"), SpectrogramType()), R.INCOMPATIBLE),
        # test_big_void
        (NeuralType(), nt(("B", "T", "C"), SpectrogramType()), R.SAME),
        (NeuralType(), nt(None, LabelsType()), R.SAME),
        # test_unspecified_dimensions
        (nt(("B", "T")), nt((AxisType("B", 3), AxisType("T", 8))), R.SAME),
        (nt((AxisType("B", 3), AxisType("T", 8))), nt(("B", "T")), R.DIM_INCOMPATIBLE),
        # test_any_axis
        (nt(("B", "Any", "Any"), SpectrogramType()), nt(("B", "T", "C"), SpectrogramType()),
         R.SAME),
        (nt(("B", "T", "C"), SpectrogramType()), nt(("B", "Any", "Any"), SpectrogramType()),
         R.INCOMPATIBLE),
        # consequences listed in section 3
        (nt(("B", "T"), ChannelType()), nt(("T", "B"), SpectrogramType()), R.INCOMPATIBLE),
        (nt(("B", "T", "T")), nt(("T", "B", "T")), R.TRANSPOSE_SAME),
        (nt(("B",), LengthsType()), nt(None, LengthsType()), R.INCOMPATIBLE),
        (nt(None, LengthsType()), nt(("B",), LengthsType()), R.INCOMPATIBLE),
    ],
)  # fmt: skip
def test_compare_table(a: NeuralType, b: NeuralType, expected: R) -> None:
    assert a.compare(b) is expected


def test_custom_axis_kind_with_struct_fields_is_incompatible() -> None:  # NeMo test_struct
    class Box(AxisKindAbstract):
        Box = 0

    class BoundingBox(ElementType):
        @property
        def fields(self) -> tuple[str, ...]:
            return ("X", "Y", "W", "H")

    class Other(ElementType):
        @property
        def fields(self) -> tuple[str, ...]:
            return ("X", "Y")

    a = NeuralType((AxisType("B"), AxisType(Box.Box)), BoundingBox())
    assert a.compare(NeuralType((AxisType("B"), AxisType(Box.Box)), BoundingBox())) is R.SAME
    assert a.compare(NeuralType((AxisType("B"), AxisType(Box.Box)), Other())) is R.INCOMPATIBLE


def test_str_and_repr_formats() -> None:
    mel = NeuralType(("B", "D", "T"), MelSpectrogramType())
    assert str(mel) == "axes: (batch, dimension, time); elements_type: MelSpectrogramType"
    assert str(NeuralType()) == "axes: None; elements_type: VoidType"
    assert str(NeuralType(tuple("B"))) == "axes: (batch,); elements_type: VoidType"
    assert repr(mel) == "NeuralType(axis=(batch, dimension, time), element_type=MelSpectrogramType)"
    optional = NeuralType(("B", "D", "T"), MelSpectrogramType(), optional=True)
    assert repr(optional).endswith("element_type=MelSpectrogramType, optional=True)")


# -- deviations D1-D5 (types) ------------------------------------------------------------------


def test_d1_any_axis_matches_only_its_own_position() -> None:
    bwh = nt(("B", "W", "H"))
    assert nt(("B", "T", "any")).compare(bwh) is R.INCOMPATIBLE  # NeMo: SAME
    assert nt(("B", "any", "T")).compare(bwh) is R.INCOMPATIBLE
    assert nt(("B", "any", "H")).compare(bwh) is R.SAME


def test_d2_equality_is_structural() -> None:
    assert NeuralType(("B",), LengthsType()) == NeuralType(("B",), LengthsType())
    assert NeuralType(("B",), LengthsType()) != NeuralType(("T",), LengthsType())  # NeMo: ==


def test_d3_types_are_hashable_and_immutable() -> None:
    port = NeuralType(("B", "T"), AudioSignal(16000))
    assert {port: 1}[NeuralType(("B", "T"), AudioSignal(16000))] == 1
    with pytest.raises(AttributeError):
        port.optional = True


def test_d4_mixed_axes_follow_one_rule() -> None:
    assert NeuralType((AxisType("B"), "T")) == NeuralType(("B", AxisType("T")))
    for bad in [(AxisType("B"), 3), (3, AxisType("B"))]:
        with pytest.raises(AnnotationError, match="must be a label string or an AxisType"):
            NeuralType(bad)  # type: ignore[arg-type]


def test_d5_every_printed_name_parses() -> None:
    for kind in AxisKind:
        assert AxisKind.from_str(str(kind)) is kind
