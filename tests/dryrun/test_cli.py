"""``neuraltypes dry-run``: exit statuses, text and JSON output, usage and build errors."""

from __future__ import annotations

import json

import pytest

from neuraltypes._cli import main

pytestmark = pytest.mark.usefixtures("at_repo")

MODEL = "examples.config_pipeline.model:build"
GOOD = "examples/config_pipeline/good.yaml:model"
BROKEN = "examples/config_pipeline/broken.yaml:decoder_mismatch"


def test_clean_run_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dry-run", "--model", MODEL, "--config", GOOD]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"neuraltypes dry-run: {MODEL} with {GOOD}"
    assert out[1] == "inputs: input_signal (B=3, T=160001), input_signal_length (B=3) = 160001"
    assert out[-1].startswith("No findings: 4 typed modules run, 7 connections checked (")


def test_findings_exit_1_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dry-run", "--model", MODEL, "--config", BROKEN, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"findings", "modules", "seconds"} <= data.keys()
    [finding] = data["findings"]
    assert set(finding) >= {"module", "port", "producer", "expected", "found", "message"}
    assert finding["module"] == "model.decoder"
    assert finding["producer"] == 'model.encoder output "outputs"'
    assert [m["path"] for m in data["modules"]] == [
        "model",
        "model.preprocessor",
        "model.encoder",
        "model.decoder",
    ]


def test_sizes_and_overrides_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["dry-run", "--model", MODEL, "--config", GOOD, "--size", "T=32000", "--size", "B=2"]
    assert main([*args, "--set", "model.features=80"]) == 0  # every size follows features
    assert "input_signal (B=2, T=32000)" in capsys.readouterr().out
    assert main([*args, "--set", "model.encoder.feat_in=80"]) == 1
    assert "Conv1d expects 80 input channels (axis 1), got 64" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "examples.config_pipeline.model"], "expected MODULE:FACTORY"),
        (["--model", "examples.nope:build"], "cannot import examples.nope"),
        (["--model", MODEL, "--config", "missing.yaml"], "no such file 'missing.yaml'"),
        (["--model", MODEL, "--config", "examples/config_pipeline/good.yaml:nokey"], "no key"),
        (["--model", MODEL, "--size", "T=zero"], "expected AXIS=N"),
        (["--model", MODEL], "building the model failed"),  # build() needs its config
        (["--model", MODEL, "--config", GOOD, "--method", "nope"], "has no method 'nope'"),
    ],
)
def test_usage_and_build_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dry-run", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("neuraltypes dry-run: ") and message in err
    assert "Traceback" not in err
