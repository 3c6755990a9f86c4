# ``nemo.core.classes.exportable``: ``Exportable`` and friends are ``Any`` (opaque bases).

from typing import Any

def __getattr__(name: str) -> Any: ...
