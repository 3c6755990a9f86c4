"""Generate the checks of a ``Checker`` as straight-line Python (like attrs/einops).

``general`` checks every port in order; a depth-0 ``torch.Tensor`` is checked inline (rank,
fixed sizes, the call's batch size, the tag) and anything else (``None``, containers,
scalars, other result types) calls back into the checker's general methods. ``run``/``pos``
(``_fastpath``) try the all-tensors case first and fall back to ``general``/``outputs``.
"""

from __future__ import annotations

import itertools
import sys
import types
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import torch
from torch import Tensor

from ._fastpath import fast_source

if TYPE_CHECKING:
    from ._check import Checker
    from ._cport import CPort

__all__ = ["generate"]

# Under torch.jit.trace, sizes are traced values and every comparison warns that it becomes a
# constant. Our checks only run at trace time, by design: silence exactly those warnings.
warnings.filterwarnings(
    "ignore",
    category=torch.jit.TracerWarning,  # type: ignore[attr-defined]
    module=r"neuraltypes\.",
)

_MISSING = object()
_COUNTER = itertools.count()


def _value_checks(lines: list[str], k: str, role: str, cport: CPort, ind: str) -> None:
    _, _, _, _, rank, fixed, baxes, _, _, _ = cport
    fail = f'raise C._shape("{role}", {k}, v, batch)'
    if rank < 0:
        return
    lines.append(f"{ind}s = v.shape")
    lines.append(f"{ind}if len(s) != {rank}: {fail}")
    for i, size in fixed:
        lines.append(f"{ind}if s[{i}] != {size}: {fail}")
    for i in baxes:
        lines.append(f"{ind}if batch == -1: batch = s[{i}]")
        lines.append(f"{ind}elif s[{i}] != batch: {fail}")


def _source(checker: Checker) -> tuple[str, dict[str, Any]]:
    """``general(fn, args, kwargs)``: every port in order; ``outputs(result, batch)``."""
    env: dict[str, Any] = {
        "C": checker,
        "Tensor": Tensor,
        "_MISSING": _MISSING,
    }
    # Globals are bound as defaults (fast locals); dynamo sees them as constants either way.
    lines = [
        "def general(fn, args, kwargs, Tensor=Tensor, _MISSING=_MISSING):",
        "    __tracebackhide__ = True",
        "    batch = -1",
    ]
    if checker.inputs:
        lines.append("    nargs = len(args)")
    if checker.strict_names:
        env["NAMES"] = checker.accepted  # a frozenset: one C-level subset test
        lines.append(
            "    if kwargs and not kwargs.keys() <= NAMES: C._check_names(kwargs, len(args))"
        )
    for n, cport in enumerate(checker.inputs):
        k = f"I{n}"
        env[k], env[f"NI{n}"] = cport, cport.ntype
        name, pos, depth, optional = cport.name, cport.pos, cport.depth, cport.optional
        if pos < (1 << 30):
            lines.append(f"    if nargs > {pos}: v = args[{pos}]")
            lines.append(f"    else: v = kwargs.get({name!r}, _MISSING)")
        else:
            lines.append(f"    v = kwargs.get({name!r}, _MISSING)")
        missing = "v = None" if optional else f"raise C._missing({k}, kwargs)"
        lines.append(f"    if v is _MISSING: {missing}")
        if depth == 0:
            lines.append("    if type(v) is Tensor:")
            _value_checks(lines, k, "input", cport, "        ")
            lines.append('        t = getattr(v, "neural_type", None)')
            lines.append(
                f'        if t is not None and t is not NI{n}: C._semantic("input", {k}, v, t)'
            )
            lines.append("    elif v is not None:")
            lines.append(f'        batch = C._slow("input", {k}, v, batch, None)')
        else:
            lines.append("    if v is not None:")
            lines.append(f'        batch = C._slow("input", {k}, v, batch, None)')
        if not optional:
            lines.append(f'    else: raise C._none("input", {k})')
    lines.append("    return outputs(fn(*args, **kwargs), batch)")
    lines.append("")
    lines.append("def outputs(result, batch, Tensor=Tensor):")
    lines.append("    __tracebackhide__ = True")
    mode = checker.out_mode
    outputs = checker.outputs
    if mode == "none":
        lines.append("    return result")
    elif mode == "single" and outputs[0].depth == 0:
        lines.append("    if type(result) is not Tensor:")
        lines.append("        C._outputs(result, batch)")
        lines.append("        return result")
        lines.append("    v = result")
        _tensor_output(lines, env, 0, outputs[0], "    ")
        lines.append("    return result")
    elif mode == "single":
        lines.append("    C._outputs(result, batch)")
        lines.append("    return result")
    else:
        env["OUT_TYPE"] = checker.out_type
        lines.append("    rt = type(result)")
        lines.append("    if rt is not tuple and rt is not OUT_TYPE:")
        lines.append("        C._outputs(result, batch)")
        lines.append("        return result")
        lines.append("    count = len(result)")
        low, high = checker.out_mandatory, checker.out_len
        if low == high:
            lines.append(f"    if count != {low}: raise C._count(count)")
        else:
            lines.append(f"    if count < {low} or count > {high}: raise C._count(count)")
        for n, cport in enumerate(outputs):
            lines.append(f"    o{n} = None")
            index = cport.out_index
            if index < low:
                lines.append(f"    v = result[{index}]")
            else:
                lines.append(f"    v = result[{index}] if count > {index} else None")
            lines.append("    if type(v) is Tensor:")
            _tensor_output(lines, env, n, cport, "        ")
            lines.append("    elif v is not None:")
            seen = ", ".join(f"o{j}" for j in range(n))
            lines.append(f'        batch = C._slow("output", O{n}, v, batch, [{seen}])')
            if not cport.optional:
                lines.append(f'    else: raise C._none("output", O{n})')
        lines.append("    return result")
    return "\n".join(lines) + "\n", env


