# Partial stubs for ``nemo.core``.

from typing import Any

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
