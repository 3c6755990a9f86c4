# ``nemo.core.neural_types.neural_type`` mapped onto ``neuraltypes``.

from typing import Any

from neuraltypes._errors import NeuralTypeError as NeuralTypeError
from neuraltypes._neural_type import NeuralType as NeuralType

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
