"""Type checking: ``module(...)`` resolves to ``forward``; connections are compared.

``get_method_signature_hook('*.__call__')`` returns ``forward``'s bound signature with
carriers on the outputs; ``get_method_hook('*.__call__')`` compares each argument's carrier
with the port and reports arity and keyword errors under ``[neural-type]``.
"""

from __future__ import annotations

from functools import partial

from mypy.nodes import (
    ARG_NAMED,
    ARG_NAMED_OPT,
    ARG_OPT,
    ARG_POS,
    ARG_STAR,
    ARG_STAR2,
    Context,
    Expression,
    ListExpr,
    TupleExpr,
    TypeInfo,
)
from mypy.plugin import CheckerPluginInterface, MethodContext, MethodSigContext
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    Type,
    TypeOfAny,
    get_proper_type,
)

from .. import messages
from ..fullnames import MODULE_FULLNAME
from ..metadata import PortsView, forward_owner, module_ports
from ..model.compare import mismatch_reason
from ..model.rules import MODULES
from ..model.spec import Spec, format_spec
from .branches import check_each_branch
from .carrier import attach, attach_ret
from .config_attrs import config_label, other_config
from .containers import item_module
from .env import CheckEnv
from .signature import bound_forward
from .statements import in_skipped_module
from .trust import believed
from .union_calls import Reports, receiver_of_call, receiver_of_method, report_for_member

__all__ = [
    "call_callback",
    "call_signature_callback",
    "forward_callback",
    "forward_signature_callback",
]

EXTRA_ARGS = "__neuraltypes_args"
EXTRA_KWARGS = "__neuraltypes_kwargs"


def _module_instance(typ: Type) -> Instance | None:
    proper = get_proper_type(typ)
    if not isinstance(proper, Instance) or _own_call(proper.type):
        return None
    if proper.type.has_base(MODULE_FULLNAME) or _any_base(proper.type):
        return proper
    return None


def _own_call(info: TypeInfo) -> bool:
    """Whether the class (below ``nn.Module``) defines its own ``__call__``: not ``forward``."""
    for base in info.mro:
        if base.fullname == MODULE_FULLNAME:
            return False
        sym = base.names.get("__call__")
        if sym is not None:
            return not sym.plugin_generated
    return False


def _any_base(info: TypeInfo) -> bool:
    """A class whose base mypy cannot resolve, but that declares ports (``_add_call``)."""
    return info.fallback_to_any and module_ports(info) is not None


def _gradual(sig: CallableType, ret: Type, typed_outputs: bool = False) -> CallableType:
    """``sig`` with ``Any`` argument types, and ``Any`` unless ``forward`` declares a return.

    For an ``Any``-based class, whose calls mypy typed ``Any`` until now: only neural-type
    errors may be new. ``typed_outputs`` (option ``type_any_base_outputs``) keeps the
    outputs built from the ports of an unannotated ``forward``.
    """
    any_t = AnyType(TypeOfAny.special_form)
    declared = typed_outputs or not isinstance(get_proper_type(sig.ret_type), AnyType)
    return sig.copy_modified(
        arg_types=[any_t] * len(sig.arg_types), ret_type=ret if declared else any_t
    )


