"""``dry_run`` on small typed models: inputs, bindings, failures, NeMo-style ports, building."""

from __future__ import annotations

import dr_modules as m
import pytest
import torch

import neuraltypes
from neuraltypes.dryrun import BuildError, dry_run


def test_public_api_is_lazy_and_exported() -> None:
    assert neuraltypes.dry_run is dry_run
    assert "dry_run" in neuraltypes.__all__ and "DryRunReport" in neuraltypes.__all__


def test_inputs_come_from_declared_ports_with_distinct_sizes() -> None:
    report = dry_run(m.Pipeline)
    assert report.ok, report.text()
    assert report.inputs == ["spec (B=3, D=64, T=1001)", "spec_length (B=3) = 1001"]


def test_sizes_override_axis_sizes() -> None:
    report = dry_run(m.Pipeline, sizes={"T": 800, "B": 2})
    assert report.inputs == ["spec (B=2, D=64, T=800)", "spec_length (B=2) = 800"]


def test_modules_without_typecheck_are_checked_and_transposition_between_them_is_found() -> None:
    finding, conv = dry_run(m.Pipeline(transposed=True)).findings
    assert (
        conv.kind == "error"
        and "Conv1d expects 32 input channels (axis 1), got 1001" in conv.message
    )
    assert finding.kind == "connection"
    assert (finding.module, finding.port) == ("model.decoder", "encoder_output")
    assert finding.producer == 'model.encoder output "outputs" via transpose(1, 2)'
    assert finding.message == "axis 1 is T, expected D"
    assert finding.found == "shape (3, 1001, 32) (B=3, T=1001, D=32)"


def test_batch_is_bound_across_a_call() -> None:
    finding, output = dry_run(m.BatchSplitter).findings
    assert (output.kind, output.port) == ("annotation", "encoded_lengths")  # passed on as is
    assert output.message.startswith(
        'Encoder.forward output "encoded_lengths" contradicts its declaration (B) LengthsType: '
    )
    assert (finding.module, finding.port) == ("model.encoder", "length")
    assert finding.message == (
        'axis 0 (B) has size 2, but this call\'s batch size is 3 (from input "audio_signal")'
    )
    assert finding.producer == 'model input "spec_length" via __getitem__'


def test_declared_fixed_sizes_are_enforced() -> None:
    report = dry_run(m.Fixed)  # the input is made with the fixed size
    assert report.ok and report.inputs == ["x (B=3, D=80, T=1001)"]
    model = m.Fixed()
    report = dry_run(model, inputs={"x": torch.empty(3, 64, 101, device="meta")})
    [finding] = report.findings
    assert finding.message == "axis 1 (D) has size 64, but the port fixes it to 80"


def test_size_symbols_are_bound_across_ports() -> None:
    spec = {"x": torch.empty(3, 5, device="meta"), "y": torch.empty(3, 6, device="meta")}
    [finding] = dry_run(m.Symbols(), inputs=spec).findings
    assert finding.port == "y"
    assert "this call's size F is 5" in finding.message


def test_nemo_style_properties_and_lengths_read_as_values() -> None:
    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = m.LegacyEncoder()

        def forward(self, spec: m.Spec, spec_length: m.Lengths) -> m.Enc:
            return self.encoder(audio_signal=spec, length=spec_length)

    report = dry_run(Model)
    assert report.ok, report.text()
    assert [r.path for r in report.modules] == ["model", "model.encoder"]
    assert report.modules[1].inputs == [
        ("audio_signal", "(B, D, T) SpectrogramType"),
        ("length", "(B) LengthsType"),
    ]


def test_module_that_cannot_run_on_meta_is_synthesised_and_the_run_goes_on() -> None:
    report = dry_run(m.Chain)
    assert report.findings == []
    [note] = report.notes
    assert note.startswith("model.first (NeedsValues) was not run (it cannot run on meta: ")
    assert "Tensor.item() cannot be called on meta tensors at dr_modules.py:" in note
    statuses = {r.path: r.status for r in report.modules}
    assert statuses == {"model": "ok", "model.first": "synthesised", "model.second": "ok"}


def test_torch_error_in_module_code_is_reported_with_its_place() -> None:
    [finding] = dry_run(m.Crashes).findings
    assert finding.kind == "error" and finding.module == "model"
    assert finding.message.startswith(
        "model (Crashes) raised ValueError: feature stacking needs an even number of frames "
        "at dr_modules.py:"
    )


def test_output_count_contradicting_the_declaration() -> None:
    [finding] = dry_run(m.WrongCount).findings
    assert finding.kind == "annotation"
    assert finding.message == "WrongCount.forward returns 1 values but declares 2 output ports"


def test_all_optional_ports_feed_the_first_with_its_lengths() -> None:
    report = dry_run(m.AllOptional)
    assert report.ok, report.text()
    assert report.inputs == ["input_signal (B=3, T=160001)", "input_signal_length (B=3) = 160001"]
    report = dry_run(m.AllOptional, inputs=("processed_signal",))
    assert report.ok, report.text()
    assert report.inputs == [
        "processed_signal (B=3, D=64, T=1001)",
        "processed_signal_length (B=3) = 1001",
    ]


def test_factory_errors_name_the_config() -> None:
    with pytest.raises(BuildError) as info:
        dry_run(m.broken_factory, {"feat_in": 64}, config_key="conf.yaml:model")
    text = str(info.value)
    assert text.startswith("building the model failed (config conf.yaml:model): KeyError:")
    assert "encoder.d_model is missing" in text and "dr_modules.py" in text


def test_class_taking_cfg_is_built_with_cfg_keyword() -> None:
    report = dry_run(m.Configured, {"feat_in": 64})
    assert report.ok, report.text()


def test_factory_computing_with_tensors_is_built_with_parameters_on_meta() -> None:
    report = dry_run(m.MetaHostile)
    assert report.ok, report.text()
    assert report.notes[0].startswith("the factory computes with tensors while building")


def test_a_model_without_input_ports_is_a_usage_error() -> None:
    with pytest.raises(BuildError, match="declares no input ports"):
        dry_run(torch.nn.Linear(2, 2))


def test_the_model_is_built_on_meta_and_hooks_are_removed() -> None:
    model = m.Pipeline()
    with torch.device("meta"):
        model = m.Pipeline()
    dry_run(model)
    assert not model.encoder._forward_hooks and not model.encoder._forward_pre_hooks
    assert "forward" not in model.encoder.__dict__


def test_sample_rate_mismatch_between_ports() -> None:
    [finding] = dry_run(m.Resampled).findings
    assert (finding.module, finding.port) == ("model.frontend", "audio")
    assert finding.message == (
        "AudioSignal parameters differ: {'freq': 16000} given, {'freq': 8000} expected"
    )
    assert finding.expected == "(B, T) AudioSignal(freq=8000)"
