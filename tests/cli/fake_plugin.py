"""A stand-in mypy plugin for the CLI tests: calls to ``connect_wrong()`` get a neural-type error.

It lets the tests exercise filtering, notes and exit codes without torch or the real plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Type

NEURAL_TYPE = ErrorCode("neural-type", "Neural type mismatch", "neuraltypes")


def _connect_wrong(ctx: FunctionContext) -> Type:
    ctx.api.fail(
        'Neural type mismatch for argument "x" of "connect_wrong"', ctx.context, code=NEURAL_TYPE
    )
    assert isinstance(ctx.api, TypeChecker)
    ctx.api.note("Expected (B, D, T), got (B, T, D)", ctx.context, code=NEURAL_TYPE)
    return ctx.default_return_type


class _FakePlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return _connect_wrong if fullname.endswith(".connect_wrong") else None


def plugin(version: str) -> type[Plugin]:
    return _FakePlugin
