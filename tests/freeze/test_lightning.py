"""The Lightning callback: same config, applied per optimizer update with accumulation."""

from __future__ import annotations

from typing import Any

import pytest
import torch

pl = pytest.importorskip("lightning.pytorch")

from freeze_models import Net  # noqa: E402

from neuraltypes.freeze.lightning import FreezeScheduleCallback  # noqa: E402


class Module(pl.LightningModule):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.net = Net()
        self.seen: list[tuple[int, bool, torch.Tensor]] = []

    def on_train_batch_start(self, batch: Any, batch_idx: int) -> None:  # after callbacks
        w = self.net.encoder[0].weight
        self.seen.append((self.trainer.global_step, not w.requires_grad, w.detach().clone()))

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.AdamW(self.parameters(), lr=1e-2)

    def train_dataloader(self) -> torch.utils.data.DataLoader[Any]:
        g = torch.Generator().manual_seed(0)
        data = torch.utils.data.TensorDataset(
            torch.randn(64, 4, generator=g), torch.randint(0, 3, (64,), generator=g)
        )
        return torch.utils.data.DataLoader(data, batch_size=8)


def fit(module: Module, cb: FreezeScheduleCallback, max_steps: int) -> None:
    trainer = pl.Trainer(
        max_steps=max_steps,
        accumulate_grad_batches=2,
        accelerator="cpu",
        devices=1,
        enable_progress_bar=False,
        enable_model_summary=False,
        enable_checkpointing=False,
        logger=False,
        callbacks=[cb],
    )
    trainer.fit(module)


def test_callback_counts_optimizer_updates(caplog: pytest.LogCaptureFixture) -> None:
    module = Module()
    cb = FreezeScheduleCallback(
        "model:\n  freeze_updates:\n    enabled: true\n    modules:\n      net.encoder: 2\n"
    )
    with caplog.at_level("INFO", logger="neuraltypes.freeze"):
        fit(module, cb, max_steps=4)
    steps = [s for s, _, _ in module.seen]
    frozen = [f for _, f, _ in module.seen]
    assert steps == [0, 0, 1, 1, 2, 2, 3, 3]  # 2 micro-batches per update
    assert frozen == [True] * 4 + [False] * 4
    w0 = module.seen[0][2]
    assert torch.equal(module.seen[4][2], w0)  # frozen for updates 1-2 = 4 micro-batches
    assert not torch.equal(module.seen[6][2], w0)  # trains from update 3
    assert "update 1: froze net.encoder" in caplog.text
    assert "update 3: unfroze net.encoder" in caplog.text
    assert cb.state_dict()["step"] == 4


def test_callback_rejects_a_typo_before_the_first_batch() -> None:
    from neuraltypes import FreezeConfigError

    module = Module()
    cb = FreezeScheduleCallback({"enabled": True, "modules": {"net.encodr": 2}})
    with pytest.raises(FreezeConfigError, match=r"did you mean 'net\.encoder'"):
        fit(module, cb, max_steps=1)
    assert module.seen == []
