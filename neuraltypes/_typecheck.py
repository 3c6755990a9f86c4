"""``typecheck()``: NeMo's decorator, with ports from annotations and a compiled fast path."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

from ._check import Checker
from ._ports import (
    Port,
    Signature,
    UnresolvedAnnotationError,
    ports_from_nemo,
    read_signature,
)
from ._switches import (
    checks_enabled,
    disable_checks,
    disable_semantic_checks,
    set_semantic_check_enabled,
    set_typecheck_enabled,
)

__all__ = ["typecheck"]

F = TypeVar("F", bound=Callable[..., Any])


class _Unset:
    def __repr__(self) -> str:
        return "UNINITIALIZED"


_UNSET: Final[Any] = _Unset()
_LEGACY: Final[Any] = object()  # per-class marker: read legacy properties on every call
_PASS: Final[Any] = object()  # per-class marker: nothing declared, call through


def _nemo_key(spec: Any) -> Any:
    """A hashable key for a NeMo ``{name: NT | [NT]}`` mapping (lists become tuples)."""
    if spec is None:
        return None
    if not isinstance(spec, dict):
        return ("bad", id(spec))
    return tuple((k, _freeze(v)) for k, v in spec.items())


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ("list", *(_freeze(v) for v in value))
    return value


class typecheck:  # NeMo's (lower-case) name
    """Check the neural types of a method's inputs and outputs on every call.

    Ports come from ``Annotated[Tensor, NeuralType(...)]`` annotations, from the decorator's
    arguments, or from NeMo-style ``input_types``/``output_types`` properties (read on every
    call, so mode-dependent types work). Arguments may be positional or keyword.

    >>> import torch
    >>> from typing import Annotated
    >>> from neuraltypes import NeuralType, LengthsType
    >>> class Length(torch.nn.Module):
    ...     @typecheck()
    ...     def forward(self, x: Annotated[torch.Tensor, NeuralType(("B", "T"))]
    ...                 ) -> Annotated[torch.Tensor, NeuralType(("B",), LengthsType())]:
    ...         return x.sum(1)
    >>> Length()(torch.ones(2, 5)).neural_type
    NeuralType(axis=(batch,), element_type=LengthsType)

    Args:
        input_types: ``{name: NeuralType | [NeuralType]}`` overriding the declared inputs.
        output_types: the same for outputs.
        ignore_collections: check list/tuple leaves without checking their nesting depth.
    """

    disable_checks = staticmethod(disable_checks)
    disable_semantic_checks = staticmethod(disable_semantic_checks)
    set_typecheck_enabled = staticmethod(set_typecheck_enabled)
    set_semantic_check_enabled = staticmethod(set_semantic_check_enabled)

    def __init__(
        self,
        input_types: Any = _UNSET,
        output_types: Any = _UNSET,
        ignore_collections: bool = False,
    ) -> None:
        if inspect.isfunction(input_types) or inspect.ismethod(input_types):
            raise TypeError(
                "typecheck must be called before decorating. HINT: write @typecheck(), "
                "with parentheses"
            )
        self.input_types = input_types
        self.output_types = output_types
        self.ignore_collections = bool(ignore_collections)

    def __call__(self, fn: F) -> F:
        if not callable(fn):
            raise TypeError(f"typecheck() decorates functions and methods, got {fn!r}")
        state = _State(fn, self)
        run = fn
        by_class = state.by_class
        resolve = state.resolve

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True
            if not checks_enabled():
                return run(*args, **kwargs)
            checker = by_class.get(type(args[0]) if args else None)
            if checker is None or checker is _LEGACY:
                checker = resolve(args)
            if checker is _PASS:
                return run(*args, **kwargs)
            return checker.run(run, args, kwargs)

        wrapper.__typecheck__ = state  # type: ignore[attr-defined]
        return cast(F, wrapper)

    @staticmethod
    def enable_wrapping(enabled: bool = True) -> None:
        """Accepted for NeMo compatibility; wrapping is always on (use the switches instead)."""


class _State:
    """Per-decorated-function resolution: which ports apply for an owner, compiled once."""

    def __init__(self, fn: Callable[..., Any], deco: typecheck) -> None:
        self.fn = fn
        self.deco = deco
        self.by_class: dict[Any, Any] = {}
        self.dynamic: dict[Any, Any] = {}
        self.name = getattr(inspect.unwrap(fn), "__name__", "function")
        try:
            read_signature(fn)  # parse early: bad annotations fail at class definition
        except UnresolvedAnnotationError:
            pass  # forward references: resolved at the first call

    def _owner_class(self, args: tuple[Any, ...]) -> type | None:
        if not args:
            return None
        cls = type(args[0])
        attr = inspect.getattr_static(cls, self.name, None)
        if attr is None or inspect.unwrap(attr) is not inspect.unwrap(self.fn):
            return None
        return cls

    def _is_legacy(self, cls: type | None, which: str) -> bool:
        if cls is None:
            return False
        from ._module import Typing

        attr = inspect.getattr_static(cls, which, None)
        return attr is not None and attr is not Typing.__dict__.get(which)

    def resolve(self, args: tuple[Any, ...]) -> Any:
        """The checker for this call (compiled and cached unless properties are legacy)."""
        key = type(args[0]) if args else None
        entry = self.by_class.get(key)
        if entry is None:
            entry = self._class_entry(args)
            self.by_class[key] = entry
        if entry is _LEGACY:
            return self._legacy(args[0])
        return entry

    def _class_entry(self, args: tuple[Any, ...]) -> Any:
        cls = self._owner_class(args)
        deco = self.deco
        legacy_in = deco.input_types is _UNSET and self._is_legacy(cls, "input_types")
        legacy_out = deco.output_types is _UNSET and self._is_legacy(cls, "output_types")
        if legacy_in or legacy_out:
            return _LEGACY
        sig = read_signature(self.fn, cls)
        return self._build(sig, None, None)

    def _legacy(self, owner: Any) -> Any:
        deco = self.deco
        spec_in = deco.input_types if deco.input_types is not _UNSET else owner.input_types
        spec_out = deco.output_types if deco.output_types is not _UNSET else owner.output_types
        key = (_nemo_key(spec_in), _nemo_key(spec_out))
        checker = self.dynamic.get(key)
        if checker is None:
            sig = read_signature(self.fn, type(owner))
            checker = self._build(sig, spec_in, spec_out, legacy=True)
            self.dynamic[key] = checker
        return checker

    def _build(self, sig: Signature, spec_in: Any, spec_out: Any, legacy: bool = False) -> Any:
        deco = self.deco
        strict = legacy
        inputs: tuple[Port, ...] = sig.inputs
        outputs, out_mode, out_len = sig.outputs, sig.out_mode, sig.out_len
        if deco.input_types is not _UNSET or (legacy and spec_in is not _UNSET):
            given = deco.input_types if deco.input_types is not _UNSET else spec_in
            inputs = ports_from_nemo(given, sig.qualname, "input")
            strict = True
        if deco.output_types is not _UNSET or (legacy and spec_out is not _UNSET):
            given = deco.output_types if deco.output_types is not _UNSET else spec_out
            outputs = ports_from_nemo(given, sig.qualname, "output")
            out_len = len(outputs)
            out_mode = "none" if not outputs else ("single" if out_len == 1 else "tuple")
        if not inputs and not outputs:
            return _PASS
        return Checker(
            sig.qualname,
            inputs,
            outputs,
            out_mode,
            out_len,
            sig.params,
            strict_names=strict and bool(inputs),
            ignore_collections=deco.ignore_collections,
            out_type=sig.out_type,
        )
