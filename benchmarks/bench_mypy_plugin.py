"""Cost of the neuraltypes mypy plugin: mypy with and without it, cold and warm cache.

Generates a package of ``--modules`` files (each an encoder, a decoder and a model wired
from its own encoder and the previous file's decoder, as real code imports its parts), with
a few seeded connection errors, then runs ``python -m mypy`` on it in fresh processes:
baseline (no plugin) and plugin, each cold (empty cache) then ``--warm-runs`` times warm
(same cache, nothing changed), interleaved ABBA over ``--repeats`` rounds. Wall and CPU
(user+sys of the mypy process) seconds are recorded; on a shared machine trust CPU more.
Prints a table of medians, the plugin's ratio and overhead, and one JSON line per run plus
a summary line.

``--libraries-cached`` starts each "cold" run from a cache that already holds torch and
``neuraltypes`` (made once per configuration by checking a one-file package that imports
them), so it times only the generated files: the plugin's cost per user file (cold minus
warm CPU, divided by the number of files), without the 10-odd seconds of torch whose noise
hides it on a shared machine.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_mypy_plugin.py --modules 200 --repeats 3

``--instructions`` counts CPU instructions instead (``valgrind --tool=callgrind``, exact on a
noisy machine, about 40 times slower): per configuration, one cold run over the package and
one over the libraries alone (start-up and the library cache), both from the libraries'
cache, so their difference is the work on the generated files. It also counts CPython's
``ast.parse`` of the generated files (in a process that reads them, minus one that only
reads them): the least a plugin that reads ports from source pays, since mypy drops
``Annotated`` metadata.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_mypy_plugin.py --modules 400 --instructions \
        --jobs 2 [--compare CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import _callgrind  # benchmarks/ is on sys.path when a benchmark runs as a script

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "ntbench"
LIBRARIES = "ntlibs"  # one file importing what every generated file imports
CONFIGS = ("baseline", "plugin")

_HEADER = '''"""Generated module {i}: an encoder, a decoder and a model."""

from __future__ import annotations

from typing import Annotated

import torch
from torch import Tensor, nn

from neuraltypes import (
    AcousticEncodedRepresentation,
    EncodedRepresentation,
    LengthsType,
    LogprobsType,
    MelSpectrogramType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)
'''

_BODY = """

class Encoder{i}(NeuralModule):
    def __init__(self, features: int = 64, d_model: int = {d}) -> None:
        super().__init__()
        self.conv = nn.Conv1d(features, d_model, kernel_size=3, padding=1)
        self.norm = nn.BatchNorm1d(d_model)

    @typecheck()
    def forward(
        self,
        audio_signal: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> tuple[
        Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation()), "outputs"],
        Annotated[Tensor, NeuralType(("B",), LengthsType()), "encoded_lengths"],
    ]:
        return torch.relu(self.norm(self.conv(audio_signal))), length


class Decoder{i}(NeuralModule):
    def __init__(self, d_model: int = {d}, num_classes: int = 29) -> None:
        super().__init__()
        self.proj = nn.Conv1d(d_model, num_classes, kernel_size=1)

    @typecheck()
    def forward(
        self,
        encoder_output: Annotated[
            Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
        ],
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        return self.proj(encoder_output).transpose(1, 2).log_softmax(dim=-1)


class Model{i}(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = Encoder{i}()
        self.decoder = {decoder}()
        self.pooler = Pooler{i}()

    @typecheck()
    def forward(
        self,
        spec: Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]:
        encoded, encoded_len = self.encoder(audio_signal=spec, length=length)
{wiring}

    def training_step(self, batch):
        spec, length = batch
        log_probs = self(spec=spec, length=length)
        return log_probs.mean()

    def summary(
        self,
        spec: Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> Tensor:
        encoded, _ = self.encoder(audio_signal=spec, length=length)
        stages = self.pooler(encoded=encoded)
        for stage in stages:
            self.pooler.summarize(encoded=stage)
        return self.pooler.summarize(encoded=stages[0])


def pool_time{i}(
    x: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())],
) -> Annotated[Tensor, NeuralType(("B", "D"), EncodedRepresentation())]:
    return x.mean(dim=2)


class Block{i}(NeuralModule):
    def __init__(self, d_model: int = {d}) -> None:
        super().__init__()
        self.conv = nn.Conv1d(d_model, d_model, kernel_size=1)

    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]
    ) -> Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]:
        return self.conv(x)


