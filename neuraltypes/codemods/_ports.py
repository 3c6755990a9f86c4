"""Read the ports out of a literal ``input_types``/``output_types`` property.

>>> import libcst as cst
>>> prop = cst.parse_statement(
...     "@property\\n"
...     "def output_types(self):\\n"
...     "    return {'loss': NeuralType(elements_type=LossType())}\\n")
>>> ports = extract_ports(prop, lambda n: {"neuraltypes.NeuralType"})
>>> [(p.name, p.depth, p.optional) for p in ports or []]
[('loss', 0, False)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from ._forward import walk
from ._names import is_neural_type_name
from ._reasons import BRANCHES, NOT_LITERAL, SELF_STATE, LeaveAsIs

__all__ = ["PORT_PROPERTIES", "PortSpec", "QualNames", "extract_ports", "is_port_property"]

PORT_PROPERTIES = ("input_types", "output_types")

# Resolves a node to the qualified names it may denote (QualifiedNameProvider underneath).
QualNames = Callable[[cst.CSTNode], set[str]]

_PROPERTY = m.Decorator(decorator=m.Name("property"))
_DOCSTRING = m.SimpleStatementLine(body=[m.Expr(value=m.SimpleString() | m.ConcatenatedString())])
_ORDERED_DICTS = {"collections.OrderedDict", "typing.OrderedDict", "builtins.dict", "dict"}


@dataclass(frozen=True)
class PortSpec:
    """One port: its name, the ``NeuralType(...)`` call, container depth and optional flag."""

    name: str
    call: cst.Call
    depth: int
    optional: bool


def is_port_property(node: cst.CSTNode) -> bool:
    """Whether ``node`` is ``@property def input_types/output_types``."""
    return (
        isinstance(node, cst.FunctionDef)
        and node.name.value in PORT_PROPERTIES
        and any(m.matches(d, _PROPERTY) for d in node.decorators)
    )


def extract_ports(prop: cst.FunctionDef, qualnames: QualNames) -> list[PortSpec] | None:
    """The ports a literal property returns, ``None`` for ``return None``; else raise LeaveAsIs."""
    if len(prop.decorators) != 1:
        raise LeaveAsIs(BRANCHES, "the property has decorators besides @property")
    body = prop.body.body if isinstance(prop.body, cst.IndentedBlock) else ()
    stmts = [s for s in body if not m.matches(s, _DOCSTRING)]
    if len(stmts) != 1 or not m.matches(stmts[0], m.SimpleStatementLine(body=[m.Return()])):
        raise LeaveAsIs(BRANCHES, "the property computes its ports with branches or statements")
    ret = cst.ensure_type(cst.ensure_type(stmts[0], cst.SimpleStatementLine).body[0], cst.Return)
    if ret.value is None or m.matches(ret.value, m.Name("None")):
        return None
    pairs = _mapping_items(ret.value, qualnames)
    self_name = prop.params.params[0].name.value if prop.params.params else "self"
    ports: list[PortSpec] = []
    for key, value in pairs:
        if not isinstance(key, cst.SimpleString):
            raise LeaveAsIs(NOT_LITERAL, "a port name is not a string literal")
        name = key.evaluated_value
        if not isinstance(name, str):
            raise LeaveAsIs(NOT_LITERAL, "a port name is not a string literal")
        if any(p.name == name for p in ports):
            raise LeaveAsIs(NOT_LITERAL, f"port {name!r} is declared twice")
        ports.append(_port(name, value, self_name, qualnames))
    return ports


def _mapping_items(
    value: cst.BaseExpression, qualnames: QualNames
) -> Sequence[tuple[cst.BaseExpression, cst.BaseExpression]]:
    if isinstance(value, cst.Dict):
        items = []
        for el in value.elements:
            if not isinstance(el, cst.DictElement):
                raise LeaveAsIs(NOT_LITERAL, "the mapping unpacks another mapping (**)")
            items.append((el.key, el.value))
        return items
    if isinstance(value, cst.Call) and qualnames(value.func) & _ORDERED_DICTS:
        if not value.args:
            return []
        if all(a.keyword is not None for a in value.args):
            return [
                (cst.SimpleString(repr(a.keyword.value)), a.value) for a in value.args if a.keyword
            ]
        if len(value.args) == 1 and not value.args[0].star:
            arg = value.args[0].value
            if isinstance(arg, cst.Dict):
                return _mapping_items(arg, qualnames)
            if isinstance(arg, cst.List | cst.Tuple):
                return [_pair(el.value) for el in arg.elements]
    raise LeaveAsIs(NOT_LITERAL, "the property does not return a literal dict or OrderedDict")


def _pair(item: cst.BaseExpression) -> tuple[cst.BaseExpression, cst.BaseExpression]:
    if isinstance(item, cst.Tuple) and len(item.elements) == 2:
        key, value = item.elements
        if not isinstance(key, cst.StarredElement) and not isinstance(value, cst.StarredElement):
            return key.value, value.value
    raise LeaveAsIs(NOT_LITERAL, "an OrderedDict item is not a (name, NeuralType) pair")


def _port(name: str, value: cst.BaseExpression, self_name: str, qualnames: QualNames) -> PortSpec:
    depth = 0
    while isinstance(value, cst.List | cst.Tuple):  # [NT], [[NT]], (NT,): one depth each
        if len(value.elements) != 1 or isinstance(value.elements[0], cst.StarredElement):
            raise LeaveAsIs(NOT_LITERAL, f"container port {name!r} does not hold one NeuralType")
        value, depth = value.elements[0].value, depth + 1
    if not isinstance(value, cst.Call) or not any(
        is_neural_type_name(q) for q in qualnames(value.func)
    ):
        raise LeaveAsIs(NOT_LITERAL, f"port {name!r} is not a NeuralType(...) call")
    nodes = walk(value)
    if any(isinstance(n, cst.Name) and n.value == self_name for n in nodes):
        attr = [n for n in nodes if m.matches(n, m.Attribute(value=m.Name(self_name)))]
        what = cst.Module([]).code_for_node(attr[0]) if attr else self_name
        raise LeaveAsIs(SELF_STATE, f"port {name!r} is computed from self state ({what})")
    return PortSpec(name, value, depth, _optional(name, value))


def _optional(name: str, call: cst.Call) -> bool:
    flag: cst.BaseExpression | None = None
    for i, arg in enumerate(call.args):
        if arg.star:
            raise LeaveAsIs(NOT_LITERAL, f"port {name!r} unpacks its NeuralType arguments")
        if (arg.keyword is not None and arg.keyword.value == "optional") or (
            arg.keyword is None and i == 2
        ):
            flag = arg.value
    if flag is None or m.matches(flag, m.Name("False")):
        return False
    if m.matches(flag, m.Name("True")):
        return True
    raise LeaveAsIs(NOT_LITERAL, f"port {name!r} has a non-literal optional flag")
