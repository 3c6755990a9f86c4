"""Reaching definitions of a name in straight-line code, from the function's ``ast``.

``reaching_defs(func, line, col, name)`` returns the assignments that may have produced
the value of ``name`` used at ``line:col``: a list of ``(line, path)`` where ``path`` is
the index path of ``name`` inside the assignment's target (``()`` for a plain target).
``None`` means "not sure": the use is inside a comprehension, lambda or nested function,
or some other statement (augmented assignment, ``for``/``with`` target, walrus, ``del``,
``match``...) may have bound the name in between. ``if``/``else``, ``with`` and ``try``
bodies are followed and their definitions merged, and so are the bodies of loops that never
rebind the name. A loop that rebinds it is "not sure", even for its first pass: NeMo's own
code passes a first-pass value that differs from its declared ports (``out = spec`` before
``for conv in self.conv_layers: out = conv(inputs=out)`` in ``DiscriminatorSTFT``).

>>> import ast
>>> src = "def f(a):\\n    x = a\\n    x, y = g(x)\\n    if a:\\n        x = h()\\n    use(x)\\n"
>>> func = ast.parse(src).body[0]
>>> reaching_defs(func, 6, 8, "x")
[(5, ()), (3, (0,))]
>>> reaching_defs(func, 3, 13, "x")
[(2, ())]
"""

from __future__ import annotations

import ast
from typing import Final

from .walk import bound_names, nodes, select

__all__ = ["Def", "loop_header", "reaches_start", "reaching_defs"]

#: One reaching definition: the assignment's line and the name's index path in its target.
Def = tuple[int, tuple[int, ...]]

_DEFERRED = (
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)
_DEFERRED_KINDS = frozenset(_DEFERRED)
_LOOP_OR_DEFERRED = frozenset({ast.For, ast.AsyncFor, *_DEFERRED})
_FOLLOWED = (ast.If, ast.With, ast.AsyncWith)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _contains(node: ast.AST, line: int, col: int) -> bool:
    start = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    end = (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
    return start <= (line, col) < end


def _binds(node: ast.AST, name: str) -> bool:
    """Whether ``name`` may be (re)bound anywhere inside ``node``."""
    return name in bound_names(node)


def _path(target: ast.expr, name: str) -> tuple[int, ...] | None:
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, ast.Tuple | ast.List):
        if any(isinstance(e, ast.Starred) for e in target.elts):
            return None
        for index, elt in enumerate(target.elts):
            sub = _path(elt, name)
            if sub is not None:
                return (index, *sub)
    return None


def _plain_def(stmt: ast.stmt, name: str) -> Def | None:
    """``stmt`` as a plain assignment of ``name`` (nothing else in it binds ``name``)."""
    if isinstance(stmt, ast.Assign):
        targets, value = stmt.targets, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets, value = [stmt.target], stmt.value
    else:
        return None
    if len(targets) != 1 or _binds(value, name):
        return None
    paths = [p for p in (_path(t, name) for t in targets) if p is not None]
    if len(paths) != 1:
        return None
    return stmt.lineno, paths[0]


def _before(block: list[ast.stmt], index: int, name: str) -> list[Def] | bool | None:
    """Definitions reaching the point before ``block[index]``; ``True``: none in ``block``."""
    for stmt in reversed(block[:index]):
        if not _binds(stmt, name):
            continue
        if any(o is not stmt and o.lineno == stmt.lineno for o in block):
            return None  # several statements on one line: lines would be ambiguous
        found = _plain_def(stmt, name)
        if found is not None:
            return [found]
        if isinstance(stmt, ast.If) and not _binds(stmt.test, name):
            branches = [_before(stmt.body, len(stmt.body), name)]
            branches.append(_before(stmt.orelse, len(stmt.orelse), name))
            if any(b is None for b in branches):
                return None
            defs: list[Def] = []
            falls_through = False
            for branch in branches:
                if branch is True:
                    falls_through = True
                elif isinstance(branch, list):
                    defs.extend(branch)
            if falls_through:
                rest = _before(block, block.index(stmt), name)
                if not isinstance(rest, list):
                    return None
                defs.extend(rest)
            return defs
        if isinstance(stmt, ast.Try | ast.TryStar):
            return _after_try(stmt, block, name)
        if isinstance(stmt, ast.With | ast.AsyncWith) and not any(
            _binds(item, name) for item in stmt.items
        ):
            inner = _before(stmt.body, len(stmt.body), name)
            return inner if isinstance(inner, list) else None
        return None
    return True


def _falls_through(body: list[ast.stmt]) -> bool:
    return not body or not isinstance(body[-1], ast.Raise | ast.Return | ast.Continue | ast.Break)


def _after_try(stmt: ast.Try | ast.TryStar, block: list[ast.stmt], name: str) -> list[Def] | None:
    """Definitions reaching the end of a ``try`` that binds ``name``: the ``try`` body's (or
    its ``else``'s) and every handler's that falls through; each must bind it plainly."""
    if _binds_any(stmt.finalbody, name) or any(
        h.name == name or (h.type is not None and _binds(h.type, name)) for h in stmt.handlers
    ):
        return None
    main = _before(stmt.orelse, len(stmt.orelse), name) if stmt.orelse else True
    if main is True:
        main = _before(stmt.body, len(stmt.body), name)
    if not isinstance(main, list):
        return None  # bound only part way: an exception may leave an older value
    defs = list(main)
    for handler in stmt.handlers:
        if not _falls_through(handler.body):
            continue
        found = _before(handler.body, len(handler.body), name)
        if not isinstance(found, list):
            return None
        defs.extend(found)
    return defs


