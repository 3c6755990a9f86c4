"""Per-call overhead of ``@typecheck()`` on a 2-input/2-output module, side by side.

Each configuration runs in its own fresh process (``--processes`` times), interleaved round by
round with its baseline, a plain ``nn.Module`` with the same ``forward`` called the same way
(keywords or positionals), so machine noise hits both alike. Configurations: checks on
(keywords, positionals), a tagged input (element types compared), NeMo-style legacy
properties, checks off with ``disable_checks()``, ``NEURALTYPES_DISABLE=1`` (the decorator
does not wrap), and, when installed, jaxtyping + beartype and NeMo's own ``typecheck`` (the
same ports as NeMo properties; run it with NeMo's interpreter and ``PYTHONPATH=.``).
Reported: the median µs per call, the overhead (median over rounds of configuration minus
baseline in the same round, then the median over processes) and the overhead as a fraction
of the plain call, plus one JSON line per configuration with the versions.

``--instructions`` counts CPU instructions per call instead (``valgrind --tool=callgrind``, one
process, every configuration between markers): deterministic on a noisy machine.

    .venv/bin/python benchmarks/bench_typecheck.py [--processes 3] [--number 2000] [--repeat 21]
    .venv/bin/python benchmarks/bench_typecheck.py --instructions [--number 2000]
"""

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from typing import Annotated, Any, NamedTuple

import torch
from torch import Tensor

import neuraltypes
from neuraltypes import (
    AcousticEncodedRepresentation,
    LengthsType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)

CONFIGS = {  # name -> (baseline, environment)
    "typecheck on (kwargs)": ("plain nn.Module (kwargs)", {}),
    "typecheck on (positional)": ("plain nn.Module (positional)", {}),
    "typecheck on, tagged input": ("plain nn.Module (kwargs)", {}),
    "typecheck on, legacy properties": ("plain nn.Module (kwargs)", {}),
    "disable_checks() (kwargs)": ("plain nn.Module (kwargs)", {}),
    "disable_checks() (positional)": ("plain nn.Module (positional)", {}),
    "NEURALTYPES_DISABLE=1 (kwargs)": ("plain nn.Module (kwargs)", {"NEURALTYPES_DISABLE": "1"}),
    "jaxtyping+beartype (kwargs)": ("plain nn.Module (kwargs)", {}),
    "NeMo typecheck (kwargs)": ("plain nn.Module (kwargs)", {}),
}


Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]
Encoded = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]


class EncOut(NamedTuple):
    outputs: Encoded
    encoded_lengths: Lengths


class Plain(torch.nn.Module):
    def forward(self, audio_signal: Spec, length: Lengths) -> EncOut:
        return EncOut(audio_signal.detach(), length.detach())


class Checked(NeuralModule):
    @typecheck()
    def forward(self, audio_signal: Spec, length: Lengths) -> EncOut:
        return EncOut(audio_signal.detach(), length.detach())


class Legacy(NeuralModule):
    @property
    def input_types(self) -> dict[str, NeuralType]:
        return {
            "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
            "length": NeuralType(tuple("B"), LengthsType()),
        }

    @property
    def output_types(self) -> dict[str, NeuralType]:
        return {
            "outputs": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()),
            "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
        }

    @typecheck()
    def forward(self, audio_signal: Tensor, length: Tensor) -> tuple[Tensor, Tensor]:
        return audio_signal.detach(), length.detach()


def _calls() -> dict[str, Callable[[], Any]]:
    """Every configuration's call (and the baselines'), built in this process."""
    torch.set_num_threads(1)
    x, n = torch.randn(2, 64, 101), torch.tensor([101, 90])
    mel = torch.randn(2, 64, 101)
    mel.neural_type = NeuralType(("B", "D", "T"), MelSpectrogramType())  # type: ignore[attr-defined]
    plain, checked, legacy = Plain(), Checked(), Legacy()

    calls: dict[str, Callable[[], Any]] = {
        "plain nn.Module (kwargs)": lambda: plain(audio_signal=x, length=n),
        "plain nn.Module (positional)": lambda: plain(x, n),
        "typecheck on (kwargs)": lambda: checked(audio_signal=x, length=n),
        "typecheck on (positional)": lambda: checked(x, n),
        "typecheck on, tagged input": lambda: checked(audio_signal=mel, length=n),
        "typecheck on, legacy properties": lambda: legacy(audio_signal=x, length=n),
        "NEURALTYPES_DISABLE=1 (kwargs)": lambda: checked(audio_signal=x, length=n),
    }
    # disable_checks() is entered once around the timed loop (see _time), not per call
    calls["disable_checks() (kwargs)"] = calls["typecheck on (kwargs)"]
    calls["disable_checks() (positional)"] = calls["typecheck on (positional)"]
    nemo = _nemo_module()
    if nemo is not None:
        calls["NeMo typecheck (kwargs)"] = lambda: nemo(audio_signal=x, length=n)
    jax = _jaxtyping_module()
    if jax is not None:
        ints = n.int()
        calls["jaxtyping+beartype (kwargs)"] = lambda: jax(audio_signal=x, length=ints)
    for call in calls.values():  # warm up, and prove every configuration runs
        call()
    return calls


