# ``nemo.core.classes`` (the typed-module part) mapped onto ``neuraltypes``.

from neuraltypes._module import NeuralModule as NeuralModule
from neuraltypes._module import Typing as Typing
from neuraltypes._typecheck import typecheck as typecheck
