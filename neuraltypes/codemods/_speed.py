"""Cheaper plumbing for libcst codemods: no defensive tree copy, line numbers from the source.

>>> lines_of_defs("class A:\\n    @property\\n    def output_types(self): ...\\n", "output_types")
[3]
"""

from __future__ import annotations

import re
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import replace

import libcst as cst
from libcst.codemod import Codemod
from libcst.metadata import MetadataWrapper

__all__ = ["SOURCE_KEY", "NoCopyMetadata", "lines_of_defs"]

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
