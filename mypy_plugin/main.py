"""Dispatch only: the ``Plugin`` subclass and ``plugin(version)``.

>>> supported("2.4.1"), supported("2.5.0"), supported("2.4.0+dev.abc")
(True, False, True)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, Final, TypeVar

from mypy.nodes import MypyFile, TypeInfo
from mypy.options import Options
from mypy.plugin import (
    AnalyzeTypeContext,
    AttributeContext,
    ClassDefContext,
    FunctionContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import CallableType, Type
from typing_extensions import override

from neuraltypes._tables import ANNOTATED_NAMES

from .config import ConfigError, NeuralTypesConfig
from .entry import config_data
from .fullnames import REVEAL_FULLNAMES, TENSOR_BASE_FULLNAME, TENSOR_FULLNAME
from .hooks.config_attrs import config_attr_callback, config_attrs_of
from .hooks.config_deps import config_deps, forget_modules
from .hooks.decorated_methods import decorated_owner, method_callback, method_signature_callback
from .hooks.env import CheckEnv
from .hooks.forward_spec import forward_spec_callback, is_skipped_module
from .hooks.lists import cat_callback
from .hooks.module_call import (
    call_callback,
    call_signature_callback,
    forward_callback,
    forward_signature_callback,
)
from .hooks.named_tuple import namedtuple_attribute_callback
from .hooks.returns import annotated_callback
from .hooks.reveal import reveal_callback
from .hooks.tensor_ops import (
    tensor_attribute_callback,
    tensor_function_callback,
    tensor_method_callback,
)
from .metadata import forget_views
from .model.rules import CAT_FUNCTIONS, FUNCTIONS, TENSOR_ATTRIBUTES, TENSOR_METHODS
from .source.model_config import ModelConfigError, ModelWirings
from .source.sources import files_are_stable
from .version import PLUGIN_VERSION

__all__ = ["PLUGIN_VERSION", "NeuralTypesPlugin", "plugin"]

SUPPORTED: Final = ">=2.4,<2.5"
_TENSOR_METHOD_PREFIX: Final = TENSOR_FULLNAME + "."
_TENSOR_ATTR_PREFIX: Final = TENSOR_BASE_FULLNAME + "."
_Hook = TypeVar("_Hook")


class NeuralTypesPlugin(Plugin):
    """Checks neural-type connections between ``nn.Module`` calls."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        try:
            self.config = NeuralTypesConfig(options.config_file)
            self.config.find_chains(options.mypy_path, options.cache_dir)
            wirings = ModelWirings(self.config.model_configs, self.config.model_chains)
        except (ConfigError, ModelConfigError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        self.env = CheckEnv(self.config, self.lookup_fully_qualified)
        if wirings:
            self.env.wirings = wirings
        # The callbacks, built once: mypy asks for a hook on every class, call and attribute.
        env = self.env
        self._base_class = partial(
            forward_spec_callback, deps=env.deps, config_attrs=env.wirings is not None
        )
        self._call_sig = partial(call_signature_callback, env=env)
        self._forward_sig = partial(forward_signature_callback, env=env)
        self._call = partial(call_callback, env=env)
        self._forward = partial(forward_callback, env=env)
        # mypy asks for a hook at every call and attribute access, by full name. While it
        # type checks, every class it can name is analysed for good (a module's imports are
        # processed before it, an import cycle is analysed whole before any of it is checked),
        # so the answer for a name never changes and is kept. The daemon re-analyses edited
        # classes in place: there nothing is kept.
        self._keep = not options.fine_grained_incremental
        files_are_stable(self._keep)
        forget_views()
        forget_modules()
        self._attr_hooks: dict[str, Callable[[AttributeContext], Type] | None] = {}
        self._method_hooks: dict[str, Callable[[MethodContext], Type] | None] = {}
        self._sig_hooks: dict[str, Callable[[MethodSigContext], CallableType] | None] = {}

    @override
    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        """Plugin version, options and what other modules may read from this one's source.

        mypy adds this to each module's cache key and to its interface hash: an edited alias
        (``Annotated`` metadata, which mypy drops) then re-checks the modules importing it.
        """
        return config_data(self.config, ctx, self.options.cache_dir)

    @override
    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        """With model configs: a file that builds modules from a config depends on the
        configured classes and the targets (analysed first, so their types are known)."""
        if self.env.wirings is None:
            return []
        return config_deps(file, self.env.wirings, self.options)

    @override
    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        """Modules of the element types compared in ``file`` (carriers hide them from mypy)."""
        return self.env.deps.get(file.fullname, set()) - {file.fullname}

    @override
    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        """Extract ports of every class with a base (filtered to modules in the callback)."""
        if fullname.startswith(("builtins.", "typing.", "enum.")):
            return None
        return self._base_class

    @override
    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], CallableType] | None:
        """``module(...)`` takes ``forward``'s signature; ``m.forward(...)`` carries outputs."""
        return self._memoised(self._sig_hooks, fullname, self._method_signature_hook)

    def _method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], CallableType] | None:
        if fullname.endswith(".__call__"):
            return self._call_sig
        if fullname.endswith(".forward"):
            return self._forward_sig
        method = self._decorated_method(fullname)
        if method is not None:
            return partial(method_signature_callback, method=method)
        return None

    def _decorated_method(self, fullname: str) -> str | None:
        """The method name when ``fullname`` is a method with ``@typecheck(...)`` ports."""
        owner, _, method = fullname.rpartition(".")
        if method.startswith("__") or is_skipped_module(owner) or owner.startswith("builtins."):
            return None
        sym = self.lookup_fully_qualified(owner)
        if sym is None or not isinstance(sym.node, TypeInfo):
            return None
        return method if decorated_owner(sym.node, method) is not None else None

    @override
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        """Connection checks on ``module(...)``; modelled ``Tensor`` methods."""
        return self._memoised(self._method_hooks, fullname, self._method_hook)

    def _method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname.endswith(".__call__"):
            return self._call
        if fullname.endswith(".forward"):
            return self._forward
        if fullname.startswith(_TENSOR_METHOD_PREFIX):
            method = fullname[len(_TENSOR_METHOD_PREFIX) :]
            effect = TENSOR_METHODS.get(method)
            if effect is not None:
                return partial(tensor_method_callback, effect=effect, method=method)
            return None
        decorated = self._decorated_method(fullname)
        if decorated is not None:
            return partial(method_callback, env=self.env, method=decorated)
        return None

    @override
    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        """Modelled ``Tensor`` attributes (``.mT``, ``.T``); NamedTuple output fields."""
        return self._memoised(self._attr_hooks, fullname, self._attribute_hook)

    def _attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if fullname.startswith(_TENSOR_ATTR_PREFIX):
            attr = fullname[len(_TENSOR_ATTR_PREFIX) :]
            effect = TENSOR_ATTRIBUTES.get(attr)
            if effect is not None:
                return partial(tensor_attribute_callback, effect=effect, attr=attr)
            return None
        owner, _, attr = fullname.rpartition(".")
        if owner.startswith(("torch.", "builtins.", "typing.", "mypy.")):
            return None
        sym = self.lookup_fully_qualified(owner)
        if sym is not None and isinstance(sym.node, TypeInfo) and sym.node.is_named_tuple:
            return partial(namedtuple_attribute_callback, attr=attr)
        if (
            self.env.wirings is not None
            and sym is not None
            and isinstance(sym.node, TypeInfo)
            and config_attrs_of(sym.node, attr) is not None
        ):
            return partial(config_attr_callback, env=self.env, attr=attr)
        return None

    def _memoised(
        self, memo: dict[str, _Hook | None], fullname: str, find: Callable[[str], _Hook | None]
    ) -> _Hook | None:
        """``find(fullname)``, kept per name outside the daemon (see ``__init__``)."""
        if not self._keep:
            return find(fullname)
        if fullname in memo:
            return memo[fullname]
        found = memo[fullname] = find(fullname)
        return found

    @override
    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        """``Annotated[...]``: a neural return annotation of a helper puts a carrier on it."""
        if fullname in ANNOTATED_NAMES:
            return annotated_callback
        return None

    @override
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        """``reveal_neural_type`` and modelled functions (``F.relu``, ``torch.transpose``)."""
        if fullname in REVEAL_FULLNAMES:
            return reveal_callback
        if fullname in CAT_FUNCTIONS:
            return cat_callback
        rule = FUNCTIONS.get(fullname)
        if rule is not None:
            name = fullname.rpartition(".")[2]
            return partial(tensor_function_callback, effect=rule[0], index=rule[1], name=name)
        return None


def supported(version: str) -> bool:
    """Whether mypy ``version`` is in the supported range (``>=2.4,<2.5``)."""
    match = re.match(r"(\d+)\.(\d+)", version)
    return match is not None and (int(match[1]), int(match[2])) == (2, 4)


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point; refuses unsupported mypy versions with a clear message."""
    if not supported(version):
        print(
            f"error: the neuraltypes mypy plugin supports mypy{SUPPORTED}, but this is mypy "
            f"{version}. HINT: pip install 'mypy{SUPPORTED}'",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return NeuralTypesPlugin
