"""Plan the input side: each port annotates the ``forward`` parameter of the same name.

A mixin of ``MigratePortsCommand`` (it provides ``qn`` and ``_typed``).

>>> sorted(n for n in vars(PlanInputs) if n.startswith("_plan"))
['_plan_inputs', '_plan_none']
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from ._annotations import port_annotation, unhashable_optional
from ._forward import named_params
from ._ports import PortSpec
from ._reasons import ANNOTATION, IMPLICIT_OPTIONAL, KWARGS, NO_PARAMETER, ORDER, LeaveAsIs

__all__ = ["PlanInputs"]


class PlanInputs:
    """Input-side planning for ``MigratePortsCommand``."""

    def qn(self, node: cst.CSTNode) -> set[str]:
        """Qualified names of ``node`` (provided by the command)."""
        raise NotImplementedError

    def _typed(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` holds a ``NeuralType(...)`` call (provided by the command)."""
        raise NotImplementedError

    def _plan_inputs(
        self, ports: list[PortSpec], forward: cst.FunctionDef, keep: bool = False
    ) -> dict[cst.CSTNode, cst.BaseExpression]:
        # NeMo (keep) reads the derived dict, which names the ports: **kwargs cannot add any.
        # neuraltypes' runtime would read ports from the signature, where **kwargs is open.
        if isinstance(forward.params.star_kwarg, cst.Param) and not keep:
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
            defaults_none = param.default is not None and m.matches(param.default, m.Name("None"))
            if not port.optional and defaults_none:
                raise LeaveAsIs(
                    IMPLICIT_OPTIONAL,
                    f"port {port.name!r} is not optional but forward gives it the default None "
                    "(the annotation would be an implicit Optional). HINT: declare the port "
                    "optional=True, or drop the default",
                )
            if defaults_none and unhashable_optional(port, self.qn):
                raise LeaveAsIs(ANNOTATION, unhashable_optional(port, self.qn))
            prior = param.annotation.annotation if param.annotation else None
            planned[param] = port_annotation(port, prior, self.qn)
        return planned

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
