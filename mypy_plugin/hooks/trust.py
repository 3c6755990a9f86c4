"""The trust rule: when a carried neural type may be stale, the value is unchecked.

mypy fixes a variable's declared type at its first assignment and narrowing keeps that
type's ``extra_attrs`` (``meet.py``), so a carrier in a *declared* type is believed only if
the variable is assigned once, never mutated in place (``x.transpose_()``), and its value
did not itself come from an untrusted variable by plain aliasing. A variable assigned
several times takes its carrier from the right-hand side(s) of its reaching definitions
(``reaching.py``: straight-line code, ``if``/``else`` branches that agree), read from the
checker's type map. Assignment facts come from the source (``ast``), cached by hash.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from mypy.nodes import (
    ARG_STAR,
    ARG_STAR2,
    AssignmentExpr,
    AssignmentStmt,
    Block,
    CallExpr,
    ConditionalExpr,
    Expression,
    FakeInfo,
    ForStmt,
    IfStmt,
    IndexExpr,
    ListExpr,
    MemberExpr,
    NameExpr,
    StarExpr,
    Statement,
    TryStmt,
    TupleExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.plugin import CheckerPluginInterface
from mypy.types import AnyType, Instance, TupleType, Type, UnionType, get_proper_type

from ..metadata import param_source
from ..model.effects import OpArgs
from ..model.rules import TENSOR_ATTRIBUTES, TENSOR_METHODS
from ..model.spec import Carrier, Spec
from ..source.reaching import loop_header, reaches_start, reaching_defs
from ..source.sources import digest, function_at, parse_file
from .carrier import carrier_of
from .op_calls import op_args, transformed

__all__ = ["believed", "believed_list", "enclosing_loop", "is_trusted"]


@dataclass
class _Facts:
    counts: dict[str, int] = field(default_factory=dict)
    inplace: set[str] = field(default_factory=set)
    values: dict[str, ast.expr] = field(default_factory=dict)


_FACTS: dict[tuple[bytes, int], _Facts] = {}


def _targets(node: ast.expr, out: list[str]) -> None:
    if isinstance(node, ast.Name):
        out.append(node.id)
    elif isinstance(node, ast.Tuple | ast.List):
        for elt in node.elts:
            _targets(elt, out)
    elif isinstance(node, ast.Starred):
        _targets(node.value, out)


def _collect(scope: ast.AST) -> _Facts:
    facts = _Facts()

    def add(target: ast.expr | None, value: ast.expr | None) -> None:
        if target is None:
            return
        names: list[str] = []
        _targets(target, names)
        for name in names:
            facts.counts[name] = facts.counts.get(name, 0) + 1
            if value is not None:
                facts.values[name] = value

    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(target, node.value)
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    facts.inplace.add(target.value.id)  # ``x.data = ...``: may reshape
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            add(node.target, node.value)
        elif isinstance(node, ast.NamedExpr):
            add(node.target, node.value)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            add(node.target, None)
            add(node.target, None)  # loop variables change every iteration
        elif isinstance(node, ast.withitem):
            add(node.optional_vars, None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            facts.counts[node.name] = facts.counts.get(node.name, 0) + 2
        elif isinstance(node, ast.Delete | ast.Global | ast.Nonlocal):
            names = node.names if isinstance(node, ast.Global | ast.Nonlocal) else []
            for target in getattr(node, "targets", []):
                _targets(target, names)
            for name in names:
                facts.counts[name] = facts.counts.get(name, 0) + 2
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.attr.endswith("_")
                and not func.attr.startswith("__")
            ):
                facts.inplace.add(func.value.id)
    return facts


def _facts(api: CheckerPluginInterface) -> _Facts:
    path: str = getattr(api, "path", "")
    key = digest(path) if path else None
    if key is None:
        return _Facts()
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    line = func.line if func is not None else 0
    cached = _FACTS.get((key, line))
    if cached is None:
        tree: ast.AST | None = function_at(path, line) if line else parse_file(path)
        cached = _collect(tree) if tree is not None else _Facts()
        _FACTS[(key, line)] = cached
    return cached


def _ast_tainted(node: ast.expr, facts: _Facts, seen: set[str]) -> bool:
    """Whether a value may carry a stale neural type through plain aliasing."""
    if isinstance(node, ast.Name):
        name = node.id
        if name in facts.inplace or facts.counts.get(name, 0) > 1:
            return True
        if name in seen or name not in facts.values:
            return False
        seen.add(name)
        return _ast_tainted(facts.values[name], facts, seen)
    if isinstance(node, ast.Tuple | ast.List):
        return any(_ast_tainted(e, facts, seen) for e in node.elts)
    if isinstance(node, ast.Starred):
        return _ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.Subscript):
        return _ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.IfExp):
        return _ast_tainted(node.body, facts, seen) or _ast_tainted(node.orelse, facts, seen)
    if isinstance(node, ast.BoolOp):
        return any(_ast_tainted(v, facts, seen) for v in node.values)
    if isinstance(node, ast.NamedExpr):
        return _ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.Attribute):
        return node.attr not in TENSOR_ATTRIBUTES  # attribute carriers are untrusted
    return False  # calls: modelled ops check their own inputs; others build fresh types


def is_trusted(api: CheckerPluginInterface, expr: Expression) -> bool:
    """Whether the neural type carried by ``expr``'s type can be believed."""
    if isinstance(expr, NameExpr):
        node = expr.node
        if not isinstance(node, Var):
            return True
        facts = _facts(api)
        if expr.name in facts.inplace:
            return False
        if not _any_carrier(node.type):
            return True  # declared without a carrier: narrowing is flow-sensitive
        if facts.counts.get(expr.name, 0) != 1:
            return False
        value = facts.values.get(expr.name)
        return value is None or not _ast_tainted(value, facts, {expr.name})
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


