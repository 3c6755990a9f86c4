"""Cost of ``mode: drop_grads`` (frozen parts keep their backward) against ``requires_grad``.

One training step (forward, backward, AdamW step) of a 12-layer MLP encoder (width 512)
with a small head, side by side in one process, rounds interleaved:
- ``none``: nothing frozen (full training, the upper bound);
- ``requires_grad``: the schedule freezes by turning the flag off (backward skips what
  no trainable parameter needs);
- ``drop_grads``: the flag stays on, the backward computes the frozen gradients, and the
  optimizer pre-step hook drops them.

Two layouts: ``frozen_bottom`` (the encoder is frozen, the head trains: fine-tuning, where
``requires_grad`` skips the whole encoder backward) and ``frozen_top`` (the head and the
upper half of the encoder are frozen, the lower half trains: backward must still run
through the frozen part for its inputs, so only the weight gradients are saved).
Prints JSON lines: median ms per step and ratios.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_freeze_modes.py
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

from neuraltypes.freeze import FreezeSchedule

WIDTH, LAYERS, BATCH = 512, 12, 64
STEPS, ROUNDS = 10, 7


def make_model() -> nn.Module:
    torch.manual_seed(0)
    m = nn.Module()
    m.encoder = nn.Sequential(
        *(nn.Sequential(nn.Linear(WIDTH, WIDTH), nn.ReLU()) for _ in range(LAYERS))
    )
    m.head = nn.Linear(WIDTH, 10)
    m.forward = lambda x: m.head(m.encoder(x))  # type: ignore[method-assign]
    return m


LAYOUTS = {
    "frozen_bottom": {"encoder": -1},
    "frozen_top": {"head": -1, **{f"encoder.{i}": -1 for i in range(LAYERS // 2, LAYERS)}},
}


def stepper(layout: str, mode: str | None) -> Callable[[], None]:
    model = make_model()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    if mode is not None:
        cfg = {"enabled": True, "modules": LAYOUTS[layout], "mode": mode}
        sched = FreezeSchedule.from_config(cfg).bind(model, opt)
        sched.apply(1)
        assert sched.mode == mode
    x = torch.randn(BATCH, WIDTH)
    y = torch.randint(0, 10, (BATCH,))

    def step() -> None:
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        opt.zero_grad()

    for _ in range(3):  # warm-up, and the optimizer state exists
        step()
    return step


def main() -> None:
    torch.set_num_threads(1)
    meta = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
    }
    for layout in LAYOUTS:
        runs = {
            name: stepper(layout, name if name != "none" else None)
            for name in ("none", "requires_grad", "drop_grads")
        }
        samples: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(ROUNDS):
            for name, step in runs.items():
                t0 = time.perf_counter()
                for _ in range(STEPS):
                    step()
                samples[name].append((time.perf_counter() - t0) / STEPS * 1e3)
        ms = {name: statistics.median(v) for name, v in samples.items()}
        print(
            json.dumps(
                {
                    "bench": "freeze_modes_train_step",
                    "layout": layout,
                    "width": WIDTH,
                    "layers": LAYERS,
                    "batch": BATCH,
                    "none_ms": round(ms["none"], 2),
                    "requires_grad_ms": round(ms["requires_grad"], 2),
                    "drop_grads_ms": round(ms["drop_grads"], 2),
                    "drop_grads_over_requires_grad": round(
                        ms["drop_grads"] / ms["requires_grad"], 2
                    ),
                    "drop_grads_over_none": round(ms["drop_grads"] / ms["none"], 2),
                    **meta,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
