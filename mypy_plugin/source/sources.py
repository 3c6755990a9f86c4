"""Parsed source files, cached by content hash (never by node identity).

A file is re-read and re-hashed only when its ``(mtime_ns, size, inode)`` changes: the same
signal mypy's own cache and daemon use, so this adds no staleness mypy does not already have.

>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
...     _ = f.write("x = 1\\n")
>>> parse_file(f.name).body[0].lineno
1
>>> os.unlink(f.name)
"""

from __future__ import annotations

import ast
import hashlib
import os

__all__ = ["class_at", "function_at", "parse_file"]

_TREES: dict[bytes, ast.Module] = {}
_INDEX: dict[bytes, dict[int, ast.AST]] = {}
_LAST: dict[str, bytes] = {}
_STAT: dict[str, tuple[tuple[int, int, int], bytes]] = {}


def _digest(path: str) -> bytes | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    known = _STAT.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    key = hashlib.blake2b(data, digest_size=16).digest()
    if key not in _TREES:
        try:
            _TREES[key] = ast.parse(data, filename=path)
        except (SyntaxError, ValueError):
            return None
    _LAST[path] = key
    _STAT[path] = (stamp, key)
    return key


def parse_file(path: str) -> ast.Module | None:
    """The ``ast`` of ``path``, or ``None`` if it cannot be read or parsed."""
    key = _digest(path)
    return None if key is None else _TREES[key]


def digest(path: str) -> bytes | None:
    """The content hash of ``path`` (parsing it if needed)."""
    return _digest(path)


def _index(key: bytes) -> dict[int, ast.AST]:
    index = _INDEX.get(key)
    if index is None:
        index = {}
        # Definitions are statements: walk statement lists only, never into expressions.
        todo: list[ast.stmt] = list(reversed(_TREES[key].body))
        while todo:
            node = todo.pop()
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                index.setdefault(node.lineno, node)
                for deco in node.decorator_list:
                    index.setdefault(deco.lineno, node)
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                block = getattr(node, field, None)
                if isinstance(block, list):
                    for child in reversed(block):
                        if isinstance(child, ast.stmt):
                            todo.append(child)
                        else:  # except handlers and match cases hold statements
                            todo.extend(reversed(getattr(child, "body", [])))
        _INDEX[key] = index
    return index


def class_at(path: str, line: int) -> ast.ClassDef | None:
    """The class defined at ``line`` (its ``class`` or first decorator line)."""
    key = _digest(path)
    node = None if key is None else _index(key).get(line)
    return node if isinstance(node, ast.ClassDef) else None


def function_at(path: str, line: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function defined at ``line``."""
    key = _digest(path)
    node = None if key is None else _index(key).get(line)
    return node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None


def assignment_at(path: str, line: int, name: str) -> ast.expr | None:
    """The value assigned to ``name`` by a module-level statement at ``line``."""
    tree = parse_file(path)
    if tree is None:
        return None
    for stmt in tree.body:
        if stmt.lineno != line and getattr(stmt, "end_lineno", None) != line:
            if not (stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno)):
                continue
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in stmt.targets
        ):
            return stmt.value
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == name
        ):
            return stmt.value
        alias_node = getattr(ast, "TypeAlias", None)  # Python 3.12+ ``type X = ...``
        if alias_node is not None and isinstance(stmt, alias_node) and stmt.name.id == name:
            value: ast.expr = stmt.value
            return value
    return None
