"""Carrier B: a neural type rides on ``Tensor`` instances in ``Instance.extra_attrs``.

Invisible to subtyping and printing; read back with ``carrier_of``. Operations we do not
model build fresh ``Tensor`` instances, so the neural type is dropped, never made stale.
"""

from __future__ import annotations

from mypy.lookup import lookup_fully_qualified
from mypy.nodes import TypeInfo
from mypy.plugin import CheckerPluginInterface
from mypy.types import (
    AnyType,
    ExtraAttrs,
    Instance,
    LiteralType,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    UnpackType,
    get_proper_type,
)

from ..fullnames import TENSOR_FULLNAME
from ..model.spec import Carrier, Spec, dump_carrier, load_carrier
from ..source.extract import RetSpec

__all__ = ["ATTR", "any_carrier", "attach", "attach_ret", "carrier_of"]

ATTR = "__neuraltypes__"


def carrier_of(typ: Type | None) -> Carrier | None:
    """The neural type carried by ``typ`` (a ``Tensor`` instance), or ``None``."""
    if typ is None:
        return None
    proper = get_proper_type(typ)
    if not isinstance(proper, Instance) or proper.extra_attrs is None:
        return None
    value = get_proper_type(proper.extra_attrs.attrs.get(ATTR))
    if not isinstance(value, LiteralType) or not isinstance(value.value, str):
        return None
    return load_carrier(value.value)


def any_carrier(typ: Type | None, depth: int = 0) -> bool:
    """Whether ``typ`` holds a carrier anywhere (tuple items, unions, type arguments).

    Recursive aliases (``L = list[L | str]``) expand forever: past a few levels, the
    answer is "maybe", which makes the variable less trusted (never a false positive).
    """
    if depth > _MAX_TYPE_DEPTH:
        return True
    proper = get_proper_type(typ)
    if carrier_of(proper) is not None:
        return True
    if isinstance(proper, TupleType | UnionType):
        return any(any_carrier(t, depth + 1) for t in proper.items)
    return isinstance(proper, Instance) and any(any_carrier(t, depth + 1) for t in proper.args)


_MAX_TYPE_DEPTH = 8


def _is_tensor(typ: ProperType) -> bool:
    return isinstance(typ, Instance) and typ.type.has_base(TENSOR_FULLNAME)


def attach(api: CheckerPluginInterface, typ: Type, carrier: Carrier | None, depth: int = 0) -> Type:
    """``typ`` with ``carrier`` on its tensor part (``None`` strips it); list depth aware."""
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        return UnionType.make_union([attach(api, t, carrier, depth) for t in proper.items])
    if not isinstance(proper, Instance):
        return typ
    if depth > 0:
        if proper.type.fullname == "builtins.list" and proper.args:
            return proper.copy_modified(args=[attach(api, proper.args[0], carrier, depth - 1)])
        return typ
    if not _is_tensor(proper):
        return typ
    if carrier is None:
        return _with_extra(proper, None) if proper.extra_attrs else typ
    text = LiteralType(dump_carrier(carrier), api.named_generic_type("builtins.str", []))
    return _with_extra(proper, ExtraAttrs({ATTR: text}, {ATTR}))


def _with_extra(typ: Instance, extra: ExtraAttrs | None) -> Instance:
    return Instance(
        typ.type,
        typ.args,
        typ.line,
        typ.column,
        last_known_value=typ.last_known_value,
        extra_attrs=extra,
    )


def tensor_instance(api: CheckerPluginInterface) -> Instance | None:
    """A plain ``torch.Tensor`` instance (``None`` if torch is not part of the build)."""
    sym = lookup_fully_qualified(
        TENSOR_FULLNAME, getattr(api, "modules", {}), raise_on_missing=False
    )
    if sym is None or not isinstance(sym.node, TypeInfo):
        return None
    return Instance(sym.node, [])


def _leaf(spec: Spec) -> Spec:
    return {**spec, "depth": 0, "opt": False}


def attach_ret(
    api: CheckerPluginInterface,
    typ: Type,
    ret: RetSpec,
    src: str,
    outputs: tuple[str, ...],
    config: str = "",
) -> Type:
    """Put the return spec(s) of a ``forward`` onto its return type.

    An untyped (``Any``) return becomes ``Tensor`` (or a tuple of them) for declared ports.
    ``config``: the model config the module was built from, named in each output's source.
    """
    proper = get_proper_type(typ)
    if config:
        outputs = outputs or ("",) * (len(ret) if isinstance(ret, list) else 1)
        outputs = tuple(f"{name}{_CONFIG_SEP}{config}" for name in outputs)
    if isinstance(ret, list):
        if isinstance(proper, AnyType):
            tensor = tensor_instance(api)
            if tensor is None:
                return typ
            mandatory = _mandatory(ret)
            items: list[Type] = [
                proper if s is None else _one(api, tensor, s, _output(src, outputs, i))
                for i, s in enumerate(ret[:mandatory])
            ]
            fallback = api.named_generic_type("builtins.tuple", [proper])
            if mandatory == len(ret):
                return TupleType(items, fallback)
            if mandatory < 2:
                # A single mandatory output may come back bare (not in a tuple): unknown.
                return typ
            # Optional outputs may be left off (ConformerEncoder returns 2 of its 5 when
            # called without caches): the mandatory positions are typed, the rest is Any.
            rest = api.named_generic_type("builtins.tuple", [AnyType(TypeOfAny.special_form)])
            return TupleType([*items, UnpackType(rest)], fallback)
        if isinstance(proper, TupleType) and len(proper.items) == len(ret):
            return proper.copy_modified(
                items=[
                    t if s is None else _one(api, t, s, _output(src, outputs, i))
                    for i, (t, s) in enumerate(zip(proper.items, ret, strict=True))
                ]
            )
        return typ
    if ret is None:
        return typ
    if isinstance(proper, AnyType):
        tensor = tensor_instance(api)
        if tensor is None:
            return typ
        proper = tensor
    if outputs and outputs[0]:
        name, _, config = outputs[0].partition(_CONFIG_SEP)
        src = f'{src} output "{name}"' if name else src
        src = f"{src} (model config {config})" if config else src
    return _one(api, proper, ret, src)


def _mandatory(ret: list[Spec | None]) -> int:
    """How many outputs come before the first optional one (always returned)."""
    return next((i for i, s in enumerate(ret) if s is not None and s["opt"]), len(ret))


_CONFIG_SEP = "\0"


def _output(src: str, outputs: tuple[str, ...], index: int) -> str:
    """``"Enc.forward" output "outputs"`` for a named output port, else ``output 0``.

    An output name may end in ``\0<config>``: `` (model config conf/a.yaml:model)``.
    """
    name = outputs[index] if index < len(outputs) else ""
    name, _, config = name.partition(_CONFIG_SEP)
    text = f'{src} output "{name}"' if name else f"{src} output {index}"
    return f"{text} (model config {config})" if config else text


def _one(api: CheckerPluginInterface, typ: Type, spec: Spec, src: str) -> Type:
    proper = get_proper_type(typ)
    if spec["depth"] and isinstance(proper, Instance) and _is_tensor(proper):
        # A list port (``[NeuralType(...)]``) of an untyped ``forward``: ``list[Tensor]``,
        # tracked per element, not one ``Tensor``.
        for _ in range(spec["depth"]):
            typ = api.named_generic_type("builtins.list", [typ])
    return attach(api, typ, {"spec": _leaf(spec), "src": src}, spec["depth"])
