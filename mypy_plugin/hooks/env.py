"""What check-time callbacks share: config, symbol lookup, element hierarchy, recorded deps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mypy.nodes import SymbolTableNode, TypeInfo
from mypy.plugin import CheckerPluginInterface

from ..config import NeuralTypesConfig
from ..fullnames import ELEMENT_BASE_FULLNAME, ELEMENTS_MODULE, canonical
from ..model.rules import BUILTIN_ELEMENTS
from ..source.model_config import ModelWirings

__all__ = ["CheckEnv"]


@dataclass
class CheckEnv:
    """Per-process plugin state; nothing here is keyed on AST node identity."""

    config: NeuralTypesConfig
    lookup: Callable[[str], SymbolTableNode | None]
    deps: dict[str, set[str]] = field(default_factory=dict)
    #: Findings per member of a call on a union of modules, until its last member is checked
    #: (keyed by file and position; ``hooks/union_calls.py``).
    union_findings: dict[tuple[Any, ...], dict[str, list[Callable[[], None]]]] = field(
        default_factory=dict
    )
    wirings: ModelWirings | None = None  # model configs, read once at start-up

    def record(self, api: CheckerPluginInterface, modules: set[str]) -> None:
        """Record modules whose interface the module being checked now depends on."""
        tree = getattr(api, "tree", None)
        if tree is not None and modules:
            self.deps.setdefault(tree.fullname, set()).update(modules)

    def element_chain(self, elem: str) -> tuple[list[str], bool] | None:
        """Canonical MRO names of element ``elem`` and whether it is complete."""
        short = elem.rpartition(".")[2]
        if elem.startswith(ELEMENTS_MODULE + ".") and short in BUILTIN_ELEMENTS:
            chain = []
            while short:
                chain.append(f"{ELEMENTS_MODULE}.{short}")
                short = BUILTIN_ELEMENTS[short]
            return chain, True
        sym = self.lookup(elem)
        info = None if sym is None else sym.node
        if not isinstance(info, TypeInfo):
            return None
        return [canonical(base.fullname) for base in info.mro], not info.fallback_to_any

    def is_subclass(self, api: CheckerPluginInterface, value: str, port: str) -> bool | None:
        """Whether element ``value`` is ``port`` or a subclass; ``None`` when unknown."""
        found = self.element_chain(value)
        if found is None:
            return None
        chain, complete = found
        self.record(api, {name.rpartition(".")[0] for name in chain})
        if port in chain:
            return True
        if not complete or ELEMENT_BASE_FULLNAME not in chain:
            return None  # not an element type we understand: stay silent
        return False
