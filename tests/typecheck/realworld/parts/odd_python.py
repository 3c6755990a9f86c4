# -*- coding: utf-8 -*-
# fmt: off
# ruff: noqa
"""Odd but valid Python around annotated modules: nothing here may crash the plugin or be flagged."""
from __future__ import annotations

import abc
import dataclasses
import functools
from collections import OrderedDict
from typing import TYPE_CHECKING, Annotated, Any, Callable, ClassVar, Dict, Generic, Protocol, TypeVar

import torch
from torch import Tensor, nn

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import *
from nemo.core.neural_types.elements import AcousticEncodedRepresentation as AER

if TYPE_CHECKING:
    from ..modules.conv_asr import ConvASREncoder
else:
    ConvASREncoder = None

try:
    from apex.normalization import FusedLayerNorm as LayerNorm
except ImportError:
    LayerNorm = nn.LayerNorm

T = TypeVar("T")
BDT = Annotated[Tensor, NeuralType(("B", "D", "T"), AER())]
BTD = Annotated[Tensor, NeuralType(("B", "T", "D"), AER())]

# Recursive alias (crashed the trust check once).
Nested = list["Nested | Tensor"]


class Encoder(NeuralModule):
    Port: ClassVar[Any] = BDT  # class-level alias

    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]) -> BDT:
        return x


class Decoder(NeuralModule):
    def forward(self, enc: BDT) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        return enc.transpose(1, 2).log_softmax(-1)


class AsMethod(NeuralModule):
    def input_types(self):  # a plain method, not a property
        return {"x": NeuralType(("B", "D", "T"), SpectrogramType())}

    @typecheck()
    def forward(self, x):
        return x


class AsAttribute(NeuralModule):
    input_types = {"x": NeuralType(("B", "D", "T"), SpectrogramType())}
    output_types = OrderedDict([("y", NeuralType(("B", "D", "T"), SpectrogramType()))])

    def forward(self, x):
        return x


class DictCall(NeuralModule):
    @property
    def input_types(self) -> Dict[str, NeuralType]:
        return dict(x=NeuralType(("B", "D", "T"), SpectrogramType()))

    @property
    def output_types(self) -> Dict[str, NeuralType]:
        return {name: NeuralType(("B", "D", "T"), SpectrogramType()) for name in ("y",)}

    @typecheck()
    def forward(self, x):
        return x


class Meta(abc.ABCMeta):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return super().__call__(*args, **kwargs)


class WithMeta(NeuralModule, metaclass=Meta):
    def forward(self, x: BDT) -> BDT:
        return x


@dataclasses.dataclass(eq=False)
class DataModule(nn.Module):
    hidden: int = 4

    def __post_init__(self) -> None:
        super().__init__()

    def forward(self, x: BDT) -> BTD:
        return x.transpose(1, 2)


class Generic1(NeuralModule, Generic[T]):
    def forward(self, x: BDT, extra: T | None = None) -> BDT:
        return x


class HasEncoder(Protocol):
    encoder: Encoder


def register(cls: type[T]) -> type[T]:
    return cls


@register
class Decorated(NeuralModule):
    def forward(self, x: BDT) -> BDT:
        return x


class CallOverride(NeuralModule):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return super().__call__(*args, **kwargs)

    def forward(self, x: BDT) -> BDT:
        return x


class StarForward(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.inner = Decoder()

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.inner(*args, **kwargs)


@torch.jit.script
def scripted(x: Tensor) -> Tensor:
    return x * 2


def factory() -> nn.Module:
    class Local(NeuralModule):
        def forward(self, x: BDT) -> BDT:
            return x

    return Local()


class Container(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoders = nn.ModuleList([Encoder(), Encoder()])
        self.heads = nn.ModuleDict({"ctc": Decoder()})
        self.seq = nn.Sequential(Encoder(), Decoder())
        self.norm = LayerNorm(4)
        self.make = functools.partial(Decoder)

    def forward(self, spec: Tensor, nested: Nested, hp: HasEncoder) -> Any:
        enc = self.encoders[0](spec)
        for layer in self.encoders:
            spec = layer(spec)
        out = self.heads["ctc"](enc)
        out2 = self.seq(spec)
        dec = self.make()
        logp = dec(Encoder()(spec))
        logp2 = Decoder()(hp.encoder(spec))
        meta = WithMeta()(enc)
        dm = DataModule()(enc)
        g = Generic1[int]()(enc, 3)
        d = Decorated()(enc)
        c = CallOverride()(enc.mT)
        s = StarForward()(enc)
        f = factory()(spec)
        a = AsMethod()(spec)
        b = AsAttribute()(spec)
        e = DictCall()(spec)
        star = [enc, enc]
        dec2 = Decoder()(*star[:1])
        kw = {"enc": enc}
        dec3 = Decoder()(**kw)
        walrus = (w := Encoder()(spec)) + 1
        nested2 = [x for x in nested]
        return scripted(out), out2, logp, logp2, meta, dm, g, d, c, s, f, a, b, e, dec2, dec3, walrus, nested2


def lambda_wiring(spec: Tensor) -> Tensor:
    enc = Encoder()
    dec = Decoder()
    pipe: Callable[[Tensor], Tensor] = lambda t: dec(enc(t))
    return pipe(spec)
