"""The hooks a dry run installs: every typed module's calls are checked as they happen.

Per typed module: a forward pre-hook checks the inputs (binding the batch and size symbols of
the call), a forward hook audits the outputs against the module's own declaration and tags
them with their producer, and a wrapper around ``forward`` turns an exception into a finding
(or, for what cannot run on ``meta``, a note) and returns outputs made from the declared
ports so the run continues downstream. Global hooks keep the stack of modules being run, so a
failure names the innermost layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn
from torch.nn.modules import module as torch_module

from .._errors import AnnotationError
from ..runtime._ports import Port
from ._calls import Call, split_outputs, synthesise
from ._checks import leaves, shape_reasons, sizes_text, type_reason, type_text
from ._failures import describe_failure
from ._layers import output_layout
from ._modports import ModulePorts, module_ports
from ._report import DryRunReport, Edge, Finding, ModuleRecord
from ._values import Source, axis_labels, source_of, tag

__all__ = ["Session", "Stop"]


class Stop(Exception):
    """A failure already reported, past which the run cannot go (no declared outputs)."""


class Session:
    """Hooks on one model and what they saw (written into ``report``)."""

    def __init__(self, model: nn.Module, report: DryRunReport, sizes: dict[str, int]) -> None:
        self.report = report
        self.sizes = sizes
        self.paths = {id(m): f"model.{n}" if n else "model" for n, m in model.named_modules()}
        self.records: dict[str, ModuleRecord] = {}
        self.ports: dict[int, ModulePorts] = {}
        self.stack: list[tuple[nn.Module, tuple[Any, ...]]] = []
        self.calls: list[Call] = []
        self._handles: list[Any] = []
        self._wrapped: list[tuple[nn.Module, Any]] = []
        self._seen_edges: dict[tuple[str, str, str, str], int] = {}
        self._seen_findings: set[tuple[str, str, str]] = set()

    # -- installation ------------------------------------------------------------------------

    def install(self, model: nn.Module, top_ports: ModulePorts | None) -> None:
        """Hook every module of ``model`` that declares ports (``run_top`` runs the top one)."""
        for module in model.modules():
            path = self.paths[id(module)]
            try:
                ports = top_ports if module is model else module_ports(module)
            except AnnotationError as exc:
                self.finding("annotation", path, "", "", "", "", str(exc))
                continue
            if ports is None:
                continue
            self._record(path, module, ports)
            if module is model:
                continue
            self.ports[id(module)] = ports
            self._handles.append(module.register_forward_pre_hook(self._pre, with_kwargs=True))
            self._handles.append(module.register_forward_hook(self._post, with_kwargs=True))
            self._wrap(module)
        self._handles.append(torch_module.register_module_forward_pre_hook(self._enter))
        self._handles.append(torch_module.register_module_forward_hook(self._leave))

    def remove(self) -> None:
        """Take every hook and wrapper off again."""
        for handle in self._handles:
            handle.remove()
        for module, previous in self._wrapped:
            if previous is None:
                del module.forward
            else:
                module.forward = previous
        self._handles.clear()
        self._wrapped.clear()

    def _record(self, path: str, module: nn.Module, ports: ModulePorts) -> None:
        self.records[path] = ModuleRecord(
            path,
            type(module).__name__,
            [(p.name, type_text(p.ntype)) for p in ports.inputs],
            [(p.name, type_text(p.ntype)) for p in ports.outputs],
        )
        self.report.modules.append(self.records[path])

    def _wrap(self, module: nn.Module) -> None:
        previous = module.__dict__.get("forward")
        original = module.forward

        def forward(*args: Any, **kwargs: Any) -> Any:
            try:
                return original(*args, **kwargs)
            except Exception as exc:
                return self.failed(module, exc)

        module.forward = forward
        self._wrapped.append((module, previous))

    # -- the stack of running modules --------------------------------------------------------

    def _enter(self, module: nn.Module, args: tuple[Any, ...]) -> None:
        self.stack.append((module, args))

    def _leave(self, module: nn.Module, args: tuple[Any, ...], output: Any) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] is module:
                del self.stack[i:]
                break
        layout = output_layout(module, output)
        if layout is not None:
            name = type(module).__name__
            tag(output, Source(self.path(module), name, "layer", None, layout))

    def path(self, module: nn.Module) -> str:
        """``model.encoder.pre`` (or ``<Conv1d>`` for a module outside the model)."""
        return self.paths.get(id(module), f"<{type(module).__name__}>")

    # -- one call ----------------------------------------------------------------------------

    def _pre(self, module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.begin(module, self.ports[id(module)], args, kwargs)

    def begin(
        self, module: nn.Module, ports: ModulePorts, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        """Check a call's inputs and open it (``end`` closes it)."""
        call = Call(module, self.path(module), ports, len(self.stack))
        call.values = dict(zip(ports.params, args, strict=False))
        call.values.update(kwargs)
        record = self.records.get(call.path)
        if record is not None:
            record.calls += 1
        for port in ports.inputs:
            value = call.values.get(port.name)
            if value is None:
                if not port.optional and port.name in call.values:
                    self.finding(
                        "connection", call.path, port.name, "", type_text(port.ntype), "None",
                        "a mandatory input port got None",
                    )  # fmt: skip
                continue
            for leaf in leaves(value, port.depth):
                self._check(call, port, leaf, "input")
        self.calls.append(call)

    def _post(
        self, module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], output: Any
    ) -> None:
        if self.calls and self.calls[-1].module is module:
            self.end(self.calls.pop(), output)

    def end(self, call: Call, output: Any) -> None:
        """Audit a call's outputs against its declared ports and tag them with their producer."""
        record = self.records.get(call.path)
        if call.failed:
            return
        if record is not None and record.status == "not called":
            record.status = "ok"
        pairs, count = split_outputs(call, output)
        if count is not None:
            self._count(call, count)
        for port, value in pairs:
            if value is None:
                if not port.optional:
                    self.finding(
                        "annotation", call.path, port.name, "", type_text(port.ntype), "None",
                        f'{type(call.module).__name__} returns None for output "{port.name}"',
                    )  # fmt: skip
                continue
            for leaf in leaves(value, port.depth):
                self._check(call, port, leaf, "output")
            for leaf in leaves(value, port.depth):
                tag(
                    leaf,
                    Source(call.path, port.name, "output", port.ntype, axis_labels(port.ntype)),
                )

    def _count(self, call: Call, count: int) -> None:
        """The call returned ``count`` values, not what its output ports declare."""
        names = ", ".join(p.name for p in call.ports.outputs)
        self.finding(
            "annotation", call.path, "", "", f"{call.ports.out_len} outputs ({names})",
            f"{count} values", f"{call.ports.qualname} returns {count} values but declares "
            f"{call.ports.out_len} output ports",
        )  # fmt: skip

    def _check(self, call: Call, port: Port, value: Any, role: str) -> None:
        source = source_of(value)
        synthetic = source is not None and source.synthetic
        if role == "input" and synthetic:
            call.synthetic_in = True
        if not isinstance(value, torch.Tensor):
            return
        shape = tuple(int(n) for n in value.shape)
        reasons = shape_reasons(port, shape, call.bound, f'{role} "{port.name}"')
        mismatch = type_reason(port, source)
        if mismatch:
            reasons.append(mismatch)
        own = source is not None and source.module == call.path
        if reasons and not synthetic:
            passed_on = source is not None and source.exact and not own and source.role != "layer"
            kind = (
                "connection"
                if role == "input" or (passed_on and not reasons[:-1])
                else "annotation"
            )
            if role == "output" and kind == "annotation":
                layout = bool(mismatch) and source is not None and not source.exact
                reasons = [_audit(call, port, source if layout else None, reasons)]
            axes = (
                source.axes
                if source is not None and source.axes is not None
                else axis_labels(port.ntype)
            )
            found = f"shape {shape} {sizes_text(shape, axes)}"
            if source is not None and source.exact and source.ntype is not None and not own:
                found += f", declared {type_text(source.ntype)}"
            self.finding(
                kind, call.path, port.name, source.describe() if source and not own else "",
                type_text(port.ntype), found, "; ".join(reasons),
            )  # fmt: skip
        if source is not None and _connects(source, call.path, role, own):
            self._edge(source, call.path, port.name, role, shape, not reasons or synthetic)
        if source is None and role == "input":
            tag(value, Source(call.path, port.name, "input", port.ntype, axis_labels(port.ntype)))

    def _edge(self, source: Source, path: str, port: str, role: str, shape: Any, ok: bool) -> None:
        key = (source.module, source.port, path, port)
        index = self._seen_edges.get(key)
        if index is not None:
            if not ok and self.report.edges[index].ok:
                old = self.report.edges[index]
                self.report.edges[index] = Edge(**{**_fields(old), "ok": False})
            return
        self._seen_edges[key] = len(self.report.edges)
        self.report.edges.append(
            Edge(source.module, source.port, source.role, path, port, role,
                 type_text(source.ntype), shape, source.via, ok, source.synthetic)
        )  # fmt: skip

    def finding(self, *fields: str) -> None:
        """Add a ``Finding(kind, module, port, producer, expected, found, message)`` once."""
        key = (fields[1], fields[2], fields[6])
        if key not in self._seen_findings:
            self._seen_findings.add(key)
            self.report.findings.append(Finding(*fields))

    # -- failures ----------------------------------------------------------------------------

    def failed(self, module: nn.Module, exc: BaseException) -> Any:
        """A typed module raised: report, then return outputs made from its declared ports."""
        call = self.calls[-1] if self.calls and self.calls[-1].module is module else None
        if call is None:
            raise exc
        inner = self.stack[call.depth :]
        del self.stack[call.depth :]
        call.failed = True
        record = self.records.get(call.path)
        if isinstance(exc, Stop):
            status = "synthesised"
        else:
            failure = describe_failure(call, exc, inner, self.path)
            status = "synthesised" if failure.note else "failed"
            if failure.note:
                self.report.notes.append(failure.note)
            else:
                self.finding(
                    "error", call.path, failure.port, failure.producer, failure.expected,
                    failure.found, failure.message,
                )  # fmt: skip
                if failure.source is not None and failure.port:  # the connection failed
                    self._edge(failure.source, call.path, failure.port, "input", (), False)
        if record is not None:
            record.status = status
        if not call.ports.outputs:
            raise Stop(str(exc)) from None
        return synthesise(call, self.sizes)

    def run_top(
        self, model: nn.Module, fn: Callable[..., Any], ports: ModulePorts, kwargs: dict[str, Any]
    ) -> Any:
        """Call ``fn(**kwargs)`` as the model's own checked call."""
        self.begin(model, ports, (), kwargs)
        call = self.calls[-1]
        try:
            output = fn(**kwargs)
        except Exception as exc:
            self.calls[:] = self.calls[: self.calls.index(call) + 1]
            try:
                output = self.failed(model, exc)
            except Stop:
                self.calls.pop()
                self.report.notes.append(f"the run stopped in {call.path}: {exc}")
                return None
        self.calls[:] = self.calls[: self.calls.index(call)]
        self.end(call, output)
        return output


def _connects(source: Source, path: str, role: str, own: bool) -> bool:
    """Whether a value is a connection to draw: another module's port feeding this call's
    input, or a child's output returned as this call's output."""
    if own or source.role == "layer":
        return False
    return role == "input" or source.module.startswith(path + ".")


def _audit(call: Call, port: Port, source: Source | None, reasons: list[str]) -> str:
    """``Encoder.forward returns output "outputs" as (B, T, D), but declares (B, D, T) (...)``."""
    name = call.ports.qualname
    declared = type_text(port.ntype)
    if source is not None and source.axes is not None and not source.exact:
        axes = ", ".join("?" if a is None else a for a in source.axes)
        return f'{name} returns output "{port.name}" as ({axes}), but declares {declared} ' \
            f"({'; '.join(reasons)})"  # fmt: skip
    return f'{name} output "{port.name}" contradicts its declaration {declared}: ' + "; ".join(
        reasons
    )


def _fields(edge: Edge) -> dict[str, Any]:
    return {name: getattr(edge, name) for name in Edge.__dataclass_fields__}
