"""The tag of one tensor returned for several output ports with different neural types.

NeMo overwrites the tag port after port, so the value ends up with the last port's type,
which is wrong for consumers of the other ports. A value that cannot honestly carry one
type carries ``EitherNeuralType``: the types it was declared with; a consumer port accepts
it when it accepts any of them.

>>> from neuraltypes import LogitsType, LogprobsType, NeuralType
>>> logprobs, logits = NeuralType(("B",), LogprobsType()), NeuralType(("B",), LogitsType())
>>> both = EitherNeuralType.merge(logprobs, logits)
>>> both.candidates == (logprobs, logits)
True
>>> both.compare(NeuralType(("B",), LogitsType()))
<NeuralTypeComparisonResult.SAME: 0>
"""

from __future__ import annotations

from typing import Any, Final

from .._comparison import NeuralTypeComparisonResult
from .._neural_type import NeuralType

__all__ = ["EitherNeuralType", "best_result"]

_R = NeuralTypeComparisonResult
#: Comparison results from the best (an accepted connection) to the worst.
_PREFERENCE: Final = (
    _R.SAME,
    _R.GREATER,
    _R.LESS,
    _R.TRANSPOSE_SAME,
    _R.DIM_INCOMPATIBLE,
    _R.SAME_TYPE_INCOMPATIBLE_PARAMS,
    _R.CONTAINER_SIZE_MISMATCH,
    _R.UNCHECKED,
    _R.INCOMPATIBLE,
)


def best_result(results: Any) -> NeuralTypeComparisonResult:
    """The best of several comparison results (``SAME`` before ``GREATER`` ...)."""
    best: NeuralTypeComparisonResult = min(results, key=_PREFERENCE.index)
    return best


class EitherNeuralType:
    """A value's tag when it was declared with several neural types in one call."""

    __slots__ = ("candidates",)

    candidates: tuple[NeuralType, ...]

    def __init__(self, candidates: tuple[NeuralType, ...]) -> None:
        self.candidates = candidates

    @staticmethod
    def merge(tag: Any, ntype: NeuralType) -> Any:
        """``tag`` extended with ``ntype`` (``tag`` itself when it already says ``ntype``)."""
        known = tag.candidates if isinstance(tag, EitherNeuralType) else (tag,)
        if any(c is ntype or c == ntype for c in known):
            return tag
        return EitherNeuralType((*known, ntype))

    def compare(self, second: NeuralType) -> NeuralTypeComparisonResult:
        """The best result of comparing each declared type with ``second``."""
        return best_result(c.compare(second) for c in self.candidates)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EitherNeuralType):
            return NotImplemented
        return self.candidates == other.candidates

    def __hash__(self) -> int:
        return hash(self.candidates)

    def __repr__(self) -> str:
        return f"EitherNeuralType({', '.join(map(repr, self.candidates))})"
