"""bind(): names and globs resolved against named_modules(), errors before training starts."""

from __future__ import annotations

import pytest
import torch
from freeze_models import Net, make_deep

from neuraltypes import FreezeConfigError, FreezeSchedule


def sched(modules: dict[str, object], **top: object) -> FreezeSchedule:
    return FreezeSchedule.from_config({"enabled": True, "modules": modules, **top})


def test_dotted_paths_and_plain_modules_resolve(net: Net) -> None:
    s = sched({"encoder.0": 2, "decoder": [3, 4]}).bind(net)
    assert s.apply(1).frozen == ("encoder.0",)
    assert not net.encoder[0].weight.requires_grad and net.encoder[4].weight.requires_grad


def test_glob_star_is_one_segment_and_double_star_any_depth() -> None:
    m = make_deep(4)
    s = sched({"encoder.layers.*": 2}).bind(m)
    assert s.apply(1).frozen == tuple(f"encoder.layers.{i}" for i in range(4))
    s.release()
    s2 = sched({"**.3": 2, "encoder.layers.[01]": [1, 1]}).bind(m)
    assert s2.apply(1).frozen == ("encoder.layers.0", "encoder.layers.1", "encoder.layers.3")


def test_unknown_names_all_reported_with_closest_real_names(net: Net) -> None:
    cfg = "enabled: true\nmodules:\n  encodr: [3, -1]\n  decoder: 2\n  joint.*: 4\n"
    with pytest.raises(FreezeConfigError) as info:
        FreezeSchedule.from_config(cfg).bind(net)
    msg = str(info.value)
    assert "<yaml>:3: modules.encodr: module 'encodr' matches no module" in msg
    assert "did you mean 'encoder'" in msg
    assert "<yaml>:5: modules.joint.*: pattern 'joint.*' matches no module" in msg
    assert "HINT:" in msg and "encoder, decoder" in msg
    assert len(info.value.problems) == 2


def test_overlapping_entries_freeze_the_union() -> None:
    m = make_deep(2)
    s = sched({"encoder": 2, "encoder.layers.0": [2, 4]}).bind(m)
    s.apply(1)
    assert not m.encoder.layers[1].weight.requires_grad
    change = s.apply(3)
    assert change.unfrozen == ("encoder",) and change.frozen == ("encoder.layers.0",)
    assert not m.encoder.layers[0].weight.requires_grad
    assert m.encoder.layers[1].weight.requires_grad
    s.apply(5)
    assert all(p.requires_grad for p in m.parameters())


def test_conflicting_norm_policies_on_overlap_are_rejected(net: Net) -> None:
    with pytest.raises(FreezeConfigError, match="conflicts with 'eval'"):
        sched({"encoder": 2, "encoder.1": {"steps": 3, "norm": "train_bn"}}).bind(net)


def test_steps_with_nothing_trainable_reported_at_bind(net: Net) -> None:
    with pytest.raises(FreezeConfigError, match=r"no parameter .* trainable during updates 3\.\.5"):
        sched({"encoder": 5, "decoder": [3, 10]}).bind(net)


def test_optimizer_missing_an_unfreezing_module_is_an_error_at_bind(net: Net) -> None:
    opt = torch.optim.SGD(net.decoder.parameters(), lr=0.1)
    with pytest.raises(FreezeConfigError, match=r"'encoder' .* in no optimizer param group"):
        sched({"encoder": 3}).bind(net, opt)
    # frozen for the whole run: never trains, so not needing a param group is fine
    sched({"encoder": -1}).bind(net, opt)


def test_optimizer_built_after_freezing_is_caught(net: Net) -> None:
    s = sched({"encoder": 3}).bind(net)
    s.apply(1)
    opt = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=0.1)
    with pytest.raises(FreezeConfigError, match="in no optimizer param group"):
        s.set_optimizers(opt)


def test_disabled_schedule_binds_anything_and_does_nothing(net: Net) -> None:
    s = FreezeSchedule.from_config({"enabled": False, "modules": {"nope": 3}}).bind(net)
    assert not s.apply(1) and all(p.requires_grad for p in net.parameters())


def test_bad_step_values() -> None:
    s = sched({"decoder": 2}).bind(Net())
    for bad in (0, -1, 1.0, True):
        with pytest.raises(ValueError, match="1-based int"):
            s.apply(bad)  # type: ignore[arg-type]


def test_a_glob_matching_nothing_suggests_a_corrected_glob() -> None:
    with pytest.raises(FreezeConfigError) as info:
        sched({"encoder.layer.*": 2, "encodr.layers.[01]": 3}).bind(make_deep(4))
    msg = str(info.value)
    assert "did you mean 'encoder.layers.*' (matches 4 modules)?" in msg
    assert "did you mean 'encoder.layers.[01]' (matches 2 modules)?" in msg


def test_a_module_without_parameters_warns(net: Net) -> None:
    with pytest.warns(
        UserWarning, match=r"'encoder\.3' \(ReLU\) has no parameters: freezing it does nothing"
    ):
        sched({"encoder.3": 2}).bind(net)
