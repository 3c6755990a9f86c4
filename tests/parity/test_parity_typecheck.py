"""NeMo's typecheck behaviours (test_typecheck.py's inventory),
written NeMo-style: ports declared by ``input_types``/``output_types`` properties."""

from typing import Any, NamedTuple

import pytest
import torch

from neuraltypes import (
    ElementType,
    LabelsType,
    LogitsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    typecheck,
)

BT = NeuralType(("B", "T"), ElementType())
BTD = NeuralType(("B", "T", "D"), ElementType())


def module(inputs: Any = None, outputs: Any = None, fn: Any = None, **deco: Any) -> NeuralModule:
    """A NeMo-style module whose forward is ``fn`` (default: x + 1 for each input)."""

    class Legacy(NeuralModule):
        @property
        def input_types(self) -> Any:
            return inputs

        @property
        def output_types(self) -> Any:
            return outputs

        @typecheck(**deco)
        def forward(self, *args: Any, **kwargs: Any) -> Any:
            if fn is not None:
                return fn(*args, **kwargs)
            values = [*args, *kwargs.values()]
            return values[0] + 1 if len(values) == 1 else tuple(v + 1 for v in values)

    return Legacy()


def x(*shape: int) -> torch.Tensor:
    return torch.zeros(*shape or (2, 10))


def test_no_types_passthrough() -> None:
    out = module()(x=x())
    assert not hasattr(out, "neural_type")


def test_input_output_types() -> None:
    m = module({"x": BT}, {"y": BT})
    assert m(x=x()).neural_type == BT
    with pytest.raises(NeuralTypeError, match='input "w": no such input port'):
        m(w=x())


def test_input_types_only_leaves_output_untagged() -> None:
    assert not hasattr(module({"x": BT})(x=x()), "neural_type")
    assert not hasattr(module({"x": BT, "y": BT})(x=x(), y=x())[0], "neural_type")


def test_output_types_only_tags_and_allows_positionals() -> None:
    assert module(None, {"y": BT})(x()).neural_type == BT


def test_multiple_outputs_tuple_and_namedtuple() -> None:
    class Out(NamedTuple):
        y0: torch.Tensor
        y1: torch.Tensor

    for fn in (lambda a: (a + 1, a + 2), lambda a: Out(a + 1, a + 2)):
        y0, y1 = module(None, {"y0": BT, "y1": BT}, fn)(x())
        assert y0.neural_type == BT and y1.neural_type == BT


def test_mixed_container_outputs() -> None:
    outputs = {"y": BT, "ys": [BT]}
    y, ys = module(None, outputs, lambda a: (a + 1, [a + 2, a + 3]))(x())
    assert y.neural_type == BT and all(v.neural_type == BT for v in ys)
    with pytest.raises(NeuralTypeError):
        module(None, outputs, lambda a: ([a, a], a))(x())


def test_port_definition_rejection() -> None:
    with pytest.raises(NeuralTypeError, match="no such input port"):
        module({"x": BT}, {"y": BT})(x=x(), z=x())
    with pytest.raises(NeuralTypeError, match="expected 1 output value"):
        module({"x": BT}, {"y": BT}, lambda x: (x, x))(x=x())


def test_port_shape_rejection() -> None:
    with pytest.raises(NeuralTypeError, match="rank 3, expected 2"):
        module({"x": BT}, {"y": BT})(x=x(2, 10, 1))
    with pytest.raises(NeuralTypeError, match=r'output "y".*rank 3, expected 2'):
        module({"x": BT}, {"y": BT}, lambda x: x.unsqueeze(-1))(x=x())


def test_optional_types() -> None:
    optional = NeuralType(("B", "T"), ElementType(), optional=True)
    m = module({"x": BT, "y": optional}, {"z": BT}, lambda x, y=None: x if y is None else x + y)
    m(x=x())
    m(x=x(), y=x())


def test_semantic_chain_logits_into_labels() -> None:
    producer = module({"x": BT}, {"y": NeuralType(("B", "T"), LogitsType())})
    consumer = module(
        {"x": NeuralType(("B", "T"), LogitsType())}, {"y": NeuralType(("B", "T"), LabelsType())}
    )
    assert consumer(x=producer(x=x())).neural_type.elements_type == LabelsType()
    with pytest.raises(NeuralTypeError, match="INCOMPATIBLE"):
        consumer(x=consumer(x=producer(x=x())))


