"""The error raised for a bad freeze schedule, or one that does not fit its model."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["FreezeConfigError"]


class FreezeConfigError(ValueError):
    """A ``freeze_updates`` config is malformed, or does not fit the model it is bound to.

    All problems found are listed at once, each naming its entry, followed by a ``HINT:``.

    >>> raise FreezeConfigError.from_problems(["modules.joint: [100, 10] has start > end"], "...")
    Traceback (most recent call last):
    ...
    neuraltypes.FreezeConfigError: freeze_updates: 1 problem
      - modules.joint: [100, 10] has start > end
    HINT: ...
    """

    problems: tuple[str, ...]

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) if problems else (message,)

    @classmethod
    def from_problems(cls, problems: Sequence[str], hint: str) -> FreezeConfigError:
        """Build one error listing every problem, then the hint."""
        n = len(problems)
        lines = [f"freeze_updates: {n} problem{'s' if n != 1 else ''}"]
        lines += [f"  - {p}" for p in problems]
        if hint:
            lines.append(f"HINT: {hint}")
        return cls("\n".join(lines), problems)


FreezeConfigError.__module__ = "neuraltypes"
