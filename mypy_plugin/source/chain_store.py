"""Configured classes' chains (``config_chain``), kept across runs (no ``ast`` on a warm run).

A chain is read from the configured class's file and its bases' files before mypy starts,
and it is part of every module's cache key: a warm run must know it. The chains are kept in
``<cache dir>/neuraltypes-chains.json`` with the ``(mtime_ns, size, inode)`` of every file
read to find them and the modules looked for and absent; a run reuses a chain only when all
of those are unchanged (the signal mypy's own cache trusts), so an edited base, a new
module or a moved class reads the chain again.

>>> find_module("no_such_module_anywhere", ["."]) is None
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["STORE_NAME", "ClassChain", "find_module", "model_chains"]

STORE_NAME: Final = "neuraltypes-chains.json"
#: Entries kept in a store (the newest): one per configured class and set of search roots.
_MAX_ENTRIES: Final = 256
_SUFFIXES: Final = (".py", f"{os.sep}__init__.py", ".pyi", f"{os.sep}__init__.pyi")
#: In-process copies of the store, per cache dir (``""``: no store).
_KNOWN: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class ClassChain:
    """A configured class and its bases read from source, in method resolution order.

    >>> chain = ClassChain(("p.m.Model", "p.b.Base"), ("p.m", "p.b"), {"enc": "encoder"})
    >>> ClassChain.from_data(chain.to_data()) == chain
    True
    """

    classes: tuple[str, ...]  # full names where each class is defined, the class first
    modules: tuple[str, ...]  # their modules, in the same order (repeats removed)
    config_attrs: dict[str, str] = field(default_factory=dict)  # attribute -> config node

    def to_data(self) -> dict[str, Any]:
        """A JSON form (the store, and the cache key of every module)."""
        return {
            "classes": list(self.classes),
            "modules": list(self.modules),
            "attrs": sorted(self.config_attrs.items()),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ClassChain:
        """The chain ``to_data`` wrote."""
        attrs = {str(a): str(n) for a, n in data["attrs"]}
        return cls(tuple(data["classes"]), tuple(data["modules"]), attrs)


def find_module(module: str, roots: Iterable[str]) -> str | None:
    """The source file of ``module`` under the first of ``roots`` that has it."""
    rel = module.replace(".", os.sep)
    for root in roots:
        base = os.path.join(root, rel)
        for suffix in _SUFFIXES:
            if os.path.isfile(base + suffix):
                return base + suffix
    return None


def model_chains(
    classes: Sequence[str],
    roots: Sequence[str],
    packages: frozenset[str],
    cache_dir: str | None = None,
) -> dict[str, ClassChain | None]:
    """The chain of each configured class (``None``: its source was not found)."""
    store = _load(cache_dir)
    result: dict[str, ClassChain | None] = {}
    changed = False
    for cls in classes:
        key = json.dumps([cls, list(roots), sorted(packages)])
        fresh, chain = _stored(store.get(key), roots)
        if not fresh:
            from .config_chain import class_chain  # the parser: only when a file changed

            chain, read = class_chain(cls, roots, packages)
            store.pop(key, None)
            store[key] = {  # newest last
                "chain": None if chain is None else chain.to_data(),
                "files": [[path, *_stamp(path)] for path in read.values() if path is not None],
                "absent": sorted(module for module, path in read.items() if path is None),
            }
            changed = True
        result[cls] = chain
    if changed and cache_dir:
        for stale in list(store)[: max(0, len(store) - _MAX_ENTRIES)]:
            del store[stale]
        _save(cache_dir, store)
    return result


def _stamp(path: str) -> list[int]:
    try:
        st = os.stat(path)
    except OSError:
        return [-1, -1, -1]
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _stored(entry: Any, roots: Sequence[str]) -> tuple[bool, ClassChain | None]:
    """``(True, chain)`` when ``entry`` holds a chain whose files are unchanged; ``(False,
    None)`` when it must be read again (absent, stale, or not what ``model_chains`` wrote)."""
    try:
        if any(_stamp(path) != [*stamp] for path, *stamp in entry["files"]):
            return False, None
        if any(find_module(module, roots) is not None for module in entry["absent"]):
            return False, None
        data = entry["chain"]
        return True, None if data is None else ClassChain.from_data(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False, None


def _load(cache_dir: str | None) -> dict[str, Any]:
    key = cache_dir if cache_dir and cache_dir != os.devnull else ""
    known = _KNOWN.get(key)
    if known is not None:
        return known
    data: dict[str, Any] = {}
    if key:
        try:
            with open(os.path.join(key, STORE_NAME), encoding="utf-8") as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                data = loaded
        except (OSError, ValueError):
            pass
    _KNOWN[key] = data
    return data


def _save(cache_dir: str, store: dict[str, Any]) -> None:
    if cache_dir == os.devnull:
        return
    path = os.path.join(cache_dir, STORE_NAME)
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(cache_dir, exist_ok=True)  # as mypy does before writing its cache
        with open(temp, "w", encoding="utf-8") as handle:
            json.dump(store, handle)
        os.replace(temp, path)  # whole or not at all: concurrent runs never see half a file
    except OSError:
        pass