def _any_carrier(typ: Type | None, depth: int = 0) -> bool:
    """Whether ``typ`` holds a carrier anywhere (tuple items, unions, type arguments).

    Recursive aliases (``L = list[L | str]``) expand forever: past a few levels, the
    answer is "maybe", which makes the variable less trusted (never a false positive).
    """
    if depth > _MAX_TYPE_DEPTH:
        return True
    proper = get_proper_type(typ)
    if carrier_of(proper) is not None:
        return True
    if isinstance(proper, TupleType | UnionType):
        return any(_any_carrier(t, depth + 1) for t in proper.items)
    return isinstance(proper, Instance) and any(_any_carrier(t, depth + 1) for t in proper.args)


_MAX_TYPE_DEPTH = 8


def believed(
    api: CheckerPluginInterface, expr: Expression, typ: Type | None, _depth: int = 0
) -> Carrier | None:
    """The neural type ``expr`` (of type ``typ``) can be believed to have, or ``None``."""
    carrier = carrier_of(typ)
    if _depth > _MAX_HOPS:
        return None
    if isinstance(expr, ConditionalExpr):
        return _agreeing(api, [expr.if_expr, expr.else_expr], _depth)
    if carrier is None and isinstance(expr, CallExpr | MemberExpr):
        return _replayed(api, expr, _depth)
    if not isinstance(expr, NameExpr) or not isinstance(expr.node, Var):
        return carrier if carrier is not None and is_trusted(api, expr) else None
    facts = _facts(api)
    name = expr.name
    if name in facts.inplace:
        return None
    if carrier is None:
        found = _from_parameter(api, expr)
        if found is None and not _is_parameter(api, expr):
            found = _from_reaching(api, expr, _depth)  # ``y = x`` of an untyped parameter
        return found
    if not _any_carrier(expr.node.type):
        return carrier  # declared without a carrier: narrowing is flow-sensitive
    if facts.counts.get(name, 0) == 1 and is_trusted(api, expr):
        return carrier
    return _from_reaching(api, expr, _depth) or _from_loop(api, expr, _depth)


_MAX_HOPS = 24


def _lookup(api: CheckerPluginInterface, expr: Expression) -> Type | None:
    lookup = getattr(api, "lookup_type_or_none", None)
    found: Type | None = lookup(expr) if lookup is not None else None
    return found


