"""Helper functions and methods whose return is annotated with a neural type.

mypy drops ``Annotated`` metadata, so ``def log_mel(x) -> Annotated[Tensor, NeuralType(...)]``
returns a plain ``Tensor`` to every caller. The type-analyze hook for ``Annotated`` does
mypy's own analysis, then, for an annotation that sits in the return annotation of a
module-level function or a method (not ``forward``, whose outputs ``module_call.py``
types), puts the neural type on the ``Tensor`` as a carrier. The carrier is part of the
function's type: mypy's cache and dmypy's snapshot see an edit of the annotation, and every
caller is re-checked. Not through a type alias (mypy runs no hook there, python/mypy#17514).
"""

from __future__ import annotations

from typing import Any, cast

from mypy.nodes import MypyFile, SymbolNode
from mypy.plugin import AnalyzeTypeContext, CheckerPluginInterface
from mypy.types import AnyType, RawExpressionType, Type, TypeOfAny

from ..model.spec import Carrier
from ..source.extract import read_port
from ..source.returns import find_return
from ..source.sources import parse_file
from .carrier import attach
from .forward_spec import _Defer, _ModuleResolver, is_skipped_module

__all__ = ["annotated_callback"]


class _StrApi:
    """What ``carrier.attach`` needs from an API, on the semantic analyzer's type analyser."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer

    def named_generic_type(self, name: str, args: list[Type]) -> Type:
        return cast(Type, self.analyzer.named_type(name, args))


class _Resolver(_ModuleResolver):
    """Module-level names, then builtins (``tuple("B")``)."""

    def _node(self, dotted: str) -> SymbolNode | None:
        node = super()._node(dotted)
        if node is None and "." not in dotted:
            builtins = getattr(self.api, "modules", {}).get("builtins")
            sym = None if builtins is None else builtins.names.get(dotted)
            node = None if sym is None else sym.node
        return node


def _maybe_neural(ctx: AnalyzeTypeContext) -> bool:
    """A cheap filter: some metadata item was a call (``NeuralType(...)``), now a raw type."""
    return any(isinstance(arg, RawExpressionType) for arg in ctx.type.args[1:])


def annotated_callback(ctx: AnalyzeTypeContext) -> Type:
    """mypy's analysis of ``Annotated[...]``, plus a carrier on neural return annotations."""
    analyzer: Any = ctx.api
    typ = analyzer.try_analyze_special_unbound_type(ctx.type, "typing.Annotated")
    if typ is None:
        return AnyType(TypeOfAny.from_error)
    if len(ctx.type.args) < 2 or not _maybe_neural(ctx):
        return cast(Type, typ)
    carrier_and_depth = _carrier(analyzer, ctx)
    if carrier_and_depth is None:
        return cast(Type, typ)
    carrier, depth = carrier_and_depth
    return attach(cast(CheckerPluginInterface, _StrApi(analyzer)), typ, carrier, depth)


def _carrier(analyzer: Any, ctx: AnalyzeTypeContext) -> tuple[Carrier, int] | None:
    sem = getattr(analyzer, "api", None)
    module: str = getattr(sem, "cur_mod_id", "")
    modules: dict[str, MypyFile] = getattr(sem, "modules", {})
    tree = modules.get(module)
    if sem is None or is_skipped_module(module) or tree is None or not tree.path:
        return None
    if tree.path.endswith(".pyi"):
        return None
    parsed = parse_file(tree.path)
    site = None if parsed is None else find_return(parsed, ctx.type.line, ctx.type.column)
    if site is None or site.function == "forward":
        return None
    try:
        spec = read_port(site.node, _Resolver(sem, module, None, set()))
    except _Defer:
        if not sem.final_iteration:
            sem.defer()
        return None
    if spec is None:
        return None
    name = f"{site.owner}.{site.function}" if site.owner else site.function
    src = f'"{name}" return' + ("" if site.position is None else f" {site.position}")
    leaf = {**spec, "depth": 0, "opt": False}
    return {"spec": leaf, "src": src}, spec["depth"]  # type: ignore[typeddict-item]