class Pooler{i}(NeuralModule):
    # NeMo style: legacy ports (a list output), a loop over a ModuleList, a decorated method

    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([Block{i}() for _ in range(2)])

    @property
    def input_types(self):
        return {{"encoded": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}}

    @property
    def output_types(self):
        return {{"stages": [NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]}}

    def forward(self, encoded):
        stages = []
        for block in self.blocks:
            stages.append(block(x=encoded.contiguous()))
        return stages

    @typecheck(
        input_types={{"encoded": NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())}},
        output_types={{"pooled": NeuralType(("B", "D"), EncodedRepresentation())}},
    )
    def summarize(self, encoded):
        return pool_time{i}(encoded)
"""

#: A model built from a config, in a module of its own that nothing imports (``CONFIGURED``
#: of them, spread over the files, configured with ``model_configs``; a fixed number, as a
#: project configures a few models).
_CONFIGURED = '''"""Generated model {i}, built from a config."""

from __future__ import annotations

from typing import Annotated, Any

from torch import Tensor

from neuraltypes import LengthsType, MelSpectrogramType, NeuralModule, NeuralType


class Configured{i}(NeuralModule):
    def __init__(self, cfg: Any) -> None:
        super().__init__()
        self._cfg = cfg
        self.encoder = Configured{i}.from_config_dict(self._cfg.encoder)
        self.decoder = Configured{i}.from_config_dict(self._cfg.decoder)

    @classmethod
    def from_config_dict(cls, cfg: Any) -> Any:
        return cfg

    def forward(
        self,
        spec: Annotated[Tensor, NeuralType(("B", "D", "T"), MelSpectrogramType())],
        length: Annotated[Tensor, NeuralType(("B",), LengthsType())],
    ) -> Tensor:
        encoded, _ = self.encoder(audio_signal=spec, length=length)
        return self.decoder(encoder_output=encoded)
'''
CONFIGURED = 4

_GOOD = "        return self.decoder(encoder_output=encoded)"
_SEEDED = (
    "        encoded_btd = encoded.transpose(1, 2)  # seeded: transposed\n"
    "        return self.decoder(encoder_output=encoded_btd)",
    "        again, _ = self.encoder(audio_signal=encoded, length=encoded_len)  # seeded: twice\n"
    "        return self.decoder(encoder_output=again)",
)


def generate(root: Path, modules: int, seeded: int, reach: bool = True) -> int:
    """Write the package under ``root``; return the number of seeded errors. Without
    ``reach``, only the encoder, decoder and model of each file (no list ports, loops,
    helpers, decorated methods or model configs: the package measured before them)."""
    pkg = root / PACKAGE
    pkg.mkdir(parents=True)
    (root / LIBRARIES).mkdir()
    (root / LIBRARIES / "__init__.py").write_text(_HEADER.format(i="imports"))
    (pkg / "__init__.py").write_text('"""Generated benchmark package."""\n')
    stride = max(1, modules // max(seeded, 1))
    count = 0
    configured: list[str] = []
    for i in range(modules):
        text = _HEADER.format(i=i)
        decoder = f"Decoder{i}"
        if i > 0:
            text += f"\nfrom .m{i - 1:04d} import Decoder{i - 1}\n"
            decoder = f"Decoder{i - 1}"
        wiring = _GOOD
        if seeded and i % stride == stride // 2 and count < seeded:
            wiring = _SEEDED[count % len(_SEEDED)]
            count += 1
        # every decoder takes what every encoder makes, so one d_model keeps the wiring honest
        body = _BODY.format(i=i, d=128, decoder=decoder, wiring=wiring)
        if not reach:
            body = body.replace(f"        self.pooler = Pooler{i}()\n", "")
            body = body[: body.index("\n    def summary(")] + "\n"
        text += body
        if reach and i % max(1, modules // CONFIGURED) == 0 and len(configured) < CONFIGURED:
            (pkg / f"c{i:04d}.py").write_text(_CONFIGURED.format(i=i))
            (root / "conf").mkdir(exist_ok=True)
            (root / "conf" / f"c{i:04d}.yaml").write_text(
                f"model:\n  encoder:\n    _target_: {PACKAGE}.m{i:04d}.Encoder{i}\n"
                f"  decoder:\n    _target_: {PACKAGE}.m{i:04d}.{decoder}\n"
            )
            configured.append(f"{PACKAGE}.c{i:04d}.Configured{i}=conf/c{i:04d}.yaml:model")
        (pkg / f"m{i:04d}.py").write_text(text)
    options = ""
    if configured:
        options = "[mypy.plugins.neuraltypes]\nmodel_configs = " + ",\n    ".join(configured) + "\n"
    for config in CONFIGS:
        plugins = f"plugins = mypy_plugin\n\n{options}" if config != "baseline" else ""
        (root / f"{config}.ini").write_text(
            f"[mypy]\ncheck_untyped_defs = True\nfollow_imports = silent\n{plugins}"
        )
    return count


@dataclass
class Run:
    """One mypy process."""

    config: str
    cache: str
    round: int
    wall_s: float
    cpu_s: float
    status: int
    neural_type_errors: int
    errors: int
    max_rss_mb: float = 0.0


def _mypy_command(
    config: str, cache_dir: Path, checkout: Path, package: str
) -> tuple[list[str], dict[str, str]]:
    """``python -m mypy`` over ``package`` with ``config``'s ini, and its environment (the
    plugin and ``neuraltypes`` from ``checkout``)."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(checkout), os.environ.get("PYTHONPATH", "")])
    )
    ini = "baseline" if config == "baseline" else "plugin"
    cmd = [sys.executable, "-m", "mypy", "--config-file", f"{ini}.ini"]
    cmd += ["--cache-dir", str(cache_dir), "--no-color-output", "--show-error-codes", package]
    return cmd, env


