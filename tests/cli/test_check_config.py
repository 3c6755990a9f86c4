"""Config discovery and merging for ``neuraltypes check`` (no mypy run)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from neuraltypes.check._config import CheckConfigError, find_config_file, merged_config


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_discovery_walks_up_from_the_checked_path_to_the_repo_root(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "setup.cfg": "[mypy]\nstrict = True\n",  # above the repo root: never reached
            "repo/.git/HEAD": "",
            "repo/pyproject.toml": "[tool.black]\nline-length = 99\n",  # no [tool.mypy]
            "repo/setup.cfg": "[mypy]\nwarn_unused_ignores = True\n",
            "repo/src/pkg/model.py": "",
        },
    )
    found = find_config_file(tmp_path / "repo/src/pkg/model.py")
    assert found == (tmp_path / "repo/setup.cfg").resolve()
    (tmp_path / "repo/src/mypy.ini").write_text("[mypy]\n")
    assert find_config_file(tmp_path / "repo/src/pkg") == (tmp_path / "repo/src/mypy.ini").resolve()


def test_no_config_gives_the_check_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no user-level mypy config either
    (tmp_path / ".git").mkdir()
    assert find_config_file(tmp_path) is None
    cfg = merged_config(None, plugin="mypy_plugin")
    data = tomllib.loads(cfg.to_toml())["tool"]["mypy"]
    assert data == {
        "plugins": ["mypy_plugin"],
        "check_untyped_defs": True,
        "follow_imports": "silent",
    }


def test_toml_config_keeps_the_project_settings_and_adds_the_plugin_once(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "pyproject.toml": """
[tool.mypy]
strict = true
plugins = ["pydantic.mypy", "tools/local_plugin.py"]
follow_imports = "normal"
mypy_path = "$MYPY_CONFIG_FILE_DIR/stubs"

[[tool.mypy.overrides]]
module = ["legacy.*"]
ignore_errors = true

[tool.neuraltypes.mypy]
type_all_module_calls = true
""",
        },
    )
    cfg = merged_config(tmp_path / "pyproject.toml", plugin="mypy_plugin")
    merged = tomllib.loads(cfg.to_toml())["tool"]
    root = str(tmp_path.resolve())
    assert merged["mypy"]["plugins"] == [
        "pydantic.mypy",
        f"{root}/tools/local_plugin.py",  # mypy reads .py plugins relative to the config
        "mypy_plugin",
    ]
    assert merged["mypy"]["strict"] is True
    assert merged["mypy"]["follow_imports"] == "normal"  # the project's choice wins
    assert merged["mypy"]["check_untyped_defs"] is True
    assert merged["mypy"]["mypy_path"] == f"{root}/stubs"
    assert merged["mypy"]["overrides"] == [{"module": ["legacy.*"], "ignore_errors": True}]
    assert merged["neuraltypes"]["mypy"] == {
        "type_all_module_calls": True,
        "type_any_base_outputs": True,
    }

    again = merged_config(tmp_path / "pyproject.toml", plugin="pydantic.mypy")
    assert again.data["plugins"].count("pydantic.mypy") == 1


def test_ini_config_becomes_the_equivalent_toml(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "mypy.ini": """
[mypy]
plugins = mypy_plugin, other.plugin
disallow_untyped_defs = True
python_version = 3.11
disable_error_code = import-untyped, no-redef

[mypy-legacy.*,vendored]
ignore_errors = True

[mypy.plugins.neuraltypes]
type_all_module_calls = false
""",
        },
    )
    merged = tomllib.loads(merged_config(tmp_path / "mypy.ini", plugin="mypy_plugin").to_toml())
    mypy = merged["tool"]["mypy"]
    assert mypy["plugins"] == ["mypy_plugin", "other.plugin"]
    assert mypy["disallow_untyped_defs"] is True
    assert mypy["python_version"] == "3.11"
    assert mypy["disable_error_code"] == ["import-untyped", "no-redef"]
    assert mypy["overrides"] == [{"module": ["legacy.*", "vendored"], "ignore_errors": True}]
    assert merged["tool"]["neuraltypes"]["mypy"] == {
        "type_all_module_calls": False,
        "type_any_base_outputs": True,
    }


def test_unreadable_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mypy\nstrict = true\n")
    with pytest.raises(CheckConfigError, match=r"pyproject.toml: cannot read mypy config"):
        merged_config(tmp_path / "pyproject.toml", plugin="mypy_plugin")
    (tmp_path / "other.ini").write_text("[flake8]\nmax-line-length = 3\n")
    with pytest.raises(CheckConfigError, match=r"no \[mypy\] section"):
        merged_config(tmp_path / "other.ini", plugin="mypy_plugin")


def test_extra_stub_directory_goes_after_the_projects_mypy_path(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text("[mypy]\nmypy_path = typings:vendor\n")
    cfg = merged_config(tmp_path / "mypy.ini", plugin="mypy_plugin")
    cfg.add_mypy_path("/opt/neuraltypes/stubs")
    assert cfg.data["mypy_path"] == ["typings", "vendor", "/opt/neuraltypes/stubs"]
    fresh = merged_config(None, plugin="mypy_plugin")
    fresh.add_mypy_path("/opt/neuraltypes/stubs")
    assert tomllib.loads(fresh.to_toml())["tool"]["mypy"]["mypy_path"] == ["/opt/neuraltypes/stubs"]


def test_any_base_outputs_are_typed_by_default_unless_the_project_says_otherwise(
    tmp_path: Path,
) -> None:
    assert merged_config(None, plugin="mypy_plugin").plugin_section == {
        "type_any_base_outputs": True
    }
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[tool.mypy]\n\n[tool.neuraltypes.mypy]\ntype-any-base-outputs = false\n")
    section = merged_config(toml, plugin="mypy_plugin").plugin_section
    assert section == {"type-any-base-outputs": False}
