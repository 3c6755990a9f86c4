"""Cheaper plumbing for libcst codemods: no defensive tree copy, line numbers from the source.

>>> lines_of_defs("class A:\\n    @property\\n    def output_types(self): ...\\n", "output_types")
[3]
"""

from __future__ import annotations

import re
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import replace
from typing import ClassVar, TypeVar, cast

import libcst as cst
from libcst.codemod import Codemod, VisitorBasedCodemodCommand
from libcst.metadata import MetadataWrapper

__all__ = ["SOURCE_KEY", "NoCopyMetadata", "StatementsOnly", "lines_of_defs"]

_NodeT = TypeVar("_NodeT", bound=cst.CSTNode)

SOURCE_KEY = "neuraltypes.source"  # context.scratch[SOURCE_KEY] = the module's source text


def lines_of_defs(source: str, name: str, keyword: str = "def") -> list[int]:
    """1-based lines of every ``def name`` (or ``class name``: ``keyword``) in ``source``."""
    head = "(?:async[ \t]+)?def" if keyword == "def" else re.escape(keyword)
    pattern = re.compile(rf"^[ \t]*{head}[ \t]+{re.escape(name)}\b", re.MULTILINE)
    return [source.count("\n", 0, match.start()) + 1 for match in pattern.finditer(source)]


class NoCopyMetadata(Codemod):
    """Wrap the tree for metadata without libcst's deep copy (the runner's tree is its own).

    The copy protects callers that reuse a tree elsewhere; ``neuraltypes migrate`` and
    ``CodemodTest`` parse a fresh tree per file, and the copy cost about as much as the codemod.
    """

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Generator[cst.Module, None, None]:
        oldwrapper = self.context.wrapper
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        with self.resolve(wrapper):
            self.context = replace(self.context, wrapper=wrapper)
            try:
                yield wrapper.module
            finally:
                self.context = replace(self.context, wrapper=oldwrapper)


# nodes whose children a statement-level transformer walks into: everything that can hold a
# statement, plus a def's parameter list (so ``leave_Param`` sees each parameter)
_DESCEND: tuple[type[cst.CSTNode], ...] = (
    cst.Module,
    cst.BaseSuite,
    cst.BaseStatement,
    cst.Else,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Finally,
    cst.MatchCase,
    cst.Parameters,
)
# hooks a ``StatementsOnly`` subclass may define: descended nodes, and their direct children
# that can carry a change (a parameter, a small statement such as ``x: T`` or an import)
_HOOKABLE = {t.__name__ for t in _DESCEND} | {
    "ClassDef",
    "FunctionDef",
    "SimpleStatementLine",
    "If",
    "Param",
    "AnnAssign",
    "Import",
    "ImportFrom",
}


class StatementsOnly(VisitorBasedCodemodCommand):
    """A transformer that never walks into expressions (their nodes are kept as they are).

    libcst's transform visits and rebuilds every node, names and commas included; a codemod
    that changes statements, definitions and parameters only pays that for nothing. Children
    of anything but a module, a block, a statement or a parameter list are not visited: hooks
    for such nodes would never run, so a subclass defining one is refused.
    """

    _DESCEND: ClassVar[tuple[type[cst.CSTNode], ...]] = _DESCEND

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own = [k for k in cls.__mro__ if not k.__module__.startswith("libcst")]
        for name in {name for k in own for name in vars(k)}:
            kind = name.partition("_")[2]
            if name.startswith(("visit_", "leave_")) and kind not in _HOOKABLE:
                raise TypeError(f"{cls.__name__}.{name}: StatementsOnly never reaches {kind}")

    def _plain(self) -> bool:
        """No matcher decorators: libcst's per-node matcher bookkeeping can be skipped."""
        plain: bool | None = self.__dict__.get("_no_matchers")
        if plain is None:
            plain = not (self._matchers or self._extra_visit_funcs or self._extra_leave_funcs)
            self.__dict__["_no_matchers"] = plain
        return plain

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not isinstance(node, self._DESCEND):
            return False  # on_leave still runs for the node itself
        if self._plain():
            return cst.CSTTransformer.on_visit(self, node)
        return super().on_visit(node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if not self._plain():  # attribute hooks (visit_Param_annotation) are refused above
            super().on_visit_attribute(node, attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if not self._plain():
            super().on_leave_attribute(original_node, attribute)

    def on_leave(self, original_node: _NodeT, updated_node: _NodeT) -> _NodeT | cst.RemovalSentinel:
        if self._plain():  # a FlattenSentinel too, where the hook returns one (as libcst's)
            left = cst.CSTTransformer.on_leave(self, original_node, updated_node)
            return cast("_NodeT | cst.RemovalSentinel", left)
        return super().on_leave(original_node, updated_node)
