# fmt: off
# ruff: noqa: E501, RUF059
"""The same model with 12 realistic interface bugs, one per method (an error comment marks each one
the checker reports; a "missed" comment the one it cannot see, with the reason)."""

from torch import Tensor, nn

from neuraltypes import LengthsType, MelSpectrogramType, NeuralType

from .helpers import lengths_to_mask, mask_from, pool_time
from .model import HybridModel
from .modules import ConvSubsampling
from .ntypes import Audio, Lengths, Tokens


class Buggy(HybridModel):
    def bug_01_transposed_into_ctc_head(self, audio: Audio, audio_len: Lengths) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, _ = self.subsampling(mel, mel_len)
        return self.ctc_head(enc.transpose(1, 2))  # E: (axis 1 is T, expected D)

    def bug_02_outputs_unpacked_in_the_wrong_order(
        self, audio: Audio, audio_len: Lengths
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc_len, enc = self.subsampling(mel, mel_len)
        return self.ctc_head(enc)  # E: (expected 3 axes, got 1

    def bug_03_intermediate_ctc_on_time_major_states(
        self, audio: Audio, audio_len: Lengths
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1])
        total = enc.new_zeros(())
        for layer in self.layers:
            total = total + self.ctc_head(layer(enc, mask).transpose(1, 2)).sum()  # E: (axis 1 is T, expected D)
        return total

    def bug_04_ctc_loss_gets_vocab_major_log_probs(
        self, audio: Audio, audio_len: Lengths, tokens: Tokens, token_len: Lengths
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        ctc_logp = self.ctc_head(enc)
        return self.losses["ctc"](ctc_logp.transpose(1, 2), tokens, enc_len, token_len)  # E: (axis 1 is D, expected T)

    def bug_05_attention_loss_arguments_swapped(
        self, audio: Audio, audio_len: Lengths, tokens: Tokens
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1])
        att_logp = self.decoder(enc.transpose(1, 2), mask, tokens)
        return self.losses["att"](tokens, att_logp)  # E: (expected 3 axes, got 2 # E: (expected 2 axes, got 3

    def bug_06_mask_broadcast_shape_passed_as_a_port(
        self, audio: Audio, audio_len: Lengths, tokens: Tokens
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1]).unsqueeze(1)
        return self.decoder(enc.transpose(1, 2), mask, tokens)  # E: (expected 2 axes, got 3

    def bug_07_pooled_vector_into_the_decoder(
        self, audio: Audio, audio_len: Lengths, tokens: Tokens
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1])
        return self.decoder(pool_time(enc), mask, tokens)  # E: (expected 3 axes, got 2

    def bug_08_pooled_with_keepdim_treated_as_a_sequence(
        self, audio: Audio, audio_len: Lengths
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, _ = self.subsampling(mel, mel_len)
        summary = enc.mean(dim=2, keepdim=True)
        return self.context(summary)  # E: (axis 2 is S:1, expected T)

    def bug_09_pooled_over_the_wrong_axis(self, audio: Audio, audio_len: Lengths) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, _ = self.subsampling(mel, mel_len)
        return self.lid(enc.mean(dim=1))  # E: (axis 1 is T, expected D)

    def bug_10_time_major_states_into_the_decoder_via_ternary(
        self, audio: Audio, audio_len: Lengths, tokens: Tokens
    ) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = mask_from(enc_len, enc.shape[-1])
        states = enc if self.training else enc.detach()
        return self.decoder(states, mask, tokens)  # E: (axis 1 is D, expected T)

    def bug_11_rebound_before_the_layers(self, audio: Audio, audio_len: Lengths) -> Tensor:
        mel, mel_len = self.features(audio, audio_len)
        enc, enc_len = self.subsampling(mel, mel_len)
        mask = lengths_to_mask(enc_len, enc.shape[-1])
        x = enc.transpose(1, 2)
        for layer in self.layers:
            x = layer(
                x, mask
            )  # MISSED: rebound in the loop; NeMo passes first-pass values unlike its ports
        return x


class BuggyAugment(nn.Module):
    """Bug 12: a NeMo-style module (ports in ``input_types``, unannotated ``forward``)."""

    def __init__(self) -> None:
        super().__init__()
        self.subsampling = ConvSubsampling()

    @property
    def input_types(self):  # type: ignore[no-untyped-def]
        return {
            "input_spec": NeuralType(("B", "D", "T"), MelSpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    def forward(self, input_spec, length):  # type: ignore[no-untyped-def]
        encoded_len = length
        return self.subsampling(encoded_len, input_spec)  # E: (expected 3 axes, got 1 # E: (expected 1 axes, got 3
