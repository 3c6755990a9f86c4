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


class Steps(Module):
    """10 batches per epoch, data and dropout seeded by the optimizer update: resumable."""

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        torch.manual_seed(self.trainer.global_step * 10 + batch_idx % 2)  # dropout
        return super().training_step(batch, batch_idx)

    def train_dataloader(self) -> torch.utils.data.DataLoader[Any]:
        g = torch.Generator().manual_seed(0)
        data = torch.utils.data.TensorDataset(
            torch.randn(80, 4, generator=g), torch.randint(0, 3, (80,), generator=g)
        )
        return torch.utils.data.DataLoader(data, batch_size=8)


def trainer(max_epochs: int, cb: FreezeScheduleCallback) -> Any:
    return pl.Trainer(
        max_epochs=max_epochs,
        accumulate_grad_batches=2,  # 5 optimizer updates per epoch
        accelerator="cpu",
        devices=1,
        enable_progress_bar=False,
        enable_model_summary=False,
        enable_checkpointing=False,
        logger=False,
        callbacks=[cb],
    )


RESUME_CFG = {
    "enabled": True,
    "modules": {"net.encoder": [3, 7], "net.decoder": [9, 10]},  # checkpoint after update 5
}


def test_resume_from_a_lightning_checkpoint_mid_window(tmp_path: Any) -> None:
    def module() -> Steps:
        m = Steps()
        m.net.encoder[0].bias.requires_grad_(False)  # the user's own deliberate freeze
        return m

    reference = module()
    trainer(3, FreezeScheduleCallback(RESUME_CFG)).fit(reference)

    first = module()
    t1 = trainer(1, FreezeScheduleCallback(RESUME_CFG))
    t1.fit(first)
    assert t1.global_step == 5 and not first.net.encoder[0].weight.requires_grad
    ckpt = tmp_path / "mid.ckpt"
    t1.save_checkpoint(ckpt)

    resumed = Steps()  # a new process: fresh module, the bias pre-freeze forgotten
    cb = FreezeScheduleCallback(RESUME_CFG)
    trainer(3, cb).fit(resumed, ckpt_path=str(ckpt))
    assert cb.scheduler is not None and cb.scheduler.step == 15
    # resumed at update 6 inside the encoder window: frozen with no history, weights untouched
    assert resumed.seen[0][0] == 5 and resumed.seen[0][1]
    assert torch.equal(resumed.seen[0][2], first.net.encoder[0].weight)
    assert torch.equal(resumed.seen[3][2], first.net.encoder[0].weight)  # update 7
    assert not resumed.net.encoder[0].bias.requires_grad  # own flag from the checkpoint
    assert resumed.net.encoder[0].weight.requires_grad
    ref, got = reference.state_dict(), resumed.state_dict()
    assert ref.keys() == got.keys() and all(torch.equal(ref[k], got[k]) for k in ref)


@pytest.mark.parametrize("release", [False, True])
def test_end_state_after_fit(release: bool) -> None:
    module = Module()
    cb = FreezeScheduleCallback(
        {"enabled": True, "modules": {"net.encoder": -1}}, release_on_end=release
    )
    fit(module, cb, max_steps=2)
    enc = module.net.encoder
    # -1 modules stay frozen after fit (as in NeMo) unless release_on_end=True
    assert enc[0].weight.requires_grad is release
    assert not enc[1]._forward_pre_hooks if release else enc[1]._forward_pre_hooks


def test_root_makes_names_those_of_freeze_plan() -> None:
    module = Module()
    cb = FreezeScheduleCallback({"enabled": True, "modules": {"encoder": 2}}, root="net")
    fit(module, cb, max_steps=3)
    assert [f for _, f, _ in module.seen] == [True] * 4 + [False] * 2


def test_names_without_the_prefix_say_how_to_fix_it() -> None:
    from neuraltypes import FreezeConfigError

    cb = FreezeScheduleCallback({"enabled": True, "modules": {"encoder": 2}})
    with pytest.raises(FreezeConfigError) as info:
        fit(Module(), cb, max_steps=1)
    msg = str(info.value)
    assert "the model has it under 'net': write 'net.encoder'" in msg
    assert "FreezeScheduleCallback(..., root='net')" in msg
    bad = FreezeScheduleCallback({"enabled": True, "modules": {"encoder": 2}}, root="model")
    with pytest.raises(FreezeConfigError, match=r"root='model'\): the LightningModule has no"):
        fit(Module(), bad, max_steps=1)
