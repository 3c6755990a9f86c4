"""Plugin entry point and configuration: unsupported mypy and bad options fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from mypy_plugin.config import ConfigError, NeuralTypesConfig
from mypy_plugin.main import NeuralTypesPlugin, plugin


def test_supported_mypy_version() -> None:
    assert plugin("2.4.1") is NeuralTypesPlugin


def test_unsupported_mypy_version_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        plugin("2.5.0")
    err = capsys.readouterr().err
    assert "supports mypy>=2.4,<2.5" in err and "2.5.0" in err and "HINT" in err


def test_ini_option(tmp_path: Path) -> None:
    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy.plugins.neuraltypes]\ntype_all_module_calls = True\n")
    assert NeuralTypesConfig(str(ini)).type_all_module_calls is True


def test_toml_option(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[tool.neuraltypes.mypy]\ntype-all-module-calls = true\n")
    assert NeuralTypesConfig(str(toml)).to_data() == {
        "type_all_module_calls": True,
        "type_any_base_outputs": False,
    }


def test_unknown_option_is_rejected(tmp_path: Path) -> None:
    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy.plugins.neuraltypes]\ntype_all_calls = True\n")
    with pytest.raises(ConfigError, match="unknown neuraltypes plugin option 'type_all_calls'"):
        NeuralTypesConfig(str(ini))


def test_non_boolean_is_rejected(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[tool.neuraltypes.mypy]\ntype_all_module_calls = 3\n")
    with pytest.raises(ConfigError, match="must be a boolean"):
        NeuralTypesConfig(str(toml))
