"""Warm cache and dmypy agree with a cold run after edits to helper returns and containers.

A helper function's return annotation edited in another file, the ports of a class held in
an ``nn.ModuleList`` edited in another file, and the class the ``ModuleList`` is built from
edited in the model's own ``__init__``: each step's expected errors are the cold-run truth.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .runner import ROOT, Message, run_mypy, write_ini

HELPERS = """from typing import Annotated

from torch import Tensor

from neuraltypes import NeuralType, SpectrogramType


def feats(x: Tensor) -> Annotated[Tensor, NeuralType({helper_axes}, SpectrogramType())]:
    raise NotImplementedError
"""
BLOCKS = """from typing import Annotated

from torch import Tensor, nn

from neuraltypes import NeuralType, SpectrogramType


class Block(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType({block_axes}, SpectrogramType())]) -> Tensor:
        raise NotImplementedError


class TimeMajor(nn.Module):
    def forward(
        self, x: Annotated[Tensor, NeuralType(("B", "T", "D"), SpectrogramType())]
    ) -> Tensor:
        raise NotImplementedError
"""
MODEL = """from torch import Tensor, nn

from .blocks import Block, TimeMajor
from .helpers import feats


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.ModuleList([{layer}() for _ in range(2)])

    def forward(self, x: Tensor) -> None:
        f = feats(x)
        for layer in self.layers:
            layer(f)
        TimeMajor()(f.mT)
"""
GOOD, BAD = '("B", "D", "T")', '("B", "T", "D")'
DEFAULTS = {"helper_axes": GOOD, "block_axes": GOOD, "layer": "Block"}

#: (edit, expected errors): the cold-run truth for each state.
STEPS: list[tuple[dict[str, str], list[str]]] = [
    ({}, []),
    ({"helper_axes": BAD}, ["Block", "TimeMajor"]),
    ({}, []),
    ({"block_axes": BAD}, ["Block"]),
    ({}, []),
    ({"layer": "TimeMajor"}, ["TimeMajor"]),
    ({}, []),
]


def _write(pkg: Path, **edit: str) -> None:
    values = {**DEFAULTS, **edit}
    (pkg / "helpers.py").write_text(HELPERS.format(**values))
    (pkg / "blocks.py").write_text(BLOCKS.format(**values))
    (pkg / "model.py").write_text(MODEL.format(**values))


def _callees(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        if "[neural-type]" in line:
            found.append("TimeMajor" if '"TimeMajor.forward"' in line else "Block")
    return sorted(found)


def _messages(messages: list[Message]) -> list[str]:
    return _callees([f"{m.text}  [{m.code}]" for m in messages])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_ini(tmp_path)
    pkg = tmp_path / "reach"
    pkg.mkdir()
    (pkg / "__init__.py").touch()
    _write(pkg)
    return tmp_path


def test_warm_cache_after_edits(project: Path, mypy_cache: Path) -> None:
    cache = project / "cache"
    subprocess.run(["cp", "-r", str(mypy_cache), str(cache)], check=True)
    for edit, want in STEPS:
        _write(project / "reach", **edit)
        assert _messages(run_mypy(project, ["reach"], cache)) == want, edit


def test_dmypy_after_edits(project: Path) -> None:
    status = project / "dmypy.json"
    base = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status)]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    args = ["--", "--config-file", str(project / "mypy.ini"), "--show-absolute-path", "reach"]
    try:
        for edit, want in STEPS:
            _write(project / "reach", **edit)
            time.sleep(1.1)  # dmypy notices same-size edits only after a second
            proc = subprocess.run(
                [*base, "run", *args], cwd=project, capture_output=True, text=True, env=env
            )
            assert "INTERNAL ERROR" not in proc.stdout + proc.stderr, proc.stdout
            assert _callees(proc.stdout.splitlines()) == want, (edit, proc.stdout)
    finally:
        subprocess.run([*base, "stop"], cwd=project, capture_output=True, env=env, check=False)
