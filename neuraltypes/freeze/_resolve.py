"""Resolve schedule names (dotted paths and globs) against ``model.named_modules()``."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from fnmatch import fnmatchcase

from ._schedule import FreezeEntry

__all__ = ["is_pattern", "match_path", "resolve_entries"]

_GLOB_CHARS = frozenset("*?[")


def is_pattern(name: str) -> bool:
    """Whether ``name`` is a glob pattern rather than a plain dotted path."""
    return any(c in _GLOB_CHARS for c in name)


def match_path(pattern: str, path: str) -> bool:
    """Match a dotted ``path`` segment by segment: ``*`` is one segment, ``**`` any number.

    >>> match_path("encoder.layers.*", "encoder.layers.3"), match_path("encoder.*", "encoder.a.b")
    (True, False)
    >>> match_path("**.norm", "encoder.layers.3.norm")
    True
    """
    return _match(pattern.split("."), path.split(".") if path else [])


def _match(pat: Sequence[str], parts: Sequence[str]) -> bool:
    if not pat:
        return not parts
    if pat[0] == "**":
        return any(_match(pat[1:], parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], pat[0]) and _match(pat[1:], parts[1:])


def resolve_entries(
    entries: Sequence[FreezeEntry], names: Sequence[str]
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Return, per entry, the module names it covers (outermost only), and the problems.

    >>> resolve_entries([FreezeEntry("enc.*", 1, 2)], ["", "enc", "enc.0", "enc.0.a", "enc.1"])
    ([('enc.0', 'enc.1')], [])
    """
    known = set(names)
    resolved: list[tuple[str, ...]] = []
    problems: list[str] = []
    for entry in entries:
        if is_pattern(entry.name):
            hits = [n for n in names if n and match_path(entry.name, n)]
        else:
            hits = [entry.name] if entry.name in known and entry.name else []
        if not hits:
            problems.append(f"{entry.where}: {_no_match(entry.name, names)}")
        hit_set = set(hits)
        outer = tuple(n for n in hits if not any(a in hit_set for a in _ancestors(n)))
        resolved.append(outer)
    return resolved, problems


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _no_match(name: str, names: Sequence[str]) -> str:
    kind = "pattern" if is_pattern(name) else "module"
    real = [n for n in names if n]
    close = difflib.get_close_matches(name, real, n=3, cutoff=0.5)
    if not close and not is_pattern(name):
        last = name.rsplit(".", 1)[-1]
        close = [n for n in real if n.rsplit(".", 1)[-1] == last][:3]
    if name.startswith("module."):
        return (
            f"{kind} {name!r} matches nothing; names are relative to the unwrapped model "
            f"(try {name[len('module.') :]!r})"
        )
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"{kind} {name!r} matches no module of the model{suggestion}"
