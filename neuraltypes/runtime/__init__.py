"""The runtime check: ``typecheck()``, ``NeuralModule``, port reading, compiled checkers, messages.

Everything here needs torch; the vocabulary it checks against lives in the torch-free top level.

>>> from neuraltypes.runtime import typecheck, NeuralModule
"""

from __future__ import annotations

from ._module import NeuralModule as NeuralModule
from ._module import Typing as Typing
from ._typecheck import typecheck as typecheck

__all__ = ["NeuralModule", "Typing", "typecheck"]
