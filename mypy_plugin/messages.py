"""Every message the plugin reports, one function each (texts are an interface).

``neuraltypes check`` selects messages by their code (``[neural-type]``) and keeps the notes
that start with ``REVEAL_PREFIX``; ``tests/typecheck`` matches the texts. Static messages use
mypy's voice: sentence case, no trailing period, names in double quotes.

>>> mismatch_text("length", "Enc.forward", "NeuralType(('B',), LengthsType)",
...               "NeuralType(('B', 'T'), LengthsType)", '"Pre.forward" output 1',
...               "expected 1 axes, got 2")  # doctest: +NORMALIZE_WHITESPACE
'Neural type mismatch for argument "length" of "Enc.forward":
 expected NeuralType((\\'B\\',), LengthsType), got NeuralType((\\'B\\', \\'T\\'), LengthsType)
 from "Pre.forward" output 1 (expected 1 axes, got 2)'
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface, SemanticAnalyzerPluginInterface

from .errorcodes import NEURAL_TYPE

__all__ = [
    "REVEAL_PREFIX",
    "malformed_annotation",
    "mismatch_text",
    "missing_argument",
    "neural_type_mismatch",
    "no_port_set_fits",
    "revealed",
    "revealed_unknown",
    "too_many_arguments",
    "unexpected_keyword",
    "vocabulary_not_found",
]

#: The start of every note about a model config (``neuraltypes check`` keeps these notes).
MODEL_CONFIG_PREFIX: Final = "Model config:"
#: The start of every ``reveal_neural_type`` note (``neuraltypes check`` keeps these notes).
REVEAL_PREFIX: Final = "Revealed neural type"


def _fail(api: CheckerPluginInterface, ctx: Context, msg: str) -> None:
    api.fail(msg, ctx, code=NEURAL_TYPE)


def mismatch_text(name: str, callee: str, expected: str, got: str, src: str, reason: str) -> str:
    """The text of ``neural_type_mismatch``."""
    return (
        f'Neural type mismatch for argument "{name}" of "{callee}": '
        f"expected {expected}, got {got} from {src} ({reason})"
    )


def neural_type_mismatch(
    api: CheckerPluginInterface,
    ctx: Context,
    *,
    name: str,
    callee: str,
    expected: str,
    got: str,
    src: str,
    reason: str,
    config: str = "",
) -> None:
    """A value's neural type does not fit the port it is passed to.

    ``config``: the model config that built the callee (named when the value's source
    does not already name it).
    """
    text = mismatch_text(name, callee, expected, got, src, reason)
    _fail(api, ctx, f"{text} [model config {config}]" if config else text)


def model_config_unchecked(api: CheckerPluginInterface, ctx: Context, why: str) -> None:
    """A model config the plugin cannot follow: the attribute it builds stays ``Any``."""
    api.msg.note(f"{MODEL_CONFIG_PREFIX} {why}", ctx, code=NEURAL_TYPE)


def too_many_arguments(api: CheckerPluginInterface, ctx: Context, callee: str) -> None:
    """More positional arguments than ``forward`` takes."""
    _fail(api, ctx, f'Too many arguments for "{callee}"')


def unexpected_keyword(api: CheckerPluginInterface, ctx: Context, name: str, callee: str) -> None:
    """A keyword argument that is not a parameter of ``forward``."""
    _fail(api, ctx, f'Unexpected keyword argument "{name}" for "{callee}"')


def missing_argument(api: CheckerPluginInterface, ctx: Context, what: str, callee: str) -> None:
    """A required port is not passed (``what`` is ``"name"`` quoted, or a 1-based position)."""
    _fail(api, ctx, f'Missing argument {what} for port of "{callee}"')


def malformed_annotation(
    api: SemanticAnalyzerPluginInterface, ctx: Context, port: str, owner: str, reason: str
) -> None:
    """A neural type annotation the runtime would reject (reported where it is written).

    ``port`` is a port name, or ``"return"`` for the return annotation.
    """
    where = "the return annotation" if port == "return" else f'port "{port}"'
    msg = f'Malformed neural type for {where} of "{owner}": {reason}'
    api.fail(msg, ctx, code=NEURAL_TYPE)


def revealed(api: CheckerPluginInterface, ctx: Context, spec: str, src: str) -> None:
    """``reveal_neural_type(x)`` of a value with a known neural type."""
    api.msg.note(f'{REVEAL_PREFIX} is "{spec}" from {src}', ctx, code=NEURAL_TYPE)


def revealed_unknown(api: CheckerPluginInterface, ctx: Context, changed: bool) -> None:
    """``reveal_neural_type(x)`` of an unchecked value (``changed``: it may have changed)."""
    why = "value may have changed; unchecked" if changed else "value is unchecked"
    api.msg.note(f"{REVEAL_PREFIX} is unknown ({why})", ctx, code=NEURAL_TYPE)


def no_port_set_fits(api: CheckerPluginInterface, ctx: Context, callee: str, count: int) -> None:
    """After the errors of a call that fails under every branch of computed ports."""
    text = f'"{callee}" has {count} port sets (branches of "input_types"); the call fits none'
    api.msg.note(text, ctx, code=NEURAL_TYPE)


def vocabulary_not_found(api: SemanticAnalyzerPluginInterface, ctx: Context) -> None:
    """A blocking error: mypy cannot find ``neuraltypes``, so no neural type would resolve."""
    msg = (
        'The neuraltypes plugin cannot check anything: mypy cannot find the "neuraltypes" '
        "package this module imports. HINT: an editable install (pip install -e) is invisible "
        "to mypy: run neuraltypes check, put the checkout on PYTHONPATH or mypy_path, or "
        "install with --config-settings editable_mode=compat"
    )
    api.fail(msg, ctx, blocker=True, code=NEURAL_TYPE)
