# fmt: off
# ruff: noqa: E501
"""Element parameters: AudioSignal(freq=...) literal ints must agree; None is a wildcard."""
from typing import Annotated

from torch import Tensor, nn

from neuraltypes import AudioSignal, ElementType, NeuralType


# case: literal_element_parameters_must_agree
class Wide(AudioSignal):
    """A user subclass: parameters are ignored across subclasses."""


class Rec8k(nn.Module):
    def forward(self) -> Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=8000))]:
        raise NotImplementedError


class RecAny(nn.Module):
    def forward(self) -> Annotated[Tensor, NeuralType(("B", "T"), AudioSignal())]:
        raise NotImplementedError


class RecWide(nn.Module):
    def forward(self) -> Annotated[Tensor, NeuralType(("B", "T"), Wide(8000))]:
        raise NotImplementedError


class Pre16k(nn.Module):
    def __init__(self, rate: int) -> None:
        super().__init__()
        self.rate = rate

    def forward(self, audio: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(16000))]) -> None:
        raise NotImplementedError


class PreAny(nn.Module):
    def forward(self, audio: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=None))]) -> None:
        raise NotImplementedError


class PreBase(nn.Module):
    def forward(self, audio: Annotated[Tensor, NeuralType(("B", "T"), ElementType())]) -> None:
        raise NotImplementedError


RATE = 16000


class PreComputed(nn.Module):
    def forward(self, audio: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal(freq=RATE))]) -> None:
        raise NotImplementedError


def wire(r8: Rec8k, ra: RecAny, rw: RecWide, p16: Pre16k, pa: PreAny, pb: PreBase, pc: PreComputed) -> None:
    p16(r8())  # E: Neural type mismatch for argument "audio" of "Pre16k.forward": expected NeuralType(('B', 'T'), AudioSignal(freq=16000)), got NeuralType(('B', 'T'), AudioSignal(freq=8000)) from "Rec8k.forward" (AudioSignal(freq=8000) has incompatible parameters, expected AudioSignal(freq=16000))
    p16(ra())
    p16(rw())
    pa(r8())
    pb(r8())
    pc(r8())
    p16(r8().detach())  # E: AudioSignal(freq=8000) has incompatible parameters
