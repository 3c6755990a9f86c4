"""``neuraltypes migrate`` end to end: writing, --diff, --check, bad files, summary, parallel."""
# ruff: noqa: E501 (the cases are source files whose long lines are the point)

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from neuraltypes._cli import main as neuraltypes_main
from neuraltypes.codemods.cli import main, write_atomic

LEGACY = """from neuraltypes import LengthsType, NeuralModule, NeuralType


class Lengths(NeuralModule):
    @property
    def input_types(self):
        return {"length": NeuralType(("B",), LengthsType())}

    def forward(self, length):  # keep this comment
        return length
"""

MIGRATED = """from typing import Annotated

from neuraltypes import LengthsType, NeuralModule, NeuralType
from torch import Tensor


class Lengths(NeuralModule):
    def forward(self, length: Annotated[Tensor, NeuralType(("B",), LengthsType())]):  # keep this comment
        return length
"""

SELF_STATE = """from neuraltypes import AudioSignal, NeuralModule, NeuralType


class Pre(NeuralModule):
    @property
    def input_types(self):
        return {"x": NeuralType(("B", "T"), AudioSignal(freq=self.sr))}

    def forward(self, x):
        return x
"""


def test_writes_in_place_and_second_run_is_noop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "m.py"
    target.write_text(LEGACY)
    assert neuraltypes_main(["migrate", str(tmp_path)]) == 0
    assert target.read_text() == MIGRATED
    assert "1 of 1 files changed, 1 ports moved, 0 ports left as is" in capsys.readouterr().err
    assert main([str(target)]) == 0
    assert target.read_text() == MIGRATED
    assert "0 of 1 files changed" in capsys.readouterr().err
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_diff_and_check_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "m.py"
    target.write_text(LEGACY)
    assert main(["--diff", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {target}\n+++ {target}\n")  # absolute: no a/ b/ prefix
    assert "+from typing import Annotated" in out and "-    @property" in out
    assert main(["--check", str(target)]) == 1
    assert target.read_text() == LEGACY
    target.write_text(MIGRATED)
    assert main(["--check", str(target)]) == 0


def test_diff_of_a_relative_path_has_git_style_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.py").write_text(LEGACY)
    monkeypatch.chdir(tmp_path)
    assert main(["--diff", "m.py"]) == 0
    assert capsys.readouterr().out.startswith("--- a/m.py\n+++ b/m.py\n")


def test_warnings_name_file_line_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "pre.py"
    target.write_text(SELF_STATE)
    assert main(["--check", str(target)]) == 0
    err = capsys.readouterr().err
    assert f"{target}:6: Pre.input_types left as is: port 'x' is computed from self state" in err
    assert "1 ports left as is\n  1 computed from self state" in err


def test_unparsable_file_is_reported_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.py").write_text("def input_types(:\n")
    (tmp_path / "good.py").write_text(LEGACY)
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad.py'}:1:" in err and "does not parse, skipped" in err
    assert (tmp_path / "good.py").read_text() == MIGRATED
    assert (tmp_path / "bad.py").read_text() == "def input_types(:\n"


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_parallel_run_matches_serial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(80):
        (tmp_path / f"m{i}.py").write_text(LEGACY if i % 2 else SELF_STATE)
    assert main(["--jobs", "2", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "40 of 80 files changed, 40 ports moved, 40 ports left as is" in err
    assert "80/80 files" in err  # progress on a large tree, even when stderr is not a terminal
    assert (tmp_path / "m1.py").read_text() == MIGRATED


def test_write_atomic_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "m.py"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert (os.stat(target).st_mode & 0o777) == 0o640
    assert os.listdir(tmp_path) == ["m.py"]


def test_rewrite_imports_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nemo = LEGACY.replace(
        "from neuraltypes import LengthsType, NeuralModule, NeuralType",
        "from nemo.core.classes import Exportable, NeuralModule\n"
        "from nemo.core.neural_types import LengthsType\n"
        "from nemo.core.neural_types import NeuralType",
    ).replace("(NeuralModule)", "(NeuralModule, Exportable)")
    target = tmp_path / "n.py"
    target.write_text(nemo)
    assert main(["--rewrite-imports", str(target)]) == 0
    text = target.read_text()
    assert text.startswith(
        "from typing import Annotated\n\n"
        "from nemo.core.classes import Exportable\n"
        "from neuraltypes import LengthsType, NeuralModule, NeuralType\n"  # one line, sorted
        "from torch import Tensor\n"
    )
    assert "length: Annotated[Tensor, NeuralType" in text and "input_types" not in text
    err = capsys.readouterr().err
    assert f"{target}:6: Lengths still uses NeMo-only machinery (Exportable)" in err
    assert "HINT: run without --rewrite-imports" in err


def test_libcst_runner_finds_the_commands() -> None:
    import importlib
    import subprocess
    import sys

    import yaml

    root = Path(__file__).parents[2]
    config = yaml.safe_load((root / ".libcst.codemod.yaml").read_text())
    assert config["modules"] == ["neuraltypes.codemods"]
    for name in ("migrate_ports.MigratePortsCommand", "rewrite_imports.RewriteNemoImportsCommand"):
        module, _, cls = name.partition(".")
        command = getattr(importlib.import_module(f"neuraltypes.codemods.{module}"), cls)
        assert command.DESCRIPTION
    probe = "import sys, neuraltypes; print('libcst' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "False"  # import neuraltypes never pulls in libcst


def test_symlinked_file_is_migrated_once_and_stays_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "m.py"
    target.write_text(LEGACY)
    (tmp_path / "link.py").symlink_to("m.py")
    assert main([str(tmp_path)]) == 0
    assert (tmp_path / "link.py").is_symlink()
    assert target.read_text() == MIGRATED
    assert "1 of 1 files changed" in capsys.readouterr().err


def test_read_only_file_is_reported_and_left_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "m.py"
    target.write_text(LEGACY)
    target.chmod(0o444)
    assert main([str(target)]) == 1
    assert target.read_text() == LEGACY
    assert f"{target}: cannot write, left unchanged: the file is read-only" in (
        capsys.readouterr().err
    )


def test_undecodable_file_is_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.py"
    bad.write_bytes(b"# caf\xe9\n" + LEGACY.encode())
    (tmp_path / "good.py").write_text(LEGACY)
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: cannot decode, skipped:" in err and "HINT" in err
    assert (tmp_path / "good.py").read_text() == MIGRATED


def test_code_that_would_not_compile_is_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A codemod bug that makes broken code leaves the file as it was, and says so."""
    import libcst as cst

    from neuraltypes.codemods import rewrite_imports

    broken = cst.SimpleStatementLine(
        body=[
            cst.ImportFrom(
                module=cst.Name("x"), names=[cst.ImportAlias(cst.Name("a"), comma=cst.Comma())]
            )
        ]
    )

    def leave_module(self: object, original: cst.Module, updated: cst.Module) -> cst.Module:
        return updated.with_changes(body=[broken, *updated.body])

    monkeypatch.setattr(rewrite_imports.RewriteNemoImportsCommand, "leave_Module", leave_module)
    target = tmp_path / "m.py"
    source = "from nemo.core.neural_types import NeuralType\n"
    target.write_text(source)
    assert main(["--rewrite-imports", "-j", "1", str(target)]) == 1
    assert target.read_text() == source
    err = capsys.readouterr().err
    assert f"{target}:1: the migrated code would not compile" in err
    assert "left unchanged" in err and "HINT" in err


def test_quiet_prints_the_summary_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(80):
        (tmp_path / f"m{i}.py").write_text(LEGACY if i % 2 else SELF_STATE)
    assert main(["-q", "--check", "--jobs", "1", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "files" in err and "/80 files" not in err  # no progress bar
    assert "40 of 80 files would change" in err


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="needs syntax this Python cannot compile")
def test_syntax_newer_than_this_python_is_still_migrated(tmp_path: Path) -> None:
    """libcst reads ``type X = ...`` (3.12); the compile check judges only what compiled before."""
    target = tmp_path / "m.py"
    target.write_text(LEGACY + "\ntype Alias = int\n")
    assert main([str(target)]) == 0
    assert target.read_text() == MIGRATED + "\ntype Alias = int\n"


def test_the_projects_line_length_decides_when_a_header_is_split(tmp_path: Path) -> None:
    """ruff's, black's or isort's line length, from the nearest config above the file."""
    short = tmp_path / "short"
    (short / "pkg").mkdir(parents=True)
    (short / "pyproject.toml").write_text("[tool.isort]\nline_length = 79  # as NeMo's\n")
    (short / "pkg" / "m.py").write_text(LEGACY)
    wide = tmp_path / "wide"
    wide.mkdir()
    (wide / "ruff.toml").write_text("line-length = 120\n")
    longer = LEGACY.replace("length", "length_of_the_input_signal_in_samples")
    (wide / "m.py").write_text(longer)
    (tmp_path / "plain.py").write_text(longer)
    assert main(["-j", "1", str(tmp_path)]) == 0
    exploded = (short / "pkg" / "m.py").read_text()
    assert "    def forward(\n        self,\n        length: Annotated[" in exploded
    assert all(len(line) <= 79 for line in exploded.splitlines() if "#" not in line)
    one_line = [line for line in (wide / "m.py").read_text().splitlines() if "def forward" in line]
    assert len(one_line) == 1 and 100 < len(one_line[0].split("  #")[0]) <= 120
    assert "    def forward(\n" in (tmp_path / "plain.py").read_text()  # the default: 100
