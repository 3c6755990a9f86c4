"""A grid of (port, value) type pairs through the runtime's and the plugin's comparisons: a
connection the runtime accepts is never reported statically, and one it rejects is."""

from __future__ import annotations

import ast
import itertools
from typing import Any

import pytest

from mypy_plugin.model.compare import mismatch_reason
from mypy_plugin.model.spec import Spec
from mypy_plugin.source.extract import parse_neural_type
from neuraltypes import NeuralType, NeuralTypeComparisonResult
from neuraltypes._tables import element_ancestors

from .readers import PRELUDE, Resolver

TYPES = [
    "NeuralType()",
    "NeuralType(('B', 'T'))",
    "NeuralType(('B', 'T'), VoidType())",
    "NeuralType(('B', 'T'), ElementType())",
    "NeuralType(('B', 'T'), LabelsType())",
    "NeuralType(('T', 'B'), LabelsType())",
    "NeuralType(('B', 'D', 'T'), SpectrogramType())",
    "NeuralType(('B', 'D', 'T'), MelSpectrogramType())",
    "NeuralType(('B', 'T', 'D'), MelSpectrogramType())",
    "NeuralType(('B', 'D', 'T'), AcousticEncodedRepresentation())",
    "NeuralType(('B', 'any', 'T'), SpectrogramType())",
    "NeuralType(('B', 'T'), AudioSignal())",
    "NeuralType(('B', 'T'), AudioSignal(16000))",
    "NeuralType(('B', 'T'), AudioSignal(8000))",
    "NeuralType(None, LossType())",
    "NeuralType(('B',), LossType())",
    "NeuralType(tuple('B'), LengthsType())",
    "NeuralType(tuple('B'), LengthsType(), optional=True)",
    "NeuralType((AxisType(AxisKind.Batch), AxisType(AxisKind.Time, 10)), LabelsType())",
    "NeuralType((AxisType(AxisKind.Batch), AxisType(AxisKind.Time, 12)), LabelsType())",
    "NeuralType((AxisType(AxisKind.Batch, is_list=True), AxisType(AxisKind.Time)))",
    "NeuralType(('B', 'T', 'D'), LogprobsType())",
    "NeuralType(('B', 'T', 'D'), LogitsType())",
]

_OK = (NeuralTypeComparisonResult.SAME, NeuralTypeComparisonResult.GREATER)


def _runtime(text: str) -> NeuralType:
    namespace: dict[str, Any] = {}
    exec(compile(PRELUDE + f"NT = {text}\n", "<grid>", "exec"), namespace)
    ntype: NeuralType = namespace["NT"]
    return ntype


def _static(text: str) -> Spec:
    tree = ast.parse(PRELUDE + f"NT = {text}\n")
    node = tree.body[-1]
    assert isinstance(node, ast.Assign)
    spec = parse_neural_type(node.value, Resolver(tree))
    assert spec is not None
    return spec


def _is_subclass(value: str, port: str) -> bool | None:
    return port.rpartition(".")[2] in element_ancestors(value.rpartition(".")[2])


@pytest.mark.parametrize(("port", "value"), list(itertools.product(TYPES, TYPES)))
def test_static_and_runtime_verdicts_agree(port: str, value: str) -> None:
    accepted = _runtime(port).compare(_runtime(value)) in _OK
    reason = mismatch_reason(_static(port), _static(value), _is_subclass)
    assert (reason == "") == accepted, reason
