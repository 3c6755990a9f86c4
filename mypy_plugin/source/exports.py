"""What other modules may read from a file's source, as a digest (no ``ast``: a warm run
reports it for every module without importing the parser).

Digests are kept across runs in ``<cache dir>/neuraltypes-exports.jsonl``, keyed by the
file's ``(mtime_ns, size, inode)``: the signal mypy's own cache trusts, so a warm run
stats files instead of reading them and adds no staleness mypy does not already have.
"""

from __future__ import annotations

import hashlib
import json
import os

__all__ = ["exports_digest"]

STORE_NAME = "neuraltypes-exports.jsonl"
_EXPORTS: dict[str, tuple[tuple[int, int, int], str]] = {}
_STORES: dict[str, str | None] = {}  # cache dir -> store file (None: not writable)
_THIRD_PARTY = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


def exports_digest(path: str, cache_dir: str | None = None) -> str | None:
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
    if _THIRD_PARTY[0] in path or _THIRD_PARTY[1] in path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    store = _store(cache_dir) if cache_dir else None
    known = _EXPORTS.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    value = _compute(path)
    if value is not None:
        _EXPORTS[path] = (stamp, value)
        if store is not None:
            _append(store, path, stamp, value)
    return value


def _store(cache_dir: str) -> str | None:
    """The store file of ``cache_dir``, its entries loaded into ``_EXPORTS`` (once)."""
    if cache_dir in _STORES:
        return _STORES[cache_dir]
    try:
        if cache_dir == os.devnull:
            raise OSError(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)  # as mypy does before writing its cache
    except OSError:
        _STORES[cache_dir] = None
        return None
    store = os.path.join(cache_dir, STORE_NAME)
    _STORES[cache_dir] = store
    try:
        with open(store, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return store
    entries: dict[str, tuple[tuple[int, int, int], str]] = {}
    for line in lines:
        try:
            path, mtime, size, inode, value = json.loads(line)
            entries[path] = ((int(mtime), int(size), int(inode)), str(value))
        except (ValueError, TypeError):
            continue  # a torn line (concurrent writers): recomputed when needed
    for path, entry in entries.items():
        _EXPORTS.setdefault(path, entry)
    if len(lines) > 2 * len(entries) + 1000:  # compact: keep the newest entry per file
        temp = f"{store}.{os.getpid()}.tmp"
        try:
            with open(temp, "w", encoding="utf-8") as handle:
                for path, (stamp, value) in entries.items():
                    handle.write(json.dumps([path, *stamp, value]) + "\n")
            os.replace(temp, store)
        except OSError:
            pass
    return store


#: The store being appended to and its descriptor (one at a time: tests and the daemon may
#: use many cache directories in one process). Each entry is one ``O_APPEND`` write of a whole
#: line, so concurrent writers (``mypy -n``) never interleave within a line.
_OPEN: list[tuple[str, int]] = []


def _append(store: str, path: str, stamp: tuple[int, int, int], value: str) -> None:
    line = (json.dumps([path, *stamp, value]) + "\n").encode()
    try:
        if not _OPEN or _OPEN[0][0] != store:
            while _OPEN:
                os.close(_OPEN.pop()[1])
            _OPEN.append((store, os.open(store, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)))
        os.write(_OPEN[0][1], line)
    except OSError:
        pass


def _compute(path: str) -> str | None:
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
    return hashlib.blake2b("\n".join(kept).encode(), digest_size=12).hexdigest()
