"""The ``neuraltypes`` command: ``check``, ``migrate`` and ``freeze-plan`` subcommands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

__all__ = ["main"]

# subcommand -> (module, function, one-line help); modules are imported only when used.
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("neuraltypes.check._command", "main", "run mypy with the neural-type plugin"),
    "migrate": (
        "neuraltypes.codemods.cli",
        "main",
        "move NeMo input_types/output_types into annotated forward signatures",
    ),
    "freeze-plan": (
        "neuraltypes.freeze._plan",
        "main",
        "validate a freeze_updates config against a model and print its timeline",
    ),
    "dry-run": ("neuraltypes.dryrun._cli", "main", "run a model from its config on meta, check it"),
}


def _usage() -> str:
    lines = ["usage: neuraltypes [--version] COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<12} {help_}" for name, (_, _, help_) in _COMMANDS.items()]
    lines.append("\nRun 'neuraltypes COMMAND --help' for a command's options.")
    return "\n".join(lines)


def _version() -> str:
    """``neuraltypes X (mypy Y)``: the versions a bug report needs (mypy is not imported)."""
    found = []
    for dist in ("neuraltypes", "mypy", "torch"):
        try:
            found.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            if dist == "neuraltypes":
                found.append("neuraltypes (source checkout)")
    return f"{found[0]} ({', '.join(found[1:])})" if len(found) > 1 else found[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a subcommand and return its exit status.

    >>> main(["--help"])  # doctest: +ELLIPSIS
    usage: neuraltypes [--version] COMMAND [ARGS...]
    ...
    0
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    if args[0] in ("-V", "--version"):
        print(_version())
        return 0
    name, rest = args[0], args[1:]
    if name not in _COMMANDS:
        print(f"neuraltypes: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = _COMMANDS[name]
    try:
        module = import_module(module_name)
    except ImportError as exc:
        extra = {"check": "check", "migrate": "migrate"}.get(name, "freeze")
        print(
            f"neuraltypes {name}: missing dependency ({exc}). "
            f"HINT: pip install 'neuraltypes[{extra}]'",
            file=sys.stderr,
        )
        return 2
    func: Callable[[list[str]], int] = getattr(module, func_name)
    try:
        return func(rest)
    except BrokenPipeError:  # `neuraltypes check ... | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
