"""The plugin's configuration: ``[mypy.plugins.neuraltypes]`` (ini) or ``[tool.neuraltypes.mypy]``.

>>> NeuralTypesConfig(None).type_all_module_calls
False
"""

from __future__ import annotations

import configparser
import tomllib
from typing import Any, Final

__all__ = ["ConfigError", "NeuralTypesConfig"]

INI_SECTION: Final = "mypy.plugins.neuraltypes"
TOML_SECTION: Final = "neuraltypes"


class ConfigError(ValueError):
    """A bad plugin configuration value."""


class NeuralTypesConfig:
    """Options (all booleans, all default ``False``).

    ``type_all_module_calls``: type every ``nn.Module`` call as its ``forward`` (not only
    modules with neural ports); may surface ordinary mypy errors in existing code.

    ``type_any_base_outputs``: a port-declaring class with an unresolvable (``Any``) base
    and an unannotated ``forward`` (most NeMo modules: ``Exportable``, mixins) returns its
    declared outputs (``Tensor`` / a tuple) instead of ``Any``, so they are checked
    downstream; may surface ordinary mypy errors on the results.
    """

    __slots__ = ("type_all_module_calls", "type_any_base_outputs")

    type_all_module_calls: bool
    type_any_base_outputs: bool

    def __init__(self, config_file: str | None) -> None:
        for key in self.__slots__:
            setattr(self, key, False)
        if not config_file:
            return
        if config_file.endswith(".toml"):
            self._read_toml(config_file)
        else:
            self._read_ini(config_file)

    def _set(self, key: str, value: Any, where: str) -> None:
        if key not in self.__slots__:
            raise ConfigError(
                f"{where}: unknown neuraltypes plugin option {key!r}. "
                f"HINT: valid options are {', '.join(self.__slots__)}"
            )
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
            value = value.strip().lower() in ("true", "1")
        if not isinstance(value, bool):
            raise ConfigError(
                f"{where}: neuraltypes option {key!r} must be a boolean, got {value!r}"
            )
        setattr(self, key, value)

    def _read_toml(self, path: str) -> None:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            return
        section = data.get("tool", {}).get(TOML_SECTION, {}).get("mypy", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [tool.{TOML_SECTION}.mypy] must be a table")
        for key, value in section.items():
            self._set(key.replace("-", "_"), value, f"{path} [tool.{TOML_SECTION}.mypy]")

    def _read_ini(self, path: str) -> None:
        parser = configparser.ConfigParser()
        try:
            parser.read(path)
        except configparser.Error:
            return
        if parser.has_section(INI_SECTION):
            for key, value in parser.items(INI_SECTION):
                self._set(key, value, f"{path} [{INI_SECTION}]")

    def to_data(self) -> dict[str, Any]:
        """The options, for ``report_config_data``."""
        return {key: getattr(self, key) for key in self.__slots__}
