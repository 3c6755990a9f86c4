"""How ``neuraltypes check`` reads mypy's report: which lines are kept, which notes go along."""

from __future__ import annotations

from neuraltypes.check._output import parse_report, render, select

MYPY_OUTPUT = """\
pkg/model.py:12: error: Neural type mismatch for argument "encoder_output"  [neural-type]
pkg/model.py:12: note: Expected axes (B, D, T), got (B, T, D)
pkg/model.py:12: note: HINT: the value was transposed at line 11
pkg/model.py:13: error: Incompatible types in assignment  [assignment]
pkg/model.py:13: note: This note belongs to the assignment error
pkg/model.py:20: note: Revealed type is "torch._tensor.Tensor"
pkg/model.py:21: note: Revealed neural type is "(B, D, T) MelSpectrogramType" from "Pre.forward"
pkg/train.py:3: error: Cannot find module named "x"  [import-not-found]
pkg/train.py:3: note: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports
pkg/train.py:30:5: error: Missing positional argument "length"  [neural-type]
Found 4 errors in 2 files (checked 7 source files)
"""


def test_default_keeps_neural_type_errors_with_their_notes_and_reveals() -> None:
    report = parse_report(MYPY_OUTPUT)
    assert report.checked_files == 7
    shown = render(select(report.messages, all_errors=False)).splitlines()
    assert shown == [
        'pkg/model.py:12: error: Neural type mismatch for argument "encoder_output"  [neural-type]',
        "pkg/model.py:12: note: Expected axes (B, D, T), got (B, T, D)",
        "pkg/model.py:12: note: HINT: the value was transposed at line 11",
        'pkg/model.py:20: note: Revealed type is "torch._tensor.Tensor"',
        'pkg/model.py:21: note: Revealed neural type is "(B, D, T) MelSpectrogramType" from '
        '"Pre.forward"',
        'pkg/train.py:30: error: Missing positional argument "length"  [neural-type]',
    ]


def test_all_errors_keeps_every_line_but_the_summary_without_columns() -> None:
    report = parse_report(MYPY_OUTPUT)
    assert report.complete
    shown = render(select(report.messages, all_errors=True)).splitlines()
    assert shown == MYPY_OUTPUT.replace(":30:5:", ":30:").splitlines()[:-1]
    assert report.messages[-1].column == 5


def test_pretty_continuation_lines_stay_with_their_message() -> None:
    output = (
        "m.py:3: error: Bad connection  [neural-type]\n"
        "        self.decoder(encoder_output=x)\n"
        "        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "m.py:9: error: Other  [arg-type]\n"
        "        f(1)\n"
        "Success: no issues found in 1 source file\n"
    )
    report = parse_report(output)
    assert report.checked_files == 1
    assert render(select(report.messages, all_errors=False)).splitlines() == [
        "m.py:3: error: Bad connection  [neural-type]",
        "        self.decoder(encoder_output=x)",
        "        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
    ]


def test_notes_on_another_line_are_not_swallowed_by_an_error() -> None:
    output = (
        "m.py:3: error: Other  [arg-type]\n"
        'm.py:4: note: Revealed type is "builtins.int"\n'
        "m.py:5: note: unrelated\n"
    )
    kept = select(parse_report(output).messages, all_errors=False)
    assert [m.line for m in kept] == [4]
