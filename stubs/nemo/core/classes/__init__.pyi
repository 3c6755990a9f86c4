# ``nemo.core.classes`` (the typed-module part) mapped onto ``neuraltypes``.
# Names not stubbed here are ``Any`` (partial stubs must never add errors to user code).

from typing import Any

from neuraltypes.runtime._module import Typing as Typing
from neuraltypes.runtime._typecheck import typecheck as typecheck

from .module import NeuralModule as NeuralModule

def __getattr__(name: str) -> Any: ...
