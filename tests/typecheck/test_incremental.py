"""Warm-cache, parallel and dmypy runs give the same errors as a cold run after edits."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .runner import ROOT, Message, run_mypy, write_ini

ELEMENTS = "from neuraltypes import {base}\n\n\nclass MySpec({base}):\n    '''Mine.'''\n"
MODS = """from typing import Annotated

from torch import Tensor, nn

from neuraltypes import NeuralType, SpectrogramType

from .elements import MySpec


class Producer(nn.Module):
    def forward(self, x: Tensor) -> Annotated[Tensor, NeuralType({axes}, MySpec())]:
        raise NotImplementedError


class Consumer(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]) -> None:
        raise NotImplementedError
"""
MODEL = """from torch import Tensor

from .mods import Consumer, Producer


def run(x: Tensor) -> None:
    Consumer()(Producer()(x))
"""
GOOD_AXES, BAD_AXES = '("B", "D", "T")', '("B", "T", "D")'


def _write(pkg: Path, base: str = "SpectrogramType", axes: str = GOOD_AXES) -> None:
    (pkg / "elements.py").write_text(ELEMENTS.format(base=base))
    (pkg / "mods.py").write_text(MODS.format(axes=axes))


def _reasons(messages: list[Message]) -> list[str]:
    found = []
    for msg in messages:
        if msg.code == "neural-type":
            found.append("axes" if "axis 1 is T" in msg.text else "element")
    return sorted(found)


#: (edit, expected reasons): the cold-run truth for each state.
STEPS = [
    ({}, []),
    ({"axes": BAD_AXES}, ["axes"]),
    ({}, []),
    ({"base": "LengthsType"}, ["element"]),
    ({}, []),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_ini(tmp_path)
    pkg = tmp_path / "inc"
    pkg.mkdir()
    (pkg / "__init__.py").touch()
    (pkg / "model.py").write_text(MODEL)
    _write(pkg)
    return tmp_path


def test_warm_cache_after_edits(project: Path, mypy_cache: Path) -> None:
    cache = project / "cache"
    # Reuse the session's torch analysis: same options, so torch modules load warm.
    subprocess.run(["cp", "-r", str(mypy_cache), str(cache)], check=True)
    for edit, want in STEPS:
        _write(project / "inc", **edit)
        assert _reasons(run_mypy(project, ["inc"], cache)) == want, edit
    _write(project / "inc", base="LengthsType")
    assert _reasons(run_mypy(project, ["inc"], cache, "-n", "2")) == ["element"]


def test_dmypy_after_edits(project: Path) -> None:
    status = project / "dmypy.json"
    base = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status)]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    args = ["--", "--config-file", str(project / "mypy.ini"), "--show-absolute-path", "inc"]
    try:
        for edit, want in STEPS:
            _write(project / "inc", **edit)
            time.sleep(1.1)  # dmypy notices same-size edits only after a second
            proc = subprocess.run(
                [*base, "run", *args], cwd=project, capture_output=True, text=True, env=env
            )
            assert "INTERNAL ERROR" not in proc.stdout + proc.stderr, proc.stdout
            codes = [line for line in proc.stdout.splitlines() if "[neural-type]" in line]
            got = sorted("axes" if "axis 1 is T" in line else "element" for line in codes)
            assert got == want, (edit, proc.stdout)
    finally:
        subprocess.run([*base, "stop"], cwd=project, capture_output=True, env=env, check=False)
