"""The plugin's metadata record round-trips through JSON, and its message texts are the ones
``neuraltypes check`` selects."""

from __future__ import annotations

import json

from mypy_plugin import messages
from mypy_plugin.metadata import ForwardPorts, MethodSources, NeuralTypesMetadata
from mypy_plugin.model.spec import make_spec
from neuraltypes.check import _output

B = make_spec([["batch", None, False]], "neuraltypes._elements.LengthsType")


def test_metadata_round_trips_through_json_keeping_port_order() -> None:
    meta = NeuralTypesMetadata(
        forward=ForwardPorts({"n": B}, [B, None], ("lengths", "")),
        override=("in",),
        legacy_in="?",
        legacy_out={"zeta": B, "alpha": None},
        sources={"forward": MethodSources(12, {"n": B})},
    )
    # mypy's cache writes JSON with sorted keys: the port order must survive that
    data = json.loads(json.dumps(meta.serialize(), sort_keys=True))
    back = NeuralTypesMetadata.deserialize(data)
    assert back == meta
    assert isinstance(back.legacy_out, dict)
    assert list(back.legacy_out) == ["zeta", "alpha"]


def test_empty_metadata_is_empty() -> None:
    assert NeuralTypesMetadata().is_empty
    assert not NeuralTypesMetadata(legacy_in="?").is_empty


def test_check_keeps_the_reveal_notes_the_plugin_writes() -> None:
    line = f'm.py:3: note: {messages.REVEAL_PREFIX} is "x" from y  [neural-type]'
    report = _output.parse_report(line + "\n")
    assert _output.select(report.messages, all_errors=False) == report.messages
    assert messages.REVEAL_PREFIX in _output._STANDALONE_NOTES


def test_check_selects_the_code_the_plugin_reports() -> None:
    assert messages.NEURAL_TYPE.code == _output.NEURAL_TYPE_CODE
    text = messages.mismatch_text("x", "E.forward", "A", "B", "src", "why")
    report = _output.parse_report(f"m.py:3: error: {text}  [{messages.NEURAL_TYPE.code}]\n")
    assert [m.code for m in _output.select(report.messages, all_errors=False)] == ["neural-type"]
