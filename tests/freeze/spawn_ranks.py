"""Run a function on 2 spawned ranks with a deadline (a hung collective must fail, not hang)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import torch.multiprocessing as mp


def spawn_ranks(fn: Callable[..., None], args: tuple[Any, ...], timeout_s: float) -> None:
    """``fn(rank, *args)`` on ranks 0 and 1; fail the test past ``timeout_s`` seconds."""
    ctx = mp.start_processes(fn, args=args, nprocs=2, join=False, start_method="spawn")
    deadline = time.monotonic() + timeout_s
    while not ctx.join(timeout=max(0.1, deadline - time.monotonic())):
        if time.monotonic() > deadline:
            for proc in ctx.processes:
                if proc.is_alive():
                    proc.terminate()
            for proc in ctx.processes:
                proc.join(10)
            pytest.fail(f"the 2 ranks did not finish within {timeout_s:.0f} s")
