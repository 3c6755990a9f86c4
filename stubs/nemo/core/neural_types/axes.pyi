# ``nemo.core.neural_types.axes`` mapped onto ``neuraltypes``.

from typing import Any

from neuraltypes._axes import AxisKind as AxisKind
from neuraltypes._axes import AxisKindAbstract as AxisKindAbstract
from neuraltypes._axes import AxisType as AxisType

def __getattr__(name: str) -> Any: ...  # partial stubs: unknown names are Any
