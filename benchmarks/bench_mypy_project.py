"""Cost of the neuraltypes mypy plugin on a real project: its own code, libraries cached.

Runs ``python -m mypy`` over ``--target`` (a package directory of the project at ``--root``)
with the project's mypy config (``--config``, which loads the plugin) and with the same
config without the plugin, each in fresh processes, interleaved ABBA over ``--repeats``
rounds. Each configuration first fills its own cache once (libraries included); every
timed run then deletes the cache of the target's modules only, so it re-analyses exactly
the project's code, as a CI run after a change does, without the noise of the libraries.
``--compare CHECKOUT`` adds the plugin of another checkout (``before``), with the same
config. CPU is user+sys of the mypy process; one JSON line per run, then a table of
medians and the ratios (also paired by round). The neural-type and other error counts are
printed per configuration: the plugin and ``before`` must agree unless a change meant them
to differ.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_mypy_project.py --root /path/to/NeMo \\
        --config nemo-plugin.ini --target nemo/collections/asr --repeats 5

``--instructions`` counts CPU instructions instead (``valgrind --tool=callgrind``, one cold run
per configuration, ``--jobs`` at once): exact on a machine whose timings vary by 15 %, and
about 40 times slower (8 minutes a configuration for NeMo's ASR collection).

A config's relative paths (``model_configs``) are read from ``--root``, like a CI run's.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
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
_PLUGIN_SECTION = "mypy.plugins.neuraltypes"


@dataclass
class Run:
    """One timed mypy process."""

    config: str
    round: int
    cache: str
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    neural_type_errors: int
    errors: int


def write_configs(source: Path, root: Path) -> dict[str, Path]:
    """``plugin`` and ``baseline`` configs (JSON cache, so one package's entries can be
    deleted), written into ``root`` so relative paths resolve as in the original."""
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(source):
        sys.exit(f"error: cannot read the mypy config {source}")
    if not parser.has_section("mypy") or "mypy_plugin" not in parser.get(
        "mypy", "plugins", fallback=""
    ):
        sys.exit(f"error: {source} does not load the plugin (plugins = mypy_plugin in [mypy])")
    parser.set("mypy", "sqlite_cache", "False")
    paths = {}
    for name in ("plugin", "baseline"):
        if name == "baseline":
            plugins = [
                p.strip()
                for p in parser.get("mypy", "plugins").split(",")
                if p.strip() != "mypy_plugin"
            ]
            if plugins:
                parser.set("mypy", "plugins", ", ".join(plugins))
            else:
                parser.remove_option("mypy", "plugins")
            parser.remove_section(_PLUGIN_SECTION)
        path = root / f".bench-{name}.ini"
        with path.open("w") as handle:
            parser.write(handle)
        paths[name] = path
    return paths


def run_mypy(
    root: Path, ini: Path, target: str, cache_dir: Path, checkout: Path
) -> tuple[float, float, float, int, int]:
    """One mypy process: wall, CPU, peak RSS (MB), neural-type errors, all errors."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(checkout), os.environ.get("PYTHONPATH", "")])
    )
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ini), "--cache-dir", str(cache_dir)]
    cmd += ["--no-color-output", "--show-error-codes", "--no-error-summary", target]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=stdout, stderr=stderr, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        text, err = stdout.read(), stderr.read()
    if code not in (0, 1):
        sys.exit(f"error: mypy failed ({ini.name}, exit {code}):\n{text[-2000:]}\n{err[-2000:]}")
    lines = text.splitlines()
    neural = sum(line.endswith("[neural-type]") for line in lines)
    errors = sum(bool(re.search(r": error: ", line)) for line in lines)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, neural, errors


