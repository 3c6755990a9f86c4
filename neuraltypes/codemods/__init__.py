"""libcst codemods that move NeMo-style port properties into annotated ``forward`` signatures.

Needs the ``migrate`` extra (libcst); ``import neuraltypes`` never imports this package.

>>> from neuraltypes.codemods import MigratePortsCommand
>>> MigratePortsCommand.DESCRIPTION
'Move input_types/output_types properties into annotated forward signatures'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .migrate_ports import MigratePortsCommand as MigratePortsCommand
    from .rewrite_imports import RewriteNemoImportsCommand as RewriteNemoImportsCommand

__all__ = ["MigratePortsCommand", "RewriteNemoImportsCommand"]

_HOMES = {"MigratePortsCommand": "migrate_ports", "RewriteNemoImportsCommand": "rewrite_imports"}


def __getattr__(name: str) -> Any:
    """Load commands on first use, so ``python -m libcst.tool list`` names them by module."""
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
