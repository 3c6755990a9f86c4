"""``reveal_neural_type``: a runtime no-op that makes the mypy plugin print a tracked type."""

from __future__ import annotations

from typing import TypeVar

__all__ = ["reveal_neural_type"]

T = TypeVar("T")


def reveal_neural_type(value: T) -> T:
    """Return ``value`` unchanged; under mypy with the plugin, print its neural type.

    >>> reveal_neural_type(3)
    3
    """
    return value
