"""The plugin's error code: one category, ``neural-type`` (messages are in ``messages.py``)."""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode

NEURAL_TYPE: Final = ErrorCode(
    "neural-type", "Check neural types of module connections", "neuraltypes"
)
