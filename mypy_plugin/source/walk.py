"""Walking ``ast`` trees once: the nodes under a node, and the names it binds, memoised on it.

The parsed trees are shared (``sources.py`` caches them by content hash) and several rules
ask about the same function or statement (containers at semantic analysis; the trust rule,
reaching definitions and loops at check time), so each answer is kept on the node itself and
lives exactly as long as its tree (no memo refers back to its own node, so a dropped tree is
freed at once). ``nodes`` yields what ``ast.walk`` yields, in its order, except the context
and operator singletons; ``select`` keeps the node types a rule looks at.

>>> import ast
>>> func = ast.parse("def f(a):\\n    b = a\\n    for c in a: pass\\n").body[0]
>>> [type(n).__name__ for n in nodes(func)][:4]
['FunctionDef', 'arguments', 'Assign', 'For']
>>> sorted(bound_names(func))
['b', 'c', 'f']
"""

from __future__ import annotations

import ast
from typing import Any, Final

__all__ = ["ASSIGNS_AND_CALLS", "bound_names", "nodes", "select"]

#: What a scan for attribute assignments and in-place changes (``self.x.append(...)``) needs.
ASSIGNS_AND_CALLS: Final = frozenset({ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Call})

_NODES: Final = "_neuraltypes_nodes"
_BOUND: Final = "_neuraltypes_bound"
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}
#: Fields that hold identifiers, flags, or the ``expr_context``/operator singletons.
_LEAF_FIELDS: Final = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "kind", "type_comment", "conversion"}
    | {"is_async", "simple", "level", "module", "asname"}
)


def nodes(node: ast.AST) -> list[ast.AST]:
    """Every node under ``node`` (itself first), in ``ast.walk`` order, except the context and
    operator singletons (``Load()``, ``Add()``: no rule looks at them; ``Name.ctx`` still
    tells a store from a load); computed once."""
    return [node, *_below(node)]


def select(node: ast.AST, kinds: frozenset[type[ast.AST]]) -> list[Any]:
    """The nodes of ``nodes(node)`` whose exact type is in ``kinds``, in the same order (a
    parsed tree holds no subclasses of ``ast`` node types).

    >>> func = ast.parse("def f(a):\\n    b = a\\n    return b\\n").body[0]
    >>> [type(n).__name__ for n in select(func, frozenset({ast.Assign, ast.Return}))]
    ['Assign', 'Return']
    """
    below = [n for n in _below(node) if type(n) in kinds]
    return [node, *below] if type(node) in kinds else below


def _below(node: ast.AST) -> list[ast.AST]:
    """``nodes(node)`` without ``node``, memoised on it: a list holding ``node`` itself would
    make a reference cycle, and keep a dropped tree alive until a full collection."""
    found: list[ast.AST] | None = getattr(node, _NODES, None)
    if found is not None:
        return found
    found = []
    current = node
    index = 0
    fields_of = _FIELDS
    is_node = ast.AST
    while True:
        fields = fields_of.get(type(current))
        if fields is None:
            fields = _child_fields(type(current))
        for name in fields:
            value = getattr(current, name, None)
            if type(value) is list:
                found.extend([item for item in value if isinstance(item, is_node)])
            elif isinstance(value, is_node):
                found.append(value)
        if index == len(found):
            break
        current = found[index]
        index += 1
    setattr(node, _NODES, found)
    return found


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``kind`` that may hold nodes (not names, flags or singletons)."""
    fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _LEAF_FIELDS)
    return fields


_BINDERS: Final = frozenset(
    {ast.Name, ast.Global, ast.Nonlocal, ast.ExceptHandler, ast.alias}
    | {ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef}
)


def bound_names(node: ast.AST) -> frozenset[str]:
    """The names that may be (re)bound anywhere inside ``node``: assignment, ``del`` and loop
    targets, walrus, ``global``/``nonlocal``, ``except ... as``, imports, nested ``def`` and
    ``class``; computed once."""
    found: frozenset[str] | None = getattr(node, _BOUND, None)
    if found is not None:
        return found
    names: set[str] = set()
    for sub in select(node, _BINDERS):
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
