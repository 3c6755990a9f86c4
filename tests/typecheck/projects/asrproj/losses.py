"""CTC loss with neural-typed ports."""

from torch import nn

from neuraltypes import NeuralModule

from .ntypes import Labels, Lengths, LogProbs, Loss


class CTCLoss(NeuralModule):
    """Mean CTC loss over the batch."""

    def __init__(self, num_classes: int = 29) -> None:
        super().__init__()
        self.ctc = nn.CTCLoss(blank=num_classes - 1)

    def forward(
        self,
        log_probs: LogProbs,
        targets: Labels,
        input_lengths: Lengths,
        target_lengths: Lengths,
    ) -> Loss:
        return self.ctc(log_probs.transpose(0, 1), targets, input_lengths, target_lengths)
