"""Whether a module class can declare anything the plugin reads, decided without its source.

Semantic analysis reads the source of every ``nn.Module`` subclass (``forward_spec``): its
ports, containers, decorated methods and config-built attributes. Each of those is written
with a word the file must then contain (``Annotated``, ``NeuralType``, ``typecheck``,
``input_types``, ``output_types``, ``ModuleList``, ``ModuleDict``; ``from_config_dict`` and
``instantiate`` when model configs are given), except where a name brings it in from
elsewhere: a type alias or a ``NamedTuple`` in a method's annotations, a ``ModuleList`` imported
under another name, or containers a base class records (which a re-assignment must hide).
``may_declare`` is ``False`` only when none of these can apply: the class then has no record,
exactly as if its source had been read, and the file is not parsed (on NeMo's ASR collection,
39 files of plain ``nn.Module`` code, 0.76 MB of the 2.9 MB parsed).
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import (
    Decorator,
    FuncDef,
    MypyFile,
    OverloadedFuncDef,
    PlaceholderNode,
    Statement,
    TypeAlias,
    TypeInfo,
    Var,
)
from mypy.plugin import ClassDefContext
from mypy.types import (
    AnyType,
    CallableArgument,
    CallableType,
    EllipsisType,
    RawExpressionType,
    Type,
    TypeList,
    UnboundType,
    UnionType,
)

from neuraltypes._tables import ANNOTATED_NAMES

from ..metadata import recorded_containers
from ..source.config_attrs import BUILDER_WORDS
from ..source.containers import MODULE_DICT_FULLNAME, MODULE_LIST_FULLNAME
from ..source.sources import source_mentions

__all__ = ["may_declare"]

_WORDS: Final = (
    b"Annotated",
    b"NeuralType",
    b"typecheck",
    b"input_types",
    b"output_types",
    b"ModuleList",
    b"ModuleDict",
)
_CONTAINERS: Final = frozenset({MODULE_LIST_FULLNAME, MODULE_DICT_FULLNAME})
#: Modules whose aliases (``typing.List``) never stand for a port: the reader follows them into
#: the stubs and finds none.
_PLAIN_MODULES: Final = frozenset(
    {"builtins", "typing", "typing_extensions", "types", "collections.abc"}
)


def _names(typ: Type | None, out: list[str]) -> bool:
    """Add the names an unanalysed annotation uses to ``out``; ``False`` for a form not
    known here (the caller then reads the source)."""
    if typ is None or isinstance(typ, AnyType | RawExpressionType | EllipsisType):
        return True
    if isinstance(typ, UnboundType):
        out.append(typ.name)
        return all(_names(arg, out) for arg in typ.args)
    if isinstance(typ, UnionType | TypeList):
        return all(_names(item, out) for item in typ.items)
    if isinstance(typ, CallableArgument):
        return _names(typ.typ, out)
    if isinstance(typ, CallableType):
        return all(_names(arg, out) for arg in typ.arg_types) and _names(typ.ret_type, out)
    return False


def _functions(stmt: Statement) -> list[FuncDef]:
    if isinstance(stmt, FuncDef):
        return [stmt]
    if isinstance(stmt, Decorator):
        return [stmt.func]
    if isinstance(stmt, OverloadedFuncDef):
        found = [f for item in stmt.items for f in _functions(item)]
        return found + (_functions(stmt.impl) if stmt.impl is not None else [])
    return []


def _may_bring(ctx: ClassDefContext, name: str, modules: dict[str, MypyFile]) -> bool:
    """Whether annotation name ``name`` may stand for an alias or ``NamedTuple`` the source
    reader would follow (or is not known yet)."""
    sym = ctx.api.lookup_qualified(name, ctx.cls, suppress_errors=True)
    node = None if sym is None else sym.node
    if node is None:
        return False  # undefined: the reader finds nothing either
    if isinstance(node, PlaceholderNode):
        return True
    if isinstance(node, TypeInfo):
        return node.is_named_tuple
    if isinstance(node, TypeAlias | Var):
        if node.fullname in ANNOTATED_NAMES:
            return True
        module = node.fullname.rpartition(".")[0]
        return module not in _PLAIN_MODULES and module in modules  # an alias read by name
    return False


def _module_renames_containers(tree: MypyFile) -> bool:
    """Whether the module binds a ``ModuleList``/``ModuleDict`` under another name, or a
    name is not known yet. (The reader knows the classes by their full names: an alias such
    as ``ML = nn.ModuleList`` has its own, and is not one.)"""
    for key, sym in tree.names.items():
        node = sym.node
        if isinstance(node, PlaceholderNode):
            return True
        if isinstance(node, TypeInfo) and node.fullname in _CONTAINERS and key != node.name:
            return True
    return False


def may_declare(ctx: ClassDefContext, tree: MypyFile, config_attrs: bool) -> bool:
    """Whether the class of ``ctx`` (in module ``tree``) may have ports, containers,
    decorated methods or config-built attributes; ``False`` only when its source is certain
    to declare none."""
    words = _WORDS + BUILDER_WORDS if config_attrs else _WORDS
    if source_mentions(tree.path, words):
        return True
    info = ctx.cls.info
    if any(recorded_containers(base) for base in info.mro[1:]):
        return True
    if _module_renames_containers(tree):
        return True
    modules: dict[str, MypyFile] = getattr(ctx.api, "modules", {})
    for stmt in ctx.cls.defs.body:
        for func in _functions(stmt):
            names: list[str] = []
            if not _names(func.unanalyzed_type, names):
                return True
            if any(_may_bring(ctx, name, modules) for name in names):
                return True
    return False
