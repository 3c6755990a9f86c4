# ``nemo.core.classes`` (the typed-module part) mapped onto ``neuraltypes``.
# Names not stubbed here are ``Any`` (partial stubs must never add errors to user code).

from typing import Any

from neuraltypes._module import NeuralModule as NeuralModule
from neuraltypes._module import Typing as Typing
from neuraltypes._typecheck import typecheck as typecheck

from .common import FileIO as FileIO
from .common import Serialization as Serialization
from .exportable import Exportable as Exportable

def __getattr__(name: str) -> Any: ...
