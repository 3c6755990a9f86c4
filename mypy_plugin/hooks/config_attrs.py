"""Type checking: a module built from a config node is typed as the class its ``_target_`` names.

``self.encoder = X.from_config_dict(self._cfg.encoder)`` is ``Any`` to mypy. For a class
configured with ``model_configs`` (or one of its bases), ``get_attribute_hook`` types
``self.encoder`` as the target class of the ``encoder`` node in each config (the classes
and the attributes they build come from the configured class's chain of bases, read from
source: ``source/config_chain``); several
configs give a union, so every configured class is checked at every call. Each instance
carries its wiring (config file and key) for messages, in ``Instance.extra_attrs``.

>>> wiring_of(None) is None
True
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any, Final

from mypy.nodes import TypeInfo
from mypy.plugin import AttributeContext
from mypy.types import (
    AnyType,
    ExtraAttrs,
    Instance,
    LiteralType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from .. import messages
from ..fullnames import MODULE_FULLNAME
from ..metadata import get_ports_metadata
from ..source.sources import digest, parse_file
from .env import CheckEnv

__all__ = [
    "WIRING_ATTR",
    "config_attr_callback",
    "config_attrs_of",
    "config_label",
    "other_config",
    "wiring_of",
]

WIRING_ATTR: Final = "__neuraltypes_wiring__"


def config_attrs_of(info: TypeInfo, attr: str) -> str | None:
    """The config node ``attr`` is built from, by the first class along ``info``'s MRO."""
    for base in info.mro:
        if base.fullname == MODULE_FULLNAME:
            return None
        meta = get_ports_metadata(base)
        if meta is not None and attr in meta.config_attrs:
            return meta.config_attrs[attr]
    return None


def wiring_of(typ: Type | None) -> dict[str, str] | None:
    """``{"config": "conf/a.yaml:model", "node": "model.encoder"}`` of a config-built module."""
    proper = None if typ is None else get_proper_type(typ)
    if not isinstance(proper, Instance) or proper.extra_attrs is None:
        return None
    value = get_proper_type(proper.extra_attrs.attrs.get(WIRING_ATTR))
    if not isinstance(value, LiteralType) or not isinstance(value.value, str):
        return None
    data: dict[str, str] = json.loads(value.value)
    return data


def config_label(typ: Type | None) -> str:
    """The model config (``conf/a.yaml:model``) a module instance was built from, or ``""``."""
    wiring = wiring_of(typ)
    return "" if wiring is None else wiring["config"]


_FROM_CONFIG = re.compile(r"\(model config ([^)]*)\)")


def other_config(src: str, config: str) -> bool:
    """Whether a value (by its source text) comes from a module built by another config.

    >>> other_config('"Enc.forward" output 0 (model config a.yaml:model)', "b.yaml:model")
    True
    >>> other_config('parameter "x" of "M.forward"', "b.yaml:model")
    False
    """
    if not config:
        return False
    found = _FROM_CONFIG.findall(src)
    return bool(found) and any(label != config for label in found)


def config_attr_callback(ctx: AttributeContext, env: CheckEnv, attr: str) -> Type:
    """``self.<attr>``: the target class(es) of its config node, else mypy's type."""
    default = ctx.default_attr_type
    receiver = get_proper_type(ctx.type)
    wirings = env.wirings
    if wirings is None or not isinstance(receiver, Instance):
        return default
    if not isinstance(get_proper_type(default), AnyType):
        return default
    found: list[Instance] = []
    notes: list[str] = []
    record: set[str] = set()
    for cls, entries in wirings.by_class.items():
        chain = wirings.chains.get(cls)
        if chain is not None:  # the bases read from source: the class may be analysed later
            if receiver.type.fullname not in chain.classes:
                continue
            path = chain.config_attrs.get(attr)
        else:
            sym = env.lookup(cls)
            info = None if sym is None else sym.node
            if not isinstance(info, TypeInfo) or receiver.type not in info.mro:
                continue
            record.add(info.module_name)
            path = config_attrs_of(info, attr)
        if path is None:
            continue
        for wiring in entries:
            name, problem = wiring.target(path)
            where = wiring.where(path)
            if name is None:
                if problem:
                    notes.append(f"{problem}; {_self(attr)} is unchecked")
                continue
            target = env.lookup(name)
            node = None if target is None else target.node
            if not isinstance(node, TypeInfo):
                notes.append(
                    f'{where}: cannot find class "{name}" (_target_); {_self(attr)} is unchecked'
                )
                continue
            if not (node.has_base(MODULE_FULLNAME) or node.fallback_to_any):
                continue  # not a module: nothing to check
            record.update(base.module_name for base in node.mro)
            found.append(_instance(ctx, node, wiring.entry.label, where))
    env.record(ctx.api, record)
    if ctx.is_lvalue:
        return default
    if notes and _first_access(ctx, attr):
        for note in dict.fromkeys(notes):
            messages.model_config_unchecked(ctx.api, ctx.context, note)
    if not found:
        return default
    unique = list({(i.type.fullname, json.dumps(_data(i))): i for i in found}.values())
    return unique[0] if len(unique) == 1 else UnionType.make_union(list(unique))


_FIRST: dict[tuple[bytes, str], tuple[int, int]] = {}


def _first_access(ctx: AttributeContext, attr: str) -> bool:
    """Whether ``ctx`` is the file's first ``self.<attr>`` read (one note per file)."""
    path: str = getattr(ctx.api, "path", "")
    key = digest(path) if path else None
    tree = parse_file(path) if key is not None else None
    if key is None or tree is None:
        return False
    first = _FIRST.get((key, attr))
    if first is None:
        reads = [
            (n.lineno, n.col_offset)
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute)
            and n.attr == attr
            and isinstance(n.ctx, ast.Load)
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
        ]
        first = min(reads, default=(0, 0))
        _FIRST[(key, attr)] = first
    return (ctx.context.line, ctx.context.column) == first


def _self(attr: str) -> str:
    return f'"self.{attr}"'


def _data(instance: Instance) -> dict[str, str] | None:
    return wiring_of(instance)


def _instance(ctx: AttributeContext, info: TypeInfo, config: str, where: str) -> Instance:
    text = json.dumps({"config": config, "node": where}, sort_keys=True)
    literal = LiteralType(text, ctx.api.named_generic_type("builtins.str", []))
    args: list[Any] = [AnyType(TypeOfAny.special_form)] * len(info.defn.type_vars)
    return Instance(info, args, extra_attrs=ExtraAttrs({WIRING_ATTR: literal}, set()))
