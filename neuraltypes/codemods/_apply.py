"""Apply a migration plan while libcst walks the tree: annotations in, properties and imports out.

``MigratePortsCommand`` plans everything in ``visit_Module`` (nodes of the original tree ->
new annotations, properties to remove, imports to add/drop); this mixin holds the ``leave_*``
hooks that carry it out.

>>> ApplyPlan.leave_Param.__doc__
'Give a planned parameter its annotation (``x=1`` becomes ``x: T = 1``).'
"""

from __future__ import annotations

from typing import Any

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from ._forward import class_body, named_params, walk
from ._import_edits import edit_imports
from ._layout import (
    explode_params,
    explode_returns,
    header_length,
    line_length,
    wrap_long_params,
)
from ._nemo import derived_return

__all__ = ["ApplyPlan"]

_INDENT = 4  # a method sits one level in


class ApplyPlan:
    """``leave_*`` hooks for ``MigratePortsCommand`` (state is set by its planning pass)."""

    context: CodemodContext
    _annotations: dict[cst.CSTNode, cst.BaseExpression]
    _remove: set[cst.CSTNode]
    _derive: dict[cst.CSTNode, str]
    _comments: dict[cst.CSTNode, list[str]]
    _add: list[tuple[str, str]]
    _drop: set[tuple[str, str]]

    def qn(self, node: cst.CSTNode) -> set[str]:
        """Qualified names of ``node`` (provided by the command)."""
        raise NotImplementedError

    @property
    def _everything(self) -> list[cst.CSTNode]:
        """Every node of the module (provided by the command)."""
        raise NotImplementedError

    def _unused(self) -> list[tuple[str, str]]:
        """The typing/collections names the removed properties used that nothing else uses."""
        if not self._drop:
            return []
        gone: set[cst.CSTNode] = set()
        for prop in self._remove:
            gone.update(walk(prop))
        for prop in self._derive:
            gone.update(walk(cst.ensure_type(prop, cst.FunctionDef).body))
        for n in self._everything:  # names in the import lines themselves do not count
            if isinstance(n, cst.ImportAlias):
                gone.add(n.name)
        used: set[str] = set()
        texts: list[str] = []
        for n in self._everything:
            if isinstance(n, cst.Name) and n not in gone:
                used.add(n.value)
            elif isinstance(n, cst.SimpleString):
                texts.append(n.value)
        return [
            (mod, obj)
            for mod, obj in sorted(self._drop)
            if obj not in used and not any(obj in t for t in texts)
        ]

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not (self._annotations or self._remove or self._derive):
            return updated_node
        add = [(mod, obj) for mod, obj in self._add if f"{mod}.{obj}" not in self.qn(cst.Name(obj))]
        limit = line_length(self.context.scratch)
        return edit_imports(updated_node, add=add, drop=self._unused(), max_line=limit)

    # -- applying the plan -----------------------------------------------------------------
    def _use(self, ann: cst.BaseExpression) -> cst.BaseExpression:
        nodes = walk(ann)
        if any(m.matches(n, m.Name("Annotated")) for n in nodes):
            self._need("typing", "Annotated")
        attrs = {n.attr for n in nodes if isinstance(n, cst.Attribute)}  # torch.Tensor
        if any(isinstance(n, cst.Name) and n.value == "Tensor" and n not in attrs for n in nodes):
            self._need("torch", "Tensor")  # skipped in leave_Module if Tensor is bound already
        return ann

    def _need(self, module: str, name: str) -> None:
        if (module, name) not in self._add:
            self._add.append((module, name))

    def leave_Param(self, original_node: cst.Param, updated_node: cst.Param) -> cst.Param:
        """Give a planned parameter its annotation (``x=1`` becomes ``x: T = 1``)."""
        new = self._annotations.get(original_node)
        if new is None:
            return updated_node
        changes: dict[str, Any] = {"annotation": cst.Annotation(self._use(new))}
        if original_node.annotation is None and original_node.default is not None:
            changes["equal"] = cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(" "),
                whitespace_after=cst.SimpleWhitespace(" "),
            )
        elif original_node.annotation is not None:
            changes["annotation"] = original_node.annotation.with_changes(annotation=self._use(new))
        return updated_node.with_changes(**changes)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        new = self._annotations.get(original_node)
        if new is None:
            return updated_node
        return updated_node.with_changes(
            annotation=updated_node.annotation.with_changes(annotation=self._use(new))
        )

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef | cst.RemovalSentinel:
        if original_node in self._remove:
            return cst.RemovalSentinel.REMOVE
        if original_node in self._derive:
            return _derived(updated_node, self._derive[original_node])
        new = self._annotations.get(original_node)
        if new is not None:
            if original_node.returns is not None:
                returns = original_node.returns.with_changes(annotation=self._use(new))
            else:
                returns = cst.Annotation(self._use(new))
            updated_node = updated_node.with_changes(returns=returns)
        touched = new is not None or any(
            p in self._annotations for p in named_params(original_node)
        )
        if not touched:
            return updated_node
        # as ruff: parameters one per line first, then the return's items, then long items
        # (a header that fits is left alone: each step runs only when the last one fell short)
        limit = line_length(self.context.scratch)
        if header_length(updated_node) + _INDENT > limit:
            updated_node = explode_params(updated_node)
            if header_length(updated_node) + _INDENT > limit:
                updated_node = explode_returns(updated_node)
                if header_length(updated_node) + _INDENT > limit:
                    updated_node = wrap_long_params(updated_node, _INDENT, limit)
        notes = self._comments.get(original_node)
        if notes:  # comments of a removed property: kept above forward
            lines = [cst.EmptyLine(comment=cst.Comment(text)) for text in notes]
            updated_node = updated_node.with_changes(
                leading_lines=[*updated_node.leading_lines, *lines]
            )
        return updated_node

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        old, new = class_body(original_node), class_body(updated_node)
        if not old or not new or old[0] not in self._remove:
            return updated_node
        # the first statement went away: the new first one should not open with blank lines
        first = new[0]
        if not isinstance(first, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            return updated_node
        lines = list(first.leading_lines)
        while lines and lines[0].comment is None:
            lines.pop(0)
        first = first.with_changes(leading_lines=lines)
        body = cst.ensure_type(updated_node.body, cst.IndentedBlock)
        return updated_node.with_changes(body=body.with_changes(body=[first, *new[1:]]))


def _derived(prop: cst.FunctionDef, cls: str) -> cst.FunctionDef:
    """``prop`` returning ``input_types_of(Cls.forward)``; comments of the old value stay above."""
    body = cst.ensure_type(prop.body, cst.IndentedBlock)
    stmts = list(body.body)
    for i, stmt in enumerate(stmts):
        if not m.matches(stmt, m.SimpleStatementLine(body=[m.Return()])):
            continue
        line = cst.ensure_type(stmt, cst.SimpleStatementLine)
        ret = cst.ensure_type(line.body[0], cst.Return)
        notes = [cst.EmptyLine(comment=c) for c in walk(ret) if isinstance(c, cst.Comment)]
        new_ret = ret.with_changes(value=derived_return(prop.name.value, cls))
        stmts[i] = line.with_changes(body=[new_ret], leading_lines=[*line.leading_lines, *notes])
    return prop.with_changes(body=body.with_changes(body=stmts))
