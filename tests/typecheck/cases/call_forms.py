# fmt: off
# ruff: noqa: E501
"""*args/**kwargs in forward, overloaded forward: silent; classes inside functions: checked."""
from typing import Annotated, Any, overload

from torch import Tensor, nn

from neuraltypes import LengthsType, NeuralType

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


class Star(nn.Module):
    def forward(self, *args: Annotated[Tensor, NeuralType(("B", "T"), LengthsType())], **kwargs: Any) -> Tensor:
        raise NotImplementedError


class Over(nn.Module):
    @overload
    def forward(self, x: Tensor) -> Tensor: ...
    @overload
    def forward(self, x: Tensor, y: Tensor) -> Tensor: ...
    def forward(self, x: Tensor, y: Tensor | None = None) -> Tensor:
        raise NotImplementedError


# case: local_classes_star_arguments_and_overloads
def local_classes(audio: Tensor) -> None:
    class LocalDec(nn.Module):
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "T"), LengthsType())]) -> Tensor:
            raise NotImplementedError

    pre = Preprocessor()
    spec, spec_len = pre(audio)
    dec = LocalDec()
    dec(spec_len.unsqueeze(1))  # E: (axis 1 is S:1, expected T)
    dec(spec, spec_len)  # E: Too many arguments for "LocalDec.forward" # E: (expected 2 axes, got 3; MelSpectrogramType is not a subclass of LengthsType)
    Star()(spec, spec_len, flag=True)
    Star()(*[spec], **{})
    Over()(spec)
    Over()(spec, spec_len)
    Over().forward(spec, spec_len)
    enc = Encoder()
    outs = enc(*[spec, spec_len])
    Decoder()(**{"encoder_output": outs[0]})
    BTDDecoder()(*outs[:1])


# case: positional_only_and_keyword_only_ports
LenB = Annotated[Tensor, NeuralType(tuple("B"), LengthsType())]


class PosKw(nn.Module):
    def forward(self, x: LenB, /, *, z: LenB | None = None) -> Tensor:
        raise NotImplementedError


class KwOnly(nn.Module):
    def forward(self, a: LenB, *, b: LenB) -> Tensor:
        raise NotImplementedError


def positional_only_and_keyword_only_ports(audio: Tensor) -> None:
    spec, spec_len = Preprocessor()(audio)
    m = PosKw()
    m(spec_len, z=spec_len)
    m(spec)  # positional-only ports are not checked yet (mypy keeps no name for them)
    m(spec_len, spec)  # E: Too many arguments for "PosKw.forward"
    m(z=spec_len)  # E: Missing argument 1 for port of "PosKw.forward"
    k = KwOnly()
    k(spec_len, b=spec_len)
    k(spec_len)  # E: Missing argument "b" for port of "KwOnly.forward"
    k(spec_len, spec_len)  # E: Too many arguments for "KwOnly.forward" # E: Missing argument "b" for port of "KwOnly.forward"
    k(spec_len, b=spec)  # E: Neural type mismatch for argument "b" of "KwOnly.forward"
