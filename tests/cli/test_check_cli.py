"""``neuraltypes check`` end to end on small torch-free projects, with a stand-in plugin.

The stand-in (``fake_plugin.py``) reports a ``[neural-type]`` error on each ``connect_wrong()``
call, so filtering, config use and exit codes are checked against real mypy runs that cost
seconds, not the tens of seconds a torch import costs. The real plugin runs in
``test_examples.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import neuraltypes.check._command as check_cli
from neuraltypes._cli import main as neuraltypes_main

FAKE_PLUGIN = str(Path(__file__).with_name("fake_plugin.py"))

WIRING = """\
def connect_wrong(x: int) -> int:
    return x


def training_step(batch):  # unannotated: checked because check_untyped_defs is on
    connect_wrong(batch)


connect_wrong(1)
count: int = "three"
reveal_type(count)
"""


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("mypy-cache"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mypy]\n\n[[tool.mypy.overrides]]\nmodule = "legacy"\nignore_errors = true\n'
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/wiring.py").write_text(WIRING)
    (tmp_path / "pkg/clean.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "legacy.py").write_text('x: int = "legacy code mypy never liked"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_cli, "_PLUGIN", FAKE_PLUGIN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    status = neuraltypes_main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_reports_only_neural_type_errors_with_notes(
    project: Path, cache_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "pkg", "--", "--cache-dir", cache_dir)
    assert status == 1
    assert out == [
        'pkg/wiring.py:6: error: Neural type mismatch for argument "x" of "connect_wrong"  '
        "[neural-type]",
        "pkg/wiring.py:6: note: Expected (B, D, T), got (B, T, D)",
        'pkg/wiring.py:9: error: Neural type mismatch for argument "x" of "connect_wrong"  '
        "[neural-type]",
        "pkg/wiring.py:9: note: Expected (B, D, T), got (B, T, D)",
        'pkg/wiring.py:11: note: Revealed type is "int"',
        "Found 2 neural-type errors in 1 file (checked 3 source files)",
    ]


def test_all_errors_shows_everything_under_the_project_config(
    project: Path, cache_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--all-errors", "pkg", "legacy.py", "--", "--cache-dir", cache_dir)
    assert status == 1
    assignment = (
        'pkg/wiring.py:10: error: Incompatible types in assignment (expression has type "str", '
        'variable has type "int")  [assignment]'
    )
    assert assignment in out
    assert not any(line.startswith("legacy.py") for line in out)  # the override is honoured
    assert out[-1] == "Found 3 errors (2 neural-type) in 1 file (checked 4 source files)"


def test_clean_code_exits_zero_and_caches_in_cwd(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "pkg/clean.py")
    assert (status, out) == (0, ["No neural-type errors in 1 source file"])
    assert (project / ".mypy_cache" / "neuraltypes").is_dir()
    status, out, _ = run(capsys, "pkg/clean.py", "--all-errors")
    assert (status, out) == (0, ["Success: no issues found in 1 source file"])


def test_config_file_and_extra_mypy_args_are_used(
    project: Path, cache_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "quiet.ini").write_text("[mypy]\ndisable_error_code = neural-type\n")
    status, out, _ = run(
        capsys, "pkg", "--config-file", "quiet.ini", "--", "--cache-dir", cache_dir
    )
    assert (status, out[-1]) == (0, "No neural-type errors in 3 source files")
    status, out, _ = run(
        capsys,
        "pkg/wiring.py",
        "--",
        "--cache-dir",
        cache_dir,
        "--disable-error-code",
        "neural-type",
    )
    assert (status, out[-1]) == (0, "No neural-type errors in 1 source file")


def test_blocking_mypy_error_exits_2_and_shows_it(
    project: Path, cache_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pkg/broken.py").write_text("def f(:\n")
    status, _, err = run(capsys, "pkg/broken.py", "--", "--cache-dir", cache_dir)
    assert status == 2
    assert any(line.startswith("pkg/broken.py:1: error: ") for line in err.splitlines())
    assert "mypy did not finish (exit status 2, no summary line)" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no/such/dir"], "neuraltypes check: error: no such file or directory: no/such/dir"),
        (["pkg", "--config-file", "nope.ini"], "config file 'nope.ini' not found"),
        ([], "no PATH given, and "),
        (["pkg", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_usage_errors_exit_2_without_running_mypy(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert not (project / ".mypy_cache").exists()


def test_bad_project_config_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.mypy\n")
    status, _, err = run(capsys, "pkg")
    assert status == 2
    assert "pyproject.toml: cannot read mypy config" in err


@pytest.mark.parametrize(
    ("mypy_table", "message"),
    [
        ("plugins = 1", "plugins must be a list of strings, got 1"),
        ("overrides = [1]", "tool.mypy.overrides must be an array of tables"),
        ("when = 1979-05-27", "unsupported value in mypy config"),
    ],
)
def test_config_values_mypy_cannot_take_exit_2_without_a_traceback(
    project: Path, capsys: pytest.CaptureFixture[str], mypy_table: str, message: str
) -> None:
    (project / "pyproject.toml").write_text(f"[tool.mypy]\n{mypy_table}\n")
    status, _, err = run(capsys, "pkg")
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_config_messages_name_the_projects_file_not_the_merged_temporary_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.mypy]\nplugins = ["no_such_plugin"]\n')
    status, out, err = run(capsys, "pkg/clean.py")
    assert status == 2
    text = "\n".join([*out, err])
    assert f"{project / 'pyproject.toml'} (as merged by neuraltypes check)" in text
    assert 'Error importing plugin "no_such_plugin"' in text
    assert "neuraltypes-check-" not in text


def test_missing_mypy_says_how_to_install_it(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mypy" else real_find_spec(name),
    )
    status, _, err = run(capsys, "pkg")
    assert status == 2
    assert "mypy is not installed. HINT: pip install 'neuraltypes[check]'" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert out[0].startswith("usage: neuraltypes check")
