"""Adoption plumbing: the pre-commit hook (run by pre-commit in a scratch git repository),
``neuraltypes --version``, and the progress line (only when stderr is a terminal)."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from neuraltypes._cli import main as neuraltypes_main

ROOT = Path(__file__).resolve().parents[2]
FAKE_PLUGIN = Path(__file__).with_name("fake_plugin.py")
BUGGY = "def connect_wrong(x: int) -> int:\n    return x\n\n\nconnect_wrong(1)\n"


def _git_project(tmp_path: Path) -> Path:
    """A git repository whose mypy config names what to check and adds the stand-in plugin."""
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src/wiring.py").write_text(BUGGY)
    (repo / "pyproject.toml").write_text(
        f'[tool.mypy]\nfiles = ["src"]\nplugins = ["{FAKE_PLUGIN}"]\n'
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    return repo


def test_the_hook_definition_is_a_valid_pre_commit_manifest() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "neuraltypes-check"
    assert hook["entry"] == "neuraltypes check"
    assert hook["pass_filenames"] is False  # a connection bug lives between files


def test_pre_commit_runs_the_hook_in_a_git_repository(tmp_path: Path) -> None:
    """pre-commit runs the hook as defined, except ``language: system``: building the hook's
    own environment would install torch from an index, which a test cannot reach."""
    pytest.importorskip("pre_commit")
    repo = _git_project(tmp_path)
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = {**hook, "language": "system"}
    hook.pop("additional_dependencies")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    cmd = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=env, check=False)

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "neuraltypes check" in failed.stdout and "Failed" in failed.stdout
    assert 'src/wiring.py:5: error: Neural type mismatch for argument "x"' in failed.stdout
    (repo / "src/wiring.py").write_text(BUGGY.replace("connect_wrong(1)", "print(1)"))
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert neuraltypes_main(["--version"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("neuraltypes ") and "mypy 2.4" in out


def _check_with_stderr(repo: Path, stderr: int) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "neuraltypes._cli", "check"]
    return subprocess.run(cmd, cwd=repo, stdout=subprocess.PIPE, stderr=stderr, text=True)


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    repo = _git_project(tmp_path)
    plain = subprocess.run(
        [sys.executable, "-m", "neuraltypes._cli", "check"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert plain.returncode == 1
    assert "mypy is running" not in plain.stderr and "\r" not in plain.stderr
    shutil.rmtree(repo / ".mypy_cache")  # a cold run lasts long enough to show progress
    leader, follower = pty.openpty()
    try:
        on_tty = _check_with_stderr(repo, follower)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    shown = b"".join(chunks).decode()
    assert on_tty.returncode == 1
    assert "\rneuraltypes check: mypy is running (" in shown
    assert shown.endswith("\r\x1b[K")  # the line is erased before the report
    assert on_tty.stdout == plain.stdout