def call_signature_callback(ctx: MethodSigContext, env: CheckEnv) -> CallableType:
    """Give ``module(...)`` the signature of ``forward``, with neural types on outputs."""
    obj = _module_instance(ctx.type)
    if obj is None:
        return ctx.default_signature
    obj = item_module(ctx.api, ctx.context, obj) or obj  # ``for layer in self.layers``
    ports = module_ports(obj.type)
    if ports is None and not env.config.type_all_module_calls:
        return ctx.default_signature
    sig = bound_forward(ctx.api, obj)
    if sig is None:
        return ctx.default_signature
    if ports is None:
        return sig
    src = f'"{ports.callee}"'
    ret = attach_ret(ctx.api, sig.ret_type, ports.ret, src, ports.outputs, config_label(ctx.type))
    if _any_base(obj.type):
        sig = _gradual(sig, ret, env.config.type_any_base_outputs)
        ret = sig.ret_type
    # Arity and keyword errors are reported by the method hook, under [neural-type].
    kinds = [
        ARG_OPT if k == ARG_POS else ARG_NAMED_OPT if k == ARG_NAMED else k for k in sig.arg_kinds
    ]
    types, names = list(sig.arg_types), list(sig.arg_names)
    if ARG_STAR not in kinds:
        # Before any keyword-only parameter: an extra positional argument must not map to one.
        at = next((i for i, k in enumerate(kinds) if k in (ARG_NAMED_OPT, ARG_STAR2)), len(kinds))
        kinds, types, names = (
            [*kinds[:at], ARG_STAR, *kinds[at:]],
            [*types[:at], AnyType(TypeOfAny.implementation_artifact), *types[at:]],
            [*names[:at], EXTRA_ARGS, *names[at:]],
        )
    if ARG_STAR2 not in kinds:
        kinds, types, names = (
            [*kinds, ARG_STAR2],
            [*types, AnyType(TypeOfAny.implementation_artifact)],
            [*names, EXTRA_KWARGS],
        )
    return sig.copy_modified(arg_kinds=kinds, arg_types=types, arg_names=names, ret_type=ret)


def call_callback(ctx: MethodContext, env: CheckEnv) -> Type:
    """Check the arguments of ``module(...)`` against the ports of its ``forward``."""
    obj = None if in_skipped_module(ctx.api) else _module_instance(ctx.type)
    if obj is None:
        return ctx.default_return_type
    obj = item_module(ctx.api, ctx.context, obj) or obj
    owner = forward_owner(obj.type)
    if owner is not None and owner.fullname in MODULES:
        return _preserve(ctx)
    ports = module_ports(obj.type)
    if ports is None:
        return ctx.default_return_type
    sig = bound_forward(ctx.api, obj)
    if sig is None:
        return ctx.default_return_type
    if ports.alternatives:  # ``input_types`` computed by branches: each is checked

        def check(branch_ctx: MethodContext, branch: PortsView) -> None:
            found: Reports = []
            _check_arity(branch_ctx, sig, branch, found)
            _check_args(branch_ctx, env, branch, sig, found)
            for report in found:
                report()

        check_each_branch(ctx, ports, check)
        return ctx.default_return_type
    found: Reports = []
    _check_arity(ctx, sig, ports, found)
    _check_args(ctx, env, ports, sig, found, config_label(ctx.type))
    report_for_member(ctx, env, obj, found, receiver_of_call(ctx.context))
    return ctx.default_return_type


def forward_signature_callback(ctx: MethodSigContext, env: CheckEnv) -> CallableType:
    """``module.forward(...)``: its own signature, with neural types on the outputs."""
    obj = _module_instance(ctx.type)
    ports = None if obj is None else module_ports(obj.type)
    if ports is None:
        return ctx.default_signature
    sig = ctx.default_signature
    ret = attach_ret(ctx.api, sig.ret_type, ports.ret, f'"{ports.callee}"', ports.outputs)
    if obj is not None and _any_base(obj.type):
        return (
            sig
            if isinstance(get_proper_type(sig.ret_type), AnyType)
            and not env.config.type_any_base_outputs
            else sig.copy_modified(ret_type=ret)
        )
    return sig.copy_modified(ret_type=ret)


def forward_callback(ctx: MethodContext, env: CheckEnv) -> Type:
    """Check the arguments of an explicit ``module.forward(...)`` like ``module(...)``."""
    obj = _module_instance(ctx.type)
    ports = None if obj is None else module_ports(obj.type)
    if ports is not None and obj is not None:
        sig = bound_forward(ctx.api, obj)
        if ports.alternatives:

            def check(branch_ctx: MethodContext, branch: PortsView) -> None:
                found: Reports = []
                _check_args(branch_ctx, env, branch, sig, found)
                for report in found:
                    report()

            check_each_branch(ctx, ports, check)
        else:
            found: Reports = []
            _check_args(ctx, env, ports, sig, found)
            report_for_member(ctx, env, obj, found, receiver_of_method(ctx.context))
    return ctx.default_return_type


