# fmt: off
# ruff: noqa: E501
"""A method's annotated (or legacy ``input_types``) parameters are sources in its body."""

from typing import Annotated, Any

import torch
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import EncodedRepresentation, LengthsType, SpectrogramType
from torch import Tensor, nn

from neuraltypes import AcousticEncodedRepresentation, NeuralType
from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder

BDT = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]


# case: annotated_parameters_are_sources
class Annotated1(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.decoder = Decoder()
        self.btd = BTDDecoder()
        self.encoder = Encoder()

    def forward(
        self,
        spec: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        enc: BDT,
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
        plain: Tensor,
        maybe: Annotated[Tensor, NeuralType(("B", "D", "T"), EncodedRepresentation())] | None = None,
    ) -> None:
        reveal_neural_type(spec)  # N: Revealed neural type is "NeuralType(('B', 'D', 'T'), SpectrogramType)" from parameter "spec" of "Annotated1.forward"
        self.decoder(encoder_output=spec)  # E: Neural type mismatch for argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), EncodedRepresentation), got NeuralType(('B', 'D', 'T'), SpectrogramType) from parameter "spec" of "Annotated1.forward" (SpectrogramType is not a subclass of EncodedRepresentation)
        self.decoder(enc)
        self.btd(enc)  # E: from parameter "enc" of "Annotated1.forward" (axis 1 is D, expected T
        self.btd(enc.transpose(1, 2))
        self.decoder(enc.mT)  # E: from parameter "enc" of "Annotated1.forward" via .mT
        self.encoder(spec, length)
        self.encoder(spec, spec)  # E: argument "length" of "Encoder.forward"
        self.decoder(plain)
        if maybe is not None:
            self.decoder(maybe)
            self.btd(maybe)  # E: from parameter "maybe"
        self.decoder(length)  # E: from parameter "length" of "Annotated1.forward"

    def helper(self, x: BDT) -> None:
        self.btd(x)  # E: from parameter "x" of "Annotated1.helper"


# case: rebound_or_mutated_parameters_are_unchecked
class Rebound(nn.Module):
    """No false positives: a parameter re-bound or mutated before the use is unchecked."""

    def __init__(self) -> None:
        super().__init__()
        self.btd = BTDDecoder()
        self.decoder = Decoder()

    def forward(self, x: BDT, y: BDT, z: BDT, w: BDT, v: BDT, u: BDT, flag: bool) -> None:
        x = x.permute(0, 2, 1).contiguous()
        self.btd(x)
        if flag:
            y = torch.zeros(1)
        self.btd(y)
        z.transpose_(1, 2)
        self.btd(z)
        for _ in range(2):
            self.btd(w)  # E: (axis 1 is D, expected T)
        self.btd((lambda: v)())
        u.data = u.data.mT
        self.btd(u)
        reveal_neural_type(w)  # N: from parameter "w"

    def later(self, x: BDT) -> None:
        self.btd(x)  # E: from parameter "x" of "Rebound.later"
        x = x.mT
        self.btd(x)

    def walrus(self, x: BDT) -> None:
        if (x := x.mT) is not None:
            self.btd(x)
        self.btd(x)

    @staticmethod
    def static(x: BDT) -> None:
        BTDDecoder()(x)

    def nested(self, x: BDT) -> None:
        def inner(x: Tensor) -> None:
            self.btd(x)

        inner(x.mT)

    def star(self, *xs: BDT, **kw: BDT) -> None:
        self.btd(xs[0])
        self.btd(kw["a"])

    def listed(self, xs: list[BDT]) -> None:
        self.btd(xs[0])


# case: legacy_input_types_parameters_are_sources
class LegacyEncoder(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.btd = BTDDecoder()
        self.decoder = Decoder()

    @property
    def input_types(self) -> Any:
        return {
            "audio_signal": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @typecheck()
    def forward(self, audio_signal, length, other=None):
        self.decoder(audio_signal)
        self.btd(audio_signal)  # E: from parameter "audio_signal" of "LegacyEncoder.forward"
        self.decoder(length)  # E: from parameter "length" of "LegacyEncoder.forward"
        self.btd(other)
        return audio_signal


class LegacyOverride(NeuralModule):
    """``typecheck(input_types=...)`` replaces the property: unchecked, also at call sites."""

    def __init__(self) -> None:
        super().__init__()
        self.btd = BTDDecoder()

    @property
    def input_types(self) -> Any:
        return {"audio_signal": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}

    @typecheck(input_types={"audio_signal": NeuralType(("B", "T", "D"), AcousticEncodedRepresentation())})
    def forward(self, audio_signal):
        self.btd(audio_signal)
        return audio_signal


class LegacyComputed(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.btd = BTDDecoder()

    @property
    def input_types(self) -> Any:
        if self.training:
            return {"audio_signal": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}
        return {"audio_signal": NeuralType(("B", "T", "D"), AcousticEncodedRepresentation())}

    def forward(self, audio_signal):
        self.btd(audio_signal)
        return audio_signal


class LegacySub(LegacyEncoder):
    def forward(self, audio_signal, length, other=None):
        self.btd(audio_signal)  # E: from parameter "audio_signal" of "LegacySub.forward"
        return audio_signal


def use(x: BDT) -> None:
    BTDDecoder()(x)  # plain functions: parameters are not sources


class User(nn.Module):
    def run(self, x: BDT) -> None:
        LegacyOverride()(x.mT)
        LegacyEncoder()(x.mT, x)  # E: argument "audio_signal" of "LegacyEncoder.forward" # E: argument "length" of "LegacyEncoder.forward"
