# ``nemo.core.classes.common``: ``Typing`` and ``typecheck`` are ours. The other names
# (``Serialization``, ``FileIO``, ...) are ``Any``: as opaque bases they make a class's unknown
# attributes ``Any`` rather than torch's ``Tensor | Module``, so no new error appears.

from typing import Any

from neuraltypes.runtime._module import Typing as Typing
from neuraltypes.runtime._typecheck import typecheck as typecheck

def __getattr__(name: str) -> Any: ...
