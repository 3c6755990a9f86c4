"""Run mypy for ``neuraltypes check``: parseable output, no stdlib shadowing, a progress line.

>>> refused_options(["--cache-dir", "/tmp/c", "--pretty", "--output=json"])
['--pretty', '--output=json']
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["OUTPUT_FLAGS", "MypyRun", "mypy_command", "refused_options", "run_mypy"]

#: What keeps mypy's report parseable; passed after the merged config, so they win over it.
OUTPUT_FLAGS = (
    "--show-error-codes",
    "--show-column-numbers",
    "--no-pretty",
    "--hide-error-context",
    "--no-color-output",
    "--error-summary",
)
#: mypy options that change the report ``check`` parses (the prefix matches ``--opt=value``).
_REFUSED = (
    "--pretty",
    "--output",
    "-O",
    "--no-error-summary",
    "--show-error-context",
    "--hide-error-codes",
    "--color-output",
    "--version",
    "-V",
    "--help",
    "-h",
)


def refused_options(extra: Sequence[str]) -> list[str]:
    """The mypy arguments in ``extra`` that would change the output ``check`` reads."""
    found = []
    for arg in extra:
        name = arg.split("=", 1)[0]
        if name in _REFUSED or (name.startswith("-O") and not name.startswith("--")):
            found.append(arg)
    return found


def mypy_command(config: Path, extra: Sequence[str], paths: Sequence[str]) -> list[str]:
    """``python -P -m mypy ...``: ``-P`` keeps the project's own files (a ``random.py``) off
    ``sys.path``, so they cannot shadow the standard library mypy itself imports."""
    cmd = [sys.executable, "-P", "-m", "mypy", "--config-file", str(config), *OUTPUT_FLAGS]
    cmd += ["--check-untyped-defs", *extra]
    return cmd + (["--", *paths] if paths else [])


@dataclass(frozen=True)
class MypyRun:
    """What the mypy process printed, and how it ended."""

    stdout: str
    stderr: str
    status: int


def run_mypy(cmd: list[str], env: dict[str, str], progress: TextIO | None) -> MypyRun:
    """Run ``cmd``; while it runs, rewrite one status line on ``progress`` (a terminal)."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        errors="replace",
    )
    start = time.monotonic()
    try:
        while True:
            try:
                out, err = proc.communicate(timeout=0.25 if progress is not None else None)
                break
            except subprocess.TimeoutExpired:
                if progress is not None:
                    elapsed = time.monotonic() - start
                    progress.write(f"\rneuraltypes check: mypy is running ({elapsed:.0f} s)")
                    progress.flush()
    finally:
        if progress is not None:
            progress.write("\r\033[K")  # erase the status line
            progress.flush()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return MypyRun(out, err, proc.returncode)