def test_nested_container_ports() -> None:
    m = module({"x": [[BT]]}, {"y": [[BT]]}, lambda x: [[v + 1 for v in row] for row in x])
    out = m(x=[[x(), x()], [x()]])
    assert all(v.neural_type == BT for row in out for v in row)
    with pytest.raises(NeuralTypeError, match="rank 3"):
        m(x=[[x(2, 10, 1)]])
    with pytest.raises(NeuralTypeError, match="depth"):
        m(x=[[[x()]]])
    with pytest.raises(NeuralTypeError, match="depth"):
        m(x=[x()])  # depth 1 on a [[NT]] port


def test_nested_with_ignore_collections() -> None:
    m = module({"x": BT}, {"y": BT}, lambda x: x, ignore_collections=True)
    m(x=[[x(), x()], [x()]])


def test_nested_mixed_ports() -> None:
    m = module({"a": BT, "b": [[BT]]}, {"y": [BT]}, lambda a, b: [a, *b[0]])
    assert len(m(a=x(), b=[[x(), x()]])) == 3
    with pytest.raises(NeuralTypeError):
        m(a=x(), b=[[x(2, 10, 1)]])


def test_output_container_shapes() -> None:
    three = lambda a: (a, a + 1, a + 2)  # noqa: E731
    with pytest.raises(NeuralTypeError, match="depth"):
        module(None, {"y": [[BT]]}, three)(x())  # a 3-tuple for [[NT]]
    out = module(None, {"y": [BT]}, lambda a: [a, a + 1, a + 2])(x())  # no tuple wrap
    assert len(out) == 3 and all(v.neural_type == BT for v in out)
    out = module(None, {"y": [BT]}, lambda a: ([a, a + 1, a + 2],))(x())  # explicit 1-tuple
    assert all(v.neural_type == BT for v in out[0])


def test_disable_checks_no_check_no_tag() -> None:
    with typecheck.disable_checks():
        out = module({"x": BT}, {"y": BT})(x=x(2, 10, 1))
    assert not hasattr(out, "neural_type")


def test_disable_semantic_checks() -> None:
    tagged = x()
    tagged.neural_type = NeuralType(("B", "T"), LabelsType())  # type: ignore[attr-defined]
    m = module({"x": NeuralType(("B", "T"), LogitsType())}, {"y": BT})
    with pytest.raises(NeuralTypeError):
        m(x=tagged)
    with typecheck.disable_semantic_checks():
        m(x=tagged)


def test_positional_arguments_accepted_with_input_types() -> None:  # deviation N1 (NeMo #969)
    class M(NeuralModule):
        @property
        def input_types(self) -> dict[str, NeuralType]:
            return {"x": BT, "y": BT}

        @typecheck()
        def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return x + y

    assert M()(x(), x()).shape == (2, 10)
    with pytest.raises(NeuralTypeError, match='input "y"'):
        M()(x(), x(3, 10))


# -- deviations D9, D13, D15 ------------------------------------------------------------------


def test_d9_output_count_message_has_bounds_in_order() -> None:
    optional = NeuralType(("B", "T"), ElementType(), optional=True)
    m = module(None, {"a": BT, "b": optional}, lambda a: (a, a, a))
    with pytest.raises(NeuralTypeError, match="expected between 1 and 2 output value"):
        m(x())


def test_d13_container_port_with_wrong_tag_is_a_type_error() -> None:
    tagged = x()
    tagged.neural_type = NeuralType(("B", "T"), LabelsType())  # type: ignore[attr-defined]
    m = module({"x": [NeuralType(("B", "T"), LogitsType())]})
    with pytest.raises(NeuralTypeError, match=r'input "x".*tagged'):
        m(x=[tagged])


def test_d15_specs_are_cached_by_value_not_rebuilt() -> None:
    m = module({"x": BT}, {"y": BT})
    for _ in range(3):
        m(x=x())
    state = type(m).forward.__typecheck__  # type: ignore[attr-defined]
    assert len(state.dynamic) == 1  # equal specs from fresh property calls share one checker
