# ``nemo.core.classes.module``: NeMo's ``NeuralModule`` is ours.

from typing import Any

from neuraltypes._module import NeuralModule as NeuralModule

def __getattr__(name: str) -> Any: ...
