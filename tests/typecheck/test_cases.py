"""Every file in ``cases/`` gives exactly its inline ``# E:`` / ``# N:`` messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from .runner import CASES, Message, compare, expected, relevant

CASE_FILES = sorted(p.name for p in CASES.glob("*.py"))


@pytest.mark.parametrize("name", CASE_FILES)
def test_case(name: str, case_run: tuple[Path, list[Message]]) -> None:
    pkg, messages = case_run
    path = pkg / name
    problems = compare(expected(path), relevant(messages, path))
    assert not problems, "\n".join(problems)
