# fmt: off
# ruff: noqa: E501
from __future__ import annotations

from typing import Annotated

from torch import Tensor, nn

import neuraltypes as nt
from neuraltypes import SpectrogramType as Spec

# case: postponed_annotations_and_aliases_declare_ports
BDT = Annotated[Tensor, nt.NeuralType(("batch", "C", "time"), nt.EncodedRepresentation())]
Lengths = Annotated[Tensor, nt.NeuralType(("N",), nt.LengthsType())]


class Enc(nn.Module):
    def forward(self, x: Annotated[Tensor, nt.NeuralType(("B", "D", "T"), Spec())]) -> BDT:
        raise NotImplementedError


class Dec(nn.Module):
    def forward(self, x: BDT, n: Lengths) -> Annotated[Tensor, nt.NeuralType(("B", "any", "T:10"))]:  # E: Malformed neural type for the return annotation of "Dec": unknown axis label "T:10"
        raise NotImplementedError


class Sized(nn.Module):
    def forward(
        self,
        x: Annotated[
            Tensor,
            nt.NeuralType(
                (
                    nt.AxisType(nt.AxisKind.Batch),
                    nt.AxisType("D", 80),
                    nt.AxisType(nt.AxisKind.Time),
                ),
                nt.EncodedRepresentation(),
            ),
        ],
    ) -> None:
        raise NotImplementedError


class M(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.enc = Enc()
        self.dec = Dec()
        self.sized = Sized()

    def forward(self, spec: Tensor, n: Tensor) -> None:
        e = self.enc(spec)
        self.dec(e, n)
        self.dec(e.mT, n)  # E: (axis 1 is T, expected D)
        self.sized(e)  # E: axis 1 (D:80) has unsized
