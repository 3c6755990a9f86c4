"""A new user's hybrid CTC/attention model (``hybrid/``): correct wiring gives no error, and
11 of its 12 planted interface bugs (``hybrid/bugs.py``) are reported exactly.

The bugs need the reach of issue 14: calls through ``nn.ModuleList``/``nn.ModuleDict``,
helper returns, reductions, untyped (``input_types``) parameters and their aliases,
ternaries. The one ``# MISSED:`` (a value rebound inside a loop) stays out of reach.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .runner import compare, expected, relevant, run_mypy, write_ini

PROJECT = Path(__file__).resolve().parent / "hybrid"


def test_hybrid_project(tmp_path: Path, mypy_cache: Path) -> None:
    write_ini(tmp_path)
    pkg = tmp_path / "hybrid"
    shutil.copytree(PROJECT, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    messages = run_mypy(tmp_path, [str(pkg)], mypy_cache)
    neural = [m for m in messages if m.code == "neural-type"]
    assert {Path(m.path).name for m in neural} == {"bugs.py"}, neural
    bugs = pkg / "bugs.py"
    problems = compare(expected(bugs), relevant(neural, bugs))
    assert not problems, "\n".join(problems)
    lines = bugs.read_text().splitlines()
    found = {i for i, line in enumerate(lines, 1) if "# E:" in line}
    assert len(found) == 11 and sum("# MISSED:" in line for line in lines) == 1
