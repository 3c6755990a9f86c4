# fmt: off
# ruff: noqa: E402, E501, F403, F405, UP037
"""A name in a neural type annotation that is defined nowhere (mypy never analyses
``Annotated`` metadata) is reported at the port, with the closest name; never a name that a
later definition, a local class, a class attribute or a star import could supply."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from torch import Tensor, nn

import neuraltypes as nt
from neuraltypes import AcousticEncodedRepresentation, NeuralType, SpectrogramType

if TYPE_CHECKING:
    from neuraltypes import LengthsType


# case: misspelt_element_is_reported_with_the_closest_name
class Typo(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramTyp())],  # E: Malformed neural type for port "x" of "Typo": "SpectrogramTyp" is not defined (did you mean "SpectrogramType"?)
    ) -> Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentaton())]:  # E: Malformed neural type for the return annotation of "Typo": "AcousticEncodedRepresentaton" is not defined (did you mean "AcousticEncodedRepresentation"?)
        raise NotImplementedError


# case: misspelt_module_attribute_and_callee_are_reported
class Attr(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, nt.NeuralType(("B", "T"), nt.LenghtsType())],  # E: Malformed neural type for port "x" of "Attr": "nt.LenghtsType" is not defined (did you mean "nt.LengthsType"?)
        n: Annotated[Tensor, NeuralTyp(("B",), LengthsType())],  # E: Malformed neural type for port "n" of "Attr": "NeuralTyp" is not defined (did you mean "NeuralType"?)
        m: "Annotated[Tensor, NeuralType(('B',), LengthType())]",  # E: Malformed neural type for port "m" of "Attr": "LengthType" is not defined (did you mean "LengthsType"?)
        p: Annotated[Tensor, NeuralType(("B", "C"), LogitsType())],  # E: Malformed neural type for port "p" of "Attr": "LogitsType" is not defined (not imported: from neuraltypes import LogitsType)
    ) -> None:
        raise NotImplementedError


# case: misspelt_axes_are_reported
class Axes(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType((nt.AxisType(nt.AxisKind.Batchh), nt.AxisType(nt.AxisKind.Time)), LengthsType())],  # E: Malformed neural type for port "x" of "Axes": "AxisKind" has no member "Batchh" (did you mean "Batch"?)
        y: Annotated[Tensor, NeuralType((nt.AxisType(kind=AxisKnd.Batch),), LengthsType())],  # E: Malformed neural type for port "y" of "Axes": "AxisKnd" is not defined (did you mean "AxisKind"?)
        w: Annotated[Tensor, NeuralType((nt.AxisType(AxisKind.Batch),), LengthsType())],  # E: Malformed neural type for port "w" of "Axes": "AxisKind" is not defined (not imported: from neuraltypes import AxisKind)
        z: Annotated[Tensor, NeuralType((AxisTyp(nt.AxisKind.Batch),), LengthsType())],  # E: Malformed neural type for port "z" of "Axes": "AxisTyp" is not defined (did you mean "AxisType"?)
    ) -> None:
        raise NotImplementedError


# case: element_defined_further_down_is_read_and_checked
class Enc(nn.Module):
    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), Later())]
    ) -> Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]:
        raise NotImplementedError


class Later(SpectrogramType):
    pass


class Twice(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = Enc()

    def forward(self, x: Tensor) -> Tensor:
        return self.a(self.a(x))  # E: Neural type mismatch for argument "x" of "Enc.forward": expected NeuralType(('B', 'D', 'T'), Later), got NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation) from "Enc.forward" (AcousticEncodedRepresentation is not a subclass of Later)


# case: local_class_and_class_attribute_are_defined
def make() -> nn.Module:
    class Local(SpectrogramType):
        pass

    class Inner(nn.Module):
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), Local())]) -> None:
            raise NotImplementedError

    return Inner()


class ClassAttr(nn.Module):
    Elem = nt.LengthsType

    def forward(self, x: Annotated[Tensor, nt.NeuralType(("B",), Elem())]) -> None:
        raise NotImplementedError


# case: a_star_import_mypy_cannot_see_may_define_it
from a_package_that_is_not_installed import *  # type: ignore[import-not-found]


class FromStar(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType(("B", "T"), StarElement())]) -> None:
        raise NotImplementedError


# case: a_star_import_from_an_analysed_module_may_define_it_too
from torch.nn import *


class FromTorchStar(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType(("B", "T"), NotAnElement())]) -> None:
        raise NotImplementedError


# case: a_star_import_from_neuraltypes_lists_every_name
from neuraltypes import *


class FromOurStar(nn.Module):
    def forward(
        self,
        x: Annotated[Tensor, NeuralType(("B", "T"), LogitType())],  # E: Malformed neural type for port "x" of "FromOurStar": "LogitType" is not defined (did you mean "LogitsType"?)
        y: Annotated[Tensor, NeuralType(("B", "T"), LogprobsType())],
    ) -> None:
        raise NotImplementedError
