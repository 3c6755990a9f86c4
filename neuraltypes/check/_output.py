"""Parse mypy's report into errors with their notes, and keep the neural-type ones.

>>> report = parse_report(
...     "m.py:3: error: Bad  [neural-type]\\n"
...     "m.py:3: note: Expected (B, D, T)\\n"
...     "m.py:5: error: Other  [arg-type]\\n"
...     "Found 2 errors in 1 file (checked 4 source files)\\n"
... )
>>> [m.code for m in report.messages], report.checked_files
(['neural-type', 'arg-type'], 4)
>>> print(render(select(report.messages, all_errors=False)))
m.py:3: error: Bad  [neural-type]
m.py:3: note: Expected (B, D, T)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["NEURAL_TYPE_CODE", "Message", "Report", "parse_report", "render", "select"]

NEURAL_TYPE_CODE = "neural-type"

_LINE = re.compile(
    r"^(?P<path>.+?):(?:(?P<line>\d+)(?::(?P<column>\d+))?(?::\d+)*:)?"
    r" (?P<severity>error|note|warning): (?P<text>.*)$"
)
_CODE = re.compile(r"\s\s\[(?P<code>[a-z0-9-]+)\]$")
_CHECKED = re.compile(r"(?:checked|found in) (?P<n>\d+) source files?")
_SUMMARY = re.compile(r"^(Success: no issues found|Found \d+ errors? in \d+ files?)")
# Notes that stand alone (not attached to an error) but answer the user's own request.
_STANDALONE_NOTES = (
    "Revealed type is",
    "Revealed local types are",
    "Revealed neural type",
    "Model config:",  # a model config the plugin cannot follow (an unchecked attribute)
)


@dataclass
class Message:
    """One mypy error (or standalone note) with the lines that belong to it."""

    path: str
    line: int | None
    severity: str
    code: str | None
    lines: list[str] = field(default_factory=list)
    column: int | None = None

    @property
    def text(self) -> str:
        """The first line, as mypy printed it."""
        return self.lines[0]

    @property
    def message(self) -> str:
        """The first line's text, without location, severity or ``  [code]``."""
        parsed = _LINE.match(self.lines[0])
        text = parsed["text"] if parsed else self.lines[0]
        return text[: -len(f"  [{self.code}]")] if self.code else text

    @property
    def notes(self) -> list[str]:
        """The texts of the notes mypy attached to this error."""
        return [m["text"] for m in map(_LINE.match, self.lines[1:]) if m is not None]


@dataclass
class Report:
    """mypy's stdout split into messages; ``checked_files`` comes from its summary line."""

    messages: list[Message]
    checked_files: int | None
    other: list[str]
    #: mypy printed its summary line (``Success: ...``/``Found ...``): it ran to the end.
    complete: bool = False


def parse_report(stdout: str) -> Report:
    """Group mypy's output lines: an error owns the notes on its own file and line after it."""
    messages: list[Message] = []
    other: list[str] = []
    checked: int | None = None
    complete = False
    current: Message | None = None
    for raw in stdout.splitlines():
        if _SUMMARY.match(raw):
            match = _CHECKED.search(raw)
            checked = int(match["n"]) if match else checked
            complete = True
            current = None
            continue
        parsed = _LINE.match(raw)
        if parsed is None:
            if current is not None:
                current.lines.append(raw)  # e.g. --pretty source excerpts
            elif raw.strip():
                other.append(raw)
            continue
        line = int(parsed["line"]) if parsed["line"] else None
        severity = parsed["severity"]
        if (
            severity == "note"
            and current is not None
            and current.severity == "error"
            and (current.path, current.line) == (parsed["path"], line)
        ):
            current.lines.append(raw)
            continue
        code_match = _CODE.search(parsed["text"])
        current = Message(
            path=parsed["path"],
            line=line,
            severity=severity,
            code=code_match["code"] if code_match else None,
            lines=[raw],
            column=int(parsed["column"]) if parsed["column"] else None,
        )
        messages.append(current)
    return Report(messages, checked, other, complete)


def select(messages: list[Message], *, all_errors: bool) -> list[Message]:
    """Everything when ``all_errors``, else neural-type errors and notes the user asked for."""
    if all_errors:
        return list(messages)
    return [
        m
        for m in messages
        if (m.severity == "error" and m.code == NEURAL_TYPE_CODE)
        or (m.severity == "note" and _is_requested_note(m))
    ]


def render(messages: list[Message]) -> str:
    """The selected messages, one line each plus their notes, as mypy prints them without
    ``--show-column-numbers`` (``neuraltypes check`` asks for columns for the other formats).

    >>> print(render(parse_report("m.py:3:9: error: Bad  [neural-type]\\n").messages))
    m.py:3: error: Bad  [neural-type]
    """
    return "\n".join(_without_column(line) for m in messages for line in m.lines)


def _without_column(raw: str) -> str:
    parsed = _LINE.match(raw)
    if parsed is None or parsed["line"] is None:
        return raw
    return f"{parsed['path']}:{parsed['line']}: {parsed['severity']}: {parsed['text']}"


def _is_requested_note(message: Message) -> bool:
    text = _LINE.match(message.text)
    return text is not None and text["text"].startswith(_STANDALONE_NOTES)
