"""``typecheck()``: NeMo's decorator, with ports from annotations and a compiled fast path."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable
from typing import Any, Final, TypeVar, cast

import torch

from ._check import Checker
from ._legacy import Last, Legacy, nemo_key, remembered
from ._nemo_ports import ports_from_nemo
from ._ports import (
    Port,
    Signature,
    UnresolvedAnnotationError,
    read_signature,
)
from ._switches import (
    _CHECKS,
    SWITCHED,
    _constant_under_compile,
    checks_enabled,
    disable_checks,
    disable_semantic_checks,
    set_semantic_check_enabled,
    set_typecheck_enabled,
)
from ._switches import _DEFAULT as _CHECKS_DEFAULT
from ._wrapper import make_wrapper

__all__ = ["typecheck"]

F = TypeVar("F", bound=Callable[..., Any])


class TypeState(enum.Enum):
    """NeMo's ``typecheck.TypeState``: the default of ``input_types``/``output_types`` (read
    the types from the class), for NeMo code that compares with it."""

    UNINITIALIZED = 0


_UNSET: Final[Any] = TypeState.UNINITIALIZED
_is_compiling = torch.compiler.is_compiling
_WRAPPING: list[bool] = [_CHECKS_DEFAULT]  # NEURALTYPES_DISABLE=1: decorations do not wrap


_PASS: Final[Any] = object()  # per-class marker: nothing declared, call through


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

    TypeState = TypeState
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
        if not _WRAPPING[0]:
            return fn
        state = _State(fn, self)
        # The exact wrapper binds keywords and positionals alike, so it serves signatures
        # whose annotations declare the input ports (NeMo-style specs reject non-port
        # keywords, which needs to know how each argument was passed: the general wrapper).
        exact = self.input_types is _UNSET and state.sig is not None and bool(state.sig.inputs)
        wrapper = make_wrapper(fn, state.sid, _WRAPPER_ENV, _FAST[state.sid] if exact else None)
        wrapper.__typecheck__ = state  # type: ignore[attr-defined]
        return cast(F, wrapper)

    @staticmethod
    def enable_wrapping(enabled: bool = True) -> None:
        """Whether later ``@typecheck()`` decorations wrap at all (NeMo's switch).

        With wrapping off (also the default under ``NEURALTYPES_DISABLE=1``), the decorator
        returns the function itself: zero overhead and nothing for ``torch.compile`` to guard.
        """
        _WRAPPING[0] = bool(enabled)


_STATES: list[_State] = []
_INDEXES: list[dict[Any, int]] = []  # per decorated function: class -> index into _ENTRIES
_ENTRIES: list[Any] = [_PASS]  # index 0: checks off, call through
_FAST: list[dict[type, Any]] = []  # per decorated function: class -> its positional check
_POSITIONAL: list[Any] = []  # the positional checks, by index (see ``_first_call``)


def _entry_index(sid: int, cls: type | None) -> int:
    """Index into ``_ENTRIES`` of the checker (or marker) of decorated function ``sid`` for
    instances of ``cls``, built at the first call."""
    try:
        return _INDEXES[sid][cls]
    except KeyError:
        entry = _STATES[sid].class_entry(cls)
        _ENTRIES.append(entry)
        index = _INDEXES[sid][cls] = len(_ENTRIES) - 1
        return index


@_constant_under_compile
def _resolve_index(sid: int, cls: type | None) -> int:
    """``_entry_index``, or 0 (call through) while checks are off. ``torch.compile`` runs it
    eagerly and treats the index as a constant, so the switch, resolution and code
    generation are never traced.
    """
    if not _CHECKS.get():
        return 0
    return _entry_index(sid, cls)


def _pass_through(fn: Callable[..., Any], *args: Any) -> Any:
    """The positional check of a class that declares no ports."""
    return fn(*args)


@_constant_under_compile
def _first_call(sid: int, cls: type) -> int:
    """An exact wrapper's first call for ``cls``: the index into ``_POSITIONAL`` of its
    positional check, which is also cached in ``_FAST[sid]`` for the next calls. Run eagerly
    (a constant) under ``torch.compile``, like ``_resolve_index``."""
    entry = _ENTRIES[_entry_index(sid, cls)]
    check = _pass_through if entry is _PASS else entry.pos
    _FAST[sid][cls] = check
    _POSITIONAL.append(check)
    return len(_POSITIONAL) - 1


_WRAPPER_ENV: Final = {
    "_E": _ENTRIES,
    "_R": _resolve_index,
    "_PASS": _PASS,
    "_nt_P": _POSITIONAL,
    "_nt_first": _first_call,
    "_nt_switched": SWITCHED,
    "_nt_checks_on": checks_enabled,
}


class _LegacyEntry:
    """The entry of a class with NeMo-style port properties: the checker is looked up on
    every call from what the properties return (``_State.legacy``)."""

    __slots__ = ("entry", "state")

    def __init__(self, state: _State, entry: Legacy) -> None:
        self.state = state
        self.entry = entry

    def pos(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A call with every positional parameter and no keyword (see ``Checker.pos``)."""
        __tracebackhide__ = True
        checker = self.state.legacy(args[0], self.entry)
        return fn(*args) if checker is _PASS else checker.pos(fn, *args)

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Any call (see ``Checker.run``)."""
        __tracebackhide__ = True
        checker = self.state.legacy(args[0], self.entry)
        return fn(*args, **kwargs) if checker is _PASS else checker.run(fn, args, kwargs)


class _State:
    """Per-decorated-function resolution: which ports apply for an owner, compiled once."""

    def __init__(self, fn: Callable[..., Any], deco: typecheck) -> None:
        self.sid = len(_STATES)
        _STATES.append(self)
        _INDEXES.append({})
        _FAST.append({})
        self.fn = fn
        self.deco = deco
        self.dynamic: dict[Any, Last] = {}  # legacy specs by value
        self.name = getattr(inspect.unwrap(fn), "__name__", "function")
        self.sig: Signature | None = None  # None: resolved at the first call
        try:
            sig = read_signature(fn)  # parse early: bad annotations fail at definition
            self.sig = None if sig.unresolved else sig
        except UnresolvedAnnotationError:
            pass

    def _owner_class(self, cls: type | None) -> type | None:
        """``cls`` when the decorated function is a method of it (or of a base class)."""
        if cls is None:
            return None
        target = inspect.unwrap(self.fn)
        for klass in cls.__mro__:
            attr = klass.__dict__.get(self.name)
            if attr is not None and inspect.unwrap(attr) is target:
                return cls
        return None

    def _is_legacy(self, cls: type | None, which: str) -> bool:
        if cls is None:
            return False
        from ._module import Typing

        attr = inspect.getattr_static(cls, which, None)
        return attr is not None and attr is not Typing.__dict__.get(which)

    def class_entry(self, instance_cls: type | None) -> Any:
        """The compiled checker for instances of ``instance_cls``, or a ``Legacy``/``_PASS``."""
        cls = self._owner_class(instance_cls)
        deco = self.deco
        legacy_in = deco.input_types is _UNSET and self._is_legacy(cls, "input_types")
        legacy_out = deco.output_types is _UNSET and self._is_legacy(cls, "output_types")
        if legacy_in or legacy_out:
            return _LegacyEntry(self, Legacy(legacy_in, legacy_out))
        sig = read_signature(self.fn, cls)
        if deco.input_types is _UNSET or deco.output_types is _UNSET:
            sig.require_resolved()  # ports come from the annotations: they must resolve
        return self._build(sig, None, None, owner=cls)

    def legacy(self, owner: Any, entry: Legacy) -> Any:
        """The checker for the ports a legacy-property owner declares right now.

        Only the overridden properties are read; the other side comes from the annotations
        (or the decorator), so unrelated or unresolvable annotations do not matter.
        """
        spec_in = owner.input_types if entry.inputs else _UNSET
        spec_out = owner.output_types if entry.outputs else _UNSET
        if _is_compiling():
            # Under dynamo: no cache lookups keyed by NeuralTypes and no code generation;
            # the interpreted checker is traced like NeMo's and folded into guards.
            sig = self.sig or read_signature(self.fn, type(owner))
            return self._build(sig, spec_in, spec_out, True, type(owner), codegen=False)
        match_in, match_out, checker = entry.last
        if match_in(spec_in) and match_out(spec_out):
            return checker  # the common case: the same spec as last call
        return self._legacy_lookup(owner, entry, spec_in, spec_out)

    def _legacy_lookup(self, owner: Any, entry: Legacy, spec_in: Any, spec_out: Any) -> Any:
        """A spec that differs from the last one (mode-dependent types): look it up by value."""
        cls = type(owner)
        key = (cls, nemo_key(spec_in), nemo_key(spec_out))
        last = self.dynamic.get(key)
        if last is None:  # a new spec: compiled once, with its same-spec tests
            sig = read_signature(self.fn, cls)
            checker = self._build(sig, spec_in, spec_out, legacy=True, owner=cls)
            last = remembered(spec_in, spec_out, checker)
            self.dynamic[key] = last
        entry.last = last
        return last[2]

    def _build(
        self,
        sig: Signature,
        spec_in: Any,
        spec_out: Any,
        legacy: bool = False,
        owner: type | None = None,
        codegen: bool = True,
    ) -> Any:
        deco = self.deco
        qualname = sig.qualname if owner is None else f"{owner.__name__}.{self.name}"
        strict = False  # unknown keywords are rejected only against NeMo-style input specs
        inputs: tuple[Port, ...] = sig.inputs
        outputs, out_mode, out_len = sig.outputs, sig.out_mode, sig.out_len
        if deco.input_types is not _UNSET or (legacy and spec_in is not _UNSET):
            given = deco.input_types if deco.input_types is not _UNSET else spec_in
            inputs = ports_from_nemo(given, qualname, "input")
            strict = True
        if deco.output_types is not _UNSET or (legacy and spec_out is not _UNSET):
            given = deco.output_types if deco.output_types is not _UNSET else spec_out
            outputs = ports_from_nemo(given, qualname, "output")
            out_len = len(outputs)
            out_mode = "none" if not outputs else ("single" if out_len == 1 else "tuple")
        if not inputs and not outputs:
            return _PASS
        return Checker(
            qualname,
            inputs,
            outputs,
            out_mode,
            out_len,
            sig.params,
            # NeMo-style specs accept only their ports as keywords; an annotated signature
            # accepts its parameters (Python would raise a plain TypeError for others)
            strict_names=bool(inputs) and (strict or sig.keywords is not None),
            accepted=None if strict else sig.keywords,
            ignore_collections=deco.ignore_collections,
            out_type=sig.out_type,
            codegen=codegen,
        )
