"""Issue 15: freezing under DDP, FSDP2 and FSDP1, two gloo ranks on CPU, both bind orders.

One spawn runs every case (``dist_cases.py``) and the tests below read its results: each
case either trains with the frozen window bit-identical, the module training again after
it and the ranks bit-identical, or is refused before the first optimizer step with an
error naming the wrapper and the fix. These tests pin the rows of the table in
docs/freeze.md.
"""

from __future__ import annotations

import json
from typing import Any

import dist_cases
import pytest
import torch.distributed as dist
from spawn_ranks import spawn_ranks

pytestmark = pytest.mark.skipif(not dist.is_available(), reason="torch.distributed missing")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("ranks")
    spawn_ranks(dist_cases.worker, (str(tmp),), timeout_s=240)
    rank0 = json.loads((tmp / "rank0.json").read_text())
    rank1 = json.loads((tmp / "rank1.json").read_text())
    assert rank0.keys() == rank1.keys()
    for case in rank0:  # both ranks reached the same outcome at the same point
        for key in ("outcome", "steps_done", "refused_at", "error"):
            assert rank0[case].get(key) == rank1[case].get(key), case
    return {case: {"rank1": rank1[case], **rank0[case]} for case in rank0}


def assert_trained(result: dict[str, Any], mode: str) -> None:
    assert result["outcome"] == "trained", result.get("error")
    assert result["mode"] == mode
    assert result["frozen_identical"] and result["rank1"]["frozen_identical"]
    assert result["trains_before"] and result["trains_after"]
    assert result["ranks_identical"] and result["rank1"]["ranks_identical"]


def assert_refused(result: dict[str, Any], at: str, *names: str) -> str:
    assert result["outcome"] == "refused"
    assert result["steps_done"] == 0 and result["refused_at"] == at  # before the first step
    error = str(result["error"])
    assert "HINT:" in error
    for name in names:
        assert name in error
    return error


def cases(prefix: str, *parts: str) -> list[str]:
    every = dist_cases.ddp_cases() + dist_cases.fsdp2_cases() + dist_cases.fsdp1_cases()
    return [c for c in every if c.startswith(prefix) and all(p in c.split("-") for p in parts)]


DDP_SAFE = cases("ddp-auto") + cases("ddp-drop_grads")


@pytest.mark.parametrize("case", DDP_SAFE)
def test_ddp_drop_grads_trains_in_any_order_and_setting(
    results: dict[str, dict[str, Any]], case: str
) -> None:
    # auto picks drop_grads under DDP; bind order, find_unused_parameters, static_graph and
    # a module frozen at wrap time make no difference.
    assert_trained(results[case], "drop_grads")


@pytest.mark.parametrize("scenario", list(dist_cases.SCENARIOS))
def test_ddp_requires_grad_bound_to_the_wrapper_with_find_unused_trains(
    results: dict[str, dict[str, Any]], scenario: str
) -> None:
    assert_trained(results[f"ddp-requires_grad-wrap_then_bind-fu1-sg0-{scenario}"], "requires_grad")


@pytest.mark.parametrize(
    "case",
    [c for c in cases("ddp-requires_grad", "wrap_then_bind") if "-fu1-sg0-" not in c],
)
def test_ddp_requires_grad_refuses_find_unused_false_or_static_graph(
    results: dict[str, dict[str, Any]], case: str
) -> None:
    error = assert_refused(results[case], "bind", "DistributedDataParallel(")
    assert "find_unused_parameters=True" in error
    if "sg1" in case:
        assert "static_graph=True" in error


@pytest.mark.parametrize("case", cases("ddp-requires_grad", "bind_then_wrap"))
def test_ddp_requires_grad_bare_model_refused_at_bind(
    results: dict[str, dict[str, Any]], case: str
) -> None:
    error = assert_refused(results[case], "bind", "DistributedDataParallel", "2 processes")
    assert "mode: drop_grads" in error and "schedule.bind(DistributedDataParallel(" in error


def test_requires_grad_bound_before_init_refused_at_first_apply(
    results: dict[str, dict[str, Any]],
) -> None:
    result = results["ddp-requires_grad-bind_before_init-fu0-sg0-window"]
    assert_refused(result, "update 1", "update 1: torch.distributed is initialised", "drop_grads")


@pytest.mark.parametrize("mode", ["auto", "drop_grads"])
def test_bound_before_init_then_wrapped_trains_with_drop_grads(
    results: dict[str, dict[str, Any]], mode: str
) -> None:
    assert_trained(results[f"ddp-{mode}-bind_before_init-fu0-sg0-window"], "drop_grads")


@pytest.mark.parametrize("case", cases("fsdp2-auto") + cases("fsdp2-drop_grads"))
def test_fsdp2_drop_grads_trains_in_both_orders(
    results: dict[str, dict[str, Any]], case: str
) -> None:
    # bind_then_shard: bound and applied before fully_shard replaced the parameters with
    # DTensors; the scheduler follows the new objects.
    assert_trained(results[case], "drop_grads")


@pytest.mark.parametrize("case", cases("fsdp2-requires_grad"))
def test_fsdp2_requires_grad_refused(results: dict[str, dict[str, Any]], case: str) -> None:
    assert_refused(results[case], "bind", "FSDP", "mode: drop_grads")


@pytest.mark.parametrize("case", cases("fsdp1"))
def test_fsdp1_refused(results: dict[str, dict[str, Any]], case: str) -> None:
    at = "bind" if "wrap_then_bind" in case else "update 1"
    assert_refused(results[case], at, "FSDP1 (FullyShardedDataParallel)", "fully_shard")
