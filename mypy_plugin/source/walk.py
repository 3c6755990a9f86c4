"""Walking ``ast`` trees once: the nodes under a node, and the names it binds, memoised on it.

The parsed trees are shared (``sources.py`` caches them by content hash) and several rules
ask about the same function or statement (containers at semantic analysis; the trust rule,
reaching definitions and loops at check time), so each answer is kept on the node itself and
lives exactly as long as its tree. ``nodes`` yields what ``ast.walk`` yields, in its order.

>>> import ast
>>> func = ast.parse("def f(a):\\n    b = a\\n    for c in a: pass\\n").body[0]
>>> [type(n).__name__ for n in nodes(func)][:4]
['FunctionDef', 'arguments', 'Assign', 'For']
>>> sorted(bound_names(func))
['b', 'c', 'f']
"""

from __future__ import annotations

import ast
from typing import Final

__all__ = ["bound_names", "nodes"]

_NODES: Final = "_neuraltypes_nodes"
_BOUND: Final = "_neuraltypes_bound"
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def nodes(node: ast.AST) -> list[ast.AST]:
    """Every node under ``node`` (itself first), in ``ast.walk`` order; computed once."""
    found: list[ast.AST] | None = getattr(node, _NODES, None)
    if found is not None:
        return found
    found = [node]
    index = 0
    while index < len(found):
        current = found[index]
        index += 1
        kind = type(current)
        fields = _FIELDS.get(kind)
        if fields is None:
            fields = _FIELDS[kind] = tuple(current._fields)
        for name in fields:
            value = getattr(current, name, None)
            if isinstance(value, ast.AST):
                found.append(value)
            elif isinstance(value, list):
                found.extend(item for item in value if isinstance(item, ast.AST))
    setattr(node, _NODES, found)
    return found


def bound_names(node: ast.AST) -> frozenset[str]:
    """The names that may be (re)bound anywhere inside ``node``: assignment, ``del`` and loop
    targets, walrus, ``global``/``nonlocal``, ``except ... as``, imports, nested ``def`` and
    ``class``; computed once."""
    found: frozenset[str] | None = getattr(node, _BOUND, None)
    if found is not None:
        return found
    names: set[str] = set()
    for sub in nodes(node):
        if isinstance(sub, ast.Name):
            if not isinstance(sub.ctx, ast.Load):
                names.add(sub.id)
        elif isinstance(sub, ast.Global | ast.Nonlocal):
            names.update(sub.names)
        elif isinstance(sub, ast.ExceptHandler):
            if sub.name:
                names.add(sub.name)
        elif isinstance(sub, ast.alias):
            names.add((sub.asname or sub.name).split(".")[0])
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(sub.name)
    found = frozenset(names)
    setattr(node, _BOUND, found)
    return found
