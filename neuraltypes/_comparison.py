"""The result of comparing two neural types, as NeMo defines it."""

from __future__ import annotations

from enum import Enum

__all__ = ["NeuralTypeComparisonResult"]


class NeuralTypeComparisonResult(Enum):
    """How a port type (A) relates to a value's type (B) in ``A.compare(B)``.

    A plain ``Enum`` (not ``IntEnum``), so every member is truthy, as in NeMo.

    >>> NeuralTypeComparisonResult.SAME
    <NeuralTypeComparisonResult.SAME: 0>
    >>> str(NeuralTypeComparisonResult.GREATER)
    'NeuralTypeComparisonResult.GREATER'
    """

    SAME = 0
    LESS = 1  # A is a subclass of B
    GREATER = 2  # B is a subclass of A
    DIM_INCOMPATIBLE = 3  # same element type, sizes differ
    TRANSPOSE_SAME = 4  # same element type, axes in another order
    CONTAINER_SIZE_MISMATCH = 5  # never produced (kept for NeMo compatibility)
    INCOMPATIBLE = 6
    SAME_TYPE_INCOMPATIBLE_PARAMS = 7  # same class, parameters differ (e.g. AudioSignal freq)
    UNCHECKED = 8  # never produced (kept for NeMo compatibility)
