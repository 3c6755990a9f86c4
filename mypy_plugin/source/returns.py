"""Find the ``Annotated[...]`` at a position inside a function's return annotation.

The type-analyze hook for ``Annotated`` knows only the line and column of the annotation
(mypy drops the ``NeuralType(...)`` call); this module finds the function whose return
annotation holds it, in the re-parsed source (cached by content hash).

>>> import ast
>>> tree = ast.parse("class M:\\n    def f(self) -> tuple[A[T, N()], int]: ...\\n")
>>> found = find_return(tree, 2, 25)
>>> found.owner, found.function, found.position, ast.unparse(found.node)
('M', 'f', 0, 'A[T, N()]')
"""

from __future__ import annotations

import ast
from typing import NamedTuple

__all__ = ["ReturnSite", "find_return"]

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


class ReturnSite(NamedTuple):
    """An annotation inside a return annotation: its node, function, class, tuple index."""

    node: ast.Subscript
    function: str
    owner: str  # the class of a method, "" for a module-level function
    position: int | None  # in a ``tuple[...]`` return; ``None``: the whole return


_RETURNS = "_neuraltypes_returns"  # memoised on the (shared, cached) tree

#: Line -> the functions (and their classes) whose return annotation spans that line.
_Index = dict[int, list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]]


def _returns_by_line(tree: ast.Module) -> _Index:
    known: _Index | None = getattr(tree, _RETURNS, None)
    if known is not None:
        return known
    found: _Index = {}
    for stmt in tree.body:
        if isinstance(stmt, _FUNCS):
            methods = [(stmt, "")]
        elif isinstance(stmt, ast.ClassDef):
            methods = [(s, stmt.name) for s in stmt.body if isinstance(s, _FUNCS)]
        else:
            continue
        for func, owner in methods:
            returns = func.returns
            if returns is None:
                continue
            for line in range(returns.lineno, (returns.end_lineno or returns.lineno) + 1):
                found.setdefault(line, []).append((func, owner))
    setattr(tree, _RETURNS, found)
    return found


def _within(node: ast.AST, line: int, col: int) -> bool:
    start = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    end = (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
    return start <= (line, col) < end


def find_return(tree: ast.Module, line: int, col: int) -> ReturnSite | None:
    """The ``Subscript`` starting at ``line:col`` in a top-level function's or a method's
    return annotation, or ``None`` (elsewhere, nested functions, quoted annotations)."""
    for func, owner in _returns_by_line(tree).get(line, ()):
        returns = func.returns
        if returns is None or not _within(returns, line, col):
            continue
        for node in ast.walk(returns):
            if isinstance(node, ast.Subscript) and (node.lineno, node.col_offset) == (line, col):
                return ReturnSite(node, func.name, owner, _tuple_index(returns, node))
        return None
    return None


def _tuple_index(returns: ast.expr, node: ast.expr) -> int | None:
    if returns is node or not isinstance(returns, ast.Subscript):
        return None
    items = returns.slice.elts if isinstance(returns.slice, ast.Tuple) else [returns.slice]
    for index, item in enumerate(items):
        if any(sub is node for sub in ast.walk(item)):
            return index
    return None
