"""The typed module graph of a dry run: SVG (drawn here, no dependency), ``.dot``, ``.mmd``.

A node is a module with its ports; a module that passes its own inputs to children and
returns their outputs (a container, e.g. the model) appears twice, as its inputs and as its
outputs, so the graph stays acyclic. An edge is a connection seen in the run, labelled with
the ports, the producer's neural type and the shape; mismatched edges are red.

>>> from neuraltypes.dryrun._report import DryRunReport, Edge, ModuleRecord
>>> a = ModuleRecord("model.a", "A", [], [("y", "(B, T) X")], 1, "ok")
>>> b = ModuleRecord("model.b", "B", [("x", "(B, T) X")], [], 1, "ok")
>>> r = DryRunReport("m", modules=[a, b])
>>> r.edges.append(Edge("model.a", "y", "output", "model.b", "x", "input", "(B, T) X", (3, 5),
...                     (), True))
>>> print(render_mermaid(r).splitlines()[3])
    n0 -->|"y → x: (B, T) X [3, 5]"| n1
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from ._report import DryRunReport, Edge

__all__ = ["render_dot", "render_mermaid", "render_svg", "write_graph"]


def write_graph(report: DryRunReport, path: Path) -> None:
    """Write the graph in the format named by ``path``'s suffix (``.svg``, ``.dot``, ``.mmd``)."""
    render = {".svg": render_svg, ".dot": render_dot, ".mmd": render_mermaid}[path.suffix]
    path.write_text(render(report), encoding="utf-8")


@dataclass(slots=True)
class _Node:
    key: str
    title: str
    lines: list[str]
    bad: bool = False
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass(slots=True)
class _Link:
    src: str
    dst: str
    labels: list[str] = field(default_factory=list)
    ok: bool = True


def _graph(report: DryRunReport) -> tuple[dict[str, _Node], list[_Link]]:
    records = {m.path: m for m in report.modules}
    containers = {e.producer for e in report.edges if e.producer_role == "input"}
    containers |= {e.consumer for e in report.edges if e.consumer_role == "output"}
    nodes: dict[str, _Node] = {}

    def node(path: str, side: str) -> str:
        record = records.get(path)
        split = path in containers
        key = f"{path}:{side}" if split else path
        if key not in nodes:
            cls = record.cls if record else "?"
            suffix = (" (inputs)" if side == "in" else " (outputs)") if split else ""
            lines: list[str] = []
            if record is not None:
                if not split or side == "in":
                    lines += [f"in  {name}: {text}" for name, text in record.inputs]
                if not split or side == "out":
                    lines += [f"out {name}: {text}" for name, text in record.outputs]
                if record.status not in ("ok",):
                    lines.append(f"[{record.status}]")
            nodes[key] = _Node(key, f"{path}{suffix} · {cls}", lines)
        return key

    links: dict[tuple[str, str], _Link] = {}
    for edge in report.edges:
        src = node(edge.producer, "in" if edge.producer_role == "input" else "out")
        dst = node(edge.consumer, "out" if edge.consumer_role == "output" else "in")
        link = links.setdefault((src, dst), _Link(src, dst))
        link.labels.append(_label(edge))
        link.ok = link.ok and edge.ok
        if not edge.ok:
            nodes[dst].bad = True
    for record in report.modules:
        drawn = any(k == record.path or k.startswith(record.path + ":") for k in nodes)
        if record.calls and not drawn:
            node(record.path, "in")
    return nodes, list(links.values())


def _label(edge: Edge) -> str:
    shape = ", ".join(str(n) for n in edge.shape)
    via = f" via {', '.join(edge.via)}" if edge.via else ""
    made = " (made up)" if edge.synthetic else ""
    return f"{edge.producer_port} → {edge.consumer_port}{via}: {edge.ntype} [{shape}]{made}"


