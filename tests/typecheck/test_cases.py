"""Every named case in ``cases/`` gives exactly its inline ``# E:`` / ``# N:`` messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from .runner import Message, case_ids, case_module, compare, expected, relevant, split_cases


@pytest.mark.parametrize("case", case_ids())
def test_case(case: str, case_run: tuple[Path, list[Message]]) -> None:
    pkg, messages = case_run
    path = pkg / f"{case_module(case)}.py"
    problems = compare(expected(path), relevant(messages, path))
    assert not problems, "\n".join(problems)


def test_a_file_splits_into_named_cases_with_their_own_lines() -> None:
    text = "import x\n\n# case: first\na = 1  # E: one\n# case: second\nb = 2\n"
    cases = split_cases(text)
    assert list(cases) == ["first", "second"]
    assert cases["first"].splitlines()[3] == "a = 1  # E: one"
    assert cases["second"].splitlines()[5] == "b = 2"
    assert "a = 1" not in cases["second"]
    assert split_cases("a = 1\n") == {"all": "a = 1\n"}
    method = split_cases("class M:\n    x = 1\n    # case: m\n    def f(self): ...\n")["m"]
    assert method == "class M:\n    x = 1\n\n    def f(self): ...\n"
    with pytest.raises(ValueError, match="defined twice"):
        split_cases("# case: a\n# case: a\n")
