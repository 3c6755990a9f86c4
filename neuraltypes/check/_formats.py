"""Render the selected messages for CI: ``text`` (mypy's lines), ``json``, ``sarif``, ``github``.

>>> from ._output import parse_report
>>> report = parse_report('m.py:3:9: error: Bad 50%  [neural-type]\\nm.py:3:9: note: Hint\\n')
>>> record = json.loads(render_json(report.messages))
>>> record["line"], record["column"], record["code"], record["message"], record["notes"]
(3, 9, 'neural-type', 'Bad 50%', ['Hint'])
>>> print(render_github(report.messages))
::error file=m.py,line=3,col=9,title=neuraltypes [neural-type]::Bad 50%25%0AHint
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from ._output import NEURAL_TYPE_CODE, Message, render

__all__ = ["FORMATS", "render_format", "render_github", "render_json", "render_sarif"]

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFO_URI = "https://pypi.org/project/neuraltypes/"
_RULES = {
    NEURAL_TYPE_CODE: (
        "NeuralTypeMismatch",
        "A tensor flows into a module's forward with the wrong neural type",
        "The value's axes or element type (from the producing module's annotated output, a "
        "parameter's annotation or a modelled tensor operation) do not match the neural type "
        "the receiving forward declares for this argument.",
    ),
}


def render_format(messages: list[Message], fmt: str) -> str:
    """``messages`` in format ``fmt`` (one of ``FORMATS``); ``""`` when there is nothing."""
    if fmt == "json":
        return render_json(messages)
    if fmt == "sarif":
        return render_sarif(messages)
    if fmt == "github":
        return render_github(messages)
    return render(messages)


def _record(message: Message) -> dict[str, Any]:
    return {
        "path": message.path,
        "line": message.line,
        "column": message.column,
        "severity": message.severity,
        "code": message.code,
        "message": message.message,
        "notes": message.notes,
    }


def render_json(messages: list[Message]) -> str:
    """One JSON object per line and message: path, line, column, severity, code, message, notes."""
    return "\n".join(json.dumps(_record(m), ensure_ascii=False) for m in messages)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(messages: list[Message]) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=...::text``.

    Notes follow the message on new lines; ``%``, CR and LF are escaped in the text, and
    also ``:`` and ``,`` in the properties, as GitHub's toolkit does.
    """
    lines = []
    for message in messages:
        level = {"error": "error", "warning": "warning"}.get(message.severity, "notice")
        props = {"file": message.path}
        if message.line is not None:
            props["line"] = str(message.line)
        if message.column is not None:
            props["col"] = str(message.column)
        props["title"] = f"neuraltypes [{message.code or message.severity}]"
        head = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
        body = "\n".join([message.message, *message.notes])
        lines.append(f"::{level} {head}::{_escape_data(body)}")
    return "\n".join(lines)


def _tool_version() -> str:
    try:
        return version("neuraltypes")
    except PackageNotFoundError:  # a checkout on PYTHONPATH
        return "0+unknown"


def _rule(code: str) -> dict[str, Any]:
    name, short, full = _RULES.get(code, (code, f"mypy error [{code}]", f"mypy [{code}]"))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": "error"},
        "helpUri": _INFO_URI,
    }


def render_sarif(messages: list[Message]) -> str:
    """A SARIF 2.1.0 log (one run) that GitHub code scanning accepts.

    Paths stay as mypy printed them (relative to the directory ``check`` ran in: run it from
    the repository root); the notes are appended to each result's message.
    """
    codes = sorted({m.code or "mypy" for m in messages})
    results = []
    for message in messages:
        code = message.code or "mypy"
        region: dict[str, int] = {"startLine": max(message.line or 1, 1)}
        if message.column is not None:
            region["startColumn"] = max(message.column, 1)
        text = "\n".join([message.message, *message.notes])
        results.append(
            {
                "ruleId": code,
                "ruleIndex": codes.index(code),
                "level": {"error": "error", "warning": "warning"}.get(message.severity, "note"),
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": quote(PurePath(message.path).as_posix()),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": region,
                        }
                    }
                ],
            }
        )
    driver = {
        "name": "neuraltypes",
        "version": _tool_version(),
        "informationUri": _INFO_URI,
        "rules": [_rule(code) for code in codes],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
