"""A hybrid CTC/attention ASR model, wired correctly (no neural-type error expected)."""

from torch import nn

from .helpers import lengths_to_mask, pool_time
from .modules import (
    AttentionDecoder,
    AttentionLoss,
    ConformerBlock,
    ConvSubsampling,
    CTCHead,
    CTCLoss,
    FeatureExtractor,
    GlobalContext,
    LanguageHead,
    SpecAugment,
)
from .ntypes import Audio, Lengths, Loss, Tokens


class HybridModel(nn.Module):
    def __init__(self, n_layers: int = 4) -> None:
        super().__init__()
        self.features = FeatureExtractor()
        self.augment = SpecAugment()
        self.subsampling = ConvSubsampling()
        self.layers = nn.ModuleList([ConformerBlock() for _ in range(n_layers)])
        self.context = GlobalContext()
        self.ctc_head = CTCHead()
        self.decoder = AttentionDecoder()
        self.lid = LanguageHead()
        self.losses = nn.ModuleDict({"ctc": CTCLoss(), "att": AttentionLoss()})

    def forward(self, audio: Audio, audio_len: Lengths, tokens: Tokens, token_len: Lengths) -> Loss:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1])
        for layer in self.layers:
            enc = layer(enc, mask)
        enc = self.context(enc)
        ctc_logp = self.ctc_head(enc)
        states = enc.transpose(1, 2) if self.training else enc.transpose(1, 2).detach()
        att_logp = self.decoder(states, mask, tokens)
        lang = self.lid(pool_time(enc))
        inter = [self.ctc_head(layer(enc, mask)) for layer in self.layers]
        ctc = self.losses["ctc"](ctc_logp, tokens, enc_len, token_len)
        att = self.losses["att"](att_logp, tokens)
        for logp in inter:
            ctc = ctc + self.losses["ctc"](logp, tokens, enc_len, token_len)
        return 0.3 * ctc + 0.7 * att + 0.0 * lang.sum()
