"""The trust rule: when a carried neural type may be stale, the value is unchecked.

mypy fixes a variable's declared type at its first assignment and narrowing keeps that
type's ``extra_attrs`` (``meet.py``), so a carrier in a *declared* type is believed only if
the variable is assigned once, never mutated in place (``x.transpose_()``), and its value
did not itself come from an untrusted variable by plain aliasing. A variable assigned
several times takes its carrier from the right-hand side(s) of its reaching definitions
(``reaching.py``: straight-line code, ``if``/``else`` branches that agree), read from the
checker's type map. Assignment facts: ``assign_facts.py``; statements: ``statements.py``.
"""

from __future__ import annotations

from mypy.nodes import (
    ARG_STAR,
    ARG_STAR2,
    AssignmentExpr,
    CallExpr,
    ConditionalExpr,
    Expression,
    FakeInfo,
    IndexExpr,
    ListExpr,
    MemberExpr,
    NameExpr,
    StarExpr,
    TupleExpr,
    Var,
)
from mypy.plugin import CheckerPluginInterface
from mypy.types import AnyType, Instance, TupleType, Type, get_proper_type

from ..metadata import param_source
from ..model.effects import OpArgs
from ..model.rules import TENSOR_ATTRIBUTES, TENSOR_METHODS
from ..model.spec import Carrier, Spec
from ..source.reaching import reaches_start, reaching_defs
from ..source.sources import function_at
from .assign_facts import ast_tainted, function_facts
from .carrier import any_carrier, carrier_of
from .op_calls import op_args, transformed
from .reach_gate import may_carry
from .statements import (
    assignment_at,
    enclosing_loop,
    in_skipped_module,
    is_parameter,
    lookup_type,
)

__all__ = ["believed", "believed_list", "is_trusted"]


def is_trusted(api: CheckerPluginInterface, expr: Expression) -> bool:
    """Whether the neural type carried by ``expr``'s type can be believed."""
    if isinstance(expr, NameExpr):
        node = expr.node
        if not isinstance(node, Var):
            return True
        facts = function_facts(api)
        if expr.name in facts.inplace:
            return False
        if not any_carrier(node.type):
            return True  # declared without a carrier: narrowing is flow-sensitive
        if facts.counts.get(expr.name, 0) != 1:
            return False
        value = facts.values.get(expr.name)
        return value is None or not ast_tainted(value, facts, {expr.name})
    if isinstance(expr, TupleExpr | ListExpr):
        return all(is_trusted(api, item) for item in expr.items)
    if isinstance(expr, StarExpr):
        return is_trusted(api, expr.expr)
    if isinstance(expr, IndexExpr):
        return is_trusted(api, expr.base)
    if isinstance(expr, ConditionalExpr):
        return is_trusted(api, expr.if_expr) and is_trusted(api, expr.else_expr)
    if isinstance(expr, AssignmentExpr):
        return is_trusted(api, expr.value)
    if isinstance(expr, MemberExpr):
        if expr.name in TENSOR_ATTRIBUTES:
            return True  # hooked attributes checked their receiver
        return _named_tuple(api, expr.expr) is not None and is_trusted(api, expr.expr)
    if isinstance(expr, CallExpr):
        return True
    return True


def _named_tuple(api: CheckerPluginInterface, expr: Expression) -> TupleType | None:
    lookup = getattr(api, "lookup_type_or_none", None)
    typ = get_proper_type(lookup(expr)) if lookup is not None else None
    if isinstance(typ, TupleType) and typ.partial_fallback.type.is_named_tuple:
        return typ
    return None


def believed(
    api: CheckerPluginInterface, expr: Expression, typ: Type | None, _depth: int = 0
) -> Carrier | None:
    """The neural type ``expr`` (of type ``typ``) can be believed to have, or ``None``."""
    if _depth > _MAX_HOPS or (_depth == 0 and in_skipped_module(api)):
        return None
    carrier = carrier_of(typ)
    if isinstance(expr, ConditionalExpr):
        return _agreeing(api, [expr.if_expr, expr.else_expr], _depth)
    if carrier is None and isinstance(expr, CallExpr | MemberExpr):
        return _replayed(api, expr, _depth)
    if not isinstance(expr, NameExpr) or not isinstance(expr.node, Var):
        return carrier if carrier is not None and is_trusted(api, expr) else None
    name = expr.name
    if carrier is None:
        found = _from_parameter(api, expr)
        if found is None and not is_parameter(api, expr) and may_carry(api):
            found = _from_reaching(api, expr, _depth)  # ``y = x`` of an untyped parameter
        return None if found is None or name in function_facts(api).inplace else found
    facts = function_facts(api)
    if name in facts.inplace:
        return None
    if not any_carrier(expr.node.type):
        return carrier  # declared without a carrier: narrowing is flow-sensitive
    if facts.counts.get(name, 0) == 1 and is_trusted(api, expr):
        return carrier
    return _from_reaching(api, expr, _depth) or _from_loop(api, expr, _depth)


_MAX_HOPS = 24


