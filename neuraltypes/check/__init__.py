"""``neuraltypes check``: merge the plugin into the project's mypy config, run mypy, report.

>>> from neuraltypes.check import main  # doctest: +SKIP
"""

from __future__ import annotations

from ._command import main as main

__all__ = ["main"]
