"""``dry_run`` on a 600M-parameter typed ASR model: seconds and peak memory, vs running it for real.

Each configuration runs in a fresh process (``--child MODE``), so imports and allocator state
do not leak between runs; the parent prints one JSON line per run and a summary line with
medians and ratios. Modes:

- ``dry_run``: build on meta and ``dry_run`` it (every typed connection checked); then, in the
  same process, the dry run again (``warm``: without torch's one-time lazy initialisation)
  beside the bare meta forward with no hooks and no checks (the baseline of the checks' cost);
- ``import``: only ``import torch, neuraltypes.dryrun`` (the memory floor of any run);
- ``eager``: the baseline a user has without a dry run: build with real weights on CPU and
  call ``forward`` once on inputs of the same sizes.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_dry_run.py [--repeats 5] [--eager-repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from typing import Annotated

import torch
from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    AudioSignal,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralType,
    SpectrogramType,
)

D_MODEL, FF, HEADS, LAYERS, FEATURES, VOCAB = 1024, 4096, 16, 48, 80, 1024

Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]
Hidden = Annotated[Tensor, NeuralType(("B", "T", "D"), AcousticEncodedRepresentation())]


class Preprocessor(nn.Module):
    """Audio (B, T) -> log-mel (B, 80, T/160)."""

    window: Tensor
    filterbank: Tensor

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("window", torch.hann_window(512), persistent=False)
        self.register_buffer("filterbank", torch.rand(FEATURES, 257), persistent=False)

    def forward(
        self,
        input_signal: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal())],
        length: Lengths,
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType()), "processed_signal"],
        Annotated[Lengths, "processed_length"],
    ]:
        spec = torch.stft(input_signal, 512, 160, window=self.window, return_complex=True)
        mel = torch.log(self.filterbank @ spec.abs().pow(2) + 1e-6)
        return mel, length // 160 + 1


class Block(nn.Module):
    """One transformer block with typed ports (B, T, D) -> (B, T, D)."""

    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(D_MODEL, HEADS, FF, batch_first=True)

    def forward(self, x: Hidden) -> Annotated[Hidden, "output"]:
        return self.layer(x)


class Encoder(nn.Module):
    """Conv subsampling (x4) then ``LAYERS`` typed blocks; (B, D, T) in and out."""

    def __init__(self) -> None:
        super().__init__()
        self.subsampling = nn.Sequential(
            nn.Conv1d(FEATURES, D_MODEL, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv1d(D_MODEL, D_MODEL, 3, stride=2, padding=1),
        )
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))

    def forward(
        self,
        audio_signal: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Lengths,
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()), "out"],
        Annotated[Lengths, "encoded_lengths"],
    ]:
        x = self.subsampling(audio_signal).transpose(1, 2)
        for block in self.blocks:
            x = block(x)
        return x.transpose(1, 2), (length + 3) // 4


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Conv1d(D_MODEL, VOCAB + 1, 1)

    def forward(
        self,
        encoder_output: Annotated[
            Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
        ],
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "logprobs"]:
        return self.proj(encoder_output).transpose(1, 2).log_softmax(-1)


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.preprocessor = Preprocessor()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(
        self,
        input_signal: Annotated[Tensor, NeuralType(("B", "T"), AudioSignal())],
        input_signal_length: Lengths,
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType()), "log_probs"],
        Annotated[Lengths, "encoded_len"],
    ]:
        mel, mel_len = self.preprocessor(input_signal=input_signal, length=input_signal_length)
        encoded, encoded_len = self.encoder(audio_signal=mel, length=mel_len)
        return self.decoder(encoder_output=encoded), encoded_len


def child(mode: str) -> dict[str, object]:
    """One run in this (fresh) process."""
    from neuraltypes.dryrun import dry_run

    t0 = time.perf_counter()
    result: dict[str, object] = {"mode": mode}
    if mode == "dry_run":
        report = dry_run(Model)
        result["seconds"] = time.perf_counter() - t0
        result.update(
            parameters=report.parameters,
            findings=len(report.findings),
            connections=len(report.edges),
            typed_modules=sum(1 for m in report.modules if m.calls),
        )
        # the same process again: without torch's one-time lazy initialisation, and beside
        # the bare meta forward (no hooks, no checks) as the baseline of the checks' cost
        warm, bare = [], []
        for _ in range(3):
            t1 = time.perf_counter()
            dry_run(Model)
            warm.append(time.perf_counter() - t1)
            with torch.device("meta"):
                model = Model()
            x = torch.empty(3, 160001, device="meta")
            t1 = time.perf_counter()
            model(x, torch.full((3,), 160001))
            bare.append(time.perf_counter() - t1)
        result["warm_seconds"] = statistics.median(warm)
        result["bare_meta_forward_seconds"] = statistics.median(bare)
        result["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return result
    elif mode == "eager":
        with torch.no_grad():
            model = Model().eval()
            n = 16001
            model(torch.randn(3, n), torch.full((3,), n))
        result["parameters"] = sum(p.numel() for p in model.parameters())
    result["seconds"] = time.perf_counter() - t0
    result["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return result


def run(mode: str) -> dict[str, object]:
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode], check=True, capture_output=True, text=True
    )
    result = dict(json.loads(out.stdout.strip().splitlines()[-1]))
    result["process_seconds"] = time.perf_counter() - t0  # with interpreter start and imports
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--eager-repeats", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    meta = {"torch": torch.__version__, "python": platform.python_version()}
    runs: dict[str, list[dict[str, object]]] = {}
    for mode, repeats in (
        ("import", args.repeats),
        ("dry_run", args.repeats),
        ("eager", args.eager_repeats),
    ):
        for _ in range(repeats):
            result = run(mode)
            runs.setdefault(mode, []).append(result)
            print(json.dumps({**result, **meta}), flush=True)

    def median(mode: str, key: str) -> float:
        return statistics.median(float(str(r[key])) for r in runs[mode])

    params = int(str(runs["dry_run"][0]["parameters"]))
    weights = params * 4  # float32
    summary = {
        "summary": True,
        "parameters": params,
        "weight_bytes": weights,
        "dry_run_seconds": round(median("dry_run", "seconds"), 3),
        "dry_run_process_seconds": round(median("dry_run", "process_seconds"), 3),
        "dry_run_warm_seconds": round(median("dry_run", "warm_seconds"), 3),
        "bare_meta_forward_seconds": round(median("dry_run", "bare_meta_forward_seconds"), 3),
        "import_process_seconds": round(median("import", "process_seconds"), 3),
        "dry_run_peak_rss_bytes": int(median("dry_run", "peak_rss_bytes")),
        "import_peak_rss_bytes": int(median("import", "peak_rss_bytes")),
        "eager_seconds": round(median("eager", "seconds"), 3),
        "eager_peak_rss_bytes": int(median("eager", "peak_rss_bytes")),
        **meta,
    }
    summary["dry_run_rss_over_weights"] = round(summary["dry_run_peak_rss_bytes"] / weights, 3)
    summary["eager_over_dry_run_seconds"] = round(
        summary["eager_seconds"] / summary["dry_run_seconds"], 1
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
