"""The two scenarios of issue 15 under DDP, FSDP2 and FSDP1, run on every rank of a gloo group.

- ``window``: ``encoder: [3, 5]``: a module freezes mid-run and unfreezes;
- ``frozen_at_wrap``: ``encoder: [1, 3]``: frozen when the wrapper is built, unfrozen at 4.

Each case trains 7 updates of SGD (momentum 0.9, weight decay), each rank on its own data,
and reports whether it was refused (and before which update) or trained, with the frozen
window bit-identical, the encoder training again after it, and the ranks identical.
Imported by the spawned worker of ``test_distributed.py`` (also runnable by hand).
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
from freeze_models import Net
from torch.nn.parallel import DistributedDataParallel as DDP

from neuraltypes import FreezeConfigError, FreezeSchedule, FreezeScheduler

SCENARIOS = {"window": (3, 5), "frozen_at_wrap": (1, 3)}
MODES = ("auto", "requires_grad", "drop_grads")
UPDATES = 7


def case_id(*parts: object) -> str:
    return "-".join(str(p) for p in parts)


def ddp_cases() -> list[str]:
    """wrapper-mode-order-find_unused-static_graph-scenario."""
    return [
        case_id("ddp", mode, order, f"fu{int(fu)}", f"sg{int(sg)}", scenario)
        for mode, order, fu, sg, scenario in itertools.product(
            MODES, ("wrap_then_bind", "bind_then_wrap"), (False, True), (False, True), SCENARIOS
        )
    ] + [case_id("ddp", mode, "bind_before_init", "fu0", "sg0", "window") for mode in MODES]


def fsdp2_cases() -> list[str]:
    return [
        case_id("fsdp2", mode, order, scenario)
        for mode, order, scenario in itertools.product(
            MODES, ("shard_then_bind", "bind_then_shard"), SCENARIOS
        )
    ]


def fsdp1_cases() -> list[str]:
    return [
        case_id("fsdp1", mode, order, f"orig{int(orig)}")
        for mode, order, orig in itertools.product(
            ("auto", "drop_grads"), ("wrap_then_bind", "bind_then_wrap"), (False, True)
        )
    ]


def schedule(mode: str, scenario: str) -> FreezeSchedule:
    start, end = SCENARIOS[scenario]
    cfg = {"enabled": True, "modules": {"encoder": [start, end]}, "mode": mode}
    return FreezeSchedule.from_config(cfg)


def sgd(params: Any) -> torch.optim.Optimizer:
    return torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=1e-2)


def local(t: torch.Tensor) -> torch.Tensor:
    to_local = getattr(t, "to_local", None)
    return (to_local() if to_local else t).detach().clone()


def full(t: torch.Tensor) -> torch.Tensor:
    full_tensor = getattr(t, "full_tensor", None)
    return (full_tensor() if full_tensor else t).detach().flatten()


def train(
    rank: int,
    model: torch.nn.Module,
    encoder: torch.nn.Module,
    opt: torch.optim.Optimizer,
    sched: FreezeScheduler,
    scenario: str,
) -> dict[str, Any]:
    """7 updates; frozen window and training afterwards measured on this rank's shards."""
    start, end = SCENARIOS[scenario]
    snaps: dict[int, list[torch.Tensor]] = {}
    out: dict[str, Any] = {"outcome": "trained", "steps_done": 0, "mode": sched.mode}
    for step in range(1, UPDATES + 1):
        try:
            sched.apply(step)
        except FreezeConfigError as exc:
            return {**out, "outcome": "refused", "refused_at": f"update {step}", "error": str(exc)}
        snaps[step] = [local(p) for p in encoder.parameters()]
        g = torch.Generator().manual_seed(100 * rank + step)  # each rank its own data
        x, y = torch.randn(8, 4, generator=g), torch.randint(0, 3, (8,), generator=g)
        torch.manual_seed(step)  # dropout, same on every rank
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        opt.zero_grad(set_to_none=False)  # the setting that leaks momentum into frozen params
        out["steps_done"] = step
    snaps[UPDATES + 1] = [local(p) for p in encoder.parameters()]

    def same(a: int, b: int) -> bool:
        return all(torch.equal(x, y) for x, y in zip(snaps[a], snaps[b], strict=True))

    out["frozen_identical"] = same(start, end + 1)
    out["trains_after"] = not same(end + 1, UPDATES + 1)
    out["trains_before"] = start == 1 or not same(1, start)
    flat = torch.cat([full(p) for p in model.parameters()])
    gathered = [torch.zeros_like(flat) for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, flat)
    out["ranks_identical"] = all(torch.equal(gathered[0], g) for g in gathered[1:])
    out["mode"] = sched.mode
    return out


