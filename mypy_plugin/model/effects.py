"""What a modelled tensor operation does to a neural type's axes (pure, torch-free).

``apply_op(axes, effect, args)`` returns the new axes, or ``None`` when the result cannot be
known for sure (a non-literal dim, an axis whose size may or may not be 1, merged axes of
different kinds): the caller then leaves the value unchecked, never guesses. ``args`` holds
the call's literal arguments (``UNKNOWN`` for anything else).

>>> bdt = [["batch", None, False], ["dimension", None, False], ["time", None, False]]
>>> apply_op(bdt, "reduce", OpArgs((2,), {"keepdim": True}))[2]
['singleton', 1, False]
>>> [a[0] for a in apply_op(bdt, "reduce", OpArgs((), {"dim": -1}))]
['batch', 'dimension']
>>> apply_op(bdt, "squeeze", OpArgs((1,), {})) is None  # D may or may not be 1
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["ABSENT", "UNKNOWN_ARG", "OpArgs", "apply_op", "elem_kept"]


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: An argument that is not a literal (its value is unknown statically).
UNKNOWN_ARG: Final = _Marker("UNKNOWN_ARG")
#: An argument that was not given.
ABSENT: Final = _Marker("ABSENT")

#: A singleton axis, as ``unsqueeze`` or ``keepdim=True`` leave it.
SINGLETON: Final = ("singleton", 1, False)

#: Effects that keep the element type (others make it unknown: ``sum`` of log-probs is not).
_ELEM_KEEPING: Final = frozenset(
    {"keep", "swap", "swap_last", "permute", "reverse", "reduce", "unsqueeze", "squeeze", "flatten"}
)


@dataclass(frozen=True)
class OpArgs:
    """The literal arguments of a call after its tensor (positional, then by keyword)."""

    positional: tuple[Any, ...] = ()
    keywords: dict[str, Any] = field(default_factory=dict)

    def get(self, index: int, *names: str, default: Any = ABSENT) -> Any:
        """Argument ``index`` (positional) or by any of ``names``; ``default`` if absent."""
        for name in names:
            if name in self.keywords:
                return self.keywords[name]
        return self.positional[index] if index < len(self.positional) else default


def elem_kept(effect: str) -> bool:
    """Whether ``effect`` keeps the element type (``reduce_other``: ``sum`` does not)."""
    return effect in _ELEM_KEEPING


def _index(dim: Any, rank: int) -> int | None:
    if type(dim) is not int or not -rank <= dim < rank:
        return None
    return dim % rank


def _dim_set(value: Any, rank: int) -> list[int] | None:
    """Normalised dims of a ``dim=`` argument; all dims for ``None``/``()``/absent."""
    if value is ABSENT or value is None or value == ():
        return list(range(rank))
    items = value if isinstance(value, tuple) else (value,)
    dims = [_index(d, rank) for d in items]
    if any(d is None for d in dims) or len(set(dims)) != len(dims):
        return None
    return sorted(d for d in dims if d is not None)


def _is_one(axis: list[Any]) -> bool | None:
    """Whether the axis surely has size 1 (``None``: it may or may not)."""
    if axis[1] is not None:
        return bool(axis[1] == 1)
    return True if axis[0] == "singleton" else None


def _positional_dims(args: OpArgs) -> list[Any]:
    if len(args.positional) == 1 and isinstance(args.positional[0], tuple):
        return list(args.positional[0])
    return list(args.positional)


def _reorder(axes: list[list[Any]], effect: str, args: OpArgs) -> list[list[Any]] | None:
    rank = len(axes)
    if effect == "reverse":
        return axes[::-1] if not args.positional and not args.keywords else None
    dims = [-2, -1] if effect == "swap_last" else _positional_dims(args)
    if effect == "swap" and not dims:
        dims = [args.get(0, "dim0"), args.get(1, "dim1")]
    if effect == "permute" and not dims:
        dims = list(args.get(0, "dims", default=()) or ())
    norm = [_index(d, rank) for d in dims]
    if any(d is None for d in norm):
        return None
    if effect in ("swap", "swap_last") and len(norm) == 2:
        out = list(axes)
        a, b = norm[0], norm[1]
        assert a is not None and b is not None
        out[a], out[b] = out[b], out[a]
        return out
    if effect == "permute" and sorted(d for d in norm if d is not None) == list(range(rank)):
        return [axes[d] for d in norm if d is not None]
    return None


def _reduce(axes: list[list[Any]], args: OpArgs) -> list[list[Any]] | None:
    dims = _dim_set(args.get(0, "dim", "axis"), len(axes))
    keepdim = args.get(1, "keepdim", default=False)
    if dims is None or type(keepdim) is not bool:
        return None
    if keepdim:
        return [list(SINGLETON) if i in dims else a for i, a in enumerate(axes)]
    return [a for i, a in enumerate(axes) if i not in dims]


def _unsqueeze(axes: list[list[Any]], args: OpArgs) -> list[list[Any]] | None:
    dim, rank = args.get(0, "dim"), len(axes)
    if type(dim) is not int or not -rank - 1 <= dim <= rank:
        return None
    at = dim if dim >= 0 else dim + rank + 1
    return [*axes[:at], list(SINGLETON), *axes[at:]]


def _squeeze(axes: list[list[Any]], args: OpArgs) -> list[list[Any]] | None:
    dim = tuple(args.positional) if len(args.positional) > 1 else args.get(0, "dim")
    dims = _dim_set(dim, len(axes))
    if dims is None:
        return None
    out = []
    for i, axis in enumerate(axes):
        one = _is_one(axis) if i in dims else False
        if one is None:
            return None  # squeezed only if it is 1 at run time: unknown
        if not one:
            out.append(axis)
    return out


def _flatten(axes: list[list[Any]], args: OpArgs) -> list[list[Any]] | None:
    rank = len(axes)
    start, end = args.get(0, "start_dim", default=0), args.get(1, "end_dim", default=-1)
    lo, hi = _index(start, rank), _index(end, rank)
    if rank == 0 or lo is None or hi is None or lo > hi:
        return None
    merged = axes[lo : hi + 1]
    kept = [a for a in merged if _is_one(a) is not True]
    if len(kept) > 1:
        return None  # merged axes of different meaning: a new, unnamed axis
    joined = kept[0] if kept else list(SINGLETON)
    return [*axes[:lo], joined, *axes[hi + 1 :]]


def apply_op(axes: Any, effect: str, args: OpArgs) -> list[list[Any]] | None:
    """New axes after ``effect`` (``None``: not sure, leave unchecked)."""
    if not isinstance(axes, list):
        return None
    if effect in ("swap", "swap_last", "permute", "reverse"):
        return _reorder(axes, effect, args)
    if effect in ("reduce", "reduce_other"):
        return _reduce(axes, args)
    if effect == "unsqueeze":
        return _unsqueeze(axes, args)
    if effect == "squeeze":
        return _squeeze(axes, args)
    if effect == "flatten":
        return _flatten(axes, args)
    return None
