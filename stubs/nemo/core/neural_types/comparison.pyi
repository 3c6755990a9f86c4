# ``nemo.core.neural_types.comparison`` mapped onto ``neuraltypes``.

from typing import Any

from neuraltypes._comparison import NeuralTypeComparisonResult as NeuralTypeComparisonResult

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
