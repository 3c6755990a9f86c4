"""Plan the output side: one annotated return, a ``tuple[...]`` of them, or NamedTuple fields.

A mixin of ``MigratePortsCommand`` (it provides ``qn``, ``_typed`` and the plan so far).

>>> PlanOutputs._plan_outputs.__doc__
'Annotations for forward\'s return (or its NamedTuple\'s fields) from ``output_types``.'
"""

from __future__ import annotations

import libcst as cst

from ._annotations import code, items_of, port_annotation, subscript
from ._forward import namedtuple_fields, returned_calls, tuple_returns
from ._ports import PortSpec
from ._reasons import ANNOTATION, COUNT, LeaveAsIs

__all__ = ["PlanOutputs"]

_TUPLE = {"typing.Tuple", "builtins.tuple", "tuple"}


class PlanOutputs:
    """Output-side planning for ``MigratePortsCommand``."""

    _annotations: dict[cst.CSTNode, cst.BaseExpression]
    _namedtuples: dict[str, cst.ClassDef]

    def qn(self, node: cst.CSTNode) -> set[str]:
        """Qualified names of ``node`` (provided by the command)."""
        raise NotImplementedError

    def _typed(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` holds a ``NeuralType(...)`` call (provided by the command)."""
        raise NotImplementedError

    def _plan_outputs(
        self, ports: list[PortSpec], forward: cst.FunctionDef
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        """Annotations for forward's return (or its NamedTuple's fields) from ``output_types``."""
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
