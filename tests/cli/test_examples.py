"""The examples: the pipeline trains on CPU, and ``neuraltypes check`` (real plugin) passes it
and reports exactly the mismatches planted in the broken copy; NeMo-style code is checked
without NeMo installed.

The checks share one mypy cache and config, so torch is analysed once (one cold run).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from neuraltypes import NeuralTypeError
from neuraltypes._cli import main as neuraltypes_main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


NEMO_STYLE = """\
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import AcousticEncodedRepresentation, LengthsType, NeuralType
from nemo.core.neural_types import SpectrogramType


class Encoder(NeuralModule):
    @property
    def input_types(self):
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self):
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }

    @typecheck()
    def forward(self, audio_signal, length):
        return audio_signal, length


class Stacked(NeuralModule):
    def __init__(self):
        super().__init__()
        self.first = Encoder()
        self.second = Encoder()

    def forward(self, spec, length):
        encoded, encoded_len = self.first(audio_signal=spec, length=length)
        return self.second(audio_signal=encoded, length=encoded_len)
"""


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the only line containing ``text``."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    assert len(hits) == 1, (path, text, hits)
    return hits[0]


@pytest.fixture(scope="module")
def check_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[int, list[str]]]]:
    """Run ``neuraltypes check`` once on each example, from the repo root."""
    cache = str(tmp_path_factory.mktemp("mypy-cache"))
    results: dict[str, tuple[int, list[str]]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        nemo_file = tmp_path_factory.mktemp("nemo_project") / "nemo_style.py"
        nemo_file.write_text(NEMO_STYLE)
        runs = {
            "asr_pipeline": ["examples/asr_pipeline"],
            "broken_pipeline": ["examples/broken_pipeline"],
            # same config as the examples, so the torch part of the cache is reused
            "nemo_style": [str(nemo_file), "--config-file", "pyproject.toml"],
        }
        for name, argv in runs.items():
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                status = neuraltypes_main(["check", *argv, "--", "--cache-dir", cache])
            results[name] = (status, buffer.getvalue().splitlines())
        yield results


def test_correct_pipeline_passes(check_runs: dict[str, tuple[int, list[str]]]) -> None:
    assert check_runs["asr_pipeline"] == (0, ["No neural-type errors in 4 source files"])


def test_broken_pipeline_reports_exactly_the_planted_errors(
    check_runs: dict[str, tuple[int, list[str]]],
) -> None:
    status, out = check_runs["broken_pipeline"]
    model = EXAMPLES / "broken_pipeline" / "model.py"
    transposed = line_of(model, "self.decoder(encoder_output=encoded_btd)")
    logits = line_of(model, "log_probs=logits,  # PLANTED (3)")
    mel = line_of(model, "return self.decoder(encoder_output=features)")
    assert status == 1
    assert out[-1] == "Found 3 neural-type errors in 1 file (checked 4 source files)"
    errors = out[:-1]
    assert [line.split(": error: ")[0] for line in errors] == [
        f"examples/broken_pipeline/model.py:{n}" for n in (transposed, logits, mel)
    ]
    assert all(line.endswith("[neural-type]") for line in errors)
    fragments = [
        ('"encoder_output" of "ConvASRDecoder.forward"', "('B', 'T', 'D')", "transpose"),
        ('"log_probs" of "CTCLoss.forward"', "LogitsType is not a subclass of LogprobsType"),
        ('"encoder_output" of "ConvASRDecoder.forward"', "MelSpectrogramType is not a subclass"),
    ]
    for line, expected in zip(errors, fragments, strict=True):
        for fragment in expected:
            assert fragment in line


def test_nemo_style_code_is_checked_without_nemo_installed(
    check_runs: dict[str, tuple[int, list[str]]],
) -> None:
    status, out = check_runs["nemo_style"]
    assert status == 1
    assert len(out) == 2
    second = 1 + next(i for i, t in enumerate(NEMO_STYLE.splitlines()) if "self.second(" in t)
    assert out[0].split(": error: ")[0].endswith(f"nemo_style.py:{second}")
    assert '"audio_signal" of "Encoder.forward"' in out[0]
    assert "AcousticEncodedRepresentation is not a subclass of SpectrogramType" in out[0]
    assert out[1] == "Found 1 neural-type error in 1 file (checked 1 source file)"


@pytest.fixture
def examples_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    yield
    for name in list(sys.modules):
        if name.split(".")[0] in ("asr_pipeline", "broken_pipeline"):
            del sys.modules[name]


@pytest.mark.usefixtures("examples_importable")
def test_pipeline_trains_and_transcribes_on_cpu(capsys: pytest.CaptureFixture[str]) -> None:
    from asr_pipeline.train import main  # type: ignore[import-not-found]  # examples/ on sys.path

    main(["--steps", "2"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("step 0: loss ")
    assert out[2].startswith("log_probs (2, 51, 29), encoded_len [51, ")  # 1 s at 16 kHz
    assert out[3].startswith("transcripts: [")


@pytest.mark.usefixtures("examples_importable")
def test_broken_pipeline_fails_only_when_run() -> None:
    from broken_pipeline.model import EncDecCTCModel  # type: ignore[import-not-found]

    model = EncDecCTCModel(vocabulary=list("abc"))
    signal, length = torch.randn(2, 16000), torch.tensor([16000, 12000])
    with pytest.raises(NeuralTypeError, match="MelSpectrogramType"):  # PLANTED (2)
        model.decode_features(signal, length)
    with pytest.raises(RuntimeError, match="channels"):  # PLANTED (1): a conv shape error
        model(input_signal=signal, input_signal_length=length)
