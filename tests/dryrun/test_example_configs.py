"""The config-wired example: the good config passes; each broken config is reported with the
modules, ports and sizes involved (the bugs of issue 10's "done when")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from neuraltypes.dryrun import DryRunReport, dry_run
from neuraltypes.dryrun._build import load_config, load_factory

pytestmark = pytest.mark.usefixtures("at_repo")


def run(key: str, file: str = "broken.yaml") -> DryRunReport:
    factory, _ = load_factory("examples.config_pipeline.model:build")
    config, where = load_config(f"examples/config_pipeline/{file}:{key}")
    return dry_run(factory, config, config_key=where)


def test_good_config_passes() -> None:
    report = run("model", "good.yaml")
    assert report.findings == []
    assert report.notes == []
    assert {m.path: m.status for m in report.modules} == {
        "model": "ok",
        "model.preprocessor": "ok",
        "model.encoder": "ok",
        "model.decoder": "ok",
    }
    wired = {(e.producer, e.producer_port, e.consumer, e.consumer_port) for e in report.edges}
    assert ("model.preprocessor", "processed_signal", "model.encoder", "audio_signal") in wired
    assert ("model.encoder", "outputs", "model.decoder", "encoder_output") in wired
    assert ("model.decoder", "logprobs", "model", "log_probs") in wired
    assert all(e.ok for e in report.edges)


def test_features_feed_an_encoder_configured_for_other_feat_in() -> None:
    report = run("feat_in_mismatch")
    [finding] = report.findings
    assert finding.kind == "error"
    assert (finding.module, finding.port) == ("model.encoder", "audio_signal")
    assert finding.producer == 'model.preprocessor output "processed_signal"'
    assert finding.message == (
        "Conv1d expects 64 input channels (axis 1), got 80 from model.preprocessor output "
        '"processed_signal" (B=3, D=80, T=1001) (in model.encoder.layers.0)'
    )
    # the decoder could not run on the encoder's made-up output: a note, not a finding
    assert any(n.startswith("model.decoder (ConvDecoder) was not run") for n in report.notes)


def test_decoder_feat_in_mismatch() -> None:
    [finding] = run("decoder_mismatch").findings
    assert (finding.module, finding.port) == ("model.decoder", "encoder_output")
    assert "Conv1d expects 128 input channels (axis 1), got 256" in finding.message
    assert 'model.encoder output "outputs" (B=3, D=256, T=501)' in finding.message


def test_module_returning_btd_while_declaring_bdt_is_an_annotation_error() -> None:
    annotation, downstream = run("transposed_output").findings
    assert annotation.kind == "annotation"
    assert (annotation.module, annotation.port) == ("model.encoder", "outputs")
    assert annotation.message == (
        'TimeMajorConvEncoder.forward returns output "outputs" as (B, T, D), but declares '
        "(B, D, T) AcousticEncodedRepresentation (axis 1 is T, expected D)"
    )
    assert annotation.producer == "model.encoder.layers.2 (Conv1d) output via relu, transpose(1, 2)"
    assert annotation.found == "shape (3, 501, 128) (B=3, T=501, D=128)"
    assert downstream.module == "model.decoder"
    assert "got 501" in downstream.message


def test_mel_spectrogram_wired_into_the_decoder() -> None:
    semantic, conv = run("mel_into_decoder").findings
    assert semantic.kind == "connection"
    assert (semantic.module, semantic.port) == ("model.decoder", "encoder_output")
    assert (
        semantic.message == "MelSpectrogramType is not a subclass of AcousticEncodedRepresentation"
    )
    assert semantic.producer == 'model.preprocessor output "processed_signal"'
    assert semantic.expected == "(B, D, T) AcousticEncodedRepresentation"
    assert "declared (B, D, T) MelSpectrogramType" in semantic.found
    assert "Conv1d expects 128 input channels (axis 1), got 64" in conv.message
    bad = [e for e in run("mel_into_decoder").edges if not e.ok]
    assert [(e.producer, e.consumer) for e in bad] == [("model.preprocessor", "model.decoder")]


def test_interpolations_resolve_against_the_whole_file(tmp_path: Path) -> None:
    config, where = load_config("examples/config_pipeline/good.yaml:model")
    assert config.encoder.feat_in == 64 and config.decoder.feat_in == 128
    assert where == "examples/config_pipeline/good.yaml:model"
    config, _ = load_config("examples/config_pipeline/good.yaml:model", ("model.features=80",))
    assert config.preprocessor.features == 80 and config.encoder.feat_in == 80


def test_plain_yaml_fallback_resolves_interpolations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "omegaconf", None)  # OmegaConf not installed
    config, _ = load_config("examples/config_pipeline/good.yaml:model", ("model.d_model=96",))
    assert isinstance(config, dict)
    assert config["encoder"] == {"name": "conv", "feat_in": 64, "d_model": 96}
    assert config["decoder"] == {"feat_in": 96}
    report = dry_run(load_factory("examples.config_pipeline.model:build")[0], _Attr(config))
    assert report.ok, report.text()


class _Attr(dict):  # type: ignore[type-arg]
    """The example reads ``cfg.encoder.feat_in`` (OmegaConf style); plain dicts need this."""

    def __getattr__(self, name: str) -> object:
        value = self[name]
        return _Attr(value) if isinstance(value, dict) else value
