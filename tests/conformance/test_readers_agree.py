"""One corpus of annotation forms and legacy dict literals through every reader: the runtime,
the mypy plugin and the codemod read the same ports (name, axes, element, optional, depth)."""

from __future__ import annotations

import pytest

from neuraltypes.runtime._ports import Port

from .readers import (
    PRELUDE,
    codemod_annotation,
    codemod_legacy,
    plugin_legacy,
    plugin_ports_of,
    runtime_legacy,
    runtime_ports,
)

BT = "NeuralType(('B', 'T'), LabelsType())"

#: Neural types: every axis spelling and element form each reader accepts.
NEURAL_TYPES = [
    BT,
    "NeuralType(tuple('B'), LengthsType())",
    "NeuralType('BT')",
    "NeuralType(('N', 'C', 't_audio'), SpectrogramType())",
    "NeuralType(('batch', 'dimension', 'time'), MelSpectrogramType())",
    "NeuralType(('b', 'channel', 'T'), AcousticEncodedRepresentation())",
    "NeuralType(('B', 'any', 'seq', 'flowgroup', 'S', 'W', 'H'))",
    "NeuralType(None, LossType())",
    "NeuralType(elements_type=LossType())",
    "NeuralType()",
    "NeuralType(('B',), LengthsType(), optional=True)",
    "NeuralType(('B',), LengthsType(), True)",
    "NeuralType(axes=('B', 'T'), elements_type=AudioSignal(16000))",
    "NeuralType(('B', 'T'), AudioSignal(freq=8000))",
    "NeuralType(('B', 'T'), AudioSignal())",
    "NeuralType(('B', 'T'), VoidType())",
    "NeuralType(('B', 'T'), ElementType())",
    "NeuralType((AxisType(AxisKind.Batch), AxisType(AxisKind.Time, 10)), LogitsType())",
    "NeuralType((AxisType('D', 80), AxisType(AxisKind.Channel), AxisType(kind='T')))",
    "NeuralType((AxisType(AxisKind.Batch, is_list=True), AxisType(AxisKind.Time)))",
    "NeuralType((AxisType(AxisKind.Batch, None, True), AxisType(AxisKind.Dimension)))",
]

#: Parameter annotations (``NT`` is replaced by a neural type): every port form.
PARAM_FORMS = [
    "Annotated[Tensor, NT]",
    "typing.Annotated[Tensor, NT]",
    "typing_extensions.Annotated[Tensor, NT]",
    "Annotated[Tensor, NT] | None",
    "None | Annotated[Tensor, NT]",
    "Optional[Annotated[Tensor, NT]]",
    "typing.Optional[Annotated[Tensor, NT]]",
    "Union[Annotated[Tensor, NT], None]",
    "Union[None, Annotated[Tensor, NT]]",
    "Annotated[Optional[Tensor], NT]",
    "Annotated[Tensor | None, NT]",
    "list[Annotated[Tensor, NT]]",
    "List[Annotated[Tensor, NT]]",
    "Sequence[Annotated[Tensor, NT]]",
    "collections.abc.Sequence[Annotated[Tensor, NT]]",
    "MutableSequence[Annotated[Tensor, NT]]",
    "list[list[Annotated[Tensor, NT]]]",
    "Annotated[list[Tensor], NT]",
    "Annotated[List[list[Tensor]], NT]",
    "Annotated[Sequence[Tensor], NT]",
    "Optional[list[Annotated[Tensor, NT]]]",
    "list[Annotated[Tensor, NT]] | None",
    "list[Optional[Annotated[Tensor, NT]]]",
    "Annotated[Optional[list[Tensor]], NT]",
    "Annotated[Tensor, NT, 'label']",
    "Annotated[Tensor, 'doc', NT]",
    "Annotated[Annotated[Tensor, 'doc'], NT]",
    "Annotated[Optional[Annotated[Tensor, NT]], 'doc']",
    '"Annotated[Tensor, NT]"',
    'Optional["Annotated[Tensor, NT]"]',
    '"Optional[Annotated[Tensor, NT]]"',
    "ALIAS",
    "Optional[ALIAS]",
    "list[ALIAS]",
    "ALIAS | None",
    '"ALIAS"',
]

#: Annotations that declare no port, for every reader.
NOT_PORTS = [
    "Tensor",
    "list[Tensor]",
    "Optional[Tensor]",
    "Annotated[Tensor, 'doc']",
    "Union[Annotated[Tensor, NT], int]",
    "Annotated[Tensor, NT] | int | None",
    "tuple[Annotated[Tensor, NT], ...]",
    "dict[str, Annotated[Tensor, NT]]",
    "int",
]

