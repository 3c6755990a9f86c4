"""Resolve schedule names (dotted paths and globs) against ``model.named_modules()``."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from fnmatch import fnmatchcase

from ._schedule import FreezeEntry

__all__ = ["correct_pattern", "is_pattern", "match_path", "resolve_entries"]

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
    head = f"{kind} {name!r} matches no module of the model"
    if name.startswith("module."):
        return (
            f"{kind} {name!r} matches nothing; names are relative to the unwrapped model "
            f"(try {name[len('module.') :]!r})"
        )
    moved = _under_prefix(name, real) or _without_prefix(name, real)
    if moved:
        return f"{head}; {moved}"
    if is_pattern(name):
        fixed = correct_pattern(name, real)
        if fixed:
            hits = sum(1 for n in real if match_path(fixed, n))
            return f"{head}; did you mean {fixed!r} (matches {hits} module{'s' * (hits != 1)})?"
    close = difflib.get_close_matches(name, real, n=3, cutoff=0.5)
    if not close and not is_pattern(name):
        last = name.rsplit(".", 1)[-1]
        close = [n for n in real if n.rsplit(".", 1)[-1] == last][:3]
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return head + suggestion


_ROOT_HINT = (
    "names are relative to the bound module: the LightningModule in FreezeScheduleCallback, "
    "what --model returns in freeze-plan"
)


def _under_prefix(name: str, real: Sequence[str]) -> str:
    """``encoder`` given, ``model.encoder`` exists: the schedule is bound one level too high."""
    for prefix in dict.fromkeys(n.split(".", 1)[0] for n in real):
        full = f"{prefix}.{name}"
        if any(match_path(full, n) for n in real):
            return (
                f"the model has it under {prefix!r}: write {full!r} (or, if every entry "
                f"lives under {prefix!r}, bind there: FreezeScheduleCallback(..., "
                f"root={prefix!r}), freeze-plan --root {prefix}); {_ROOT_HINT}"
            )
    return ""


def _without_prefix(name: str, real: Sequence[str]) -> str:
    """``model.encoder`` given, ``encoder`` exists: the schedule is bound one level too low."""
    prefix, _, rest = name.partition(".")
    if rest and prefix not in real and any(match_path(rest, n) for n in real):
        return f"write {rest!r} without the {prefix + '.'!r} prefix; {_ROOT_HINT}"
    return ""


def correct_pattern(pattern: str, names: Sequence[str]) -> str | None:
    """A pattern with each literal segment that matches nothing replaced by the closest
    real one at that depth; ``None`` when there is none.

    >>> correct_pattern("encoder.layer.*", ["encoder", "encoder.layers", "encoder.layers.0"])
    'encoder.layers.*'
    """
    paths = {tuple(n.split(".")) for n in names if n}
    prefixes: list[tuple[str, ...]] = [()]
    out = []
    for seg in pattern.split("."):
        if seg == "**":
            return None
        children = sorted(
            {
                p[len(pre)]
                for p in paths
                for pre in prefixes
                if len(p) > len(pre) and p[: len(pre)] == pre
            }
        )
        matched = [c for c in children if fnmatchcase(c, seg)]
        if not matched:
            close = (
                [] if is_pattern(seg) else difflib.get_close_matches(seg, children, n=1, cutoff=0.6)
            )
            if not close:
                return None
            seg, matched = close[0], close
        out.append(seg)
        prefixes = [(*pre, c) for pre in prefixes for c in matched if (*pre, c) in paths]
    fixed = ".".join(out)
    return fixed if fixed != pattern and any(match_path(fixed, n) for n in names if n) else None
