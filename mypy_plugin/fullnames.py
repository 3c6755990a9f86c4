"""Full names the plugin matches on, as ``Final`` strings (nothing here imports torch).

The typing constructs of a port annotation are ``neuraltypes._tables`` (the grammar's names).
"""

from __future__ import annotations

from typing import Final

from neuraltypes._tables import ELEMENT_BASES

MODULE_FULLNAME: Final = "torch.nn.modules.module.Module"
TENSOR_FULLNAME: Final = "torch._tensor.Tensor"
TENSOR_BASE_FULLNAME: Final = "torch._C.TensorBase"
ELEMENTS_MODULE: Final = "neuraltypes._elements"
ELEMENT_BASE_FULLNAME: Final = "neuraltypes._elements.ElementType"
VOID_FULLNAME: Final = "neuraltypes._elements.VoidType"
REVEAL_FULLNAMES: Final = frozenset(
    {"neuraltypes._reveal.reveal_neural_type", "neuraltypes.reveal_neural_type"}
)
NEURAL_TYPE_FULLNAMES: Final = frozenset(
    {"neuraltypes._neural_type.NeuralType", "neuraltypes.NeuralType"}
)
AXIS_TYPE_FULLNAMES: Final = frozenset({"neuraltypes._axes.AxisType", "neuraltypes.AxisType"})
AXIS_KIND_FULLNAMES: Final = frozenset({"neuraltypes._axes.AxisKind", "neuraltypes.AxisKind"})
ORDERED_DICT_FULLNAMES: Final = frozenset(
    {"collections.OrderedDict", "typing.OrderedDict", "builtins.dict", "typing.Dict"}
)
PROPERTY_FULLNAMES: Final = frozenset({"builtins.property", "functools.cached_property"})

#: NeMo's vocabulary counts as ours: any name under this prefix is mapped by its last part.
NEMO_PREFIXES: Final = ("nemo.core.neural_types", "nemo.core.classes")
#: Names (last part) under ``NEMO_PREFIXES`` and ``neuraltypes`` that map to our classes.
NEMO_ALIASES: Final = {
    "NeuralType": "neuraltypes._neural_type.NeuralType",
    "AxisType": "neuraltypes._axes.AxisType",
    "AxisKind": "neuraltypes._axes.AxisKind",
}


def canonical(fullname: str) -> str:
    """Map NeMo's and re-exported spellings of our names onto one full name.

    >>> canonical("nemo.core.neural_types.elements.SpectrogramType")
    'neuraltypes._elements.SpectrogramType'
    >>> canonical("pkg.MySpec")
    'pkg.MySpec'
    """
    head, _, last = fullname.rpartition(".")
    if head == "neuraltypes" or head.startswith(NEMO_PREFIXES):
        if last in NEMO_ALIASES:
            return NEMO_ALIASES[last]
        if last in ELEMENT_BASES:
            return f"{ELEMENTS_MODULE}.{last}"
    return fullname


#: Packages whose classes are never user modules (matched by exact top-level package name:
#: a user package ``torchasr`` is checked). No neural type is declared or carried in their
#: code, so the plugin neither reads their source nor traces values through it.
SKIPPED_PACKAGES: Final = frozenset({"torch", "mypy", "typing", "typing_extensions"})


def is_skipped_module(module: str) -> bool:
    """Whether ``module`` is, or is inside, a skipped package.

    >>> is_skipped_module("torch.nn.modules.conv"), is_skipped_module("torchasr.models")
    (True, False)
    """
    return module.partition(".")[0] in SKIPPED_PACKAGES
