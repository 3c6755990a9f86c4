"""Assignment facts of a function, from its source: how often each name is bound, which
names are changed in place, and the value of each name's last plain assignment.

Read by the trust rule (``trust.py``); cached by the file's content hash and the function's
line, never by node identity.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from mypy.plugin import CheckerPluginInterface

from ..model.rules import TENSOR_ATTRIBUTES
from ..source.sources import digest, function_at, on_evict, parse_file
from ..source.walk import select

__all__ = ["ast_tainted", "function_facts"]


@dataclass
class _Facts:
    counts: dict[str, int] = field(default_factory=dict)
    inplace: set[str] = field(default_factory=set)
    values: dict[str, ast.expr] = field(default_factory=dict)


#: Facts by file content hash, then function line; dropped with the file's tree (they hold
#: its expressions).
_FACTS: dict[bytes, dict[int, _Facts]] = {}


def _forget(key: bytes) -> None:
    _FACTS.pop(key, None)


on_evict(_forget)


def _targets(node: ast.expr, out: list[str]) -> None:
    if isinstance(node, ast.Name):
        out.append(node.id)
    elif isinstance(node, ast.Tuple | ast.List):
        for elt in node.elts:
            _targets(elt, out)
    elif isinstance(node, ast.Starred):
        _targets(node.value, out)


_FACT_NODES = frozenset(
    {ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor}
    | {ast.comprehension, ast.withitem, ast.ExceptHandler, ast.Delete, ast.Global}
    | {ast.Nonlocal, ast.Call}
)


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

    for node in select(scope, _FACT_NODES):
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


def function_facts(api: CheckerPluginInterface) -> _Facts:
    """Assignment facts of the function being checked (cached by file hash and line)."""
    path: str = getattr(api, "path", "")
    key = digest(path) if path else None
    if key is None:
        return _Facts()
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    line = func.line if func is not None else 0
    by_line = _FACTS.setdefault(key, {})
    cached = by_line.get(line)
    if cached is None:
        tree: ast.AST | None = function_at(path, line) if line else parse_file(path)
        cached = _collect(tree) if tree is not None else _Facts()
        by_line[line] = cached
    return cached


def ast_tainted(node: ast.expr, facts: _Facts, seen: set[str]) -> bool:
    """Whether a value may carry a stale neural type through plain aliasing."""
    if isinstance(node, ast.Name):
        name = node.id
        if name in facts.inplace or facts.counts.get(name, 0) > 1:
            return True
        if name in seen or name not in facts.values:
            return False
        seen.add(name)
        return ast_tainted(facts.values[name], facts, seen)
    if isinstance(node, ast.Tuple | ast.List):
        return any(ast_tainted(e, facts, seen) for e in node.elts)
    if isinstance(node, ast.Starred):
        return ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.Subscript):
        return ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.IfExp):
        return ast_tainted(node.body, facts, seen) or ast_tainted(node.orelse, facts, seen)
    if isinstance(node, ast.BoolOp):
        return any(ast_tainted(v, facts, seen) for v in node.values)
    if isinstance(node, ast.NamedExpr):
        return ast_tainted(node.value, facts, seen)
    if isinstance(node, ast.Attribute):
        return node.attr not in TENSOR_ATTRIBUTES  # attribute carriers are untrusted
    return False  # calls: modelled ops check their own inputs; others build fresh types
