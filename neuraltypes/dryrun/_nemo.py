"""NeMo interop for the dry run: NeMo's ``NeuralType`` objects as ours (``to_ours``, from
``neuraltypes._nemo_objects``), NeMo's checks switched off.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from .._nemo_objects import to_ours

__all__ = ["checks_off", "to_ours"]


@contextmanager
def checks_off() -> Iterator[None]:
    """Switch off neuraltypes' and (when loaded) NeMo's own ``typecheck`` inside the block.

    The dry run checks every declared port itself and reports all findings; the decorators
    would stop the run at the first one.
    """
    from ..runtime._switches import disable_checks

    with ExitStack() as stack:
        stack.enter_context(disable_checks())
        common = sys.modules.get("nemo.core.classes.common")
        nemo_typecheck = getattr(common, "typecheck", None)
        disable = getattr(nemo_typecheck, "disable_checks", None)
        if callable(disable):
            stack.enter_context(disable())
        yield
