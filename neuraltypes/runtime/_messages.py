"""Build ``NeuralTypeError`` messages: where, port, expected vs found, axis, bindings, HINT."""

from __future__ import annotations

from typing import Any

from .._comparison import NeuralTypeComparisonResult
from .._errors import NeuralTypeError
from .._neural_type import NeuralType

__all__ = ["axes_text", "describe_value", "port_error", "rtext", "shape_text", "text"]


# Dynamo cannot format user objects (``f"{ntype}"`` gives ``UserDefinedObjectVariable(...)``,
# ``str(ntype)`` is a graph break) nor tuples of symbolic sizes: a failed check under
# ``torch.compile(fullgraph=True)`` surfaced as an unrelated dynamo error instead of the
# ``NeuralTypeError``. Messages format such values only through the helpers below: dynamo runs
# the first three eagerly (assume_constant_result) and can trace ``shape_text``.


def text(obj: object) -> str:
    """``str(obj)``, run eagerly under ``torch.compile``.

    >>> text(NeuralType(("B",)))
    'axes: (batch,); elements_type: VoidType'
    """
    try:
        return str(obj)
    except AttributeError:  # dynamo passes a hollow copy of an object built inside the trace
        return f"<{type(obj).__name__}>"


def rtext(obj: object) -> str:
    """``repr(obj)``, run eagerly under ``torch.compile``.

    >>> rtext("B")
    "'B'"
    """
    try:
        return repr(obj)
    except AttributeError:  # as in text()
        return f"<{type(obj).__name__}>"


def axes_text(ntype: NeuralType, index: int = -1) -> str:
    """``ntype``'s axes as a tuple, or ``repr`` of axis ``index``; eager like ``text``.

    >>> axes_text(NeuralType(("B", "T")), 1)
    'time'
    """
    try:
        axes = tuple(ntype.axes or ())
    except AttributeError:  # as in text()
        return "?"
    return str(axes) if index < 0 else repr(axes[index])


# What torch.compiler.assume_constant_result sets (set here so this module needs no torch).
for _fn in (text, rtext, axes_text):
    setattr(_fn, "_dynamo_marked_constant", True)  # noqa: B010 (mypy: no attrs on functions)


def shape_text(shape: Any) -> str:
    """A shape as a tuple's text, traceable by dynamo even with symbolic sizes.

    >>> shape_text((2, 7)), shape_text((3,)), shape_text(())
    ('(2, 7)', '(3,)', '()')
    """
    parts = [f"{d}" for d in shape]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


_HINTS = {
    "rank": "check the layout of the tensor (a missing unsqueeze, or a transposed/flattened "
    "value?) or the declared axes",
    "size": "the port declares a fixed size for this axis",
    "batch": "every input and output of one call must share one batch size",
    "symbol": "ports annotated with the same size symbol must agree on that size",
    "depth": "container ports are list[...] annotations; the nesting depth must match",
    "scalar": "pass a tensor: Python ints and bools are not checked against axes",
    "missing": "pass every mandatory port, by position or keyword",
    "unknown": "the name must be one of the declared ports",
    "count": "return one value per declared output port",
    "none": "mark the port Optional[...] (or NeuralType(..., optional=True)) to allow None",
    "semantic": "the value was tagged by the module that produced it; connect a module whose "
    "output type matches, or wrap the call in typecheck.disable_semantic_checks()",
}


def describe_value(value: Any) -> str:
    """A short description of a value that never reads tensor data.

    >>> import torch
    >>> describe_value(torch.zeros(2, 3))
    'Tensor shape (2, 3), untagged'
    """
    shape = getattr(value, "shape", None)
    if shape is not None:
        try:
            dims = tuple(int(d) if isinstance(d, int) else d for d in shape)
        except TypeError:
            dims = shape
        text = f"{type(value).__name__} shape {shape_text(dims)}"
    elif isinstance(value, list | tuple):
        text = f"{type(value).__name__} of {len(value)} item(s)"
    else:
        text = (
            f"{type(value).__name__} {value!r}"
            if isinstance(value, int | float)
            else (type(value).__name__)
        )
    tag = getattr(value, "neural_type", None) if shape is not None else None
    if isinstance(tag, NeuralType):
        return f"{text}, tagged {_text(tag)}"
    if tag is not None and type(tag).__name__ == "EitherNeuralType":
        return f"{text}, tagged either {' or '.join(_text(c) for c in tag.candidates)}"
    return f"{text}, untagged" if shape is not None else text


def _bound(bound: dict[str, Any]) -> str:
    if not bound:
        return "(none yet)"
    return ", ".join(f"{key}={value}" for key, value in bound.items())


def port_error(
    qualname: str,
    role: str,
    name: str,
    ntype: NeuralType | None,
    value: Any,
    problem: str,
    kind: str,
    bound: dict[str, Any] | None = None,
    result: NeuralTypeComparisonResult | None = None,
) -> NeuralTypeError:
    """The ``NeuralTypeError`` for one port of one call.

    >>> err = port_error("Enc.forward", "input", "x", None, None, "missing", "missing")
    >>> str(err).splitlines()[0]
    'Enc.forward: input "x": missing'
    """
    lines = [f'{qualname}: {role} "{name}": {problem}']
    if ntype is not None:
        lines.append(f"  expected: {text(ntype)}")
    if value is not _NO_VALUE:
        lines.append(f"  found:    {describe_value(value)}")
    if result is not None:
        lines.append(f"  result:   {text(result)}")
    if bound is not None:
        lines.append(f"  sizes bound so far: {_bound(bound)}")
    lines.append(f"  HINT: {_HINTS[kind]}")
    return NeuralTypeError("\n".join(lines))


#: Pass as ``value`` when there is no value to describe.
_NO_VALUE: Any = object()
_text = text  # describe_value has a local named text
NO_VALUE = _NO_VALUE
