# fmt: off
"""Messages name labelled output ports: ``Annotated[Tensor, NT, "outputs"]``."""

from typing import Annotated

from torch import Tensor, nn

from neuraltypes import AcousticEncodedRepresentation, LengthsType, LogitsType, NeuralType

from ._modules import BTDDecoder, Decoder

# case: labelled_output_ports_are_named_in_messages
Labelled = Annotated[Tensor, NeuralType(("B", "D", "T"), LogitsType()), "logits"]


class Enc(nn.Module):
    def forward(
        self, x: Tensor
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()), "outputs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType())],
        Annotated[Tensor, "a note", NeuralType(("B",), LengthsType()), "encoded_lengths"],
    ]:
        raise NotImplementedError


class Head(nn.Module):
    def forward(self, x: Tensor) -> Labelled:
        raise NotImplementedError


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.enc = Enc()
        self.head = Head()
        self.btd = BTDDecoder()
        self.dec = Decoder()

    def forward(self, x: Tensor) -> None:
        enc, lens, lens2 = self.enc(x)
        self.btd(enc)  # E: from "Enc.forward" output "outputs" (axis 1 is D, expected T)
        self.dec(lens)  # E: from "Enc.forward" output 1 (
        self.dec(lens2)  # E: from "Enc.forward" output "encoded_lengths" (
        self.btd(self.head(x))  # E: from "Head.forward" output "logits" (
        self.dec(self.enc(x)[0].mT)  # E: from "Enc.forward" output "outputs" via .mT
