"""The plugin's configuration: ``[mypy.plugins.neuraltypes]`` (ini) or ``[tool.neuraltypes.mypy]``.

>>> NeuralTypesConfig(None).type_all_module_calls
False
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from .source.chain_store import ClassChain, model_chains
from .source.model_config import (
    ConfigEntry,
    ModelConfigError,
    config_entry,
    file_digest,
    parse_entry,
)

__all__ = ["ConfigError", "NeuralTypesConfig"]

INI_SECTION: Final = "mypy.plugins.neuraltypes"
TOML_SECTION: Final = "neuraltypes"


#: Slots that ``to_data`` leaves out (model configs are reported by content digest).
_NOT_DATA: Final = ("_config_dir", "_data", "_model_data", "model_chains", "model_configs")


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

    ``model_configs``: ``{class: ["FILE[:KEY]", ...]}`` (TOML ``model-configs`` in
    ``[tool.neuraltypes]`` or ``[tool.neuraltypes.mypy]``; ini ``model_configs =
    CLASS=FILE[:KEY], ...``): modules a class builds from its config are typed as the
    class each config's ``_target_`` names. Relative files are taken from the config's dir.
    """

    __slots__ = (
        "_config_dir",
        "_data",
        "_model_data",
        "model_chains",
        "model_configs",
        "type_all_module_calls",
        "type_any_base_outputs",
    )

    type_all_module_calls: bool
    type_any_base_outputs: bool
    model_configs: list[ConfigEntry]
    #: Each configured class's bases read from source (``find_chains``; ``None``: not found).
    model_chains: dict[str, ClassChain | None]

    def __init__(self, config_file: str | None) -> None:
        for key in self.__slots__:
            setattr(self, key, False)
        self.model_configs = []
        self.model_chains = {}
        self._config_dir = os.path.dirname(os.path.abspath(config_file)) if config_file else ""
        self._model_data: list[list[str]] = []
        self._data: dict[bool, dict[str, Any]] = {}
        if not config_file:
            return
        if config_file.endswith(".toml"):
            self._read_toml(config_file)
        else:
            self._read_ini(config_file)
        self._model_data = [[e.cls, e.file, e.key, file_digest(e.file)] for e in self.model_configs]

    def _set(self, key: str, value: Any, where: str) -> None:
        if key == "model_configs":
            self._set_model_configs(value, where)
            return
        if key not in self.__slots__ or key.startswith("_"):
            raise ConfigError(
                f"{where}: unknown neuraltypes plugin option {key!r}. "
                f"HINT: valid options are {', '.join(k for k in self.__slots__ if k[0] != '_')}"
            )
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
            value = value.strip().lower() in ("true", "1")
        if not isinstance(value, bool):
            raise ConfigError(
                f"{where}: neuraltypes option {key!r} must be a boolean, got {value!r}"
            )
        setattr(self, key, value)

    def _set_model_configs(self, value: Any, where: str) -> None:
        base = Path(where.split(" [", 1)[0]).parent
        try:
            if isinstance(value, str):  # ini: CLASS=FILE[:KEY], comma or newline separated
                items = [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]
                self.model_configs += [parse_entry(item, base) for item in items]
                return
            if not isinstance(value, dict):
                raise ModelConfigError("model-configs must be a table of class = [FILE[:KEY]]")
            for cls, specs in value.items():
                specs = [specs] if isinstance(specs, str) else specs
                if not isinstance(specs, list) or not all(isinstance(x, str) for x in specs):
                    raise ModelConfigError(f"model-configs.{cls} must be a list of FILE[:KEY]")
                parse_entry(f"{cls}=x")  # validates the class name
                self.model_configs += [config_entry(cls, spec, base) for spec in specs]
        except ModelConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None

    def _read_toml(self, path: str) -> None:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            return
        table = data.get("tool", {}).get(TOML_SECTION, {})
        for name in ("model-configs", "model_configs"):
            if isinstance(table, dict) and name in table:
                self._set_model_configs(table[name], f"{path} [tool.{TOML_SECTION}]")
        section = table.get("mypy", {}) if isinstance(table, dict) else None
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

    def find_chains(self, mypy_path: Sequence[str], cache_dir: str | None) -> None:
        """Read each configured class's chain of bases from source (``source/config_chain``):
        under the config file's directory, the working directory, ``mypy_path`` and
        ``sys.path``. Part of ``to_data``: call it before."""
        if not self.model_configs:
            return
        classes = list(dict.fromkeys(entry.cls for entry in self.model_configs))
        packages = frozenset(cls.partition(".")[0] for cls in classes)
        roots = [self._config_dir] if self._config_dir else []
        roots += [os.getcwd(), *mypy_path, *(p or os.getcwd() for p in sys.path)]
        roots = list(dict.fromkeys(os.path.abspath(root) for root in roots))
        self.model_chains = model_chains(classes, roots, packages, cache_dir)
        chains = {cls: None if c is None else c.to_data() for cls, c in self.model_chains.items()}
        self._model_data = [*self._model_data, [json.dumps(chains, sort_keys=True)]]
        self._data.clear()

    def to_data(self, models: bool = True) -> dict[str, Any]:
        """The options, for ``report_config_data``; model configs by content digest (read
        once, when the options are read), unless ``models`` is false."""
        known = self._data.get(models)
        if known is not None:
            return known  # asked for every module: built once (the options never change)
        data = {k: getattr(self, k) for k in self.__slots__ if k not in _NOT_DATA}
        if self.model_configs and models:
            # one digest of every entry (class, file, key, content digest): reported for
            # every module, so its size must not grow with the number of configs
            text = json.dumps(self._model_data, sort_keys=True).encode()
            data["model_configs"] = hashlib.blake2b(text, digest_size=16).hexdigest()
        self._data[models] = data
        return data
