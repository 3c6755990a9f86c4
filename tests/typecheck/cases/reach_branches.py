# fmt: off
# ruff: noqa: E501
"""Ports computed by branches: a call is an error only when it fails under every branch."""
from typing import Any

from torch import Tensor, nn

from neuraltypes import LengthsType, NeuralType, SpectrogramType

from ._modules import Preprocessor


# case: a_call_is_an_error_only_when_every_branch_fails
class Aligner(nn.Module):
    """FastPitch style: the inputs depend on a flag."""

    def __init__(self, learn_alignment: bool) -> None:
        super().__init__()
        self.learn_alignment = learn_alignment

    @property
    def input_types(self) -> Any:
        if self.learn_alignment:
            return {"spec": NeuralType(("B", "D", "T"), SpectrogramType()), "lens": NeuralType(tuple("B"), LengthsType())}
        else:
            return {"spec": NeuralType(("B", "T", "D"), SpectrogramType()), "lens": NeuralType(tuple("B"), LengthsType())}

    def forward(self, spec: Any, lens: Any) -> Any:
        raise NotImplementedError


class FromInit(nn.Module):
    """Ports set from literals in ``__init__``."""

    def __init__(self, time_major: bool) -> None:
        super().__init__()
        if time_major:
            self._input_types = {"spec": NeuralType(("B", "T", "D"), SpectrogramType())}
        else:
            self._input_types = {"spec": NeuralType(("B", "D", "T"), SpectrogramType())}

    @property
    def input_types(self) -> Any:
        return self._input_types

    def forward(self, spec: Any) -> Any:
        raise NotImplementedError


class Changed(FromInit):
    """Changed after ``__init__``: unknown."""

    def export(self) -> None:
        self._input_types = {"spec": NeuralType(("B", "D", "T"), LengthsType())}


def run(audio: Tensor) -> None:
    spec, spec_len = Preprocessor()(audio)
    aligner, init = Aligner(True), FromInit(False)
    aligner(spec, spec_len)
    aligner(spec.mT, spec_len)
    aligner(spec_len, spec_len)  # E: (expected 3 axes, got 1
    aligner(spec, spec)  # E: (expected 1 axes, got 3
    init(spec)
    init(spec.mT)
    init(spec_len)  # E: (expected 3 axes, got 1
    Changed(False)(spec_len)  # a subclass may change "_input_types": unchecked
