"""Every way of calling a checked ``forward`` gets the same checks and the same call.

The wrapper binds positional calls in C and sends every other form (keywords, defaults left
out, extra positionals, ``*args`` forwards) through the general path; these cases pin that
both agree, and that the fast all-tensors test falls back to the port-by-port messages.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    LengthsType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    SpectrogramType,
    typecheck,
)

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]
OptLengths = Annotated[Tensor | None, NeuralType(("B",), LengthsType())]


class Both(NeuralModule):
    @typecheck()
    def forward(self, spec: Spec, length: OptLengths = None, scale: float = 1.0) -> Spec:
        return spec * scale


class KeywordOnly(NeuralModule):
    @typecheck()
    def forward(self, spec: Spec, *, length: Lengths) -> tuple[Spec, Lengths]:
        return spec, length


class Star(NeuralModule):
    @typecheck()
    def forward(self, spec: Spec, *rest: Any, **extra: Any) -> Spec:
        return spec


@typecheck()
def halve(spec: Spec) -> Spec:
    return spec[:, :, ::2]


def _spec(batch: int = 2) -> Tensor:
    return torch.randn(batch, 4, 6)


@pytest.mark.parametrize(
    "call",
    [
        lambda m, s, n: m(s),
        lambda m, s, n: m(s, n),
        lambda m, s, n: m(s, n, 2.0),
        lambda m, s, n: m(s, length=n),
        lambda m, s, n: m(spec=s, length=n),
        lambda m, s, n: m(s, n, scale=2.0),
        lambda m, s, n: m(s, None),
    ],
    ids=["one", "two", "three", "kw-length", "all-kw", "kw-scale", "none"],
)
def test_every_call_form_checks_and_calls(call: Any) -> None:
    m = Both()
    out = call(m, _spec(), torch.tensor([6, 5]))
    assert out.shape == (2, 4, 6)
    assert out.neural_type == NeuralType(("B", "D", "T"), SpectrogramType())  # type: ignore[attr-defined]


def test_every_call_form_reports_the_same_batch_error() -> None:
    m = Both()
    s, n = _spec(), torch.tensor([6, 5, 4])
    messages = set()
    for call in (lambda: m(s, n), lambda: m(s, length=n), lambda: m(spec=s, length=n)):
        with pytest.raises(NeuralTypeError, match="this call's batch size is 2") as info:
            call()
        messages.add(str(info.value))
    assert len(messages) == 1


def test_rank_error_from_the_fast_path_names_the_port() -> None:
    with pytest.raises(NeuralTypeError, match=r'input "spec".*\(rank 2, expected 3\)'):
        Both()(torch.randn(2, 6))


def test_tagged_input_is_compared_on_the_fast_path() -> None:
    mel = _spec()
    mel.neural_type = NeuralType(("B", "D", "T"), MelSpectrogramType())  # type: ignore[attr-defined]
    Both()(mel)  # a mel spectrogram is a spectrogram
    bad = _spec()
    bad.neural_type = NeuralType(("B", "D", "T"), LengthsType())  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match="tagged"):
        Both()(bad)


def test_missing_and_wrong_arguments_behave_as_the_function() -> None:
    m = Both()
    with pytest.raises(NeuralTypeError, match="mandatory port is missing"):
        m()
    with pytest.raises(NeuralTypeError, match='"lenght" is not a port'):
        m(lenght=torch.tensor([1, 2]))
    with pytest.raises(TypeError, match="positional argument"):
        m(_spec(), None, 1.0, "extra")


def test_keyword_only_port() -> None:
    m = KeywordOnly()
    out, length = m(_spec(), length=torch.tensor([6, 5]))
    assert length.neural_type == NeuralType(("B",), LengthsType())  # type: ignore[attr-defined]
    assert out.neural_type is not None  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match=r'"length".*mandatory port is missing'):
        m(_spec())


def test_star_parameters_are_passed_through() -> None:
    m = Star()
    assert m(_spec(), 1, 2, flag=True).shape == (2, 4, 6)
    with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
        m(torch.randn(2, 6), 1)


def test_plain_function() -> None:
    assert halve(_spec()).shape == (2, 4, 3)
    assert halve(spec=_spec()).shape == (2, 4, 3)
    with pytest.raises(NeuralTypeError, match="rank 1, expected 3"):
        halve(torch.zeros(3))


def test_signature_and_name_are_the_functions() -> None:
    assert str(inspect.signature(Both.forward)) == str(
        inspect.signature(Both.forward.__wrapped__)  # type: ignore[attr-defined]
    )
    assert Both.forward.__qualname__ == "Both.forward"


def test_checks_off_calls_through_in_every_form() -> None:
    m = Both()
    with typecheck.disable_checks():
        assert m(torch.randn(2, 6)).shape == (2, 6)
        assert m(spec=torch.randn(2, 6), length=torch.tensor([1, 2, 3])).shape == (2, 6)


def test_a_tag_that_fitted_once_is_not_compared_again_but_others_are() -> None:
    m = Both()
    mel = NeuralType(("B", "D", "T"), MelSpectrogramType())
    lengths = NeuralType(("B", "D", "T"), LengthsType())
    for tag in (mel, mel, lengths):
        value = _spec()
        value.neural_type = tag  # type: ignore[attr-defined]
        if tag is lengths:
            with typecheck.disable_semantic_checks():
                m(value)  # not compared, so not remembered as fitting
            with pytest.raises(NeuralTypeError, match="tagged"):
                m(value)
        else:
            m(value)


def test_parameters_named_like_the_wrappers_own_names_still_bind() -> None:
    class Odd(NeuralModule):
        @typecheck()
        def forward(self, _nt_k: Spec, _nt_M: Lengths) -> Spec:
            return _nt_k

    out = Odd()(_nt_k=_spec(), _nt_M=torch.tensor([6, 5]))
    assert out.neural_type == NeuralType(("B", "D", "T"), SpectrogramType())  # type: ignore[attr-defined]
    with pytest.raises(NeuralTypeError, match="this call's batch size is 2"):
        Odd()(_spec(), torch.tensor([6, 5, 4]))


def test_checks_come_back_after_a_switch_in_every_form() -> None:
    m = Both()
    with typecheck.disable_checks():
        m(torch.randn(2, 6))
    for call in (lambda: m(torch.randn(2, 6)), lambda: m(spec=torch.randn(2, 6), length=None)):
        with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
            call()


def test_a_subclass_gets_its_own_checks_through_the_same_wrapper() -> None:
    class Legacy(Both):  # NeMo-style properties on a subclass override the annotations
        @property
        def input_types(self) -> dict[str, NeuralType]:
            return {"spec": NeuralType(("B", "T"))}

        @property
        def output_types(self) -> dict[str, NeuralType]:
            return {"out": NeuralType(("B", "T"))}

    assert Legacy()(torch.randn(2, 6)).shape == (2, 6)
    with pytest.raises(NeuralTypeError, match="rank 3, expected 2"):
        Legacy()(_spec())
    with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
        Both()(torch.randn(2, 6))
