"""``RewriteNemoImportsCommand``: import the NeMo type vocabulary from ``neuraltypes`` instead.

>>> import libcst as cst
>>> from libcst.codemod import CodemodContext
>>> src = "from nemo.core.classes import Exportable, NeuralModule, typecheck\\n"
>>> print(RewriteNemoImportsCommand(CodemodContext()).transform_module(cst.parse_module(src)).code)
from nemo.core.classes import Exportable
from neuraltypes import NeuralModule, typecheck
<BLANKLINE>
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from ._annotations import code
from ._import_edits import merge_duplicates
from ._layout import line_length
from ._names import NEMO_MIXED_MODULES, NEMO_VOCAB_MODULES, NEURALTYPES_EXPORTS
from ._speed import NoCopyMetadata, StatementsOnly

__all__ = ["REWRITES_KEY", "RewriteNemoImportsCommand"]

REWRITES_KEY = "neuraltypes.rewritten_imports"  # context.scratch[REWRITES_KEY] = int


def _target() -> cst.Name:
    return cst.Name("neuraltypes")


def _alias_name(alias: cst.ImportAlias) -> str:
    return code(alias.name)


def _with_names(node: cst.ImportFrom, names: list[cst.ImportAlias]) -> cst.ImportFrom:
    fixed = [
        a.with_changes(comma=cst.MaybeSentinel.DEFAULT) if i == len(names) - 1 else a
        for i, a in enumerate(names)
    ]
    return (
        node.with_changes(names=fixed, lpar=None, rpar=None)
        if len(names) < 2
        else (node.with_changes(names=fixed))
    )


class RewriteNemoImportsCommand(NoCopyMetadata, StatementsOnly):
    """Point ``from nemo.core.neural_types import ...`` (and friends) at ``neuraltypes``."""

    DESCRIPTION: str = "Import the NeMo neural type vocabulary from neuraltypes"

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.reset(context)

    def reset(self, context: CodemodContext) -> None:
        """Start over on a new file (the CLI reuses one instance: libcst's __init__ is slow)."""
        self.context = context
        self.context.scratch.setdefault(REWRITES_KEY, 0)

    def _count(self) -> None:
        self.context.scratch[REWRITES_KEY] = int(str(self.context.scratch[REWRITES_KEY])) + 1

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(updated_node.body) != 1:
            return updated_node
        stmt = updated_node.body[0]
        if isinstance(stmt, cst.Import):
            return self._plain_import(updated_node, stmt)
        if not isinstance(stmt, cst.ImportFrom) or stmt.relative or stmt.module is None:
            return updated_node
        module = code(stmt.module)
        if module in NEMO_VOCAB_MODULES:
            self._count()
            return updated_node.with_changes(body=[stmt.with_changes(module=_target())])
        if module not in NEMO_MIXED_MODULES or isinstance(stmt.names, cst.ImportStar):
            return updated_node
        moved = [a for a in stmt.names if _alias_name(a) in NEURALTYPES_EXPORTS]
        kept = [a for a in stmt.names if _alias_name(a) not in NEURALTYPES_EXPORTS]
        if not moved:
            return updated_node
        self._count()
        if not kept:
            return updated_node.with_changes(body=[stmt.with_changes(module=_target())])
        first = updated_node.with_changes(body=[_with_names(stmt, kept)])
        second = cst.SimpleStatementLine(
            body=[_with_names(cst.ImportFrom(module=_target(), names=moved), moved)]
        )
        return cst.FlattenSentinel([first, second])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        """One ``from neuraltypes import`` line: rewritten NeMo lines are merged, names sorted."""
        limit = line_length(self.context.scratch)
        body = merge_duplicates(list(updated_node.body), "neuraltypes", limit)
        return (
            updated_node
            if len(body) == len(updated_node.body)
            else updated_node.with_changes(body=body)
        )

    def _plain_import(
        self, line: cst.SimpleStatementLine, stmt: cst.Import
    ) -> cst.SimpleStatementLine:
        names = []
        for alias in stmt.names:
            if alias.asname is not None and code(alias.name) in NEMO_VOCAB_MODULES:
                alias = alias.with_changes(name=_target())
                self._count()
            names.append(alias)
        return line.with_changes(body=[stmt.with_changes(names=names)])
