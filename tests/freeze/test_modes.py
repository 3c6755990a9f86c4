"""``mode``: ``requires_grad`` and ``drop_grads`` in one process; following replaced parameters."""

from __future__ import annotations

import pytest
import torch
from freeze_helpers import batch, same, snapshot
from freeze_models import Net
from test_frozen import MODES, run, schedule

from neuraltypes import FreezeConfigError


@pytest.mark.parametrize("accum", [1, 2])
@pytest.mark.parametrize("mode", MODES)
def test_accumulation_with_amp_keeps_frozen_bit_identical(net: Net, mode: str, accum: int) -> None:
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=1e-2)
    sched = schedule({"encoder": [2, 4]}, mode=mode).bind(net, opt)
    scaler = torch.amp.GradScaler("cpu")
    run(net, opt, sched, range(1, 2), accum=accum, scaler=scaler, set_to_none=False)
    sched.apply(2)
    before = snapshot(net.encoder)
    run(net, opt, sched, range(2, 5), accum=accum, scaler=scaler, set_to_none=False)
    assert same(snapshot(net.encoder), before)
    run(net, opt, sched, range(5, 6), accum=accum, scaler=scaler, set_to_none=False)
    assert not same(snapshot(net.encoder), before)


def test_drop_grads_plain_scaler_step_on_an_all_frozen_optimizer(net: Net) -> None:
    # frozen parameters still have gradients when the scaler unscales them (and checks them
    # for inf), so even a plain scaler.step on an optimizer with only frozen parameters works
    enc_opt = torch.optim.SGD(net.encoder.parameters(), lr=0.1, momentum=0.9)
    sched = schedule({"encoder": -1}, mode="drop_grads").bind(net, enc_opt)
    scaler = torch.amp.GradScaler("cpu")
    sched.apply(1)
    before = snapshot(net.encoder)
    x, y = batch(1)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        loss = torch.nn.functional.cross_entropy(net(x), y)
    scaler.scale(loss).backward()
    scaler.step(enc_opt)
    scaler.update()
    assert same(snapshot(net.encoder), before) and enc_opt.state == {}


def test_drop_frozen_grads_before_clipping(net: Net) -> None:
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    sched = schedule({"encoder": 3}, mode="drop_grads").bind(net, opt)
    sched.apply(1)
    x, y = batch(1)
    torch.nn.functional.cross_entropy(net(x), y).backward()
    assert net.encoder[0].weight.grad is not None  # computed: the cost of drop_grads
    sched.drop_frozen_grads()
    assert all(p.grad is None for p in net.encoder.parameters())
    norm = torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    alone = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in net.decoder.parameters()]))
    assert torch.allclose(norm, alone)  # only the trainable part counts


def test_drop_grads_works_with_an_optimizer_it_was_not_given(net: Net) -> None:
    sched = schedule({"encoder": 3}, mode="drop_grads").bind(net)
    sched.apply(1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=0.1)
    before = snapshot(net.encoder)
    run(net, opt, sched, range(1, 4))
    assert same(snapshot(net.encoder), before)
    sched.apply(4)
    run(net, opt, sched, range(4, 5))
    assert not same(snapshot(net.encoder), before)


def test_auto_is_requires_grad_in_one_process(net: Net) -> None:
    sched = schedule({"encoder": 3}).bind(net)
    assert sched.mode == "requires_grad"
    sched.apply(1)
    assert not net.encoder[0].weight.requires_grad


def test_bad_mode_is_a_config_error() -> None:
    with pytest.raises(FreezeConfigError, match="mode: 'grads' is not one of auto, "):
        schedule({"encoder": 3}, mode="grads")


@pytest.mark.parametrize("mode", MODES)
def test_parameters_replaced_after_bind_are_followed(net: Net, mode: str) -> None:
    # load_state_dict(assign=True) (meta-device init, then load) replaces every parameter
    # object, as FSDP2's fully_shard does: the scheduler follows the new objects.
    sched = schedule({"encoder": [1, 3]}, mode=mode).bind(net)
    sched.apply(1)
    fresh = {k: v.clone() for k, v in net.state_dict().items()}
    old_weight = net.encoder[0].weight
    net.load_state_dict(fresh, assign=True)
    assert net.encoder[0].weight is not old_weight
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    sched.set_optimizers(opt)
    before = snapshot(net.encoder)
    run(net, opt, sched, range(1, 4))
    assert same(snapshot(net.encoder), before)
    sched.apply(4)
    assert net.encoder[0].weight.requires_grad  # the new object unfroze, not the stale one
    run(net, opt, sched, range(4, 6))
    assert not same(snapshot(net.encoder), before)


def test_a_parameter_its_module_no_longer_holds_is_refused(net: Net) -> None:
    sched = schedule({"encoder": [2, 3]}).bind(net)
    sched.apply(1)
    del net.encoder[0].weight  # as a flattening wrapper does
    net.encoder[0].weight = torch.zeros(8, 4)  # type: ignore[assignment]
    with pytest.raises(FreezeConfigError, match=r"encoder\.0\.weight\) are no longer held"):
        sched.apply(2)


def test_drop_grads_unfreeze_drops_gradients_left_from_the_window(net: Net) -> None:
    # a step skipped by the AMP scaler (inf) leaves the window's gradients in place
    sched = schedule({"encoder": [1, 1]}, mode="drop_grads").bind(net)
    sched.apply(1)
    x, y = batch(1)
    torch.nn.functional.cross_entropy(net(x), y).backward()  # no step, no zero_grad
    assert net.encoder[0].weight.grad is not None
    sched.apply(2)
    assert all(p.grad is None for p in net.encoder.parameters())
    assert net.decoder.weight.grad is not None  # trainable gradients are left alone
