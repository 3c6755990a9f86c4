# fmt: off
# ruff: noqa: E501
"""NamedTuple outputs: attribute access, indexing and unpacking keep the neural types."""
from collections import OrderedDict
from typing import Annotated, Any, NamedTuple

from nemo.core.classes import NeuralModule
from nemo.core.neural_types import LengthsType, LogitsType, NeuralType
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder


# case: namedtuple_outputs_keep_neural_types
class EncOut(NamedTuple):
    encoded: Annotated[Tensor, NeuralType(("B", "D", "T"), LogitsType())]
    lengths: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]
    extra: int


class Plain(NamedTuple):
    a: Tensor
    b: Tensor


class Enc(nn.Module):
    def forward(self, x: Tensor) -> EncOut:
        raise NotImplementedError


class QuotedEnc(nn.Module):
    def forward(self, x: Tensor) -> "EncOut":
        raise NotImplementedError


class PlainEnc(nn.Module):
    def forward(self, x: Tensor) -> Plain:
        raise NotImplementedError


class LegacyEnc(NeuralModule):
    @property
    def output_types(self) -> Any:
        return OrderedDict(
            {"a": NeuralType(("B", "T", "D"), LogitsType()), "b": NeuralType(tuple("B"), LengthsType())}
        )

    def forward(self, x: Tensor) -> Plain:
        raise NotImplementedError


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.enc = Enc()
        self.qenc = QuotedEnc()
        self.plain = PlainEnc()
        self.legacy = LegacyEnc()
        self.dec = Decoder()
        self.btd = BTDDecoder()

    def forward(self, x: Tensor) -> None:
        out = self.enc(x)
        reveal_neural_type(out.encoded)  # N: Revealed neural type is "NeuralType(('B', 'D', 'T'), LogitsType)" from "Enc.forward" output "encoded"
        self.btd(out.encoded)  # E: Neural type mismatch for argument "x" of "BTDDecoder.forward": expected NeuralType(('B', 'T', 'D'), EncodedRepresentation), got NeuralType(('B', 'D', 'T'), LogitsType) from "Enc.forward" output "encoded" (axis 1 is D, expected T; LogitsType is not a subclass of EncodedRepresentation)
        self.btd(out[1])  # E: output "lengths"
        _enc, lens, _ = self.enc(x)
        self.dec(lens)  # E: output "lengths"
        self.dec(self.qenc(x).lengths)  # E: output "lengths"
        self.dec(self.enc.forward(x).lengths)  # E: output "lengths"
        self.dec(out.encoded.mT)  # E: via .mT
        p = self.plain(x)
        self.dec(p.a)
        self.dec(p[0])
        leg = self.legacy(x)
        self.dec(leg.b)  # E: output "b"
        self.dec(leg[0])  # E: output "a"
        again = self.enc(x)
        again = self.enc(x)
        self.dec(again.lengths)  # re-assigned tuple variable: unchecked
        out.extra + 1
