"""A NeMo module, migrated, still gives NeMo the same port dicts (NeMo itself not needed).

A stand-in ``nemo`` package (NeMo's vocabulary traits that matter here: an unhashable
``NeuralType``, a ``typecheck`` that reads the properties on every call) is written to a temp
folder; the real round trip on an installed NeMo runs its own ASR tests
(``benchmarks/nemo_roundtrip.py``; the last test here, skipped without NeMo).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from neuraltypes.codemods._runner import migrate_source

ROOT = Path(__file__).resolve().parents[2]

FAKE_NEMO = {
    "nemo/__init__.py": "",
    "nemo/core/__init__.py": "",
    "nemo/core/neural_types/__init__.py": """
        class ElementType:
            def __eq__(self, other):
                return type(self) is type(other)
            __hash__ = None
        class LengthsType(ElementType): pass
        class SpectrogramType(ElementType): pass
        class NeuralType:  # NeMo's: __eq__ without __hash__ (unhashable)
            def __init__(self, axes=None, elements_type=None, optional=False):
                self.axes, self.elements_type, self.optional = axes, elements_type, optional
            def __eq__(self, other):
                return isinstance(other, NeuralType) and vars(self) == vars(other)
            def __repr__(self):
                return f"NT({self.axes}, {type(self.elements_type).__name__}, {self.optional})"
        NeuralType.__module__ = "nemo.core.neural_types.neural_type"
    """,
    "nemo/core/classes/__init__.py": """
        import functools
        import torch
        class NeuralModule(torch.nn.Module):
            @property
            def input_types(self):
                return None
            @property
            def output_types(self):
                return None
        def typecheck():
            def deco(fn):
                @functools.wraps(fn)
                def wrapper(self, **kwargs):
                    declared = self.input_types or {}
                    unknown = set(kwargs) - set(declared)
                    if unknown:
                        raise TypeError(f"no input_type match for {sorted(unknown)}")
                    return fn(self, **kwargs)
                return wrapper
            return deco
    """,
}

MODULE = '''
from collections import OrderedDict
from typing import Optional

import torch
from nemo.core.classes import NeuralModule, typecheck
from nemo.core.neural_types import LengthsType, NeuralType, SpectrogramType


class Encoder(NeuralModule):
    @property
    def input_types(self):
        """Input ports."""
        return OrderedDict(
            {
                "audio_signal": NeuralType(("B", "D", "T"), SpectrogramType()),
                "length": NeuralType(tuple("B"), LengthsType()),
                "cache": NeuralType(("B", "D", "T"), SpectrogramType(), optional=True),
            }
        )

    @property
    def output_types(self):
        return OrderedDict(
            {
                "outputs": NeuralType(("B", "D", "T"), SpectrogramType()),
                "encoded_lengths": NeuralType(tuple("B"), LengthsType()),
            }
        )

    @typecheck()
    def forward(self, audio_signal, length, cache: Optional[torch.Tensor] = None):
        return audio_signal, length
'''

PROBE = """
import importlib, json, sys, torch
mod = importlib.import_module(sys.argv[1])
enc = mod.Encoder()
out = enc(audio_signal=torch.zeros(1, 2, 3), length=torch.tensor([3]))
print(json.dumps({
    "in": [[k, repr(v)] for k, v in enc.input_types.items()],
    "out": [[k, repr(v)] for k, v in enc.output_types.items()],
    "shapes": [list(t.shape) for t in out],
}))
"""


def _probe(folder: Path, module: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, module], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_migrated_nemo_module_gives_nemo_the_same_ports(tmp_path: Path) -> None:
    for name, text in FAKE_NEMO.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    result = migrate_source(MODULE.encode(), "encoder.py")
    assert result.new is not None and result.moved == 5 and not result.warnings
    migrated = result.new.decode()
    assert "return input_types_of(Encoder.forward)" in migrated
    assert "Optional[torch.Tensor], NeuralType(" in migrated  # None inside: unhashable
    (tmp_path / "before.py").write_text(MODULE)
    (tmp_path / "after.py").write_text(migrated)
    before, after = _probe(tmp_path, "before"), _probe(tmp_path, "after")
    assert before == after
    assert [k for k, _ in after["in"]] == ["audio_signal", "length", "cache"]  # type: ignore[union-attr]
    again = migrate_source(result.new, "encoder.py")
    assert again.new is None and not again.warnings  # a second run: nothing to do


NEMO_PYTHON = os.environ.get("NEURALTYPES_NEMO_PYTHON", "")
NEMO_TESTS = os.environ.get("NEURALTYPES_NEMO_TESTS", "")


@pytest.mark.skipif(
    not (NEMO_PYTHON and NEMO_TESTS),
    reason="set NEURALTYPES_NEMO_PYTHON (a Python with nemo-toolkit[asr]) and "
    "NEURALTYPES_NEMO_TESTS (a NeMo checkout's tests/) to run NeMo's own ASR tests",
)
def test_nemo_asr_tests_pass_on_the_migrated_modules() -> None:  # pragma: no cover (needs NeMo)
    extra = os.environ.get("NEURALTYPES_NEMO_EXTRA_PATH", "")
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "nemo_roundtrip.py"),
        "--nemo-python",
        NEMO_PYTHON,
        "--nemo-tests",
        NEMO_TESTS,
        "--tests",
        "test_asr_modules.py",
    ]
    if extra:
        cmd += ["--extra-path", extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["outcomes_differ"] == [] and report["annotated_share"] >= 0.6
