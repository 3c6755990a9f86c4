"""Calls of a module whose ``input_types`` is computed by branches: checked per branch.

Each port set (``PortsView.alternatives``) is checked on an API that collects the errors
instead of reporting them; the call is an error only when every set gives one, and then
the errors of the set with the fewest are reported (with a note saying so).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from mypy.nodes import Context
from mypy.plugin import CheckerPluginInterface, MethodContext

from .. import messages
from ..metadata import PortsView

__all__ = ["check_each_branch"]


class _Collector:
    """Stands in for the checker API: keeps ``fail`` calls, passes everything else on."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self.errors: list[tuple[str, Context, Any]] = []

    def fail(self, msg: str, ctx: Context, *, code: Any = None) -> None:
        self.errors.append((msg, ctx, code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


def check_each_branch(
    ctx: MethodContext, ports: PortsView, check: Callable[[MethodContext, PortsView], None]
) -> None:
    """Run ``check`` per port set; report only if all fail (the fewest errors)."""
    found: list[list[tuple[str, Context, Any]]] = []
    for alternative in ports.alternatives:
        collector = _Collector(ctx.api)
        check(ctx._replace(api=cast(CheckerPluginInterface, collector)), alternative)
        if not collector.errors:
            return  # fits this branch
        found.append(collector.errors)
    best = min(found, key=len)
    for msg, where, code in best:
        ctx.api.fail(msg, where, code=code)
    messages.no_port_set_fits(ctx.api, ctx.context, ports.callee, len(found))
