"""``MigratePortsCommand``: move literal port properties into ``forward``'s annotations.

>>> from libcst.codemod import CodemodContext
>>> import libcst as cst
>>> before = '''
... from torch import Tensor
... from neuraltypes import LossType, NeuralModule, NeuralType
... class Loss(NeuralModule):
...     @property
...     def output_types(self):
...         return {"loss": NeuralType(None, LossType())}
...     def forward(self, x: Tensor) -> Tensor:
...         return x.sum()
... '''
>>> after = MigratePortsCommand(CodemodContext()).transform_module(cst.parse_module(before)).code
>>> print(after.split("class Loss")[1].strip())
(NeuralModule):
    def forward(self, x: Tensor) -> Annotated[Tensor, NeuralType(None, LossType()), "loss"]:
        return x.sum()
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider

from ._annotations import code, items_of, port_annotation, subscript
from ._apply import ApplyPlan
from ._forward import (
    class_body,
    find_method,
    named_params,
    namedtuple_fields,
    returned_calls,
    tuple_returns,
    walk,
)
from ._imports import ImportTable
from ._names import NEMO_TYPING_BASES, is_neural_type_name
from ._ports import PortSpec, extract_ports, is_port_property
from ._reasons import (
    ANNOTATION,
    COUNT,
    KWARGS,
    NEMO_BASE,
    NO_FORWARD,
    NO_PARAMETER,
    ORDER,
    SCRIPTED,
    LeaveAsIs,
)
from ._speed import SOURCE_KEY, NoCopyMetadata, lines_of_defs

__all__ = ["STATS_KEY", "MigratePortsCommand"]

STATS_KEY = "neuraltypes.migrate"  # context.scratch[STATS_KEY] = {"moved": int, "left": Counter}

_NAMEDTUPLE = {"typing.NamedTuple", "typing_extensions.NamedTuple"}
_JIT_SCRIPT = m.Attribute(attr=m.Name("script")) | m.Name("script")
_TUPLE = {"typing.Tuple", "builtins.tuple", "tuple"}


class MigratePortsCommand(NoCopyMetadata, ApplyPlan, VisitorBasedCodemodCommand):
    """Annotate ``forward`` from literal port properties and drop the properties it replaces."""

    DESCRIPTION: str = "Move input_types/output_types properties into annotated forward signatures"
    # Names are resolved by ImportTable (see _imports.py: QualifiedNameProvider's answers for
    # module-level imports, without its whole-module scope analysis); positions are resolved
    # only when a warning needs a line number.

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.reset(context)

    def reset(self, context: CodemodContext) -> None:
        """Start over on a new file (the CLI reuses one instance: libcst's __init__ is slow)."""
        self.context = context
        self._annotations: dict[cst.CSTNode, cst.BaseExpression] = {}
        self._remove: set[cst.CSTNode] = set()
        self._table: ImportTable | None = None
        self._skip: set[cst.CSTNode] = set()
        self._namedtuples: dict[str, cst.ClassDef] = {}
        self._everything: list[cst.CSTNode] = []
        self._functions: list[cst.FunctionDef] = []
        self._add: list[tuple[str, str]] = []
        self._drop: set[tuple[str, str]] = set()
        stats: dict[str, Any] = {"moved": 0, "left": Counter()}
        self.stats: dict[str, Any] = context.scratch.setdefault(STATS_KEY, stats)

    # -- name resolution -------------------------------------------------------------------
    def qn(self, node: cst.CSTNode) -> set[str]:
        """Qualified names ``node`` may denote (``nt.NeuralType`` -> ``neuraltypes.NeuralType``)."""
        return self._table.qualify(node) if self._table is not None else set()

    # -- planning (whole module, before anything changes) ----------------------------------
    def visit_Module(self, node: cst.Module) -> bool:
        self._table = ImportTable(node)
        everything = self._everything = walk(node)
        self._functions = [n for n in everything if isinstance(n, cst.FunctionDef)]
        classes = [c for c in everything if isinstance(c, cst.ClassDef)]
        for cls in classes:
            if any(self.qn(b.value) & _NAMEDTUPLE for b in cls.bases):
                self._namedtuples[cls.name.value] = cls
        scripted = any(
            "torch.jit.script" in self.qn(n)
            for n in everything
            if isinstance(n, cst.Attribute | cst.Name) and m.matches(n, _JIT_SCRIPT)
        )
        for cls in classes:
            self._plan_class(cls, scripted)
        # only walk into what changes: libcst's per-node cost dominates on large trees
        touched = [c for c in classes if self._touches(c)]
        self._skip = {c for c in classes if c not in touched}
        for cls in touched:
            self._skip.update(
                s
                for s in class_body(cls)
                if isinstance(s, cst.FunctionDef)
                and s not in self._annotations
                and not any(p in self._annotations for p in named_params(s))
            )
        return bool(self._annotations or self._remove)

    def _touches(self, cls: cst.ClassDef) -> bool:
        return any(s in self._remove or s in self._annotations for s in class_body(cls)) or any(
            f in self._annotations for f in namedtuple_fields(cls)
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return node not in self._skip

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node not in self._skip

    def _plan_class(self, cls: cst.ClassDef, scripted: bool) -> None:
        props = [s for s in class_body(cls) if is_port_property(s)]
        forward = find_method(cls, "forward")
        for prop in props:
            prop = cst.ensure_type(prop, cst.FunctionDef)
            where = f"line {self._line(prop)}: {cls.name.value}.{prop.name.value} left as is"
            try:
                if scripted:
                    raise LeaveAsIs(
                        SCRIPTED,
                        "the file calls torch.jit.script, which rejects Annotated[...] signatures",
                    )
                nemo = [q for b in cls.bases for q in self.qn(b.value) if q in NEMO_TYPING_BASES]
                if nemo:
                    raise LeaveAsIs(
                        NEMO_BASE,
                        f"the class subclasses {nemo[0]}, which reads ports "
                        "only from these properties. HINT: pass --rewrite-imports",
                    )
                ports = extract_ports(prop, self.qn)
                if forward is None:
                    raise LeaveAsIs(NO_FORWARD, "the class defines no forward to annotate")
                if ports is None:
                    planned = self._plan_none(prop.name.value, forward)
                    ports = []
                elif prop.name.value == "input_types":
                    planned = self._plan_inputs(ports, forward)
                else:
                    planned = self._plan_outputs(ports, forward)
            except LeaveAsIs as why:
                self.warn(f"{where}: {why}")
                self.stats["left"][why.key] += _raw_count(prop)
                continue
            self._annotations.update(planned)
            self._remove.add(prop)
            self.stats["moved"] += len(ports)
            self._drop_imports(prop)

    def _plan_inputs(
        self, ports: list[PortSpec], forward: cst.FunctionDef
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        if isinstance(forward.params.star_kwarg, cst.Param):
            raise LeaveAsIs(KWARGS, "forward takes **kwargs, so ports cannot be matched by name")
        params = {p.name.value: p for p in named_params(forward)}
        for port in ports:
            if port.name not in params:
                raise LeaveAsIs(
                    NO_PARAMETER, f"port {port.name!r} has no matching forward parameter"
                )
        wanted = {p.name for p in ports}
        order = [name for name in params if name in wanted]
        if order != [p.name for p in ports]:
            raise LeaveAsIs(
                ORDER,
                f"ports are declared in the order {[p.name for p in ports]} "
                f"but forward takes {order}",
            )
        for name, param in params.items():
            if name not in wanted and param.annotation is not None and self._typed(param):
                raise LeaveAsIs(
                    ANNOTATION,
                    f"forward parameter {name!r} carries a NeuralType that input_types lacks",
                )
        planned: dict[cst.CSTNode, cst.BaseExpression] = {}
        for port in ports:
            param = params[port.name]
            prior = param.annotation.annotation if param.annotation else None
            planned[param] = port_annotation(port, prior, self.qn)
        return planned

    def _plan_outputs(
        self, ports: list[PortSpec], forward: cst.FunctionDef
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        prior = forward.returns.annotation if forward.returns else None
        lengths = sorted({len(t.elements) for t in tuple_returns(forward)})
        if len(ports) == 1:
            if lengths and ports[0].depth == 0:
                raise LeaveAsIs(
                    COUNT, f"output_types declares 1 port but forward returns a {lengths[0]}-tuple"
                )
            label = None if ports[0].name == "output" else ports[0].name
            return {forward: port_annotation(ports[0], prior, self.qn, label)}
        if any(n != len(ports) for n in lengths):
            raise LeaveAsIs(
                COUNT,
                f"output_types declares {len(ports)} ports but forward returns "
                f"a {lengths[0]}-tuple",
            )
        nt_name = self._namedtuple_for(prior, forward)
        if nt_name is not None:
            return self._plan_namedtuple(ports, nt_name, forward if prior is None else None)
        base: cst.BaseExpression = cst.Name("tuple")
        items: list[cst.BaseExpression | None] = [None] * len(ports)
        if prior is not None:
            if not isinstance(prior, cst.Subscript) or not self.qn(prior.value) & _TUPLE:
                raise LeaveAsIs(ANNOTATION, f"forward returns {code(prior)!r}, not a tuple")
            base, items = prior.value, list(items_of(prior))
            if len(items) != len(ports):
                raise LeaveAsIs(
                    COUNT,
                    f"output_types declares {len(ports)} ports but forward "
                    f"is annotated {code(prior)!r}",
                )
        # the runtime names tuple items output_0, output_1, ... unless Annotated carries a label
        anns = [
            port_annotation(p, item, self.qn, None if p.name == f"output_{i}" else p.name)
            for i, (p, item) in enumerate(zip(ports, items, strict=True))
        ]
        return {forward: subscript(base, *anns)}

    def _plan_none(
        self, prop: str, forward: cst.FunctionDef
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        """``return None`` goes away when forward declares no ports on that side either."""
        side: list[cst.CSTNode] = (
            list(named_params(forward))
            if prop == "input_types"
            else ([forward.returns] if forward.returns else [])
        )
        if any(self._typed(node) for node in side):
            raise LeaveAsIs(ANNOTATION, "it returns None but forward's annotations declare ports")
        return {}

    def _namedtuple_for(self, prior: cst.BaseExpression | None, fn: cst.FunctionDef) -> str | None:
        if isinstance(prior, cst.Name) and prior.value in self._namedtuples:
            return prior.value
        calls = set(returned_calls(fn))
        if prior is None and len(calls) == 1 and next(iter(calls)) in self._namedtuples:
            return next(iter(calls))
        return None

    def _plan_namedtuple(
        self, ports: list[PortSpec], name: str, forward: cst.FunctionDef | None
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        fields = namedtuple_fields(self._namedtuples[name])
        got = [cst.ensure_type(f.target, cst.Name).value for f in fields]
        if got != [p.name for p in ports]:
            raise LeaveAsIs(
                COUNT,
                f"NamedTuple {name} has fields {got} but the ports are {[p.name for p in ports]}",
            )
        planned: dict[cst.CSTNode, cst.BaseExpression] = {}
        for port, fld in zip(ports, fields, strict=True):
            new = port_annotation(port, fld.annotation.annotation, self.qn)
            earlier = self._annotations.get(fld)
            if earlier is not None and code(earlier) != code(new):
                raise LeaveAsIs(
                    ANNOTATION,
                    f"NamedTuple {name} is shared with another class "
                    f"whose port {port.name!r} has a different type",
                )
            planned[fld] = new
        if forward is not None:
            planned[forward] = cst.Name(name)
        return planned

    def _typed(self, node: cst.CSTNode) -> bool:
        calls = [c for c in walk(node) if isinstance(c, cst.Call)]
        return any(
            is_neural_type_name(q)
            for c in calls
            for q in self.qn(cst.ensure_type(c, cst.Call).func)
        )

    def _line(self, node: cst.FunctionDef) -> int:
        source = self.context.scratch.get(SOURCE_KEY)
        if isinstance(source, str):  # cheap: match the n-th "def name" in the text
            same = [f for f in self._functions if f.name.value == node.name.value]
            lines = lines_of_defs(source, node.name.value)
            if len(lines) == len(same):
                return lines[same.index(node)]
        wrapper = self.context.wrapper
        if wrapper is None:
            return 0
        return wrapper.resolve(PositionProvider)[node.name].start.line

    def _drop_imports(self, prop: cst.FunctionDef) -> None:
        for name in walk(prop):
            for q in self.qn(name):
                module, _, obj = q.rpartition(".")
                if module in ("typing", "collections", "typing_extensions"):
                    self._drop.add((module, obj))


def _raw_count(prop: cst.FunctionDef) -> int:
    """How many ports a property seems to declare (for the summary), at least 1."""
    for node in walk(prop):
        if isinstance(node, cst.Dict):
            return max(1, len(node.elements))
        if isinstance(node, cst.Call) and len(node.args) == 1:
            arg = node.args[0].value
            if isinstance(arg, cst.List | cst.Tuple):
                return max(1, len(arg.elements))
    return 1
