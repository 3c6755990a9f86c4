"""Building blocks of a hybrid CTC/attention ASR model."""

from typing import Any

import torch
from torch import Tensor, nn

from neuraltypes import LengthsType, MelSpectrogramType, NeuralType

from .ntypes import (
    Audio,
    Encoded,
    EncodedBTD,
    Lengths,
    LogProbs,
    Loss,
    Mask,
    Mel,
    Pooled,
    Tokens,
)


class FeatureExtractor(nn.Module):
    def __init__(self, n_mels: int = 80) -> None:
        super().__init__()
        self.n_mels = n_mels

    def forward(self, audio: Audio, length: Lengths) -> tuple[Mel, Lengths]:
        frames = audio.unfold(-1, 400, 160)
        mel = frames[..., : self.n_mels].transpose(1, 2)
        return mel, length // 160


class SpecAugment(nn.Module):
    """Written the NeMo way: ports in properties, an unannotated ``forward``."""

    def __init__(self, n_mels: int = 80) -> None:
        super().__init__()
        self.subsampling = ConvSubsampling(n_mels)

    @property
    def input_types(self):  # type: ignore[no-untyped-def]
        return {
            "input_spec": NeuralType(("B", "D", "T"), MelSpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    def forward(self, input_spec, length):  # type: ignore[no-untyped-def]
        return self.subsampling(input_spec, length)


class ConvSubsampling(nn.Module):
    def __init__(self, n_mels: int = 80, d_model: int = 144) -> None:
        super().__init__()
        self.conv = nn.Conv1d(n_mels, d_model, 3, stride=4, padding=1)

    def forward(self, x: Mel, length: Lengths) -> tuple[Encoded, Lengths]:
        return self.conv(x), length // 4


class ConformerBlock(nn.Module):
    def __init__(self, d_model: int = 144) -> None:
        super().__init__()
        self.ff = nn.Linear(d_model, d_model)

    def forward(self, x: Encoded, mask: Mask) -> Encoded:
        return x + self.ff(x.transpose(1, 2)).transpose(1, 2) * mask.unsqueeze(1)


class CTCHead(nn.Module):
    def __init__(self, d_model: int = 144, vocab: int = 128) -> None:
        super().__init__()
        self.proj = nn.Conv1d(d_model, vocab, 1)

    def forward(self, encoder_output: Encoded) -> LogProbs:
        return self.proj(encoder_output).transpose(1, 2).log_softmax(-1)


class AttentionDecoder(nn.Module):
    def __init__(self, d_model: int = 144, vocab: int = 128) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.out = nn.Linear(d_model, vocab)

    def forward(self, encoder_states: EncodedBTD, encoder_mask: Mask, tokens: Tokens) -> LogProbs:
        context = encoder_states.mean(dim=1, keepdim=True)
        return self.out(self.embed(tokens) + context).log_softmax(-1)


class LanguageHead(nn.Module):
    def __init__(self, d_model: int = 144, n_langs: int = 4) -> None:
        super().__init__()
        self.proj = nn.Linear(d_model, n_langs)

    def forward(self, pooled: Pooled) -> Tensor:
        return self.proj(pooled)


class GlobalContext(nn.Module):
    def forward(self, x: Encoded) -> Encoded:
        return x - x.mean(dim=2, keepdim=True)


class CTCLoss(nn.Module):
    def forward(
        self, log_probs: LogProbs, targets: Tokens, input_lengths: Lengths, target_lengths: Lengths
    ) -> Loss:
        return nn.functional.ctc_loss(
            log_probs.transpose(0, 1), targets, input_lengths, target_lengths
        )


class AttentionLoss(nn.Module):
    def forward(self, log_probs: LogProbs, targets: Tokens) -> Loss:
        return nn.functional.nll_loss(log_probs.flatten(0, 1), targets.flatten())


def unused(x: Any) -> Any:
    return torch.as_tensor(x)
