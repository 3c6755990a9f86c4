"""``--output-format``: JSON lines, SARIF 2.1.0 (validated against the official schema) and
GitHub workflow commands, from a real mypy run with the stand-in plugin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import neuraltypes.check._command as check_cli
from neuraltypes._cli import main as neuraltypes_main
from neuraltypes.check._formats import render_github
from neuraltypes.check._output import parse_report

FAKE_PLUGIN = str(Path(__file__).with_name("fake_plugin.py"))
# The official schema (oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json),
# vendored: tests run without network.
SARIF_SCHEMA = Path(__file__).with_name("data") / "sarif-schema-2.1.0.json"
WIRING = """\
def connect_wrong(x: int) -> int:
    return x


def training_step(batch):
    return connect_wrong(batch)


count: int = "three"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src/wiring.py").write_text(WIRING)
    (tmp_path / "src/clean.py").write_text("def f(x: int) -> int:\n    return x\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_cli, "_PLUGIN", FAKE_PLUGIN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = neuraltypes_main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_is_one_object_per_error_with_location_code_and_notes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "src", "--output-format", "json")
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert records == [
        {
            "path": "src/wiring.py",
            "line": 6,
            "column": 12,
            "severity": "error",
            "code": "neural-type",
            "message": 'Neural type mismatch for argument "x" of "connect_wrong"',
            "notes": ["Expected (B, D, T), got (B, T, D)"],
        }
    ]
    assert "Found 1 neural-type error in 1 file (checked 2 source files)" in err  # not stdout


def test_json_with_all_errors_includes_other_codes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "src", "--all-errors", "--output-format", "json")
    codes = [json.loads(line)["code"] for line in out.splitlines()]
    assert (status, codes) == (1, ["neural-type", "assignment"])


def test_sarif_validates_against_the_official_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    status, out, _ = run(capsys, "src", "--all-errors", "--output-format", "sarif")
    assert status == 1
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    run_ = log["runs"][0]
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert rules == ["assignment", "neural-type"]
    first = run_["results"][0]
    assert first["ruleId"] == "neural-type" and rules[first["ruleIndex"]] == "neural-type"
    assert first["level"] == "error"
    assert first["message"]["text"].endswith("\nExpected (B, D, T), got (B, T, D)")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/wiring.py"
    assert location["region"] == {"startLine": 6, "startColumn": 12}


def test_sarif_of_a_clean_run_is_a_valid_empty_log(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    status, out, _ = run(capsys, "src/clean.py", "--output-format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()), cls=jsonschema.Draft4Validator)
    assert (status, log["runs"][0]["results"]) == (0, [])


def test_github_annotations(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "src", "--output-format", "github")
    assert status == 1
    assert out.splitlines() == [
        "::error file=src/wiring.py,line=6,col=12,title=neuraltypes [neural-type]::"
        'Neural type mismatch for argument "x" of "connect_wrong"%0A'
        "Expected (B, D, T), got (B, T, D)",
        "Found 1 neural-type error in 1 file (checked 2 source files)",
    ]


def test_github_escapes_percent_newlines_and_property_separators() -> None:
    report = parse_report(
        "a,b:c.py:3:1: error: 100% wrong  [neural-type]\na,b:c.py:3:1: note: two\n"
    )
    report.messages[0].lines[0] = report.messages[0].lines[0].replace("wrong", "wr\rong")
    assert render_github(report.messages) == (
        "::error file=a%2Cb%3Ac.py,line=3,col=1,title=neuraltypes [neural-type]::"
        "100%25 wr%0Dong%0Atwo"
    )


def test_text_keeps_mypys_lines_without_columns(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "src")
    assert status == 1
    assert out.splitlines()[0] == (
        'src/wiring.py:6: error: Neural type mismatch for argument "x" of "connect_wrong"'
        "  [neural-type]"
    )


def test_no_path_checks_what_the_config_names(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.mypy]\nfiles = ["src/wiring.py"]\n')
    status, out, _ = run(capsys)
    assert status == 1
    assert out.splitlines()[-1] == "Found 1 neural-type error in 1 file (checked 1 source file)"
    (project / "pyproject.toml").write_text('[tool.mypy]\npackages = ["src"]\n')
    (project / "src/__init__.py").write_text("")
    status, out, _ = run(capsys)
    assert (status, out.splitlines()[-1]) == (
        1,
        "Found 1 neural-type error in 1 file (checked 3 source files)",
    )


def test_no_path_and_no_files_in_the_config_is_a_clear_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys)
    assert (status, out) == (2, "")
    assert "no PATH given, and" in err and "names no files or packages to check" in err
    assert 'HINT: neuraltypes check src/, or set files = ["src"] under [tool.mypy]' in err
