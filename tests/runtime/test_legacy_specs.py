"""Legacy NeMo properties are read on every call: each call is checked against what they
return *now*, even though the checker for the last spec is reused without rebuilding it."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    AudioSignal,
    AxisKind,
    AxisType,
    LengthsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    SpectrogramType,
    typecheck,
)


class ModeDependent(NeuralModule):
    """Train mode takes (B, D, T) spectrograms, eval mode (B, T) frames (as some NeMo models)."""

    @property
    def input_types(self) -> dict[str, Any]:
        if self.training:
            return {"x": NeuralType(("B", "D", "T"), SpectrogramType())}
        return {"x": NeuralType(("B", "T"))}

    @property
    def output_types(self) -> dict[str, Any]:
        return {"n": NeuralType(tuple("B"), LengthsType())}

    @typecheck()
    def forward(self, x: Tensor) -> Tensor:
        return x.new_zeros(x.shape[0])


def test_mode_dependent_specs_alternate_correctly() -> None:
    m = ModeDependent()
    for _ in range(2):
        m.train()
        m(x=torch.zeros(2, 4, 5))
        with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
            m(x=torch.zeros(2, 5))
        m.eval()
        m(x=torch.zeros(2, 5))
        with pytest.raises(NeuralTypeError, match="rank 3, expected 2"):
            m(torch.zeros(2, 4, 5))
    state = ModeDependent.forward.__typecheck__  # type: ignore[attr-defined]
    assert len(state.dynamic) == 2  # one compiled checker per distinct spec, reused


class Constant(NeuralModule):
    SPEC: dict[str, Any] = {"x": NeuralType(("B", "T"))}

    @property
    def input_types(self) -> dict[str, Any]:
        return self.SPEC  # the same dict object on every call

    @typecheck()
    def forward(self, x: Tensor) -> Tensor:
        return x


def test_a_constant_spec_mutated_in_place_is_seen() -> None:
    m = Constant()
    m.SPEC = {"x": NeuralType(("B", "T"))}
    m(x=torch.zeros(2, 5))
    m.SPEC["x"] = NeuralType(("B", "D", "T"))
    with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
        m(x=torch.zeros(2, 5))
    m.SPEC["x"] = [NeuralType(("B", "T"))]  # now a container port
    m(x=[torch.zeros(2, 5)])
    with pytest.raises(NeuralTypeError, match="container depth"):
        m(x=[[torch.zeros(2, 5)]])


class Audio(NeuralModule):
    def __init__(self, freq: int) -> None:
        super().__init__()
        self.freq = freq

    @property
    def input_types(self) -> dict[str, Any]:
        return {"audio": NeuralType(["B", "T"], AudioSignal(self.freq))}  # a list: not cached

    @typecheck()
    def forward(self, audio: Tensor) -> Tensor:
        return audio


def test_element_type_parameters_are_compared_on_every_call() -> None:
    m = Audio(8000)
    wave = torch.zeros(2, 100)
    wave.neural_type = NeuralType(("B", "T"), AudioSignal(8000))  # type: ignore[attr-defined]
    m(audio=wave)
    m.freq = 16000
    with pytest.raises(NeuralTypeError, match="tagged"):
        m(audio=wave)
    m.freq = 8000
    m(audio=wave)


class Symbols(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.symbol = "T"

    @property
    def input_types(self) -> dict[str, Any]:
        time = AxisType(AxisKind.Time, symbol=self.symbol)
        return {"a": NeuralType(("B", time)), "b": NeuralType(("B", time))}

    @typecheck()
    def forward(self, a: Tensor, b: Tensor) -> Tensor:
        return a


def test_axis_types_built_per_call_are_compared_by_value() -> None:
    m = Symbols()
    with pytest.raises(NeuralTypeError, match="T is 5"):
        m(a=torch.zeros(2, 5), b=torch.zeros(2, 6))
    m.symbol = "U"
    with pytest.raises(NeuralTypeError, match="U is 5"):
        m(a=torch.zeros(2, 5), b=torch.zeros(2, 6))


class Base(NeuralModule):
    @property
    def input_types(self) -> dict[str, Any]:
        return {"x": NeuralType(("B", "T"))}

    @typecheck()
    def forward(self, x: Tensor) -> Tensor:
        return x


class Child(Base):
    pass


def test_errors_name_the_class_whose_properties_were_read() -> None:
    with pytest.raises(NeuralTypeError, match=r"^Base\.forward"):
        Base()(x=torch.zeros(2))
    with pytest.raises(NeuralTypeError, match=r"^Child\.forward"):
        Child()(x=torch.zeros(2))


def test_a_spec_that_turns_bad_is_reported_not_reused() -> None:
    from neuraltypes import AnnotationError

    m = Constant()
    m.SPEC = {"x": NeuralType(("B", "T"))}
    m(x=torch.zeros(2, 5))
    m.SPEC = {"x": "BT"}
    with pytest.raises(AnnotationError, match="must be a NeuralType"):
        m(x=torch.zeros(2, 5))
