"""``NeuralModule``: freeze helpers (D19, D20 fixed) and legacy NeMo-style port properties."""

from collections import OrderedDict
from typing import Annotated

import pytest
import torch
from torch import Tensor

from neuraltypes import (
    LabelsType,
    LengthsType,
    LogitsType,
    NeuralModule,
    NeuralType,
    NeuralTypeError,
    typecheck,
)


class Net(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.first = torch.nn.Linear(10, 10, bias=False)
        self.second = torch.nn.Linear(10, 10, bias=False)
        self.norm = torch.nn.BatchNorm1d(10)


def test_num_weights_counts_trainable_elements() -> None:
    net = Net()
    assert net.num_weights == 200 + 20  # two bias-free Linear(10, 10) + BatchNorm affine
    net.freeze()
    assert net.num_weights == 0


def test_freeze_records_map_and_switches_to_eval() -> None:
    net = Net()
    net.second.weight.requires_grad = False
    net.freeze()
    assert not net.training
    assert all(not p.requires_grad for p in net.parameters())
    assert net._frozen_grad_map["first.weight"] is True
    assert net._frozen_grad_map["second.weight"] is False


def test_unfreeze_full_and_partial() -> None:
    net = Net()
    net.second.weight.requires_grad = False
    net.freeze()
    net.unfreeze(partial=True)
    assert net.first.weight.requires_grad and not net.second.weight.requires_grad
    assert not hasattr(net, "_frozen_grad_map") and net.training
    net.freeze()
    net.unfreeze()
    assert all(p.requires_grad for p in net.parameters())


def test_partial_unfreeze_without_freeze_raises() -> None:
    with pytest.raises(ValueError, match="without first freezing"):
        Net().unfreeze(partial=True)


def test_freezing_twice_keeps_the_first_recorded_state() -> None:  # deviation D19
    net = Net()
    net.freeze()
    net.freeze()  # NeMo overwrote the map with all-False here
    net.unfreeze(partial=True)
    assert all(p.requires_grad for p in net.parameters())


def test_as_frozen_restores_every_submodule_mode_and_flag() -> None:  # deviation D20
    net = Net()
    net.norm.eval()  # a deliberately frozen BatchNorm inside a training model
    net.second.weight.requires_grad = False
    with net.as_frozen():
        assert net.num_weights == 0 and not net.training
    assert net.training and not net.norm.training  # NeMo put the BatchNorm back in train
    assert net.first.weight.requires_grad and not net.second.weight.requires_grad
    assert not hasattr(net, "_frozen_grad_map")


def test_as_frozen_keeps_an_outer_freeze() -> None:
    net = Net()
    net.freeze()
    with net.as_frozen():
        pass
    assert net.num_weights == 0 and "first.weight" in net._frozen_grad_map


class ModeDependent(NeuralModule):
    """Legacy NeMo style: the properties depend on the mode and are read on every call."""

    @property
    def input_types(self) -> dict[str, NeuralType]:
        return {"x": NeuralType(("B", "T"), LabelsType())}

    @property
    def output_types(self) -> dict[str, NeuralType]:
        if self.training:
            return {"y": NeuralType(("B", "T", "D"), LogitsType())}
        return {"y": NeuralType(("B", "T"), LabelsType())}

    @typecheck()
    def forward(self, x: Tensor) -> Tensor:
        return torch.nn.functional.one_hot(x, 3).float() if self.training else x


def test_legacy_properties_are_read_on_every_call() -> None:
    module = ModeDependent()
    x = torch.zeros(2, 5, dtype=torch.long)
    assert module(x=x).shape == (2, 5, 3)
    module.eval()
    assert module(x=x).neural_type == NeuralType(("B", "T"), LabelsType())
    module.train()
    with pytest.raises(NeuralTypeError, match='input "z": no such input port'):
        module(z=x)


def test_legacy_mode_dependent_types_reject_the_wrong_mode() -> None:
    class AlwaysOneHot(ModeDependent):
        @typecheck()
        def forward(self, x: Tensor) -> Tensor:
            return torch.nn.functional.one_hot(x, 3).float()

    module = AlwaysOneHot()
    module(x=torch.zeros(2, 5, dtype=torch.long))
    module.eval()
    with pytest.raises(NeuralTypeError, match=r'output "y".*rank 3, expected 2'):
        module(x=torch.zeros(2, 5, dtype=torch.long))


def test_decorator_types_override_properties_and_annotations() -> None:
    class M(NeuralModule):
        @typecheck(
            input_types={"x": NeuralType(("B",), LengthsType())},
            output_types={"y": NeuralType(("B",), LengthsType())},
        )
        def forward(self, x: Annotated[Tensor, NeuralType(("B", "T"))]) -> Tensor:
            return x

        @typecheck(input_types={"a": NeuralType(("B", "T"))}, output_types=None)
        def other(self, a: Tensor) -> Tensor:
            return a

    module = M()
    assert module(torch.ones(2)).neural_type == NeuralType(("B",), LengthsType())
    assert module.other(torch.ones(2, 3)).shape == (2, 3)
    with pytest.raises(NeuralTypeError):
        module.other(torch.ones(2))


def test_typing_properties_are_ordered_dicts() -> None:
    class M(NeuralModule):
        def forward(
            self,
            b: Annotated[Tensor, NeuralType(("B",))],
            a: Annotated[Tensor, NeuralType(("B",))],
        ) -> None: ...

    assert isinstance(M().input_types, OrderedDict)
    assert list(M().input_types or {}) == ["b", "a"]


def test_subclass_calling_super_forward_uses_its_own_legacy_properties() -> None:
    class Base(NeuralModule):
        @typecheck()
        def forward(self, x: Tensor) -> Tensor:
            return x

    class Child(Base):
        @property
        def input_types(self) -> dict[str, NeuralType]:
            return {"x": NeuralType(("B", "T"))}

        def forward(self, x: Tensor) -> Tensor:
            return super().forward(x=x)

    Child()(torch.zeros(2, 3))
    with pytest.raises(NeuralTypeError, match=r'Child\.forward: input "x"'):
        Child()(torch.zeros(2))


def test_legacy_forward_with_unrelated_or_unresolvable_annotations() -> None:
    namespace: dict[str, object] = {}
    exec(
        "import torch\n"
        "from neuraltypes import NeuralModule, NeuralType, typecheck\n"
        "class Legacy(NeuralModule):\n"
        "    @property\n"
        "    def input_types(self):\n"
        "        return {'x': NeuralType(('B', 'T'))}\n"
        "    @typecheck()\n"
        "    def forward(self, x: list() = None, y: 'NotDefinedAnywhere' = None):\n"
        "        return x\n",
        namespace,
    )
    module = namespace["Legacy"]()  # type: ignore[operator]
    assert module(torch.ones(2, 3)).shape == (2, 3)
    with pytest.raises(NeuralTypeError, match=r'Legacy\.forward: input "x"'):
        module(torch.ones(2))


def test_half_legacy_module_keeps_annotated_outputs_and_plain_keywords() -> None:
    class Half(NeuralModule):
        @property
        def input_types(self) -> dict[str, NeuralType]:
            return {"x": NeuralType(("B", "T")), "scale": NeuralType(None, optional=True)}

        @typecheck()
        def forward(
            self, x: Tensor, scale: float = 1.0
        ) -> Annotated[Tensor, NeuralType(("B", "T"), LogitsType())]:
            return x * scale

    out = Half()(x=torch.ones(2, 3), scale=2.0)
    assert out.neural_type == NeuralType(("B", "T"), LogitsType())