def _error_counts(stdout: str) -> tuple[int, int]:
    """Neural-type errors and all errors in mypy's output."""
    lines = stdout.splitlines()
    neural = sum(line.endswith("[neural-type]") for line in lines)
    return neural, sum(bool(re.search(r": error: ", line)) for line in lines)


def run_mypy(
    root: Path,
    config: str,
    cache_dir: Path,
    cache: str,
    rnd: int,
    workers: int = 0,
    checkout: Path = REPO,
    package: str = PACKAGE,
) -> Run:
    """Run ``python -m mypy`` once in a fresh process and time it (wall and child CPU, its
    worker processes included with ``workers``: mypy's parallel mode, ``-n``); the plugin
    (and ``neuraltypes``) come from ``checkout``."""
    cmd, env = _mypy_command(config, cache_dir, checkout, package)
    if workers:
        cmd += ["-n", str(workers)]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=stdout, stderr=stderr, text=True)
        # wait4: this child's CPU time (with the -n workers it waited for) and peak memory
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        text, err = stdout.read(), stderr.read()
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode not in (0, 1):
        sys.exit(f"mypy failed ({config}, {cache}):\n{text}\n{err}")
    neural, errors = _error_counts(text)
    rss = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Run(config, cache, rnd, wall, cpu, proc.returncode, neural, errors, round(rss, 1))