def _agreeing(api: CheckerPluginInterface, exprs: list[Expression], depth: int) -> Carrier | None:
    """The carrier every branch (of a ternary) believes in, if they all agree."""
    found = [believed(api, e, lookup_type(api, e), depth + 1) for e in exprs]
    first = found[0]
    if first is None or any(c is None or c["spec"] != first["spec"] for c in found):
        return None
    return first


def _replayed(
    api: CheckerPluginInterface, expr: CallExpr | MemberExpr, depth: int
) -> Carrier | None:
    """A modelled op on a value mypy types ``Any`` (no hook ran): replay it on its carrier."""
    if not isinstance(get_proper_type(lookup_type(api, expr)), AnyType):
        return None
    if isinstance(expr, MemberExpr):
        effect = TENSOR_ATTRIBUTES.get(expr.name)
        if effect is None:
            return None
        source = believed(api, expr.expr, lookup_type(api, expr.expr), depth + 1)
        return None if source is None else transformed(source, effect, OpArgs(), f".{expr.name}")
    callee = expr.callee
    if not isinstance(callee, MemberExpr) or callee.name not in TENSOR_METHODS:
        return None
    receiver = believed(api, callee.expr, lookup_type(api, callee.expr), depth + 1)
    args = op_args(expr, None)
    if receiver is None or args is None:
        return None
    return transformed(receiver, TENSOR_METHODS[callee.name], args, f".{callee.name}()")


def _from_parameter(api: CheckerPluginInterface, expr: NameExpr) -> Carrier | None:
    """A method parameter's declared neural type, while the parameter is not re-bound."""
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    if func is None or func.is_static or func.is_class or isinstance(func.info, FakeInfo):
        return None
    if not any(
        arg.variable is expr.node and arg.kind not in (ARG_STAR, ARG_STAR2)
        for arg in func.arguments[1:]
    ):
        return None
    spec = param_source(func.info, func.name, func.line, expr.name)
    path: str = getattr(api, "path", "")
    tree = function_at(path, func.line) if spec is not None and path else None
    if spec is None or tree is None or not reaches_start(tree, expr.line, expr.column, expr.name):
        return None
    leaf: Spec = {**spec, "depth": 0, "opt": False}
    return {"spec": leaf, "src": f'parameter "{expr.name}" of "{func.info.name}.{func.name}"'}


def _from_reaching(api: CheckerPluginInterface, expr: NameExpr, depth: int) -> Carrier | None:
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    path: str = getattr(api, "path", "")
    tree = function_at(path, func.line) if func is not None and path else None
    if depth > 16 or func is None or tree is None:
        return None
    defs = reaching_defs(tree, expr.line, expr.column, expr.name)
    if not defs:
        return None
    found: list[Carrier] = []
    for line, target_path in defs:
        stmt = assignment_at(func.body, line)
        carrier = None if stmt is None else _rhs(api, stmt.rvalue, target_path, depth)
        if carrier is None:
            return None
        found.append(carrier)
    if any(c["spec"] != found[0]["spec"] for c in found):
        return None  # branches disagree: unchecked
    return found[0]


def _from_loop(api: CheckerPluginInterface, expr: NameExpr, depth: int) -> Carrier | None:
    """``for fmap in fmaps:``: the element carrier of a trusted list, inside the body."""
    loop = enclosing_loop(api, expr)
    return None if loop is None else believed_list(api, loop.expr, depth + 1)


def _elements(api: CheckerPluginInterface, expr: Expression, depth: int) -> Type | None:
    """The element type of a list value that can be believed (a loop variable: its list's)."""
    if depth > _MAX_HOPS:
        return None
    if isinstance(expr, NameExpr) and isinstance(expr.node, Var) and not is_trusted(api, expr):
        loop = enclosing_loop(api, expr)
        outer = None if loop is None else _elements(api, loop.expr, depth + 1)
        proper = get_proper_type(outer)
    elif is_trusted(api, expr):
        proper = get_proper_type(lookup_type(api, expr))
    else:
        return None
    if isinstance(proper, Instance) and proper.type.fullname == "builtins.list" and proper.args:
        return proper.args[0]
    return None


def believed_list(api: CheckerPluginInterface, expr: Expression, depth: int = 0) -> Carrier | None:
    """The element carrier of a list value that can be believed (``list[Tensor]`` ports)."""
    return carrier_of(_elements(api, expr, depth))


def _rhs(
    api: CheckerPluginInterface, expr: Expression, path: tuple[int, ...], depth: int
) -> Carrier | None:
    lookup = getattr(api, "lookup_type_or_none", None)
    if lookup is None:
        return None
    typ: Type | None = lookup(expr)
    for position, index in enumerate(path):
        if isinstance(expr, TupleExpr | ListExpr):
            if any(isinstance(e, StarExpr) for e in expr.items) or index >= len(expr.items):
                return None
            expr = expr.items[index]
            typ = lookup(expr)
            continue
        if not is_trusted(api, expr):
            return None
        return _tuple_item(typ, path[position:])
    return believed(api, expr, typ, depth + 1)


def _tuple_item(typ: Type | None, path: tuple[int, ...]) -> Carrier | None:
    current = typ
    for index in path:
        proper = get_proper_type(current)
        if not isinstance(proper, TupleType) or index >= len(proper.items):
            return None
        current = proper.items[index]
    return carrier_of(current)
