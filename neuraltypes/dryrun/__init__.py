"""The dry run: build a model on ``meta``, run it once, check every typed connection.

>>> from neuraltypes.dryrun import dry_run, DryRunReport
"""

from __future__ import annotations

from ._api import dry_run as dry_run
from ._build import BuildError as BuildError
from ._report import DryRunReport as DryRunReport
from ._report import Edge as Edge
from ._report import Finding as Finding

__all__ = ["BuildError", "DryRunReport", "Edge", "Finding", "dry_run"]
