"""What other modules may read from a file's source, as a digest (no ``ast``: a warm run
reports it for every module without importing the parser)."""

from __future__ import annotations

import hashlib
import os

__all__ = ["exports_digest"]

_EXPORTS: dict[str, tuple[tuple[int, int, int], str]] = {}
_THIRD_PARTY = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


def exports_digest(path: str) -> str | None:
    """A digest of what other modules may read from ``path``'s source: every line outside
    function bodies (aliases, ``NamedTuple`` fields, imports), comments and blank lines left
    out. mypy drops ``Annotated`` metadata, so an edited alias leaves a module's interface
    unchanged; reporting this digest with the plugin data makes the edit re-check importers.
    ``None`` for installed packages (``site-packages``) and unreadable files.

    >>> import tempfile, os
    >>> def digest_of(text):
    ...     with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    ...         _ = f.write(text)
    ...     try:
    ...         return exports_digest(f.name)
    ...     finally:
    ...         os.unlink(f.name)
    >>> base = digest_of("X = 1\\ndef f():\\n    return 1\\n")
    >>> base == digest_of("X = 1  \\n# note\\ndef f():\\n    return 2\\n")
    True
    >>> base == digest_of("X = 2\\ndef f():\\n    return 1\\n")
    False
    """
    if any(part in path for part in _THIRD_PARTY):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    known = _EXPORTS.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    try:
        with open(path, "rb") as handle:
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    kept: list[str] = []
    body_of: int | None = None  # indentation of the ``def`` whose body is being skipped
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if body_of is not None:
            if indent > body_of:
                continue
            body_of = None
        if text.startswith(("def ", "async def ")):
            body_of = indent
        kept.append(line.rstrip())
    value = hashlib.blake2b("\n".join(kept).encode(), digest_size=12).hexdigest()
    _EXPORTS[path] = (stamp, value)
    return value