def _nemo_module() -> Any:
    """The same module with NeMo's own ``typecheck`` and port properties (when installed)."""
    try:
        from nemo.core import NeuralModule as NemoModule
        from nemo.core import typecheck as nemo_typecheck
        from nemo.core.neural_types import AcousticEncodedRepresentation as NemoEncoded
        from nemo.core.neural_types import LengthsType as NemoLengths
        from nemo.core.neural_types import NeuralType as NemoType
        from nemo.core.neural_types import SpectrogramType as NemoSpec
    except ImportError:
        return None

    class Nemo(NemoModule):  # type: ignore[misc]
        @property
        def input_types(self) -> dict[str, Any]:
            return {
                "audio_signal": NemoType(("B", "D", "T"), NemoSpec()),
                "length": NemoType(tuple("B"), NemoLengths()),
            }

        @property
        def output_types(self) -> dict[str, Any]:
            return {
                "outputs": NemoType(("B", "D", "T"), NemoEncoded()),
                "encoded_lengths": NemoType(tuple("B"), NemoLengths()),
            }

        @nemo_typecheck()  # type: ignore[misc]
        def forward(self, audio_signal: Tensor, length: Tensor) -> tuple[Tensor, Tensor]:
            return audio_signal.detach(), length.detach()

    return Nemo()


def _jaxtyping_module() -> Any:
    try:
        from beartype import beartype
        from jaxtyping import Float, Int, jaxtyped
    except ImportError:
        return None

    class Jax(torch.nn.Module):
        @jaxtyped(typechecker=beartype)
        def forward(
            self,
            audio_signal: Float[Tensor, "B D T"],  # noqa: F722
            length: Int[Tensor, " B"],  # noqa: F722
        ) -> tuple[Float[Tensor, "B D T"], Int[Tensor, " B"]]:  # noqa: F722
            return audio_signal.detach(), length.detach()

    return Jax()


def _time(name: str, call: Callable[[], Any], number: int, timer: Callable[[], float]) -> float:
    """µs per call of ``number`` calls (checks off around the loop for disable_checks())."""
    if name.startswith("disable_checks()"):
        with typecheck.disable_checks():
            total = timeit.Timer(call, timer=timer).timeit(number=number)
    else:
        total = timeit.Timer(call, timer=timer).timeit(number=number)
    return total / number * 1e6


def child(config: str, number: int, repeat: int, timer_name: str) -> None:
    """One fresh process: ``config`` and its baseline, interleaved; prints one JSON line."""
    timer = time.thread_time if timer_name == "cpu" else time.perf_counter
    calls = _calls()
    if config not in calls:
        print(json.dumps({"config": config, "skipped": True}))
        return
    base = CONFIGS[config][0]
    rows: dict[str, list[float]] = {config: [], base: []}
    for rnd in range(repeat):
        order = (config, base) if rnd % 2 == 0 else (base, config)
        for name in order:
            rows[name].append(_time(name, calls[name], number, timer))
    overhead = statistics.median(c - b for c, b in zip(rows[config], rows[base], strict=True))
    print(
        json.dumps(
            {
                "config": config,
                "median_us": statistics.median(rows[config]),
                "baseline_us": statistics.median(rows[base]),
                "overhead_us": overhead,
            }
        )
    )


