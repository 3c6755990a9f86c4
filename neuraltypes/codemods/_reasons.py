"""Why a port is left as it is: one short key per reason (for the summary) plus a sentence.

>>> err = LeaveAsIs(SELF_STATE, "port 'x' is computed from self state (self.sr)")
>>> err.key, str(err)
('computed from self state', "port 'x' is computed from self state (self.sr)")
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ANNOTATION",
    "BRANCHES",
    "COUNT",
    "IMPLICIT_OPTIONAL",
    "KWARGS",
    "NESTED",
    "NOT_LITERAL",
    "NO_FORWARD",
    "NO_PARAMETER",
    "ORDER",
    "SCRIPTED",
    "SELF_STATE",
    "LeaveAsIs",
]

SELF_STATE: Final = "computed from self state"
BRANCHES: Final = "branches or statements in the property"
NOT_LITERAL: Final = "not a literal mapping of NeuralType(...)"
NO_FORWARD: Final = "no forward method in the class"
NO_PARAMETER: Final = "no matching forward parameter"
KWARGS: Final = "forward takes **kwargs"
ORDER: Final = "port order differs from forward parameters"
COUNT: Final = "port count does not match forward's return"
ANNOTATION: Final = "conflicting existing annotation"
IMPLICIT_OPTIONAL: Final = "default None on a non-optional port"
NESTED: Final = "NeMo class not at module level"
SCRIPTED: Final = "module uses torch.jit.script"


class LeaveAsIs(Exception):
    """Raised while planning a property's migration; the property stays and a warning is emitted."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
