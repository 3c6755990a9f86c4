"""A NeMo model built from NeMo's own example config dry-runs (skipped without NeMo).

Needs ``nemo_toolkit[asr]`` and NeMo's source tree for its example configs (``NEMO_SRC``,
default ``../nemo-src`` next to this checkout's parent or ``/work/nemo-src``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

asr = pytest.importorskip("nemo.collections.asr", reason="NeMo (nemo_toolkit[asr]) not installed")

from neuraltypes.dryrun import dry_run  # noqa: E402
from neuraltypes.dryrun._build import load_config  # noqa: E402


def _config(name: str) -> Path:
    roots = [os.environ.get("NEMO_SRC", ""), "/work/nemo-src"]
    for root in filter(None, roots):
        path = Path(root) / "examples/asr/conf" / name
        if path.is_file():
            return path
    pytest.skip(f"NeMo's example config {name} not found (set NEMO_SRC)")


NO_DATA = tuple(
    f"model.{split}.manifest_filepath=null" for split in ("train_ds", "validation_ds", "test_ds")
)


def test_conformer_ctc_char_dry_runs_clean() -> None:
    config, where = load_config(f"{_config('conformer/conformer_ctc_char.yaml')}:model", NO_DATA)
    report = dry_run(asr.models.EncDecCTCModel, config, config_key=where)
    assert report.findings == [], report.text()
    statuses = {m.path: m.status for m in report.modules}
    for path in ("model", "model.preprocessor", "model.encoder", "model.decoder"):
        assert statuses[path] == "ok", report.text()
    wired = {(e.producer, e.consumer) for e in report.edges}
    assert ("model.preprocessor", "model.encoder") in wired
    assert ("model.encoder", "model.decoder") in wired


def test_conformer_feat_in_mismatch_is_reported() -> None:
    overrides = (*NO_DATA, "model.encoder.feat_in=64")
    config, where = load_config(f"{_config('conformer/conformer_ctc_char.yaml')}:model", overrides)
    report = dry_run(asr.models.EncDecCTCModel, config, config_key=where)
    [finding] = report.findings
    assert finding.module == "model.encoder"
    # built in training mode: SpecAugment sits between the preprocessor and the encoder
    assert finding.producer == 'model.spec_augmentation output "augmented_spec"'
    assert "(B=3, D=80, T=1001)" in finding.message
    assert "ValueError" in finding.message and "64" in finding.message
