# fmt: off
# ruff: noqa: E501
"""List ports: ``list[Tensor]`` values tracked per element; ``torch.cat`` where sure."""
from typing import Annotated

import torch
from torch import Tensor, nn

from neuraltypes import EncodedRepresentation, LogitsType, NeuralType
from neuraltypes._reveal import reveal_neural_type

# case: list_ports_are_tracked_per_element
BT = Annotated[Tensor, NeuralType(("B", "T"), LogitsType())]


class Discriminator(nn.Module):
    """NeMo style: list ports in ``output_types``, an unannotated ``forward``."""

    @property
    def output_types(self):  # type: ignore[no-untyped-def]
        return {
            "scores": [NeuralType(("B", "T"), LogitsType())],
            "fmaps": [[NeuralType(("B", "D", "T"), EncodedRepresentation())]],
        }

    def forward(self, audio):  # type: ignore[no-untyped-def]
        raise NotImplementedError


class AnnotatedDisc(nn.Module):
    def forward(self, audio: Tensor) -> list[BT]:
        raise NotImplementedError


class ScoreLoss(nn.Module):
    def forward(self, score: BT) -> Tensor:
        raise NotImplementedError


class FmapLoss(nn.Module):
    def forward(self, fmap: Annotated[Tensor, NeuralType(("B", "D", "T"), EncodedRepresentation())]) -> Tensor:
        raise NotImplementedError


class AllScores(nn.Module):
    def forward(self, scores: list[BT]) -> Tensor:
        raise NotImplementedError


def train_step(audio: Tensor, flag: bool) -> None:
    disc, ann = Discriminator(), AnnotatedDisc()
    score_loss, fmap_loss, all_scores = ScoreLoss(), FmapLoss(), AllScores()
    scores, fmaps = disc(audio)
    stacked = torch.stack(scores)  # a list, not one Tensor: no ordinary error
    reveal_neural_type(stacked)  # N: Revealed neural type is unknown (value is unchecked)
    score_loss(scores[0])
    fmap_loss(scores[0])  # E: (expected 3 axes, got 2; LogitsType is not a subclass of EncodedRepresentation)
    score_loss(scores[0].transpose(0, 1))  # E: (axis 0 is T, expected B)
    for score in scores:
        score_loss(score)
        fmap_loss(score)  # E: (expected 3 axes, got 2
    for per_layer in fmaps:
        for fmap in per_layer:
            fmap_loss(fmap)
            score_loss(fmap)  # E: (expected 2 axes, got 3
    for fmap in fmaps[0]:
        fmap = fmap.transpose(1, 2)  # rebound in the body: unchecked
        fmap_loss(fmap)
    all_scores(scores)
    all_scores(fmaps[0])  # E: (expected 2 axes, got 3
    mine = ann(audio)
    score_loss(mine[-1])
    fmap_loss(mine[0])  # E: (expected 3 axes, got 2
    score_loss(torch.cat(mine, dim=1))
    score_loss(torch.cat([mine[0], mine[1]], dim=-1))
    fmap_loss(torch.cat([mine[0], mine[1]]))  # E: via cat() (expected 3 axes, got 2
    fmap_loss(torch.cat([mine[0], fmaps[0][0]]))  # parts disagree: unchecked
    fmap_loss(torch.cat(mine, dim=2))  # dim out of range: unchecked
