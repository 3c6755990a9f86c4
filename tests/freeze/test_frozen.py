"""Frozen means frozen: bit-identical parameters and buffers under every stock optimizer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from freeze_helpers import batch, same, snapshot
from freeze_models import Net

from neuraltypes import FreezeSchedule, FreezeScheduler
from neuraltypes.freeze import scaler_step

OPTIMIZERS: dict[str, Callable[[object], torch.optim.Optimizer]] = {
    "sgd_momentum_wd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-2),
    "adam_wd": lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=1e-2),
    "adamw": lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=1e-2),
    "rmsprop_momentum": lambda p: torch.optim.RMSprop(p, lr=1e-2, momentum=0.9),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=1e-2, weight_decay=1e-2),
}


MODES = ["requires_grad", "drop_grads"]


def schedule(modules: dict[str, object], **top: object) -> FreezeSchedule:
    return FreezeSchedule.from_config({"enabled": True, "modules": modules, **top})


def run(
    net: Net,
    opt: torch.optim.Optimizer,
    sched: FreezeScheduler,
    steps: range,
    *,
    accum: int = 1,
    set_to_none: bool = True,
    scaler: torch.amp.GradScaler | None = None,
    on_step: Callable[[int], None] | None = None,
) -> None:
    net.train()  # as trainers do every epoch
    for step in steps:
        sched.apply(step)
        if on_step:
            on_step(step)
        for micro in range(accum):
            x, y = batch(step, micro)
            torch.manual_seed(step * 10 + micro)  # dropout
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=scaler is not None):
                loss = torch.nn.functional.cross_entropy(net(x), y) / accum
            (scaler.scale(loss) if scaler else loss).backward()
        if scaler is not None:
            scaler_step(scaler, opt)
        else:
            opt.step()
        opt.zero_grad(set_to_none=set_to_none)


@pytest.mark.parametrize("set_to_none", [True, False])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("mode", MODES)
def test_frozen_window_is_bit_identical(net: Net, name: str, set_to_none: bool, mode: str) -> None:
    opt = OPTIMIZERS[name](net.parameters())
    sched = schedule({"encoder": [3, 6]}, mode=mode).bind(net, opt)
    assert sched.mode == mode
    run(net, opt, sched, range(1, 3), set_to_none=set_to_none)  # builds momentum / moments
    sched.apply(3)
    before = snapshot(net.encoder)
    run(net, opt, sched, range(3, 7), set_to_none=set_to_none)
    assert same(snapshot(net.encoder), before)  # weights AND BatchNorm buffers
    # drop_grads keeps the flag (wrappers see no change); the optimizer skipped the params
    assert net.encoder[0].weight.requires_grad is (mode == "drop_grads")
    dec = snapshot(net.decoder)
    run(net, opt, sched, range(7, 9), set_to_none=set_to_none)
    assert not same(snapshot(net.encoder), before)  # it really trains again
    assert not same(snapshot(net.decoder), dec)


@pytest.mark.parametrize("accum", [2, 4])
@pytest.mark.parametrize("mode", MODES)
def test_gradient_accumulation_counts_updates(net: Net, accum: int, mode: str) -> None:
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2)
    sched = schedule({"encoder": [2, 3]}, mode=mode).bind(net, opt)
    run(net, opt, sched, range(1, 2), accum=accum, set_to_none=False)
    sched.apply(2)
    before = snapshot(net.encoder)
    run(net, opt, sched, range(2, 4), accum=accum, set_to_none=False)
    assert same(snapshot(net.encoder), before)


@pytest.mark.parametrize("mode", MODES)
def test_freezing_between_backward_and_step_does_not_apply_that_step(net: Net, mode: str) -> None:
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    sched = schedule({"encoder": [2, -1]}, mode=mode).bind(net, opt)
    run(net, opt, sched, range(1, 2))
    x, y = batch(2)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    before = snapshot(net.encoder)
    sched.apply(2)  # misuse: mid-update. The partial gradient is dropped, not applied.
    opt.step()
    assert same(snapshot(net.encoder), before)


@pytest.mark.parametrize("mode", MODES)
def test_amp_grad_scaler_with_an_all_frozen_optimizer(net: Net, mode: str) -> None:
    enc_opt = torch.optim.Adam(net.encoder.parameters(), lr=1e-2)
    dec_opt = torch.optim.Adam(net.decoder.parameters(), lr=1e-2)
    sched = schedule({"encoder": [2, 3]}, mode=mode).bind(net, [enc_opt, dec_opt])
    scaler = torch.amp.GradScaler("cpu")
    net.train()
    for step in range(1, 5):
        sched.apply(step)
        if step == 2:
            before = snapshot(net.encoder)
        x, y = batch(step)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = torch.nn.functional.cross_entropy(net(x), y)
        scaler.scale(loss).backward()
        assert scaler_step(scaler, enc_opt, dec_opt)  # no "No inf checks were recorded"
        if step == 3:
            assert same(snapshot(net.encoder), before)
        enc_opt.zero_grad(set_to_none=False)
        dec_opt.zero_grad(set_to_none=False)
    assert not same(snapshot(net.encoder), before)


def test_user_pre_frozen_parameters_stay_frozen(net: Net) -> None:
    net.encoder[0].bias.requires_grad_(False)  # an adapter-style deliberate freeze
    sched = schedule({"encoder": 4, "encoder.0": [2, 6]}).bind(net)
    for step in range(1, 9):  # freeze twice (overlap) then unfreeze twice
        sched.apply(step)
    assert net.encoder[0].weight.requires_grad and net.encoder[4].weight.requires_grad
    assert not net.encoder[0].bias.requires_grad


@pytest.mark.parametrize("mode", MODES)
def test_bn_and_dropout_stay_in_eval_through_model_train(net: Net, mode: str) -> None:
    sched = schedule({"encoder": 3}, mode=mode).bind(net)
    sched.apply(1)
    bn = net.encoder[1]
    stats = snapshot(bn)
    net.train()  # what trainers do every epoch
    x, _ = batch(1)
    out1, out2 = net(x), net(x)
    assert torch.equal(out1, out2)  # dropout off
    assert same(snapshot(bn), stats)  # no running-stat drift
    assert not bn.training and not net.encoder[2].training and net.decoder.training
    net.eval()
    sched.apply(4)  # unfreeze restores each submodule's own recorded flag
    assert bn.training and net.encoder[2].training
    net.train()
    net(x)
    assert not same(snapshot(bn), stats)


@pytest.mark.parametrize("mode", MODES)
def test_train_bn_policy_keeps_norm_layers_training(net: Net, mode: str) -> None:
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    sched = schedule({"encoder": {"steps": 3, "norm": "train_bn"}}, mode=mode).bind(net, opt)
    sched.apply(1)
    bn = net.encoder[1]
    assert bn.weight.requires_grad
    assert net.encoder[0].weight.requires_grad is (mode == "drop_grads")
    x, y = batch(1)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    bn_w, lin_w = bn.weight.detach().clone(), net.encoder[0].weight.detach().clone()
    opt.step()  # the norm layer trains, the rest of the frozen region does not
    assert not torch.equal(bn.weight, bn_w) and torch.equal(net.encoder[0].weight, lin_w)
    opt.zero_grad()
    net.train()
    stats = snapshot(bn)
    net(batch(1)[0])
    assert bn.training and not net.encoder[2].training
    assert not same(snapshot(bn), stats)


@pytest.mark.parametrize("mode", MODES)
def test_batch_stats_policy_normalises_with_batch_stats_without_drift(net: Net, mode: str) -> None:
    sched = schedule({"encoder": 3}, norm="batch_stats", mode=mode).bind(net)
    sched.apply(1)
    bn = net.encoder[1]
    stats = snapshot(bn)
    net.train()
    h = bn(net.encoder[0](batch(1)[0] * 5 + 3))
    assert same(snapshot(bn), stats) and bn.weight.requires_grad is (mode == "drop_grads")
    assert h.mean(0).abs().max() < 1e-4  # batch statistics
    sched.apply(4)
    assert bn.track_running_stats


@pytest.mark.parametrize("policy", ["reset", "keep"])
@pytest.mark.parametrize("mode", MODES)
def test_optimizer_state_policy_on_unfreeze(net: Net, policy: str, mode: str) -> None:
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    sched = schedule({"encoder": [2, 3]}, optimizer_state=policy, mode=mode).bind(net, opt)
    run(net, opt, sched, range(1, 2))
    w = net.encoder[0].weight
    old = {k: v.clone() for k, v in opt.state[w].items()}
    run(net, opt, sched, range(2, 4))
    sched.apply(4)
    if policy == "reset":
        assert w not in opt.state
    else:
        assert all(torch.equal(opt.state[w][k], old[k]) for k in old)
    run(net, opt, sched, range(4, 5))
    assert int(opt.state[w]["step"]) == (1 if policy == "reset" else 2)


def test_apply_is_idempotent_history_free_and_never_walks_parameters(net: Net) -> None:
    sched = schedule({"encoder": [3, 6], "decoder": [10, 12]}).bind(net)

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("apply walked the parameters")

    net.parameters = net.named_parameters = net.modules = net.named_modules = boom  # type: ignore[method-assign,assignment]
    assert sched.apply(4).frozen == ("encoder",)
    assert not sched.apply(4) and not sched.apply(5)
    jump = sched.apply(11)  # resume-like jump: right state with no history
    assert jump.frozen == ("decoder",) and jump.unfrozen == ("encoder",)
    assert sched.apply(2).unfrozen == ("decoder",)
    assert sched.frozen_modules == ()


def test_transitions_are_logged(net: Net, caplog: pytest.LogCaptureFixture) -> None:
    sched = schedule({"encoder": 2}).bind(net)
    with caplog.at_level("INFO", logger="neuraltypes.freeze"):
        change = sched.apply(1)
        sched.apply(3)
    n = sum(p.numel() for p in net.encoder.parameters())
    assert change.params_frozen == n
    assert f"update 1: froze encoder ({n} parameters in 6 tensors)" in caplog.text
    assert f"update 3: unfroze encoder ({n} parameters in 6 tensors)" in caplog.text
