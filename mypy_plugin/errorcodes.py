"""The plugin's error code: one category, ``neural-type``."""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode
from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface

NEURAL_TYPE: Final = ErrorCode(
    "neural-type", "Check neural types of module connections", "neuraltypes"
)


def error_neural_type(api: CheckerPluginInterface, ctx: Context, msg: str) -> None:
    """Report ``msg`` at ``ctx`` under ``[neural-type]``."""
    api.fail(msg, ctx, code=NEURAL_TYPE)


def note_neural_type(api: CheckerPluginInterface, ctx: Context, msg: str) -> None:
    """Emit ``msg`` as a note (used by ``reveal_neural_type``)."""
    api.msg.note(msg, ctx, code=NEURAL_TYPE)
