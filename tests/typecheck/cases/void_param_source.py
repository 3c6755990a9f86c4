# fmt: off
# ruff: noqa: E501
"""A parameter declared ``VoidType`` accepts any element: used as a source, it is unknown
(NeMo's ssl_losses/ctc.py passes one on to CTCLoss)."""

from typing import Annotated

from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import LabelsType, LogprobsType, NeuralType, VoidType
from torch import Tensor, nn

from neuraltypes._reveal import reveal_neural_type


class CTCLoss(nn.Module):
    def forward(
        self,
        log_probs: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())],
        targets: Annotated[Tensor, NeuralType(("B", "T"), LabelsType())],
    ) -> Tensor:
        raise NotImplementedError


# case: void_legacy_parameter_is_unknown_as_a_source
class LegacyVoid(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.loss = CTCLoss()

    @property
    def input_types(self):
        return {
            "decoder_outputs": NeuralType(("B", "T", "D"), VoidType()),
            "targets": NeuralType(("B", "T"), LabelsType()),
        }

    @typecheck()
    def forward(self, decoder_outputs, targets):
        reveal_neural_type(decoder_outputs)  # N: Revealed neural type is unknown (value is unchecked)
        return self.loss(log_probs=decoder_outputs, targets=targets)


# case: void_annotated_parameter_is_unknown_as_a_source
class AnnotatedVoid(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.loss = CTCLoss()

    def forward(
        self,
        anything: Annotated[Tensor, NeuralType(("B", "T", "D"), VoidType())],
        targets: Annotated[Tensor, NeuralType(("B", "T"), LabelsType())],
    ) -> Tensor:
        self.loss(targets, targets)  # E: Neural type mismatch for argument "log_probs" of "CTCLoss.forward"
        return self.loss(anything, targets)
