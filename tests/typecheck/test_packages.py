"""Classes are checked in every user package, whatever its name starts with."""

from __future__ import annotations

from pathlib import Path

from .runner import run_mypy, write_ini

MODELS = """
from typing import Annotated
from torch import Tensor, nn
from neuraltypes import LengthsType, NeuralType, SpectrogramType

class Encoder(nn.Module):
    def forward(self, x: Annotated[Tensor, NeuralType(("B", "D", "T"), SpectrogramType())]) -> None:
        ...

class Lengths(nn.Module):
    def forward(self) -> Annotated[Tensor, NeuralType(("B",), LengthsType())]:
        raise NotImplementedError

def run(enc: Encoder, lengths: Lengths) -> None:
    enc(lengths())
"""


def test_a_package_named_like_torch_is_checked(tmp_path: Path, mypy_cache: Path) -> None:
    for package in ("torchasr", "mypyish", "typing_tools"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()
        (tmp_path / package / "models.py").write_text(MODELS)
    write_ini(tmp_path)
    messages = run_mypy(tmp_path, ["torchasr", "mypyish", "typing_tools"], mypy_cache)
    mismatches = sorted(
        Path(m.path).parent.name for m in messages if m.text.startswith("Neural type mismatch")
    )
    assert mismatches == ["mypyish", "torchasr", "typing_tools"], messages