def refused(at: str, exc: FreezeConfigError) -> dict[str, Any]:
    return {"outcome": "refused", "refused_at": at, "error": str(exc), "steps_done": 0}


def run_ddp(rank: int, case: str, bound_before_init: FreezeScheduler | None) -> dict[str, Any]:
    _, mode, order, fu, sg, scenario = case.split("-")
    kwargs = {"find_unused_parameters": fu == "fu1", "static_graph": sg == "sg1"}
    torch.manual_seed(0)
    net = Net()
    opt = sgd(net.parameters())
    if order == "bind_before_init":
        assert bound_before_init is not None
        sched = bound_before_init
        net = sched.model  # type: ignore[assignment]
        opt = sched.optimizers[0]
        ddp = DDP(net, **kwargs)
    elif order == "wrap_then_bind":
        ddp = DDP(net, **kwargs)
        try:
            sched = schedule(mode, scenario).bind(ddp, opt)
        except FreezeConfigError as exc:
            return refused("bind", exc)
    else:  # bind to the bare model, apply the first update, then wrap: a model that owns it
        try:
            sched = schedule(mode, scenario).bind(net, opt)
            sched.apply(1)
        except FreezeConfigError as exc:
            return refused("bind", exc)
        ddp = DDP(net, **kwargs)
    return train(rank, ddp, net.encoder, opt, sched, scenario)


def run_fsdp2(rank: int, case: str) -> dict[str, Any]:
    from torch.distributed.fsdp import fully_shard

    _, mode, order, scenario = case.split("-")
    torch.manual_seed(0)
    net = Net()

    def shard() -> None:
        fully_shard(net.encoder)
        fully_shard(net)

    try:
        if order == "shard_then_bind":
            shard()
            opt = sgd(net.parameters())
            sched = schedule(mode, scenario).bind(net, opt)
        else:  # bind and apply the first update, shard, then build the optimizer
            sched = schedule(mode, scenario).bind(net)
            sched.apply(1)
            shard()
            opt = sgd(net.parameters())
            sched.set_optimizers(opt)
    except FreezeConfigError as exc:
        return refused("bind", exc)
    return train(rank, net, net.encoder, opt, sched, scenario)


def run_fsdp1(rank: int, case: str) -> dict[str, Any]:
    from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

    _, mode, order, orig = case.split("-")
    torch.manual_seed(0)
    net = Net()

    def wrap() -> torch.nn.Module:
        return FSDP(net, use_orig_params=orig == "orig1", device_id=torch.device("cpu"))

    try:
        if order == "wrap_then_bind":
            model = wrap()
            sched = schedule(mode, "window").bind(model, sgd(model.parameters()))
        else:
            sched = schedule(mode, "window").bind(net, sgd(net.parameters()))
            model = wrap()
    except FreezeConfigError as exc:
        return refused("bind", exc)
    return train(rank, model, net.encoder, sgd(model.parameters()), sched, "window")


def worker(rank: int, tmp: str, world_size: int = 2) -> None:
    """Run every case on this rank; write ``rank<N>.json``."""
    torch.set_num_threads(1)
    # bound before the process group exists (it is initialised later, as by some launchers)
    early: dict[str, FreezeScheduler] = {}
    for case in (c for c in ddp_cases() if "bind_before_init" in c):
        torch.manual_seed(0)
        net = Net()
        early[case] = schedule(case.split("-")[1], "window").bind(net, sgd(net.parameters()))
    dist.init_process_group(
        "gloo",
        init_method=f"file://{tmp}/store",
        rank=rank,
        world_size=world_size,
        timeout=timedelta(seconds=60),
    )
    results: dict[str, Any] = {}
    for case in ddp_cases():
        results[case] = run_ddp(rank, case, early.get(case))
    for case in fsdp2_cases():
        results[case] = run_fsdp2(rank, case)
    for case in fsdp1_cases():
        try:
            results[case] = run_fsdp1(rank, case)
        except Exception as exc:  # FSDP1 itself may not run here: record it
            results[case] = {"outcome": "error", "error": f"{type(exc).__name__}: {exc}"}
    Path(tmp, f"rank{rank}.json").write_text(json.dumps(results, indent=1))
    dist.destroy_process_group()
