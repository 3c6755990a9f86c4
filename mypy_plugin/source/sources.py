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
import gc
import hashlib
import os
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

from .exports import exports_digest

__all__ = [
    "assignment_named",
    "class_at",
    "class_named",
    "digest",
    "exports_digest",
    "files_are_stable",
    "function_at",
    "on_evict",
    "parse_file",
    "source_mentions",
]

#: Parsed files by content hash, least recently used first. mypy analyses and checks a
#: module within one SCC, so the trees of the files in use fit here; an evicted tree (and all
#: that is derived from it) is parsed again if asked for.
_TREES: OrderedDict[bytes, ast.Module] = OrderedDict()
KEEP_TREES: Final = 512
_INDEX: dict[bytes, dict[int, ast.AST]] = {}
_STAT: dict[str, tuple[tuple[int, int, int], bytes]] = {}
_ON_EVICT: list[Callable[[bytes], None]] = []


def on_evict(forget: Callable[[bytes], None]) -> None:
    """Call ``forget(key)`` when the tree of content hash ``key`` is dropped (caches of
    what was derived from it must drop it too)."""
    _ON_EVICT.append(forget)


def _keep(key: bytes, tree: ast.Module) -> None:
    _TREES[key] = tree
    while len(_TREES) > KEEP_TREES:
        old, _ = _TREES.popitem(last=False)
        _INDEX.pop(old, None)
        _DEFS.pop(old, None)
        for forget in _ON_EVICT:
            forget(old)


#: Whether files stay as they are while this build runs (a plain mypy run, which reads each
#: file once): a file parsed once is then not stat'ed again at every question. The daemon
#: sees edits between its runs, so it keeps asking.
_STABLE: list[bool] = [False]


def files_are_stable(stable: bool) -> None:
    """Say whether source files may change while this build runs (see ``_STABLE``); called
    at the start of each build, it also forgets which files were seen unchanged: a process
    can run several builds (``mypy.api.run`` in an editor's language server) with edits
    between them."""
    _STABLE[0] = stable
    _STAT.clear()


