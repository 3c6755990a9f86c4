"""The plugin reads a file's source only where something neural can be declared or flow.

Plain ``nn.Module`` code (most of a real code base: NeMo's attention layers, decoders'
search loops, data utilities) is never parsed: no class there can declare a port, and no
value there can carry a neural type. Everything that *can* still is: ports written through
an alias or a ``NamedTuple`` from another module, a ``ModuleList`` imported under another
name, and a re-assigned variable whose last value came from a module call. Each test checks
both what is reported and which files were read.
"""

from __future__ import annotations

from pathlib import Path

from .runner import Message, run_mypy, write_ini

#: Records every file the plugin parses (``sources._parse``), one path per line.
SPY = """\
from mypy_plugin.source import sources as _sources
_parse = _sources._parse
def _spy(data, path):
    with open("parsed.txt", "a") as handle:
        handle.write(path + "\\n")
    return _parse(data, path)
_sources._parse = _spy
"""

PORTS = """\
from typing import Annotated, NamedTuple

from torch import Tensor

from neuraltypes import AcousticEncodedRepresentation, LengthsType, NeuralType, SpectrogramType

Spec = Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]
Encoded = Annotated[Tensor, NeuralType(("B", "D", "T"), AcousticEncodedRepresentation())]


class EncOut(NamedTuple):
    outputs: Encoded
    lengths: Annotated[Tensor, NeuralType(("B",), LengthsType())]
"""

#: No neural word anywhere: the ports come from ``ports.py`` by name.
ALIASED = """\
import torch
from torch import Tensor, nn

from ports import EncOut, Spec


class AliasedEncoder(nn.Module):
    def forward(self, audio: Spec, length: Tensor) -> EncOut:
        return EncOut(audio, length)
"""

#: Plain PyTorch: tensor ops on re-assigned locals, a helper, a plain container loop.
PLAIN = """\
import torch
from torch import Tensor, nn


def pad_time(x: Tensor, amount: int) -> Tensor:
    y = x
    y = torch.nn.functional.pad(y, (0, amount))
    return y.contiguous()


class Attention(nn.Module):
    def __init__(self, d: int) -> None:
        super().__init__()
        self.proj = nn.Linear(d, d)
        self.layers = [nn.Linear(d, d) for _ in range(2)]

    def forward(self, x: Tensor) -> Tensor:
        h = self.proj(x)
        h = h.transpose(1, 2)
        h = h.transpose(1, 2)
        for layer in self.layers:
            h = layer(h)
        return pad_time(h, 1)
"""

#: A ``ModuleList`` under another name, imported from a module that renamed it.
LAYERS = """\
from torch.nn import ModuleList as Layers
"""

BLOCKS = """\
from torch import Tensor, nn

from layers import Layers
from ports import Spec


class Block(nn.Module):
    def forward(self, x: Spec) -> Spec:
        return x


class Stack(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.blocks = Layers([Block() for _ in range(2)])

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:
            x = block(x)
        return x
"""

MODEL = """\
from typing import Annotated

import torch
from torch import Tensor

from aliased import AliasedEncoder
from blocks import Stack
from neuraltypes import LogprobsType, NeuralModule, NeuralType, SpectrogramType
from plain import Attention


class Model(NeuralModule):
    def __init__(self) -> None:
        super().__init__()
        self.enc = AliasedEncoder()
        self.att = Attention(4)
        self.stack = Stack()

    def forward(
        self,
        spec: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())],
        probs: Annotated[Tensor, NeuralType(("B", "T", "D"), LogprobsType())],
        length: Tensor,
    ) -> Tensor:
        self.enc(probs, length)  # E: probs into audio
        out = torch.zeros(2, 4, 8)
        out = self.enc(spec, length).outputs
        self.enc(out, length)  # E: encoded into audio, through the re-assigned variable
        self.stack(self.att(spec))
        self.stack.blocks[0](probs)  # E: probs into a block of the renamed ModuleList
        return out
"""


def _run(tmp_path: Path) -> tuple[list[Message], set[str]]:
    write_ini(tmp_path)
    files = {"ports": PORTS, "aliased": ALIASED, "plain": PLAIN, "layers": LAYERS}
    files.update(blocks=BLOCKS, model=MODEL)
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)
    messages = run_mypy(tmp_path, ["model.py"], tmp_path / "cache", prelude=SPY)
    parsed = {Path(line).stem for line in (tmp_path / "parsed.txt").read_text().split()}
    return [m for m in messages if m.code == "neural-type"], parsed


def test_plain_code_is_never_parsed_and_every_neural_path_still_is(tmp_path: Path) -> None:
    errors, parsed = _run(tmp_path)
    lines = sorted(m.line for m in errors)
    expected = [n for n, text in enumerate(MODEL.splitlines(), 1) if "# E:" in text]
    assert lines == expected, errors
    assert "plain" not in parsed  # no port, no carrier, no container: never read
    # ports through an alias and a NamedTuple, a renamed ModuleList, a re-assigned variable
    assert {"ports", "aliased", "blocks", "model"} <= parsed


def test_a_warm_run_reports_what_the_cold_one_did(tmp_path: Path) -> None:
    cold, _ = _run(tmp_path)
    (tmp_path / "parsed.txt").unlink()
    warm = run_mypy(tmp_path, ["model.py"], tmp_path / "cache", prelude=SPY)
    assert [m for m in warm if m.code == "neural-type"] == cold
