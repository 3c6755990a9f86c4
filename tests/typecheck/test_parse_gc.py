"""The plugin's parse and mypy's garbage-collector settings.

A plain mypy run un-freezes everything after loading its cache, and the plugin's parse moves
its new tree out of the young generations the same way (``freeze`` then ``unfreeze``). A
worker of mypy's parallel mode (``-n``) instead keeps everything it loaded frozen and runs a
full collection before each import cycle: un-freezing there made every collection scan the
whole build again (200 generated files: 71 s with ``-n 2``, 5 s without it).
"""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from mypy_plugin.source import sources


@pytest.fixture
def frozen() -> Iterator[list[object]]:
    """Some objects in the permanent generation, as a parallel worker keeps its build."""
    kept = [[n] for n in range(1000)]
    gc.freeze()
    try:
        yield kept
    finally:
        gc.unfreeze()


def _parse_new_file(tmp_path: Path) -> None:
    """Parse a file whose text was never parsed in this process (trees are kept by hash)."""
    path = tmp_path / "m.py"
    path.write_text(f"class A:\n    x = {str(tmp_path)!r}\n")
    assert sources.parse_file(str(path)) is not None


def test_a_parse_in_a_parallel_worker_leaves_its_frozen_objects_frozen(
    tmp_path: Path, frozen: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mypy.build_worker", types.ModuleType("mypy.build_worker"))
    before = gc.get_freeze_count()
    _parse_new_file(tmp_path)
    assert gc.get_freeze_count() >= before > 0
    assert gc.isenabled()


def test_a_parse_in_a_plain_run_moves_its_tree_to_the_oldest_generation(
    tmp_path: Path, frozen: list[object]
) -> None:
    assert "mypy.build_worker" not in sys.modules
    _parse_new_file(tmp_path)
    assert gc.get_freeze_count() == 0  # mypy's own trick: freeze, then unfreeze at once
    assert gc.isenabled()