def count_instructions(
    root: Path, ini: Path, target: str, cache_dir: Path, checkout: Path
) -> tuple[int, int, int]:
    """One cold mypy process under callgrind: instructions, neural-type errors, all errors."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(checkout), os.environ.get("PYTHONPATH", "")])
    )
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ini), "--cache-dir"]
    cmd += [str(cache_dir), "--no-color-output", "--show-error-codes", "--no-error-summary"]
    total, stdout = _callgrind.count([*cmd, target], root, env)
    lines = stdout.splitlines()
    neural = sum(line.endswith("[neural-type]") for line in lines)
    errors = sum(bool(re.search(r": error: ", line)) for line in lines)
    return total, neural, errors


def instructions(
    root: Path,
    ini_of: dict[str, Path],
    target: str,
    work: Path,
    checkouts: dict[str, Path],
    jobs: int,
) -> None:
    """Each configuration once, cold, under callgrind (``jobs`` at a time); prints the table."""
    _callgrind.require_valgrind()
    for name in checkouts:
        _drop_target(work / name, target)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        counts = dict(
            zip(
                checkouts,
                pool.map(
                    lambda name: count_instructions(
                        root, ini_of[name], target, work / name, checkouts[name]
                    ),
                    checkouts,
                ),
                strict=True,
            )
        )
    print(f"\nmypy over {target}, one cold run each (libraries cached), instructions (callgrind)")
    base = counts["baseline"][0]
    for name, (count, neural, errors) in counts.items():
        print(
            json.dumps(
                {
                    "config": name,
                    "instructions": count,
                    "neural_type_errors": neural,
                    "errors": errors,
                }
            )
        )
        extra = (
            f"  {count / base:.4f} of baseline ({(count / base - 1) * 100:+.1f}%)"
            if name != "baseline"
            else ""
        )
        print(f"{name:10}{count / 1e9:9.2f} G  {neural} neural-type, {errors} in all{extra}")


def _drop_target(cache_dir: Path, target: str) -> None:
    """Delete the cache entries of the target's modules (package dir and ``pkg.*`` files)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    base = cache_dir / version / target.rstrip("/").removesuffix(".py")
    if base.is_dir():
        shutil.rmtree(base)
    for entry in base.parent.glob(base.name + ".*") if base.parent.is_dir() else []:
        entry.unlink()


def main(argv: list[str] | None = None) -> int:
    """Run interleaved, print the JSON lines and the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="the project's directory")
    parser.add_argument(
        "--config", type=Path, required=True, help="its mypy config, with the plugin"
    )
    parser.add_argument("--target", required=True, help="package directory to check, from --root")
    parser.add_argument("--repeats", type=int, default=5, help="rounds")
    parser.add_argument("--compare", type=Path, help="another checkout's plugin, as 'before'")
    parser.add_argument("--instructions", action="store_true", help="count instructions")
    parser.add_argument("--jobs", type=int, default=1, help="callgrind runs at once")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    configs = write_configs(args.config.resolve(), root)
    checkouts = {"baseline": REPO, "plugin": REPO}
    if args.compare is not None:
        checkouts["before"] = args.compare.resolve()
    ini_of = {name: configs["baseline" if name == "baseline" else "plugin"] for name in checkouts}
    work = Path(tempfile.mkdtemp(prefix="nt-bench-project-"))
    runs: list[Run] = []
    try:
        for name in checkouts:  # fill each cache once, libraries included
            run_mypy(root, ini_of[name], args.target, work / name, checkouts[name])
        if args.instructions:
            instructions(root, ini_of, args.target, work, checkouts, args.jobs)
            return 0
        order = list(checkouts)
        for rnd in range(args.repeats):
            for name in order if rnd % 2 == 0 else order[::-1]:
                for cache in ("cold", "warm"):
                    if cache == "cold":
                        _drop_target(work / name, args.target)
                    wall, cpu, rss, neural, errors = run_mypy(
                        root, ini_of[name], args.target, work / name, checkouts[name]
                    )
                    run = Run(
                        name,
                        rnd,
                        cache,
                        round(wall, 3),
                        round(cpu, 3),
                        round(rss, 1),
                        neural,
                        errors,
                    )
                    runs.append(run)
                    print(json.dumps(asdict(run)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for path in configs.values():
            path.unlink(missing_ok=True)
    _report(runs, list(checkouts), args.target)
    return 0


def _report(runs: list[Run], names: list[str], target: str) -> None:
    def median(name: str, cache: str, field: str) -> float:
        return statistics.median(
            getattr(r, field) for r in runs if r.config == name and r.cache == cache
        )

    print(f"\nmypy over {target} (cold = the target's modules only; libraries cached)")
    print(f"{'':10}{'cold wall':>11}{'cold CPU':>11}{'warm CPU':>11}{'cold peak RSS':>15}  errors")
    for name in names:
        last = [r for r in runs if r.config == name][-1]
        wall, cpu = median(name, "cold", "wall_s"), median(name, "cold", "cpu_s")
        warm, rss = median(name, "warm", "cpu_s"), median(name, "cold", "max_rss_mb")
        print(
            f"{name:10}{wall:10.2f}s{cpu:10.2f}s{warm:10.2f}s{rss:11.0f} MB"
            f"  {last.neural_type_errors} neural-type, {last.errors} in all"
        )
    base = median("baseline", "cold", "cpu_s")
    for name in names[1:]:
        paired = statistics.median(
            a.cpu_s / b.cpu_s
            for a in runs
            for b in runs
            if a.config == name
            and b.config == "baseline"
            and a.cache == b.cache == "cold"
            and a.round == b.round
        )
        ratio = median(name, "cold", "cpu_s") / base
        extra = (ratio - 1) * 100
        print(
            f"cold CPU: {name}/baseline {ratio:.3f} ({extra:+.1f}%), paired by round {paired:.3f}"
        )


if __name__ == "__main__":
    sys.exit(main())
