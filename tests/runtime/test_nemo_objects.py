"""NeMo's own ``NeuralType`` objects (unhashable, other classes) in properties, decorator
arguments and tags: read as ours, so ``neuraltypes.typecheck`` can stand in for NeMo's.

The stand-ins below mirror NeMo's classes as the runtime sees them: the same class names and
attributes, ``__eq__`` without ``__hash__``. (With NeMo installed, ``benchmarks/nemo_roundtrip.py
--our-typecheck`` runs NeMo's own ASR tests this way.)
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
import torch
from torch import Tensor

from neuraltypes import NeuralModule, NeuralTypeError, typecheck
from neuraltypes import NeuralType as OurNeuralType
from neuraltypes import SpectrogramType as OurSpectrogram


class AxisKind(enum.Enum):  # NeMo's names
    Batch = 0
    Time = 1
    Dimension = 2


class AxisType:
    def __init__(self, kind: AxisKind, size: int | None = None, is_list: bool = False) -> None:
        self.kind, self.size, self.is_list = kind, size, is_list


class ElementType:
    type_parameters: dict[str, Any] = {}


class SpectrogramType(ElementType):
    pass


class MelSpectrogramType(SpectrogramType):
    pass


class LengthsType(ElementType):
    pass


class MyCustomSpectrogram(MelSpectrogramType):  # a user's subclass, unknown to neuraltypes
    pass


class NeuralType:
    def __init__(self, axes: tuple[AxisType, ...], elements_type: ElementType) -> None:
        self.axes, self.elements_type, self.optional = axes, elements_type, False

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, NeuralType)
            and type(self.elements_type) is type(other.elements_type)
            and [a.kind for a in self.axes] == [a.kind for a in other.axes]
        )

    __hash__ = None  # type: ignore[assignment]  # as NeMo's: __eq__ without __hash__


BDT = (AxisType(AxisKind.Batch), AxisType(AxisKind.Dimension), AxisType(AxisKind.Time))


class NemoStyle(NeuralModule):
    @property
    def input_types(self) -> dict[str, Any]:
        return {
            "audio_signal": NeuralType(BDT, SpectrogramType()),
            "length": NeuralType((AxisType(AxisKind.Batch),), LengthsType()),
        }

    @property
    def output_types(self) -> dict[str, Any]:
        return {"out": NeuralType(BDT, MelSpectrogramType())}

    @typecheck()
    def forward(self, audio_signal: Tensor, length: Tensor) -> Tensor:
        return audio_signal * 1.0


def test_nemo_neural_types_in_properties_are_checked_on_every_call() -> None:
    m = NemoStyle()
    for _ in range(3):  # the spec is looked up again on each call: unhashable keys must work
        out = m(audio_signal=torch.zeros(2, 4, 5), length=torch.ones(2))
        assert out.shape == (2, 4, 5)
    with pytest.raises(NeuralTypeError, match=r'input "audio_signal".*rank 2, expected 3'):
        m(audio_signal=torch.zeros(2, 5), length=torch.ones(2))
    with pytest.raises(NeuralTypeError, match="batch size is 2"):
        m(audio_signal=torch.zeros(2, 4, 5), length=torch.ones(3))


def test_outputs_are_tagged_with_our_type_of_the_same_name() -> None:
    out = NemoStyle()(audio_signal=torch.zeros(2, 4, 5), length=torch.ones(2))
    assert type(out.neural_type) is OurNeuralType  # type: ignore[attr-defined]
    assert type(out.neural_type.elements_type).__name__ == "MelSpectrogramType"  # type: ignore[attr-defined]


def test_a_value_tagged_by_nemo_is_compared_with_the_hierarchy() -> None:
    m = NemoStyle()
    custom = torch.zeros(2, 4, 5)
    custom.neural_type = NeuralType(BDT, MyCustomSpectrogram())  # type: ignore[attr-defined]
    m(audio_signal=custom, length=torch.ones(2))  # a subclass of a spectrogram: accepted
    wrong = torch.zeros(2, 4, 5)
    wrong.neural_type = NeuralType(BDT, LengthsType())  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match=r'input "audio_signal".*tagged'):
        m(audio_signal=wrong, length=torch.ones(2))


def test_decorator_arguments_may_be_nemo_neural_types() -> None:
    class Given(NeuralModule):
        @typecheck(
            input_types={"x": NeuralType(BDT, SpectrogramType())},
            output_types={"y": NeuralType(BDT, SpectrogramType())},
        )
        def forward(self, x: Tensor) -> Tensor:
            return x

    out = Given()(x=torch.zeros(1, 2, 3))
    assert out.neural_type == OurNeuralType(("B", "D", "T"), OurSpectrogram())  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match="rank 1, expected 3"):
        Given()(x=torch.zeros(3))


def test_type_state_is_nemos_default_marker() -> None:
    class Explicit(NemoStyle):
        @typecheck(input_types=typecheck.TypeState.UNINITIALIZED)  # NeMo's default, spelt out
        def forward(self, audio_signal: Tensor, length: Tensor) -> Tensor:
            return audio_signal * 1.0

    assert typecheck().input_types is typecheck.TypeState.UNINITIALIZED
    with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):  # the properties apply
        Explicit()(audio_signal=torch.zeros(2, 5), length=torch.ones(2))
