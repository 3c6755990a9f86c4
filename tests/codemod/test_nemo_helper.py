"""``neuraltypes.nemo``: NeMo's port dicts derived from annotations (what migrated code calls)."""

# no ``from __future__ import annotations``: the local forwards below annotate with local objects
import functools
import textwrap
import types
from typing import Annotated, Any, NamedTuple, Optional

import pytest
from torch import Tensor

from neuraltypes import (
    AcousticEncodedRepresentation,
    AnnotationError,
    LengthsType,
    LogprobsType,
    NeuralType,
    SpectrogramType,
)
from neuraltypes.nemo import input_types_of, output_types_of
from neuraltypes.runtime._nemo_ports import ports_to_dict
from neuraltypes.runtime._ports import read_signature

BDT = NeuralType(("B", "D", "T"), SpectrogramType())
LEN = NeuralType(("B",), LengthsType())
ENC = NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
Tensor_ = Annotated[Tensor, LEN]  # an alias, as projects write them


class EncOut(NamedTuple):
    outputs: Annotated[Tensor, ENC]
    encoded_lengths: Annotated[Tensor, LEN]


def single(x: Annotated[Tensor, BDT]) -> Annotated[Tensor, ENC]: ...
def labelled(x: Annotated[Tensor, BDT]) -> Annotated[Tensor, ENC, "outputs"]: ...
def pair(
    x: Annotated[Tensor, BDT], n: Annotated[Tensor, LEN]
) -> tuple[Annotated[Tensor, ENC, "outputs"], Annotated[Tensor, LEN, "encoded_lengths"]]: ...
def unlabelled_pair(x: Annotated[Tensor, BDT]) -> tuple[Annotated[Tensor, ENC], Tensor_]: ...
def named(x: Annotated[Tensor, BDT], n: Annotated[Tensor, LEN]) -> EncOut: ...
def optional_outside(x: Annotated[Tensor, BDT], n: Tensor_ | None = None) -> None: ...
def optional_typing(n: Optional[Annotated[Tensor, LEN]] = None) -> None: ...  # noqa: UP045
def optional_inside(n: Annotated[Tensor | None, LEN] = None) -> None: ...
def containers(xs: list[Annotated[Tensor, BDT]], xss: list[list[Tensor_]]) -> list[Tensor_]: ...
def untyped(x: Tensor, n: int = 0) -> Tensor: ...


@pytest.mark.parametrize(
    "fn",
    [
        *(single, labelled, pair, unlabelled_pair, named),
        *(optional_outside, optional_typing, optional_inside, containers, untyped),
    ],
)
def test_agrees_with_the_runtime_reader(fn: Any) -> None:
    """One grammar: the dicts equal what neuraltypes' own runtime reads from the signature."""
    sig = read_signature(fn)
    assert input_types_of(fn) == ports_to_dict(sig.inputs)
    assert output_types_of(fn) == ports_to_dict(sig.outputs)


def test_names_orders_and_depths() -> None:
    assert list(input_types_of(pair) or {}) == ["x", "n"]
    assert list(output_types_of(pair) or {}) == ["outputs", "encoded_lengths"]
    assert list(output_types_of(unlabelled_pair) or {}) == ["output_0", "output_1"]
    assert list(output_types_of(named) or {}) == ["outputs", "encoded_lengths"]
    assert output_types_of(single) == {"output": ENC}
    assert input_types_of(containers) == {"xs": [BDT], "xss": [[LEN]]}
    assert output_types_of(containers) == {"output": [LEN]}
    assert (input_types_of(optional_inside) or {})["n"].optional
    assert input_types_of(untyped) is None and output_types_of(untyped) is None


class _NemoNeuralType:
    """Stands in for NeMo's NeuralType: same constructor, ``__eq__`` without ``__hash__``."""

    def __init__(self, axes: Any = None, elements_type: Any = None, optional: bool = False):
        self.axes, self.elements_type, self.optional = axes, elements_type, optional

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _NemoNeuralType) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]


_NemoNeuralType.__name__ = "NeuralType"
_NemoNeuralType.__module__ = "nemo.core.neural_types.neural_type"


def test_nemo_objects_reach_nemo_unchanged() -> None:
    """No neuraltypes object in the dict: NeMo's own instances, the very same objects."""
    length = _NemoNeuralType(("B",), "Lengths")
    cache = _NemoNeuralType(("B", "T"), "Spec", optional=True)

    def forward(
        self: Any,
        length: Annotated[Tensor, length],
        cache: Annotated[Tensor | None, cache] = None,
    ) -> Annotated[Tensor, length, "encoded_lengths"]: ...

    inputs = input_types_of(forward) or {}
    assert list(inputs) == ["length", "cache"]
    assert inputs["length"] is length and inputs["cache"] is cache
    assert (output_types_of(forward) or {})["encoded_lengths"] is length


def test_none_in_the_base_makes_a_nemo_type_optional_with_nemos_class() -> None:
    plain = _NemoNeuralType(("B",), "Lengths")

    def forward(self: Any, n: Annotated[Tensor | None, plain] = None) -> None: ...

    port = (input_types_of(forward) or {})["n"]
    assert type(port) is _NemoNeuralType and port.optional and port.axes == ("B",)


def test_the_defining_class_not_the_subclass() -> None:
    """``Parent.forward`` is named in the property: a subclass's own forward does not count."""

    class Parent:
        @property
        def input_types(self) -> Any:
            return input_types_of(Parent.forward)

        def forward(self, x: Annotated[Tensor, BDT]) -> None: ...

    class Child(Parent):
        def forward(self, x: Any, extra: Any = None) -> None: ...  # type: ignore[override]

    assert Child().input_types == {"x": BDT}


def test_decorated_forward_and_fresh_dicts() -> None:
    def deco(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        return wrapper

    @deco
    def forward(self: Any, x: Annotated[Tensor, BDT]) -> None: ...

    first = input_types_of(forward) or {}
    first["y"] = LEN  # a caller changing its dict does not change the next one
    assert input_types_of(forward) == {"x": BDT}


def test_string_annotations_are_resolved_in_the_module() -> None:
    module = types.ModuleType("_nt_future_mod")
    source = textwrap.dedent(
        """
        from __future__ import annotations
        from typing import Annotated
        from torch import Tensor
        from neuraltypes import LogprobsType, NeuralType

        def forward(self, x: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())]):
            return x
        """
    )
    exec(compile(source, "<future>", "exec"), module.__dict__)
    assert input_types_of(module.forward) == {"x": NeuralType(("B", "T", "D"), LogprobsType())}


def test_a_gap_in_a_tuple_return_is_an_error() -> None:
    def forward(self: Any) -> tuple[Annotated[Tensor, ENC], Tensor]: ...

    with pytest.raises(AnnotationError, match=r"item 1 of the return annotation .* by position"):
        output_types_of(forward)


def test_unresolvable_port_annotation_is_an_error() -> None:
    def forward(self: Any, x: Any) -> None: ...

    forward.__annotations__["x"] = 'Annotated[Tensor, NeuralType(("B",), Missing())]'
    with pytest.raises(AnnotationError, match=r"Cannot resolve the annotation of 'x'.*HINT"):
        input_types_of(forward)
