"""Stop with a blocking error when mypy cannot find ``neuraltypes``: nothing could be checked.

A module that imports ``neuraltypes`` names its neural types through it; when mypy cannot
find the package (an editable install, ``--no-site-packages``, ``follow_imports = skip``),
those names are ``Any`` and every check would pass silently.
"""

from __future__ import annotations

from mypy.nodes import Import, ImportBase, ImportFrom, MypyFile, SymbolTable, Var
from mypy.plugin import ClassDefContext

from .. import messages

__all__ = ["require_vocabulary"]

VOCABULARY = "neuraltypes"


def _missing(node: ImportBase, names: SymbolTable) -> bool:
    """Whether ``node`` imports from ``neuraltypes`` and mypy bound an unresolved ``Any``."""
    if isinstance(node, Import):
        bound = [
            as_name or name.partition(".")[0]
            for name, as_name in node.ids
            if name == VOCABULARY or name.startswith(VOCABULARY + ".")
        ]
    elif (
        isinstance(node, ImportFrom)
        and node.relative == 0
        and (node.id == VOCABULARY or node.id.startswith(VOCABULARY + "."))
    ):
        bound = [as_name or name for name, as_name in node.names]
    else:
        return False
    for name in bound:
        sym = names.get(name)
        if sym is not None and isinstance(sym.node, Var) and sym.node.is_suppressed_import:
            return True
    return False


def require_vocabulary(ctx: ClassDefContext) -> None:
    """A blocking error at the first ``neuraltypes`` import of this module mypy did not find."""
    modules: dict[str, MypyFile] = getattr(ctx.api, "modules", {})
    tree = modules.get(getattr(ctx.api, "cur_mod_id", ""))
    if tree is None:
        return
    for node in tree.imports:
        if _missing(node, tree.names):
            messages.vocabulary_not_found(ctx.api, node)
            return
