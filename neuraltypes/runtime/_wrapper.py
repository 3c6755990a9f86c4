"""The per-call wrapper of ``typecheck()``, generated once per arity of the decorated function.

A generic ``wrapper(*args, **kwargs)`` packs a tuple and a dict on every call and unpacks them
again to call the function. The generated wrapper takes the function's positional parameters
as positional-only parameters (``_0, _1, ...``, defaulting to a marker), so a positional call
binds them in C and the function is called with plain arguments. Any other form (keywords,
extra or missing positionals) rebuilds ``args``/``kwargs`` and takes the general path, which
behaves exactly as before.

The dispatch is one call, ``resolve(sid, type(self))``: the index of the checker for this
class, or 0 (pass through) when checks are off. Under ``torch.compile`` it is a constant.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["make_wrapper", "positional_arity"]

_MODULE_NAME = "neuraltypes._wrappers"
_MISSING = object()
_FACTORIES: dict[int, Callable[..., Callable[..., Any]]] = {}


def positional_arity(fn: Callable[..., Any]) -> int:
    """How many parameters of ``fn`` can be passed positionally (0 if unknown).

    >>> positional_arity(lambda self, x, *rest, k=1: x)
    2
    """
    try:
        parameters = inspect.signature(inspect.unwrap(fn)).parameters.values()
    except (TypeError, ValueError):
        return 0
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds for p in parameters)


def _source(arity: int) -> str:
    params = [f"_{i}" for i in range(arity)]
    values = ", ".join(params)
    lines = ["def make(_SID, _FN):"]
    signature = ", ".join(f"{p}=_M" for p in params)
    head = f"{signature}, /, *_a, **_k" if arity else "*_a, **_k"
    lines.append(f"    def wrapper({head}):")
    lines.append("        __tracebackhide__ = True")
    if arity:
        lines.append(f"        if not _k and not _a and {params[-1]} is not _M:")
        lines.append("            C = _E[_R(_SID, type(_0))]")
        lines.append(f"            if C is _PASS: return _FN({values})")
        lines.append(f"            return C.pos(_FN, {values})")
        if arity > 1:  # the first positional and keywords only (NeMo's calling style)
            lines.append("        if _1 is _M and _0 is not _M:")
            lines.append("            C = _E[_R(_SID, type(_0))]")
            lines.append("            if C is _PASS: return _FN(_0, **_k)")
            lines.append("            return C.run(_FN, (_0,), _k)")
        # rebuild the call as given: the present positionals are a prefix
        for i, p in enumerate(params):
            keyword = "if" if i == 0 else "elif"
            prefix = "".join(f"{q}, " for q in params[:i])
            lines.append(f"        {keyword} {p} is _M: args = ({prefix})")
        lines.append(f"        else: args = ({values},) + _a")
    else:
        lines.append("        args = _a")
    lines.append("        C = _E[_R(_SID, type(args[0]) if args else None)]")
    lines.append("        if C is _PASS: return _FN(*args, **_k)")
    lines.append("        return C.run(_FN, args, _k)")
    lines.append("    return wrapper")
    return "\n".join(lines) + "\n"


def _module(env: dict[str, Any]) -> types.ModuleType:
    # dynamo resolves a function's globals by module name: register the module
    module = sys.modules.get(_MODULE_NAME)
    if module is None:
        module = types.ModuleType(_MODULE_NAME, "Generated typecheck wrappers")
        sys.modules[_MODULE_NAME] = module
    module.__dict__.update(env, _M=_MISSING)
    return module


def make_wrapper(fn: Callable[..., Any], sid: int, env: dict[str, Any]) -> Callable[..., Any]:
    """The wrapper of ``fn`` (decorated function number ``sid``), with ``functools.wraps``.

    ``env`` supplies ``_E`` (entries: ``_PASS`` or objects with ``pos`` and ``run``) and
    ``_R`` (resolve: the entry's index for a class).

    >>> print(_source(2).splitlines()[1].strip())
    def wrapper(_0=_M, _1=_M, /, *_a, **_k):
    """
    arity = positional_arity(fn)
    factory = _FACTORIES.get(arity)
    if factory is None:
        module = _module(env)
        code = compile(_source(arity), f"{_MODULE_NAME} (arity {arity})", "exec")
        exec(code, module.__dict__)
        factory = module.__dict__.pop("make")
        _FACTORIES[arity] = factory
    return functools.wraps(fn)(factory(sid, fn))
