# fmt: off
# ruff: noqa: E501
"""Re-assignment through modelled ops in straight-line code: reaching definitions."""
from typing import Any

import torch
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


def make() -> Any:
    raise NotImplementedError


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()
        self.blocks = nn.ModuleList([BTDDecoder()])

    # case: straight_line_reassignment_through_modelled_ops
    def classic(self, x: Tensor, n: Tensor) -> None:
        encoded, _lens = self.encoder(x, n)
        encoded = encoded.transpose(1, 2)
        self.decoder(encoded)  # E: Neural type mismatch for argument "encoder_output" of "Decoder.forward": expected NeuralType(('B', 'D', 'T'), EncodedRepresentation), got NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation) from "Encoder.forward" output 0 via .transpose() (axis 1 is T, expected D)
        self.btd(encoded)
        encoded = encoded.mT
        self.decoder(encoded)
        self.btd(encoded)  # E: (axis 1 is D, expected T)
        encoded = encoded.relu()
        self.btd(encoded)  # E: (axis 1 is D, expected T)
        reveal_neural_type(encoded)  # N: Revealed neural type is "NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation)"
        encoded = encoded.reshape(2, 3, 4)
        self.btd(encoded)
        reveal_neural_type(encoded)  # N: Revealed neural type is unknown
        encoded = self.decoder(self.encoder(x, n)[0])
        self.decoder(encoded)  # E: (axis 1 is T, expected D; LogprobsType is not a subclass of EncodedRepresentation)

    # case: tuple_unpacking_and_aliases
    def tuple_and_alias(self, x: Tensor, n: Tensor) -> None:
        a, b = self.encoder(x, n)
        a, b = b, a.mT
        self.decoder(b)  # E: (axis 1 is T, expected D)
        self.decoder(a)  # E: LengthsType is not a subclass of EncodedRepresentation
        c = a
        c = b
        self.btd(c)
        self.decoder(c)  # E: (axis 1 is T, expected D)

    # case: branches_that_agree_are_checked
    def same_branches(self, x: Tensor, n: Tensor, flag: bool) -> None:
        enc, _ = self.encoder(x, n)
        if flag:
            y = enc
        else:
            y = enc.contiguous()
        self.btd(y)  # E: (axis 1 is D, expected T)
        if flag:
            y = y.mT
        self.btd(y)
        self.decoder(y)
        with torch.no_grad():
            z = enc.mT
        self.decoder(z)  # E: (axis 1 is T, expected D)
        if flag:
            self.decoder(z)  # E: (axis 1 is T, expected D)
            z = z.mT
            self.decoder(z)

    # case: unknowable_reassignments_are_silent
    def silent(self, x: Tensor, n: Tensor, flag: bool) -> None:
        enc, _ = self.encoder(x, n)
        h = enc.transpose(1, 2)
        for block in self.blocks:
            self.btd(h)
            h = block(h)
        self.btd(h)
        w = enc
        while flag:
            self.btd(w)
            w = w.mT
        v = enc
        v += 1
        self.btd(v)
        u = enc
        u = u.mT
        u.transpose_(1, 2)
        self.btd(u)
        t = enc
        if (t := t.mT) is not None:
            self.decoder(t)
        s = enc
        s = make()
        self.btd(s)
        r = enc
        try:
            r = r.mT
        except ValueError:
            self.decoder(r)
        q = enc
        q = q.mT
        fn = lambda: self.decoder(q)  # noqa: E731
        del fn
        p = enc
        p = p.mT
        del p
        o = enc
        with open("f") as o:  # type: ignore[assignment]  # noqa: F811
            pass
        self.btd(o)
        m = enc
        m = m.mT if flag else m
        self.btd(m)
        self.decoder(m)
        k = enc
        k = k.mT; k = k.mT  # noqa: E702
        self.decoder(k)
        self.btd(k)
