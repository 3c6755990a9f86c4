# fmt: off
# ruff: noqa: E501
import torch
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()
        self.blocks = nn.ModuleList([BTDDecoder(), BTDDecoder()])

    # case: reassigned_variable_follows_its_last_value
    def reassigned(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        enc = enc.transpose(1, 2)
        self.btd(enc)
        enc = enc.relu()
        self.decoder(enc)  # E: (axis 1 is T, expected D)
        reveal_neural_type(enc)  # N: Revealed neural type is "NeuralType(('B', 'T', 'D'), AcousticEncodedRepresentation)"

    # case: augmented_assignment_is_unchecked
    def augmented(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        enc += 1
        self.btd(enc)

    # case: branches_that_disagree_are_unchecked
    def branches(self, audio: Tensor, flag: bool) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        if flag:
            x = enc
        else:
            x = enc.transpose(1, 2)
        self.btd(x)
        self.decoder(x)

    # case: uses_in_loops_are_unchecked
    def loop(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        h = enc.transpose(1, 2)
        for block in self.blocks:
            h = block(h)
        self.decoder(h)

    # case: in_place_ops_are_unchecked
    def inplace(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        enc.transpose_(1, 2)
        self.btd(enc)

    # case: walrus_targets_are_unchecked
    def walrus(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        if (t := enc.mT) is not None:
            self.btd(t)
        enc2 = enc
        if (enc2 := enc2.mT) is not None:
            self.btd(enc2)

    # case: unmodelled_ops_are_unchecked
    def unmodelled(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        self.btd(enc.reshape(2, 3, 4))
        self.btd(torch.stack([enc, enc], dim=1))
        self.btd(enc * 2)
        self.btd(enc.transpose(1, spec_len.shape[0]))
        alias = enc
        alias2 = alias
        self.decoder(alias2)

    # case: attribute_stores_are_unchecked
    def attribute(self, audio: Tensor) -> None:
        spec, spec_len = self.pre(audio)
        self.cached, _ = self.encoder(spec, spec_len)
        self.btd(self.cached)
