"""Issue 4 line by line: config forms, globs, expiry, what apply returns and logs."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import torch
from freeze_helpers import batch
from freeze_models import Net, make_deep
from omegaconf import OmegaConf

from neuraltypes import FreezeConfigError, FreezeSchedule
from neuraltypes.freeze import UNCHANGED, FreezeChange

WHOLE = """\
trainer:
  max_steps: 1000
model:
  enc_steps: 200
  freeze_updates:
    enabled: true
    modules:
      encoder: ${model.enc_steps}
      decoder: [50, -1]
"""


def numel(m: torch.nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def test_omegaconf_whole_config_section_and_interpolation(tmp_path: Path) -> None:
    path = tmp_path / "asr.yaml"
    path.write_text(WHOLE)
    whole = OmegaConf.load(path)
    want = {("encoder", 1, 200), ("decoder", 50, None)}
    for cfg in (whole, whole.model, whole.model.freeze_updates):
        s = FreezeSchedule.from_config(cfg)
        got = {(e.name, e.start, None if e.start == 50 else e.end) for e in s.entries}
        assert s.enabled and got == want
    disabled = OmegaConf.create({"enabled": False, "modules": {"encoder": 3}})
    assert FreezeSchedule.from_config(disabled).frozen_names(1) == ()


def test_yaml_file_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(WHOLE.replace("[50, -1]", "[50, 10]"))
    with pytest.raises(FreezeConfigError) as info:
        FreezeSchedule.from_config(path)
    assert f"{path}:9: model.freeze_updates.modules.decoder: [50, 10] has start > end" in str(
        info.value
    )
    bad = OmegaConf.create({"enabled": True, "modules": {"encoder": [0, 3]}})
    with pytest.raises(FreezeConfigError, match=r"modules\.encoder: start 0 must be >= 1"):
        FreezeSchedule.from_config(bad)


def test_glob_windows_freeze_and_unfreeze_each_match() -> None:
    m = make_deep(4)
    cfg = {"enabled": True, "modules": {"encoder.layers.?": 2, "encoder.layers.[23]": [3, 4]}}
    s = FreezeSchedule.from_config(cfg).bind(m)
    layers = [f"encoder.layers.{i}" for i in range(4)]
    assert s.apply(1).frozen == tuple(layers)
    change = s.apply(3)  # 2 and 3 stay frozen (covered by the second entry): no transition
    assert change.unfrozen == tuple(layers[:2]) and change.frozen == ()
    assert [lyr.weight.requires_grad for lyr in m.encoder.layers] == [True, True, False, False]
    assert s.apply(5).unfrozen == tuple(layers[2:])
    assert all(p.requires_grad for p in m.parameters())


def test_all_entries_expire_then_everything_trains_again(net: Net) -> None:
    net.decoder.bias.requires_grad_(False)  # the user's own freeze outlives the schedule
    net.encoder[2].eval()  # and so does a submodule's own mode
    cfg = {
        "enabled": True,
        "modules": {"encoder": [2, 3], "decoder": 1, "encoder.0": [4, 4]},
        "norm": "batch_stats",
    }
    s = FreezeSchedule.from_config(cfg).bind(net)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for step in range(1, 6):
        s.apply(step)
        x, y = batch(step)
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        opt.zero_grad()
    assert s.frozen_modules == () and s.step == 5
    own = {n for n, p in net.named_parameters() if not p.requires_grad}
    assert own == {"decoder.bias"}
    assert net.encoder[1].track_running_stats and not net.encoder[2].training
    assert net.encoder[0].training and net.encoder[1].training
    assert all(not m._forward_pre_hooks and not m._forward_hooks for m in net.modules())
    assert s.apply(6) is UNCHANGED and s.apply(10**9) is UNCHANGED  # past the last boundary
    assert s.state_dict()["requires_grad"] == {}


def test_apply_returns_what_changed_with_counts(net: Net) -> None:
    cfg = {"enabled": True, "modules": {"encoder": [2, 3], "decoder": [4, 5]}}
    s = FreezeSchedule.from_config(cfg).bind(net)
    enc, dec = numel(net.encoder), numel(net.decoder)
    assert s.apply(1) is UNCHANGED and not s.apply(1)
    assert s.apply(2) == FreezeChange(2, ("encoder",), (), enc, 0)
    assert s.apply(3) is UNCHANGED
    assert s.apply(4) == FreezeChange(4, ("decoder",), ("encoder",), dec, enc)
    assert s.apply(9) == FreezeChange(9, (), ("decoder",), 0, dec)
    assert s.apply(5) == FreezeChange(5, ("decoder",), (), dec, 0)  # jump back
    assert s.release() == FreezeChange(5, (), ("decoder",), 0, dec)


def test_transition_log_lines(net: Net, caplog: pytest.LogCaptureFixture) -> None:
    net.encoder[4].bias.requires_grad_(False)  # pre-frozen: not counted as (un)frozen
    cfg = {"enabled": True, "modules": {"encoder": 3, "encoder.0": 2, "decoder": [4, 4]}}
    s = FreezeSchedule.from_config(cfg).bind(net)
    trainable = sum(p.numel() for p in net.encoder.parameters() if p.requires_grad)
    with caplog.at_level(logging.INFO, logger="neuraltypes.freeze"):
        changes = [s.apply(step) for step in range(1, 7)]
    lines = [r.getMessage() for r in caplog.records if r.name == "neuraltypes.freeze"]
    dec = numel(net.decoder)
    # each parameter is counted once (by the outermost module), pre-frozen ones not at all
    assert lines == [
        f"freeze: update 1: froze encoder ({trainable} parameters in 5 tensors)",
        "freeze: update 1: froze encoder.0 (0 parameters in 0 tensors)",
        "freeze: update 3: unfroze encoder.0 (0 parameters in 0 tensors)",
        f"freeze: update 4: froze decoder ({dec} parameters in 2 tensors)",
        f"freeze: update 4: unfroze encoder ({trainable} parameters in 5 tensors)",
        f"freeze: update 5: unfroze decoder ({dec} parameters in 2 tensors)",
    ]
    first, fourth = changes[0], changes[3]
    assert first.frozen == ("encoder", "encoder.0") and first.params_frozen == trainable
    assert fourth.params_frozen == dec and fourth.params_unfrozen == trainable
    assert [bool(c) for c in changes] == [True, False, True, True, True, False]
    assert all(re.fullmatch(r"freeze: update \d+: (un)?froze \S+ \(\d+ .*\)", x) for x in lines)
