"""A run that did not check exits 2, never 0: mypy not starting, blocking errors, crashes,
output options that would hide errors from the parser, a shadowed standard library, and a
plugin that cannot find ``neuraltypes``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import neuraltypes.check._command as check_cli
from neuraltypes._cli import main as neuraltypes_main

FAKE_PLUGIN = str(Path(__file__).with_name("fake_plugin.py"))
BUGGY = "def connect_wrong(x: int) -> int:\n    return x\n\n\nconnect_wrong(1)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/wiring.py").write_text(BUGGY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_cli, "_PLUGIN", FAKE_PLUGIN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = neuraltypes_main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_project_random_py_does_not_shadow_the_standard_library(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "random.py").write_text("x = 1\n")  # `python -m mypy` would import this one
    status, out, _ = run(capsys, "pkg")
    assert status == 1
    assert 'pkg/wiring.py:5: error: Neural type mismatch for argument "x"' in out


def test_mypy_that_cannot_start_exits_2_with_its_own_message(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shadow = project / "shadow"
    shadow.mkdir()
    (shadow / "random.py").write_text("x = 1\n")  # on PYTHONPATH: even -P cannot help
    monkeypatch.setenv("PYTHONPATH", str(shadow))
    status, out, err = run(capsys, "pkg")
    assert status == 2
    assert "No neural-type errors" not in out
    assert "cannot import name 'Random' from 'random'" in err
    assert "mypy did not finish (exit status 1, no summary line)" in err


def test_a_crashing_plugin_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crash = project / "crash_plugin.py"
    crash.write_text("def plugin(version):\n    raise RuntimeError('plugin start-up failed')\n")
    (project / "pyproject.toml").write_text(f'[tool.mypy]\nplugins = ["{crash}"]\n')
    status, out, err = run(capsys, "pkg")
    assert status == 2
    assert "INTERNAL ERROR" in err
    assert "No neural-type errors" not in out


@pytest.mark.parametrize(
    "option",
    [
        ["--pretty"],
        ["--output", "json"],
        ["--output=json"],
        ["-O", "json"],
        ["-Ojson"],
        ["--no-error-summary"],
        ["--show-error-context"],
        ["--hide-error-codes"],
        ["--color-output"],
    ],
)
def test_mypy_options_that_change_its_output_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    status, out, err = run(capsys, "pkg", "--", *option)
    assert (status, out) == (2, "")
    assert "changes the mypy output this command reads" in err
    assert "--output-format json|sarif|github" in err


def test_output_settings_in_the_project_config_are_overridden(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.mypy]\npretty = true\nshow_error_context = true\nerror_summary = false\n"
        'color_output = true\nhide_error_codes = true\noutput = "json"\n'
    )
    status, out, _ = run(capsys, "pkg")
    assert status == 1
    assert out.splitlines()[-1] == "Found 1 neural-type error in 1 file (checked 2 source files)"


def test_plain_mypy_stops_when_it_cannot_find_neuraltypes(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text(
        "[mypy]\nplugins = mypy_plugin\nignore_missing_imports = True\n"
    )
    (tmp_path / "model.py").write_text(
        "from neuraltypes import NeuralType\n\n\nclass Base:\n    pass\n\n\nclass Net(Base):\n"
        "    pass\n"
    )
    # --no-site-packages: what an editable install looks like to mypy, whatever the install
    cmd = [sys.executable, "-m", "mypy", "--no-site-packages", "--no-incremental", "model.py"]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Success" not in proc.stdout
    assert proc.stdout.startswith(
        "model.py:1: error: The neuraltypes plugin cannot check anything: mypy cannot find "
        'the "neuraltypes" package this module imports'
    )
    assert "HINT: an editable install (pip install -e) is invisible to mypy" in proc.stdout
