"""``neuraltypes freeze-plan``: meta-device model, validation, text chart, SVG."""

from __future__ import annotations

from pathlib import Path

import pytest

from neuraltypes._cli import main

CFG = """\
model:
  freeze_updates:
    enabled: true
    modules:
      encoder: 200
      decoder: [250, -1]
"""


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "cfg.yaml"
    path.write_text(CFG)
    return path


def test_prints_timeline_with_parameter_counts(
    cfg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg = tmp_path / "plan.svg"
    rc = main(["freeze-plan", str(cfg), "--model", "freeze_models:make_net", "--image", str(svg)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "1..200" in out and "201..249" in out and "250..end" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:5]}
    assert rows["encoder"] == ["128", "██████", "········", "········"]
    assert rows["decoder"] == ["27", "······", "········", "████████"]
    assert rows["trainable"] == ["27", "155", "128"]
    assert svg.read_text().startswith("<svg") and "encoder frozen updates 1..200" in svg.read_text()


def test_model_is_built_on_meta(cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import freeze_models

    devices = []
    real = freeze_models.make_net

    def spy() -> object:
        m = real()
        devices.append(next(m.parameters()).device.type)
        return m

    monkeypatch.setattr(freeze_models, "make_net", spy)
    assert main(["freeze-plan", str(cfg), "--model", "freeze_models:make_net"]) == 0
    assert devices == ["meta"]


def test_invalid_schedule_and_bad_usage(
    tmp_path: Path, cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CFG.replace("decoder", "decodr"))
    assert main(["freeze-plan", str(bad), "--model", "freeze_models:make_net"]) == 1
    err = capsys.readouterr().err
    assert "modules.decodr: module 'decodr' matches no module" in err and "'decoder'" in err
    assert main(["freeze-plan", str(cfg), "--model", "freeze_models"]) == 2
    assert "expected module:factory" in capsys.readouterr().err
    png = tmp_path / "plan.png"
    rc = main(["freeze-plan", str(cfg), "--model", "freeze_models:make_net", "--image", str(png)])
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert rc == 2 and "matplotlib is not installed" in capsys.readouterr().err
    else:
        assert rc == 0 and png.exists()


def test_root_and_a_module_without_parameters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("enabled: true\nmodules:\n  encoder.2: 3\n  decoder: 2\n")
    assert main(["freeze-plan", str(cfg), "--model", "freeze_models:make_net"]) == 0
    captured = capsys.readouterr()
    assert "modules.encoder.2: module 'encoder.2' (Dropout) has no parameters" in captured.err
    assert "only switches it to eval mode" in captured.err
    assert "decoder" in captured.out
    nested = tmp_path / "nested.yaml"
    nested.write_text("enabled: true\nmodules:\n  layers.0: 3\n")
    rc = main(
        ["freeze-plan", str(nested), "--model", "freeze_models:make_deep", "--root", "encoder"]
    )
    assert rc == 0 and "layers.0" in capsys.readouterr().out
    rc = main(["freeze-plan", str(nested), "--model", "freeze_models:make_deep"])
    assert rc == 1 and "freeze-plan --root encoder" in capsys.readouterr().err
    rc = main(["freeze-plan", str(nested), "--model", "freeze_models:make_deep", "--root", "enc"])
    assert rc == 2 and "--root 'enc': no such submodule" in capsys.readouterr().err
