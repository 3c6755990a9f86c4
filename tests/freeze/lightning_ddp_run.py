"""One rank of the Lightning ``strategy="ddp"`` freeze test (2 CPU processes, gloo).

Launched by ``test_lightning_ddp.py`` as torchrun does (``LOCAL_RANK``, ``MASTER_PORT``
set, so Lightning does not spawn its own children), it runs in one process:

1. ``reference``: 8 optimizer updates; ``decoder`` frozen at the start (updates 1-2, when
   DDP wraps the module), ``encoder`` frozen mid-run (updates 3-5);
2. ``first``: the same run stopped after update 4 (inside the encoder window), checkpoint;
3. ``resumed``: a fresh module resumed from that checkpoint to update 8;
4. ``refused``: ``mode: requires_grad`` under the default DDP strategy.

Writes ``rank<N>.json`` into the output folder given as argv[1].
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import lightning.pytorch as pl
import torch
from lightning.pytorch.strategies import DDPStrategy

sys.path.insert(0, str(Path(__file__).parent))

from freeze_models import Net

from neuraltypes import FreezeConfigError
from neuraltypes.freeze.lightning import FreezeScheduleCallback

CFG = {"enabled": True, "modules": {"encoder": [3, 5], "decoder": [1, 2]}}


class Module(pl.LightningModule):  # type: ignore[misc]
    """Holds the network as ``self.model`` (names ``encoder``/``decoder`` with root="model")."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.model = Net()
        self.seen: dict[int, dict[str, torch.Tensor]] = {}

    def on_train_batch_start(self, batch: Any, batch_idx: int) -> None:
        step = self.trainer.global_step + 1  # the update this batch belongs to
        self.seen.setdefault(step, {k: v.clone() for k, v in self.model.state_dict().items()})

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        torch.manual_seed(self.trainer.global_step * 10 + batch_idx % 2)  # dropout, resumable
        x, y = batch
        return torch.nn.functional.cross_entropy(self.model(x), y)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-2)

    def train_dataloader(self) -> torch.utils.data.DataLoader[Any]:
        g = torch.Generator().manual_seed(0)  # 64 samples: 8 batches of 4 per rank per epoch
        data = torch.utils.data.TensorDataset(
            torch.randn(64, 4, generator=g), torch.randint(0, 3, (64,), generator=g)
        )
        return torch.utils.data.DataLoader(data, batch_size=4)


def trainer(epochs: int, cb: FreezeScheduleCallback, strategy: DDPStrategy) -> pl.Trainer:
    return pl.Trainer(
        max_epochs=epochs,  # 4 optimizer updates per epoch
        accumulate_grad_batches=2,
        accelerator="cpu",
        devices=2,
        strategy=strategy,
        enable_progress_bar=False,
        enable_model_summary=False,
        enable_checkpointing=False,
        logger=False,
        callbacks=[cb],
    )


def flat(module: Module) -> torch.Tensor:
    """The parameters (BatchNorm statistics are local to each rank after its last forward:
    DDP broadcasts rank 0's buffers at the start of each forward)."""
    return torch.cat([p.detach().flatten() for p in module.model.parameters()])


PARAMS = {n for n, _ in Net().named_parameters()}


def same(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor], prefix: str) -> bool:
    """Parameters under ``prefix`` equal; on rank 0 the BatchNorm statistics too (DDP
    overwrites the other ranks' buffers with rank 0's at the start of each forward)."""
    rank0 = os.environ.get("LOCAL_RANK") == "0"
    keys = [k for k in a if k.startswith(prefix) and (rank0 or k in PARAMS)]
    return bool(keys) and all(torch.equal(a[k], b[k]) for k in keys)


def main(out: Path) -> None:
    torch.set_num_threads(1)
    ddp = DDPStrategy(process_group_backend="gloo")
    result: dict[str, Any] = {}

    reference = Module()
    cb = FreezeScheduleCallback(CFG, root="model")
    trainer(2, cb, ddp).fit(reference)
    seen = reference.seen
    assert cb.scheduler is not None
    result["mode"] = cb.scheduler.mode
    result["updates"] = sorted(seen)
    result["decoder_frozen_1_2"] = same(seen[1], seen[3], "decoder")
    result["decoder_trains_after"] = not same(seen[3], seen[8], "decoder")
    result["encoder_trains_before"] = not same(seen[1], seen[3], "encoder.0")
    result["encoder_frozen_3_5"] = same(seen[3], seen[6], "encoder")
    result["encoder_trains_after"] = not same(seen[6], seen[8], "encoder")
    result["requires_grad_kept"] = all(p.requires_grad for p in reference.parameters())
    result["reference"] = flat(reference).tolist()

    first = Module()
    t1 = trainer(
        1, FreezeScheduleCallback(CFG, root="model"), DDPStrategy(process_group_backend="gloo")
    )
    t1.fit(first)
    ckpt = out / "mid.ckpt"
    t1.save_checkpoint(ckpt)  # after update 4, inside the encoder window 3..5
    result["checkpoint_step"] = t1.global_step

    resumed = Module()
    cb2 = FreezeScheduleCallback(CFG, root="model")
    trainer(2, cb2, DDPStrategy(process_group_backend="gloo")).fit(resumed, ckpt_path=str(ckpt))
    result["resumed_first_update"] = min(resumed.seen)
    result["resumed_encoder_frozen"] = same(resumed.seen[5], resumed.seen[6], "encoder")
    result["resumed"] = flat(resumed).tolist()

    strict = dict(CFG, mode="requires_grad")
    try:
        trainer(
            1,
            FreezeScheduleCallback(strict, root="model"),
            DDPStrategy(process_group_backend="gloo"),
        ).fit(Module())
        result["refused"] = ""
    except FreezeConfigError as exc:
        result["refused"] = str(exc)
    rank = int(os.environ["LOCAL_RANK"])
    (out / f"rank{rank}.json").write_text(json.dumps(result))


def leave() -> None:
    """Exit 0 without C++ static destructors once the results are written.

    Lightning leaves the gloo process group open after ``fit``; at interpreter exit a gloo
    worker thread can still be joinable and abort the rank ("terminate called without an
    active exception", exit -6), seen once in CI after every result was written. A failure
    inside ``main`` raises before this point, so it still exits non-zero.
    """
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    leave()
