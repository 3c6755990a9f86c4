"""``--graph``: the typed module graph as SVG, Graphviz and Mermaid, mismatched edges in red."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from neuraltypes._cli import main

pytestmark = pytest.mark.usefixtures("at_repo")

MODEL = "examples.config_pipeline.model:build"
BROKEN = "examples/config_pipeline/broken.yaml:mel_into_decoder"
GOOD = "examples/config_pipeline/good.yaml:model"


def graph(tmp_path: Path, config: str, suffix: str) -> str:
    out = tmp_path / f"graph{suffix}"
    main(["dry-run", "--model", MODEL, "--config", config, "--graph", str(out)])
    return out.read_text()


def test_svg_is_valid_and_marks_the_mismatched_edge_red(tmp_path: Path) -> None:
    svg = graph(tmp_path, BROKEN, ".svg")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "model.decoder · ConvDecoder" in texts
    assert "in  encoder_output: (B, D, T) AcousticEncodedRepresentation" in texts
    red = [t for t in root.iter(f"{ns}text") if t.get("fill") == "#d00"]
    assert ["".join(t.itertext()) for t in red] == [
        "processed_signal → encoder_output: (B, D, T) MelSpectrogramType [3, 64, 1001]"
    ]
    edges = [p for p in root.iter(f"{ns}path") if p.get("stroke")]
    assert sum(p.get("stroke") == "#d00" for p in edges) == 1
    assert len(edges) == 5  # model in -> preprocessor -> encoder, decoder -> model out


def test_container_is_drawn_as_inputs_and_outputs(tmp_path: Path) -> None:
    svg = graph(tmp_path, GOOD, ".svg")
    assert "model (inputs) · ConfigCTCModel" in svg and "model (outputs) · ConfigCTCModel" in svg
    assert 'stroke="#d00"' not in svg.split("</defs>")[1]


def test_dot_and_mermaid_text(tmp_path: Path) -> None:
    dot = graph(tmp_path, BROKEN, ".dot")
    assert dot.startswith("digraph dry_run {") and dot.rstrip().endswith("}")
    bad = [line for line in dot.splitlines() if "->" in line and "#d00000" in line]
    assert len(bad) == 1 and "MelSpectrogramType" in bad[0]
    mmd = graph(tmp_path, BROKEN, ".mmd")
    assert mmd.startswith("flowchart TD\n")
    assert "linkStyle" in mmd and "MelSpectrogramType" in mmd


def test_unknown_graph_suffix_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dry-run", "--model", MODEL, "--config", GOOD, "--graph", "g.png"]) == 2
    assert "must end in .svg, .dot or .mmd" in capsys.readouterr().err
