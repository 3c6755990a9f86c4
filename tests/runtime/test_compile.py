"""typecheck under torch.compile(fullgraph=True), torch.export and torch.jit.trace."""

from __future__ import annotations

from typing import Annotated

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    AxisType,
    LengthsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    SpectrogramType,
    typecheck,
)

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]


class Halve(NeuralModule):
    @typecheck()
    def forward(self, spec: Spec, length: Lengths) -> tuple[Spec, Lengths]:
        return spec[:, :, ::2] * 2.0, torch.div(length, 2, rounding_mode="floor")


def _inputs(batch: int = 2) -> tuple[Tensor, Tensor]:
    return torch.randn(batch, 4, 10), torch.full((batch,), 10)


def test_compile_fullgraph_checks_on_and_mismatch_raises() -> None:
    torch._dynamo.reset()
    compiled = torch.compile(Halve(), fullgraph=True, backend="eager")
    spec, length = _inputs()
    out, out_len = compiled(spec, length)
    assert out.shape == (2, 4, 5)
    assert torch.equal(out_len, torch.full((2,), 5))
    # A batch mismatch is still caught inside the compiled region (dynamo reports the user
    # exception it observed; without fullgraph it surfaces as the NeuralTypeError itself).
    with pytest.raises((NeuralTypeError, torch._dynamo.exc.Unsupported)) as info:
        compiled(torch.randn(2, 4, 10), torch.full((3,), 10))
    assert "batch" in str(info.value) + repr(info.value.__cause__)


def test_compile_default_surfaces_neural_type_error() -> None:
    torch._dynamo.reset()
    compiled = torch.compile(Halve(), backend="eager")
    compiled(*_inputs())
    with pytest.raises(NeuralTypeError, match="rank 2, expected 3"):
        compiled(torch.randn(2, 10), torch.full((2,), 10))


def test_compile_fullgraph_has_no_graph_break() -> None:
    torch._dynamo.reset()
    explanation = torch._dynamo.explain(Halve())(*_inputs())
    assert explanation.graph_break_count == 0
    assert explanation.graph_count == 1


def test_export_with_checks_on() -> None:
    exported = torch.export.export(Halve(), _inputs())
    out, out_len = exported.module()(*_inputs())
    assert out.shape == (2, 4, 5)
    assert out_len.shape == (2,)
    with pytest.raises(NeuralTypeError):
        torch.export.export(Halve(), (torch.randn(2, 10), torch.full((2,), 10)))


@pytest.mark.filterwarnings("ignore:`torch.jit.trace:DeprecationWarning")
@pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")  # pytest re-enables them
def test_jit_trace_positional_inputs() -> None:
    traced = torch.jit.trace(Halve(), _inputs())  # type: ignore[no-untyped-call]
    out, out_len = traced(*_inputs(batch=3))
    assert out.shape == (3, 4, 5)
    assert out_len.shape == (3,)


class LegacyHalve(NeuralModule):
    """NeMo style: ports from properties, read on every call (also while dynamo traces)."""

    @property
    def input_types(self) -> dict[str, NeuralType]:
        return {
            "spec": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self) -> dict[str, NeuralType]:
        return {"out": NeuralType(("B", "D", "T"), SpectrogramType())}

    @typecheck()
    def forward(self, spec: Tensor, length: Tensor) -> Tensor:
        return spec[:, :, ::2] * 2.0


def test_compile_fullgraph_legacy_properties() -> None:
    torch._dynamo.reset()
    compiled = torch.compile(LegacyHalve(), fullgraph=True, backend="eager")
    assert compiled(spec=torch.randn(2, 4, 10), length=torch.full((2,), 10)).shape == (2, 4, 5)
    with pytest.raises((NeuralTypeError, torch._dynamo.exc.Unsupported)):
        compiled(spec=torch.randn(2, 10), length=torch.full((2,), 10))


class Fixed(NeuralModule):
    @typecheck()
    def forward(
        self, spec: Annotated[Tensor, NeuralType(("B", AxisType("D", 4), "T"), SpectrogramType())]
    ) -> Spec:
        return spec


@pytest.mark.parametrize(
    ("module", "good", "bad", "message"),
    [
        (
            Halve,
            _inputs(),
            (torch.randn(2, 4, 10), torch.full((3,), 10)),
            'input "length": expected axes (batch,), but got shape (3,): axis 0 (batch) has '
            "size 3, but this call's batch size is 2",
        ),
        (
            Halve,
            _inputs(),
            (torch.randn(2, 10), torch.full((2,), 10)),
            'input "spec": expected axes (batch, dimension, time), but got shape (2, 10) '
            "(rank 2, expected 3)",
        ),
        (
            Fixed,
            (torch.randn(2, 4, 10),),
            (torch.randn(2, 5, 10),),
            "axis 1 (dimension:4) has size 5, expected 4",
        ),
        (
            LegacyHalve,
            _inputs(),
            (torch.randn(2, 4, 10), torch.full((3,), 10)),
            # ports built inside the trace (legacy properties) cannot be printed there
            'input "length": expected axes ?, but got shape (3,): axis 0 (batch) has size 3',
        ),
    ],
)
def test_compile_fullgraph_failure_carries_the_neural_type_message(
    module: type[torch.nn.Module],
    good: tuple[Tensor, ...],
    bad: tuple[Tensor, ...],
    message: str,
) -> None:
    # Building the message used str.join over user objects and symbolic sizes, which dynamo
    # cannot trace: the user got "Dynamo does not know how to trace method join" instead.
    torch._dynamo.reset()
    compiled = torch.compile(module(), fullgraph=True, backend="eager")
    compiled(*good)
    with pytest.raises((NeuralTypeError, torch._dynamo.exc.Unsupported)) as info:
        compiled(*bad)
    text = str(info.value).replace("\\'", "'")  # dynamo quotes the message with repr()
    assert message in text and "HINT:" in text, text


def test_compile_fullgraph_inside_disable_checks_calls_through() -> None:
    torch._dynamo.reset()
    compiled = torch.compile(Halve(), fullgraph=True, backend="eager")
    with typecheck.disable_checks():
        out, _ = compiled(torch.randn(2, 4, 10), torch.full((3,), 10))  # batch 3 vs 2: unchecked
    assert out.shape == (2, 4, 5)
    # the switch is a constant of the graph (docs/runtime.md); a new graph reads it again
    torch._dynamo.reset()
    with pytest.raises((NeuralTypeError, torch._dynamo.exc.Unsupported)):
        compiled(torch.randn(2, 4, 10), torch.full((3,), 10))
