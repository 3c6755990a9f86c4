"""Resume from a checkpoint saved in the middle of a freeze window."""

from __future__ import annotations

import io
import warnings

import pytest
import torch
from freeze_helpers import same, snapshot
from freeze_models import Net
from test_frozen import run, schedule

from neuraltypes import FreezeConfigError

CFG = {"encoder": [3, 7], "decoder": [9, 10]}


def fresh() -> tuple[Net, torch.optim.Optimizer]:
    torch.manual_seed(0)
    net = Net()
    return net, torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=1e-2)


def test_resume_mid_window_matches_an_uninterrupted_run() -> None:
    net, opt = fresh()
    sched = schedule(CFG).bind(net, opt)
    run(net, opt, sched, range(1, 13))
    reference = snapshot(net)

    net, opt = fresh()
    sched = schedule(CFG).bind(net, opt)
    run(net, opt, sched, range(1, 6))  # stops in the middle of the encoder window
    buf = io.BytesIO()
    torch.save(
        {"model": net.state_dict(), "opt": opt.state_dict(), "freeze": sched.state_dict()}, buf
    )
    buf.seek(0)
    ckpt = torch.load(buf, weights_only=True)

    net2, opt2 = fresh()  # a new process: fresh objects, all parameters trainable
    net2.load_state_dict(ckpt["model"])
    opt2.load_state_dict(ckpt["opt"])
    sched2 = schedule(CFG).bind(net2, opt2)
    sched2.load_state_dict(ckpt["freeze"])
    assert sched2.apply(6).frozen == ("encoder",)  # the right state with no history
    run(net2, opt2, sched2, range(6, 13))
    assert same(snapshot(net2), reference)


def test_recorded_own_flags_survive_the_checkpoint() -> None:
    net, _ = fresh()
    net.encoder[0].bias.requires_grad_(False)  # deliberately frozen in the first process
    sched = schedule(CFG).bind(net)
    sched.apply(4)
    state = sched.state_dict()
    assert state["requires_grad"]["encoder.0.bias"] is False
    assert state["step"] == 4

    net2, _ = fresh()  # the second process forgot to pre-freeze the bias
    sched2 = schedule(CFG).bind(net2)
    sched2.load_state_dict(state)
    sched2.apply(5)
    sched2.apply(8)  # unfreeze restores the flag recorded in the first process
    assert net2.encoder[0].weight.requires_grad and not net2.encoder[0].bias.requires_grad


def test_changed_schedule_warns_and_older_state_keys_do_not() -> None:
    net, _ = fresh()
    state = schedule(CFG).bind(net).state_dict()
    older = dict(state, schedule=dict(state["schedule"]))
    del older["schedule"]["output_requires_grad"]  # saved before the option existed
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schedule(CFG).bind(fresh()[0]).load_state_dict(older)
    with pytest.warns(UserWarning, match="saved with a different schedule"):
        schedule({"encoder": [3, 8]}).bind(fresh()[0]).load_state_dict(state)
    with pytest.raises(FreezeConfigError, match="unsupported scheduler state version 99"):
        schedule(CFG).bind(fresh()[0]).load_state_dict(dict(state, version=99))
