"""Gradient checkpointing: a frozen embedding feeding a reentrant-checkpointed block.

With ``use_reentrant=True`` the block's inputs must require grad, otherwise its own
parameters get no gradient and silently stop training (transformers#23170).
``output_requires_grad: true`` makes the frozen module's outputs require grad while frozen.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from freeze_helpers import same, snapshot
from torch import nn
from torch.utils.checkpoint import checkpoint

from neuraltypes import FreezeConfigError, FreezeSchedule


class Checkpointed(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(16, 8)
        self.block = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 8))
        self.head = nn.Linear(8, 3)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h = self.embed(ids)
        h = checkpoint(self.block, h, use_reentrant=True)
        return self.head(h).mean(1)


def train(modules: dict[str, object], steps: int = 4, **top: object) -> tuple[bool, bool, bool]:
    """Return (embed unchanged, block trained, torch warned about inputs without grad)."""
    torch.manual_seed(0)
    model = Checkpointed()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    cfg = {"enabled": True, "modules": modules, **top}
    sched = FreezeSchedule.from_config(cfg).bind(model, opt)
    embed, block = snapshot(model.embed), snapshot(model.block)
    g = torch.Generator().manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for step in range(1, steps + 1):
            sched.apply(step)
            ids, y = torch.randint(0, 16, (4, 5), generator=g), torch.randint(0, 3, (4,))
            torch.nn.functional.cross_entropy(model(ids), y).backward()
            opt.step()
            opt.zero_grad()
    warned = any("None of the inputs have requires_grad" in str(w.message) for w in caught)
    return same(snapshot(model.embed), embed), not same(snapshot(model.block), block), warned


def test_without_the_option_the_checkpointed_block_silently_stops_training() -> None:
    embed_same, block_trained, warned = train({"embed": -1})
    assert embed_same and not block_trained and warned  # the failure this option fixes


@pytest.mark.parametrize(
    ("modules", "top"),
    [
        ({"embed": -1}, {"output_requires_grad": True}),
        ({"embed": {"steps": -1, "output_requires_grad": True}}, {}),
    ],
)
def test_output_requires_grad_makes_the_block_train(
    modules: dict[str, object], top: dict[str, object]
) -> None:
    embed_same, block_trained, warned = train(modules, **top)
    assert embed_same and block_trained and not warned  # frozen stays frozen, block trains


def test_hook_only_while_frozen_and_not_under_no_grad() -> None:
    model = Checkpointed()
    cfg = {"enabled": True, "modules": {"embed": 2}, "output_requires_grad": True}
    sched = FreezeSchedule.from_config(cfg).bind(model)
    ids = torch.randint(0, 16, (2, 3))
    sched.apply(1)
    assert model.embed(ids).requires_grad and not model.embed.weight.requires_grad
    with torch.no_grad():
        assert not model.embed(ids).requires_grad
    with torch.inference_mode():
        model.embed(ids)  # no "inference tensors cannot require grad" error
    sched.apply(3)  # unfrozen: the hook is gone, outputs come from trainable weights
    assert not model.embed._forward_hooks
    entry = {"embed": {"steps": 2, "output_requires_grad": False}}
    sched2 = FreezeSchedule.from_config({**cfg, "modules": entry}).bind(model)
    sched2.apply(1)  # the entry's own setting wins over the global one
    assert not model.embed(ids).requires_grad
    sched2.release()


def test_bad_option_values_are_rejected() -> None:
    with pytest.raises(FreezeConfigError) as info:
        FreezeSchedule.from_config(
            {
                "enabled": True,
                "output_requires_grad": "yes",
                "modules": {"embed": {"steps": 2, "output_requires_grad": 1}},
            }
        )
    assert "output_requires_grad: 'yes' is not true or false" in str(info.value)
    assert "modules.embed.output_requires_grad: 1 is not true or false" in str(info.value)


def test_option_round_trips_through_to_config() -> None:
    cfg = {
        "enabled": True,
        "output_requires_grad": True,
        "modules": {"embed": {"steps": [2, -1], "output_requires_grad": False}, "head": 3},
    }
    s = FreezeSchedule.from_config(cfg)
    assert FreezeSchedule.from_config(s.to_config()) == s
