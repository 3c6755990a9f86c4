# Partial stubs: NeMo names mapped onto neuraltypes (for static checking).

from typing import Any

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