def _agreeing(api: CheckerPluginInterface, exprs: list[Expression], depth: int) -> Carrier | None:
    """The carrier every branch (of a ternary) believes in, if they all agree."""
    found = [believed(api, e, _lookup(api, e), depth + 1) for e in exprs]
    first = found[0]
    if first is None or any(c is None or c["spec"] != first["spec"] for c in found):
        return None
    return first


def _replayed(
    api: CheckerPluginInterface, expr: CallExpr | MemberExpr, depth: int
) -> Carrier | None:
    """A modelled op on a value mypy types ``Any`` (no hook ran): replay it on its carrier."""
    if not isinstance(get_proper_type(_lookup(api, expr)), AnyType):
        return None
    if isinstance(expr, MemberExpr):
        effect = TENSOR_ATTRIBUTES.get(expr.name)
        if effect is None:
            return None
        source = believed(api, expr.expr, _lookup(api, expr.expr), depth + 1)
        return None if source is None else transformed(source, effect, OpArgs(), f".{expr.name}")
    callee = expr.callee
    if not isinstance(callee, MemberExpr) or callee.name not in TENSOR_METHODS:
        return None
    receiver = believed(api, callee.expr, _lookup(api, callee.expr), depth + 1)
    args = op_args(expr, None)
    if receiver is None or args is None:
        return None
    return transformed(receiver, TENSOR_METHODS[callee.name], args, f".{callee.name}()")


def _is_parameter(api: CheckerPluginInterface, expr: NameExpr) -> bool:
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    return func is not None and any(arg.variable is expr.node for arg in func.arguments)


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
        stmt = _assignment_at(func.body, line)
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


def enclosing_loop(api: CheckerPluginInterface, expr: NameExpr) -> ForStmt | None:
    """The ``for`` whose plain target ``expr`` is, while its body does not rebind it."""
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    path: str = getattr(api, "path", "")
    tree = function_at(path, func.line) if func is not None and path else None
    if func is None or tree is None:
        return None
    line = loop_header(tree, expr.line, expr.column, expr.name)
    loop = None if line is None else _statement_at(func.body, line, ForStmt)
    return loop if isinstance(loop, ForStmt) else None


def _elements(api: CheckerPluginInterface, expr: Expression, depth: int) -> Type | None:
    """The element type of a list value that can be believed (a loop variable: its list's)."""
    if depth > _MAX_HOPS:
        return None
    if isinstance(expr, NameExpr) and isinstance(expr.node, Var) and not is_trusted(api, expr):
        loop = enclosing_loop(api, expr)
        outer = None if loop is None else _elements(api, loop.expr, depth + 1)
        proper = get_proper_type(outer)
    elif is_trusted(api, expr):
        proper = get_proper_type(_lookup(api, expr))
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


def _blocks(stmt: Statement) -> list[Block]:
    if isinstance(stmt, IfStmt):
        return [*stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    if isinstance(stmt, WithStmt):
        return [stmt.body]
    if isinstance(stmt, TryStmt):
        extra = [b for b in (stmt.else_body, stmt.finally_body) if b is not None]
        return [stmt.body, *stmt.handlers, *extra]
    if isinstance(stmt, ForStmt | WhileStmt):
        return [stmt.body, *([stmt.else_body] if stmt.else_body else [])]
    return []


def _assignment_at(block: Block, line: int) -> AssignmentStmt | None:
    """The assignment statement at ``line`` (followed into compound statements' bodies)."""
    found = _statement_at(block, line, AssignmentStmt)
    if isinstance(found, AssignmentStmt) and len(found.lvalues) == 1:
        return found
    return None


def _statement_at(block: Block, line: int, kind: type[Statement]) -> Statement | None:
    for stmt in block.body:
        if isinstance(stmt, kind) and stmt.line == line:
            return stmt
        for sub in _blocks(stmt):
            found = _statement_at(sub, line, kind)
            if found is not None:
                return found
    return None
