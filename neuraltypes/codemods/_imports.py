"""Resolve names to qualified names from a module's imports (a fast QualifiedNameProvider).

libcst's ``QualifiedNameProvider`` runs a full scope analysis of every module (about 100 ms
for a 50-line file here); the codemods only ask about a few names (``NeuralType``, ``Tensor``,
``Optional``, bases, ``property``), always bound by module-level imports, so a table of those
imports gives the same answers for a fraction of the cost. Names rebound locally (a parameter
called ``NeuralType``) are not tracked.

>>> import libcst as cst
>>> table = ImportTable(cst.parse_module("import neuraltypes as nt\\nfrom typing import List as L"))
>>> sorted(table.qualify(cst.parse_expression("nt.NeuralType")) | table.qualify(cst.Name("L")))
['neuraltypes.NeuralType', 'typing.List']
"""

from __future__ import annotations

import builtins

import libcst as cst
from libcst.helpers import get_full_name_for_node

__all__ = ["ImportTable"]

_BUILTINS = frozenset(dir(builtins))


class ImportTable:
    """Local name -> qualified name for a module's top-level imports and definitions."""

    def __init__(self, module: cst.Module) -> None:
        self.names: dict[str, str] = {}
        self.star: list[str] = []
        self._collect(module.body)

    def _collect(self, body: object) -> None:
        for stmt in body if isinstance(body, list | tuple) else ():
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Import):
                        self._import(small)
                    elif isinstance(small, cst.ImportFrom):
                        self._import_from(small)
            elif isinstance(stmt, cst.ClassDef | cst.FunctionDef):
                self.names[stmt.name.value] = stmt.name.value
            elif isinstance(stmt, cst.If | cst.Try):  # TYPE_CHECKING / ImportError fallbacks
                self._collect(_block(stmt.body))
                others = [stmt.orelse] if isinstance(stmt, cst.If) else list(stmt.handlers)
                for other in others:
                    if other is not None:
                        self._collect(_block(other.body))

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = get_full_name_for_node(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.names[alias.asname.name.value] = dotted
            else:
                head = dotted.split(".")[0]
                self.names[head] = head

    def _import_from(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        module = get_full_name_for_node(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            self.star.append(module)
            return
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.names[local] = f"{module}.{name}"

    def qualify(self, node: cst.CSTNode) -> set[str]:
        """Qualified names ``node`` may denote (empty when unknown)."""
        dotted = (
            get_full_name_for_node(node) if isinstance(node, cst.Name | cst.Attribute) else None
        )
        if not dotted:
            return set()
        head, _, rest = dotted.partition(".")
        if head in self.names:
            base = self.names[head]
            return {f"{base}.{rest}" if rest else base}
        if not rest and head in _BUILTINS:
            return {f"builtins.{head}"}
        return {f"{mod}.{dotted}" for mod in self.star}


def _block(body: cst.BaseSuite) -> tuple[cst.BaseStatement, ...] | tuple[()]:
    return tuple(body.body) if isinstance(body, cst.IndentedBlock) else ()