def versions() -> dict[str, str]:
    """Versions recorded with each result."""
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "neuraltypes": neuraltypes.__version__,
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def timed(args: argparse.Namespace) -> int:
    """Fresh processes per configuration; the table and one JSON line per configuration."""
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGS}
    for _ in range(args.processes):
        for config, (_, extra_env) in CONFIGS.items():
            cmd = [sys.executable, __file__, "--child", config, "--number", str(args.number)]
            cmd += ["--repeat", str(args.repeat), "--timer", args.timer]
            env = {**os.environ, **extra_env}
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            record = json.loads(proc.stdout.strip().splitlines()[-1])
            if not record.get("skipped"):
                results[config].append(record)
    info = versions()
    print(
        f"torch {info['torch']}, Python {info['python']}, neuraltypes {info['neuraltypes']}, "
        f"{info['machine']} ({info['cpus']} CPUs), 1 thread, {args.timer} time; each "
        f"configuration in {args.processes} fresh processes x {args.repeat} rounds x "
        f"{args.number} calls, interleaved with its baseline"
    )
    print("overhead: configuration minus its plain baseline in the same round (median);")
    print("of plain: the overhead as a fraction of the plain nn.Module call")
    print(f"{'configuration':34} {'us/call':>8} {'plain us':>8} {'overhead':>9} {'of plain':>8}")
    for config, records in results.items():
        if not records:
            continue
        med = statistics.median(r["median_us"] for r in records)
        base = statistics.median(r["baseline_us"] for r in records)
        overhead = statistics.median(r["overhead_us"] for r in records)
        print(f"{config:34} {med:8.2f} {base:8.2f} {overhead:+9.2f} {overhead / base:8.3f}")
        line = {"bench": "typecheck", "config": config, "baseline": CONFIGS[config][0]}
        line.update(median_us=round(med, 3), baseline_us=round(base, 3))
        line.update(overhead_us=round(overhead, 3), overhead_ratio=round(overhead / base, 4))
        line.update(processes=len(records), timer=args.timer, **info)
        print(json.dumps(line))
    return 0


def instructions_child(number: int) -> None:
    """Under callgrind: each configuration's calls between two ``os.getppid()`` markers."""
    calls = _calls()
    names = [n for n in ("plain nn.Module (kwargs)", "plain nn.Module (positional)", *CONFIGS)]
    names = [n for n in names if n in calls and not n.startswith("NEURALTYPES")]
    print(json.dumps(names), flush=True)
    for name in names:
        call = calls[name]
        ctx = typecheck.disable_checks() if name.startswith("disable_checks()") else None
        if ctx is not None:
            ctx.__enter__()
        for _ in range(50):
            call()
        os.getppid()
        for _ in range(number):
            call()
        os.getppid()
        if ctx is not None:
            ctx.__exit__(None, None, None)


def instructions(args: argparse.Namespace) -> int:
    """Instructions per call from one callgrind run; overhead over the plain baseline."""
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind")
    out = tempfile.mkdtemp(prefix="nt-callgrind-")
    cmd = ["valgrind", "--tool=callgrind", "--dump-before=getppid"]
    cmd += [f"--callgrind-out-file={out}/cg.out", sys.executable, __file__]
    cmd += ["--instructions-child", "--number", str(args.number)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    names = json.loads(proc.stdout.splitlines()[0])

    def total(path: str) -> int:
        with open(path) as handle:
            for line in handle:
                if line.startswith("totals:"):
                    return int(line.split()[1])
        return 0

    dumps = sorted(glob.glob(f"{out}/cg.out.*"), key=lambda p: int(p.rsplit(".", 1)[1]))
    per_call = {n: total(d) / args.number for n, d in zip(names, dumps[1::2], strict=False)}
    shutil.rmtree(out, ignore_errors=True)
    info = versions()
    print(f"instructions per call (callgrind, {args.number} calls each), {info}")
    print(f"{'configuration':34} {'instr':>8} {'plain':>8} {'overhead':>9} {'of plain':>8}")
    for name, count in per_call.items():
        base = per_call[CONFIGS[name][0]] if name in CONFIGS else count
        extra = count - base
        print(f"{name:34} {count:8.0f} {base:8.0f} {extra:+9.0f} {extra / base:8.3f}")
        line = {"bench": "typecheck_instructions", "config": name, "instructions": round(count)}
        line.update(overhead=round(count - base), overhead_ratio=round((count - base) / base, 4))
        print(json.dumps({**line, **info}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3, help="fresh processes per config")
    parser.add_argument("--number", type=int, default=2000, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=21, help="rounds per process")
    parser.add_argument(
        "--timer",
        choices=["cpu", "wall"],
        default="cpu",
        help="cpu: this thread's CPU time (robust on a shared machine); wall: perf_counter",
    )
    parser.add_argument("--instructions", action="store_true", help="count instructions")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--instructions-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.number, args.repeat, args.timer)
        return 0
    if args.instructions_child:
        instructions_child(args.number)
        return 0
    return instructions(args) if args.instructions else timed(args)


if __name__ == "__main__":
    sys.exit(main())
