"""Ports read from ``Annotated[Tensor, NeuralType(...)]`` annotations on ``forward``.

No ``from __future__ import annotations`` here: the classes are local to the tests
(rt_future_module covers postponed annotations).
"""

from collections import OrderedDict
from typing import Annotated, NamedTuple, Optional

import pytest
import rt_future_module
import torch
from torch import Tensor

from neuraltypes import (
    AnnotationError,
    AxisKind,
    AxisType,
    LabelsType,
    LengthsType,
    LogprobsType,
    NeuralModule,
    NeuralType,
    SpectrogramType,
    typecheck,
)

SPEC = NeuralType(("B", "D", "T"), SpectrogramType())
LEN = NeuralType(("B",), LengthsType())
LOGP = NeuralType(("B", "T", "D"), LogprobsType())
Spec = Annotated[Tensor, SPEC]
Lengths = Annotated[Tensor, LEN]


def test_parameters_become_input_ports_in_order() -> None:
    class M(NeuralModule):
        def forward(self, audio_signal: Spec, length: Lengths, flag: bool = False) -> None: ...

    assert M().input_types == OrderedDict([("audio_signal", SPEC), ("length", LEN)])
    assert M().output_types is None


def test_single_output_is_named_output_unless_labelled() -> None:
    class A(NeuralModule):
        def forward(self, x: Spec) -> Annotated[Tensor, LOGP]:
            raise NotImplementedError

    class B(NeuralModule):
        def forward(self, x: Spec) -> Annotated[Tensor, LOGP, "logprobs"]:
            raise NotImplementedError

    assert A().output_types == {"output": LOGP}
    assert B().output_types == {"logprobs": LOGP}


def test_tuple_outputs_take_labels_or_positions() -> None:
    class M(NeuralModule):
        def forward(self, x: Spec) -> tuple[Annotated[Tensor, LOGP, "logprobs"], Lengths]:
            raise NotImplementedError

    assert list(M().output_types or {}) == ["logprobs", "output_1"]


def test_namedtuple_outputs_use_field_names() -> None:
    class Out(NamedTuple):
        outputs: Spec
        encoded_lengths: Lengths

    class M(NeuralModule):
        def forward(self, x: Spec) -> Out:
            raise NotImplementedError

    assert M().output_types == OrderedDict([("outputs", SPEC), ("encoded_lengths", LEN)])


def test_optional_ports_from_optional_and_union_none() -> None:
    class M(NeuralModule):
        def forward(self, a: Optional[Lengths] = None, b: Lengths | None = None) -> None: ...  # noqa: UP045

    optional = NeuralType(("B",), LengthsType(), optional=True)
    assert M().input_types == {"a": optional, "b": optional}


def test_container_ports_have_nemo_list_form() -> None:
    class M(NeuralModule):
        def forward(self, states: list[list[Lengths]], xs: list[Spec]) -> list[Spec]:
            raise NotImplementedError

    assert M().input_types == {"states": [[LEN]], "xs": [SPEC]}
    assert M().output_types == {"output": [SPEC]}


def test_non_neural_annotations_are_ignored() -> None:
    class M(NeuralModule):
        def forward(self, x: Tensor, n: int, y: Annotated[Tensor, "just a note"]) -> Tensor:
            raise NotImplementedError

    assert M().input_types is None
    assert M().output_types is None


def test_future_annotations_aliases_and_forward_references() -> None:
    enc = rt_future_module.Encoder()
    assert list(enc.input_types or {}) == ["audio_signal", "length", "cache"]
    assert list(enc.output_types or {}) == ["outputs", "encoded_lengths"]
    out = enc(*rt_future_module.make_inputs())
    assert out.outputs.neural_type == (enc.output_types or {})["outputs"]


def test_legacy_and_annotated_modules_compare_equal() -> None:
    class Legacy(NeuralModule):
        @property
        def input_types(self) -> dict[str, object]:
            return OrderedDict(
                [
                    ("targets", NeuralType(("B", "T"), LabelsType())),
                    ("target_length", NeuralType(tuple("B"), LengthsType())),
                    ("states", [NeuralType(("D", "B", "D"), optional=True)]),
                ]
            )

    class Migrated(NeuralModule):
        def forward(
            self,
            targets: Annotated[Tensor, NeuralType(("B", "T"), LabelsType())],
            target_length: Lengths,
            states: list[Annotated[Tensor, NeuralType(("D", "B", "D"))]] | None = None,
        ) -> None: ...

    # NeMo's optional flag sits on the NeuralType; Optional[list[...]] puts it there too.
    assert Migrated().input_types == Legacy().input_types


def test_symbol_axes_parse() -> None:
    t_axis = AxisType(AxisKind.Time, symbol="T")

    class M(NeuralModule):
        def forward(self, x: Annotated[Tensor, NeuralType(("B", t_axis))]) -> None: ...

    assert (M().input_types or {})["x"].axes[1].symbol == "T"


def test_class_instead_of_instance_fails_at_class_definition() -> None:
    with pytest.raises(AnnotationError, match=r"'x' of .*M\.forward.*class NeuralType"):

        class M(NeuralModule):
            def forward(self, x: Annotated[Tensor, NeuralType]) -> None: ...


def test_bad_axis_label_fails_where_the_annotation_is_written() -> None:
    with pytest.raises(AnnotationError, match=r"Can't create AxisKind from 'Q'.*HINT"):

        class M(NeuralModule):
            def forward(self, x: Annotated[Tensor, NeuralType(("B", "Q"))]) -> None: ...


def test_list_axis_after_tensor_axis_fails() -> None:
    with pytest.raises(AnnotationError, match="list dimension after Tensor dimension"):
        NeuralType(("B", AxisType(AxisKind.Time, is_list=True)))


def test_unresolvable_annotation_names_class_and_method_at_first_use() -> None:
    namespace: dict[str, object] = {}
    exec(
        "from __future__ import annotations\n"
        "from neuraltypes import NeuralModule, typecheck\n"
        "class Broken(NeuralModule):\n"
        "    @typecheck()\n"
        "    def forward(self, x: DoesNotExist) -> None: ...\n",
        namespace,
    )
    module = namespace["Broken"]()  # type: ignore[operator]
    with pytest.raises(AnnotationError, match=r"Broken\.forward.*DoesNotExist.*HINT"):
        module(torch.zeros(1))


def test_typecheck_without_parentheses_is_a_clear_error() -> None:
    def forward(x: Spec) -> None: ...

    with pytest.raises(TypeError, match=r"@typecheck\(\)"):
        typecheck(forward)
