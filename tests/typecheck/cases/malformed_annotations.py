# fmt: off
# ruff: noqa: E501
"""Malformed neural types (the runtime rejects them at import) are reported where they are
written, naming the port, and the port is left unchecked at call sites."""

from typing import Annotated

from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, NeuralType
from torch import Tensor, nn

import neuraltypes as nt


class BadLabel(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", "Q"), nt.LogitsType())],  # E: Malformed neural type for port "x" of "BadLabel": unknown axis label "Q"
    ) -> Annotated[Tensor, "NeuralType(('B', 'Tm'))"]:
        raise NotImplementedError


class ClassNotInstance(nn.Module):
    def forward(
        self,
        n: Annotated[Tensor, NeuralType(("B",), nt.LengthsType)],  # E: Malformed neural type for port "n" of "ClassNotInstance": the element type is the class "nt.LengthsType", not an instance (write "nt.LengthsType()")
    ) -> None:
        raise NotImplementedError


class StringAnnotation(nn.Module):
    def forward(
        self,
        x: "Annotated[Tensor, NeuralType(('B', 'Tm'))]",  # E: Malformed neural type for port "x" of "StringAnnotation": unknown axis label "Tm"
    ) -> None:
        raise NotImplementedError


class Legacy(NeuralModule):
    @property
    def input_types(self):
        return {
            "length": NeuralType(("N", "batch_size"), LengthsType()),  # E: Malformed neural type for port "length" of "Legacy": unknown axis label "batch_size"
            "ok": NeuralType(("B",), LengthsType()),
        }


class TwoNeuralTypes(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B",)), NeuralType(("T",))],  # E: Malformed neural type for port "x" of "TwoNeuralTypes": more than one NeuralType in one Annotated[...]
    ) -> None:
        raise NotImplementedError


def use(bad: BadLabel, cls: ClassNotInstance, t: Tensor) -> None:
    bad(t)
    cls(t)
