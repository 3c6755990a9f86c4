"""Run the codemods on one source text or file and report what changed (no writing here).

>>> res = migrate_source(b"x = 1\\n", "a.py")
>>> res.new is None, res.moved, res.error
(True, 0, None)
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

import libcst as cst
from libcst.codemod import CodemodContext

from . import migrate_ports as _migrate
from . import rewrite_imports as _rewrite
from ._layout import LINE_LENGTH_KEY
from ._project import project_line_length
from ._speed import SOURCE_KEY

__all__ = ["FileResult", "may_change", "migrate_file", "migrate_source"]

# ``def input_types``/``def output_types`` however spelled: spaces, tabs, a backslash
# continuation (libcst keeps a name as written, so a port property has these bytes)
_MARKERS = re.compile(rb"\bdef(?:\s|\\)+(?:input|output)_types\b")


def may_change(source: bytes, rewrite_imports: bool = False) -> bool:
    """Whether the codemods could change ``source``; ``False`` means skip it without parsing.

    Only a module defining a port property (or, with ``--rewrite-imports``, naming ``nemo``)
    can change, so most files of a project are never parsed.

    >>> may_change(b"class A:\\n    @property\\n    def input_types(self): ...\\n")
    True
    >>> may_change(b"x = 'no ports here'\\n")
    False
    """
    return _ports(source) or (rewrite_imports and b"nemo" in source)


def _ports(source: bytes) -> bool:
    """Whether ``source`` may define a port property (else MigratePortsCommand has no work)."""
    return _MARKERS.search(source) is not None


@dataclass
class FileResult:
    """What migrating one file did: new bytes (``None`` if unchanged), warnings and counts."""

    path: str
    old: bytes
    new: bytes | None = None
    changed: bool = False  # set even when the new text was not asked for (``output=False``)
    warnings: list[str] = field(default_factory=list)
    moved: int = 0
    left: Counter[str] = field(default_factory=Counter)
    rewritten: int = 0
    error: str | None = None


def migrate_source(
    source: bytes, path: str, rewrite_imports: bool = False, output: bool = True
) -> FileResult:
    """Migrate one module's source; parse errors land in ``error``, never raise.

    With ``output=False`` (``--check``) only ``changed``, counts and warnings are computed:
    the plan is made, not applied.
    """
    result = FileResult(path, source)
    if not may_change(source, rewrite_imports):  # fast path: nothing a codemod could touch
        return result
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        result.error = (
            f"{path}:{exc.editor_line}:{exc.editor_column}: does not parse, skipped: {exc.message}"
        )
        return result
    except (SyntaxError, UnicodeDecodeError) as exc:  # an undecodable file or encoding cookie
        result.error = (
            f"{path}: cannot decode, skipped: {exc}. "
            "HINT: save it as UTF-8 or declare its encoding (PEP 263)"
        )
        return result
    original = tree
    context = CodemodContext(filename=path)
    context.scratch[LINE_LENGTH_KEY] = project_line_length(path)
    try:
        context.scratch[SOURCE_KEY] = source.decode(tree.encoding)
    except (LookupError, UnicodeDecodeError):
        pass  # line numbers then come from libcst's PositionProvider
    if rewrite_imports:
        context.scratch[_migrate.LEAVE_NEMO_KEY] = True
        tree = _command(_rewrite.RewriteNemoImportsCommand, context).transform_module(tree)
    # a module without a port property was parsed for its imports only: no plan to make
    migrate = _command(_migrate.MigratePortsCommand, context) if _ports(source) else None
    if output:
        tree = migrate.transform_module(tree) if migrate is not None else tree
    else:
        rewrote = int(str(context.scratch.get(_rewrite.REWRITES_KEY, 0))) > 0
        result.changed = (migrate is not None and migrate.plan(tree)) or rewrote
    stats: dict[str, Any] = context.scratch.get(_migrate.STATS_KEY, {})
    result.moved = int(stats.get("moved", 0))
    result.left = Counter(stats.get("left", {}))
    result.rewritten = int(str(context.scratch.get(_rewrite.REWRITES_KEY, 0)))
    result.warnings = [_located(path, w) for w in context.warnings]
    if output and tree is not original:  # an untouched tree is returned as is: no codegen
        new = tree.bytes
        result.new = None if new == source else new
        result.changed = result.new is not None
        if result.new is not None:
            _refuse_broken(result)
    return result


def _compiles(source: bytes, path: str) -> SyntaxError | ValueError | None:
    try:
        compile(source, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return exc
    return None


def _refuse_broken(result: FileResult) -> None:
    """Never write (or show) code that does not compile: keep the file, report a bug.

    Only judged when this Python compiles the original (libcst also reads newer syntax).
    """
    assert result.new is not None
    exc = _compiles(result.new, result.path)
    if exc is not None and _compiles(result.old, result.path) is None:
        where = f":{exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        result.error = (
            f"{result.path}{where}: the migrated code would not compile ({reason}), so the file "
            "is left unchanged. HINT: this is a neuraltypes bug; please report it with the file"
        )
        result.new = None
        result.changed = False


# modules, not classes, are imported here so libcst.tool list names them by their own module
_Command = TypeVar("_Command", _migrate.MigratePortsCommand, _rewrite.RewriteNemoImportsCommand)
_INSTANCES: dict[type, Any] = {}


def _command(cls: type[_Command], context: CodemodContext) -> _Command:
    """One instance per process, reset per file (constructing a libcst transformer costs ms)."""
    inst: _Command | None = _INSTANCES.get(cls)
    if inst is None:
        inst = _INSTANCES[cls] = cls(context)
    else:
        inst.reset(context)
    return inst


def _located(path: str, warning: str) -> str:
    if warning.startswith("line "):
        line, _, rest = warning[5:].partition(": ")
        return f"{path}:{line}: {rest}"
    return f"{path}: {warning}"


def migrate_file(path: str, rewrite_imports: bool = False, output: bool = True) -> FileResult:
    """Read and migrate one file (an unreadable file is reported in ``error``)."""
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as exc:
        return FileResult(path, b"", error=f"{path}: cannot read, skipped: {exc.strerror}")
    return migrate_source(source, path, rewrite_imports, output)
