"""Port properties computed by branches: one literal port set per branch.

``if self.learn_alignment: return {...}`` / ``else: return {...}``, or ``return
self._input_types`` where every assignment of ``self._input_types`` in the class is a
literal mapping in ``__init__``, give the list of port sets the property may return. A call
is then checked against each (``hooks/module_call.py``). ``None`` when any branch is not a
literal mapping, or some code path returns something else.

>>> import ast
>>> src = '''
... class M:
...     @property
...     def output_types(self):
...         if self.flag:
...             return {"a": NT()}
...         return {"b": NT()}
... '''
>>> cls = ast.parse(src).body[0]
>>> def read(node): return {key.value: None for key in node.keys}
>>> [list(ports) for ports in branch_ports(cls, cls.body[0], read)]
[['a'], ['b']]
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from .walk import ASSIGNS_AND_CALLS, select

__all__ = ["OWN_CLASS_SUFFIX", "branch_ports", "from_attribute"]

#: Key suffix for port sets that hold for the defining class only (``self._input_types``).
OWN_CLASS_SUFFIX = ":own"

#: Reads one literal mapping node into ``{port: spec}`` (``None`` if it is not one).
Reader = Callable[[ast.expr], dict[str, Any] | None]


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    return [
        s
        for s in body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        and not isinstance(s, ast.Pass)
    ]


def _returns(body: list[ast.stmt], out: list[ast.expr]) -> bool:
    """Collect the returned values; ``False`` unless the block is only ``if``s and
    ``return``s and every path ends in a ``return`` with a value."""
    stmts = _statements(body)
    if not stmts:
        return False
    for stmt in stmts:
        if isinstance(stmt, ast.Return):
            if stmt.value is None:
                return False
            out.append(stmt.value)
            return stmt is stmts[-1]
        if not isinstance(stmt, ast.If) or not _returns_some(stmt, out):
            return False
    last = stmts[-1]
    return (
        isinstance(last, ast.If) and bool(last.orelse) and _ends(last.body) and _ends(last.orelse)
    )


def _returns_some(stmt: ast.If, out: list[ast.expr]) -> bool:
    if not _returns(stmt.body, out):
        return False
    return not stmt.orelse or _returns(stmt.orelse, out)


def _ends(body: list[ast.stmt]) -> bool:
    stmts = _statements(body)
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, ast.Return):
        return True
    return (
        isinstance(last, ast.If) and bool(last.orelse) and _ends(last.body) and _ends(last.orelse)
    )


def _self_attr(func: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.expr) -> str | None:
    args = [*func.args.posonlyargs, *func.args.args]
    me = args[0].arg if args else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == me:
        return node.attr
    return None


def _assigned_in_init(cls: ast.ClassDef, attr: str) -> list[ast.expr] | None:
    """The values of every ``self.<attr> = ...`` of the class (``None`` unless all are in
    ``__init__``)."""
    values: list[ast.expr] = []
    for func in cls.body:
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in select(func, ASSIGNS_AND_CALLS):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                targets = [node.target]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if _self_attr(func, node.func.value) == attr:
                    return None  # ``self._input_types.update(...)``: changed in place
            for target in targets:
                if isinstance(target, ast.Subscript) and _self_attr(func, target.value) == attr:
                    return None
                if _self_attr(func, target) != attr:
                    continue
                if func.name != "__init__" or not isinstance(node, ast.Assign):
                    return None
                if len(node.targets) != 1:
                    return None
                values.append(node.value)
    return values or None


def from_attribute(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether property ``func`` returns an attribute (``return self._input_types``): its
    port sets hold only for the class itself (a subclass may assign the attribute)."""
    values: list[ast.expr] = []
    return _returns(func.body, values) and len(values) == 1


def branch_ports(
    cls: ast.ClassDef, func: ast.FunctionDef | ast.AsyncFunctionDef, read: Reader
) -> list[dict[str, Any]] | None:
    """The port sets property ``func`` of ``cls`` may return (see the module docstring)."""
    values: list[ast.expr] = []
    if not _returns(func.body, values):
        return None
    if len(values) == 1:
        attr = _self_attr(func, values[0])
        found = None if attr is None else _assigned_in_init(cls, attr)
        if found is None:
            return None
        values = found
    port_sets = [read(value) for value in values]
    if len(port_sets) < 2 or any(p is None for p in port_sets):
        return None
    return [p for p in port_sets if p is not None]
