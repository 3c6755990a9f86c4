"""Helpers between modules, with annotated returns."""

from typing import Annotated

import torch
from torch import Tensor

from neuraltypes import EncodedRepresentation, MaskType, NeuralType

from .ntypes import Encoded, Lengths, Mask


def lengths_to_mask(
    lengths: Lengths, max_len: int
) -> Annotated[Tensor, NeuralType(("B", "T"), MaskType())]:
    return (torch.arange(max_len)[None, :] < lengths[:, None]).float()


def mask_from(lengths: Lengths, max_len: int) -> Mask:
    """The same through the project's alias."""
    return lengths_to_mask(lengths, max_len)


def pool_time(x: Encoded) -> Annotated[Tensor, NeuralType(("B", "D"), EncodedRepresentation())]:
    return x.mean(dim=2)
