"""The vocabulary as data, written once: axis kinds and labels, element types, annotation names.

Torch-free and import-free: the runtime (``_axes``, ``_elements``), the mypy plugin (which must
not import torch) and the codemods all read these tables; ``tests/conformance`` checks that the
classes in ``_elements`` and ``_axes`` agree with them.

>>> axis_kind(" T "), axis_kind("t_audio"), axis_kind("C"), axis_kind("Q")
('time', 'time', 'dimension', None)
>>> ELEMENT_BASES["MelSpectrogramType"], element_ancestors("MelSpectrogramType")
('SpectrogramType', ('MelSpectrogramType', 'SpectrogramType', 'ChannelType', 'ElementType'))
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ANNOTATED_NAMES",
    "AXIS_KINDS",
    "AXIS_KIND_MEMBERS",
    "AXIS_LABELS",
    "CONTAINER_NAMES",
    "ELEMENT_BASES",
    "ELEMENT_PARAMS",
    "ELEMENT_ROOT",
    "LABEL_HINT",
    "NONE_NAMES",
    "OPTIONAL_NAMES",
    "SHORT_LABELS",
    "TUPLE_NAMES",
    "UNION_NAMES",
    "VOID_ELEMENT",
    "axis_kind",
    "element_ancestors",
]

#: The axis kinds, by canonical name, with ``AxisKind``'s values (NeMo's order).
AXIS_KINDS: Final[dict[str, int]] = {
    "batch": 0,
    "time": 1,
    "dimension": 2,
    "width": 3,
    "height": 4,
    "any": 5,
    "sequence": 6,
    "flowgroup": 7,
    "singleton": 8,
}

#: ``AxisKind`` member name -> canonical kind (``Channel`` is NeMo's alias of ``Dimension``).
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

#: Axis label (stripped, lower case) -> canonical kind, as NeMo's ``AxisKind.from_str`` reads
#: them, plus every printed name (deviation D5: NeMo rejects its own ``"dimension"``).
AXIS_LABELS: Final[dict[str, str]] = {
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

#: Canonical kind -> the short label messages print.
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

#: Every accepted label, for error hints (``B, C, D, ..., batch, channel, ...``).
LABEL_HINT: Final[str] = ", ".join(
    sorted({k.upper() if len(k) == 1 else k for k in AXIS_LABELS} | {"t_<name>"})
)


def axis_kind(label: str) -> str | None:
    """The canonical kind an axis label names (``"t_<name>"`` is time), else ``None``."""
    key = label.strip().lower()
    kind = AXIS_LABELS.get(key)
    if kind is None and key.startswith("t_") and len(key) > 2:
        return "time"
    return kind


ELEMENT_ROOT: Final = "ElementType"
VOID_ELEMENT: Final = "VoidType"

#: Built-in element type -> its base class ("" for the root): NeMo's 42 types.
ELEMENT_BASES: Final[dict[str, str]] = {
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

#: Element types with parameters -> their constructor's parameter names, in order. Two values
#: of one class agree when every parameter agrees (``None`` is a wildcard).
ELEMENT_PARAMS: Final[dict[str, tuple[str, ...]]] = {
    "AudioSignal": ("freq",),
    "VideoSignal": ("fps",),
}


def element_ancestors(name: str) -> tuple[str, ...]:
    """``name`` and its built-in bases, nearest first (``()`` for an unknown name)."""
    chain: list[str] = []
    while name in ELEMENT_BASES and name not in chain:
        chain.append(name)
        name = ELEMENT_BASES[name]
    return tuple(chain)


# -- the annotation language: full names of the typing constructs a port annotation uses ----

#: ``Annotated[Tensor, NeuralType(...), "name"]``: the port itself.
ANNOTATED_NAMES: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
#: ``Optional[X]``: an optional port.
OPTIONAL_NAMES: Final = frozenset({"typing.Optional", "typing_extensions.Optional"})
#: ``Union[X, None]`` and ``X | None``: an optional port (other unions are not ports).
UNION_NAMES: Final = frozenset({"typing.Union", "typing_extensions.Union", "types.UnionType"})
#: ``None`` inside a union.
NONE_NAMES: Final = frozenset({"None", "builtins.None", "types.NoneType"})
#: One container level around a port (depth + 1), outside or inside ``Annotated``.
CONTAINER_NAMES: Final = frozenset(
    {
        "builtins.list",
        "typing.List",
        "typing.Sequence",
        "collections.abc.Sequence",
        "typing.MutableSequence",
        "collections.abc.MutableSequence",
    }
)
#: ``tuple[A, B]`` return annotations: one output port per item (``tuple[X, ...]`` is none).
TUPLE_NAMES: Final = frozenset({"builtins.tuple", "typing.Tuple"})
