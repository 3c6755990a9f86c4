"""Where a new top-level ``from module import name`` line goes, as isort/ruff would put it.

The module's leading imports are read as blocks (separated by blank lines). The new line joins
the block that already imports its top-level package, else the first block of its kind
(standard library or not), in module order after the plain ``import`` lines; with no such
block it opens one (standard library first, others after the standard library).

>>> import libcst as cst
>>> mod = cst.parse_module("import os\\n\\nimport torch\\nfrom torch import nn\\n\\nx = 1\\n")
>>> line = cst.parse_statement("from neuraltypes import NeuralType\\n")
>>> print(cst.Module(place_import(list(mod.body), line, "neuraltypes")).code, end="")
import os
<BLANKLINE>
import torch
from neuraltypes import NeuralType
from torch import nn
<BLANKLINE>
x = 1
"""

from __future__ import annotations

import sys

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node

__all__ = ["blank_prefix", "place_import"]

_DOCSTRING = m.SimpleStatementLine(body=[m.Expr(value=m.SimpleString() | m.ConcatenatedString())])
_STDLIB = frozenset(sys.stdlib_module_names)


def blank_prefix(stmt: cst.BaseStatement) -> list[cst.EmptyLine]:
    """The blank lines above ``stmt``, up to its first comment line."""
    lines: list[cst.EmptyLine] = []
    for line in getattr(stmt, "leading_lines", ()):
        if line.comment is not None:
            break
        lines.append(line)
    return lines


def _imported(stmt: cst.BaseStatement) -> tuple[str, bool] | None:
    """(module, is a from-import) of an import line, else ``None``."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.Import):
        return get_full_name_for_node(small.names[0].name) or "", False
    if isinstance(small, cst.ImportFrom):
        if small.relative:
            return ".", True
        return (get_full_name_for_node(small.module) or "" if small.module else ""), True
    return None


def _kind(module: str) -> str:
    top = module.split(".")[0]
    if top == "__future__":
        return "future"
    if module.startswith("."):
        return "local"
    return "stdlib" if top in _STDLIB else "other"


def _blocks(body: list[cst.BaseStatement]) -> list[list[int]]:
    """Indices of the leading import lines, grouped by blank lines."""
    blocks: list[list[int]] = []
    for i, stmt in enumerate(body):
        if i == 0 and m.matches(stmt, _DOCSTRING):
            continue
        if _imported(stmt) is None:
            break
        if not blocks or blank_prefix(stmt):
            blocks.append([])
        blocks[-1].append(i)
    return blocks


def _before(
    body: list[cst.BaseStatement], at: int, line: cst.SimpleStatementLine, new_block: bool
) -> list[cst.BaseStatement]:
    """Insert ``line`` before ``body[at]``; the blank lines above ``body[at]`` go above it."""
    old = body[at]
    blanks = blank_prefix(old)
    rest = list(getattr(old, "leading_lines", ()))[len(blanks) :]
    if new_block:  # the new line opens a block: old keeps one blank line above it
        lead, keep = [*blanks, *rest], [cst.EmptyLine()]
    else:
        lead, keep = blanks, rest
    moved = old.with_changes(leading_lines=keep)
    return [*body[:at], line.with_changes(leading_lines=lead), moved, *body[at + 1 :]]


def place_import(
    body: list[cst.BaseStatement], line: cst.SimpleStatementLine, module: str
) -> list[cst.BaseStatement]:
    """``body`` with ``line`` (``from module import ...``) inserted where a sorter would."""
    blocks = _blocks(body)
    if not blocks:
        at = 1 if body and m.matches(body[0], _DOCSTRING) else 0
        return [*body[:at], line, *body[at:]]
    kind, top = _kind(module), module.split(".")[0]

    def mod(i: int) -> str:
        found = _imported(body[i])
        return found[0] if found else ""

    same = [b for b in blocks if any(mod(i).split(".")[0] == top for i in b)]
    target = same[0] if same else next((b for b in blocks if _kind(mod(b[0])) == kind), None)
    if target is None:
        order = {"future": 0, "stdlib": 1, "other": 2, "local": 3}
        later = [b for b in blocks if order[_kind(mod(b[0]))] > order[kind]]
        if later:
            return _before(body, later[0][0], line, new_block=True)
        end = blocks[-1][-1] + 1
        return [*body[:end], line.with_changes(leading_lines=[cst.EmptyLine()]), *body[end:]]
    for i in target:
        found = _imported(body[i])
        if found is not None and found[1] and found[0].lower() > module.lower():
            return _before(body, i, line, new_block=False)
    end = target[-1] + 1
    return [*body[:end], line, *body[end:]]
