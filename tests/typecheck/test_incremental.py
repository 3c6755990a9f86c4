"""Warm-cache, parallel and dmypy runs give the same errors as a cold run after edits."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from neuraltypes.check._command import _nemo_stubs, _plugin_env
from neuraltypes.check._config import find_config_file, merged_config

from .asr_edits import EDITS
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


# --- A realistic project: shared aliases in ntypes.py, a dozen single-file bug-planting edits.
#
# Every edit gets its own copy of the project (pkg_00, pkg_01, ...: independent packages), so
# ONE cold run over the edited tree gives the truth for every edit, and each warm run restores
# the clean tree's cache and checks one package: exactly CI's situation after a one-file commit.
# mypy analyses torch once (the warm-up); every later run reuses that analysis.

PROJECT = Path(__file__).resolve().parent / "projects" / "asrproj"
_ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: (?P<text>.*)  \[neural-type\]$")


def _packages() -> list[str]:
    return [f"pkg_{index:02d}" for index in range(len(EDITS))]


def _neural_by_package(stdout: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for raw in stdout.splitlines():
        match = _ERROR.match(raw)
        if match:
            where = f"{match['path']}:{match['line']}"
            found.setdefault(match["path"].split("/")[0], []).append(f"{where}: {match['text']}")
    return found


def _check(root: Path, cache: Path, *targets: str) -> dict[str, list[str]]:
    """``neuraltypes check`` over ``targets``: its errors per package (``path:line: text``)."""
    cmd = [sys.executable, "-m", "neuraltypes._cli", "check", *targets]
    proc = subprocess.run(
        [*cmd, "--", "--cache-dir", str(cache)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return _neural_by_package(proc.stdout)


def _restore(root: Path, package: str) -> None:
    """Put the clean project back (changed files only, so mypy sees edits as edits)."""
    for source in PROJECT.glob("*.py"):
        target = root / package / source.name
        if target.read_text() != source.read_text():
            target.write_text(source.read_text())


@pytest.fixture(scope="module")
def asr_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project once per edit, ``cache-torch`` (torch only) and ``cache-clean``."""
    root = tmp_path_factory.mktemp("asr")
    (root / ".git").mkdir()  # config discovery stops here
    (root / "pyproject.toml").write_text("[tool.mypy]\nwarn_unused_ignores = false\n")
    (root / "warmup.py").write_text("import torch\nimport neuraltypes\n")
    for package in _packages():
        shutil.copytree(PROJECT, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    assert _check(root, root / "cache-torch", "warmup.py") == {}
    shutil.copytree(root / "cache-torch", root / "cache-clean")
    assert _check(root, root / "cache-clean", *_packages()) == {}  # the clean project is clean
    return root


@pytest.fixture(scope="module")
def cold_results(asr_tree: Path) -> dict[str, list[str]]:
    """The truth: one cold run over the tree with every edit applied (each to its package)."""
    for index, edit in enumerate(EDITS):
        edit.apply(asr_tree / f"pkg_{index:02d}")
    try:
        shutil.copytree(asr_tree / "cache-torch", asr_tree / "cache-cold")
        cold = _check(asr_tree, asr_tree / "cache-cold", *_packages())
    finally:
        for package in _packages():
            _restore(asr_tree, package)
    for index, edit in enumerate(EDITS):
        found = cold.get(f"pkg_{index:02d}", [])
        if edit.expect is None:
            assert found == [], (edit.name, found)
        else:
            assert any(edit.expect in line for line in found), (edit.name, found)
    return cold


def test_warm_equals_cold_after_each_edit(
    asr_tree: Path, cold_results: dict[str, list[str]]
) -> None:
    """The clean tree's cache, restored; each package then has exactly one edited file.

    One warm run checks them all (the packages are independent, as separate runs would be).
    """
    root = asr_tree
    shutil.copytree(root / "cache-clean", root / "cache-warm")
    for index, edit in enumerate(EDITS):
        edit.apply(root / f"pkg_{index:02d}")
    try:
        warm = _check(root, root / "cache-warm", *_packages())
    finally:
        for package in _packages():
            _restore(root, package)
    problems = [
        f"{edit.name}: cold {cold_results.get(package, [])}, warm {warm.get(package, [])}"
        for edit, package in zip(EDITS, _packages(), strict=True)
        if warm.get(package, []) != cold_results.get(package, [])
    ]
    assert not problems, "\n".join(problems)


def test_dmypy_equals_cold_after_each_edit(
    asr_tree: Path, cold_results: dict[str, list[str]]
) -> None:
    """One daemon through the sequence: edit k applied while edit k-1 is reverted."""
    root = asr_tree
    config = merged_config(find_config_file(root), plugin="mypy_plugin")
    config.data["follow_imports"] = "normal"  # dmypy does not support "silent"
    stubs = _nemo_stubs()
    if stubs is not None:
        config.add_mypy_path(stubs)
    (root / "dmypy.toml").write_text(config.to_toml())
    base = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(root / "dmypy.json")]
    args = ["--config-file", "dmypy.toml", "--show-error-codes", "--no-pretty"]
    args += ["--hide-error-context", "--no-color-output", *_packages()]
    env = _plugin_env()
    assert env is not None

    def daemon_errors() -> dict[str, list[str]]:
        proc = subprocess.run(
            [*base, "run", "--timeout", "900", "--", *args],
            cwd=root, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert "INTERNAL ERROR" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        return _neural_by_package(proc.stdout)

    problems = []
    stamp = time.time_ns()
    try:
        assert daemon_errors() == {}
        for index, edit in enumerate(EDITS):
            package = f"pkg_{index:02d}"
            edit.apply(root / package)
            touched = [root / package / edit.file]
            if index:
                _restore(root, f"pkg_{index - 1:02d}")
                touched.append(root / f"pkg_{index - 1:02d}" / EDITS[index - 1].file)
            stamp += 2_000_000_000  # distinct mtimes: the daemon notices without sleeping
            for path in touched:
                os.utime(path, ns=(stamp, stamp))
            got = daemon_errors()
            want = {package: cold_results[package]} if cold_results.get(package) else {}
            if (got == want) == edit.dmypy_gap:
                verdict = "known gap now fixed: drop dmypy_gap" if edit.dmypy_gap else "differs"
                problems.append(f"{edit.name} ({verdict}): cold {want}, dmypy {got}")
    finally:
        subprocess.run([*base, "stop"], cwd=root, capture_output=True, env=env, check=False)
        for package in _packages():
            _restore(root, package)
    assert not problems, "\n".join(problems)
