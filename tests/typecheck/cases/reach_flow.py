# fmt: off
# Issue 14: values keep their neural type through ordinary control flow.
"""Flow through ordinary code: loops, ternaries, try, aliases, unannotated parameters."""
from torch import Tensor, nn

from neuraltypes import LengthsType, NeuralType, SpectrogramType

from ._modules import BTDDecoder, Decoder, Encoder, Preprocessor


# case: flow_through_loops_ternaries_try_and_aliases
class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.pre = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.btd = BTDDecoder()

    def forward(self, audio: Tensor, flag: bool) -> None:
        spec, spec_len = self.pre(audio)
        enc, _ = self.encoder(spec, spec_len)
        enc = enc.transpose(1, 2)
        for _ in range(3):
            self.decoder(enc)  # E: (axis 1 is T, expected D)
            self.btd(enc)
        while flag:
            self.decoder(enc)  # E: (axis 1 is T, expected D)
        h = enc
        for _ in range(2):
            self.decoder(h)  # rebound below, in the loop: unchecked (even its first pass)
            h = h.transpose(1, 2)
        picked = enc if flag else enc.contiguous()
        self.decoder(picked)  # E: (axis 1 is T, expected D)
        mixed = enc if flag else enc.transpose(1, 2)
        self.decoder(mixed)  # branches disagree: unchecked
        try:
            out = self.btd(enc)
        except RuntimeError:
            out = self.btd(enc.contiguous())
        self.decoder(out)  # E: (axis 1 is T, expected D;
        try:
            other = self.btd(enc)
        except RuntimeError:
            other = enc
        self.decoder(other)  # try branches disagree (element): unchecked
        try:
            kept = self.btd(enc)
        except RuntimeError:
            raise
        self.decoder(kept)  # E: (axis 1 is T, expected D;


# case: unannotated_legacy_forward_parameters
class LegacyEncoder(nn.Module):
    """Ports from ``input_types``; ``forward`` is unannotated (NeMo style)."""

    def __init__(self) -> None:
        super().__init__()
        self.decoder = Decoder()
        self.btd = BTDDecoder()
        self.encoder = Encoder()

    @property
    def input_types(self):  # type: ignore[no-untyped-def]
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    def forward(self, audio_signal, length):  # type: ignore[no-untyped-def]
        x = audio_signal.transpose(1, 2)
        self.encoder(x, length)  # E: (axis 1 is T, expected D)
        self.encoder(audio_signal.mT.mT, length)
        encoded_len = length
        self.encoder(audio_signal, encoded_len)
        self.encoder(encoded_len, length)  # E: (expected 3 axes, got 1;
        y = x.transpose(1, 2)
        self.encoder(y, length)
        self.encoder(audio_signal.mean(dim=2), length)  # E: (expected 3 axes, got 2)
        for _ in range(2):
            self.encoder(x, length)  # E: (axis 1 is T, expected D)
        z = audio_signal
        z = z.transpose(1, 2)
        self.encoder(z, length)  # E: (axis 1 is T, expected D)
