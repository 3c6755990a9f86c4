"""The line length a migrated file should keep: its project's ruff or black setting.

Looked up from the file's folder upwards: the first ``ruff.toml``/``.ruff.toml``
(``line-length``) or ``pyproject.toml`` (``[tool.ruff] line-length``, else ``[tool.black]``,
else ``[tool.isort] line_length``: NeMo sets only isort's, "should match black") decides; a
``pyproject.toml`` without any ends the search with the default of 100, as does an unreadable
one (it is not ours to judge).

>>> import os, tempfile
>>> root = tempfile.mkdtemp()
>>> with open(os.path.join(root, "pyproject.toml"), "w") as f:
...     _ = f.write("[tool.black]\\nline-length = 119\\n")
>>> project_line_length(os.path.join(root, "pkg", "m.py"))
119
"""

from __future__ import annotations

import functools
import os
import tomllib
from typing import Any

__all__ = ["DEFAULT_LINE_LENGTH", "project_line_length"]

DEFAULT_LINE_LENGTH = 100
_RUFF_FILES = ("ruff.toml", ".ruff.toml")


def project_line_length(path: str) -> int:
    """The line length configured for the project ``path`` belongs to (100 if none)."""
    return _for_folder(os.path.dirname(os.path.abspath(path)))


@functools.lru_cache(maxsize=1024)
def _for_folder(folder: str) -> int:
    for name in _RUFF_FILES:
        data = _read(os.path.join(folder, name))
        if data is not None:
            return _length(data.get("line-length")) or DEFAULT_LINE_LENGTH
    data = _read(os.path.join(folder, "pyproject.toml"))
    if data is not None:
        tool = data.get("tool")
        tool = tool if isinstance(tool, dict) else {}
        for section in ("ruff", "black", "isort"):
            table = tool.get(section)
            if isinstance(table, dict):
                found = _length(table.get("line-length", table.get("line_length")))
                if found:
                    return found
        return DEFAULT_LINE_LENGTH
    parent = os.path.dirname(folder)
    return DEFAULT_LINE_LENGTH if parent == folder else _for_folder(parent)


def _read(path: str) -> dict[str, Any] | None:
    """The TOML at ``path``; ``{}`` when it exists but cannot be read; ``None`` when absent."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _length(value: object) -> int | None:
    return value if type(value) is int and 40 <= value <= 400 else None
