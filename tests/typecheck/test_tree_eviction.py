"""The plugin keeps a bounded number of parsed files: a run that evicts a tree at every new
parse reports exactly what a run that keeps them all reports.

The rules parse an evicted file again on demand (semantic analysis and type checking of one
module can be far apart when mypy processes a large import cycle), and the caches derived
from a tree (statement index, definitions, assignment facts) go with it. Keeping every tree
took a 2,000-file run from 0.54 GB (plain mypy) to 1.08 GB; at most 512 trees, 0.74 GB.
"""

from __future__ import annotations

import ast
import gc
import shutil
import weakref
from pathlib import Path

import pytest

from mypy_plugin.hooks import assign_facts
from mypy_plugin.source import sources
from mypy_plugin.source.walk import nodes, select

from .runner import Message, run_mypy, write_ini

CORPUS = Path(__file__).resolve().parent / "realworld"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _project(root: Path) -> Path:
    write_ini(root, "[mypy.plugins.neuraltypes]\ntype_any_base_outputs = True\n")
    shutil.copytree(CORPUS, root / "realworld", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("asr_pipeline", "broken_pipeline"):
        shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _relative(messages: list[Message], root: Path) -> list[tuple[str, int, str]]:
    """Messages with paths relative to the project (others, in stubs, as they are)."""
    found = []
    for m in messages:
        path = Path(m.path).resolve()
        where = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        found.append((where, m.line, m.text))
    return sorted(found)


def test_evicting_every_tree_changes_no_report(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> None:
    targets = ["realworld", "asr_pipeline", "broken_pipeline"]
    runs = []
    for name, prelude in (
        ("keep", ""),
        ("evict", "import mypy_plugin.source.sources as s\ns.KEEP_TREES = 1"),
    ):
        root = _project(tmp_path_factory.mktemp(name))
        cache = root / "cache"  # the session's libraries, none of this project (a cold run)
        shutil.copytree(mypy_cache, cache, dirs_exist_ok=True)
        runs.append(_relative(run_mypy(root, targets, cache, prelude=prelude), root.resolve()))
    kept, evicted = runs
    assert sum("Neural type mismatch" in text for _, _, text in kept) >= 5  # the planted bugs
    assert evicted == kept


def test_an_evicted_tree_is_parsed_again_and_its_facts_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "KEEP_TREES", 1)
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("class A:\n    def f(self, x):\n        y = x\n        return y\n")
    second.write_text("class B:\n    pass\n")
    key = sources.digest(str(first))
    assert key is not None
    assert sources.class_at(str(first), 1) is not None
    assign_facts._FACTS[key] = {2: assign_facts._Facts()}
    assert sources.class_at(str(second), 1) is not None  # evicts a.py's tree
    assert key not in assign_facts._FACTS
    again = sources.function_at(str(first), 2)  # parsed again, same answer
    assert again is not None and again.name == "f"
    assert sources.digest(str(first)) == key


def test_a_walked_tree_is_freed_without_a_full_collection(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("def f(a):\n    for b in a:\n        g(b)\n    return a\n")
    func = sources.function_at(str(path), 1)
    assert func is not None
    nodes(func)
    select(func.body[0], frozenset({ast.Call}))
    gone = weakref.ref(func)
    key = sources.digest(str(path))
    assert key is not None
    gc.disable()  # only reference counting may free it
    try:
        del func
        sources._TREES.pop(key)
        sources._INDEX.pop(key, None)
        assert gone() is None
    finally:
        gc.enable()
