"""``neuraltypes check`` model-config plumbing: paths, variants per config, merged reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from neuraltypes.check._command import _merge, _model_configs
from neuraltypes.check._config import CheckConfigError, merged_config


def test_project_entries_are_made_absolute_from_the_config_file(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text(
        '[tool.mypy]\n[tool.neuraltypes]\nmodel-configs = {"pkg.M" = ["conf/a.yaml:model"]}\n'
    )
    cfg = merged_config(toml, plugin="mypy_plugin")
    assert cfg.plugin_section["model_configs"] == {"pkg.M": [f"{tmp_path}/conf/a.yaml:model"]}
    assert 'model_configs = {"pkg.M" = [' in cfg.to_toml()


def test_ini_entries_and_command_line_entries_add_up(tmp_path: Path) -> None:
    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy]\n[mypy.plugins.neuraltypes]\nmodel_configs = pkg.M=a.yaml:model\n")
    cfg = merged_config(ini, plugin="mypy_plugin")
    cfg.add_model_configs(_model_configs(["pkg.M=/abs/b.yaml"]), Path("/cwd"))
    assert cfg.plugin_section["model_configs"] == {
        "pkg.M": [f"{tmp_path}/a.yaml:model", "/abs/b.yaml"]
    }


def test_bad_entries_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(CheckConfigError, match="expected CLASS=FILE"):
        _model_configs(["conf/a.yaml"])
    cfg = merged_config(None, plugin="mypy_plugin")
    with pytest.raises(CheckConfigError, match="model-configs must be a table"):
        cfg.add_model_configs({"pkg.M": 3}, tmp_path)


def test_one_run_per_config_index_each_with_its_own_cache() -> None:
    cfg = merged_config(None, plugin="mypy_plugin")
    cfg.data["cache_dir"] = "cache"
    cfg.add_model_configs({"pkg.A": ["/a1.yaml", "/a2.yaml"], "pkg.B": ["/b.yaml"]}, Path("/"))
    variants = cfg.model_config_variants()
    assert [v.plugin_section["model_configs"] for v in variants] == [
        {"pkg.A": ["/a1.yaml"], "pkg.B": ["/b.yaml"]},
        {"pkg.A": ["/a2.yaml"], "pkg.B": ["/b.yaml"]},
    ]
    assert [v.data["cache_dir"] for v in variants] == ["cache/config-0", "cache/config-1"]
    single = merged_config(None, plugin="mypy_plugin")
    assert single.model_config_variants() == [single]


def test_reports_of_several_runs_are_merged_once() -> None:
    one = "m.py:3: error: A  [neural-type]\nFound 1 error in 1 file (checked 2 source files)\n"
    two = (
        "m.py:3: error: A  [neural-type]\nm.py:5: error: B  [neural-type]\n"
        "Found 2 errors in 1 file (checked 2 source files)\n"
    )
    assert _merge([one, two]).splitlines() == [
        "m.py:3: error: A  [neural-type]",
        "m.py:5: error: B  [neural-type]",
        "Found 2 errors in 1 file (checked 2 source files)",
    ]