def _layers(nodes: dict[str, _Node], links: list[_Link]) -> list[list[_Node]]:
    """Longest-path layering; edges closing a cycle are ignored."""
    out: dict[str, list[str]] = {k: [] for k in nodes}
    for link in links:
        out[link.src].append(link.dst)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str) -> None:
        state[key] = 1
        for nxt in out[key]:
            if state.get(nxt, 0) == 0:
                visit(nxt)
        state[key] = 2
        order.append(key)

    for key in nodes:
        if state.get(key, 0) == 0:
            visit(key)
    position = {k: i for i, k in enumerate(reversed(order))}
    for key in reversed(order):
        for nxt in out[key]:
            if position[nxt] > position[key]:
                nodes[nxt].layer = max(nodes[nxt].layer, nodes[key].layer + 1)
    layers: list[list[_Node]] = []
    for key in nodes:
        n = nodes[key]
        while len(layers) <= n.layer:
            layers.append([])
        layers[n.layer].append(n)
    return layers


_CHAR_W, _LABEL_W, _LINE_H, _LABEL_H, _PAD, _GAP_X, _GAP_Y = 7.3, 6.4, 16, 13, 10, 40, 70


def render_svg(report: DryRunReport) -> str:
    """A standalone SVG picture of the graph (layered, top to bottom).

    Each edge label gets its own row in the gap below its producer's layer, so labels never
    overlap one another.
    """
    nodes, links = _graph(report)
    layers = _layers(nodes, links)
    for n in nodes.values():
        text = max([len(n.title), *(len(line) for line in n.lines)], default=10)
        n.width = text * _CHAR_W + 2 * _PAD
        n.height = (1 + len(n.lines)) * _LINE_H + 2 * _PAD
    rows = [0] * len(layers)
    for link in links:
        rows[nodes[link.src].layer] += len(link.labels)
    widths = [sum(n.width for n in layer) + _GAP_X * (len(layer) - 1) for layer in layers]
    total_w = max([*widths, 400.0]) + 2 * _GAP_X
    y = 60.0
    bottoms: list[float] = []
    for index, (layer, width) in enumerate(zip(layers, widths, strict=True)):
        x = (total_w - width) / 2
        for n in layer:
            n.x, n.y = x, y
            x += n.width + _GAP_X
        bottom = y + max(n.height for n in layer)
        bottoms.append(bottom)
        y = bottom + max(_GAP_Y, 36 + rows[index] * _LABEL_H)
    height = bottoms[-1] + 40 if bottoms else 100.0
    outgoing: dict[str, list[_Link]] = {}
    incoming: dict[str, list[_Link]] = {}
    for link in links:
        outgoing.setdefault(link.src, []).append(link)
        incoming.setdefault(link.dst, []).append(link)
    body: list[str] = []
    used = [0] * len(layers)
    right = total_w
    for link in links:
        src, dst = nodes[link.src], nodes[link.dst]
        sx = _spread(src, outgoing[link.src].index(link), len(outgoing[link.src]))
        dx = _spread(dst, incoming[link.dst].index(link), len(incoming[link.dst]))
        sy, dy = src.y + src.height, dst.y
        color, marker = ("#555", "ok") if link.ok else ("#d00", "bad")
        skipped = [n for n in nodes.values() if src.layer < n.layer < dst.layer]
        if dy > sy and skipped:  # around the layers in between, on the right
            side = max(n.x + n.width for n in skipped) + 24
            path = (
                f"M{sx:.1f},{sy:.1f} C{sx:.1f},{sy + 30:.1f} {side:.1f},{sy + 10:.1f} "
                f"{side:.1f},{sy + 50:.1f} L{side:.1f},{dy - 50:.1f} "
                f"C{side:.1f},{dy - 10:.1f} {dx:.1f},{dy - 30:.1f} {dx:.1f},{dy:.1f}"
            )
        elif dy > sy:
            mid = (sy + dy) / 2
            path = f"M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {dx:.1f},{mid:.1f} {dx:.1f},{dy:.1f}"
        else:  # an edge going up: around the right side
            side = max(src.x + src.width, dst.x + dst.width) + 30
            path = (
                f"M{sx:.1f},{sy:.1f} C{side:.1f},{sy + 40:.1f} "
                f"{side:.1f},{dy - 40:.1f} {dx:.1f},{dy:.1f}"
            )
        stroke_w = "1.2" if link.ok else "2.2"
        body.append(
            f'<path d="{path}" fill="none" stroke="{color}" stroke-width="{stroke_w}" '
            f'marker-end="url(#arrow-{marker})"/>'
        )
        gap = src.layer
        for label in link.labels:
            ly = bottoms[gap] + 22 + used[gap] * _LABEL_H
            used[gap] += 1
            frac = min(max((ly - sy) / (dy - sy), 0.0), 1.0) if dy > sy else 0.0
            lx = sx + (dx - sx) * (3 * frac**2 - 2 * frac**3) + 6
            if skipped:
                lx = max(n.x + n.width for n in skipped) + 30
            right = max(right, lx + len(label) * _LABEL_W + 20)
            body.append(
                f'<rect x="{lx - 2:.1f}" y="{ly - 10:.1f}" width="{len(label) * _LABEL_W:.1f}" '
                'height="13" fill="white" fill-opacity="0.85"/>'
                f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{color}" font-size="10">'
                f"{_esc(label)}</text>"
            )
    for n in nodes.values():
        stroke = "#d00" if n.bad else "#333"
        body.append(
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.width:.1f}" height="{n.height:.1f}" '
            f'rx="6" fill="#f6f8fb" stroke="{stroke}" stroke-width="{2 if n.bad else 1}"/>'
        )
        ty = n.y + _PAD + 12
        body.append(
            f'<text x="{n.x + _PAD:.1f}" y="{ty:.1f}" font-weight="bold">{_esc(n.title)}</text>'
        )
        for i, line in enumerate(n.lines, 1):
            body.append(
                f'<text x="{n.x + _PAD:.1f}" y="{ty + i * _LINE_H:.1f}">{_esc(line)}</text>'
            )
    title = f"{report.target}: {len(report.findings)} finding(s)"
    right = max(right, _GAP_X + len(title) * 8.0 + 20)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{right:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {right:.0f} {height:.0f}" font-family="DejaVu Sans Mono, monospace" '
        'font-size="11">',
        "<defs>"
        + "".join(
            f'<marker id="arrow-{c}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{color}"/></marker>'
            for c, color in (("ok", "#555"), ("bad", "#d00"))
        )
        + "</defs>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{_GAP_X}" y="28" font-size="13" font-weight="bold">{_esc(title)}</text>',
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"


def _spread(n: _Node, index: int, count: int) -> float:
    return n.x + n.width * (index + 1) / (count + 1)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_dot(report: DryRunReport) -> str:
    """Graphviz text: ``dot -Tsvg graph.dot``."""
    nodes, links = _graph(report)
    ids = {key: f"n{i}" for i, key in enumerate(nodes)}
    lines = [
        "digraph dry_run {",
        '  rankdir=TB; node [shape=box, style="rounded", fontname="monospace", fontsize=10];',
        '  edge [fontname="monospace", fontsize=9];',
    ]
    for key, n in nodes.items():
        label = "\\l".join(_dot([n.title, *n.lines])) + "\\l"
        color = ', color="#d00000", penwidth=2' if n.bad else ""
        lines.append(f'  {ids[key]} [label="{label}"{color}];')
    for link in links:
        label = "\\n".join(_dot(link.labels))
        color = ', color="#d00000", fontcolor="#d00000", penwidth=2' if not link.ok else ""
        lines.append(f'  {ids[link.src]} -> {ids[link.dst]} [label="{label}"{color}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(texts: list[str]) -> list[str]:
    return [t.replace("\\", "\\\\").replace('"', '\\"') for t in texts]


def render_mermaid(report: DryRunReport) -> str:
    """Mermaid flowchart text (renders in GitHub markdown)."""
    nodes, links = _graph(report)
    ids = {key: f"n{i}" for i, key in enumerate(nodes)}
    lines = ["flowchart TD"]
    for key, n in nodes.items():
        lines.append(f'    {ids[key]}["{"<br/>".join(_mmd([n.title, *n.lines]))}"]')
    bad: list[int] = []
    for i, link in enumerate(links):
        label = "<br/>".join(_mmd(link.labels))
        lines.append(f'    {ids[link.src]} -->|"{label}"| {ids[link.dst]}')
        if not link.ok:
            bad.append(i)
    if bad:
        styled = ",".join(map(str, bad))
        lines.append(f"    linkStyle {styled} stroke:#d00,stroke-width:2px,color:#d00")
    for key, n in nodes.items():
        if n.bad:
            lines.append(f"    style {ids[key]} stroke:#d00,stroke-width:2px")
    return "\n".join(lines) + "\n"


def _mmd(texts: list[str]) -> list[str]:
    return [html.escape(t, quote=True) for t in texts]
