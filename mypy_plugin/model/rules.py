"""The rules as data: tensor-op effects (the vocabulary itself is ``neuraltypes._tables``).

Every operation the plugin models is a row here; ``hooks/tensor_ops.py`` interprets them.
An effect is ``"keep"`` (axes and element unchanged), ``"swap"`` (two literal dims
exchanged), ``"permute"`` (literal permutation), ``"swap_last"`` (``.mT``),
``"reverse"`` (``.T``, ``.t()``), ``"reduce"`` (``mean``/``amax`` over literal dims,
``keepdim`` leaves a singleton axis), ``"reduce_other"`` (``sum``, ``logsumexp``: the same on
axes, the element becomes unknown), ``"unsqueeze"``, ``"squeeze"`` (only axes known to be 1)
or ``"flatten"`` (only when at most one merged axis is not a singleton); ``effects.py``
applies them. Operations absent from these tables drop the neural type, and so does a
modelled one whose result is not sure (``reshape``/``view`` are never sure: the new axes
have no names).

>>> LABELS["n"], BUILTIN_ELEMENTS["MelSpectrogramType"]
('batch', 'SpectrogramType')
>>> TENSOR_METHODS["transpose"], TENSOR_ATTRIBUTES["mT"]
('swap', 'swap_last')
"""

from __future__ import annotations

from typing import Final

# The vocabulary tables are written once, in ``neuraltypes._tables`` (torch-free).
from neuraltypes._tables import AXIS_KIND_MEMBERS as AXIS_KIND_MEMBERS
from neuraltypes._tables import AXIS_LABELS as LABELS
from neuraltypes._tables import ELEMENT_BASES as BUILTIN_ELEMENTS
from neuraltypes._tables import ELEMENT_PARAMS as ELEMENT_PARAMS
from neuraltypes._tables import SHORT_LABELS as SHORT_LABELS

__all__ = [
    "AXIS_KIND_MEMBERS",
    "BUILTIN_ELEMENTS",
    "ELEMENT_PARAMS",
    "FUNCTIONS",
    "LABELS",
    "MODULES",
    "SHORT_LABELS",
    "TENSOR_ATTRIBUTES",
    "TENSOR_METHODS",
]

#: ``Tensor`` methods (hook name ``torch._tensor.Tensor.<name>``) -> effect.
TENSOR_METHODS: Final[dict[str, str]] = {
    "contiguous": "keep",
    "to": "keep",
    "float": "keep",
    "double": "keep",
    "half": "keep",
    "bfloat16": "keep",
    "cpu": "keep",
    "cuda": "keep",
    "detach": "keep",
    "clone": "keep",
    "type_as": "keep",
    "requires_grad_": "keep",
    "relu": "keep",
    "sigmoid": "keep",
    "tanh": "keep",
    "transpose": "swap",
    "swapaxes": "swap",
    "swapdims": "swap",
    "permute": "permute",
    "t": "reverse",
    **{name: "reduce" for name in ("mean", "nanmean", "amax", "amin")},
    **{name: "reduce_other" for name in ("sum", "nansum", "logsumexp")},
    "unsqueeze": "unsqueeze",
    "squeeze": "squeeze",
    "flatten": "flatten",
}

#: ``Tensor`` attributes (hook name ``torch._C.TensorBase.<name>``) -> effect.
TENSOR_ATTRIBUTES: Final[dict[str, str]] = {"mT": "swap_last", "T": "reverse", "data": "keep"}

#: Functions -> (effect, index of the tensor argument); the dims follow that argument.
FUNCTIONS: Final[dict[str, tuple[str, int]]] = {
    **{
        f"torch.nn.functional.{name}": ("keep", 0)
        for name in (
            "relu",
            "relu6",
            "gelu",
            "silu",
            "elu",
            "selu",
            "celu",
            "leaky_relu",
            "hardtanh",
            "mish",
            "softplus",
            "sigmoid",
            "tanh",
            "dropout",
            "dropout1d",
            "dropout2d",
            "alpha_dropout",
            "layer_norm",
            "group_norm",
            "batch_norm",
            "instance_norm",
        )
    },
    **{
        f"torch._C._VariableFunctions.{name}": ("keep", 0)
        for name in ("relu", "sigmoid", "tanh", "dropout", "clone", "detach", "layer_norm")
    },
    "torch._C._VariableFunctions.transpose": ("swap", 0),
    "torch._C._VariableFunctions.swapaxes": ("swap", 0),
    "torch._C._VariableFunctions.permute": ("permute", 0),
    **{
        f"torch._C._VariableFunctions.{name}": ("reduce", 0)
        for name in ("mean", "nanmean", "amax", "amin")
    },
    **{
        f"torch._C._VariableFunctions.{name}": ("reduce_other", 0)
        for name in ("sum", "nansum", "logsumexp")
    },
    "torch._C._VariableFunctions.unsqueeze": ("unsqueeze", 0),
    "torch._C._VariableFunctions.squeeze": ("squeeze", 0),
    "torch._C._VariableFunctions.flatten": ("flatten", 0),
}

#: ``torch.cat`` and its aliases: parts with one neural type keep it (``hooks/lists.py``).
CAT_FUNCTIONS: Final[frozenset[str]] = frozenset(
    f"torch._C._VariableFunctions.{name}" for name in ("cat", "concat", "concatenate")
)

#: ``nn.Module`` classes whose call returns its first argument's neural type unchanged.
MODULES: Final[frozenset[str]] = frozenset(
    {
        *(
            f"torch.nn.modules.activation.{name}"
            for name in (
                "ReLU",
                "ReLU6",
                "GELU",
                "SiLU",
                "ELU",
                "SELU",
                "CELU",
                "LeakyReLU",
                "PReLU",
                "Hardtanh",
                "Mish",
                "Softplus",
                "Sigmoid",
                "Tanh",
            )
        ),
        *(
            f"torch.nn.modules.dropout.{name}"
            for name in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout")
        ),
        "torch.nn.modules.linear.Identity",
        "torch.nn.modules.normalization.LayerNorm",
        "torch.nn.modules.normalization.GroupNorm",
        "torch.nn.modules.normalization.RMSNorm",
        "torch.nn.modules.batchnorm.BatchNorm1d",
        "torch.nn.modules.batchnorm.BatchNorm2d",
        "torch.nn.modules.instancenorm.InstanceNorm1d",
    }
)
