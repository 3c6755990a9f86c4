# ``nemo.core.classes.module``: NeMo's ``NeuralModule`` is ours. NeMo modules mix in classes
# these stubs leave opaque (``Exportable``, adapters, ...), so unknown attributes are ``Any``
# instead of torch's ``Tensor | Module``: the stubs add neural-type checks, never other errors.

from typing import Any

from neuraltypes.runtime._module import NeuralModule as _NeuralModule

class NeuralModule(_NeuralModule):
    def __getattr__(self, name: str) -> Any: ...

def __getattr__(name: str) -> Any: ...
