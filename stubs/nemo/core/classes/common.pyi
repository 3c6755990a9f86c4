# ``nemo.core.classes.common``: ``Typing`` and ``typecheck`` are ours; the other mixins are
# opaque classes whose unknown attributes are ``Any``.

from typing import Any

from neuraltypes._module import Typing as Typing
from neuraltypes._typecheck import typecheck as typecheck

class Serialization:
    @classmethod
    def from_config_dict(cls, config: Any, trainer: Any = ...) -> Any: ...
    def to_config_dict(self) -> Any: ...
    def __getattr__(self, name: str) -> Any: ...

class FileIO:
    def __getattr__(self, name: str) -> Any: ...

def __getattr__(name: str) -> Any: ...
