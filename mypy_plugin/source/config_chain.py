"""A configured class's bases and the attributes they build from its config, read from source.

A model's base (``EncDecCTCModel``) builds ``self.encoder`` from the config of a subclass
(``EncDecCTCModelBPE``) that mypy analyses *after* the base: the subclass imports the base.
Reading the chain of bases from source, before mypy starts, tells the plugin which classes a
config types without making the base's file depend on the subclass's (an import cycle that
changed mypy's checking order and its own errors on NeMo). Names are resolved through each
file's imports (``from .ctc_models import EncDecCTCModel``, a package's re-exports, ``import
pkg.mod as m``), within the configured packages only.

>>> import os, tempfile
>>> root = tempfile.mkdtemp()
>>> os.makedirs(os.path.join(root, "pkg"))
>>> for name, text in {"__init__.py": "from .base import Base\\n",
...     "base.py": "class Base:\\n    def __init__(self):\\n"
...                "        self.enc = self.from_config_dict(self._cfg.encoder)\\n",
...     "model.py": "from pkg import Base\\nclass Model(Base):\\n    pass\\n"}.items():
...     with open(os.path.join(root, "pkg", name), "w") as f:
...         _ = f.write(text)
>>> chain, read = class_chain("pkg.model.Model", [root], frozenset({"pkg"}))
>>> chain.classes, chain.config_attrs
(('pkg.model.Model', 'pkg.base.Base'), {'enc': 'encoder'})
>>> chain.modules, sorted(read)
(('pkg.model', 'pkg.base'), ['pkg', 'pkg.base', 'pkg.model'])
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Sequence
from typing import Final

from .chain_store import ClassChain, find_module
from .config_attrs import config_attributes
from .neural_type import dotted_name
from .sources import parse_file

__all__ = ["class_chain"]

#: How many imports or re-exports a name is followed through (a cycle stops there).
_MAX_HOPS: Final = 32


class _Resolver:
    """Resolves class names to the ``ClassDef`` that defines them, file by file."""

    def __init__(self, roots: Sequence[str], packages: frozenset[str]) -> None:
        self.roots = roots
        self.packages = packages
        self._files: dict[str, tuple[str, ast.Module] | None] = {}
        self.read: dict[str, str | None] = {}  # module -> its file (None: not found)

    def module(self, name: str) -> tuple[str, ast.Module] | None:
        """``(path, tree)`` of module ``name`` (only in the configured packages)."""
        if name in self._files:
            return self._files[name]
        found = None
        if name.partition(".")[0] in self.packages:
            path = find_module(name, self.roots)
            self.read[name] = path
            tree = None if path is None else parse_file(path)
            found = None if path is None or tree is None else (path, tree)
        self._files[name] = found
        return found

    def cls(self, fullname: str, hops: int = 0) -> tuple[str, ast.ClassDef] | None:
        """``(defining full name, ClassDef)`` of the class ``fullname`` names."""
        module, _, name = fullname.rpartition(".")
        return self.name_in(module, name, hops) if module else None

    def name_in(self, module: str, name: str, hops: int) -> tuple[str, ast.ClassDef] | None:
        """The class ``name`` in ``module``'s namespace (defined there or imported)."""
        found = self.module(module)
        if found is None or hops > _MAX_HOPS:
            return None
        path, tree = found
        package = _package(module, path)
        stars: list[str] = []
        for stmt in _top_level(tree.body):
            if isinstance(stmt, ast.ClassDef) and stmt.name == name:
                return f"{module}.{name}", stmt
            if isinstance(stmt, ast.ImportFrom):
                source = _absolute(stmt, package)
                if source is None:
                    continue
                for alias in stmt.names:
                    if alias.name == "*":
                        stars.append(source)
                    elif (alias.asname or alias.name) == name:
                        return self.name_in(source, alias.name, hops + 1)
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target = stmt.targets[0]
                if isinstance(target, ast.Name) and target.id == name:
                    return self.expr_in(module, package, tree, stmt.value, hops + 1)
        for source in stars:
            hit = self.name_in(source, name, hops + 1)
            if hit is not None:
                return hit
        return None

    def expr_in(
        self, module: str, package: str, tree: ast.Module, expr: ast.expr, hops: int
    ) -> tuple[str, ast.ClassDef] | None:
        """The class a base expression (``Base``, ``mod.Base``, ``Base[T]``) names."""
        if isinstance(expr, ast.Subscript):
            expr = expr.value
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if not rest:
            return self.name_in(module, head, hops)
        # ``mod.Base``: ``mod`` is an imported module (``import a.b as mod``, ``from a import b``)
        for stmt in _top_level(tree.body):
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname == head:
                        return self.cls(f"{alias.name}.{rest}", hops + 1)
                    if alias.asname is None and dotted.startswith(alias.name + "."):
                        return self.cls(dotted, hops + 1)
            elif isinstance(stmt, ast.ImportFrom):
                source = _absolute(stmt, package)
                for alias in stmt.names:
                    if source is not None and (alias.asname or alias.name) == head:
                        return self.cls(f"{source}.{alias.name}.{rest}", hops + 1)
        return None


