"""The all-tensors fast path of a generated checker: one test, then the general checks.

When every input port is a depth-0 port given a plain ``torch.Tensor``, the checks are one
straight-line boolean test over the shapes (ranks, fixed sizes and the batch size, with the
first batch axis as the reference: constants folded in) plus one tag read per input. If the
test fails, or a value is anything else, the call goes to ``general`` (generated in
``_codegen``), which checks port by port and raises the error; nothing has run by then.
Outputs work the same way, falling back to ``outputs(result, batch)`` before any tag is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._check import Checker
    from ._cport import CPort

__all__ = ["fast_source"]


def _shape_tests(
    values: list[str], cports: tuple[CPort, ...], batch: str | None
) -> tuple[list[str], list[str], str | None]:
    """Reads of ``.shape`` and the tests that they pass; the expression of the batch size."""
    reads: list[str] = []
    tests: list[str] = []
    for n, (value, cport) in enumerate(zip(values, cports, strict=True)):
        rank, fixed, baxes = cport[4], cport[5], cport[6]
        if rank < 0:
            continue
        shape = f"{value}_s{n}"
        reads.append(f"{shape} = {value}.shape")
        tests.append(f"len({shape}) == {rank}")
        tests.extend(f"{shape}[{i}] == {size}" for i, size in fixed)
        for i in baxes:
            if batch is None:
                batch = f"{shape}[{i}]"
            else:
                tests.append(f"{shape}[{i}] == {batch}")
    return reads, tests, batch


def _inputs_block(checker: Checker, values: list[str], fallback: str) -> list[str]:
    """Checks of the inputs ``values``; binds ``batch`` (-1 when no input has a batch axis)."""
    lines = [f"    if {' or '.join(f'type({v}) is not Tensor' for v in values)}:"]
    lines.append(f"        return {fallback}")
    reads, tests, batch = _shape_tests(values, checker.inputs, None)
    lines.extend(f"    {read}" for read in reads)
    if tests:
        lines.append(f"    if not ({' and '.join(tests)}):")
        lines.append(f"        return {fallback}")
    lines.append(f"    batch = {batch or -1}")
    for n, value in enumerate(values):
        # A{n}[0]: the last tag found to fit (kept alive, so its identity is never reused)
        lines.append(f'    t = getattr({value}, "neural_type", None)')
        lines.append(f"    if t is not None and t is not NI{n} and t is not A{n}[0]:")
        lines.append(f'        if C._semantic("input", I{n}, {value}, t): A{n}[0] = t')
    return lines


def _outputs_block(checker: Checker) -> list[str]:
    """Checks and tags of ``result``; ``batch`` is the inputs' (-1: the outputs bind it)."""
    outputs = checker.outputs
    mode = checker.out_mode
    if mode == "none":
        return ["    return result"]
    if mode == "single":
        values = ["result"]
        lines = ["    if type(result) is not Tensor: return outputs(result, batch)"]
    else:
        values = [f"r{n}" for n in range(len(outputs))]
        # the declared type (a NamedTuple, or tuple); anything else goes the general way
        kind = "tuple" if checker.out_type is tuple else "OUT_TYPE"
        lines = [
            f"    if type(result) is not {kind} or len(result) != {checker.out_len}:",
            "        return outputs(result, batch)",
        ]
        order = sorted(range(len(outputs)), key=lambda n: outputs[n][9])
        if [outputs[n][9] for n in order] == list(range(len(outputs))):
            lines.append(f"    {', '.join(values[n] for n in order)}, = result")
        else:
            lines.extend(f"    r{n} = result[{cport[9]}]" for n, cport in enumerate(outputs))
        tests = [f"type({v}) is not Tensor" for v in values]
        tests += [f"{a} is {b}" for i, a in enumerate(values) for b in values[i + 1 :]]
        lines.append(f"    if {' or '.join(tests)}: return outputs(result, batch)")
    inputs_bind = any(c[6] for c in checker.inputs if c[4] >= 0)
    reads, tests, _ = _shape_tests(values, outputs, "batch" if inputs_bind else None)
    lines.extend(f"    {read}" for read in reads)
    if tests:
        lines.append(f"    if not ({' and '.join(tests)}):")
        lines.append("        return outputs(result, batch)")
    tags = [f't{n} = getattr({v}, "neural_type", None)' for n, v in enumerate(values)]
    lines.append(f"    {'; '.join(tags)}")
    for n, value in enumerate(values):
        lines.append(f"    if t{n} is None: {value}.neural_type = NO{n}")
        # deviations D11/D12: an existing tag is checked and kept
        lines.append(f'    elif t{n} is not NO{n}: C._semantic("output", O{n}, {value}, t{n})')
    lines.append("    return result")
    return lines


def _eligible(checker: Checker, arity: int | None) -> bool:
    # containers: the general path (a ``None`` or a missing output count goes there too)
    if any(c[2] != 0 for c in checker.inputs + checker.outputs):
        return False
    return arity is None or all(c[1] < arity for c in checker.inputs)


def fast_source(checker: Checker, arity: int, env: dict[str, Any]) -> str:
    """Source of ``run(fn, args, kwargs)`` and ``pos(fn, _0, ..., _<arity-1>)``.

    Needs ``general`` and ``outputs`` (and the port constants in ``env``) in its module.
    """
    env.setdefault("OUT_TYPE", checker.out_type)
    for n, cport in enumerate(checker.outputs):
        env[f"O{n}"], env[f"NO{n}"] = cport, cport[8]
    for n, cport in enumerate(checker.inputs):
        env[f"I{n}"], env[f"NI{n}"], env[f"A{n}"] = cport, cport[8], [None]
    params = [f"_{i}" for i in range(arity)]
    pos_head = f"def pos(fn, {''.join(p + ', ' for p in params)}Tensor=Tensor):"
    args = f"({', '.join(params)}{',' if arity == 1 else ''})"
    lines = ["", "def run(fn, args, kwargs, Tensor=Tensor):", "    __tracebackhide__ = True"]
    if not _eligible(checker, None):
        lines.append("    return general(fn, args, kwargs)")
    else:
        fallback = "general(fn, args, kwargs)"
        if checker.strict_names:
            lines.append("    if kwargs and not kwargs.keys() <= NAMES:")
            lines.append(f"        return {fallback}")
        values = [f"a{n}" for n in range(len(checker.inputs))]
        if values:
            lines.append("    nargs = len(args)")
        for value, cport in zip(values, checker.inputs, strict=True):
            name, index = cport[0], cport[1]
            if index < (1 << 30):
                get = f"args[{index}] if nargs > {index} else kwargs.get({name!r})"
            else:
                get = f"kwargs.get({name!r})"
            lines.append(f"    {value} = {get}")
        if values:
            lines.extend(_inputs_block(checker, values, fallback))
        else:
            lines.append("    batch = -1")
        lines.append("    result = fn(*args, **kwargs)")
        lines.extend(_outputs_block(checker))
    lines += ["", pos_head, "    __tracebackhide__ = True"]
    if not _eligible(checker, arity):
        lines.append(f"    return general(fn, {args}, {{}})")
    else:
        values = [f"_{c[1]}" for c in checker.inputs]
        if values:
            lines.extend(_inputs_block(checker, values, f"general(fn, {args}, {{}})"))
        else:
            lines.append("    batch = -1")
        lines.append(f"    result = fn({', '.join(params)})")
        lines.extend(_outputs_block(checker))
    return "\n".join(lines) + "\n"
