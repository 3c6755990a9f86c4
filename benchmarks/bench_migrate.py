"""Time ``neuraltypes migrate`` on a generated tree of NeMo-style speech modules.

Generates N files (default 2,000) in a temp folder: encoders with tuple outputs, decoders,
losses, NamedTuple encoders, preprocessors whose input port reads ``self`` (left as is), and
one file in four without ports (the fast path). Each configuration runs in a fresh process,
``--repeat`` times, interleaved, side by side: the baseline is a bare ``libcst.parse_module``
over the same files (the floor for any libcst codemod); then ``migrate --check`` with 1 and 2
workers and with the default (one worker per core from 64 files), and ``--rewrite-imports``
runs that write (on a fresh copy of the tree each time). ``--against REV`` (repeatable) adds
the same runs of the codemod as it was at git revision REV (its ``neuraltypes/`` extracted to a
temp folder, first on ``PYTHONPATH``), so old and new meet the same machine load. Prints
medians, files/s, the ratio to the baseline and the median CPU time of each process tree
(user + sys, workers included: a loaded machine inflates it less), plus one JSON line per
configuration.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_migrate.py [--files 2000] [--repeat 3]
        [--against 412510b]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import libcst

ENCODER = '''"""Encoder {i}."""

from typing import Dict, Optional

import torch

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import AcousticEncodedRepresentation, LengthsType, NeuralType
from nemo.core.neural_types import SpectrogramType


class Encoder{i}(NeuralModule):
    """A convolutional encoder."""

    @property
    def input_types(self) -> Optional[Dict[str, NeuralType]]:
        return {{
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }}

    @property
    def output_types(self) -> Optional[Dict[str, NeuralType]]:
        return {{
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }}

    def __init__(self, feat_in: int = 64, feat_out: int = {i}) -> None:
        super().__init__()
        self.conv = torch.nn.Conv1d(feat_in, feat_out, 3, stride=2, padding=1)

    @typecheck()
    def forward(self, audio_signal, length):
        # stride 2 halves the time axis
        return self.conv(audio_signal), (length + 1) // 2
'''

DECODER = """from collections import OrderedDict

import torch
from neuraltypes import AcousticEncodedRepresentation, LogprobsType, NeuralModule, NeuralType


