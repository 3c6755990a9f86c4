"""What to say when a typed module raises: a finding, or a note when meta is the reason.

>>> _meta_limit(RuntimeError("Tensor.item() cannot be called on meta tensors"))
True
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from ._calls import Call, main_input
from ._checks import sizes_text
from ._layers import expectation
from ._values import Source, source_of

__all__ = ["Failure", "describe_failure"]


@dataclass(frozen=True, slots=True)
class Failure:
    """A note (``note``), or a finding's fields (``port`` ... ``message``) and its source."""

    note: str = ""
    port: str = ""
    producer: str = ""
    expected: str = ""
    found: str = ""
    message: str = ""
    source: Source | None = None


def describe_failure(
    call: Call,
    exc: BaseException,
    inner: list[tuple[nn.Module, tuple[Any, ...]]],
    path_of: Callable[[nn.Module], str],
) -> Failure:
    """Describe ``exc`` raised in ``call``; ``inner`` are the modules entered and not left."""
    leaf, args = inner[-1] if inner else (call.module, ())
    leaf_path = path_of(leaf)
    x = next((a for a in args if isinstance(a, torch.Tensor)), None)
    if x is None:  # raised in the module's own code: describe its main input
        x = main_input(call)
    source = source_of(x)
    expected = expectation(leaf, x) if inner and leaf is not call.module else ""
    synthetic = call.synthetic_in or (source is not None and source.synthetic)
    text = f"{type(exc).__name__}: {_first_line(exc)}"
    if synthetic or (not expected and _meta_limit(exc)):
        why = "an input was synthesised" if synthetic else "it cannot run on meta"
        return Failure(
            note=f"{call.path} ({type(call.module).__name__}) was not run ({why}: {leaf_path} "
            f"raised {text}{_where(exc)}); its outputs were made from its declared output "
            "ports, and checks downstream of them are skipped"
        )
    port = ""
    for name, value in call.values.items():
        other = source_of(value)
        if source is not None and other is not None and (other.module, other.port) == (
            source.module, source.port,
        ):  # fmt: skip
            port = name
            break
    what = expected or f"{leaf_path} ({type(leaf).__name__}) raised {text}{_where(exc)}"
    producer = source.describe() if source is not None else ""
    found = ""
    if x is not None:
        shape = tuple(int(n) for n in x.shape)
        found = f"shape {shape} {sizes_text(shape, source.axes if source else None)}"
        if producer:
            joiner = " from" if expected else ", on"
            what += f"{joiner} {producer} {sizes_text(shape, source.axes if source else None)}"
    if expected:
        what += f" (in {leaf_path})"
    return Failure("", port, producer, expected.split(", got")[0], found, what, source)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else ""


def _meta_limit(exc: BaseException) -> bool:
    """Whether ``exc`` says the code needs real data (``.item()``, an op without a meta kernel)."""
    text = str(exc).lower()
    return (
        isinstance(exc, NotImplementedError)
        or "meta" in text
        or "data-dependent" in text
        or "datadependent" in type(exc).__name__.lower()
    )


def _where(exc: BaseException) -> str:
    """`` at file.py:12`` for the innermost frame outside torch and this package."""
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        name = frame.filename.replace("\\", "/")
        if "/torch/" in name or "/neuraltypes/dryrun/" in name or name.startswith("<"):
            continue
        return f" at {name.rsplit('/', 1)[-1]}:{frame.lineno}"
    return ""
