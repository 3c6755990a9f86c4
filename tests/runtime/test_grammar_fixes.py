"""Run-time reading of ports: containers, bare values for container ports, and bad string
annotations named by their port."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    AnnotationError,
    LogitsType,
    LogprobsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    typecheck,
)
from neuraltypes.runtime._ports import read_signature

BT = NeuralType(("B", "T"))


def test_a_list_inside_annotated_is_a_container_port() -> None:
    def f(xs: Annotated[list[Tensor], BT]) -> None: ...

    (port,) = read_signature(f).inputs
    assert (port.name, port.depth) == ("xs", 1)


def test_a_sequence_of_annotated_tensors_is_a_container_port() -> None:
    def f(xs: Sequence[Annotated[Tensor, BT]]) -> None: ...

    (port,) = read_signature(f).inputs
    assert (port.name, port.depth) == ("xs", 1)


class Pool(NeuralModule):
    @typecheck()
    def forward(self, xs: list[Annotated[Tensor, BT]]) -> Annotated[Tensor, BT]:
        return sum(xs, torch.zeros(2, 3))


def test_a_container_port_takes_a_list_of_tensors() -> None:
    assert Pool()([torch.ones(2, 3), torch.ones(2, 3)]).shape == (2, 3)


def test_a_container_port_rejects_a_bare_tensor_at_the_input() -> None:
    with pytest.raises(NeuralTypeError, match=r'input "xs": expected container depth 1'):
        Pool()(torch.ones(2, 3))


def test_an_unknown_axis_label_in_a_string_annotation_names_the_port() -> None:
    def f(x: Annotated[Tensor, NeuralType(("B", "Tm"))]) -> None: ...

    with pytest.raises(AnnotationError, match=r"parameter 'x'.*Can't create AxisKind from 'Tm'"):
        read_signature(f)


def test_nemo_nested_mixed_outputs_feed_the_second_port() -> None:
    """NeMo's test_nested_mixed_input_output_neural_types: one tensor for two output ports."""

    class NodeA(NeuralModule):
        @property
        def input_types(self) -> Any:
            return {"x1": NeuralType(("B",)), "x2": [[NeuralType(("B",))]]}

        @property
        def output_types(self) -> Any:
            return {
                "y0": NeuralType(("B", "D"), LogprobsType()),
                "y1": [[NeuralType(("B", "D"), LogitsType())]],
            }

        @typecheck(ignore_collections=False)
        def forward(self, x1: Any, x2: Any) -> Any:
            y = torch.randn(x2[0][0].shape[0], 4)
            return y, [[y, y], [y]]

    class NodeB(NeuralModule):
        @property
        def input_types(self) -> Any:
            return {"w": [[NeuralType(("B", "D"), LogitsType())]]}

        @typecheck(ignore_collections=False)
        def forward(self, w: Any) -> Any:
            return w[0][0]

    class TakesLogprobs(NeuralModule):
        @typecheck()
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "D"), LogprobsType())]) -> None:
            return None

    nest = [[torch.zeros(10), torch.zeros(10)], [torch.zeros(10)]]
    out_y, out_a = NodeA()(x1=torch.zeros(10), x2=nest)
    NodeB()(w=out_a)  # a consumer of y1 (logits): valid by both declarations
    TakesLogprobs()(out_y)  # and a consumer of y0 (log-probabilities)
    assert out_y.neural_type.compare(NeuralType(("B", "D"), LogprobsType()))
