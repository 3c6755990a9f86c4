"""Context-local switches for runtime checks (``ContextVar``s plus ``NEURALTYPES_DISABLE``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final, TypeVar

__all__ = [
    "ENV_VAR",
    "SWITCHED",
    "checks_enabled",
    "disable_checks",
    "disable_semantic_checks",
    "semantic_checks_enabled",
    "set_semantic_check_enabled",
    "set_typecheck_enabled",
]

#: Setting this environment variable to ``1``/``true``/``yes``/``on`` turns checks off.
ENV_VAR: Final = "NEURALTYPES_DISABLE"

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"", "0", "false", "no", "off"})


def _env_default() -> bool:
    """Checks are on unless ``NEURALTYPES_DISABLE`` says otherwise; a bad value fails loudly."""
    raw = os.environ.get(ENV_VAR, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return False
    if value in _FALSE:
        return True
    raise ValueError(
        f"{ENV_VAR}={raw!r} is not understood. "
        f"HINT: use one of {sorted(_TRUE)} to disable checks, "
        f"or one of {sorted(_FALSE - {''})} to keep them"
    )


_DEFAULT: Final[bool] = _env_default()
_CHECKS: ContextVar[bool] = ContextVar("neuraltypes_checks", default=_DEFAULT)
_SEMANTIC: ContextVar[bool] = ContextVar("neuraltypes_semantic_checks", default=True)
#: ``[True]`` once checks were off in any context (sticky): until then, the wrappers skip
#: reading the switch. Sticky, so that ``torch.compile`` guards see it change at most once.
SWITCHED: Final[list[bool]] = [not _DEFAULT]


_F = TypeVar("_F", bound=Callable[..., Any])


def _constant_under_compile(fn: _F) -> _F:
    """``torch.compiler.assume_constant_result`` without importing dynamo at import time.

    Dynamo cannot trace ``ContextVar.get``; this marks the switch readers as constants so
    that compiled code keeps its checks (``fullgraph=True`` works) and bakes in the value.
    """
    fn._dynamo_marked_constant = True  # type: ignore[attr-defined]
    return fn


@_constant_under_compile
def checks_enabled() -> bool:
    """Whether ``typecheck`` checks run in the current context.

    >>> checks_enabled()
    True
    """
    return _CHECKS.get()


@_constant_under_compile
def semantic_checks_enabled() -> bool:
    """Whether element types of tagged values are compared in the current context.

    >>> semantic_checks_enabled()
    True
    """
    return _SEMANTIC.get()


def set_typecheck_enabled(enabled: bool = True) -> None:
    """Turn all checks on or off in the current context (thread / task).

    >>> set_typecheck_enabled(False); checks_enabled()
    False
    >>> set_typecheck_enabled(True)
    """
    if not enabled:
        SWITCHED[0] = True
    _CHECKS.set(bool(enabled))


def set_semantic_check_enabled(enabled: bool = True) -> None:
    """Turn element-type comparison on or off in the current context (shapes stay checked).

    >>> set_semantic_check_enabled(False); semantic_checks_enabled()
    False
    >>> set_semantic_check_enabled(True)
    """
    _SEMANTIC.set(bool(enabled))


@contextmanager
def disable_checks() -> Iterator[None]:
    """Skip all checks inside the block (or decorated function); restores the previous value.

    >>> with disable_checks():
    ...     checks_enabled()
    False
    """
    SWITCHED[0] = True
    token = _CHECKS.set(False)
    try:
        yield
    finally:
        _CHECKS.reset(token)


@contextmanager
def disable_semantic_checks() -> Iterator[None]:
    """Skip element-type comparison inside the block; restores the previous value.

    >>> with disable_semantic_checks():
    ...     semantic_checks_enabled()
    False
    """
    token = _SEMANTIC.set(False)
    try:
        yield
    finally:
        _SEMANTIC.reset(token)
