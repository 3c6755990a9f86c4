"""``forward``'s signature as seen from a module instance (decorators looked through)."""

from __future__ import annotations

from mypy.expandtype import expand_type_by_instance
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import ARG_POS, Decorator, FuncDef
from mypy.plugin import CheckerPluginInterface
from mypy.typeops import bind_self
from mypy.types import AnyType, CallableType, Instance, TypeOfAny, get_proper_type

from ..metadata import forward_owner

__all__ = ["bound_forward"]


def _unbound(api: CheckerPluginInterface, func: FuncDef) -> CallableType | None:
    typ = get_proper_type(func.type)
    if isinstance(typ, CallableType):
        return typ
    if typ is not None:
        return None
    # An unannotated ``def forward(self, a, b)``: everything is ``Any``. ``arg_kinds`` and
    # ``arg_names``, not ``arguments``: a FuncDef read from the cache has no ``arguments``.
    any_t = AnyType(TypeOfAny.unannotated)
    return CallableType(
        [any_t] * len(func.arg_kinds),
        list(func.arg_kinds),
        list(func.arg_names),
        any_t,
        api.named_generic_type("builtins.function", []),
        implicit=True,
    )


def bound_forward(api: CheckerPluginInterface, obj: Instance) -> CallableType | None:
    """``forward`` of ``obj``'s class, mapped to ``obj`` and bound (``self`` removed)."""
    owner = forward_owner(obj.type)
    if owner is None:
        return None
    node = owner.names["forward"].node
    if isinstance(node, Decorator):
        node = node.func  # e.g. @typecheck() or @torch.no_grad(): use the undecorated def
    if not isinstance(node, FuncDef):
        return None
    sig = _unbound(api, node)
    if sig is None or not sig.arg_kinds or sig.arg_kinds[0] != ARG_POS:
        return None
    mapped = map_instance_to_supertype(obj, owner)
    expanded = get_proper_type(expand_type_by_instance(sig, mapped))
    if not isinstance(expanded, CallableType):
        return None
    bound = bind_self(expanded, obj)
    return bound if isinstance(bound, CallableType) else None