class Decoder{i}(NeuralModule):
    @property
    def input_types(self):
        return OrderedDict(
            [("encoder_output", NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()))]
        )

    @property
    def output_types(self):
        return OrderedDict([("logprobs", NeuralType(("B", "T", "D"), LogprobsType()))])

    def __init__(self, feat_in: int = 32, num_classes: int = {i}) -> None:
        super().__init__()
        self.proj = torch.nn.Conv1d(feat_in, num_classes, 1)

    def forward(self, encoder_output: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(self.proj(encoder_output).transpose(1, 2), dim=-1)
"""

PREPROCESSOR = """import torch
import neuraltypes as nt


class Preprocessor{i}(nt.NeuralModule):
    def __init__(self, sample_rate: int = 16000) -> None:
        super().__init__()
        self._sample_rate = sample_rate

    @property
    def input_types(self):
        return {{"input_signal": nt.NeuralType(("B", "T"), nt.AudioSignal(freq=self._sample_rate)),
                "length": nt.NeuralType(tuple("B"), nt.LengthsType())}}

    @property
    def output_types(self):
        return {{"processed_signal": nt.NeuralType(("B", "D", "T"), nt.MelSpectrogramType()),
                "processed_length": nt.NeuralType(tuple("B"), nt.LengthsType())}}

    def forward(self, input_signal, length):
        return input_signal.unsqueeze(1), length
"""

PLAIN = '''"""Utilities {i}: no ports here."""

import math


def warmup(step: int, total: int = {i}) -> float:
    return min(1.0, step / max(1, total)) * math.pi
'''

KINDS = [ENCODER, DECODER, PREPROCESSOR, PLAIN]


def generate(root: str, n: int) -> None:
    """Write ``n`` files into ``root`` (20 sub-folders, like a package tree)."""
    for i in range(n):
        folder = os.path.join(root, f"pkg{i % 20}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"mod{i}.py"), "w") as fh:
            fh.write(KINDS[i % len(KINDS)].format(i=i + 1))


def _parse_only(root: str) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                libcst.parse_module(fh.read())


CPU: dict[str, list[float]] = {}  # config -> CPU seconds (user + sys) of each run


def _run(cmd: list[str], name: str, env: dict[str, str] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # run from the temp folder: ``python -m`` puts the working directory first on sys.path,
    # which would shadow the revision on PYTHONPATH with this checkout
    cwd = tempfile.gettempdir()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(name, []).append(cpu)
    summary = "neuraltypes migrate:" in proc.stderr or "--_parse-only" in cmd
    if proc.returncode not in (0, 1) or not summary or "Traceback" in proc.stderr:
        raise SystemExit(f"{cmd} failed:\n{proc.stderr[-2000:]}")
    return elapsed


def _extract(rev: str, into: str) -> dict[str, str]:
    """``neuraltypes/`` as of git revision ``rev`` under ``into``; the env that imports it."""
    os.makedirs(into)
    archive = subprocess.run(
        ["git", "archive", rev, "neuraltypes"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return {**os.environ, "PYTHONPATH": into}


Config = tuple[list[str], dict[str, str] | None, bool]  # command, env, writes (needs a copy)


def _configs(py: str, tree: str, tmp: str, against: list[str]) -> dict[str, Config]:
    migrate = [py, "-m", "neuraltypes._cli", "migrate", "-q"]
    here = {**os.environ, "PYTHONPATH": os.getcwd()}
    configs: dict[str, Config] = {
        "baseline: libcst.parse_module only": ([py, __file__, "--_parse-only", tree], None, False),
        "migrate --check -j 1": ([*migrate, "--check", "-j", "1", tree], here, False),
        "migrate --check -j 2": ([*migrate, "--check", "-j", "2", tree], here, False),
        "migrate --check (default -j)": ([*migrate, "--check", tree], here, False),
        "migrate --rewrite-imports (writes, default -j)": (
            [*migrate, "--rewrite-imports"],
            here,
            True,
        ),
    }
    for rev in against:
        env = _extract(rev, os.path.join(tmp, f"rev-{rev}"))
        serial = [*migrate, "--check", "-j", "1", tree]
        configs[f"[{rev}] migrate --check -j 1"] = (serial, env, False)
        configs[f"[{rev}] migrate --check (default -j)"] = ([*migrate, "--check", tree], env, False)
        configs[f"[{rev}] migrate --rewrite-imports (writes)"] = (
            [*migrate, "--rewrite-imports"],
            env,
            True,
        )
    return configs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", action="append", default=[], metavar="REV")
    parser.add_argument("--_parse-only", dest="parse_only", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_only:
        _parse_only(args.parse_only)
        return
    py, here = sys.executable, os.getcwd()
    tmp = tempfile.mkdtemp(prefix="bench_migrate_")
    try:
        tree = os.path.join(tmp, "tree")
        generate(tree, args.files)
        configs = _configs(py, tree, tmp, args.against)
        times: dict[str, list[float]] = {name: [] for name in configs}
        for r in range(args.repeat):  # interleaved, so machine noise hits all alike
            for name, (cmd, env, writes) in configs.items():
                if writes:
                    copy = os.path.join(tmp, f"write{r}-{len(times[name])}")
                    shutil.copytree(tree, copy)
                    times[name].append(_run([*cmd, copy], name, env))
                    shutil.rmtree(copy)
                else:
                    times[name].append(_run(cmd, name, env))
        base = statistics.median(times["baseline: libcst.parse_module only"])
        print(f"{args.files} files, median of {args.repeat}, fresh process per run")
        for name, values in times.items():
            med = statistics.median(values)
            cpu = statistics.median(CPU[name])
            print(
                f"  {name:<52} {med:7.2f} s  {args.files / med:6.0f} files/s  "
                f"x{med / base:.2f} of baseline  (CPU {cpu:.2f} s)"
            )
        for name, values in times.items():
            print(
                json.dumps(
                    {
                        "config": name,
                        "files": args.files,
                        "median_s": round(statistics.median(values), 3),
                        "runs_s": [round(v, 3) for v in values],
                        "cpu_s": [round(v, 3) for v in CPU[name]],
                        "python": platform.python_version(),
                        "libcst": libcst.__version__ if hasattr(libcst, "__version__") else "?",
                        "cpus": os.cpu_count(),
                        "cwd": here,
                    }
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
