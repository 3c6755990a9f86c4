"""Per-step cost of ``FreezeScheduler.apply`` when nothing changes, against two baselines.

Baselines, run side by side in one process:
- ``nemo_loop``: NeMo's per-batch check (loop over entries, compare with an is_frozen dict);
- ``param_walk``: re-asserting the state by walking the parameters every step.

Two model sizes with the same 300+ submodules but 256x more parameters show that ``apply``
does not depend on the parameter count. Prints JSON lines: medians in microseconds, ratios.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_freeze_apply.py
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from collections.abc import Callable

import torch
from torch import nn

from neuraltypes.freeze import FreezeSchedule

N_LAYERS = 150  # 2 submodules each -> 300+ named modules
CALLS, REPEATS = 20_000, 7


def make_model(width: int) -> nn.Module:
    m = nn.Module()
    m.encoder = nn.Module()
    m.encoder.layers = nn.ModuleList(
        nn.Sequential(nn.Linear(width, width), nn.LayerNorm(width)) for _ in range(N_LAYERS)
    )
    m.decoder = nn.Linear(width, 8)
    return m


def per_call_us(fn: Callable[[int], object], calls: int) -> float:
    samples = []
    for _ in range(REPEATS):
        t0 = time.perf_counter_ns()
        for i in range(calls):
            fn(500 + (i & 1))
        samples.append((time.perf_counter_ns() - t0) / calls / 1e3)
    return statistics.median(samples)


def main() -> None:
    cfg = {
        "enabled": True,
        "modules": {"encoder.layers.*": 1000, "decoder": [2000, 3000], "encoder.layers.0": -1},
    }
    schedule = FreezeSchedule.from_config(cfg)
    meta = {"torch": torch.__version__, "python": platform.python_version()}
    for width in (16, 256):
        with torch.device("meta"):
            model = make_model(width)
        sched = schedule.bind(model)
        sched.apply(1)
        entries = [(e.name, e.start, e.end) for e in schedule.entries]
        is_frozen = {name: True for name, s, _ in entries if s <= 500}
        is_frozen.setdefault("decoder", False)

        def nemo_loop(
            step: int,
            entries: list[tuple[str, int, int]] = entries,
            is_frozen: dict[str, bool] = is_frozen,
        ) -> None:
            for name, start, end in entries:
                should = start <= step <= end
                if should != is_frozen[name]:
                    is_frozen[name] = should

        params = list(model.encoder.parameters())

        def param_walk(step: int, params: list[torch.nn.Parameter] = params) -> None:
            for p in params:
                if p.requires_grad:
                    p.requires_grad_(False)

        n_params = sum(p.numel() for p in model.parameters())
        n_modules = len(dict(model.named_modules()))
        ours = per_call_us(sched.apply, CALLS)
        nemo = per_call_us(nemo_loop, CALLS)
        walk = per_call_us(param_walk, CALLS // 10)
        print(
            json.dumps(
                {
                    "bench": "freeze_apply_unchanged",
                    "width": width,
                    "modules": n_modules,
                    "parameters": n_params,
                    "apply_us": round(ours, 3),
                    "nemo_loop_us": round(nemo, 3),
                    "param_walk_us": round(walk, 3),
                    "nemo_loop_over_apply": round(nemo / ours, 2),
                    "param_walk_over_apply": round(walk / ours, 1),
                    **meta,
                }
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
