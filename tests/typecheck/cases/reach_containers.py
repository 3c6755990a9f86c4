# fmt: off
# ruff: noqa: E501
"""``for layer in self.layers`` and ``self.losses["ctc"]`` are calls of the recorded class."""
from typing import Annotated

from torch import Tensor, nn

from neuraltypes import LengthsType, LogprobsType, NeuralType

from ._modules import Decoder, Encoder, Preprocessor

BDT_LOGP = Annotated[Tensor, NeuralType(("B", "D", "T"), LogprobsType())]


class Block(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), LogprobsType())]) -> BDT_LOGP:
        raise NotImplementedError


class CTCLoss(nn.Module):
    def forward(self, log_probs: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())], lengths: Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]) -> Tensor:
        raise NotImplementedError


class Other(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        raise NotImplementedError


class Model(nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.layers = nn.ModuleList([Block() for _ in range(n)])
        self.pair = nn.ModuleList([Block(), Block()])
        self.mixed = nn.ModuleList([Block(), Other()])
        self.grown = nn.ModuleList([Block()])
        self.grown.append(Other())
        self.losses = nn.ModuleDict({"ctc": CTCLoss(), "other": Other()})

    # case: module_list_and_dict_calls_are_checked
    def forward(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        logp = self.decoder(self.encoder(spec, spec_len)[0])  # (B, T, D)
        for layer in self.layers:
            layer(logp)  # E: (axis 1 is T, expected D)
            layer(logp.transpose(1, 2))
        h = logp.transpose(1, 2)
        for layer in self.layers:
            h = layer(h.transpose(1, 2))  # rebound in the loop: unchecked
        self.pair[0](logp)  # E: (axis 1 is T, expected D)
        self.pair[-1](logp.mT)
        for item in self.mixed:
            item(logp)  # two classes: unchecked
        for item in self.grown:
            item(logp)  # changed in place: unchecked
        self.losses["ctc"](logp, spec_len)
        self.losses["ctc"](logp.mT, spec_len)  # E: (axis 1 is D, expected T)
        self.losses["other"](logp)
        self.losses["ctc"](spec_len, logp)  # E: (expected 3 axes, got 1 # E: (expected 1 axes, got 3
        key = "ctc"
        self.losses[key](spec_len, logp)  # a key that is not a literal: unchecked


# case: a_container_a_subclass_rebuilds_is_its_own
class Rebuilt(Model):
    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.layers = nn.ModuleList([Other() for _ in range(n)])

    def forward(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        for layer in self.layers:
            layer(enc.mT)  # re-assigned by this class: not the base's Block


# case: a_container_another_method_changes_is_unknown
class Growing(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.ModuleList([Block()])

    def grow(self) -> None:
        self.layers.append(Other())

    def forward(self, x: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]) -> None:
        for layer in self.layers:
            layer(x)  # changed in place by grow(): unchecked
        self.layers[0](x)  # the same
