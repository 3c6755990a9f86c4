"""What a dry run found: findings, connections (edges), modules, notes; as text or JSON.

>>> report = DryRunReport(target="m:build")
>>> report.ok, report.exit_code
(True, 0)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DryRunReport", "Edge", "Finding", "ModuleRecord"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where (``module``, ``port``), from where (``producer``), expected vs found.

    ``kind`` is ``"connection"`` (a value does not fit the port it is passed to),
    ``"annotation"`` (a module's output contradicts its own declaration) or ``"error"`` (torch
    raised inside the module).
    """

    kind: str
    module: str
    port: str
    producer: str
    expected: str
    found: str
    message: str

    def text(self) -> str:
        """Multi-line text form."""
        head = f"{self.module}"
        if self.port:
            head += f' port "{self.port}"'
        lines = [f"{head}: {_KIND.get(self.kind, self.kind)}: {self.message}"]
        if self.producer:
            lines.append(f"  from:     {self.producer}")
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.found:
            lines.append(f"  found:    {self.found}")
        return "\n".join(lines)


_KIND = {
    "connection": "connection mismatch",
    "annotation": "annotation error",
    "error": "torch error",
}


@dataclass(frozen=True, slots=True)
class Edge:
    """A connection seen during the run: a producer's port feeding a consumer's port."""

    producer: str
    producer_port: str
    producer_role: str  # "output" or "input" (a parent passing its own input on)
    consumer: str
    consumer_port: str
    consumer_role: str  # "input", or "output" (a child's output returned by its parent)
    ntype: str  # the producer's declared type, as text
    shape: tuple[int, ...]
    via: tuple[str, ...]
    ok: bool
    synthetic: bool = False  # the value was made by the dry run (its producer could not run)


@dataclass(slots=True)
class ModuleRecord:
    """A module that declares ports, and what happened to it."""

    path: str
    cls: str
    inputs: list[tuple[str, str]]  # (port, type text)
    outputs: list[tuple[str, str]]
    calls: int = 0
    status: str = "not called"  # "ok", "synthesised", "not called"


@dataclass(slots=True)
class DryRunReport:
    """The result of ``dry_run``: findings (problems), notes, modules, edges, timing."""

    target: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    modules: list[ModuleRecord] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    parameters: int = 0

    @property
    def ok(self) -> bool:
        """No findings."""
        return not self.findings

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings (the CLI's status)."""
        return 0 if self.ok else 1

    def text(self) -> str:
        """The human-readable report."""
        lines = [f"neuraltypes dry-run: {self.target}"]
        if self.inputs:
            lines.append("inputs: " + ", ".join(self.inputs))
        for finding in self.findings:
            lines.append(finding.text())
        for note in self.notes:
            lines.append(f"note: {note}")
        called = sum(1 for m in self.modules if m.calls)
        summary = (
            f"{len(self.findings)} finding{'s' if len(self.findings) != 1 else ''}"
            if self.findings
            else "No findings"
        )
        lines.append(
            f"{summary}: {called} typed module{'s' if called != 1 else ''} run, "
            f"{len(self.edges)} connection{'s' if len(self.edges) != 1 else ''} checked "
            f"({self.seconds:.2f} s)"
        )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """``{"findings": [...], "modules": [...], "seconds": ...}`` plus notes and edges."""
        return {
            "target": self.target,
            "findings": [{k: v for k, v in asdict(f).items()} for f in self.findings],
            "modules": [
                {
                    "path": m.path,
                    "class": m.cls,
                    "inputs": dict(m.inputs),
                    "outputs": dict(m.outputs),
                    "calls": m.calls,
                    "status": m.status,
                }
                for m in self.modules
            ],
            "edges": [
                {
                    "producer": f"{e.producer}.{e.producer_port}",
                    "consumer": f"{e.consumer}.{e.consumer_port}",
                    "type": e.ntype,
                    "shape": list(e.shape),
                    "via": list(e.via),
                    "ok": e.ok,
                    "synthetic": e.synthetic,
                }
                for e in self.edges
            ],
            "inputs": self.inputs,
            "notes": self.notes,
            "seconds": round(self.seconds, 4),
        }

    def json_text(self) -> str:
        """``to_json`` as indented JSON text."""
        return json.dumps(self.to_json(), indent=2)