def _binds_any(body: list[ast.stmt], name: str) -> bool:
    return any(_binds(s, name) for s in body)


def reaching_defs(
    func: ast.FunctionDef | ast.AsyncFunctionDef, line: int, col: int, name: str
) -> list[Def] | None:
    """The assignments that may have produced ``name`` used at ``line:col``, or ``None``."""
    found = _reaching(func, line, col, name)
    return found if isinstance(found, list) else None


def reaches_start(
    func: ast.FunctionDef | ast.AsyncFunctionDef, line: int, col: int, name: str
) -> bool:
    """Whether ``name`` at ``line:col`` surely still holds its value from the function's start.

    >>> func = ast.parse("def f(a):\\n    g(a)\\n    a = h(a)\\n    g(a)\\n").body[0]
    >>> reaches_start(func, 2, 6, "a"), reaches_start(func, 4, 6, "a")
    (True, False)
    """
    return _reaching(func, line, col, name) is True


_MEMO: Final = "_neuraltypes_reaching"


def _reaching(
    func: ast.FunctionDef | ast.AsyncFunctionDef, line: int, col: int, name: str
) -> list[Def] | bool | None:
    """``_reaching_now``, memoised on ``func`` (a call's signature and method hooks, and
    the trust rule for each argument, ask about the same use)."""
    memo: dict[tuple[int, int, str], list[Def] | bool | None] | None = getattr(func, _MEMO, None)
    if memo is None:
        memo = {}
        setattr(func, _MEMO, memo)
    key = (line, col, name)
    if key in memo:
        return memo[key]
    found = memo[key] = _reaching_now(func, line, col, name)
    return found


def _reaching_now(
    func: ast.FunctionDef | ast.AsyncFunctionDef, line: int, col: int, name: str
) -> list[Def] | bool | None:
    chain: list[tuple[list[ast.stmt], int]] = []
    block: list[ast.stmt] = func.body
    while True:
        index = next((i for i, s in enumerate(block) if _contains(s, line, col)), None)
        if index is None:
            return None
        stmt = block[index]
        chain.append((block, index))
        inner = None
        if isinstance(stmt, _LOOPS) and not _binds(stmt, name):
            # A loop that never rebinds ``name``: its value is the one from before the loop.
            inner = next((b for b in (stmt.body, stmt.orelse) if b and _in(b, line, col)), None)
        elif isinstance(stmt, _FOLLOWED):
            inner = next(
                (b for b in (stmt.body, getattr(stmt, "orelse", [])) if b and _in(b, line, col)),
                None,
            )
        elif isinstance(stmt, ast.Try | ast.TryStar) and _in(stmt.body, line, col):
            inner = stmt.body
        if inner is None:
            break
        block = inner
    stmt = chain[-1][0][chain[-1][1]]
    if isinstance(stmt, ast.For | ast.AsyncFor | ast.While | ast.Try | ast.TryStar | ast.Match):
        return None  # in a loop header, or a handler / case body
    if isinstance(stmt, _DEFERRED) or any(
        _contains(n, line, col) for n in select(stmt, _DEFERRED_KINDS)
    ):
        return None
    own = stmt.test if isinstance(stmt, ast.If) else stmt
    if isinstance(stmt, ast.With | ast.AsyncWith):
        own = ast.Tuple(elts=[i.context_expr for i in stmt.items])
    if any(isinstance(n, ast.NamedExpr) and _binds(n, name) for n in nodes(own)):
        return None
    for depth in range(len(chain) - 1, -1, -1):
        block, index = chain[depth]
        found = _before(block, index, name)
        if found is None or isinstance(found, list):
            return found
        if depth and _header_binds(chain[depth - 1][0][chain[depth - 1][1]], name):
            return None  # e.g. ``with f() as x:`` or a walrus in an ``if`` test
    return True  # reached the function's start: a parameter or unbound


def _header_binds(stmt: ast.stmt, name: str) -> bool:
    if isinstance(stmt, ast.If | ast.While):
        return _binds(stmt.test, name)
    if isinstance(stmt, ast.For | ast.AsyncFor):
        return _binds(stmt.target, name) or _binds(stmt.iter, name)
    if isinstance(stmt, ast.With | ast.AsyncWith):
        return any(_binds(item, name) for item in stmt.items)
    return False


def _in(block: list[ast.stmt], line: int, col: int) -> bool:
    return any(_contains(s, line, col) for s in block)


def loop_header(
    func: ast.FunctionDef | ast.AsyncFunctionDef, line: int, col: int, name: str
) -> int | None:
    """The line of the ``for name in ...:`` whose body holds the use at ``line:col``.

    Only when ``name`` is that loop's plain target and nothing in the body rebinds it (so
    the value is the current element), and the use is not inside a nested scope.

    >>> func = ast.parse("def f(xs):\\n    for x in xs:\\n        g(x)\\n").body[0]
    >>> loop_header(func, 3, 10, "x")
    2
    """
    found: ast.For | ast.AsyncFor | None = None
    for node in select(func, _LOOP_OR_DEFERRED):
        if isinstance(node, _DEFERRED) and node is not func and _contains(node, line, col):
            return None
        if (
            isinstance(node, ast.For | ast.AsyncFor)
            and _in(node.body, line, col)
            and (found is None or node.lineno > found.lineno)
        ):
            found = node
    if found is None or not isinstance(found.target, ast.Name) or found.target.id != name:
        return None
    if any(_binds(stmt, name) for stmt in found.body):
        return None
    return found.lineno
