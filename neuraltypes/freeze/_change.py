"""What one ``apply`` call changed, and the log line for each transition."""

from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["UNCHANGED", "FreezeChange", "logger"]

logger = logging.getLogger("neuraltypes.freeze")


@dataclass(frozen=True)
class FreezeChange:
    """The modules frozen and unfrozen by one ``apply(step)``; falsy when nothing changed.

    ``params_frozen``/``params_unfrozen`` count elements (like NeMo's ``num_weights``).

    >>> bool(FreezeChange(3, ("encoder",), (), 10, 0)), bool(UNCHANGED)
    (True, False)
    """

    step: int
    frozen: tuple[str, ...] = ()
    unfrozen: tuple[str, ...] = ()
    params_frozen: int = 0
    params_unfrozen: int = 0

    def __bool__(self) -> bool:
        return bool(self.frozen or self.unfrozen)


#: The shared result of an ``apply`` that changed nothing (no allocation on the fast path).
UNCHANGED = FreezeChange(0)


def log_transition(step: int, action: str, module: str, tensors: int, elements: int) -> None:
    """Log one module's transition: update number, module, frozen/unfrozen, parameter count."""
    logger.info(
        "freeze: update %d: %s %s (%d parameters in %d tensors)",
        step,
        action,
        module or "<model>",
        elements,
        tensors,
    )
