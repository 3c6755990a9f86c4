"""NeMo semantics: axis kinds, labels, and AxisType."""

import pytest

from neuraltypes import AxisKind, AxisKindAbstract, AxisType, NeuralType

MEMBERS = {
    "Batch": 0,
    "Time": 1,
    "Dimension": 2,
    "Width": 3,
    "Height": 4,
    "Any": 5,
    "Sequence": 6,
    "FlowGroup": 7,
    "Singleton": 8,
}

LABELS = {
    AxisKind.Batch: ["b", "n", "batch", " B ", "N"],
    AxisKind.Time: ["t", "time", "t_audio", "T_x"],
    AxisKind.Dimension: ["d", "c", "channel", "D", "C"],
    AxisKind.Width: ["w", "width"],
    AxisKind.Height: ["h", "height"],
    AxisKind.Any: ["any", "Any"],
    AxisKind.Sequence: ["seq", "sequence"],
    AxisKind.FlowGroup: ["flowgroup"],
    AxisKind.Singleton: ["s", "singleton"],
}


def test_members_and_values() -> None:
    assert {m.name: m.value for m in AxisKind} == MEMBERS
    assert issubclass(AxisKind, AxisKindAbstract)


def test_channel_is_an_alias_of_dimension() -> None:
    assert AxisKind.__members__["Channel"] is AxisKind.Dimension
    assert str(AxisKind.Channel) == "dimension"


@pytest.mark.parametrize("kind", list(LABELS))
def test_from_str_labels(kind: AxisKind) -> None:
    for label in LABELS[kind]:
        assert AxisKind.from_str(label) is kind


def test_str_and_repr_are_lower_case_names() -> None:
    assert [str(k) for k in AxisKind] == [n.lower() for n in MEMBERS]
    assert repr(AxisKind.FlowGroup) == "flowgroup"


@pytest.mark.parametrize("label", ["Q", "t_", "frames", "x"])
def test_unknown_label_raises_value_error(label: str) -> None:
    with pytest.raises(ValueError, match="Can't create AxisKind from"):
        AxisKind.from_str(label)


def test_user_kinds_work_through_axis_type() -> None:
    class Freq(AxisKindAbstract):
        Band = 0

    axis = AxisType(Freq.Band, 4)
    assert axis.kind is Freq.Band and axis.size == 4


def test_axis_type_reprs() -> None:
    assert repr(AxisType(AxisKind.Time)) == "time"
    assert repr(AxisType(AxisKind.Time, 10)) == "time:10"
    assert repr(AxisType(AxisKind.Batch, is_list=True)) == "batch_listdim"


def test_axis_type_size_with_is_list_raises() -> None:
    with pytest.raises(ValueError, match="can't be list and have a fixed size"):
        AxisType(AxisKind.Time, 10, is_list=True)


def test_short_string_form_equals_axis_type_form() -> None:  # NeMo test_short_vs_long_version
    short = NeuralType(("B", "D", "T"))
    long = NeuralType((AxisType(AxisKind.Batch), AxisType(AxisKind.Dimension), AxisType("T")))
    assert short == long
    assert short.compare(long).name == "SAME"
