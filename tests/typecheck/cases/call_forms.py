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


def local_classes(audio: Tensor) -> None:
    class LocalDec(nn.Module):
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "T"), LengthsType())]) -> Tensor:
            raise NotImplementedError

    pre = Preprocessor()
    spec, spec_len = pre(audio)
    dec = LocalDec()
    dec(spec_len.unsqueeze(1))
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
