"""The entry point: a light ``Plugin`` that becomes the real one at the first hook request.

A warm run (every module from the cache) asks no hook, only ``report_config_data``; it then
never imports the checker (``main`` and its hooks, the grammar, ``ast``), which used to be
most of the plugin's cost on a warm run. The first hook request turns the instance into a
``NeuralTypesPlugin`` in place (``__class__`` assignment), so later calls cost nothing extra.

>>> plugin("2.4.1").__name__
'LazyNeuralTypesPlugin'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, Final

from mypy.nodes import MypyFile
from mypy.options import Options
from mypy.plugin import Plugin, ReportConfigContext
from typing_extensions import override

from .config import ConfigError, NeuralTypesConfig
from .hooks.config_deps import publish_config_digest
from .source.exports import exports_digest
from .version import PLUGIN_VERSION

__all__ = ["LazyNeuralTypesPlugin", "config_data", "plugin", "supported"]

SUPPORTED: Final = ">=2.4,<2.5"


def read_config(options: Options) -> NeuralTypesConfig:
    """The plugin's options; a bad value exits 2 with the message (before any checking)."""
    try:
        config = NeuralTypesConfig(options.config_file)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    config.find_chains(options.mypy_path, options.cache_dir)
    return config


def config_data(
    config: NeuralTypesConfig, ctx: ReportConfigContext, cache_dir: str | None = None
) -> dict[str, Any]:
    """Plugin version, options and what other modules may read from this one's source.

    mypy adds this to each module's cache key and to its interface hash: an edited alias
    (``Annotated`` metadata, which mypy drops) then re-checks the modules importing it.
    """
    # Model configs' contents count for every module but torch's and the standard library's
    # (they never use a config-built attribute): editing a YAML file re-checks user code only.
    models = not (ctx.id.partition(".")[0] == "torch" or "typeshed" in ctx.path)
    data = _base_data(config, models)
    exports = exports_digest(ctx.path, cache_dir) if ctx.path else None
    return data if exports is None else {**data, "exports": exports}


#: ``config_data`` without the exports digest, per options object (kept alive here, so its
#: identity cannot be reused) and ``models``: asked for every module of every run.
_BASE: dict[tuple[int, bool], tuple[NeuralTypesConfig, dict[str, Any]]] = {}


def _base_data(config: NeuralTypesConfig, models: bool) -> dict[str, Any]:
    known = _BASE.get((id(config), models))
    if known is None or known[0] is not config:
        if len(_BASE) > 64:
            _BASE.clear()
        data = {"neuraltypes_plugin": PLUGIN_VERSION, **config.to_data(models)}
        known = _BASE[(id(config), models)] = (config, data)
    return known[1]


class LazyNeuralTypesPlugin(Plugin):
    """Reports the cache key; imports and becomes ``NeuralTypesPlugin`` when a hook is asked."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.config = read_config(options)
        self._known_modules: dict[str, MypyFile] | None = None
        # ``dmypy run`` compares the plugin module's version before each run: a changed
        # model config then restarts the daemon (nothing stale survives an edited YAML file).
        data = {"neuraltypes_plugin": PLUGIN_VERSION, **self.config.to_data()}
        publish_config_digest(type(self).__module__, data)

    @override
    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        """Plugin version, options and the module's exports digest (see ``config_data``)."""
        return config_data(self.config, ctx, self.options.cache_dir)

    @override
    def set_modules(self, modules: dict[str, MypyFile]) -> None:
        """Remember the modules for the real plugin."""
        super().set_modules(modules)
        self._known_modules = modules

    def _real(self) -> Plugin:
        from .main import NeuralTypesPlugin

        modules = self._known_modules
        self.__class__ = NeuralTypesPlugin  # type: ignore[assignment]
        NeuralTypesPlugin.__init__(self, self.options)  # type: ignore[arg-type]
        if modules is not None:
            self.set_modules(modules)
        return self

    @override
    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        """Forwarded to the real plugin."""
        return self._real().get_additional_deps(file)

    @override
    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        """Forwarded to the real plugin."""
        return self._real().get_additional_indirect_deps(file)

    @override
    def get_type_analyze_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_type_analyze_hook(fullname)

    @override
    def get_function_signature_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_function_signature_hook(fullname)

    @override
    def get_function_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_function_hook(fullname)

    @override
    def get_method_signature_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_method_signature_hook(fullname)

    @override
    def get_method_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_method_hook(fullname)

    @override
    def get_attribute_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_attribute_hook(fullname)

    @override
    def get_class_attribute_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_class_attribute_hook(fullname)

    @override
    def get_class_decorator_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_class_decorator_hook(fullname)

    @override
    def get_class_decorator_hook_2(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_class_decorator_hook_2(fullname)

    @override
    def get_metaclass_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_metaclass_hook(fullname)

    @override
    def get_base_class_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_base_class_hook(fullname)

    @override
    def get_customize_class_mro_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_customize_class_mro_hook(fullname)

    @override
    def get_dynamic_class_hook(self, fullname: str) -> Callable[..., Any] | None:
        """Forwarded to the real plugin."""
        return self._real().get_dynamic_class_hook(fullname)


def supported(version: str) -> bool:
    """Whether mypy ``version`` is in the supported range (``>=2.4,<2.5``).

    >>> supported("2.4.1"), supported("2.5.0"), supported("2.4.0+dev.abc")
    (True, False, True)
    """
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
    return LazyNeuralTypesPlugin
