"""NeMo semantics of NeuralModule and NeMo's test_neural_module.py inventory."""

import pytest
import torch

from neuraltypes import NeuralModule


class TwoLinear(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.a = torch.nn.Linear(10, 10, bias=False)
        self.b = torch.nn.Linear(10, 10, bias=False)


def test_num_weights_is_200_for_two_bias_free_linears() -> None:
    assert TwoLinear().num_weights == 200


def test_freeze_freezes_every_parameter_and_calls_eval() -> None:
    m = TwoLinear()
    m.freeze()
    assert all(not p.requires_grad for p in m.parameters()) and not m.training
    assert m._frozen_grad_map == {"a.weight": True, "b.weight": True}


def test_unfreeze_makes_everything_trainable_and_calls_train() -> None:
    m = TwoLinear()
    m.b.weight.requires_grad = False
    m.freeze()
    m.unfreeze()
    assert all(p.requires_grad for p in m.parameters()) and m.training
    assert not hasattr(m, "_frozen_grad_map")


def test_as_frozen_inside_and_after() -> None:
    m = TwoLinear()
    with m.as_frozen():
        assert m.num_weights == 0 and not m.training
    assert m.num_weights == 200 and m.training
    m.eval()
    with m.as_frozen():
        pass
    assert not m.training  # the saved top-level mode is restored


def test_partial_unfreeze_keeps_prefrozen_layer_and_deletes_map() -> None:
    m = TwoLinear()
    m.b.weight.requires_grad = False
    m.freeze()
    m.unfreeze(partial=True)
    assert m.a.weight.requires_grad and not m.b.weight.requires_grad
    assert not hasattr(m, "_frozen_grad_map")


def test_partial_unfreeze_warns_about_parameters_missing_from_the_map() -> None:
    m = TwoLinear()
    m.freeze()
    m.c = torch.nn.Linear(2, 2, bias=False)  # added after freeze(): not in the map
    with pytest.warns(UserWarning, match="c.weight not found in list of previously frozen"):
        m.unfreeze(partial=True)
    assert m.c.weight.requires_grad


def test_partial_unfreeze_without_map_raises_value_error() -> None:
    with pytest.raises(ValueError):
        TwoLinear().unfreeze(partial=True)
