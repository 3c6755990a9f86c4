"""``neuraltypes check``: run mypy with the neural-type plugin and report connection errors.

>>> main(["--help"])  # doctest: +ELLIPSIS
usage: neuraltypes check [-h] [--all-errors] [--config-file FILE] ...
...
0
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from ._config import CheckConfigError, find_config_file, merged_config
from ._formats import FORMATS, render_format
from ._output import NEURAL_TYPE_CODE, Message, Report, parse_report, render, select
from ._run import mypy_command, refused_options, run_mypy

__all__ = ["main"]

_PLUGIN = "mypy_plugin"  # the module mypy loads; tests may point this at another plugin
_DEFAULT_CACHE_DIR = os.path.join(".mypy_cache", "neuraltypes")
_PROG = "neuraltypes check"
# Project settings that would change the report this command parses (the flags it passes
# override the others: pretty, show_error_context, color_output, error_summary...).
_OUTPUT_KEYS = ("output",)
# What mypy itself checks when no PATH is given.
_TARGET_KEYS = ("files", "packages", "modules")

_DESCRIPTION = """\
Run mypy with the neuraltypes plugin (and check_untyped_defs) over PATHs and report the
places where a tensor produced by one module flows into another module's forward with the
wrong neural type. Uses the project's mypy config (mypy.ini, .mypy.ini, pyproject.toml or
setup.cfg found from the paths upwards), adding the plugin if it is not listed. Without
PATH, checks what the config's files/packages/modules name.

exit status: 0 no neural-type errors, 1 neural-type errors found (with --all-errors: any
error), 2 usage or config error, or mypy did not finish (blocking error, crash, could not
start)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        usage=f"{_PROG} [-h] [--all-errors] [--config-file FILE] [--output-format FORMAT]"
        " [--model-config CLASS=FILE[:KEY]] [PATH...] [-- MYPY_ARG...]",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Arguments after '--' go to mypy unchanged, e.g. -- --python-version 3.12",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to check (default: the mypy config's files/packages)",
    )
    parser.add_argument(
        "--all-errors", action="store_true", help="show every mypy error, not only neural-type"
    )
    parser.add_argument(
        "--config-file", metavar="FILE", type=Path, help="mypy config to use instead of discovery"
    )
    parser.add_argument(
        "--output-format",
        choices=FORMATS,
        default="text",
        metavar="FORMAT",
        help="text (mypy's lines, default), json (one object per line), sarif (2.1.0, for "
        "code scanning) or github (workflow-command annotations)",
    )
    parser.add_argument(
        "--model-config",
        metavar="CLASS=FILE[:KEY]",
        action="append",
        default=[],
        help="type the modules CLASS builds from its config as the YAML's _target_ classes "
        "(KEY: dotted path of the model's config in FILE; repeatable)",
    )
    return parser


def main(argv: list[str]) -> int:
    """Check ``PATH...`` and return the exit status (0 clean, 1 errors, 2 usage/config/mypy).

    Args:
        argv: ``[PATH...] [--all-errors] [--config-file F] [--output-format F] [-- mypy args]``.

    Returns:
        The process exit status.
    """
    ours, extra = _split_extra(argv)
    try:
        args = _parser().parse_args(ours)
    except SystemExit as exc:  # --help or a usage error, already printed
        return exc.code if isinstance(exc.code, int) else 2
    if importlib.util.find_spec("mypy") is None:
        return _fail("mypy is not installed. HINT: pip install 'neuraltypes[check]'")
    refused = refused_options(extra)
    if refused:
        return _fail(
            f"{' '.join(refused)}: changes the mypy output this command reads. "
            "HINT: for machine-readable output use --output-format json|sarif|github"
        )
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return _fail(f"no such file or directory: {', '.join(missing)}")
    config_path: Path | None = args.config_file
    if config_path is not None and not config_path.is_file():
        return _fail(f"config file {str(config_path)!r} not found")
    if config_path is None:
        start = os.path.commonpath([p.resolve() for p in paths]) if paths else os.getcwd()
        config_path = find_config_file(Path(start))
    try:
        config = merged_config(config_path, plugin=_PLUGIN)
        config.add_model_configs(_model_configs(args.model_config), Path.cwd(), "--model-config")
        config.to_toml()  # every value must be expressible in the merged TOML file
    except CheckConfigError as exc:
        return _fail(str(exc))
    if not paths and not any(config.data.get(key) for key in _TARGET_KEYS):
        return _fail(
            f"no PATH given, and {config.source or 'no mypy config'} names no files or packages"
            ' to check. HINT: neuraltypes check src/, or set files = ["src"] under [tool.mypy]'
        )
    for key in _OUTPUT_KEYS:
        config.data.pop(key, None)
    if config.cache_dir() is None and not any(a.startswith("--cache-dir") for a in extra):
        config.data["cache_dir"] = _DEFAULT_CACHE_DIR
    env = _plugin_env()
    if env is None:
        return _fail(
            f"the mypy plugin module {_PLUGIN!r} is not importable. "
            "HINT: pip install 'neuraltypes[check]'"
        )
    stubs = _nemo_stubs()
    if stubs is not None:
        config.add_mypy_path(stubs)
    outs: list[str] = []
    errs: list[str] = []
    status = 0
    # mypy names the temporary merged file in config messages; name the user's file instead.
    shown = f"{config.source or 'defaults'} (as merged by {_PROG})"
    for variant in config.model_config_variants():
        with tempfile.TemporaryDirectory(prefix="neuraltypes-check-") as tmp:
            merged = Path(tmp, "mypy.toml")
            merged.write_text(variant.to_toml(), encoding="utf-8")
            cmd = mypy_command(merged, extra, [str(p) for p in paths])
            progress = sys.stderr if sys.stderr.isatty() else None
            try:
                proc = run_mypy(cmd, env, progress)
            except KeyboardInterrupt:
                return 130
        outs.append(proc.stdout.replace(str(merged), shown))
        errs.append(proc.stderr.replace(str(merged), shown))
        status = max(status, proc.status)
        if proc.status not in (0, 1):
            break
    out, err = _merge(outs), "".join(dict.fromkeys(errs))
    return _report(out, err, status, all_errors=args.all_errors, fmt=args.output_format)