def _sig_index(sig: CallableType | None, formal: int, name: str | None) -> int | None:
    """The index in ``forward``'s own signature of the call's formal ``formal``."""
    if sig is None:
        return None
    if name is None:  # positional-only: they come first, before anything the hook inserts
        return formal if formal < len(sig.arg_kinds) else None
    return sig.arg_names.index(name) if name in sig.arg_names else None


def _check_args(
    ctx: MethodContext,
    env: CheckEnv,
    ports: PortsView,
    sig: CallableType | None,
    found: Reports,
    config: str = "",
) -> None:
    for formal, callee_name in enumerate(ctx.callee_arg_names):
        name = callee_name
        spec = ports.params.get(name or "")
        if spec is None or formal >= len(ctx.args):
            continue
        for expr, typ in zip(ctx.args[formal], ctx.arg_types[formal], strict=True):
            _check_value(
                ctx.api, env, expr, typ, spec, name or "", ports.callee, expr, found, config
            )


def _preserve(ctx: MethodContext) -> Type:
    """A layer from the rules table returns its input's neural type."""
    if not ctx.args or not ctx.args[0]:
        return ctx.default_return_type
    expr, typ = ctx.args[0][0], ctx.arg_types[0][0]
    carrier = believed(ctx.api, expr, typ)
    if carrier is None:
        return ctx.default_return_type
    return attach(ctx.api, typ, carrier)


def _check_arity(ctx: MethodContext, sig: CallableType, ports: PortsView, found: Reports) -> None:
    callee = ports.callee
    if any(k in (ARG_STAR, ARG_STAR2) for kinds in ctx.arg_kinds for k in kinds):
        return  # *args / **kwargs at the call site: arity unknown
    for formal, callee_name in enumerate(ctx.callee_arg_names):
        name = callee_name
        index = _sig_index(sig, formal, callee_name)
        if formal >= len(ctx.args):
            break
        if name == EXTRA_ARGS and ctx.args[formal]:
            found.append(partial(messages.too_many_arguments, ctx.api, ctx.context, callee))
        elif name == EXTRA_KWARGS:
            for arg_name in ctx.arg_names[formal]:
                found.append(
                    partial(
                        messages.unexpected_keyword, ctx.api, ctx.context, str(arg_name), callee
                    )
                )
        elif not ctx.args[formal] and index is not None:
            spec = ports.params.get(name or "")
            if sig.arg_kinds[index].is_required() and not (spec and spec["opt"]):
                what = f'"{name}"' if name is not None else f"{index + 1}"
                found.append(partial(messages.missing_argument, ctx.api, ctx.context, what, callee))


def _check_value(
    api: CheckerPluginInterface,
    env: CheckEnv,
    expr: Expression,
    typ: Type,
    spec: Spec,
    name: str,
    callee: str,
    context: Context,
    found: Reports,
    config: str = "",
) -> None:
    if spec["depth"] > 0:
        leaf: Spec = {**spec, "depth": spec["depth"] - 1}
        if isinstance(expr, ListExpr | TupleExpr):
            lookup = getattr(api, "lookup_type_or_none", None)
            for item in expr.items:
                item_type = lookup(item) if lookup is not None else None
                if item_type is not None:
                    _check_value(api, env, item, item_type, leaf, name, callee, item, found, config)
            return
        proper = get_proper_type(typ)
        if isinstance(proper, Instance) and proper.type.fullname == "builtins.list" and proper.args:
            _check_value(api, env, expr, proper.args[0], leaf, name, callee, context, found, config)
        return
    carrier = believed(api, expr, typ)
    if carrier is None or other_config(carrier["src"], config):
        return  # nothing tracked, or built by another model config: never wired together
    value = carrier["spec"]
    reason = mismatch_reason(spec, value, lambda v, p: env.is_subclass(api, v, p))
    if reason:
        report = partial(
            messages.neural_type_mismatch,
            api,
            context,
            name=name,
            callee=callee,
            expected=format_spec({**spec, "depth": 0}),
            got=format_spec(value),
            src=carrier["src"],
            reason=reason,
            config="" if config in carrier["src"] else config,
        )
        found.append(report)
