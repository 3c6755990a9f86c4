"""Type checking: calls to a method with literal ``@typecheck(input_types=, output_types=)``.

``model.generate_spectrogram(tokens=t)`` is checked like a module call (each argument
against its declared port; NeMo's ``typecheck`` takes keyword arguments only, so arity is
left to mypy), and its result carries the declared outputs.
"""

from __future__ import annotations

from mypy.nodes import TypeInfo
from mypy.plugin import MethodContext, MethodSigContext
from mypy.types import CallableType, Instance, Type, TypeType, get_proper_type

from ..fullnames import MODULE_FULLNAME
from ..metadata import PortsView, get_ports_metadata
from ..model.spec import Spec
from .carrier import attach_ret
from .env import CheckEnv
from .module_call import _check_args
from .union_calls import Reports

__all__ = ["decorated_owner", "method_callback", "method_signature_callback"]


def decorated_owner(info: TypeInfo, method: str) -> TypeInfo | None:
    """The class defining ``method`` along ``info``'s MRO, if it declares its ports."""
    for base in info.mro:
        if base.fullname in ("builtins.object", MODULE_FULLNAME):
            return None
        if method in base.names:
            meta = get_ports_metadata(base)
            return base if meta is not None and method in meta.methods else None
    return None


def _ports(typ: Type, method: str) -> PortsView | None:
    proper = get_proper_type(typ)
    if isinstance(proper, TypeType):
        return None  # ``Cls.method(obj, ...)``: ``self`` is an argument, positions shift
    if not isinstance(proper, Instance):
        return None
    owner = decorated_owner(proper.type, method)
    meta = None if owner is None else get_ports_metadata(owner)
    ports = None if meta is None or owner is None else meta.methods[method]
    if ports is None or owner is None:
        return None
    params: dict[str, Spec | None] = dict(ports.inputs or {})
    outputs = ports.outputs or {}
    specs = list(outputs.values())
    ret = None if not specs else specs[0] if len(specs) == 1 else specs
    return PortsView(params, ret, f"{owner.name}.{method}", tuple(outputs))


def method_signature_callback(ctx: MethodSigContext, method: str) -> CallableType:
    """The method's own signature, with its declared outputs on the result."""
    ports = _ports(ctx.type, method)
    sig = ctx.default_signature
    if ports is None or ports.ret is None:
        return sig
    ret = attach_ret(ctx.api, sig.ret_type, ports.ret, f'"{ports.callee}"', ports.outputs)
    return sig.copy_modified(ret_type=ret)


def method_callback(ctx: MethodContext, env: CheckEnv, method: str) -> Type:
    """Check each argument against the method's declared input port."""
    ports = _ports(ctx.type, method)
    if ports is not None and any(ports.params.values()):
        found: Reports = []
        _check_args(ctx, env, ports, None, found)
        for report in found:
            report()
    return ctx.default_return_type
