"""CTC decoder head."""

from typing import Annotated

from torch import Tensor, nn

from neuraltypes import AcousticEncodedRepresentation, NeuralModule, NeuralType

from .ntypes import LogProbs


class CTCDecoder(NeuralModule):
    """Per-frame log-probabilities over the vocabulary; takes any acoustic encoding."""

    def __init__(self, d_model: int = 256, num_classes: int = 29) -> None:
        super().__init__()
        self.proj = nn.Conv1d(d_model, num_classes, kernel_size=1)

    def forward(
        self,
        encoder_output: Annotated[
            Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())
        ],
    ) -> LogProbs:
        return self.proj(encoder_output).transpose(1, 2).log_softmax(dim=-1)
