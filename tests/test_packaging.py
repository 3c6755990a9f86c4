"""The distribution ships every package and the NeMo stubs (pyproject lists them explicitly)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_every_python_package_is_listed() -> None:
    listed = set(_config()["tool"]["setuptools"]["packages"])  # type: ignore[index]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("neuraltypes", "mypy_plugin")
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_every_nemo_stub_package_is_listed() -> None:
    listed = set(_config()["tool"]["setuptools"]["packages"])  # type: ignore[index]
    stubs = ROOT / "stubs" / "nemo"
    on_disk = {
        ".".join(("nemo-stubs", *init.parent.relative_to(stubs).parts))
        for init in stubs.rglob("__init__.pyi")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert (stubs / "py.typed").read_text().strip() == "partial"
