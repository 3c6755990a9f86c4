"""The two exceptions neuraltypes raises: bad values and bad annotations."""

from __future__ import annotations

__all__ = ["AnnotationError", "NeuralTypeError"]


class NeuralTypeError(TypeError):
    """A value does not match its declared neural type.

    >>> raise NeuralTypeError("Expected 'x' of Enc.forward to have 3 axes, but got shape (2, 7)")
    Traceback (most recent call last):
    ...
    neuraltypes.NeuralTypeError: Expected 'x' of Enc.forward to have 3 axes, but got shape (2, 7)
    """


class AnnotationError(ValueError):
    """A neural type annotation is malformed (raised at definition or first check).

    It is a ``ValueError`` because NeMo raises ``ValueError`` for the same mistakes.

    >>> raise AnnotationError("Can't create AxisKind from 'Q'")
    Traceback (most recent call last):
    ...
    neuraltypes.AnnotationError: Can't create AxisKind from 'Q'
    """


NeuralTypeError.__module__ = "neuraltypes"
AnnotationError.__module__ = "neuraltypes"
