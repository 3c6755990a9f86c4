"""FreezeSchedule.from_config: every accepted form, and every malformed entry rejected at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from omegaconf import OmegaConf

from neuraltypes import FreezeConfigError, FreezeSchedule
from neuraltypes.freeze import FOREVER

NEMO = {
    "enabled": True,
    "modules": {"encoder": 200, "decoder": [50, -1], "joint": [10, 100], "transcoder": -1},
}
YAML = """\
model:
  freeze_updates:
    enabled: true
    modules:
      encoder: 200        # frozen for the first 200 training steps
      decoder: [50, -1]   # frozen from step 50 until training ends
      joint: [10, 100]    # frozen for steps 10..100 inclusive
      transcoder: -1      # frozen for the whole run
"""


def test_nemo_semantics_of_each_value_form() -> None:
    s = FreezeSchedule.from_config(NEMO)
    windows = {e.name: (e.start, e.end) for e in s.entries}
    assert windows == {
        "encoder": (1, 200),
        "decoder": (50, FOREVER),
        "joint": (10, 100),
        "transcoder": (1, FOREVER),
    }
    assert s.frozen_names(1) == ("encoder", "transcoder")
    assert s.frozen_names(50) == ("encoder", "decoder", "joint", "transcoder")
    assert s.frozen_names(100) == ("encoder", "decoder", "joint", "transcoder")
    assert s.frozen_names(101) == ("encoder", "decoder", "transcoder")
    assert s.frozen_names(201) == ("decoder", "transcoder")


@pytest.mark.parametrize(
    "form",
    ["dict", "omegaconf", "yaml_text", "yaml_path", "path_str", "whole_dict", "freeze_updates_key"],
)
def test_every_input_form_gives_the_same_schedule(form: str, tmp_path: Path) -> None:
    file = tmp_path / "cfg.yaml"
    file.write_text(YAML)
    cfg = {
        "dict": NEMO,
        "omegaconf": OmegaConf.create({"model": {"freeze_updates": NEMO}}).model.freeze_updates,
        "yaml_text": YAML,
        "yaml_path": file,
        "path_str": str(file),
        "whole_dict": {"model": {"freeze_updates": NEMO}, "trainer": {}},
        "freeze_updates_key": {"freeze_updates": NEMO},
    }[form]
    assert FreezeSchedule.from_config(cfg).entries == FreezeSchedule.from_config(NEMO).entries


def test_round_trip_through_to_config() -> None:
    s = FreezeSchedule.from_config(NEMO | {"norm": "train_bn", "optimizer_state": "keep"})
    assert FreezeSchedule.from_config(s.to_config()) == s


def test_disabled_is_a_no_op_and_null_section_too() -> None:
    assert FreezeSchedule.from_config({"enabled": False, "modules": {"x": 3}}).frozen_names(1) == ()
    assert not FreezeSchedule.from_config({"model": {"freeze_updates": None}}).enabled


def test_all_bad_entries_listed_at_once_with_hint_and_lines() -> None:
    text = """\
freeze_updates:
  enabled: true
  modulez: {}
  modules:
    a: [1, 2, 3]
    b: [5, 2]
    c: 0
    d: -3
    e: 1.5
    f: true
    g: [0, 4]
    h: ["1", 4]
    i: {steps: 3, norm: frozen}
    j: {stop: 3}
    ok: [3, -1]
"""
    with pytest.raises(FreezeConfigError) as info:
        FreezeSchedule.from_config(text)
    msg = str(info.value)
    assert isinstance(info.value, ValueError)
    assert len(info.value.problems) == 11
    for fragment in [
        "<yaml>:3: freeze_updates.modulez: unknown key (did you mean 'modules'?)",
        "<yaml>:5: freeze_updates.modules.a: [1, 2, 3] has 3 items; expected [start, end]",
        "modules.b: [5, 2] has start > end",
        "modules.c: 0 would never freeze",
        "modules.d: -3 is negative",
        "modules.e: 1.5 is not an integer",
        "modules.f: True is not an integer",
        "modules.g: start 0 must be >= 1",
        "modules.h: ['1', 4] must be two integers",
        "modules.i.norm: 'frozen' is not one of eval, train_bn, batch_stats",
        "modules.j: unknown key(s) ['stop']",
        "HINT:",
    ]:
        assert fragment in msg
    assert "modules.ok" not in msg


@pytest.mark.parametrize(
    ("cfg", "fragment"),
    [
        ({"modules": {"x": 1}}, "enabled: missing; NeMo treats a missing 'enabled' as false"),
        ({"enabled": "yes", "modules": {}}, "'yes' is not true or false"),
        ({"enabled": True}, "modules: missing"),
        ({"enabled": True, "modules": [1]}, "must be a mapping"),
        ({"enabled": True, "modules": {}, "norm": "off"}, "norm: 'off' is not one of"),
        ({"enabled": True, "modules": {}, "optimizer_state": "x"}, "optimizer_state: 'x'"),
        ({"model": {"freze_updates": {}}}, "'freze_updates' looks like a typo of 'freeze_updates'"),
        ("/no/such/file.yaml", "does not exist"),
        ("enabled: [", "not valid YAML"),
        (42, "cannot read a freeze config from int"),
    ],
)
def test_bad_config_shapes(cfg: object, fragment: str) -> None:
    with pytest.raises(FreezeConfigError, match="HINT") as info:
        FreezeSchedule.from_config(cfg)
    assert fragment in str(info.value)


def test_integer_yaml_keys_name_sequential_children() -> None:
    s = FreezeSchedule.from_config("enabled: true\nmodules: {0: 3}")
    assert s.entries[0].name == "0"
