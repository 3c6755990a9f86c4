"""libcst codemods that move NeMo-style port properties into annotated ``forward`` signatures.

Needs the ``migrate`` extra (libcst); ``import neuraltypes`` never imports this package.

>>> from neuraltypes.codemods import MigratePortsCommand
>>> MigratePortsCommand.DESCRIPTION
'Move input_types/output_types properties into annotated forward signatures'
"""

from __future__ import annotations

from .migrate_ports import MigratePortsCommand as MigratePortsCommand
from .rewrite_imports import RewriteNemoImportsCommand as RewriteNemoImportsCommand

__all__ = ["MigratePortsCommand", "RewriteNemoImportsCommand"]
