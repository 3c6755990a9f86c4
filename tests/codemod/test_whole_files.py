"""Whole speech-model files: golden output, idempotence, and identical runtime ports.

Fixtures are ``fixtures/<name>.py.in`` (NeMo style) and ``<name>.py.out`` (what migrate writes);
the suffixes keep linters and formatters off them.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import torch

from neuraltypes import NeuralModule
from neuraltypes.codemods._runner import migrate_source

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
NAMES = ["preprocessor", "encoder", "decoder", "loss"]


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # NamedTuple and get_type_hints look the module up
    spec.loader.exec_module(module)
    return module


def _modules(module: ModuleType) -> dict[str, type[NeuralModule]]:
    return {
        name: obj
        for name, obj in vars(module).items()
        if isinstance(obj, type) and issubclass(obj, NeuralModule) and obj is not NeuralModule
    }


@pytest.mark.parametrize("name", NAMES)
def test_golden_output(name: str) -> None:
    before = (FIXTURES / f"{name}.py.in").read_bytes()
    expected = (FIXTURES / f"{name}.py.out").read_bytes()
    result = migrate_source(before, f"{name}.py")
    assert result.error is None
    assert (result.new or before).decode() == expected.decode()


@pytest.mark.parametrize("name", NAMES)
def test_second_run_changes_nothing(name: str) -> None:
    migrated = (FIXTURES / f"{name}.py.out").read_bytes()
    result = migrate_source(migrated, f"{name}.py")
    assert result.new is None and result.moved == 0


@pytest.mark.parametrize("name", NAMES)
def test_runtime_ports_identical(name: str, tmp_path: Path) -> None:
    source = (FIXTURES / f"{name}.py.in").read_bytes()
    migrated = migrate_source(source, f"{name}.py").new
    assert migrated is not None
    (tmp_path / "before.py").write_bytes(source)
    (tmp_path / "after.py").write_bytes(migrated)
    before = _modules(_load(tmp_path / "before.py", f"_cm_before_{name}"))
    after = _modules(_load(tmp_path / "after.py", f"_cm_after_{name}"))
    assert before.keys() == after.keys() and before
    for cls_name, cls in before.items():
        old, new = cls(), after[cls_name]()
        for prop in ("input_types", "output_types"):
            old_ports, new_ports = getattr(old, prop), getattr(new, prop)
            assert old_ports is not None
            assert list(old_ports.items()) == list(new_ports.items()), (cls_name, prop)


def test_migrated_pipeline_runs_and_checks(tmp_path: Path) -> None:
    """The migrated ASR chain (preprocessor -> encoder -> decoder) runs end to end."""
    mods = {}
    for name in NAMES:
        path = tmp_path / f"{name}.py"
        path.write_bytes(migrate_source((FIXTURES / f"{name}.py.in").read_bytes(), name).new or b"")
        mods[name] = _load(path, f"_cm_pipe_{name}")
    pre = mods["preprocessor"].AudioToMelSpectrogramPreprocessor()
    enc = mods["encoder"].ConvASREncoder()
    dec = mods["decoder"].ConvASRDecoder()
    audio, length = torch.randn(2, 16000), torch.tensor([16000, 12000])
    spec, spec_len = pre(input_signal=audio, length=length)
    encoded, enc_len = enc(audio_signal=spec, length=spec_len)
    logprobs = dec(encoder_output=encoded)
    assert logprobs.shape == (2, 50, 29)
    assert enc_len.tolist() == [50, 38]


@pytest.mark.parametrize("name", NAMES)
def test_check_plans_without_applying_and_agrees(name: str) -> None:
    """``--check`` skips the transform and codegen: same verdict, counts and warnings."""
    source = (FIXTURES / f"{name}.py.in").read_bytes()
    full, plan = (
        migrate_source(source, f"{name}.py"),
        migrate_source(source, f"{name}.py", output=False),
    )
    assert plan.new is None and plan.changed == full.changed == (full.new is not None)
    assert (plan.moved, plan.left, plan.warnings) == (full.moved, full.left, full.warnings)
    done = migrate_source(full.new or source, f"{name}.py", output=False)
    assert not done.changed


def test_output_passes_the_formatter_and_linter(tmp_path: Path) -> None:
    """Migrated files pass ruff (import order, unused imports, line length, no implicit
    Optional) and ``ruff format`` leaves their signatures alone."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    for name in NAMES:
        source = (FIXTURES / f"{name}.py.in").read_text()
        migrated = migrate_source(source.encode(), f"{name}.py").new
        assert migrated is not None
        # the inputs' own blank lines are theirs: compare against the formatted input
        (tmp_path / f"{name}.py").write_bytes(migrated)
    config = ["--config", str(ROOT / "pyproject.toml")]
    config += ["--config", "lint.isort.known-first-party = ['neuraltypes']"]
    select = "I,F401,F811,E501,RUF013"
    lint = subprocess.run(
        [ruff, "check", *config, "--select", select, str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [ruff, "format", *config, "--diff", str(tmp_path)], capture_output=True, text=True
    )
    changed = [line for line in fmt.stdout.splitlines() if line.startswith(("+", "-"))]
    assert all(line in ("+", "-") or line.startswith(("+++", "---")) for line in changed), (
        fmt.stdout
    )  # at most blank lines the inputs had
