"""The examples folder is importable as ``examples.config_pipeline`` (run from the repo root)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))  # dr_modules


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from the repository root with it on ``sys.path``."""
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    yield REPO
    for name in [n for n in sys.modules if n.startswith("examples")]:
        del sys.modules[name]