def class_chain(
    cls: str, roots: Sequence[str], packages: frozenset[str]
) -> tuple[ClassChain | None, dict[str, str | None]]:
    """The chain of ``cls`` (``None`` when its source cannot be found) and the modules read
    to find it (``{module: file}``, ``None`` for a module that was looked for and is absent).
    """
    resolver = _Resolver(roots, packages)
    start = resolver.cls(cls)
    if start is None:
        return None, resolver.read
    defs: dict[str, ast.ClassDef] = {}
    bases: dict[str, list[str]] = {}
    todo = [start]
    while todo:
        fullname, node = todo.pop()
        if fullname in defs:
            continue
        defs[fullname] = node
        module = fullname.rpartition(".")[0]
        found = resolver.module(module)
        if found is None:  # pragma: no cover - resolved from this very module
            bases[fullname] = []
            continue
        path, tree = found
        package = _package(module, path)
        resolved = [resolver.expr_in(module, package, tree, base, 0) for base in node.bases]
        hits = [hit for hit in resolved if hit is not None]
        bases[fullname] = [name for name, _ in hits]
        todo.extend(hits)
    order = _linearize(start[0], bases)
    attrs: dict[str, str] = {}
    for name in order:
        for attr, node_path in config_attributes(defs[name]).items():
            attrs.setdefault(attr, node_path)
    modules = tuple(dict.fromkeys(name.rpartition(".")[0] for name in order))
    return ClassChain(tuple(order), modules, attrs), resolver.read


def _linearize(start: str, bases: dict[str, list[str]]) -> list[str]:
    """C3 (Python's MRO) over the resolved bases; depth-first order if C3 fails."""
    memo: dict[str, list[str] | None] = {}

    def c3(name: str, depth: int) -> list[str] | None:
        if name in memo:
            return memo[name]
        memo[name] = None  # a cycle in the bases fails C3
        if depth > _MAX_HOPS:
            return None
        parents = bases.get(name, [])
        seqs: list[list[str]] = []
        for parent in parents:
            found = c3(parent, depth + 1)
            if found is None:
                return None
            seqs.append(list(found))
        seqs.append(list(parents))
        result = [name]
        while any(seqs):
            for seq in seqs:
                if seq and not any(seq[0] in other[1:] for other in seqs):
                    head = seq[0]
                    break
            else:
                return None
            result.append(head)
            for seq in seqs:
                if seq and seq[0] == head:
                    del seq[0]
        memo[name] = result
        return result

    found = c3(start, 0)
    if found is not None:
        return found
    order: list[str] = []
    todo = [start]
    while todo:
        name = todo.pop(0)
        if name not in order:
            order.append(name)
            todo.extend(bases.get(name, []))
    return order


def _package(module: str, path: str) -> str:
    """The package relative imports in ``module`` (at ``path``) start from."""
    is_package = os.path.basename(path) in ("__init__.py", "__init__.pyi")
    return module if is_package else module.rpartition(".")[0]


def _absolute(stmt: ast.ImportFrom, package: str) -> str | None:
    """The absolute module of ``from <module> import ...`` written in ``package``."""
    if not stmt.level:
        return stmt.module
    parts = package.split(".") if package else []
    if stmt.level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (stmt.level - 1)]
    if stmt.module:
        base.append(stmt.module)
    return ".".join(base) or None


def _top_level(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    """Module-level statements, including those under ``if``/``try`` (``TYPE_CHECKING``)."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            yield from _top_level(stmt.body)
            yield from _top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _top_level(stmt.body)
            for handler in stmt.handlers:
                yield from _top_level(handler.body)
            yield from _top_level(stmt.orelse)
            yield from _top_level(stmt.finalbody)
        else:
            yield stmt