def _merge(outputs: list[str]) -> str:
    """One mypy report from several runs (one per model config): each line once, in order;
    the last run's summary line."""
    if len(outputs) == 1:
        return outputs[0]
    lines: dict[str, None] = {}
    for text in outputs:
        for line in text.splitlines():
            if not line.startswith(("Found ", "Success: ")):
                lines.setdefault(line)
    summary = [ln for ln in outputs[-1].splitlines() if ln.startswith(("Found ", "Success: "))]
    return "\n".join([*lines, *summary]) + "\n"


def _model_configs(entries: list[str]) -> dict[str, list[str]]:
    """``--model-config CLASS=FILE[:KEY]`` options as ``{class: [FILE[:KEY], ...]}``."""
    table: dict[str, list[str]] = {}
    for entry in entries:
        cls, sep, spec = entry.partition("=")
        if not sep or not cls.strip() or not spec.strip():
            raise CheckConfigError(f"--model-config {entry!r}: expected CLASS=FILE[:KEY]")
        table.setdefault(cls.strip(), []).append(spec.strip())
    return table


def _split_extra(argv: list[str]) -> tuple[list[str], list[str]]:
    if "--" in argv:
        at = argv.index("--")
        return argv[:at], argv[at + 1 :]
    return list(argv), []


def _plugin_env() -> dict[str, str] | None:
    """The environment for mypy, with the plugin's directory importable (a checkout works)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    if _PLUGIN.endswith(".py"):
        return env
    spec = importlib.util.find_spec(_PLUGIN.split(":")[0].split(".")[0])
    if spec is None or spec.origin is None:
        return None
    root = str(Path(spec.origin).resolve().parent.parent)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if root not in parts:
        env["PYTHONPATH"] = os.pathsep.join([root, *parts])
    return env


def _nemo_stubs() -> str | None:
    """The checkout's ``stubs/`` (NeMo's names mapped onto ours) when NeMo is not installed."""
    if importlib.util.find_spec("nemo") is not None or _PLUGIN.endswith(".py"):
        return None
    spec = importlib.util.find_spec(_PLUGIN.split(":")[0].split(".")[0])
    if spec is None or spec.origin is None:
        return None
    stubs = Path(spec.origin).resolve().parent.parent / "stubs"
    return str(stubs) if (stubs / "nemo").is_dir() else None


def _report(stdout: str, stderr: str, status: int, *, all_errors: bool, fmt: str) -> int:
    report = parse_report(stdout)
    if status not in (0, 1) or not report.complete:
        # Blocking errors, a crash, or mypy never started (no summary line): never a pass.
        if stderr.strip():
            print(stderr.rstrip(), file=sys.stderr)
        if report.messages or report.other:
            print("\n".join([*report.other, render(report.messages)]).strip(), file=sys.stderr)
        return _fail(
            f"mypy did not finish (exit status {status}, no summary line), so nothing was "
            "checked; see its messages above"
        )
    if stderr.strip():
        print(stderr.rstrip(), file=sys.stderr)
    shown = select(report.messages, all_errors=all_errors)
    rendered = render_format(shown, fmt)
    if rendered:
        print(rendered)
    errors = [m for m in shown if m.severity == "error"]
    summary, status = _summary(report, errors, all_errors=all_errors)
    print(summary, file=sys.stdout if fmt in ("text", "github") else sys.stderr)
    return status


def _summary(report: Report, errors: list[Message], *, all_errors: bool) -> tuple[str, int]:
    neural = sum(m.code == NEURAL_TYPE_CODE for m in errors)
    files = len({m.path for m in errors})
    count = report.checked_files
    checked = f" (checked {_plural(count, 'source file')})" if count is not None else ""
    in_files = f" in {_plural(count, 'source file')}" if count is not None else ""
    if not all_errors:
        if neural:
            found = _plural(neural, "neural-type error")
            return f"Found {found} in {_plural(files, 'file')}{checked}", 1
        return f"No neural-type errors{in_files}", 0
    if errors:
        found = _plural(len(errors), "error")
        return f"Found {found} ({neural} neural-type) in {_plural(files, 'file')}{checked}", 1
    return f"Success: no issues found{in_files}", 0


def _plural(n: int | None, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fail(message: str) -> int:
    print(f"{_PROG}: error: {message}", file=sys.stderr)
    return 2
