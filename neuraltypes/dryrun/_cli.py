"""``neuraltypes dry-run``: build a model from its config on meta, run it, report every finding."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neuraltypes dry-run",
        description="Build a model on the meta device (no weights allocated), run it once with "
        "inputs made from its declared ports, and check every connection between modules that "
        "declare neural types. Exit 0 clean, 1 findings, 2 usage/import/build error.",
    )
    parser.add_argument("--model", required=True, help="MODULE:FACTORY (a function or a class)")
    parser.add_argument(
        "--config", help="YAML file, optionally FILE:KEY (dotted) to pass one node to the factory"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config value (dotted key from the file's root), repeatable",
    )
    parser.add_argument("--method", default="forward", help="method to run (default: forward)")
    parser.add_argument(
        "--size", action="append", default=[], metavar="AXIS=N", help="axis size, e.g. T=800"
    )
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="PORT",
        help="feed this optional input port (and its lengths port); repeatable",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--graph", metavar="OUT", help="write the typed graph: .svg, .dot or .mmd")
    return parser


def main(argv: list[str]) -> int:
    """Run the command; return the exit status.

    >>> main(["--help"])  # doctest: +ELLIPSIS
    usage: neuraltypes dry-run ...
    0
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from ._api import dry_run
    from ._build import BuildError, load_config, load_factory
    from ._inputs import parse_size

    graph = Path(args.graph) if args.graph else None
    if graph is not None and graph.suffix not in (".svg", ".dot", ".mmd"):
        return _usage(f"--graph {args.graph!r}: the file must end in .svg, .dot or .mmd")
    try:
        sizes = dict(parse_size(text) for text in args.size)
    except ValueError as exc:
        return _usage(str(exc))
    if args.set and not args.config:
        return _usage("--set needs --config")
    try:
        factory, target = load_factory(args.model)
        kwargs: dict[str, Any] = {}
        if args.config:
            config, where = load_config(args.config, tuple(args.set))
            kwargs = {"config": config, "config_key": where}
            target += f" with {where}"
        report = dry_run(
            factory,
            method=args.method,
            sizes=sizes,
            inputs=tuple(args.input),
            target=target,
            **kwargs,
        )
    except BuildError as exc:
        return _usage(str(exc))
    if args.format == "json":
        print(report.json_text())
    else:
        print(report.text())
    if graph is not None:
        from ._graph import write_graph

        try:
            write_graph(report, graph)
        except OSError as exc:
            return _usage(f"--graph {args.graph!r}: {exc}")
    return report.exit_code


def _usage(message: str) -> int:
    print(f"neuraltypes dry-run: {message}", file=sys.stderr)
    return 2
