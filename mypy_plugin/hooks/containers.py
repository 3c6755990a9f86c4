"""Calls through containers of modules: ``for layer in self.layers: layer(x)``.

Semantic analysis records what ``source/containers.py`` finds in the class's metadata
(``"containers"``) and routes dmypy triggers (the class's mirror, the item classes'
``__call__``/``forward``) to the attribute, which every method using it depends on. At
check time a call of a plain ``nn.Module`` that comes from ``self.layers[i]``, ``for layer
in self.layers`` or ``self.losses["ctc"]`` is checked as a call of the recorded class.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from mypy.lookup import lookup_fully_qualified
from mypy.nodes import (
    CallExpr,
    Expression,
    IndexExpr,
    IntExpr,
    MemberExpr,
    NameExpr,
    StrExpr,
    TypeInfo,
    UnaryExpr,
)
from mypy.plugin import CheckerPluginInterface, ClassDefContext
from mypy.server.trigger import make_trigger
from mypy.types import Instance, get_proper_type

from ..fullnames import MODULE_FULLNAME
from ..metadata import NeuralTypesMetadata, get_ports_metadata, recorded_containers
from ..source.containers import Container, class_containers
from ..source.extract import Resolver
from .statements import enclosing_loop

__all__ = ["item_module", "with_containers"]

MIRROR = "__neuraltypes__"


def with_containers(
    ctx: ClassDefContext,
    node: ast.ClassDef,
    resolver: Resolver,
    payload: NeuralTypesMetadata | None,
) -> NeuralTypesMetadata | None:
    """``payload`` plus the class's containers of modules (semantic analysis)."""
    info = ctx.cls.info
    inherited: set[str] = set()
    for base in info.mro[1:]:
        inherited.update(recorded_containers(base))
    found = class_containers(node, resolver, inherited)
    if not found:
        return payload
    for name, container in found.items():
        target = make_trigger(f"{info.fullname}.{name}")
        ctx.api.add_plugin_dependency(make_trigger(f"{info.fullname}.{MIRROR}"), target)
        for cls in _classes(container):
            ctx.api.add_plugin_dependency(make_trigger(f"{cls}.__call__"), target)
            ctx.api.add_plugin_dependency(make_trigger(f"{cls}.forward"), target)
    return replace(payload or NeuralTypesMetadata(), containers=found)


def _classes(container: Container) -> list[str]:
    if container is None:
        return []
    if container[0] == "list":
        return [container[1]]
    return sorted(set(container[1].values()))


def _container(api: CheckerPluginInterface, member: Expression) -> Container:
    """What ``obj.name`` holds, from the first class along ``obj``'s MRO that records it."""
    if not isinstance(member, MemberExpr):
        return None
    lookup = getattr(api, "lookup_type_or_none", None)
    owner = get_proper_type(lookup(member.expr)) if lookup is not None else None
    if not isinstance(owner, Instance):
        return None
    for base in owner.type.mro:
        if base.fullname == MODULE_FULLNAME:
            return None
        meta = get_ports_metadata(base)
        if meta is not None and member.name in meta.containers:
            return meta.containers[member.name]
    return None


def _int(expr: Expression) -> int | None:
    if isinstance(expr, IntExpr):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op == "-" and isinstance(expr.expr, IntExpr):
        return -expr.expr.value
    return None


def _item_class(api: CheckerPluginInterface, callee: Expression) -> str | None:
    if isinstance(callee, IndexExpr):
        container = _container(api, callee.base)
        if container is None:
            return None
        if container[0] == "list" and _int(callee.index) is not None:
            return str(container[1])
        if container[0] == "dict" and isinstance(callee.index, StrExpr):
            found = container[1].get(callee.index.value)
            return found if isinstance(found, str) else None
        return None
    if isinstance(callee, NameExpr):
        loop = enclosing_loop(api, callee)
        container = None if loop is None else _container(api, loop.expr)
        if container is not None and container[0] == "list":
            return str(container[1])
    return None


def item_module(api: CheckerPluginInterface, context: object, obj: Instance) -> Instance | None:
    """The recorded class of a container item called at ``context``, or ``None``."""
    if obj.type.fullname != MODULE_FULLNAME or not isinstance(context, CallExpr):
        return None
    fullname = _item_class(api, context.callee)
    if fullname is None:
        return None
    sym = lookup_fully_qualified(fullname, getattr(api, "modules", {}), raise_on_missing=False)
    info = None if sym is None else sym.node
    if not isinstance(info, TypeInfo) or info.type_vars or not info.has_base(MODULE_FULLNAME):
        return None
    return Instance(info, [])