def _mypy_instructions(
    root: Path, config: str, cache_dir: Path, checkout: Path, package: str
) -> tuple[int, int, int]:
    """One mypy process under callgrind: instructions, neural-type errors, other errors."""
    cmd, env = _mypy_command(config, cache_dir, checkout, package)
    total, stdout = _callgrind.count(cmd, root, env)
    neural, errors = _error_counts(stdout)
    return total, neural, errors - neural


#: Reads (and with "parse", parses as the plugin does: no collection meanwhile) every
#: generated file, then exits at once, as mypy does, without freeing the trees.
_PARSE = """import ast, gc, os, pathlib, sys
gc.disable()
data = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.py"))]
trees = [ast.parse(d) for d in data] if sys.argv[2] == "parse" else []
sys.stdout.flush()
os._exit(0)
"""


def instructions(
    root: Path,
    configs: tuple[str, ...],
    checkouts: dict[str, Path],
    libraries: dict[str, Path],
    seeded: int,
    args: argparse.Namespace,
) -> int:
    """Count each configuration's runs and the parse floor (``--jobs`` at once); print the
    table and JSON lines; 1 if a configuration found other errors than it should."""
    tasks: dict[tuple[str, str], tuple[Path, str]] = {}
    for config in configs:
        for package in (PACKAGE, LIBRARIES):
            cache_dir = root / f"cache-{config}-{package}"
            shutil.copytree(libraries[config], cache_dir)
            tasks[(config, package)] = (cache_dir, package)

    def run(key: tuple[str, str]) -> tuple[int, int, int]:
        if key[0] == "parse":
            cmd = [sys.executable, "-c", _PARSE, str(root / PACKAGE), key[1]]
            return _callgrind.count(cmd, root, dict(os.environ))[0], 0, 0
        cache_dir, package = tasks[key]
        return _mypy_instructions(root, key[0], cache_dir, checkouts.get(key[0], REPO), package)

    keys = [*tasks, ("parse", "parse"), ("parse", "read")]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        counts = dict(zip(keys, pool.map(run, keys), strict=True))
    files = len(list((root / PACKAGE).glob("*.py")))
    own = {c: counts[(c, PACKAGE)][0] - counts[(c, LIBRARIES)][0] for c in configs}
    parse = counts[("parse", "parse")][0] - counts[("parse", "read")][0]
    print(f"\nmypy on {args.modules} generated modules ({files} files with the configured models")
    print("and __init__), instructions (callgrind), one run each from the libraries' cache")
    print(f"{'':10} {'package run':>12} {'start-up':>10} {'generated files':>16} {'per file':>9}")
    ok = True
    summary: dict[str, object] = {"bench": "mypy_plugin", "instructions": True}
    for config in configs:
        total, neural, other = counts[(config, PACKAGE)]
        ratio = own[config] / own["baseline"]
        extra = "" if config == "baseline" else f"  {ratio:.3f}x baseline's"
        print(
            f"{config:10} {total / 1e9:10.2f} G {counts[(config, LIBRARIES)][0] / 1e9:8.2f} G "
            f"{own[config] / 1e9:14.2f} G {own[config] / files / 1e6:7.1f} M{extra}"
        )
        expected = 0 if config == "baseline" else seeded
        good = neural == expected and other == 0
        ok = ok and good
        if not good:
            print(f"  <-- {config}: {neural} neural-type errors (seeded {expected}), {other} other")
        summary[f"{config}_instructions"] = total
        summary[f"{config}_generated_files_instructions"] = own[config]
    print(
        f"ast.parse of the generated files: {parse / 1e9:.2f} G, {parse / files / 1e6:.1f} M per "
        f"file, {parse / own['baseline']:.3f} of plain mypy's work on them (the floor of "
        "reading ports from source)"
    )
    summary.update({"parse_instructions": parse, "files": files, "seeded": seeded, "ok": ok})
    print(json.dumps({**summary, **versions()}))
    return 0 if ok else 1


