# fmt: off
# ruff: noqa: E501
"""A call on a union of modules is an error only when it fails for every member (NeMo's
``get_nemo_transformer`` returns ``Union[TransformerEncoderNM, TransformerDecoderNM]``)."""

from typing import Annotated, Union

from torch import Tensor, nn

from neuraltypes import LengthsType, NeuralType, SpectrogramType


class EncoderNM(nn.Module):
    def forward(
        self,
        encoder_states: Annotated[Tensor, NeuralType(("B", "T", "D"), SpectrogramType())],
    ) -> Tensor:
        raise NotImplementedError


class DecoderNM(nn.Module):
    def forward(
        self,
        input_ids: Annotated[Tensor, NeuralType(("B", "T"), LengthsType())],
        encoder_states: Annotated[Tensor, NeuralType(("B", "T", "D"), SpectrogramType())],
    ) -> Tensor:
        raise NotImplementedError


def get_transformer(decoder: bool) -> Union[EncoderNM, DecoderNM]:  # noqa: UP007 - as NeMo writes it
    return DecoderNM() if decoder else EncoderNM()


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.transf = get_transformer(True)


IDS = Annotated[Tensor, NeuralType(("B", "T"), LengthsType())]
STATES = Annotated[Tensor, NeuralType(("B", "T", "D"), SpectrogramType())]


# case: a_call_that_fits_one_member_is_not_reported
class FitsOne(Model):
    def forward(self, ids: IDS, states: STATES) -> None:
        self.transf(input_ids=ids, encoder_states=states)  # fits the decoder: no error
        self.transf(encoder_states=states)  # fits the encoder: no error


# case: a_call_that_fails_for_every_member_is_reported_for_each
class FailsAll(Model):
    def forward(self, ids: IDS) -> None:
        self.transf(encoder_states=ids)  # E: Missing argument "input_ids" for port of "DecoderNM.forward" # E: argument "encoder_states" of "EncoderNM.forward" # E: argument "encoder_states" of "DecoderNM.forward"
