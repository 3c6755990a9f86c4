"""Messages for misspelt port names: the stray keyword is named, with the closest port."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
import torch
from torch import Tensor

from neuraltypes import LengthsType, NeuralModule, NeuralType, NeuralTypeError, typecheck

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"))]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]


class Encoder(NeuralModule):
    @typecheck()
    def forward(self, audio_signal: Spec, length: Lengths, scale: float = 1.0) -> Spec:
        return audio_signal * scale


class LegacyEncoder(NeuralModule):
    @property
    def input_types(self) -> dict[str, Any]:
        return {"audio_signal": NeuralType(("B", "D", "T")), "length": NeuralType(("B",))}

    @typecheck()
    def forward(self, audio_signal: Tensor, length: Tensor) -> Tensor:
        return audio_signal


def test_unknown_keyword_is_named_with_the_closest_port() -> None:
    with pytest.raises(NeuralTypeError) as info:
        Encoder()(audio=torch.zeros(2, 4, 5), length=torch.ones(2))
    first = str(info.value).splitlines()[0]
    assert first == (
        'Encoder.forward: input "audio_signal": mandatory port is missing; '
        '"audio" is not a port of Encoder.forward (did you mean "audio_signal"?)'
    )


def test_misspelt_second_port_is_suggested() -> None:
    with pytest.raises(NeuralTypeError, match=r'"lenght" is not a port .*did you mean "length"'):
        Encoder()(torch.zeros(2, 4, 5), lenght=torch.ones(2))


def test_non_port_parameters_are_not_reported_as_strays() -> None:
    with pytest.raises(NeuralTypeError) as info:
        Encoder()(audio_signal=torch.zeros(2, 4, 5), scale=2.0)
    assert "scale" not in str(info.value)
    assert 'input "length": mandatory port is missing' in str(info.value)


def test_no_suggestion_for_an_unrelated_name() -> None:
    with pytest.raises(NeuralTypeError) as info:
        Encoder()(zzz=1, length=torch.ones(2))
    assert '"zzz" is not a port of Encoder.forward' in str(info.value)
    assert "did you mean" not in str(info.value)


def test_legacy_unknown_keyword_suggests_the_closest_port() -> None:
    with pytest.raises(
        NeuralTypeError, match=r'input "audio": no such input port .*"audio_signal"'
    ):
        LegacyEncoder()(audio=torch.zeros(2, 4, 5), length=torch.ones(2))


def test_an_extra_unknown_keyword_is_a_neural_type_error_with_the_closest_port() -> None:
    # every port is given: Python would raise a plain TypeError for the stray keyword
    with pytest.raises(NeuralTypeError) as info:
        Encoder()(audio_signal=torch.zeros(2, 4, 5), length=torch.ones(2), lenght=1)
    first = str(info.value).splitlines()[0]
    assert first.startswith('Encoder.forward: input "lenght": no such input port')
    assert first.endswith('(did you mean "length"?)')


def test_a_misspelt_non_port_parameter_is_suggested() -> None:
    with pytest.raises(NeuralTypeError, match=r'input "scal": .*did you mean "scale"'):
        Encoder()(audio_signal=torch.zeros(2, 4, 5), length=torch.ones(2), scal=2.0)


def test_keywords_pass_through_to_a_forward_with_var_keywords() -> None:
    class Open(NeuralModule):
        @typecheck()
        def forward(self, audio_signal: Spec, **extra: Any) -> Spec:
            return audio_signal

    out = Open()(audio_signal=torch.zeros(2, 4, 5), anything=1)
    assert out.shape == (2, 4, 5)