#: Return annotations: single, labelled, tuples (with non-port items), NamedTuples, none.
RETURN_FORMS = [
    "Annotated[Tensor, NT]",
    "Annotated[Tensor, NT, 'logits']",
    "Annotated[Tensor, NT] | None",
    "list[Annotated[Tensor, NT]]",
    "tuple[Annotated[Tensor, NT], Annotated[Tensor, NeuralType(('B',), LengthsType())]]",
    "Tuple[Annotated[Tensor, NT, 'a'], int, Annotated[Tensor, NT]]",
    "tuple[Annotated[Tensor, NT], Optional[Annotated[Tensor, NT]], None]",
    '"tuple[ALIAS, ALIAS]"',
    "Out",
    '"Out"',
    "tuple[Annotated[Tensor, NT], ...]",
    "Tensor",
    "None",
]

MODULE = """
ALIAS = Annotated[Tensor, {nt}]

class Out(NamedTuple):
    logits: Annotated[Tensor, {nt}]
    count: int
    lengths: Annotated[Tensor, NeuralType(('B',), LengthsType())] | None = None

def f(x: {param}) -> {ret}:
    ...
"""


def _module(param: str, ret: str, nt: str) -> str:
    return MODULE.format(param=param.replace("NT", nt), ret=ret.replace("NT", nt), nt=nt)


@pytest.mark.parametrize("nt", NEURAL_TYPES)
@pytest.mark.parametrize("form", PARAM_FORMS)
def test_parameter_ports_agree(form: str, nt: str) -> None:
    source = _module(form, "None", nt)
    runtime = runtime_ports(source)
    assert len(runtime[0]) == 1, runtime
    assert plugin_ports_of(source) == runtime


@pytest.mark.parametrize("form", NOT_PORTS)
def test_non_ports_agree(form: str) -> None:
    source = _module(form, "None", BT)
    assert runtime_ports(source) == ([], [])
    assert plugin_ports_of(source) == ([], [])


@pytest.mark.parametrize("nt", [BT, "NeuralType(None, LossType())", "NeuralType('BT')"])
@pytest.mark.parametrize("ret", RETURN_FORMS)
def test_output_ports_agree(ret: str, nt: str) -> None:
    source = _module("Tensor", ret, nt)
    assert plugin_ports_of(source) == runtime_ports(source)


#: Legacy ``input_types`` literals (``NT`` is replaced by a neural type).
LEGACY_FORMS = [
    "{'x': NT, 'n': NeuralType(tuple('B'), LengthsType())}",
    "{'x': [NT]}",
    "{'x': [[NT]]}",
    "{'x': (NT,)}",
    "OrderedDict(x=NT, n=NeuralType(('B',), LengthsType(), optional=True))",
    "OrderedDict({'x': NT})",
    "OrderedDict([('x', NT), ('y', [NT])])",
    "dict(x=NT)",
]


@pytest.mark.parametrize("nt", NEURAL_TYPES)
@pytest.mark.parametrize("literal", LEGACY_FORMS)
def test_legacy_ports_agree(literal: str, nt: str) -> None:
    literal = literal.replace("NT", nt)
    runtime = runtime_legacy(literal)
    assert plugin_legacy(literal) == runtime
    codemod = codemod_legacy(literal)
    assert [
        (name, ntype, depth, optional or ntype.optional) for name, ntype, depth, optional in codemod
    ] == [(p.name, p.ntype, p.depth, p.ntype.optional) for p in _runtime_ports(literal)]


def _runtime_ports(literal: str) -> tuple[Port, ...]:
    from neuraltypes.runtime._nemo_ports import ports_from_nemo

    namespace: dict[str, object] = {}
    exec(compile(PRELUDE + f"SPEC = {literal}\n", "<corpus>", "exec"), namespace)
    return ports_from_nemo(namespace["SPEC"], "M.forward", "input")


@pytest.mark.parametrize("nt", NEURAL_TYPES)
@pytest.mark.parametrize(("depth", "optional"), [(0, False), (0, True), (1, False), (2, True)])
def test_what_the_codemod_writes_reads_back_the_same(nt: str, depth: int, optional: bool) -> None:
    written = codemod_annotation(nt, depth, optional)
    source = _module(written, "None", nt)
    runtime = runtime_ports(source)
    assert plugin_ports_of(source) == runtime
    ((name, _, _, port_optional, port_depth),) = runtime[0]
    assert (name, port_depth) == ("x", depth)
    namespace: dict[str, object] = {}
    exec(compile(PRELUDE + f"NT = {nt}\n", "<corpus>", "exec"), namespace)
    assert port_optional == (optional or namespace["NT"].optional)
