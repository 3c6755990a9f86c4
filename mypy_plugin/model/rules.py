"""The rules as data: axis labels, the built-in element hierarchy, and tensor-op effects.

Every operation the plugin models is a row here; ``hooks/tensor_ops.py`` interprets them.
An effect is ``"keep"`` (axes and element unchanged), ``"swap"`` (two literal dims
exchanged), ``"permute"`` (literal permutation), ``"swap_last"`` (``.mT``) or
``"reverse"`` (``.T``, ``.t()``). Operations absent from these tables drop the neural type.

>>> LABELS["n"], BUILTIN_ELEMENTS["MelSpectrogramType"]
('batch', 'SpectrogramType')
>>> TENSOR_METHODS["transpose"], TENSOR_ATTRIBUTES["mT"]
('swap', 'swap_last')
"""

from __future__ import annotations

from typing import Final

#: Axis label (lower case) -> canonical kind name, as ``AxisKind.from_str``.
LABELS: Final[dict[str, str]] = {
    "b": "batch",
    "n": "batch",
    "batch": "batch",
    "t": "time",
    "time": "time",
    "d": "dimension",
    "c": "dimension",
    "channel": "dimension",
    "dimension": "dimension",
    "w": "width",
    "width": "width",
    "h": "height",
    "height": "height",
    "any": "any",
    "seq": "sequence",
    "sequence": "sequence",
    "flowgroup": "flowgroup",
    "s": "singleton",
    "singleton": "singleton",
}

#: ``AxisKind`` member name -> canonical kind name.
AXIS_KIND_MEMBERS: Final[dict[str, str]] = {
    "Batch": "batch",
    "Time": "time",
    "Dimension": "dimension",
    "Channel": "dimension",
    "Width": "width",
    "Height": "height",
    "Any": "any",
    "Sequence": "sequence",
    "FlowGroup": "flowgroup",
    "Singleton": "singleton",
}

#: Canonical kind name -> the short label used in messages.
SHORT_LABELS: Final[dict[str, str]] = {
    "batch": "B",
    "time": "T",
    "dimension": "D",
    "width": "W",
    "height": "H",
    "any": "any",
    "sequence": "seq",
    "flowgroup": "flowgroup",
    "singleton": "S",
}

#: Built-in element type -> its base ("" for the root), NeMo's hierarchy.
BUILTIN_ELEMENTS: Final[dict[str, str]] = {
    "ElementType": "",
    "VoidType": "ElementType",
    "ChannelType": "ElementType",
    "EmbeddedTextType": "ChannelType",
    "LogitsType": "ElementType",
    "ProbsType": "ElementType",
    "LogprobsType": "ElementType",
    "LabelsType": "ElementType",
    "HypothesisType": "LabelsType",
    "LengthsType": "ElementType",
    "LossType": "ElementType",
    "EncodedRepresentation": "ChannelType",
    "AcousticEncodedRepresentation": "EncodedRepresentation",
    "AudioSignal": "ElementType",
    "VideoSignal": "ElementType",
    "SpectrogramType": "ChannelType",
    "MelSpectrogramType": "SpectrogramType",
    "MFCCSpectrogramType": "SpectrogramType",
    "PredictionsType": "LabelsType",
    "RegressionValuesType": "PredictionsType",
    "CategoricalValuesType": "PredictionsType",
    "MaskType": "PredictionsType",
    "Index": "ElementType",
    "Target": "ElementType",
    "ClassificationTarget": "Target",
    "ImageValue": "ElementType",
    "NormalizedImageValue": "ImageValue",
    "ImageFeatureValue": "ImageValue",
    "StringType": "ElementType",
    "StringLabel": "StringType",
    "BoolType": "ElementType",
    "IntType": "ElementType",
    "FloatType": "ElementType",
    "TokenIndex": "IntType",
    "Length": "IntType",
    "ProbabilityDistributionSamplesType": "ElementType",
    "NormalDistributionSamplesType": "ProbabilityDistributionSamplesType",
    "SequenceToSequenceAlignmentType": "ElementType",
    "NormalDistributionMeanType": "ElementType",
    "NormalDistributionLogVarianceType": "ElementType",
    "TokenDurationType": "ElementType",
    "TokenLogDurationType": "ElementType",
    "LogDeterminantType": "ElementType",
}

#: Element types with parameters -> their constructor's parameter names, in order. Literal
#: ints are compared when value and port are the same class (``None`` is a wildcard).
ELEMENT_PARAMS: Final[dict[str, tuple[str, ...]]] = {
    "AudioSignal": ("freq",),
    "VideoSignal": ("fps",),
}

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
}

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
