"""The per-call wrapper of ``typecheck()``, generated once per arity of the decorated function.

A generic ``wrapper(*args, **kwargs)`` packs a tuple and a dict on every call and unpacks them
again to call the function. The generated wrapper takes the function's positional parameters
as positional-only parameters (``_0, _1, ...``, defaulting to a marker), so a positional call
binds them in C and the function is called with plain arguments. Any other form (keywords,
extra or missing positionals) rebuilds ``args``/``kwargs`` and takes the general path, which
behaves exactly as before.

The dispatch is one call, ``resolve(sid, type(self))``: the index of the checker for this
class, or 0 (pass through) when checks are off. Under ``torch.compile`` it is a constant.

A function whose parameters are all positional-or-keyword (``forward(self, x, length=None)``,
nearly every ``forward``) gets an *exact* wrapper instead: the same parameter names, so
CPython binds keywords and positionals alike, in C, and no ``*args``/``**kwargs`` tuple or dict
is built beyond one empty dict. Its per-call work is one global read (the checks were never
switched off anywhere: ``switched[0]`` is false), one dict lookup of the class's compiled
check, and one call of it. Omitted parameters (every parameter defaults to a marker) and
unknown keywords rebuild ``args``/``kwargs`` and take the general path, so missing ports and
stray keywords keep their neural-type errors.
"""

from __future__ import annotations

import functools
import inspect
import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["exact_parameters", "make_wrapper", "positional_arity"]

_MODULE_NAME = "neuraltypes._wrappers"
_MISSING = object()
_FACTORIES: dict[int, Callable[..., Callable[..., Any]]] = {}
_EXACT_FACTORIES: dict[tuple[tuple[str, ...], str], Callable[..., Callable[..., Any]]] = {}


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


def exact_parameters(fn: Callable[..., Any]) -> tuple[str, ...] | None:
    """The parameter names of ``fn`` when an exact wrapper can take them (else ``None``):
    all positional-or-keyword, at least one, none named like the wrapper's own names.

    >>> exact_parameters(lambda self, x, length=None: x)
    ('self', 'x', 'length')
    >>> exact_parameters(lambda self, *xs: xs) is None
    True
    """
    try:
        parameters = list(inspect.signature(inspect.unwrap(fn)).parameters.values())
    except (TypeError, ValueError):
        return None
    names = tuple(p.name for p in parameters)
    if not parameters or any(
        p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD or p.name.startswith("_nt_")
        for p in parameters
    ):
        return None
    return names


def _exact_source(names: tuple[str, ...], function_name: str) -> str:
    """``make(_nt_sid, _nt_fn, _nt_fast)`` returning an exact wrapper over ``names``."""
    # the first parameter (``self``) is required as in the function: Python reports it
    first = names[0]
    head = ", ".join([first, *(f"{n}=_nt_M" for n in names[1:])])
    values = ", ".join(names)
    missing = "".join(f" or {n} is _nt_M" for n in names[1:])
    name = function_name if function_name.isidentifier() else "wrapper"
    lines = [
        "def make(_nt_sid, _nt_fn, _nt_fast):",
        f"    def {name}({head}, **_nt_k):",
        "        __tracebackhide__ = True",
        f"        if _nt_k{missing}:",
        f"            return _nt_rebuild(_nt_sid, _nt_fn, {values}, _nt_k)",
        f"        if _nt_switched[0] and not _nt_checks_on(): return _nt_fn({values})",
        f"        try: P = _nt_fast[type({first})]",
        f"        except KeyError: P = _nt_P[_nt_first(_nt_sid, type({first}))]",
        f"        return P(_nt_fn, {values})",
        f"    return {name}",
    ]
    return "\n".join(lines) + "\n"


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
    module.__dict__.update(env, _M=_MISSING, _nt_M=_MISSING, _nt_rebuild=_rebuild)
    return module


def _rebuild(
    sid: int, fn: Callable[..., Any], *values: Any
) -> Any:  # (sid, fn, *parameters, extra keywords)
    """An exact wrapper's call that omitted parameters or passed unknown keywords: the first
    parameter positional, the other present ones as keywords, then the general path."""
    __tracebackhide__ = True
    env = sys.modules[_MODULE_NAME].__dict__
    *present, extra = values
    names = env["_nt_names"][sid]
    args = (present[0],)
    kwargs = {n: v for n, v in zip(names[1:], present[1:], strict=True) if v is not _MISSING}
    kwargs.update(extra)
    entry = env["_E"][env["_R"](sid, type(args[0]))]
    if entry is env["_PASS"]:
        return fn(*args, **kwargs)
    return entry.run(fn, args, kwargs)


def make_wrapper(
    fn: Callable[..., Any], sid: int, env: dict[str, Any], fast: dict[type, Any] | None = None
) -> Callable[..., Any]:
    """The wrapper of ``fn`` (decorated function number ``sid``), with ``functools.wraps``.

    ``env`` supplies ``_E`` (entries: ``_PASS`` or objects with ``pos`` and ``run``) and
    ``_R`` (resolve: the entry's index for a class); for exact wrappers also ``_nt_P``
    (positional checks), ``_nt_first`` (resolve a class: the index into ``_nt_P``, filling
    ``fast``), ``_nt_switched`` and ``_nt_checks_on``.

    >>> print(_source(2).splitlines()[1].strip())
    def wrapper(_0=_M, _1=_M, /, *_a, **_k):
    >>> print(_exact_source(("self", "x"), "forward").splitlines()[1].strip())
    def forward(self, x=_nt_M, **_nt_k):
    """
    names = exact_parameters(fn) if fast is not None else None
    if names is not None and fast is not None:
        module = _module(env)
        module.__dict__.setdefault("_nt_names", {})[sid] = names
        key = (names, getattr(inspect.unwrap(fn), "__name__", "wrapper"))
        make = _EXACT_FACTORIES.get(key)
        if make is None:
            code = compile(_exact_source(*key), f"{_MODULE_NAME} (exact)", "exec")
            namespace: dict[str, Any] = {}
            exec(code, module.__dict__, namespace)
            make = _EXACT_FACTORIES[key] = namespace["make"]
        return functools.wraps(fn)(make(sid, fn, fast))
    arity = positional_arity(fn)
    factory = _FACTORIES.get(arity)
    if factory is None:
        module = _module(env)
        code = compile(_source(arity), f"{_MODULE_NAME} (arity {arity})", "exec")
        exec(code, module.__dict__)
        factory = module.__dict__.pop("make")
        _FACTORIES[arity] = factory
    return functools.wraps(fn)(factory(sid, fn))
