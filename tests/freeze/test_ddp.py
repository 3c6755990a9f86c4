"""DistributedDataParallel: two gloo ranks on CPU, freezing and unfreezing mid-run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel as DDP

sys.path.insert(0, str(Path(__file__).parent))

from freeze_models import Net

from neuraltypes import FreezeConfigError, FreezeSchedule

CFG = {"enabled": True, "modules": {"encoder": [3, 4], "decoder": [6, 6]}}


def _worker(rank: int, tmp: str) -> None:
    dist.init_process_group("gloo", init_method=f"file://{tmp}/store", rank=rank, world_size=2)
    torch.set_num_threads(1)
    out: dict[str, object] = {}
    schedule = FreezeSchedule.from_config(CFG)

    # 1. find_unused_parameters=True: freezing/unfreezing works and the ranks stay identical.
    torch.manual_seed(0)
    ddp = DDP(Net(), find_unused_parameters=True)
    opt = torch.optim.SGD(ddp.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-2)
    sched = schedule.bind(ddp, opt)
    enc_before = None
    for step in range(1, 9):
        sched.apply(step)
        if step == 3:
            enc_before = [p.detach().clone() for p in ddp.module.encoder.parameters()]
        if step == 5:
            out["encoder_frozen_identical"] = all(
                torch.equal(a, b)
                for a, b in zip(enc_before or [], ddp.module.encoder.parameters(), strict=True)
            )
        g = torch.Generator().manual_seed(100 * rank + step)  # different data per rank
        x, y = torch.randn(8, 4, generator=g), torch.randint(0, 3, (8,), generator=g)
        torch.nn.functional.cross_entropy(ddp(x), y).backward()
        opt.step()
        opt.zero_grad(set_to_none=False)
    flat = torch.cat([p.detach().flatten() for p in ddp.parameters()])
    gathered = [torch.zeros_like(flat) for _ in range(2)]
    dist.all_gather(gathered, flat)
    out["ranks_identical"] = torch.equal(gathered[0], gathered[1])

    # 2. default DDP (and static_graph) are refused with what to change.
    for kwargs in ({}, {"find_unused_parameters": True, "static_graph": True}):
        try:
            schedule.bind(DDP(Net(), **kwargs))  # type: ignore[arg-type]
            out[f"refused{sorted(kwargs)}"] = ""
        except FreezeConfigError as exc:
            out[f"refused{sorted(kwargs)}"] = str(exc)

    # 3. parameters frozen (by a scheduler) when DDP wraps them, unfrozen later: refused.
    net = Net()
    FreezeSchedule.from_config(CFG).bind(net).apply(3)
    try:
        schedule.bind(DDP(net, find_unused_parameters=True))
        out["wrap_time"] = ""
    except FreezeConfigError as exc:
        out["wrap_time"] = str(exc)
    Path(tmp, f"rank{rank}.json").write_text(json.dumps(out))
    dist.destroy_process_group()


@pytest.mark.skipif(not dist.is_available(), reason="torch.distributed not available")
def test_two_gloo_ranks(tmp_path: Path) -> None:
    mp.spawn(_worker, args=(str(tmp_path),), nprocs=2, join=True)
    for rank in range(2):
        out = json.loads((tmp_path / f"rank{rank}.json").read_text())
        assert out["encoder_frozen_identical"] is True
        assert out["ranks_identical"] is True
        assert "find_unused_parameters=True" in out["refused[]"]
        assert "HINT:" in out["refused[]"]
        assert "static_graph=True" in out["refused['find_unused_parameters', 'static_graph']"]
        assert "frozen when the model was wrapped" in out["wrap_time"]
