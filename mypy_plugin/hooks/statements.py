"""Statements and scopes of the function being checked (mypy nodes, found by line)."""

from __future__ import annotations

from mypy.nodes import (
    AssignmentStmt,
    Block,
    Expression,
    ForStmt,
    IfStmt,
    NameExpr,
    Statement,
    TryStmt,
    WhileStmt,
    WithStmt,
)
from mypy.plugin import CheckerPluginInterface
from mypy.types import Type

from ..fullnames import is_skipped_module
from ..source.reaching import loop_header
from ..source.sources import function_at

__all__ = [
    "assignment_at",
    "blocks_of",
    "enclosing_loop",
    "in_skipped_module",
    "is_parameter",
    "lookup_type",
    "statement_at",
]


def in_skipped_module(api: CheckerPluginInterface) -> bool:
    """Whether the module being checked is in a skipped package (torch's own code): no
    value there can carry a neural type, so nothing is traced (its source is never read)."""
    tree = getattr(api, "tree", None)
    return tree is not None and is_skipped_module(tree.fullname)


def lookup_type(api: CheckerPluginInterface, expr: Expression) -> Type | None:
    """The type mypy inferred for ``expr`` (``None`` if none was recorded)."""
    lookup = getattr(api, "lookup_type_or_none", None)
    found: Type | None = lookup(expr) if lookup is not None else None
    return found


def is_parameter(api: CheckerPluginInterface, expr: NameExpr) -> bool:
    """Whether ``expr`` names a parameter of the function being checked."""
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    return func is not None and any(arg.variable is expr.node for arg in func.arguments)


def enclosing_loop(api: CheckerPluginInterface, expr: NameExpr) -> ForStmt | None:
    """The ``for`` whose plain target ``expr`` is, while its body does not rebind it."""
    scope = getattr(api, "scope", None)
    func = scope.top_level_function() if scope is not None else None
    path: str = getattr(api, "path", "")
    tree = function_at(path, func.line) if func is not None and path else None
    if func is None or tree is None:
        return None
    line = loop_header(tree, expr.line, expr.column, expr.name)
    loop = None if line is None else statement_at(func.body, line, ForStmt)
    return loop if isinstance(loop, ForStmt) else None


def blocks_of(stmt: Statement) -> list[Block]:
    """The blocks of a compound statement (``if``/``with``/``try``/loops; not functions)."""
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


def assignment_at(block: Block, line: int) -> AssignmentStmt | None:
    """The assignment statement at ``line`` (followed into compound statements' bodies)."""
    found = statement_at(block, line, AssignmentStmt)
    if isinstance(found, AssignmentStmt) and len(found.lvalues) == 1:
        return found
    return None


def statement_at(block: Block, line: int, kind: type[Statement]) -> Statement | None:
    """The statement of ``kind`` at ``line`` (followed into compound statements)."""
    for stmt in block.body:
        if isinstance(stmt, kind) and stmt.line == line:
            return stmt
        for sub in blocks_of(stmt):
            found = statement_at(sub, line, kind)
            if found is not None:
                return found
    return None
