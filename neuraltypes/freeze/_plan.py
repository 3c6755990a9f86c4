"""``neuraltypes freeze-plan``: validate a schedule against a model built on ``meta``, chart it."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from pathlib import Path

import torch

from ._bind import Plan
from ._errors import FreezeConfigError
from ._schedule import FOREVER, FreezeSchedule

__all__ = ["main", "render_svg", "render_text"]

_ON, _OFF = "█", "·"


def main(argv: list[str]) -> int:
    """Run the command; return the exit status (0 ok, 1 invalid schedule, 2 usage).

    >>> main(["--help"])  # doctest: +ELLIPSIS
    usage: neuraltypes freeze-plan ...
    0
    """
    parser = argparse.ArgumentParser(
        prog="neuraltypes freeze-plan",
        description="Validate a freeze_updates config against a model (built on the meta "
        "device, no weights allocated) and print which modules are frozen when.",
    )
    parser.add_argument("config", help="YAML file with freeze_updates or model.freeze_updates")
    parser.add_argument("--model", required=True, help="module:factory returning an nn.Module")
    parser.add_argument("--image", help="also write a chart: .svg always, .png with matplotlib")
    parser.add_argument(
        "--root",
        help="bind at this submodule of the model (dotted path), as "
        "FreezeScheduleCallback(root=...) does: names are relative to it",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        schedule = FreezeSchedule.from_config(Path(args.config))
        model = _root(_build(args.model), args.root)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # printed below from plan.warnings
            plan = schedule.bind(model).plan
    except FreezeConfigError as exc:
        print(f"neuraltypes freeze-plan: {args.config}: invalid schedule\n{exc}", file=sys.stderr)
        return 1
    except _UsageError as exc:
        print(f"neuraltypes freeze-plan: {exc}", file=sys.stderr)
        return 2
    for text in plan.warnings:
        print(f"neuraltypes freeze-plan: {args.config}: warning: {text}", file=sys.stderr)
    title = f"{args.config} on {args.model}" + (f" at {args.root}" if args.root else "")
    print(render_text(plan, title=title))
    if args.image:
        return _write_image(plan, Path(args.image))
    return 0


class _UsageError(Exception):
    pass


def _build(spec: str) -> torch.nn.Module:
    mod_name, _, attr = spec.partition(":")
    if not mod_name or not attr:
        raise _UsageError(f"--model {spec!r}: expected module:factory, e.g. mypkg.models:build")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        factory = getattr(importlib.import_module(mod_name), attr)
    except (ImportError, AttributeError) as exc:
        raise _UsageError(f"--model {spec!r}: {exc}") from None
    with torch.device("meta"):
        model = factory()
    if not isinstance(model, torch.nn.Module):
        raise _UsageError(f"--model {spec!r} returned {type(model).__name__}, not an nn.Module")
    return model


def _root(model: torch.nn.Module, root: str | None) -> torch.nn.Module:
    if not root:
        return model
    try:
        return model.get_submodule(root)
    except AttributeError:
        top = [n for n, _ in model.named_children()]
        raise _UsageError(f"--root {root!r}: no such submodule; top-level modules: {top}") from None


def _count(n: int) -> str:
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= div:
            return f"{n / div:.1f}{suffix}"
    return str(n)


def _span(plan: Plan, seg: int) -> str:
    end = plan.segment_end(seg)
    return f"{plan.bounds[seg]}..{'end' if end == FOREVER else end}"


def render_text(plan: Plan, title: str = "") -> str:
    """The timeline as a text chart: one row per scheduled module, one column per segment."""
    total = sum(p.numel() for p in plan.params.values())
    if not plan.units:
        return f"freeze plan {title}: nothing is frozen ({_count(total)} parameters)"
    spans = [_span(plan, i) for i in range(len(plan.bounds))]
    width = [max(len(s), 6) for s in spans]
    name_w = max(len("updates"), *(len(u) for u in plan.units))
    lines = [f"freeze plan {title} ({_count(total)} parameters; {_ON} frozen, {_OFF} trains)"]
    lines.append(
        f"{'updates':<{name_w}} {'params':>7}  "
        + " ".join(f"{s:<{w}}" for s, w in zip(spans, width, strict=True))
    )
    for name, unit in plan.units.items():
        cells = [
            (_ON if name in units else _OFF) * w
            for units, w in zip(plan.seg_units, width, strict=True)
        ]
        lines.append(f"{name:<{name_w}} {_count(unit.numel):>7}  " + " ".join(cells))
    trainable = [
        _count(total - sum(plan.params[n].numel() for n in plan.frozen_params(units)))
        for units in plan.seg_units
    ]
    lines.append(
        f"{'trainable':<{name_w}} {'':>7}  "
        + " ".join(f"{t:<{w}}" for t, w in zip(trainable, width, strict=True))
    )
    return "\n".join(line.rstrip() for line in lines)


def render_svg(plan: Plan) -> str:
    """The timeline as a small standalone SVG (no matplotlib needed)."""
    spans = [_span(plan, i) for i in range(len(plan.bounds))]
    col, row, left = 90, 24, 200
    width, height = left + col * len(spans) + 10, row * (len(plan.units) + 2)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="monospace" font-size="12">'
    ]
    for j, s in enumerate(spans):
        out.append(f'<text x="{left + j * col + 4}" y="16">{s}</text>')
    for i, (name, unit) in enumerate(plan.units.items(), start=1):
        y = i * row + 4
        out.append(f'<text x="4" y="{y + 14}">{_esc(name)} ({_count(unit.numel)})</text>')
        for j, units in enumerate(plan.seg_units):
            fill = "#3b6ea8" if name in units else "#e8e8e8"
            out.append(
                f'<rect x="{left + j * col}" y="{y}" width="{col - 2}" height="{row - 4}" '
                f'fill="{fill}"><title>{_esc(name)} {"frozen" if name in units else "trains"} '
                f"updates {spans[j]}</title></rect>"
            )
    out.append("</svg>")
    return "\n".join(out)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_image(plan: Plan, path: Path) -> int:
    if path.suffix.lower() == ".svg":
        path.write_text(render_svg(plan), encoding="utf-8")
        print(f"wrote {path}")
        return 0
    try:
        plt = importlib.import_module("matplotlib.pyplot")
    except ImportError:
        print(
            f"neuraltypes freeze-plan: cannot write {path}: matplotlib is not installed. "
            "HINT: pip install matplotlib, or use --image plan.svg (no dependency)",
            file=sys.stderr,
        )
        return 2
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.4 * len(plan.units)))
    for i, name in enumerate(plan.units):
        for j, units in enumerate(plan.seg_units):
            if name in units:
                ax.barh(i, 1, left=j, color="#3b6ea8")
    ax.set_yticks(range(len(plan.units)), list(plan.units))
    ax.set_xticks(
        [j + 0.5 for j in range(len(plan.bounds))],
        [_span(plan, j) for j in range(len(plan.bounds))],
    )
    fig.tight_layout()
    fig.savefig(path)
    print(f"wrote {path}")
    return 0