def _stamp(path: str) -> tuple[int, int, int] | None:
    """``(mtime_ns, size, inode)`` of ``path``, the signal mypy's own cache trusts."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _digest(path: str) -> bytes | None:
    if _STABLE[0]:
        known = _STAT.get(path)
        if known is not None and known[1] in _TREES:
            _TREES.move_to_end(known[1])
            return known[1]
    stamp = _stamp(path)
    if stamp is None:
        return None
    known = _STAT.get(path)
    if known is not None and known[0] == stamp and known[1] in _TREES:
        _TREES.move_to_end(known[1])
        return known[1]
    data = _read(path)
    if data is None:
        return None
    key = hashlib.blake2b(data, digest_size=16).digest()
    if key in _TREES:
        _TREES.move_to_end(key)
    else:
        tree = _parse(data, path)
        if tree is None:
            return None
        _keep(key, tree)
    _STAT[path] = (stamp, key)
    return key


def _parse(data: bytes, path: str) -> ast.Module | None:
    """``ast.parse``, with mypy's own trick for the many objects a parse creates: no
    collection while parsing (a tree has no cycles), then ``freeze``/``unfreeze`` moves them
    to the oldest generation, so the young collections that follow do not scan them again
    and again (mypy does this after loading its graph and cache: ``build.py``).

    Not in a worker of mypy's parallel mode (``-n``): it keeps everything it loads frozen,
    and ``unfreeze`` would hand all of it back to the full collection the worker runs before
    each import cycle (200 files took 71 s with ``-n 2``, 5 s without the trick there).
    The worker is recognised by its module, not by ``gc.get_freeze_count()``, which walks
    the whole frozen list and was then most of the worker's time.
    """
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return ast.parse(data, filename=path)
    except (SyntaxError, ValueError):
        return None
    finally:
        if collecting:
            if _PARALLEL_WORKER not in sys.modules:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


#: The module a worker process of mypy's parallel mode runs.
_PARALLEL_WORKER: Final = "mypy.build_worker"


#: ``(stamp, a word found)`` by path and words, for ``source_mentions``.
_MENTIONS: dict[tuple[str, tuple[bytes, ...]], tuple[tuple[int, int, int], bool]] = {}


def source_mentions(path: str, words: tuple[bytes, ...]) -> bool:
    """Whether the text of ``path`` contains one of ``words``, without parsing it; ``True``
    when it cannot be read (the caller then parses, and handles the error as before).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    ...     _ = f.write("x = nn.ModuleList([])\\n")
    >>> source_mentions(f.name, (b"ModuleDict", b"ModuleList")), source_mentions(f.name, (b"N",))
    (True, False)
    >>> os.unlink(f.name)
    """
    stamp = _stamp(path)
    if stamp is None:
        return True
    key = (path, words)
    known = _MENTIONS.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    data = _read(path)
    if data is None:
        return True
    found = any(word in data for word in words)  # a C search each: 3x faster than one regex
    if len(_MENTIONS) > 4 * KEEP_TREES:
        _MENTIONS.clear()
    _MENTIONS[key] = (stamp, found)
    return found


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


_TYPE_ALIAS = getattr(ast, "TypeAlias", None)  # Python 3.12+ ``type X = ...``
_DEFS: dict[bytes, dict[str, list[ast.stmt]]] = {}
_BLOCKS = ast.If | ast.Try | ast.TryStar | ast.With | ast.AsyncWith


def _scan(block: list[ast.stmt], found: dict[str, list[ast.stmt]]) -> None:
    """Module-level definitions by name, inside ``if``/``try``/``with`` but not functions."""
    for stmt in block:
        names: list[str] = []
        if isinstance(stmt, ast.Assign):
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names = [stmt.target.id] if stmt.value is not None else []
        elif isinstance(stmt, ast.ClassDef):
            names = [stmt.name]
        elif _TYPE_ALIAS is not None and isinstance(stmt, _TYPE_ALIAS):
            names = [stmt.name.id]
        for name in names:
            found.setdefault(name, []).append(stmt)
        if isinstance(stmt, _BLOCKS):
            for field in ("body", "orelse", "finalbody"):
                _scan(getattr(stmt, field, []), found)
            for handler in getattr(stmt, "handlers", []):
                _scan(handler.body, found)


def _definitions(path: str) -> dict[str, list[ast.stmt]]:
    key = _digest(path)
    if key is None:
        return {}
    defs = _DEFS.get(key)
    if defs is None:
        defs = {}
        _scan(_TREES[key].body, defs)
        _DEFS[key] = defs
    return defs


def assignment_named(path: str, name: str) -> ast.expr | None:
    """The value a module-level statement assigns to ``name`` (``X = ...``, ``X: T = ...``,
    ``type X = ...``), found by name: mypy's cache keeps no line for aliases, so a warm run
    must find exactly what a cold one does. ``None`` when ``name`` is defined differently in
    several places (``if``/``else``): which one applies is not known here.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    ...     _ = f.write("try:\\n    X = 1\\nexcept ImportError:\\n    pass\\n")
    >>> ast.dump(assignment_named(f.name, "X"))
    'Constant(value=1)'
    >>> os.unlink(f.name)
    """
    values: list[ast.expr] = []
    for stmt in _definitions(path).get(name, []):
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            values.append(stmt.value)
        elif _TYPE_ALIAS is not None and isinstance(stmt, _TYPE_ALIAS):
            values.append(stmt.value)
        else:
            return None  # also a class (or something else): ambiguous
    if not values or any(ast.dump(v) != ast.dump(values[0]) for v in values[1:]):
        return None
    return values[0]


def class_named(path: str, qualname: str) -> ast.ClassDef | None:
    """The class ``qualname`` (``Outer.Inner``, mypy's ``Local@12`` for a class in a function)
    of the module at ``path``, found by name; ``None`` if it is missing or defined twice.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    ...     _ = f.write("class A:\\n    class B:\\n        pass\\n")
    >>> class_named(f.name, "A.B").lineno
    2
    >>> os.unlink(f.name)
    """
    parts = qualname.split(".")
    anchored = [i for i, part in enumerate(parts) if "@" in part]
    if anchored:  # the line is part of the full name, so it survives the cache
        at = anchored[-1]
        name, _, line = parts[at].partition("@")
        found = class_at(path, int(line)) if line.isdigit() else None
        if found is None or found.name != name:
            return None
        parts = parts[at + 1 :]
    else:
        candidates = _definitions(path).get(parts[0], [])
        if len(candidates) != 1 or not isinstance(candidates[0], ast.ClassDef):
            return None
        found, parts = candidates[0], parts[1:]
    for part in parts:
        inner = [s for s in found.body if isinstance(s, ast.ClassDef) and s.name == part]
        if len(inner) != 1:
            return None
        found = inner[0]
    return found