def versions() -> dict[str, str]:
    """Versions recorded with the results."""
    import mypy.version

    result = {"python": platform.python_version(), "mypy": mypy.version.__version__}
    try:
        from importlib.metadata import version

        result["torch"] = version("torch")
    except Exception:  # pragma: no cover - torch is a dependency
        result["torch"] = "?"
    try:
        sys.path.insert(0, str(REPO))
        from mypy_plugin import PLUGIN_VERSION

        result["plugin"] = str(PLUGIN_VERSION)
    except Exception:
        result["plugin"] = "?"
    result["cpus"] = str(os.cpu_count())
    return result


def main(argv: list[str] | None = None) -> int:
    """Generate, run interleaved, print the table and JSON lines; 1 if the check miscounts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=200, help="generated files (3 modules each)")
    parser.add_argument("--seeded", type=int, default=4, help="seeded connection errors")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of cold+warm per config")
    parser.add_argument("--warm-runs", type=int, default=3, help="warm runs after each cold one")
    parser.add_argument("--workers", type=int, default=0, help="mypy -n (parallel checking)")
    parser.add_argument("--keep", action="store_true", help="keep the generated package")
    parser.add_argument(
        "--no-reach",
        action="store_true",
        help="only encoders, decoders and models (the package measured before the reach work)",
    )
    parser.add_argument(
        "--libraries-cached",
        action="store_true",
        help="start cold runs from a cache holding torch and neuraltypes: time user code only",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="CHECKOUT",
        help="also run the plugin from another checkout (config 'before'), interleaved",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with callgrind (one cold run per configuration) instead",
    )
    parser.add_argument("--jobs", type=int, default=1, help="callgrind runs at once")
    args = parser.parse_args(argv)
    if args.instructions:
        _callgrind.require_valgrind()
    configs = CONFIGS + (("before",) if args.compare else ())
    checkouts = {"before": args.compare.resolve()} if args.compare else {}
    root = Path(tempfile.mkdtemp(prefix="ntbench-"))
    try:
        seeded = generate(root, args.modules, args.seeded, not args.no_reach)
        libraries: dict[str, Path] = {}
        for config in configs if args.libraries_cached or args.instructions else ():
            libraries[config] = root / f"libraries-{config}"
            checkout = checkouts.get(config, REPO)
            run_mypy(root, config, libraries[config], "cold", -1, 0, checkout, LIBRARIES)
        if args.instructions:
            return instructions(root, configs, checkouts, libraries, seeded, args)
        runs: list[Run] = []
        for rnd in range(args.repeats):
            order = configs if rnd % 2 == 0 else configs[::-1]  # ABBA against drift
            for config in order:
                cache_dir = root / f"cache-{config}-{rnd}"
                if config in libraries:
                    shutil.copytree(libraries[config], cache_dir)
                for cache in ("cold",) + ("warm",) * args.warm_runs:
                    checkout = checkouts.get(config, REPO)
                    run = run_mypy(root, config, cache_dir, cache, rnd, args.workers, checkout)
                    runs.append(run)
                    print(json.dumps({"bench": "mypy_plugin", **asdict(run)}), flush=True)
                shutil.rmtree(cache_dir, ignore_errors=True)
        return report(
            runs, seeded, args.modules, args.workers, configs, bool(args.libraries_cached)
        )
    finally:
        if args.keep:
            print(f"generated package kept in {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def report(
    runs: list[Run],
    seeded: int,
    modules: int,
    workers: int = 0,
    configs: tuple[str, ...] = CONFIGS,
    libraries_cached: bool = False,
) -> int:
    """Print medians, ratio and overhead; check the plugin found exactly the seeded errors
    (and no other error: the plugin must not surface ordinary mypy errors here)."""

    def med(config: str, cache: str, field: str) -> float:
        values: list[float] = [
            getattr(r, field) for r in runs if r.config == config and r.cache == cache
        ]
        return statistics.median(values)

    def paired(config: str, cache: str) -> float:
        """Median over rounds of the CPU ratio to the baseline of the same round (adjacent
        in time, so drift in the machine's load cancels out)."""
        ratios = []
        for rnd in sorted({r.round for r in runs}):
            mine = [r.cpu_s for r in runs if (r.config, r.cache, r.round) == (config, cache, rnd)]
            base = [
                r.cpu_s for r in runs if (r.config, r.cache, r.round) == ("baseline", cache, rnd)
            ]
            if mine and base:
                ratios.append(statistics.median(mine) / statistics.median(base))
        return statistics.median(ratios)

    mode = f", mypy -n {workers}" if workers else ""
    if libraries_cached:
        mode += "; cold = torch and neuraltypes already cached: the generated files only"
    print(f"\nmypy on {modules} generated files ({seeded} seeded errors{mode})")
    head = f"{'':10} {'cold wall':>10} {'cold CPU':>10} {'warm wall':>10} {'warm CPU':>10}"
    print(f"{head} {'cold peak RSS':>14}")
    for config in configs:
        cells = [med(config, c, f) for c in ("cold", "warm") for f in ("wall_s", "cpu_s")]
        rss = med(config, "cold", "max_rss_mb")
        print(f"{config:10} " + " ".join(f"{v:9.2f}s" for v in cells) + f" {rss:11.0f} MB")
    summary: dict[str, object] = {"bench": "mypy_plugin", "summary": True, "modules": modules}
    summary["workers"] = workers
    summary["libraries_cached"] = libraries_cached
    for config in configs:
        summary[f"{config}_cold_max_rss_mb"] = med(config, "cold", "max_rss_mb")
    if libraries_cached and any(r.cache == "warm" for r in runs):
        # cold minus warm: the work per generated file, without start-up and cache loading
        for config in configs:
            per_file = 1000 * (med(config, "cold", "cpu_s") - med(config, "warm", "cpu_s"))
            per_file /= modules
            print(f"{config}: {per_file:.2f} ms of CPU per generated file (cold - warm)")
            summary[f"{config}_ms_per_file"] = round(per_file, 2)
    for config in configs[1:]:
        key = "" if config == "plugin" else f"{config}_"
        for cache in ("cold", "warm"):
            base, plug = med("baseline", cache, "wall_s"), med(config, cache, "wall_s")
            base_cpu, plug_cpu = med("baseline", cache, "cpu_s"), med(config, cache, "cpu_s")
            pairs = paired(config, cache)
            print(
                f"{cache}: {config}/baseline wall {plug / base:.3f}, CPU {plug_cpu / base_cpu:.3f} "
                f"({100 * (plug_cpu - base_cpu) / base_cpu:+.1f}%), CPU paired by round "
                f"{pairs:.3f}"
            )
            summary.update(
                {
                    f"{key}{cache}_baseline_s": round(base, 3),
                    f"{key}{cache}_plugin_s": round(plug, 3),
                    f"{key}{cache}_ratio": round(plug / base, 4),
                    f"{key}{cache}_cpu_ratio": round(plug_cpu / base_cpu, 4),
                    f"{key}{cache}_cpu_ratio_paired": round(pairs, 4),
                }
            )
    ok = True
    for config in configs:
        expected = 0 if config == "baseline" else seeded
        neural = sorted({r.neural_type_errors for r in runs if r.config == config})
        other = sorted({r.errors - r.neural_type_errors for r in runs if r.config == config})
        good = neural == [expected] and other == [0]
        ok = ok and good
        verdict = "" if good else "  <-- MISMATCH"
        print(
            f"{config}: neural-type errors {neural} (seeded {expected}), other errors {other}"
            f"{verdict}"
        )
    summary.update({"seeded": seeded, "ok": ok, **versions()})
    print(json.dumps(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
