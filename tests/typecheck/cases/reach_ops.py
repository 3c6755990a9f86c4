# fmt: off
# ruff: noqa: E501
"""Reductions and shape ops: modelled where the result is sure, unchecked otherwise."""
from typing import Annotated

import torch
from torch import Tensor, nn

from neuraltypes import EncodedRepresentation, NeuralType
from neuraltypes._reveal import reveal_neural_type

from ._modules import Decoder, Encoder, Preprocessor


# case: reductions_and_shape_ops_where_sure
class PoolHead(nn.Module):
    def forward(self, pooled: Annotated[Tensor, NeuralType(("B", "D"), EncodedRepresentation())]) -> Tensor:
        raise NotImplementedError


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.head = PoolHead()

    def forward(self, audio: Tensor, d: int) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        self.head(enc.mean(dim=2))
        self.head(enc.mean(-1))
        self.head(enc.mean(dim=1))  # E: (axis 1 is T, expected D)
        self.decoder(enc.mean(dim=2, keepdim=True))  # E: via .mean() (axis 2 is S:1, expected T)
        self.decoder(enc.mean(2, True))  # E: (axis 2 is S:1, expected T)
        self.decoder(enc.amax(dim=-1, keepdim=True))  # E: via .amax() (axis 2 is S:1, expected T)
        self.decoder(torch.mean(enc, dim=2, keepdim=True))  # E: via mean() (axis 2 is S:1, expected T)
        self.decoder(enc.sum(dim=2))  # E: (expected 3 axes, got 2)
        self.head(enc.sum(dim=2))
        self.decoder(enc.mean())  # E: (expected 3 axes, got 0)
        self.decoder(enc.unsqueeze(1))  # E: via .unsqueeze() (expected 3 axes, got 4)
        self.decoder(enc.unsqueeze(-1).squeeze(-1))
        self.decoder(enc.unsqueeze(0).squeeze())  # squeeze() of unsized axes: unknown
        self.head(enc.squeeze(1))  # D may or may not be 1: unchecked
        self.head(enc.flatten(1))  # D and T merged: a new axis, unchecked
        self.decoder(enc.unsqueeze(2).flatten(2, 3))
        self.decoder(enc.mean(dim=2, keepdim=True).flatten(1))  # E: (expected 3 axes, got 2)
        self.head(enc.reshape(2, -1))  # reshape/view are never sure: unchecked
        self.head(enc.view(enc.size(0), -1))
        self.head(enc.mean(dim=d))  # a dim that is not a literal: unchecked
        self.head(enc.mean(dim=2, keepdim=d > 0))
        self.head(enc.std(2))  # not modelled: unchecked
        reveal_neural_type(enc.mean(dim=(1, 2), keepdim=True))  # N: Revealed neural type is "NeuralType(('B', 'S:1', 'S:1'), AcousticEncodedRepresentation)"
        reveal_neural_type(enc.sum(dim=2))  # N: Revealed neural type is "NeuralType(('B', 'D'), ?)"
