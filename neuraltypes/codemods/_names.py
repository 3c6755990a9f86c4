"""Qualified names the codemods recognise (NeuralType spellings, NeMo modules, typing helpers).

>>> is_neural_type_name("nemo.core.neural_types.NeuralType")
True
>>> is_neural_type_name("mylib.NeuralType")
False
"""

from __future__ import annotations

from typing import Final

from .._tables import ELEMENT_BASES

__all__ = [
    "NEMO_MIXED_MODULES",
    "NEMO_TYPING_BASES",
    "NEMO_VOCAB_MODULES",
    "NEURALTYPES_EXPORTS",
    "is_neural_type_name",
    "is_tensor_name",
]

# Modules whose every public name is part of the NeMo type vocabulary.
NEMO_VOCAB_MODULES: Final = frozenset(
    {
        "nemo.core.neural_types",
        "nemo.core.neural_types.axes",
        "nemo.core.neural_types.elements",
        "nemo.core.neural_types.neural_type",
        "nemo.core.neural_types.comparison",
    }
)

# NeMo modules that re-export the vocabulary among other things: only the names that
# neuraltypes also exports move.
NEMO_MIXED_MODULES: Final = frozenset(
    {
        "nemo.core",
        "nemo.core.classes",
        "nemo.core.classes.common",
        "nemo.core.classes.module",
    }
)

# Where NeuralType may come from (the codemod recognises it through any alias).
_NEURAL_TYPE_MODULES: Final = (
    NEMO_VOCAB_MODULES | NEMO_MIXED_MODULES | {"neuraltypes", "neuraltypes._neural_type"}
)

# NeMo bases that read ports only from the legacy properties (never from annotations).
NEMO_TYPING_BASES: Final = frozenset(
    f"{mod}.{name}" for mod in NEMO_MIXED_MODULES for name in ("NeuralModule", "Typing", "ModelPT")
) | {"nemo.core.classes.modelPT.ModelPT"}

# The vocabulary: every element type (``neuraltypes._tables``) and the other public names.
_VOCABULARY: Final = (
    *ELEMENT_BASES,
    "AxisKind",
    "AxisKindAbstract",
    "AxisType",
    "NeuralType",
    "NeuralTypeComparisonResult",
)

# Names ``from neuraltypes import ...`` provides that a NeMo import may be rewritten to.
_RUNTIME: Final = ("NeuralModule", "Typing", "typecheck")
NEURALTYPES_EXPORTS: Final = frozenset(_VOCABULARY) | frozenset(_RUNTIME)


def is_neural_type_name(qualified: str) -> bool:
    """Whether a qualified name denotes ``NeuralType`` (neuraltypes' or NeMo's).

    >>> is_neural_type_name("neuraltypes.NeuralType")
    True
    """
    module, _, name = qualified.rpartition(".")
    return name == "NeuralType" and module in _NEURAL_TYPE_MODULES


def is_tensor_name(qualified: str) -> bool:
    """Whether a qualified name denotes ``torch.Tensor`` (or a legacy ``torch.FloatTensor``).

    >>> is_tensor_name("torch.Tensor"), is_tensor_name("numpy.ndarray")
    (True, False)
    """
    module, _, name = qualified.rpartition(".")
    return module == "torch" and name.endswith("Tensor")
