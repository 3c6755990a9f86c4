# ``nemo.core.classes.exportable``: an opaque mixin whose unknown attributes are ``Any``.

from typing import Any

class Exportable:
    def __getattr__(self, name: str) -> Any: ...

def __getattr__(name: str) -> Any: ...
