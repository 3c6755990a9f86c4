"""Per-call overhead of ``@typecheck()`` on a 2-input/2-output module, side by side.

Configurations run interleaved in one process (so machine noise hits them alike): a plain
``nn.Module`` (called with keywords, and positionally); the same with ``@typecheck()``
(annotated ports, checks on); with tagged inputs (element types compared); NeMo-style legacy
properties (and what the two properties cost by themselves); checks disabled; and, when
installed, jaxtyping + beartype on equivalent annotations. Prints medians (µs/call), the
overhead over the plain module called the same way, and one JSON line per configuration.

    .venv/bin/python benchmarks/bench_typecheck.py [--number 2000] [--repeat 41]
"""

import argparse
import json
import platform
import statistics
import sys
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

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Lengths = Annotated[Tensor, NeuralType(("B",), LengthsType())]
Encoded = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]


class EncOut(NamedTuple):
    outputs: Encoded
    encoded_lengths: Lengths


class Plain(torch.nn.Module):
    """The baseline: the same forward, undecorated."""

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


def _jaxtyping_module() -> torch.nn.Module | None:
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


PLAIN_KW = "plain nn.Module (kwargs)"
PLAIN_POS = "plain nn.Module (positional)"
OFF_KW = "typecheck disabled (kwargs)"
OFF_POS = "typecheck disabled (positional)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=2000, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=41, help="rounds (timings per config)")
    parser.add_argument(
        "--timer",
        choices=["cpu", "wall"],
        default="cpu",
        help="cpu: this thread's CPU time (robust on a shared machine); wall: perf_counter",
    )
    args = parser.parse_args(argv)
    timer = time.thread_time if args.timer == "cpu" else time.perf_counter
    torch.set_num_threads(1)

    x = torch.randn(2, 64, 101)
    n = torch.tensor([101, 90])
    mel = torch.randn(2, 64, 101)
    mel.neural_type = NeuralType(("B", "D", "T"), MelSpectrogramType())  # type: ignore[attr-defined]
    plain, checked, legacy = Plain(), Checked(), Legacy()

    off = typecheck.disable_checks()
    # name -> (call, baseline): the overhead is taken against the plain module called the same
    # way (keyword or positional); None: the row is a cost by itself (the properties alone).
    configs: dict[str, tuple[Callable[[], Any], str | None]] = {
        PLAIN_KW: (lambda: plain(audio_signal=x, length=n), PLAIN_KW),
        PLAIN_POS: (lambda: plain(x, n), PLAIN_POS),
        "typecheck on (kwargs)": (lambda: checked(audio_signal=x, length=n), PLAIN_KW),
        "typecheck on (positional)": (lambda: checked(x, n), PLAIN_POS),
        "typecheck on, tagged input": (lambda: checked(audio_signal=mel, length=n), PLAIN_KW),
        "typecheck on, legacy properties": (lambda: legacy(audio_signal=x, length=n), PLAIN_KW),
        "  the 2 properties alone": (lambda: (legacy.input_types, legacy.output_types), None),
    }
    jax = _jaxtyping_module()
    if jax is not None:
        configs["jaxtyping+beartype"] = (lambda: jax(audio_signal=x, length=n.int()), PLAIN_KW)
    configs[OFF_KW] = (lambda: checked(audio_signal=x, length=n), PLAIN_KW)
    configs[OFF_POS] = (lambda: checked(x, n), PLAIN_POS)

    for fn, _ in configs.values():  # warm up, and prove every configuration runs
        fn()
    samples: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(args.repeat):
        for name, (fn, _) in configs.items():
            disabled = name in (OFF_KW, OFF_POS)
            if disabled:
                off.__enter__()
            try:
                total = timeit.Timer(fn, timer=timer).timeit(number=args.number)
            finally:
                if disabled:
                    off.__exit__(None, None, None)
                    off = typecheck.disable_checks()
            samples[name].append(total / args.number * 1e6)

    base = statistics.median(samples[PLAIN_KW])
    print(f"torch {torch.__version__}, Python {platform.python_version()}, "
          f"neuraltypes {neuraltypes.__version__}, {platform.machine()}, 1 thread, "
          f"{args.repeat} rounds x {args.number} calls per configuration, interleaved, "
          f"{args.timer} time")  # fmt: skip
    print("overhead = median over rounds of (configuration - plain, called the same way) in the")
    print("same round; ratio = median / plain (keywords)")
    print(f"{'configuration':34} {'median us':>9} {'overhead us':>11} {'ratio':>6}")
    records = []
    for name, values in samples.items():
        med = statistics.median(values)
        baseline = configs[name][1]
        if baseline is None:
            overhead = med
        else:
            pairs = zip(values, samples[baseline], strict=True)
            overhead = statistics.median(v - p for v, p in pairs)
        print(f"{name:34} {med:9.2f} {overhead:+11.2f} {med / base:6.2f}")
        records.append(
            {
                "config": name.strip(),
                "median_us": round(med, 3),
                "overhead_us": round(overhead, 3),
                "ratio": round(med / base, 3),
                "min_us": round(min(values), 3),
                "torch": torch.__version__,
                "python": platform.python_version(),
                "timer": args.timer,
            }
        )
    for record in records:
        print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
