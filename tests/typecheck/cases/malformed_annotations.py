# fmt: off
# ruff: noqa: E501
"""Malformed neural types (the runtime rejects them at import) are reported where they are
written, naming the port, and the port is left unchecked at call sites."""

from typing import Annotated

from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, NeuralType
from torch import Tensor, nn

import neuraltypes as nt


# case: unknown_axis_label_is_reported_at_the_port
class BadLabel(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", "Q"), nt.LogitsType())],  # E: Malformed neural type for port "x" of "BadLabel": unknown axis label "Q"
    ) -> Annotated[Tensor, "NeuralType(('B', 'Tm'))"]:
        raise NotImplementedError


# case: element_class_instead_of_instance_is_reported
class ClassNotInstance(nn.Module):
    def forward(
        self,
        n: Annotated[Tensor, NeuralType(("B",), nt.LengthsType)],  # E: Malformed neural type for port "n" of "ClassNotInstance": the element type is the class "nt.LengthsType", not an instance (write "nt.LengthsType()")
    ) -> None:
        raise NotImplementedError


# case: string_annotation_is_reported_at_the_string
class StringAnnotation(nn.Module):
    def forward(
        self,
        x: "Annotated[Tensor, NeuralType(('B', 'Tm'))]",  # E: Malformed neural type for port "x" of "StringAnnotation": unknown axis label "Tm"
    ) -> None:
        raise NotImplementedError


# case: legacy_property_port_is_reported
class Legacy(NeuralModule):
    @property
    def input_types(self):
        return {
            "length": NeuralType(("N", "batch_size"), LengthsType()),  # E: Malformed neural type for port "length" of "Legacy": unknown axis label "batch_size"
            "ok": NeuralType(("B",), LengthsType()),
        }


# case: two_neural_types_in_one_annotated_are_reported
class TwoNeuralTypes(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B",)), NeuralType(("T",))],  # E: Malformed neural type for port "x" of "TwoNeuralTypes": more than one NeuralType in one Annotated[...]
    ) -> None:
        raise NotImplementedError


# case: malformed_ports_are_unchecked_at_call_sites
class Malformed(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", "Q"), nt.LogitsType())],  # E: Malformed neural type for port "x" of "Malformed"
        n: Annotated[Tensor, NeuralType(("B",), nt.LengthsType)],  # E: Malformed neural type for port "n" of "Malformed"
    ) -> None:
        raise NotImplementedError


def use(bad: Malformed, t: Tensor) -> None:
    bad(t, t)