def _tensor_output(lines: list[str], env: dict[str, Any], n: int, cport: CPort, ind: str) -> None:
    k = f"O{n}"
    env[k], env[f"NO{n}"] = cport, cport.ntype
    _value_checks(lines, k, "output", cport, ind)
    earlier = " or ".join(f"v is o{j}" for j in range(n)) or "False"
    lines.append(f'{ind}t = getattr(v, "neural_type", None)')
    lines.append(f"{ind}if t is None:")
    lines.append(f"{ind}    v.neural_type = NO{n}")
    lines.append(f"{ind}    o{n} = v")
    # deviations D11/D12: an existing tag is checked and kept (unless set earlier in this call)
    lines.append(f"{ind}elif t is not NO{n} and not ({earlier}):")
    lines.append(f'{ind}    C._semantic("output", {k}, v, t)')
    lines.append(f"{ind}elif t is not NO{n}:")  # one value for ports of different types
    lines.append(f"{ind}    C._retag(v, t, NO{n})")


def generate(checker: Checker, arity: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Compile the checks of ``checker``: ``run(fn, args, kwargs)`` for any call, and
    ``pos(fn, _0, ..., _<arity-1>)`` for a call that passed ``arity`` positionals only.

    >>> import torch
    >>> from neuraltypes.runtime._check import Checker
    >>> from neuraltypes.runtime._ports import Port
    >>> from neuraltypes import NeuralType
    >>> port = Port("x", NeuralType(("B",)))
    >>> c = Checker("f", (port,), (), "none", 0, ("x",), strict_names=False)
    >>> run, pos = generate(c, 1)
    >>> run(lambda x: 7, (torch.zeros(3),), {}), pos(lambda x: 8, torch.zeros(3))
    (7, 8)
    """
    source, env = _source(checker)
    source += fast_source(checker, arity, env)
    # The code runs in its own registered module: dynamo resolves globals by module name, and
    # the TracerWarning filter above matches it by name.
    name = f"neuraltypes._checker_{next(_COUNTER)}"
    module = types.ModuleType(name, f"Generated checker for {checker.qualname}")
    module.__dict__.update(env)
    sys.modules[name] = module
    code = compile(source, f"{name} (checker for {checker.qualname})", "exec")
    exec(code, module.__dict__)
    return module.__dict__["run"], module.__dict__["pos"]
