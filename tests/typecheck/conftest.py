"""Session fixtures: one shared mypy cache and one mypy run over all cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from .runner import Message, copy_cases, run_mypy, write_ini


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache dir for the session: torch is analysed once, then reused warm."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def case_run(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> tuple[Path, list[Message]]:
    """Check every case file in one mypy run; returns the package dir and all messages."""
    work = tmp_path_factory.mktemp("cases")
    write_ini(work)
    pkg = copy_cases(work)
    return pkg, run_mypy(work, [str(pkg)], mypy_cache)
