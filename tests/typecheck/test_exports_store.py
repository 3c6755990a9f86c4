"""Exports digests kept across runs: served by stat stamp, recomputed when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mypy_plugin.source import exports


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "_EXPORTS", {})
    monkeypatch.setattr(exports, "_STORES", {})


def test_a_later_run_reads_the_store_and_an_edit_recomputes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, cache = tmp_path / "m.py", tmp_path / ".cache"
    source.write_text("X = 1\n")
    _fresh_process(monkeypatch)
    first = exports.exports_digest(str(source), str(cache))
    assert first is not None and (cache / exports.STORE_NAME).is_file()

    _fresh_process(monkeypatch)  # a new run: the digest comes from the store, unread
    monkeypatch.setattr(exports, "_compute", lambda path: pytest.fail("recomputed"))
    assert exports.exports_digest(str(source), str(cache)) == first

    monkeypatch.undo()
    _fresh_process(monkeypatch)
    source.write_text("X = 22\n")  # another size and mtime: the stamp no longer matches
    assert exports.exports_digest(str(source), str(cache)) not in (None, first)


def test_a_torn_line_is_ignored_and_no_cache_dir_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, cache = tmp_path / "m.py", tmp_path / ".cache"
    source.write_text("X = 1\n")
    cache.mkdir()
    (cache / exports.STORE_NAME).write_text('["half\n')
    _fresh_process(monkeypatch)
    assert exports.exports_digest(str(source), str(cache)) is not None
    _fresh_process(monkeypatch)
    assert exports.exports_digest(str(source), os.devnull) == exports.exports_digest(str(source))
