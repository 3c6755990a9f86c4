"""Counting a process's CPU instructions with callgrind: exact where timings are noisy.

``count(cmd, cwd, env)`` runs ``cmd`` under ``valgrind --tool=callgrind`` and returns the
instructions it retired, with its stdout. About 40 times slower than the plain run; one
count is enough (the same run gives the same count to a few parts in ten thousand).

    >>> import sys
    >>> total, out = count([sys.executable, "-c", "print(1)"], ".", {})  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["count", "require_valgrind"]


def require_valgrind() -> None:
    """Exit with a clear message when valgrind is not installed."""
    if shutil.which("valgrind") is None:
        sys.exit("error: --instructions needs valgrind (Debian: apt-get install valgrind)")


def count(
    cmd: list[str], cwd: Path | str, env: dict[str, str], ok: tuple[int, ...] = (0, 1)
) -> tuple[int, str]:
    """Instructions ``cmd`` retired (its whole process), and its stdout; exits if its status
    is not in ``ok`` (mypy: 0 clean, 1 errors found)."""
    with tempfile.TemporaryDirectory(prefix="nt-callgrind-") as out:
        head = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.out"]
        proc = subprocess.run([*head, *cmd], cwd=cwd, env=env, capture_output=True, text=True)
        if proc.returncode not in ok:
            sys.exit(f"error: {cmd[:3]} failed under valgrind:\n{proc.stderr[-2000:]}")
        totals = [
            line
            for line in Path(out, "cg.out").read_text().splitlines()
            if line.startswith("totals:")
        ]
    return int(totals[0].split()[1]), proc.stdout
